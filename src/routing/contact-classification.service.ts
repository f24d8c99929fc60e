import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProductLine } from '../catalog/product-line.entity';
import { Contact } from '../contacts/contact.entity';
import { IdentityService } from '../identity/identity.service';
import { writeOutbox } from '../outbox/outbox';
import { JobName } from '../queues/queue.constants';
import { appendTimeline } from '../timeline/timeline';
import { classifyChannel } from './domain/classify-channel';

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
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
  ) {}

  async process(contactId: string): Promise<ProcessOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await manager
        .getRepository(Contact)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :contactId', { contactId })
        .getOne();
      if (!contact) {
        this.logger.warn({ contactId }, 'contact to process does not exist');
        return 'missing';
      }
      if (contact.status !== 'received') return 'already_processed';

      const identity = await this.identity.resolve(manager, {
        name: contact.fromName,
        email: contact.fromEmail,
        phone: contact.fromPhone,
        company: contact.fromCompany,
      });
      const productLine = contact.productLine
        ? await manager.getRepository(ProductLine).findOneBy({ code: contact.productLine, active: true })
        : null;
      const decision = classifyChannel({
        inquiryType: contact.inquiryType,
        medium: contact.medium,
        productLine: productLine ? { code: productLine.code, complexity: productLine.complexity } : null,
        ...(contact.productLine && !productLine ? { unknownProductLine: contact.productLine } : {}),
        customer: identity.customer
          ? { known: !identity.customerCreated, relationshipOwnerId: identity.customer.relationshipOwnerId }
          : null,
      });

      await manager.getRepository(Contact).update(
        { id: contact.id },
        {
          personId: identity.person?.id ?? null,
          customerId: identity.customer?.id ?? null,
          channel: decision.channel,
          channelReason: decision.reason,
          status: 'queued',
        },
      );
      await appendTimeline(
        manager,
        {
          type: 'contact.identified',
          actor: 'system',
          contactId: contact.id,
          personId: identity.person?.id ?? null,
          data: {
            personId: identity.person?.id ?? null,
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
          personId: identity.person?.id ?? null,
          data: { channel: decision.channel, rule: decision.rule, reason: decision.reason },
        },
        {
          type: 'contact.status_changed',
          actor: 'system',
          contactId: contact.id,
          personId: identity.person?.id ?? null,
          data: { from: 'received', to: 'queued' },
        },
      );
      // Queued: offer it to an agent. Written in this transaction, so a queued contact always has
      // its dispatch coming, whatever crashes after the commit.
      await writeOutbox(manager, JobName.DispatchContact, `${JobName.DispatchContact}.${contact.id}.queued`, {
        contactId: contact.id,
        cause: 'queued',
      });
      return 'classified';
    });
  }
}
