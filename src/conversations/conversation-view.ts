import type { AttachmentRecord } from '../attachments/attachment.repository';
import type { ConversationMessageRecord } from '../contacts/contact-message.repository';
import type { ContactRecord } from '../contacts/contact.repository';
import type { ConversationMessage } from '../routing/agent-events';

const attachmentView = (a: AttachmentRecord) => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
});

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The ids of the contact's attachments an outbound message carried (kept in its metadata). */
export const attachmentIdsOf = (message: Pick<ConversationMessageRecord, 'metadata'>): string[] => {
  const ids = message.metadata.attachmentIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
};

/** The contact's own first message: the contact row and the attachments it came with. */
export function firstMessageView(
  contact: ContactRecord,
  attachments: readonly AttachmentRecord[],
): ConversationMessage {
  return {
    // The contact's id: stable, and a console can tell the first message by it.
    id: contact.id,
    direction: 'inbound',
    medium: contact.medium,
    from: contact.fromEmail ?? contact.fromPhone ?? contact.fromName,
    to: text(contact.metadata.to),
    subject: contact.subject,
    body: contact.body,
    attachments: attachments.filter((a) => a.messageId === null).map(attachmentView),
    status: 'received',
    error: null,
    author: null,
    createdAt: new Date(contact.createdAt).toISOString(),
  };
}

/** A later message, inbound or outbound, with its files. */
export function messageView(
  message: ConversationMessageRecord,
  attachments: readonly AttachmentRecord[],
): ConversationMessage {
  const carried = new Set(attachmentIdsOf(message));
  // Its own files (what came with an inbound message, a call's recording) and, for a reply, the
  // contact's files it carried (a fax's PDF).
  const files = attachments.filter((a) => a.messageId === message.id || carried.has(a.id));
  return {
    id: message.id,
    direction: message.direction,
    medium: message.medium,
    from: message.fromAddress,
    to: message.toAddress ?? (message.direction === 'inbound' ? text(message.metadata.to) : null),
    subject: message.subject,
    body: message.body,
    attachments: files.map(attachmentView),
    status: message.status,
    error: message.error,
    author: message.authorId ? { id: message.authorId, name: message.authorName ?? '' } : null,
    createdAt: new Date(message.createdAt).toISOString(),
  };
}
