import { matchTargetSegment, type TargetSegment } from '../../catalog/domain/market-planning';
import type { RoutableContact } from '../../contacts/contact.repository';
import type { OfferEvent } from '../agent-events';
import type { ContactToRoute, PreferredAgent } from '../domain/agent-selection';

export type { RoutableContact } from '../../contacts/contact.repository';

/**
 * The contact as the pure routing core sees it. `targetSegments` are those of the product line it
 * asks about (market planning): an account in one of them is served first, and the reason says so.
 */
export function toRoute(contact: RoutableContact, targetSegments: readonly TargetSegment[] = []): ContactToRoute {
  const match = matchTargetSegment(contact.product_line, targetSegments, contact);
  return {
    id: contact.id,
    medium: contact.medium,
    // A contact is queued only once classified; demand generation is the catch-all if it ever is not.
    channel: contact.channel ?? 'demand_generation',
    language: contact.language,
    productLine: contact.product_line,
    priorityBonus: match?.bonus ?? 0,
    priorityReason: match?.reason ?? null,
    enqueuedAt: new Date(contact.created_at).getTime(),
    campaign: contact.campaign_id !== null && contact.campaign_id !== undefined,
  };
}

/**
 * Who the contact goes to first, if anyone: its last agent when a new message reopened it, else,
 * for an e-Coverage contact of an account with a relationship owner, that owner. The caller looks
 * the last agent up (assignments are routing's table).
 */
export function preferenceOf(contact: RoutableContact, lastAgentId: string | null): PreferredAgent | null {
  if (contact.prefer_last_agent && lastAgentId) return { agentId: lastAgentId, kind: 'last_agent' };
  if (contact.channel === 'e_coverage' && contact.relationship_owner_id) {
    return { agentId: contact.relationship_owner_id, kind: 'relationship_owner' };
  }
  return null;
}

/** One line an agent can decide on: who, from where, about what. */
export function offerSummary(contact: RoutableContact): string {
  const who = contact.from_name ?? contact.from_email ?? contact.from_phone ?? 'unknown sender';
  const from = contact.from_company ? `${who} (${contact.from_company})` : who;
  const about = (contact.subject ?? contact.body).replace(/\s+/g, ' ').trim();
  const short = [...about].length > 140 ? `${[...about].slice(0, 139).join('')}…` : about;
  return short ? `${from}: ${short}` : from;
}

/** An offer's reason with the contact's market-planning priority, when it has one. */
export function withPriorityReason(reason: string, route: ContactToRoute): string {
  return route.priorityReason ? `${reason}; priority: ${route.priorityReason}` : reason;
}

/** The `offer` event of an offer of this contact. */
export function offerEvent(
  offerId: string,
  contact: RoutableContact,
  expiresAt: Date,
  reason: string,
  transferredBy?: OfferEvent['transferredBy'],
): OfferEvent {
  return {
    ...(transferredBy ? { transferredBy } : {}),
    offerId,
    contactId: contact.id,
    medium: contact.medium,
    channel: contact.channel,
    summary: offerSummary(contact),
    expiresAt: expiresAt.toISOString(),
    reason,
    language: contact.language,
    ...(contact.campaign_id ? { campaignId: contact.campaign_id, script: contact.campaign_script ?? null } : {}),
  };
}
