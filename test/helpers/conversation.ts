import request from 'supertest';
import type { AgentClient } from './agent-socket';
import { bearer } from './http';
import type { TestApp } from './test-app';

export interface ThreadItem {
  id: string;
  direction: 'inbound' | 'outbound';
  medium: string;
  from: string | null;
  to: string | null;
  subject: string | null;
  body: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  status: string;
  error: string | null;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface ContactMessageEvent {
  contactId: string;
  message: ThreadItem;
}

export async function thread(t: TestApp, token: string, contactId: string): Promise<ThreadItem[]> {
  const res = await request(t.url).get(`/contacts/${contactId}/messages`).set(bearer(token)).expect(200);
  return (res.body as { items: ThreadItem[] }).items;
}

/** The agent takes the next offer of the contact (the agent must be available). */
export async function takeOffer(client: AgentClient, contactId: string): Promise<void> {
  const offer = await client.waitFor<{ offerId: string; contactId: string }>(
    'offer',
    (o) => o.contactId === contactId,
    10_000,
  );
  const ack = await client.emit('offer:accept', { offerId: offer.offerId });
  if (!ack.ok) throw new Error(`offer:accept failed: ${ack.error}`);
}

/** The `contact:message` event of a message once it has the status. */
export function messageEvent(
  client: AgentClient,
  messageId: string | ((m: ThreadItem) => boolean),
  status?: string,
  timeoutMs = 10_000,
): Promise<ContactMessageEvent> {
  const matches = typeof messageId === 'string' ? (m: ThreadItem) => m.id === messageId : messageId;
  return client.waitFor<ContactMessageEvent>(
    'contact:message',
    (e) => matches(e.message) && (status === undefined || e.message.status === status),
    timeoutMs,
  );
}
