import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { AgentNotifier, OfferEvent } from '../agent-notifier';
import { AgentRoster } from '../agents/agent-roster.service';
import { AgentState, eligible, orderQueue, selectAgent } from '../domain/agent-selection';
import { lockAgent } from '../locks';
import { OffersService } from './offers.service';
import { lockContact, toRoute, triedAgents, waitingContacts } from './routable-contact';

/** How many waiting contacts an agent who becomes free is matched against, oldest first. */
const WAITING_SCAN_LIMIT = 500;
/** Re-selections when the chosen agent turned out full or away once locked. */
const SELECTION_ATTEMPTS = 3;

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
    private readonly dataSource: DataSource,
    private readonly roster: AgentRoster,
    private readonly offers: OffersService,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async dispatchContact(contactId: string): Promise<ContactDispatchOutcome> {
    const result = await this.dataSource.transaction(async (manager) => {
      const contact = await lockContact(manager, contactId);
      if (contact?.status !== 'queued') return { outcome: 'not_queued' as const };
      const route = toRoute(contact);
      const excludeAgentIds = await triedAgents(manager, contactId, this.config.OFFER_RETRY_AFTER_SECONDS);
      let agents = await this.roster.available(manager);

      for (let attempt = 0; attempt < SELECTION_ATTEMPTS; attempt++) {
        const selection = selectAgent(agents, route, { excludeAgentIds });
        // Waiting is not a state change, so not a timeline event: the contact stays queued.
        if (selection.agent === null) {
          if (excludeAgentIds.length > 0) await this.retryWhenExclusionsLapse(manager, contactId);
          return { outcome: 'waiting' as const, reason: selection.reason };
        }
        const chosen = selection.agent;
        // The roster was read without locks; re-read the chosen agent under its lock before offering.
        await lockAgent(manager, chosen.id);
        const fresh = await this.roster.state(manager, chosen.id);
        if (fresh && eligible(fresh, route)) {
          const event = await this.offers.create(manager, contact, fresh, selection.reason, 'contact_queued');
          return { outcome: 'offered' as const, event, agentId: chosen.id };
        }
        agents = agents.map((a) => (a.id === chosen.id ? fresh : a)).filter((a): a is AgentState => a !== null);
      }
      return { outcome: 'waiting' as const, reason: 'agents changed while being chosen; the next event retries' };
    });

    if (result.outcome === 'offered') {
      this.send(result.agentId, result.event);
      return { outcome: 'offered', agentId: result.agentId, reason: result.event.reason };
    }
    if (result.outcome === 'waiting') {
      this.logger.log({ contactId, reason: result.reason }, 'contact waits');
      // A newly queued contact nobody can take yet sends no event, but it is what supervisors watch.
      this.notifier.changed('contact_waiting');
    }
    return result;
  }

  /**
   * A contact that waits because the agents who could take it all passed on it lately: nothing else
   * may happen to wake it (a quiet team, one agent), so dispatch it again when the retry window
   * lapses. One job per window and contact (the id names the window).
   */
  private async retryWhenExclusionsLapse(manager: EntityManager, contactId: string): Promise<void> {
    const windowMs = this.config.OFFER_RETRY_AFTER_SECONDS * 1000;
    const runAt = new Date(Date.now() + windowMs);
    const window = Math.floor(runAt.getTime() / windowMs);
    await writeOutbox(
      manager,
      JobName.DispatchContact,
      `${JobName.DispatchContact}.${contactId}.retry-${window}`,
      { contactId, cause: `retry-${window}` },
      { runAt },
    );
  }

  /** Offers an agent with room the waiting contacts they can take, best first; returns how many. */
  async dispatchAgent(agentId: string): Promise<number> {
    let agent = await this.roster.state(this.dataSource.manager, agentId);
    if (agent?.presence !== 'available') return 0;
    const waiting = await waitingContacts(
      this.dataSource.manager,
      agentId,
      WAITING_SCAN_LIMIT,
      this.config.OFFER_RETRY_AFTER_SECONDS,
    );
    const ordered = orderQueue(waiting.map(toRoute), Date.now());
    let offered = 0;

    for (const candidate of ordered) {
      if (!agent || !eligible(agent, candidate)) continue;
      const result = await this.dataSource.transaction(async (manager) => {
        // Another process routing this contact right now has it; skip rather than wait.
        const contact = await lockContact(manager, candidate.id, { skipLocked: true });
        if (contact?.status !== 'queued') return { event: null, agent };
        await lockAgent(manager, agentId);
        const fresh = await this.roster.state(manager, agentId);
        if (!fresh || !eligible(fresh, candidate)) return { event: null, agent: fresh };
        const reason = `agent has room: the highest-priority waiting contact they can serve (of ${ordered.length} waiting)`;
        const event = await this.offers.create(manager, contact, fresh, reason, 'agent_free');
        return {
          event,
          agent: { ...fresh, load: { ...fresh.load, [candidate.medium]: (fresh.load[candidate.medium] ?? 0) + 1 } },
        };
      });
      agent = result.agent;
      if (result.event) {
        offered++;
        this.send(agentId, result.event);
      }
      if (agent?.presence !== 'available') break;
    }
    return offered;
  }

  private send(agentId: string, event: OfferEvent): void {
    this.notifier.toUser(agentId, 'offer', event);
    this.logger.log({ agentId, offerId: event.offerId, contactId: event.contactId }, 'offer sent');
  }
}
