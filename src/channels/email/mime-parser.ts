import { simpleParser, type ParsedMail, type SimpleParserOptions } from 'mailparser';
import { RepairingCharsetDecoder } from './charset-repair';

/** Parsing limits: a mail is already bounded in bytes; these bound the work on hostile structure. */
const PARSER_OPTIONS: SimpleParserOptions = {
  checksumAlgo: false,
  keepCidLinks: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  maxHtmlLengthToParse: 2_000_000,
  maxChildNodes: 500,
  // libmime's decoding plus the repair of CJK text mangled upstream (see charset-repair.ts).
  Iconv: RepairingCharsetDecoder,
};

/** A raw MIME message (or a header block followed by an empty line) parsed by mailparser. */
export function parseMime(raw: Buffer | string): Promise<ParsedMail> {
  return simpleParser(raw, PARSER_OPTIONS);
}
