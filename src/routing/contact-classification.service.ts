import { Injectable, Logger } from '@nestjs/common';
import { ContactRecord, ContactRepository, ProductLineFacts } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { IdentityService, ResolvedIdentity } from '../identity/identity.service';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ChannelDecision, classifyChannel } from './domain/classify-channel';

export type ProcessOutcome = 'classified' | 'already_processed' | 'missing';

/**
 * Turns a received contact into a queued one: who is it (person, customer account), and which
 * non-face-to-face channel serves it. Idempotent: a contact past `received` is left alone, so a
 * redelivered job changes nothing.
 */
@Injectable()
export class ContactClassificationService {
  private readonly logger = new Logger(ContactClassificationService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly identity: IdentityService,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
  ) {}

  process(contactId: string): Promise<ProcessOutcome> {
    return this.unitOfWork.run(async () => {
      const locked = await this.contacts.lockForClassification(contactId);
      if (!locked) {
        this.logger.warn({ contactId }, 'contact to process does not exist');
        return 'missing';
      }
      const { contact, productLine } = locked;
      if (contact.status !== 'received') return 'already_processed';

      const identity = await this.identity.resolve({
        name: contact.fromName,
        email: contact.fromEmail,
        phone: contact.fromPhone,
        company: contact.fromCompany,
      });
      const decision = this.classify(contact, productLine, identity);
      const personId = identity.person?.id ?? null;
      await this.contacts.transition(contact.id, 'classify', {
        personId,
        customerId: identity.customer?.id ?? null,
        channel: decision.channel,
        channelReason: decision.reason,
      });
      await this.timeline.append(
        {
          type: 'contact.identified',
          actor: 'system',
          contactId: contact.id,
          personId,
          data: {
            personId,
            personCreated: identity.personCreated,
            customerId: identity.customer?.id ?? null,
            customerName: identity.customer?.name ?? null,
            customerCreated: identity.customerCreated,
            notes: identity.notes,
          },
        },
        {
          type: 'contact.classified',
          actor: 'system',
          contactId: contact.id,
          personId,
          data: { channel: decision.channel, rule: decision.rule, reason: decision.reason },
        },
        {
          type: 'contact.status_changed',
          actor: 'system',
          contactId: contact.id,
          personId,
          data: { from: 'received', to: 'queued' },
        },
      );
      // Queued: offer it to an agent. In this unit, so a queued contact always has its dispatch
      // coming, whatever crashes after the commit.
      await this.jobs.enqueue(JobName.DispatchContact, { contactId: contact.id, cause: 'queued' });
      return 'classified';
    });
  }

  private classify(
    contact: ContactRecord,
    productLine: ProductLineFacts | null,
    identity: ResolvedIdentity,
  ): ChannelDecision {
    return classifyChannel({
      inquiryType: contact.inquiryType,
      medium: contact.medium,
      productLine,
      ...(contact.productLine && !productLine ? { unknownProductLine: contact.productLine } : {}),
      customer: identity.customer
        ? { known: !identity.customerCreated, relationshipOwnerId: identity.customer.relationshipOwnerId }
        : null,
    });
  }
}
