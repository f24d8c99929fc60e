import type { Language } from '../../contacts/contact.types';
import { normalizePhone } from '../../identity/normalize';

/** Who is on the other end of a call, a text message or a fax, as a telephony provider names them. */
export type PhoneParty =
  | { kind: 'phone'; e164: string }
  /** The caller withheld the number; nobody can be called back. */
  | { kind: 'withheld' }
  /** A softphone (Twilio Client) identity: one of our agents, never a customer. */
  | { kind: 'client'; identity: string };

/**
 * What carriers and Twilio put in From when the number is withheld: words, and the keypad
 * spellings Twilio uses for them (ANONYMOUS, RESTRICTED, BLOCKED, UNAVAILABLE).
 */
const WITHHELD_WORDS = new Set(['anonymous', 'restricted', 'unknown', 'unavailable', 'private', 'blocked']);
const WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+86282452253', '+8656696']);

const CLIENT = /^client:([A-Za-z0-9_.@+-]{1,121})$/;
/** Digits and the usual separators only: a real number written in any common notation. */
const PHONE_TEXT = /^\+?[0-9()\-.\s]{3,32}$/;
/** E.164 text long enough to be a subscriber number (the shortest real ones have 7 digits). */
const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Reads a provider's From/To value. Numbers come back in E.164: first as libphonenumber
 * validates them, and when its metadata does not know a range yet but the text already is
 * E.164, as given (a real caller must never be refused for that). Null: not a party at all.
 */
export function parsePhoneParty(text: unknown, defaultRegion: string): PhoneParty | null {
  if (typeof text !== 'string') return null;
  const value = text.trim();
  if (WITHHELD_WORDS.has(value.toLowerCase()) || WITHHELD_NUMBERS.has(value)) return { kind: 'withheld' };
  const client = CLIENT.exec(value);
  if (client?.[1]) return { kind: 'client', identity: client[1] };
  if (!PHONE_TEXT.test(value)) return null;
  const e164 = normalizePhone(value, defaultRegion);
  if (e164) return { kind: 'phone', e164 };
  return E164.test(value) ? { kind: 'phone', e164: value } : null;
}

/** Country calling codes whose callers are greeted in Japanese or Chinese. */
const LANGUAGE_BY_CALLING_CODE: [prefix: string, language: Language][] = [
  ['+81', 'ja'],
  ['+86', 'zh'],
  ['+852', 'zh'],
  ['+853', 'zh'],
  ['+886', 'zh'],
];

/**
 * The language a line speaks, from the number that was called: an explicit per-number setting
 * first, then the country of the number, then the configured default.
 */
export function languageOfCalledNumber(
  calledNumber: string | undefined,
  byNumber: Readonly<Record<string, Language>>,
  fallback: Language,
): Language {
  if (!calledNumber) return fallback;
  const explicit = Object.prototype.hasOwnProperty.call(byNumber, calledNumber) ? byNumber[calledNumber] : undefined;
  if (explicit) return explicit;
  return LANGUAGE_BY_CALLING_CODE.find(([prefix]) => calledNumber.startsWith(prefix))?.[1] ?? fallback;
}
