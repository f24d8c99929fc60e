/**
 * How an SMS body travels: GSM-7 (7-bit septets; the extension table's characters take two) when
 * every character has a GSM-7 code, else UCS-2 (UTF-16 code units; an emoji or a rare CJK
 * character outside the BMP is a surrogate pair, two units, never split). One segment holds 160
 * septets or 70 units; a concatenated message spends a header on each segment, leaving 153 or 67.
 * Twilio concatenates up to 10 segments in one API message, so a longer body becomes several API
 * messages, each cut at a segment boundary. Pure.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** The GSM 03.38 basic character set (the escape code 0x1B left out: it introduces the extension). */
const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** The extension table: escape + code, two septets each. */
const GSM7_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

export const SEGMENT_LIMITS: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
  gsm7: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
};

/** Segments Twilio concatenates into one API message (its 1,600-character limit). */
export const TWILIO_MAX_SEGMENTS = 10;

export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** The body cut into segments, in order; joined they give the body back. */
  segments: string[];
  /** Septets (gsm7) or UTF-16 code units (ucs2) of the whole body. */
  units: number;
}

export function encodingOf(body: string): SmsEncoding {
  for (const ch of body) if (!GSM7_BASIC.has(ch) && !GSM7_EXTENSION.has(ch)) return 'ucs2';
  return 'gsm7';
}

/** The size of one character (a code point) in the encoding. */
function unitsOf(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return ch.length; // 2 for a surrogate pair
  return GSM7_EXTENSION.has(ch) ? 2 : 1;
}

/** Cuts the body into segments; iterating by code point keeps surrogate pairs and escapes whole. */
export function segmentSms(body: string): SmsSegmentation {
  const encoding = encodingOf(body);
  const chars = Array.from(body);
  const units = chars.reduce((sum, ch) => sum + unitsOf(ch, encoding), 0);
  const limits = SEGMENT_LIMITS[encoding];
  if (units <= limits.single) return { encoding, segments: body === '' ? [] : [body], units };
  const segments: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const size = unitsOf(ch, encoding);
    if (used + size > limits.multi) {
      segments.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += size;
  }
  if (current !== '') segments.push(current);
  return { encoding, segments, units };
}

/**
 * The API messages to send for a body: up to TWILIO_MAX_SEGMENTS segments each, cut where the
 * segments are cut (so each part is segmented by the carrier exactly as counted here).
 */
export function splitForTwilio(body: string, maxSegments = TWILIO_MAX_SEGMENTS): string[] {
  const { segments } = segmentSms(body);
  if (segments.length <= maxSegments) return segments.length === 0 ? [] : [body];
  const parts: string[] = [];
  for (let i = 0; i < segments.length; i += maxSegments) parts.push(segments.slice(i, i + maxSegments).join(''));
  return parts;
}
