import type { InboundContact } from './contact.types';

/**
 * Web-form and e-mail customers are sent an acknowledgement of a new contact; callers, SMS and fax
 * senders are not, and nobody without an e-mail address is. A seminar registration (source
 * `seminar`) is confirmed by the seminar's own mail instead. Auto-generated mail (bounces,
 * auto-replies, lists) never becomes a contact, so it is never acknowledged either.
 */
export function wantsAcknowledgement(inbound: InboundContact): boolean {
  if (inbound.source === 'seminar') return false;
  return (inbound.medium === 'web' || inbound.medium === 'email') && Boolean(inbound.from.email);
}
