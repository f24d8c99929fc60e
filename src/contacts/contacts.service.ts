import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { toAttachmentView } from '../attachments/attachments.service';
import { notFound } from '../common/domain-error';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import type { ContactPage, ContactSummaryView, ContactView, ListContactsQuery } from './contact.dto';
import { Contact } from './contact.entity';

const summary = (c: Contact): ContactSummaryView => ({
  id: c.id,
  medium: c.medium,
  source: c.source,
  status: c.status,
  channel: c.channel,
  channelReason: c.channelReason,
  inquiryType: c.inquiryType,
  language: c.language,
  from: { name: c.fromName, email: c.fromEmail, phone: c.fromPhone, company: c.fromCompany },
  subject: c.subject,
  productLine: c.productLine,
  personId: c.personId,
  customerId: c.customerId,
  assignedAgentId: c.assignedAgentId,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/** Staff's read side of contacts. */
@Injectable()
export class ContactsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<ContactView> {
    // One snapshot for the three reads: a follow-up committing in between must not show its
    // attachment without its timeline event (or the other way round).
    const { contact, timeline, attachments } = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const found = await m.getRepository(Contact).findOne({
        where: { id },
        relations: { person: true, customer: true },
      });
      if (!found) throw notFound('contact', id);
      return {
        contact: found,
        timeline: await m.getRepository(TimelineEvent).find({ where: { contactId: id }, order: { id: 'ASC' } }),
        attachments: await m.getRepository(Attachment).find({ where: { contactId: id }, order: { createdAt: 'ASC' } }),
      };
    });
    const { person, customer } = contact;
    return {
      ...summary(contact),
      body: contact.body,
      consent: contact.consent,
      person: person ? { id: person.id, name: person.name, email: person.email, phone: person.phone } : null,
      customer: customer
        ? {
            id: customer.id,
            name: customer.name,
            domain: customer.domain,
            relationshipOwnerId: customer.relationshipOwnerId,
          }
        : null,
      attachments: attachments.map(toAttachmentView),
      assignment: contact.assignedAgentId ? { agentId: contact.assignedAgentId } : null,
      timeline: timeline.map((e) => ({
        id: e.id,
        type: e.type,
        actor: e.actor,
        data: e.data,
        occurredAt: e.occurredAt,
      })),
    };
  }

  /** Newest first, keyset-paginated (stable under concurrent inserts). */
  async list(query: ListContactsQuery): Promise<ContactPage> {
    const limit = query.limit ?? 50;
    const qb = this.dataSource.getRepository(Contact).createQueryBuilder('c');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.channel) qb.andWhere('c.channel = :channel', { channel: query.channel });
    if (query.medium) qb.andWhere('c.medium = :medium', { medium: query.medium });
    if (query.personId) qb.andWhere('c.person_id = :personId', { personId: query.personId });
    if (query.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: query.customerId });
    if (query.cursor) {
      qb.andWhere('(c.created_at, c.id) < (SELECT created_at, id FROM contact WHERE id = :cursor)', {
        cursor: query.cursor,
      });
    }
    const rows = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit).map(summary);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }
}
