import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactRepository } from '../../contacts/contact.repository';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { AgentNotifier, OfferEvent } from '../agent-notifier';
import { AgentProfileRepository } from '../agents/agent-profile.repository';
import { AgentRoster } from '../agents/agent-roster.service';
import {
  AgentState,
  canTake,
  ContactToRoute,
  orderQueue,
  PreferredAgent,
  selectAgent,
} from '../domain/agent-selection';
import { AssignmentRepository } from './assignment.repository';
import { OfferRepository } from './offer.repository';
import { OffersService } from './offers.service';
import { preferenceOf, RoutableContact, toRoute, withPriorityReason } from './routable-contact';

/** How many waiting contacts an agent who becomes free is matched against, oldest first. */
const WAITING_SCAN_LIMIT = 500;
/** Re-selections when the chosen agent turned out full or away once locked. */
const SELECTION_ATTEMPTS = 3;
/**
 * Agents a dispatch tries to claim without waiting before it waits for one: with that many
 * concurrent dispatches on one skill group, spreading further gains little.
 */
const CLAIM_ATTEMPTS = 8;

/** The dispatch job's result (kept by BullMQ): why a contact waits is logged and visible here. */
export interface ContactDispatchOutcome {
  outcome: 'offered' | 'waiting' | 'not_queued';
  agentId?: string;
  reason?: string;
}

/**
 * Event-driven dispatch, never a polling loop:
 * - a contact is queued (classified, declined, expired, revoked, re-routed) -> `dispatchContact`
 *   offers it to the best available agent, or leaves it waiting in its queue;
 * - an agent gets room (goes available, declines, ends an assignment) -> `dispatchAgent` offers
 *   the agent the waiting contacts it can take, highest priority first (orderQueue: medium,
 *   segment, aging).
 * Both are triggered by outbox jobs written in the transaction that caused the event.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly offerRecords: OfferRepository,
    private readonly assignments: AssignmentRepository,
    private readonly profiles: AgentProfileRepository,
    private readonly roster: AgentRoster,
    private readonly offers: OffersService,
    private readonly jobs: JobQueue,
    private readonly notifier: AgentNotifier,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * The contacts as routing sees them, each with the target segments of the line it asks about,
   * read with the contact (ROUTABLE_COLUMNS): no catalog query inside the dispatch's locked unit.
   */
  private routes(contacts: readonly RoutableContact[]): ContactToRoute[] {
    return contacts.map((c) => toRoute(c, c.target_segments ?? []));
  }

  /**
   * Offers a queued contact to the best available agent, or leaves it waiting. `inPlaceOf`: the
   * cause of the DispatchContact job this call does the work of (enqueued as a fallback timer by
   * whoever queued the contact): that job is settled in this unit, so it only runs if this does not
   * commit.
   */
  async dispatchContact(contactId: string, inPlaceOf?: string): Promise<ContactDispatchOutcome> {
    const result = await this.unitOfWork.run(async (): Promise<ContactDispatchOutcome> => {
      if (inPlaceOf) await this.jobs.settle(JobName.DispatchContact, { contactId, cause: inPlaceOf });
      const contact = await this.contacts.lockRoutable(contactId);
      if (contact?.status !== 'queued') return { outcome: 'not_queued' };
      const [route] = this.routes([contact]);
      const excludeAgentIds = await this.offerRecords.triedAgents(contactId, this.config.OFFER_RETRY_AFTER_SECONDS);
      const preferred = await this.preferenceFor(contact);
      let agents = await this.roster.available();
      // Agents another dispatch was offering to when this one tried to claim them.
      let contended: AgentState[] = [];
      let waitForLock = false;

      for (let attempt = 0; attempt < SELECTION_ATTEMPTS + CLAIM_ATTEMPTS; attempt++) {
        let selection = selectAgent(agents, route, { excludeAgentIds, preferred });
        if (selection.agent === null && contended.length > 0) {
          // Everyone left was being offered to at that instant: wait for the best of them after all.
          agents = contended;
          contended = [];
          waitForLock = true;
          selection = selectAgent(agents, route, { excludeAgentIds, preferred });
        }
        // Waiting is not a state change, so not a timeline event: the contact stays queued.
        if (selection.agent === null) {
          if (excludeAgentIds.length > 0) await this.retryWhenExclusionsLapse(contactId);
          return { outcome: 'waiting', reason: selection.reason };
        }
        const chosen = selection.agent;
        // Claim the agent: without waiting when another dispatch holds them, so concurrent
        // dispatches spread over the candidates instead of convoying on the longest-idle agent's
        // lock. The preferred agent is waited for (they are the point of the preference), and so
        // is everyone once CLAIM_ATTEMPTS agents were contended.
        const wait = waitForLock || chosen.id === preferred?.agentId || attempt >= CLAIM_ATTEMPTS;
        if (wait) await this.profiles.lockCapacity(chosen.id);
        else if (!(await this.profiles.tryLockCapacity(chosen.id))) {
          contended.push(chosen);
          agents = agents.filter((a) => a.id !== chosen.id);
          continue;
        }
        // The roster was read without locks; re-read the chosen agent under its lock before offering.
        const fresh = await this.roster.state(chosen.id);
        if (fresh && canTake(fresh, route, preferred?.agentId)) {
          const reason = withPriorityReason(selection.reason, route);
          const event = await this.offers.create(contact, fresh, reason, 'contact_queued');
          this.unitOfWork.afterCommit(() => this.send(chosen.id, event));
          return { outcome: 'offered', agentId: chosen.id, reason: event.reason };
        }
        agents = agents.map((a) => (a.id === chosen.id ? fresh : a)).filter((a): a is AgentState => a !== null);
      }
      return { outcome: 'waiting', reason: 'agents changed while being chosen; the next event retries' };
    });

    if (result.outcome === 'waiting') {
      this.logger.log({ contactId, reason: result.reason }, 'contact waits');
      // A newly queued contact nobody can take yet sends no event, but it is what supervisors watch.
      this.notifier.changed('contact_waiting');
    }
    return result;
  }

  private async preferenceFor(contact: RoutableContact): Promise<PreferredAgent | null> {
    return preferenceOf(contact, await this.lastAgentIfPreferred(contact));
  }

  private lastAgentIfPreferred(contact: RoutableContact): Promise<string | null> {
    return contact.prefer_last_agent ? this.assignments.lastAgentOf(contact.id) : Promise.resolve(null);
  }

  /**
   * A contact that waits because the agents who could take it all passed on it lately: nothing else
   * may happen to wake it (a quiet team, one agent), so dispatch it again when the retry window
   * lapses. One job per window and contact (the cause names the window).
   */
  private async retryWhenExclusionsLapse(contactId: string): Promise<void> {
    const windowMs = this.config.OFFER_RETRY_AFTER_SECONDS * 1000;
    const runAt = this.clock.in(windowMs);
    const window = Math.floor(runAt.getTime() / windowMs);
    await this.jobs.enqueue(JobName.DispatchContact, { contactId, cause: `retry-${window}` }, { runAt });
  }

  /** Offers an agent with room the waiting contacts they can take, best first; returns how many. */
  async dispatchAgent(agentId: string): Promise<number> {
    let agent = await this.roster.state(agentId);
    if (agent?.presence !== 'available') return 0;
    const waiting = await this.offerRecords.waitingFor(
      agentId,
      WAITING_SCAN_LIMIT,
      this.config.OFFER_RETRY_AFTER_SECONDS,
    );
    const ordered = orderQueue(this.routes(waiting), this.clock.nowMs());
    // Contacts that prefer this agent (their account's owner, their last agent) waive skills for them.
    const preferringMe = new Set<string>();
    for (const contact of waiting) {
      if (preferenceOf(contact, await this.lastAgentIfPreferred(contact))?.agentId === agentId) {
        preferringMe.add(contact.id);
      }
    }
    let offered = 0;

    for (const candidate of ordered) {
      const preferredId = preferringMe.has(candidate.id) ? agentId : null;
      if (!agent || !canTake(agent, candidate, preferredId)) continue;
      const result = await this.offerOne(agent, candidate, ordered.length, preferredId);
      agent = result.agent;
      if (result.offered) offered++;
      if (agent?.presence !== 'available') break;
    }
    return offered;
  }

  /**
   * Offers one waiting contact to the agent, in its own unit of work; returns the agent as it is
   * afterwards (with the new offer counted), or as found when the contact went elsewhere.
   */
  private offerOne(
    agent: AgentState,
    candidate: ContactToRoute,
    waitingCount: number,
    preferredId: string | null,
  ): Promise<{ offered: boolean; agent: AgentState | null }> {
    return this.unitOfWork.run(async () => {
      // Another process routing this contact right now has it; skip rather than wait.
      const contact = await this.contacts.lockRoutable(candidate.id, { skipLocked: true });
      if (contact?.status !== 'queued') return { offered: false, agent };
      await this.profiles.lockCapacity(agent.id);
      const fresh = await this.roster.state(agent.id);
      if (!fresh || !canTake(fresh, candidate, preferredId)) return { offered: false, agent: fresh };
      const reason = withPriorityReason(
        `agent has room: the highest-priority waiting contact they can serve (of ${waitingCount} waiting)`,
        candidate,
      );
      const event = await this.offers.create(contact, fresh, reason, 'agent_free');
      this.unitOfWork.afterCommit(() => this.send(agent.id, event));
      const load = { ...fresh.load, [candidate.medium]: (fresh.load[candidate.medium] ?? 0) + 1 };
      return { offered: true, agent: { ...fresh, load } };
    });
  }

  private send(agentId: string, event: OfferEvent): void {
    this.notifier.toUser(agentId, 'offer', event);
    this.logger.log({ agentId, offerId: event.offerId, contactId: event.contactId }, 'offer sent');
  }
}
