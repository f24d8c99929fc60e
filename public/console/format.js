// Labels and formats shared by the console's views: the domain's words, spelled for people.
// The words themselves (media, channels, statuses, ...) are the server's: ./protocol.mjs.

/** @import { ContactStatus, Language, Medium, Route, SalesChannel, UNCLASSIFIED } from './protocol.mjs' */
/** @import { FieldError } from './types.js' */

/** @type {Readonly<Record<Medium, string>>} */
export const MEDIUM_LABELS = { web: 'Web form', voice: 'Phone call', sms: 'SMS', email: 'E-mail', fax: 'Fax' };

/** @type {Readonly<Record<SalesChannel | typeof UNCLASSIFIED, string>>} */
export const CHANNEL_LABELS = {
  e_coverage: 'e-Coverage',
  e_sales: 'e-Sales',
  demand_generation: 'Demand Generation',
  unclassified: 'Not classified yet',
};

/** @type {Readonly<Record<ContactStatus, string>>} */
export const STATUS_LABELS = {
  received: 'Received',
  queued: 'Queued',
  offered: 'Offered',
  assigned: 'Assigned',
  qualified: 'Qualified',
  closed: 'Closed',
};

/** @type {Readonly<Record<Route, string>>} */
export const ROUTE_LABELS = {
  field: 'Face-to-face deal specialist',
  e_sales: 'e-Sales',
  partner: 'Partner',
  nurture: 'Nurture (Demand Generation)',
};

/** @type {Readonly<Record<Language, string>>} */
export const LANGUAGE_LABELS = { zh: '中文', ja: '日本語', en: 'English' };

/** @type {Readonly<Record<Language, string>>} */
const LANGUAGE_TAGS = { zh: 'zh-CN', ja: 'ja', en: 'en' };

/**
 * The BCP 47 tag for a contact's language, so the browser picks Japanese or Chinese glyphs.
 * @param {string | null | undefined} language
 */
export function langTag(language) {
  return lookup(LANGUAGE_TAGS, language) ?? '';
}

/**
 * A word's label, or the word itself when there is none.
 * @param {Readonly<Record<string, string>>} map
 * @param {string | null | undefined} key
 */
export function label(map, key) {
  return lookup(map, key) ?? String(key ?? '—');
}

/**
 * `map[key]`, for any key: undefined when it is not one of the map's.
 * @template {string} K
 * @param {Readonly<Record<K, string>>} map
 * @param {string | null | undefined} key
 * @returns {string | undefined}
 */
export function lookup(map, key) {
  return /** @type {Readonly<Record<string, string | undefined>>} */ (map)[String(key)];
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** @param {string | number | Date} value */
export function formatTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

/** @param {string | number | Date} value */
export function formatDateTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}

/** @param {number | string} size */
export function formatBytes(size) {
  const n = Number(size);
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * 75 -> "1:15"; negative -> "0:00".
 * @param {number} seconds
 */
export function formatCountdown(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** @param {number | null | undefined} seconds */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600)
    return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/**
 * "contact.status_changed" -> "Status changed"; "offer.made" -> "Offer made"
 * @param {string} type
 */
export function humanizeEvent(type) {
  const words = String(type)
    .replace(/^contact\./, '')
    .replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An API or acknowledgement error as one sentence.
 * @param {unknown} error an ApiError, an Error, a Twilio error, an acknowledgement's `error` text, ...
 */
export function errorText(error) {
  if (!error) return 'unknown error';
  if (typeof error === 'string') return error;
  const { errors, message, code } = /** @type {{ errors?: FieldError[], message?: string, code?: string }} */ (error);
  if (errors?.length) return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return message ?? code ?? JSON.stringify(error);
}
