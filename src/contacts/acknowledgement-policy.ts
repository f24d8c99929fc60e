import type { InboundContact } from './contact.types';

/**
 * Web-form and e-mail customers are sent an acknowledgement of a new contact; callers, SMS and fax
 * senders are not, and nobody without an e-mail address is. Auto-generated mail (bounces,
 * auto-replies, lists) never becomes a contact, so it is never acknowledged either.
 */
export function wantsAcknowledgement(inbound: InboundContact): boolean {
  return (inbound.medium === 'web' || inbound.medium === 'email') && Boolean(inbound.from.email);
}
