import { Injectable, OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { CustomerRepository } from '../identity/customer.repository';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { AgentNotifier } from '../routing/agent-notifier';
import type { ClosedMaturity } from '../routing/domain/maturity';
import { DealOutcomeListeners } from '../routing/leads/deal-outcome.listener';
import { type Lead, leadSummary } from '../routing/leads/lead';

/**
 * The customer-relationship specialist discovers the deal; the deal specialist owns it from the
 * handoff (DESIGN.md idea 1). When it is won or lost the account's relationship owner is told
 * (socket `deal:outcome` and a mail), so the relationship goes on with the result known.
 */
@Injectable()
export class RelationshipOwnerNotifier implements OnModuleInit {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly jobs: JobQueue,
    private readonly notifier: AgentNotifier,
    private readonly outcomes: DealOutcomeListeners,
  ) {}

  onModuleInit(): void {
    this.outcomes.register({
      name: 'relationship-owner',
      onDealClosed: (lead, result, by, reason) => this.tell(lead, result, by, reason),
    });
  }

  private async tell(lead: Lead, result: ClosedMaturity, byUserId: string, reason: string): Promise<void> {
    const account = lead.customerId ? await this.customers.findById(lead.customerId) : null;
    const ownerId = account?.relationshipOwnerId ?? null;
    // The one who closed it knows already.
    if (!ownerId || ownerId === byUserId) return;
    await this.jobs.enqueue(JobName.SendDealMail, { kind: 'deal_outcome', leadId: lead.id, recipientId: ownerId });
    const event = {
      leadId: lead.id,
      contactId: lead.contactId,
      result,
      amount: lead.amount,
      reason,
      summary: leadSummary(lead),
    };
    this.unitOfWork.afterCommit(() => this.notifier.toUser(ownerId, 'deal:outcome', event));
  }
}
