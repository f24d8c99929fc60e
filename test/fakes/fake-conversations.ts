import type { Language } from '../../src/contacts/contact.types';
import type {
  NewReplyTemplate,
  ReplyMedium,
  ReplyTemplateRecord,
  ReplyTemplateRepository,
} from '../../src/conversations/reply-template.repository';
import type { OutboundStatus } from '../../src/conversations/domain/delivery-status';
import type {
  DeliveryProvider,
  DeliveryRecord,
  MessageDeliveryRepository,
} from '../../src/conversations/message-delivery.repository';
import { PermanentSendError } from '../../src/conversations/send-errors';
import { AcceptedSms, OutgoingSms, SmsGateway } from '../../src/conversations/sms-gateway';
import { fakeId } from './fake-contacts';
import type { Public } from './public';

/** The reply_template table in memory. */
export class FakeReplyTemplateRepository implements Public<ReplyTemplateRepository> {
  readonly rows: ReplyTemplateRecord[] = [];

  add(template: Partial<ReplyTemplateRecord> & Pick<ReplyTemplateRecord, 'medium' | 'body'>): ReplyTemplateRecord {
    const row: ReplyTemplateRecord = {
      id: fakeId(),
      name: 'template',
      language: 'en',
      subject: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...template,
    };
    this.rows.push(row);
    return row;
  }

  list(filters: { language?: Language; medium?: ReplyMedium }): Promise<ReplyTemplateRecord[]> {
    return Promise.resolve(
      this.rows.filter(
        (t) =>
          (!filters.language || t.language === filters.language) && (!filters.medium || t.medium === filters.medium),
      ),
    );
  }

  findById(id: string): Promise<ReplyTemplateRecord | null> {
    return Promise.resolve(this.rows.find((t) => t.id === id) ?? null);
  }

  insert(template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    if (
      this.rows.some(
        (t) => t.name === template.name && t.language === template.language && t.medium === template.medium,
      )
    )
      return Promise.resolve(null);
    return Promise.resolve(this.add(template));
  }

  update(id: string, template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    const row = this.rows.find((t) => t.id === id);
    if (row) Object.assign(row, template);
    return Promise.resolve(row ?? null);
  }

  nameTaken(template: NewReplyTemplate, exceptId: string): Promise<boolean> {
    return Promise.resolve(
      this.rows.some(
        (t) =>
          t.id !== exceptId &&
          t.name === template.name &&
          t.language === template.language &&
          t.medium === template.medium,
      ),
    );
  }
}

/** The message_delivery table in memory. */
export class FakeMessageDeliveryRepository implements Public<MessageDeliveryRepository> {
  readonly rows: DeliveryRecord[] = [];

  insert(delivery: Omit<DeliveryRecord, 'id' | 'error'> & { error?: string | null }): Promise<void> {
    if (!this.rows.some((d) => d.provider === delivery.provider && d.providerId === delivery.providerId))
      this.rows.push({ id: fakeId(), error: null, ...delivery });
    return Promise.resolve();
  }

  forMessage(messageId: string): Promise<DeliveryRecord[]> {
    return Promise.resolve(this.rows.filter((d) => d.messageId === messageId).sort((a, b) => a.part - b.part));
  }

  findByProviderId(provider: DeliveryProvider, providerId: string): Promise<DeliveryRecord | null> {
    return Promise.resolve(this.rows.find((d) => d.provider === provider && d.providerId === providerId) ?? null);
  }

  setStatus(id: string, status: OutboundStatus, error: string | null): Promise<void> {
    const row = this.rows.find((d) => d.id === id);
    if (row) Object.assign(row, { status, error });
    return Promise.resolve();
  }
}

/** An SMS gateway that records what it was handed; `refuse` makes it refuse like Twilio's 4xx. */
export class RecordingSmsGateway extends SmsGateway {
  readonly sent: OutgoingSms[] = [];
  refuse: string | null = null;

  send(sms: OutgoingSms): Promise<AcceptedSms> {
    if (this.refuse) return Promise.reject(new PermanentSendError(this.refuse));
    this.sent.push(sms);
    return Promise.resolve({ sid: `SM${this.sent.length}`, status: 'queued' });
  }
}
