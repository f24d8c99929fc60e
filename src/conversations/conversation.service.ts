import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AttachmentRepository } from '../attachments/attachment.repository';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { notFound } from '../common/domain-error';
import type { JsonObject } from '../common/json';
import { ContactMessageFeed } from '../contacts/contact-message-feed';
import { ContactMessageRepository } from '../contacts/contact-message.repository';
import { ContactRepository } from '../contacts/contact.repository';
import type { Medium } from '../contacts/contact.types';
import { UnitOfWork } from '../database/unit-of-work';
import { SERVER_EVENTS } from '../common/protocol.mjs';
import { AgentNotifier, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import type { ConversationMessage } from '../routing/agent-events';
import { TimelineRepository } from '../timeline/timeline.repository';
import { firstMessageView, messageView } from './conversation-view';
import { advance, type OutboundStatus } from './domain/delivery-status';

/** An outbound message to put on a contact's thread: a reply, or an outbound call (medium `voice`). */
export interface OutboundRecord {
  /** Chosen by the caller when an id must be known before the row exists (an e-mail's Message-ID). */
  id?: string;
  contactId: string;
  medium: Medium;
  /** What wrote it: `reply`, `call`, ... */
  source: string;
  externalId?: string | null;
  from: string | null;
  to: string | null;
  subject?: string | null;
  body: string;
  status: OutboundStatus;
  authorId: string | null;
  /** The contact's person, for the timeline. */
  personId?: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  metadata?: JsonObject;
}

/**
 * A contact's conversation: the thread staff read, and the one place outbound messages are
 * recorded and their statuses moved. Every recording and every status change appends a timeline
 * event (`message.queued`, `message.sent`, `message.delivered`, `message.failed`) in the caller's
 * unit and, after the commit, tells the contact's owner and the supervisors (`contact:message`).
 * New inbound messages (intake's follow-ups) are announced the same way.
 */
@Injectable()
export class ConversationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ConversationService.name);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly attachments: AttachmentRepository,
    private readonly timeline: TimelineRepository,
    private readonly notifier: AgentNotifier,
    private readonly feed: ContactMessageFeed,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.feed.subscribe(({ messageId }) => {
      this.announce(messageId).catch((error: Error) =>
        this.logger.warn({ messageId, err: error.message }, 'could not announce a new message'),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The whole conversation, oldest first, when the caller may see the contact (else 404). */
  async thread(contactId: string, viewer: Principal): Promise<{ items: ConversationMessage[] }> {
    return this.unitOfWork.run(
      async () => {
        const contact = await this.contacts.findDetail(contactId, scopeOf(viewer));
        if (!contact) throw notFound('contact', contactId);
        const [rows, files] = [
          await this.messages.conversation(contactId),
          await this.attachments.forContact(contactId),
        ];
        return { items: [firstMessageView(contact, files), ...rows.map((m) => messageView(m, files))] };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** Stores an outbound message with its first status and its event; announced after the commit. */
  async recordOutbound(record: OutboundRecord): Promise<string> {
    return this.unitOfWork.run(async () => {
      const id = await this.messages.insertOutbound({
        ...(record.id ? { id: record.id } : {}),
        contactId: record.contactId,
        medium: record.medium,
        source: record.source,
        externalId: record.externalId ?? null,
        fromAddress: record.from,
        toAddress: record.to,
        subject: record.subject ?? null,
        body: record.body,
        status: record.status,
        authorId: record.authorId,
        idempotencyKey: record.idempotencyKey ?? null,
        requestHash: record.requestHash ?? null,
        ...(record.metadata ? { metadata: record.metadata } : {}),
      });
      await this.timeline.append({
        type: `message.${record.status}`,
        actor: record.authorId ? `user:${record.authorId}` : 'system',
        contactId: record.contactId,
        personId: record.personId ?? null,
        data: { messageId: id, medium: record.medium, to: record.to },
      });
      this.unitOfWork.afterCommit(() => this.announceQuietly(id));
      return id;
    });
  }

  /**
   * Moves an outbound message's status when `status` is forward of it (never backwards; final
   * statuses stay). Returns whether it moved; a move appends its event and is announced.
   */
  async moveStatus(
    messageId: string,
    status: OutboundStatus,
    error: string | null,
    actor = 'system',
  ): Promise<boolean> {
    return this.unitOfWork.run(async () => {
      const message = await this.messages.lockConversationMessage(messageId);
      if (!message || message.direction !== 'outbound' || message.status === 'received') return false;
      const next = advance(message.status, status);
      if (next === message.status) return false;
      const reason = next === 'failed' ? (error ?? 'failed') : null;
      await this.messages.setStatus(messageId, next, reason);
      await this.timeline.append({
        type: `message.${next}`,
        actor,
        contactId: message.contactId,
        data: { messageId, medium: message.medium, ...(reason ? { error: reason } : {}) },
      });
      this.unitOfWork.afterCommit(() => this.announceQuietly(messageId));
      return true;
    });
  }

  /** Tells the contact's owner (its assigned agent) and the supervisors the message as it is now. */
  async announce(messageId: string): Promise<void> {
    const found = await this.unitOfWork.run(async () => {
      const message = await this.messages.findConversationMessage(messageId);
      if (!message) return null;
      const contact = await this.contacts.findSummary(message.contactId);
      const files = await this.attachments.forContact(message.contactId);
      return { view: messageView(message, files), contactId: message.contactId, owner: contact?.assignedAgentId };
    });
    if (!found) return;
    const event = { contactId: found.contactId, message: found.view };
    if (found.owner) this.notifier.toUser(found.owner, SERVER_EVENTS.contactMessage, event);
    this.notifier.toRole(SUPERVISOR_ROLES, SERVER_EVENTS.contactMessage, event);
  }

  private announceQuietly(messageId: string): void {
    this.announce(messageId).catch((error: Error) =>
      this.logger.warn({ messageId, err: error.message }, 'could not announce a message'),
    );
  }
}
