import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** Text encodings a target file may come in; `utf-8` covers files with and without a BOM. */
export const TARGET_FILE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'shift_jis', 'gb18030'] as const;
export type TargetFileEncoding = (typeof TARGET_FILE_ENCODINGS)[number];

/** One data row of a target file or JSON body, as written (not normalized yet). */
export interface TargetInputRow {
  /** Data rows count from 1 (the header row is not counted). */
  row: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  /** `false` when the row says `no`/`false`/`0`/`n`; null when the file has no consent column. */
  consent: boolean | null;
}

export class TargetFileError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TargetFileError';
  }
}

/** Header names accepted for each column, compared lowercased and without spaces, `_` or `-`. */
const HEADER_ALIASES: Record<keyof Omit<TargetInputRow, 'row'>, readonly string[]> = {
  name: ['name', 'fullname', 'contactname', '氏名', '名前', '姓名'],
  phone: ['phone', 'tel', 'telephone', 'phonenumber', 'mobile', '電話', '電話番号', '电话', '电话号码'],
  email: ['email', 'mail', 'emailaddress', 'メール', 'メールアドレス', '邮箱', '电子邮件'],
  company: ['company', 'organization', 'account', '会社', '会社名', '公司'],
  language: ['language', 'lang', '言語', '语言'],
  consent: ['consent', 'optin', '同意'],
};

const NO = new Set(['no', 'false', '0', 'n', 'いいえ', '否']);

/**
 * Which encoding the bytes are in. A BOM decides; else valid UTF-8 is UTF-8; else the bytes are
 * scored as Shift_JIS (Windows-31J, as Excel in Japan saves) and as GB18030 (as Excel in China
 * saves): each lead/trail pair the encoding defines scores, bytes it leaves undefined or rarely
 * uses cost. Japanese text is mostly Shift_JIS double-byte characters whose GB reading falls in GBK's
 * rarely used extension rows, and Chinese text is mostly GB2312 rows whose Shift_JIS reading is
 * single half-width katakana, so the two are told apart reliably on a line of text.
 */
export function detectEncoding(bytes: Buffer): TargetFileEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (isUtf8(bytes)) return 'utf-8';
  return shiftJisScore(bytes) >= gb18030Score(bytes) ? 'shift_jis' : 'gb18030';
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function shiftJisScore(b: Buffer): number {
  let score = 0;
  for (let i = 0; i < b.length; i += 1) {
    const c = b[i];
    if (c < 0x80) continue;
    if (c >= 0xa1 && c <= 0xdf) {
      score -= 1; // half-width katakana: rare in real files
      continue;
    }
    const lead = (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xef);
    const t = b[i + 1];
    if (lead && t !== undefined && t >= 0x40 && t <= 0xfc && t !== 0x7f) {
      score += c === 0x82 || c === 0x83 ? 3 : 2; // kana rows count most
      i += 1;
    } else {
      score -= 3;
    }
  }
  return score;
}

function gb18030Score(b: Buffer): number {
  let score = 0;
  for (let i = 0; i < b.length; i += 1) {
    const c = b[i];
    if (c < 0x80) continue;
    const t = b[i + 1];
    if (c >= 0x81 && c <= 0xfe && t !== undefined && t >= 0x30 && t <= 0x39) {
      score -= 1; // a four-byte sequence: rare outside unusual characters
      i += 3;
    } else if (c >= 0x81 && c <= 0xfe && t !== undefined && t >= 0x40 && t <= 0xfe && t !== 0x7f) {
      if (c >= 0xb0 && c <= 0xf7 && t >= 0xa1)
        score += 3; // GB2312 hanzi
      else if (c >= 0xa1 && c <= 0xa9 && t >= 0xa1) score += 1; // GB2312 punctuation, kana, full-width
      i += 1;
    } else {
      score -= 3;
    }
  }
  return score;
}

/** The text of the file: the encoding named (a `charset`) or detected, a BOM dropped. */
export function decodeTargetFile(bytes: Buffer, named?: string | null): { text: string; encoding: TargetFileEncoding } {
  const encoding = named ? encodingOf(named) : detectEncoding(bytes);
  const decoder = encoding === 'shift_jis' ? 'cp932' : encoding;
  let text = iconv.decode(bytes, decoder, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

function encodingOf(named: string): TargetFileEncoding {
  const n = named.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (n === 'utf-16le') return 'utf-16le';
  if (n === 'utf-16be') return 'utf-16be';
  if (['shift-jis', 'sjis', 'cp932', 'windows-31j', 'ms932', 'x-sjis'].includes(n)) return 'shift_jis';
  if (['gb18030', 'gbk', 'gb2312', 'cp936'].includes(n)) return 'gb18030';
  throw new TargetFileError('charset', `charset ${named} is not supported: use utf-8, shift_jis or gb18030`);
}

/**
 * Parses CSV text with a header row (RFC 4180 quoting: commas, quotes and line breaks inside
 * quoted fields). Columns are recognized by their header (see HEADER_ALIASES); others are ignored.
 */
export function parseTargetCsv(text: string): TargetInputRow[] {
  let records: string[][];
  try {
    const parsed: unknown = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
    records = parsed as string[][];
  } catch (error) {
    throw new TargetFileError('file', `the CSV file cannot be read: ${(error as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new TargetFileError('file', 'the CSV file is empty: a header row is required');
  const index = columnIndex(header);
  if (index.phone === undefined && index.email === undefined) {
    throw new TargetFileError('header', 'the header row must name a phone or an email column');
  }
  const cell = (r: string[], i: number | undefined) => {
    const v = i === undefined ? undefined : r[i]?.trim();
    return v ? v : null;
  };
  return data
    .filter((r) => r.some((v) => v.trim() !== ''))
    .map((r, i) => {
      const consent = cell(r, index.consent);
      return {
        row: i + 1,
        name: cell(r, index.name),
        phone: cell(r, index.phone),
        email: cell(r, index.email),
        company: cell(r, index.company),
        language: cell(r, index.language),
        consent: index.consent === undefined ? null : consent === null ? null : !NO.has(consent.toLowerCase()),
      };
    });
}

function columnIndex(header: string[]): Partial<Record<keyof Omit<TargetInputRow, 'row'>, number>> {
  const index: Partial<Record<keyof Omit<TargetInputRow, 'row'>, number>> = {};
  header.forEach((h, i) => {
    const key = h
      .replace(/^\uFEFF/, '')
      .toLowerCase()
      .replace(/[\s_-]/g, '');
    for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [
      keyof typeof HEADER_ALIASES,
      readonly string[],
    ][]) {
      if (index[column] === undefined && aliases.includes(key)) index[column] = i;
    }
  });
  return index;
}

/** A consent value from JSON: booleans as they are, `no`/`false` text as false, absent as null. */
export function consentOf(value: unknown): boolean | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  return !NO.has(value.trim().toLowerCase());
}
