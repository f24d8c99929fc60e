import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a registration link: it names one campaign target and the seminar it is invited
 * to, signed with HMAC-SHA256 under CAMPAIGN_LINK_SECRET, so a link cannot be altered to register
 * somebody else or for another seminar. Shape: `<targetId>.<signature>` (base64url, no padding);
 * the seminar is part of what is signed but not of the token, which comes in the link's path.
 * No expiry: a seminar's start and capacity already end registrations.
 */
const TARGET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signature = (secret: string, seminarId: string, targetId: string): Buffer =>
  createHmac('sha256', secret)
    .update(`seminar-invitation\n${seminarId.toLowerCase()}\n${targetId.toLowerCase()}`)
    .digest();

export function signInvitationToken(secret: string, seminarId: string, targetId: string): string {
  return `${targetId.toLowerCase()}.${signature(secret, seminarId, targetId).toString('base64url')}`;
}

/** The target the token names, or null when it is malformed or not signed for this seminar. */
export function verifyInvitationToken(secret: string, seminarId: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const targetId = token.slice(0, dot);
  const given = token.slice(dot + 1);
  if (!TARGET_ID.test(targetId) || !/^[A-Za-z0-9_-]{43}$/.test(given)) return null;
  // Compared as text: base64url's last character carries spare bits a decoder ignores, so only
  // the one canonical spelling of the signature is accepted.
  const expected = Buffer.from(signature(secret, seminarId, targetId).toString('base64url'));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return targetId.toLowerCase();
}

/** `${PUBLIC_BASE_URL}/seminars/:id/register?t=<token>`. */
export function registrationLink(baseUrl: string, seminarId: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/seminars/${seminarId}/register?t=${encodeURIComponent(token)}`;
}
