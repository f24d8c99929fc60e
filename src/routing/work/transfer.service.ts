import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { DomainError, notFound } from '../../common/domain-error';
import { ContactRepository, type RoutableContact } from '../../contacts/contact.repository';
import type { SalesChannel } from '../../contacts/contact.types';
import { contactToWork } from '../../contacts/notes/contact-work-access';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier, OfferEvent } from '../agent-notifier';
import { AgentProfileRepository } from '../agents/agent-profile.repository';
import { AgentRosterRepository, takesOffers } from '../agents/agent-roster.repository';
import { AgentRoster } from '../agents/agent-roster.service';
import { AgentState, whyIneligibleAsPreferred } from '../domain/agent-selection';
import { AssignmentRepository } from '../offers/assignment.repository';
import { OffersService } from '../offers/offers.service';
import { toRoute } from '../offers/routable-contact';

export type TransferTarget = { agentId: string; channel?: undefined } | { channel: SalesChannel; agentId?: undefined };

export type TransferResult =
  | { contactId: string; status: 'offered'; agentId: string; offerId: string }
  | { contactId: string; status: 'queued'; channel: SalesChannel };

/** Why an agent cannot take a transferred contact now, in words for the 409. */
const UNABLE: Record<string, string> = {
  not_available: 'is away or offline',
  medium: 'does not serve this medium',
  at_capacity: 'is at capacity',
};

/**
 * Transfer: the agent working a contact (or an overseer) passes it on, to one agent (an offer
 * with reason `transfer`) or back to a channel's queue. The assignment ends in the same unit of
 * work, and the transferring agent counts as having passed on the contact for the retry window
 * (assignment.end_reason `transferred ...`), so routing does not hand it straight back.
 *
 * An agent who cannot take the contact now (away, offline, full) is refused with 409 and nothing
 * changes: the caller picks someone else or the channel's queue, rather than the contact waiting
 * on one person. The target is held to the preferred-agent rule (available, serves the medium,
 * has room; skills waived: whoever transfers chose that person). If the target declines or lets
 * the offer expire, the contact goes back to its queue and normal routing takes over.
 *
 * Concurrency: the contact row is locked first and must be `assigned`; a second transfer, or an
 * end racing this one, finds it no longer assigned and answers 409. Lock order is the offers'
 * (contact row, then the target agent's capacity lock).
 */
@Injectable()
export class TransferService {
  private readonly logger = new Logger(TransferService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly assignments: AssignmentRepository,
    private readonly profiles: AgentProfileRepository,
    private readonly staff: AgentRosterRepository,
    private readonly roster: AgentRoster,
    private readonly offers: OffersService,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly notifier: AgentNotifier,
  ) {}

  transfer(principal: Principal, contactId: string, target: TransferTarget): Promise<TransferResult> {
    return this.unitOfWork.run(async () => {
      await contactToWork(this.contacts, contactId, principal);
      const contact = await this.contacts.lockRoutable(contactId);
      if (!contact) throw notFound('contact', contactId);
      const assignment = await this.assignments.activeFor(contactId);
      if (contact.status !== 'assigned' || !assignment) {
        throw new DomainError('conflict', `contact ${contactId} is ${contact.status}, not assigned to an agent`);
      }
      const by = await this.staff.staffMember(principal.id);
      const byName = by?.name ?? principal.email;
      const toAgent = target.agentId !== undefined ? await this.targetAgent(target.agentId, contact, assignment) : null;

      const reason = toAgent ? `transferred to agent ${toAgent.id}` : `transferred to ${target.channel} queue`;
      await this.assignments.end(assignment.id, reason);
      await this.profiles.markIdle(assignment.agentId);
      await this.jobs.enqueue(JobName.DispatchAgent, { agentId: assignment.agentId, cause: `after.${assignment.id}` });
      await this.contacts.transition(
        contactId,
        'transfer',
        target.channel ? { channel: target.channel, channelReason: `transferred by ${byName}` } : {},
      );
      await this.timeline.append(
        {
          type: 'assignment.ended',
          actor: `user:${principal.id}`,
          contactId,
          personId: contact.person_id,
          data: { assignmentId: assignment.id, agentId: assignment.agentId, reason, status: 'queued' },
        },
        {
          type: 'contact.transferred',
          actor: `user:${principal.id}`,
          contactId,
          personId: contact.person_id,
          data: {
            fromAgentId: assignment.agentId,
            byId: principal.id,
            byName,
            ...(toAgent
              ? { toAgentId: toAgent.id }
              : { channel: target.channel ?? null, fromChannel: contact.channel }),
          },
        },
      );

      let result: TransferResult;
      if (toAgent) {
        const queued = await this.contacts.lockRoutable(contactId);
        if (!queued) throw notFound('contact', contactId);
        const event = await this.offers.create(queued, toAgent, 'transfer', 'transfer', {
          id: principal.id,
          name: byName,
        });
        this.unitOfWork.afterCommit(() => this.sendOffer(toAgent.id, event));
        result = { contactId, status: 'offered', agentId: toAgent.id, offerId: event.offerId };
      } else {
        const channel = target.channel as SalesChannel;
        await this.jobs.enqueue(JobName.DispatchContact, { contactId, cause: `transfer.${assignment.id}` });
        result = { contactId, status: 'queued', channel };
      }
      this.unitOfWork.afterCommit(() => {
        this.logger.log({ ...result, fromAgentId: assignment.agentId, byId: principal.id }, 'contact transferred');
        this.notifier.changed('contact_transferred');
      });
      return result;
    });
  }

  /** Whom a contact may be transferred to: active agents by name, with their presence now. */
  async targets(): Promise<{ id: string; name: string; presence: string }[]> {
    const members = await this.staff.transferTargets();
    const states = await Promise.all(members.map((m) => this.roster.state(m.id)));
    return members.map((m, i) => ({ ...m, presence: states[i]?.presence ?? 'offline' }));
  }

  /** The agent named by the transfer, locked and checked: 404 unknown, 400 not an agent, 409 cannot take it now. */
  private async targetAgent(
    agentId: string,
    contact: RoutableContact,
    assignment: { agentId: string },
  ): Promise<AgentState> {
    const member = await this.staff.staffMember(agentId);
    if (!member) throw notFound('agent', agentId);
    if (!takesOffers(member)) {
      throw new DomainError('validation_failed', `user ${agentId} is not an active agent`, [
        { field: 'agentId', message: 'is not an active agent' },
      ]);
    }
    if (agentId === assignment.agentId) {
      throw new DomainError('validation_failed', `agent ${agentId} already holds contact ${contact.id}`, [
        { field: 'agentId', message: 'already holds this contact' },
      ]);
    }
    await this.profiles.lockCapacity(agentId);
    const state = await this.roster.state(agentId);
    const why = state ? whyIneligibleAsPreferred(state, toRoute(contact)) : 'not_available';
    if (!state || why !== null) {
      throw new DomainError(
        'conflict',
        `agent ${agentId} cannot take the contact now: ${member.name} ${UNABLE[why ?? ''] ?? why}`,
        [{ field: 'agentId', message: UNABLE[why ?? ''] ?? String(why) }],
      );
    }
    return state;
  }

  private sendOffer(agentId: string, event: OfferEvent): void {
    this.notifier.toUser(agentId, 'offer', event);
    this.logger.log({ agentId, offerId: event.offerId, contactId: event.contactId }, 'transfer offer sent');
  }
}
