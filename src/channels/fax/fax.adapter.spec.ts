import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import phaxio from '../../../test/fixtures/fax/phaxio-fax-received.json';
import generic from '../../../test/fixtures/fax/generic-fax.json';
import { faxFilename, sniffFaxDocument } from './fax-document';
import { checkDocument, readGenericFax, readJsonDocument } from './generic-fax.adapter';
import { readPhaxioCallback, toInboundFax } from './phaxio.adapter';

const fixtures = join(__dirname, '../../../test/fixtures/fax');
const pdf = readFileSync(join(fixtures, 'purchase-order.pdf'));
const tiff = readFileSync(join(fixtures, 'one-pixel.tiff'));
const ctx = { defaultRegion: 'JP' };
const phaxioFields = (fax: object = phaxio.fax, extra: object = {}) => ({
  ...phaxio.fields,
  fax: JSON.stringify(fax),
  ...extra,
});
const fieldsOf = (read: { ok: boolean; errors?: { field: string }[] }) =>
  read.ok ? [] : read.errors!.map((e) => e.field);

describe('fax documents', () => {
  it('knows PDF and TIFF (both byte orders) by their first bytes', () => {
    expect(sniffFaxDocument(pdf)).toBe('application/pdf');
    expect(sniffFaxDocument(tiff)).toBe('image/tiff');
    expect(sniffFaxDocument(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('image/tiff');
    expect(sniffFaxDocument(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffFaxDocument(Buffer.alloc(0))).toBeNull();
    expect(faxFilename('gw/1 2', 'image/tiff')).toBe('fax-gw-1-2.tif');
  });
});

describe('Phaxio receive callback (fixture)', () => {
  it('maps a received fax, with the sender in E.164 and the called line', () => {
    const read = readPhaxioCallback(phaxioFields(), ctx);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.value).toMatchObject({
      success: true,
      direction: 'received',
      fax: {
        faxId: '78123456',
        from: '+81352123456',
        to: '+81356789012',
        pages: 1,
        callerName: 'ACME KK',
        isTest: false,
      },
    });
    const blob = { key: 'ab/x', size: pdf.length, sha256: 'x' };
    const inbound = toInboundFax(
      'phaxio',
      read.value.fax,
      { kind: 'fax_document', filename: 'fax-78123456.pdf', contentType: 'application/pdf', blob },
      'ja',
    );
    expect(inbound).toMatchObject({
      medium: 'fax',
      source: 'phaxio',
      externalId: '78123456',
      from: { phone: '+81352123456', name: 'ACME KK' },
      language: 'ja',
      attachments: [{ kind: 'fax_document' }],
    });
    expect(inbound.body).toBe('Fax of 1 page from +81352123456 to +81356789012');
  });

  it('reads v2.1 callbacks that carry only the fax object', () => {
    const read = readPhaxioCallback({ fax: JSON.stringify(phaxio.fax) }, ctx);
    expect(read.ok && read.value).toMatchObject({ success: true, direction: 'received' });
  });

  it('accepts a withheld sender and tells a failed reception', () => {
    const withheld = readPhaxioCallback(phaxioFields({ ...phaxio.fax, from_number: null }), ctx);
    expect(withheld.ok && withheld.value.fax.from).toBeUndefined();
    const failed = readPhaxioCallback(phaxioFields(phaxio.fax, { success: 'false' }), ctx);
    expect(failed.ok && failed.value.success).toBe(false);
  });

  it.each([
    ['no fax field', { ...phaxio.fields }, ['fax']],
    ['fax is not JSON', phaxioFields(undefined, { fax: '{id: 1' }), ['fax']],
    ['fax is a JSON array', phaxioFields(undefined, { fax: '[1]' }), ['fax']],
    ['fax without id', phaxioFields({ ...phaxio.fax, id: undefined }), ['fax.id']],
    ['a sender that is no number', phaxioFields({ ...phaxio.fax, from_number: 'fax machine' }), ['fax.from_number']],
    ['pages as words', phaxioFields({ ...phaxio.fax, num_pages: 'one' }), ['fax.num_pages']],
    ['an unknown direction', phaxioFields(phaxio.fax, { direction: 'sideways' }), ['direction']],
    ['success neither true nor false', phaxioFields(phaxio.fax, { success: 'maybe' }), ['success']],
  ])('refuses %s, naming the field', (_name, fields, expected) => {
    expect(fieldsOf(readPhaxioCallback(fields, ctx))).toEqual(expected);
  });
});

describe('generic fax format (fixture)', () => {
  it('reads the metadata and the base64 document', () => {
    const read = readGenericFax(generic, ctx);
    expect(read).toEqual({
      ok: true,
      value: {
        faxId: 'gw-2025-11-24-000183',
        from: '+81352123456',
        to: '+81356789012',
        pages: 1,
        receivedAt: new Date('2025-11-24T08:05:39Z'),
      },
    });
    const document = readJsonDocument(generic);
    expect(document.ok && document.value.contentType).toBe('application/pdf');
    expect(document.ok && document.value.bytes.equals(pdf)).toBe(true);
  });

  it.each([
    ['not an object', [generic], ['body']],
    ['no faxId', { ...generic, faxId: undefined }, ['faxId']],
    ['faxId with spaces', { ...generic, faxId: 'a b' }, ['faxId']],
    ['from missing', { ...generic, from: undefined }, ['from']],
    ['to is no number', { ...generic, to: 'reception' }, ['to']],
    ['pages 0', { ...generic, pages: 0 }, ['pages']],
    ['receivedAt without zone', { ...generic, receivedAt: '2025-11-24T17:05:39' }, ['receivedAt']],
  ])('metadata: refuses %s, naming the field', (_name, body, expected) => {
    expect(fieldsOf(readGenericFax(body, ctx))).toEqual(expected);
  });

  it.each([
    ['no document', { ...generic, document: undefined }, ['document']],
    [
      'an unknown type',
      { ...generic, document: { ...generic.document, contentType: 'image/png' } },
      ['document.contentType'],
    ],
    ['base64 with junk', { ...generic, document: { ...generic.document, base64: '%%%' } }, ['document.base64']],
    [
      'bytes that are not a PDF',
      { ...generic, document: { contentType: 'application/pdf', base64: 'R0lGODlh' } },
      ['document.base64'],
    ],
    [
      'a TIFF declared as PDF',
      { ...generic, document: { contentType: 'application/pdf', base64: tiff.toString('base64') } },
      ['document.base64'],
    ],
  ])('document: refuses %s, naming the field', (_name, body, expected) => {
    expect(fieldsOf(readJsonDocument(body))).toEqual(expected);
  });

  it('takes a document part of any declared type when its bytes are a PDF or TIFF', () => {
    expect(checkDocument(tiff, 'application/octet-stream', 'document').ok).toBe(true);
    expect(fieldsOf(checkDocument(Buffer.from('hello'), undefined, 'document'))).toEqual(['document']);
  });
});
