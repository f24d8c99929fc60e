import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ContactRecord, ContactRepository, ProductLineFacts } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { IdentityService, ResolvedIdentity } from '../identity/identity.service';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ChannelDecision, classifyChannel } from './domain/classify-channel';
import { ContactDispatchOutcome, DispatchService } from './offers/dispatch.service';

export type ProcessOutcome = 'classified' | 'already_processed' | 'missing';

/** The intake job's result (kept by BullMQ): the classification, and the dispatch that followed it. */
export interface ClassificationResult {
  outcome: ProcessOutcome;
  /** Absent when nothing was classified, or when the dispatch failed and its fallback job will run. */
  dispatch?: ContactDispatchOutcome;
}

/** The cause of a newly queued contact's dispatch job. */
const QUEUED = 'queued';
/**
 * How long after its classification a contact's dispatch job falls due, as the fallback of the
 * dispatch done in line: only when that did not commit (the process died, PostgreSQL failed).
 */
export const DISPATCH_FALLBACK_MS = 10_000;

/**
 * Turns a received contact into a queued one: who is it (person, customer account), and which
 * non-face-to-face channel serves it, then offers it to an agent. Idempotent: a contact past
 * `received` is left alone, so a redelivered job changes nothing.
 *
 * The offer is made in line, right after the classification commits, by the same job: no further
 * outbox -> queue -> worker hop between a contact being queued and its offer. The classification's
 * unit still writes the dispatch job, as a timer DISPATCH_FALLBACK_MS ahead, so a queued contact
 * always has its dispatch coming whatever crashes after the commit; the dispatch in line settles
 * that job in its own unit (JobQueue.settle), so it is published only if the dispatch never committed.
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
    private readonly dispatch: DispatchService,
    private readonly clock: Clock,
  ) {}

  /** Classifies the contact, then, when it was queued now, offers it (the fallback job otherwise). */
  async processAndDispatch(contactId: string): Promise<ClassificationResult> {
    const outcome = await this.process(contactId);
    if (outcome !== 'classified') return { outcome };
    try {
      return { outcome, dispatch: await this.dispatch.dispatchContact(contactId, QUEUED) };
    } catch (error) {
      this.logger.warn(
        { contactId, err: (error as Error).message },
        'dispatch after classification failed; its fallback job will run it',
      );
      return { outcome };
    }
  }

  /** Identifies and classifies a received contact; writes its dispatch job as a fallback timer. */
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
      // coming, whatever crashes after the commit; due later, as the dispatch in line settles it.
      await this.jobs.enqueue(
        JobName.DispatchContact,
        { contactId: contact.id, cause: QUEUED },
        { runAt: this.clock.in(DISPATCH_FALLBACK_MS) },
      );
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
