import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Language } from '../contacts/contact.types';

/** E-mail addresses are compared lowercased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A phone number in E.164 (`+81312345678`), or null when it is not a valid number. Safe on anything:
 * null, undefined, a non-string or an absurdly long string is simply not a phone number.
 */
export function normalizePhone(text: unknown, defaultRegion: string): string | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  // libphonenumber's full metadata makes a parse cost tens of microseconds; the same numbers come
  // back again and again (every webhook of a call, its identity resolution, a customer's next contact).
  const key = `${defaultRegion} ${trimmed}`;
  const known = parsedPhones.get(key);
  if (known !== undefined) return known;
  const e164 = parsePhone(trimmed, defaultRegion);
  if (parsedPhones.size >= PARSED_PHONES_MAX) parsedPhones.clear();
  parsedPhones.set(key, e164);
  return e164;
}

/** Recently normalized numbers (a pure function of its input, so a bounded memo is always right). */
const parsedPhones = new Map<string, string | null>();
const PARSED_PHONES_MAX = 10_000;

function parsePhone(trimmed: string, defaultRegion: string): string | null {
  try {
    const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
    return parsed?.isValid() ? parsed.number : null;
  } catch {
    return null;
  }
}

export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@').pop() ?? '';
}

/** Consumer mailbox providers: their domain says nothing about the sender's company. */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.jp',
  'ymail.com',
  'outlook.com',
  'outlook.jp',
  'hotmail.com',
  'hotmail.co.jp',
  'live.com',
  'live.jp',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'nifty.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
]);

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.toLowerCase());
}

/** A company name as a lookup key: case, width and spacing differences do not make a new company. */
export function companyKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/u;
const HAN = /\p{Script=Han}/u;

/** Chinese, Japanese or English, from the text itself: kana means Japanese, Han alone Chinese. */
export function detectLanguage(...texts: (string | undefined)[]): Language {
  const text = texts.filter(Boolean).join(' ');
  if (KANA.test(text)) return 'ja';
  if (HAN.test(text)) return 'zh';
  return 'en';
}
