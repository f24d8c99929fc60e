import type { EntityManager } from 'typeorm';
import type { ContactStatus, Language, Medium, SalesChannel } from '../../contacts/contact.types';
import type { ContactToRoute } from '../domain/agent-selection';

/** The contact columns routing reads, with the customer's segment (market planning) for priority. */
export interface RoutableContact {
  id: string;
  status: ContactStatus;
  medium: Medium;
  channel: SalesChannel | null;
  language: Language;
  product_line: string | null;
  person_id: string | null;
  customer_id: string | null;
  segment: string | null;
  from_name: string | null;
  from_email: string | null;
  from_phone: string | null;
  from_company: string | null;
  subject: string | null;
  body: string;
  created_at: Date;
}

const COLUMNS = `c.id, c.status, c.medium, c.channel, c.language, c.product_line, c.person_id, c.customer_id,
  cu.segment, c.from_name, c.from_email, c.from_phone, c.from_company, c.subject, left(c.body, 500) AS body, c.created_at`;

/**
 * Locks the contact row (FOR UPDATE) and reads it; with `skipLocked`, a contact another process
 * is routing right now is skipped rather than waited for.
 */
export async function lockContact(
  manager: EntityManager,
  contactId: string,
  options: { skipLocked?: boolean } = {},
): Promise<RoutableContact | null> {
  const [row] = await manager.query<RoutableContact[]>(
    `SELECT ${COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
      WHERE c.id = $1 FOR UPDATE OF c${options.skipLocked ? ' SKIP LOCKED' : ''}`,
    [contactId],
  );
  return row ?? null;
}

/** Queued contacts an agent may be offered, oldest first; the caller orders them by priority. */
export async function waitingContacts(
  manager: EntityManager,
  agentId: string,
  limit: number,
  retryAfterSeconds: number,
): Promise<RoutableContact[]> {
  return manager.query<RoutableContact[]>(
    `SELECT ${COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
      WHERE c.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.contact_id = c.id AND o.agent_id = $1
                          AND o.status IN ('declined', 'expired')
                          AND o.decided_at > now() - make_interval(secs => $3))
      ORDER BY c.created_at, c.id LIMIT $2`,
    [agentId, limit, retryAfterSeconds],
  );
}

/**
 * Agents who let this contact pass lately (declined, or let the offer expire, within the retry
 * window): a re-offer moves on to someone else. Once the window has passed they may get it again,
 * so a contact every agent declined is not stranded.
 */
export async function triedAgents(
  manager: EntityManager,
  contactId: string,
  retryAfterSeconds: number,
): Promise<string[]> {
  const rows = await manager.query<{ agent_id: string }[]>(
    `SELECT DISTINCT agent_id FROM offer
      WHERE contact_id = $1 AND status IN ('declined', 'expired')
        AND decided_at > now() - make_interval(secs => $2)`,
    [contactId, retryAfterSeconds],
  );
  return rows.map((r) => r.agent_id);
}

export function toRoute(contact: RoutableContact): ContactToRoute {
  return {
    id: contact.id,
    medium: contact.medium,
    // A contact is queued only once classified; demand generation is the catch-all if it ever is not.
    channel: contact.channel ?? 'demand_generation',
    language: contact.language,
    productLine: contact.product_line,
    segment: contact.segment,
    enqueuedAt: new Date(contact.created_at).getTime(),
  };
}

/** One line an agent can decide on: who, from where, about what. */
export function offerSummary(contact: RoutableContact): string {
  const who = contact.from_name ?? contact.from_email ?? contact.from_phone ?? 'unknown sender';
  const from = contact.from_company ? `${who} (${contact.from_company})` : who;
  const about = (contact.subject ?? contact.body).replace(/\s+/g, ' ').trim();
  const short = [...about].length > 140 ? `${[...about].slice(0, 139).join('')}…` : about;
  return short ? `${from}: ${short}` : from;
}
