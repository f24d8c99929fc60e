import { Injectable } from '@nestjs/common';
import { AttachmentRepository } from '../attachments/attachment.repository';
import { toAttachmentView } from '../attachments/attachments.service';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { notFound } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { normalizePhone } from '../identity/normalize';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import type { ContactPage, ContactSummaryView, ContactView, ListContactsQuery } from './contact.dto';
import { ContactRepository, ContactSummary } from './contact.repository';
import { searchTermsOf } from './domain/contact-search';

const summary = (c: ContactSummary): ContactSummaryView => ({
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
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly timeline: TimelineRepository,
    private readonly attachments: AttachmentRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The contact, when the caller may see it (access policy); otherwise 404, as if there were none. */
  async get(id: string, viewer: Principal): Promise<ContactView> {
    // One snapshot for the three reads: a follow-up committing in between must not show its
    // attachment without its timeline event (or the other way round).
    const { contact, timeline, attachments } = await this.unitOfWork.run(
      async () => {
        const found = await this.contacts.findDetail(id, scopeOf(viewer));
        if (!found) throw notFound('contact', id);
        return {
          contact: found,
          timeline: await this.timeline.forContact(id),
          attachments: await this.attachments.forContact(id),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
    return {
      ...summary(contact),
      body: contact.body,
      consent: contact.consent,
      person: contact.person,
      customer: contact.customer,
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

  /** The caller's contacts, newest first, keyset-paginated (stable under concurrent inserts). */
  async list(query: ListContactsQuery, viewer: Principal): Promise<ContactPage> {
    const limit = query.limit ?? 50;
    const { q, ...filters } = query;
    const search = q ? searchTermsOf(q, (text) => normalizePhone(text, this.config.DEFAULT_PHONE_REGION)) : undefined;
    const rows = await this.contacts.list({ ...filters, search, limit: limit + 1 }, scopeOf(viewer));
    const items = rows.slice(0, limit).map(summary);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }
}
