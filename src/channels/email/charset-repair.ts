import Libmime from 'libmime';
import { decode } from 'libmime/lib/charset.js';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** Multibyte CJK charsets whose text, mis-read upstream as Latin-1 and re-encoded as UTF-8, we can recover. */
const CJK_8BIT_CHARSET =
  /^(?:big5(?:-hkscs)?|cn-big5|x-x-big5|gb2312|gbk|x-gbk|gb18030|cp936|euc-cn|shift[_-]?jis|sjis|x-sjis|windows-31j|cp932|ms932|euc-jp|x-euc-jp|euc-kr|ks_c_5601-1987|cp949)$/i;
const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN1_HIGH = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/u;

export const isCjk8BitCharset = (charset: string | undefined): boolean => CJK_8BIT_CHARSET.test(charset?.trim() ?? '');

/**
 * Real mail sometimes carries CJK text that a relay read as Latin-1 and re-encoded as UTF-8
 * ("¤j®a»¡" for Big5 "大家說"). When the message declares a CJK charset, the text is nothing but
 * Latin-1 characters, and their bytes read in that charset give clean CJK text, that text is what
 * the sender wrote. Returns null when the text is not such mojibake. Pure.
 */
export function repairMojibake(text: string, charset: string | undefined): string | null {
  if (!isCjk8BitCharset(charset) || !LATIN1_HIGH.test(text) || BEYOND_LATIN1.test(text)) return null;
  const repaired = decode(Buffer.from(text, 'latin1'), charset!.trim());
  return repaired.includes('\ufffd') || !CJK_TEXT.test(repaired) ? null : repaired;
}

/**
 * A header value as raw bytes (mailparser keeps each raw header line as a binary string) decoded
 * for a message that declares `charset`: UTF-8 as it is (repaired when it is mojibake), raw 8-bit
 * bytes of another charset (a Shift_JIS subject from an old handset) in the declared charset, and
 * encoded words decoded. Returns null for plain 7-bit values, which mailparser already decoded. Pure.
 */
export function decodeRawHeaderValue(binary: string, charset: string | undefined): string | null {
  const bytes = Buffer.from(binary, 'latin1');
  if (!bytes.some((b) => b >= 0x80)) return null;
  let text: string;
  if (isUtf8(bytes)) {
    const utf8 = bytes.toString('utf8');
    text = repairMojibake(utf8, charset) ?? utf8;
  } else if (charset) {
    text = decode(bytes, charset);
  } else {
    return null;
  }
  return Libmime.decodeWords(text.replace(/\r?\n[ \t]*/g, ' ').trim());
}

/**
 * The charset decoder mailparser uses for text bodies (its `Iconv` option): libmime's decoding,
 * plus the mojibake repair above for bodies that declare a CJK charset but carry UTF-8 Latin-1.
 */
export class RepairingCharsetDecoder extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(private readonly charset: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    const bytes = Buffer.concat(this.chunks);
    let text: string | null = null;
    if (isCjk8BitCharset(this.charset) && isUtf8(bytes)) text = repairMojibake(bytes.toString('utf8'), this.charset);
    this.push(Buffer.from(text ?? decode(bytes, this.charset), 'utf8'));
    done();
  }
}

/** The first charset a raw message declares anywhere (top level or a text part): the hint for raw 8-bit headers. */
export function declaredCharset(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 256 * 1024).toString('latin1');
  return /\bcharset\s*=\s*"?([A-Za-z0-9_.:+-]{1,40})/i.exec(head)?.[1];
}
