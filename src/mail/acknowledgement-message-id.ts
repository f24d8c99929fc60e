/**
 * The Message-ID of the acknowledgement of a contact. It names the contact, so a customer's reply
 * to the acknowledgement (In-Reply-To / References) finds its contact without a lookup table.
 * Contact ids are random UUIDs: knowing one is no easier than guessing one.
 */
export function acknowledgementMessageId(contactId: string, domain: string): string {
  return `<ack.${contactId}@${domain}>`;
}

const ACK_ID = /^<?ack\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^<>\s]+>?$/i;

/** The contact an acknowledgement Message-ID names, or null for any other Message-ID. */
export function contactIdOfAcknowledgement(messageId: string): string | null {
  return ACK_ID.exec(messageId.trim())?.[1]?.toLowerCase() ?? null;
}
