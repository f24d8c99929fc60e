import type { AttachmentRecord, AttachmentRepository } from '../../src/attachments/attachment.repository';
import type { Clock } from '../../src/common/clock';
import type { Complexity } from '../../src/catalog/catalog.types';
import type { JsonObject } from '../../src/common/json';
import type { ContactMessageStatus } from '../../src/contacts/contact-message.entity';
import type {
  ConversationMessageRecord,
  NewContactMessage,
  NewOutboundCall,
  NewOutboundMessage,
  ContactMessageRepository,
  OutboundMessageRecord,
  StoredMessage,
} from '../../src/contacts/contact-message.repository';
import { movesForward, OutboundStatus } from '../../src/contacts/domain/outbound-status';
import {
  ContactDetail,
  ContactFilters,
  ContactRecord,
  ContactRepository,
  ContactSummary,
  ContactTransitionConflict,
  ContactTransitionPatch,
  ProductLineFacts,
  RoutableContact,
} from '../../src/contacts/contact.repository';
import type { InboundAttachment, InboundContact } from '../../src/contacts/contact.types';
import { ContactTransition, transitionFrom } from '../../src/contacts/domain/contact-lifecycle';
import type { Public } from './public';

let sequence = 0;
/** A fresh UUID-shaped id, readable in failures (…000001, …000002). */
export const fakeId = (): string => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

/** A stored contact with sensible defaults, for specs that start from an existing contact. */
export const aContact = (overrides: Partial<ContactRecord> = {}): ContactRecord => ({
  id: fakeId(),
  medium: 'web',
  source: 'web',
  externalId: null,
  requestHash: null,
  status: 'received',
  channel: null,
  channelReason: null,
  inquiryType: 'question',
  language: 'en',
  fromName: null,
  fromEmail: null,
  fromPhone: null,
  fromCompany: null,
  subject: null,
  body: 'hello',
  productLine: null,
  consent: null,
  metadata: {},
  personId: null,
  customerId: null,
  createdAt: new Date('2026-06-01T08:00:00.000Z'),
  updatedAt: new Date('2026-06-01T08:00:00.000Z'),
  ...overrides,
});

/** The contact table in memory, with the active assignments and active product lines it joins. */
export class FakeContactRepository implements Public<ContactRepository> {
  readonly rows = new Map<string, ContactRecord>();
  /** contactId -> agentId of the active assignment. */
  readonly assignees = new Map<string, string>();
  /** Active product lines by code. */
  readonly productLines = new Map<string, Complexity>();
  readonly providerLocks: string[] = [];
  readonly eventLocks: string[] = [];
  /** Contacts whose next offer goes to their last agent first (contact.prefer_last_agent). */
  readonly prefersLastAgent = new Set<string>();
  /** Wrap-ups recorded: contact id -> disposition and when. */
  readonly wrapUps = new Map<string, { disposition: string; at: Date }>();

  /** With a clock, contacts are inserted at its time (as `now()` stamps them in the database). */
  constructor(private readonly clock?: Clock) {}

  add(contact: ContactRecord): ContactRecord {
    this.rows.set(contact.id, contact);
    return contact;
  }

  insert(inbound: InboundContact): Promise<string> {
    const contact = aContact({
      medium: inbound.medium,
      source: inbound.source,
      externalId: inbound.externalId ?? null,
      requestHash: inbound.requestHash ?? null,
      inquiryType: inbound.inquiryType,
      language: inbound.language,
      fromName: inbound.from.name ?? null,
      fromEmail: inbound.from.email ?? null,
      fromPhone: inbound.from.phone ?? null,
      fromCompany: inbound.from.company ?? null,
      subject: inbound.subject ?? null,
      body: inbound.body,
      productLine: inbound.productLine ?? null,
      consent: inbound.consent ?? null,
      metadata: inbound.metadata ?? {},
      ...(this.clock ? { createdAt: this.clock.now(), updatedAt: this.clock.now() } : {}),
    });
    this.add(contact);
    return Promise.resolve(contact.id);
  }

  lockProviderId(source: string, externalId: string): Promise<void> {
    this.providerLocks.push(`${source}\n${externalId}`);
    return Promise.resolve();
  }

  lockEvents(contactId: string): Promise<void> {
    this.eventLocks.push(contactId);
    return Promise.resolve();
  }

  findById(id: string): Promise<ContactRecord | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }

  exists(id: string): Promise<boolean> {
    return Promise.resolve(this.rows.has(id));
  }

  findByProviderId(source: string, externalId: string): Promise<ContactRecord | null> {
    const row = [...this.rows.values()].find((c) => c.source === source && c.externalId === externalId);
    return Promise.resolve(row ? { ...row } : null);
  }

  async lockForClassification(
    contactId: string,
  ): Promise<{ contact: ContactRecord; productLine: ProductLineFacts | null } | null> {
    const contact = await this.findById(contactId);
    if (!contact) return null;
    const complexity = contact.productLine ? this.productLines.get(contact.productLine) : undefined;
    return { contact, productLine: complexity ? { code: contact.productLine!, complexity } : null };
  }

  lockForUpdate(contactId: string): Promise<ContactRecord | null> {
    return this.findById(contactId);
  }

  lockRoutable(): Promise<RoutableContact | null> {
    return Promise.reject(new Error('FakeContactRepository.lockRoutable is not faked'));
  }

  async findSummary(id: string): Promise<ContactSummary | null> {
    const row = await this.findById(id);
    return row ? { ...row, assignedAgentId: this.assignees.get(id) ?? null } : null;
  }

  async findDetail(id: string): Promise<ContactDetail | null> {
    const summary = await this.findSummary(id);
    return summary ? { ...summary, person: null, customer: null } : null;
  }

  list(filters: ContactFilters): Promise<ContactSummary[]> {
    const rows = [...this.rows.values()]
      .filter((c) => !filters.status || c.status === filters.status)
      .filter((c) => !filters.medium || c.medium === filters.medium)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, filters.limit);
    return Promise.resolve(rows.map((c) => ({ ...c, assignedAgentId: this.assignees.get(c.id) ?? null })));
  }

  /** Sms contacts of the number only: the fake knows no outbound messages. */
  findSmsConversation(phone: string, since: Date): Promise<ContactRecord | null> {
    const row = [...this.rows.values()]
      .filter((c) => c.medium === 'sms' && c.fromPhone === phone && c.updatedAt >= since)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    return Promise.resolve(row ? { ...row } : null);
  }

  touch(contactId: string, at: Date): Promise<void> {
    const row = this.rows.get(contactId);
    if (row) row.updatedAt = at;
    return Promise.resolve();
  }

  reassignPerson(fromPersonId: string, toPersonId: string): Promise<void> {
    for (const row of this.rows.values()) if (row.personId === fromPersonId) row.personId = toPersonId;
    return Promise.resolve();
  }

  clearLastAgentPreference(contactId: string): Promise<void> {
    this.prefersLastAgent.delete(contactId);
    return Promise.resolve();
  }

  readonly campaignLinks = new Map<string, { campaignId: string; campaignTargetId: string | null }>();

  linkCampaign(contactId: string, campaignId: string, campaignTargetId: string | null): Promise<void> {
    this.campaignLinks.set(contactId, { campaignId, campaignTargetId });
    return Promise.resolve();
  }

  recordWrapUp(contactId: string, disposition: string, at: Date): Promise<void> {
    this.wrapUps.set(contactId, { disposition, at });
    return Promise.resolve();
  }

  transition(contactId: string, name: ContactTransition, patch: ContactTransitionPatch = {}): Promise<void> {
    const { from, to } = transitionFrom(name);
    const row = this.rows.get(contactId);
    if (!row || !from.includes(row.status)) {
      return Promise.reject(new ContactTransitionConflict(contactId, name, from));
    }
    const { preferLastAgent, ...columns } = patch;
    if (preferLastAgent === true) this.prefersLastAgent.add(contactId);
    if (preferLastAgent === false) this.prefersLastAgent.delete(contactId);
    Object.assign(row, { status: to }, withoutUndefined(columns));
    return Promise.resolve();
  }
}

const withoutUndefined = (patch: object) =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));

/** The contact_message table in memory. */
export class FakeContactMessageRepository implements Public<ContactMessageRepository> {
  readonly rows: (NewContactMessage & { id: string })[] = [];

  insertInbound(message: NewContactMessage): Promise<string> {
    const id = fakeId();
    this.rows.push({ ...message, id });
    return Promise.resolve(id);
  }

  findByProviderId(source: string, externalId: string): Promise<StoredMessage | null> {
    const row =
      this.rows.find((m) => m.source === source && m.externalId === externalId) ??
      this.outbound.find((m) => m.source === source && m.externalId === externalId);
    return Promise.resolve(row ? { id: row.id, contactId: row.contactId } : null);
  }

  /** Outbound calls, with their status and metadata as the callbacks move them. */
  readonly calls: (NewOutboundCall & OutboundMessageRecord)[] = [];

  recordOutbound(message: NewOutboundCall): Promise<{ id: string; created: boolean }> {
    const seen = this.calls.find((m) => m.source === message.source && m.externalId === message.externalId);
    if (seen && message.externalId !== null) return Promise.resolve({ id: seen.id, created: false });
    const id = fakeId();
    this.calls.push({ ...message, id, status: 'queued', metadata: message.metadata ?? {} });
    return Promise.resolve({ id, created: true });
  }

  lockOutbound(source: string, externalId: string): Promise<OutboundMessageRecord | null> {
    const row = this.calls.find((m) => m.source === source && m.externalId === externalId);
    return Promise.resolve(row ? { ...row } : null);
  }

  findOutbound(id: string): Promise<OutboundMessageRecord | null> {
    const row = this.calls.find((m) => m.id === id);
    return Promise.resolve(row ? { ...row } : null);
  }

  advanceOutbound(
    id: string,
    status: OutboundStatus,
    change: { error?: string | null; metadata?: JsonObject } = {},
  ): Promise<boolean> {
    const row = this.calls.find((m) => m.id === id);
    if (!row || !movesForward(row.status, status)) return Promise.resolve(false);
    Object.assign(row, { status, metadata: { ...row.metadata, ...change.metadata } });
    if (change.error) Object.assign(row, { error: change.error });
    return Promise.resolve(true);
  }

  /** Outbound rows (replies, calls), as the conversation reads them. */
  readonly outbound: (ConversationMessageRecord & { idempotencyKey: string | null })[] = [];
  readonly lockedKeys: string[] = [];

  insertOutbound(message: NewOutboundMessage): Promise<string> {
    const id = message.id ?? fakeId();
    this.outbound.push({
      id,
      contactId: message.contactId,
      direction: 'outbound',
      medium: message.medium,
      source: message.source,
      externalId: message.externalId,
      fromAddress: message.fromAddress,
      toAddress: message.toAddress,
      subject: message.subject,
      body: message.body,
      status: message.status,
      error: null,
      authorId: message.authorId,
      authorName: null,
      requestHash: message.requestHash ?? null,
      idempotencyKey: message.idempotencyKey ?? null,
      metadata: message.metadata ?? {},
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
    return Promise.resolve(id);
  }

  lockIdempotencyKey(authorId: string, key: string): Promise<void> {
    this.lockedKeys.push(`${authorId}:${key}`);
    return Promise.resolve();
  }

  findByIdempotencyKey(authorId: string, key: string): Promise<ConversationMessageRecord | null> {
    return Promise.resolve(this.outbound.find((m) => m.authorId === authorId && m.idempotencyKey === key) ?? null);
  }

  findConversationMessage(id: string): Promise<ConversationMessageRecord | null> {
    return Promise.resolve(this.all().find((m) => m.id === id) ?? null);
  }

  lockConversationMessage(id: string): Promise<ConversationMessageRecord | null> {
    return this.findConversationMessage(id);
  }

  conversation(contactId: string): Promise<ConversationMessageRecord[]> {
    return Promise.resolve(this.all().filter((m) => m.contactId === contactId));
  }

  setStatus(id: string, status: ContactMessageStatus, error: string | null): Promise<void> {
    const row = this.outbound.find((m) => m.id === id);
    if (row) Object.assign(row, { status, error });
    return Promise.resolve();
  }

  mergeMetadata(id: string, metadata: JsonObject): Promise<void> {
    const row = this.outbound.find((m) => m.id === id) ?? this.calls.find((m) => m.id === id);
    if (row) row.metadata = { ...row.metadata, ...metadata };
    return Promise.resolve();
  }

  private all(): ConversationMessageRecord[] {
    const inbound = this.rows.map((m): ConversationMessageRecord => ({
      id: m.id,
      contactId: m.contactId,
      direction: 'inbound',
      medium: m.medium,
      source: m.source,
      externalId: m.externalId,
      fromAddress: m.fromAddress,
      toAddress: null,
      subject: m.subject,
      body: m.body,
      status: 'received',
      error: null,
      authorId: null,
      authorName: null,
      requestHash: null,
      metadata: m.metadata ?? {},
      createdAt: new Date(0),
      updatedAt: new Date(0),
    }));
    return [...inbound, ...this.outbound];
  }
}

/** The attachment table in memory. */
export class FakeAttachmentRepository implements Public<AttachmentRepository> {
  readonly rows: AttachmentRecord[] = [];

  insertAll(contactId: string, messageId: string | null, attachments: readonly InboundAttachment[]): Promise<void> {
    for (const a of attachments) {
      this.rows.push({
        id: fakeId(),
        contactId,
        messageId,
        kind: a.kind,
        filename: a.filename,
        contentType: a.contentType,
        size: a.blob.size,
        sha256: a.blob.sha256,
        storageKey: a.blob.key,
        createdAt: new Date(0),
      });
    }
    return Promise.resolve();
  }

  existsForMessage(messageId: string, filename: string): Promise<boolean> {
    return Promise.resolve(this.rows.some((a) => a.messageId === messageId && a.filename === filename));
  }

  forContact(contactId: string): Promise<AttachmentRecord[]> {
    return Promise.resolve(this.rows.filter((a) => a.contactId === contactId));
  }

  findOfContact(contactId: string, attachmentId: string): Promise<AttachmentRecord | null> {
    return Promise.resolve(this.rows.find((a) => a.contactId === contactId && a.id === attachmentId) ?? null);
  }
}
