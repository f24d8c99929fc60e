/**
 * The Twilio Client identity of an agent's softphone, derived from the user id so that the voice
 * webhooks (`From: client:<identity>`) name the agent without a lookup table. Twilio recommends
 * letters, digits and underscores only, so the uuid's hyphens become underscores.
 */
const PREFIX = 'agent_';
const IDENTITY = /^agent_([0-9a-f]{8})_([0-9a-f]{4})_([0-9a-f]{4})_([0-9a-f]{4})_([0-9a-f]{12})$/i;

export function softphoneIdentity(userId: string): string {
  return `${PREFIX}${userId.toLowerCase().replace(/-/g, '_')}`;
}

/** The user id behind a softphone identity, or null when it is not one of ours. */
export function userIdOfSoftphoneIdentity(identity: string): string | null {
  const match = IDENTITY.exec(identity);
  return match ? match.slice(1).join('-').toLowerCase() : null;
}
