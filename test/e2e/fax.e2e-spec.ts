import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login } from '../helpers/http';
import { faxFixture, FIXTURES, genericFaxSignature, phaxioTestSignature } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { readFileSync } from 'node:fs';

const SECRET = 'phaxio-callback-token-for-tests';
const PUBLIC = 'https://cc.example.test';
const PDF = faxFixture('purchase-order.pdf');
const TIFF = faxFixture('one-pixel.tiff');
const phaxioFixture = JSON.parse(readFileSync(join(FIXTURES, 'fax', 'phaxio-fax-received.json'), 'utf8')) as {
  fields: Record<string, string>;
  fax: Record<string, unknown>;
};
const genericFixture = JSON.parse(readFileSync(join(FIXTURES, 'fax', 'generic-fax.json'), 'utf8')) as Record<
  string,
  unknown
>;

interface ContactBody {
  id: string;
  medium: string;
  source: string;
  status: string;
  from: { phone: string | null; name: string | null };
  person: { phone: string | null } | null;
  attachments: { id: string; kind: string; contentType: string; filename: string; size: number }[];
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('fax webhooks', () => {
  let t: TestApp;
  let db: DataSource;
  let token: string;
  let faxSeq = 0;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC, FAX_WEBHOOK_SECRET: SECRET });
    db = t.app.get(DataSource);
    token = await login(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const storedFiles = async () => {
    const dirs = await readdir(t.storageDir).catch(() => [] as string[]);
    const files = await Promise.all(dirs.map((d) => readdir(join(t.storageDir, d)).catch(() => [] as string[])));
    return files.flat().length;
  };
  const getContact = async (id: string) =>
    (await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as ContactBody;
  const faxContacts = (source: string, externalId: string): Promise<{ id: string }[]> =>
    db.query(`SELECT id FROM contact WHERE source = $1 AND external_id = $2`, [source, externalId]);

  describe('Phaxio', () => {
    const phaxioFields = (fax: Record<string, unknown>) => ({ ...phaxioFixture.fields, fax: JSON.stringify(fax) });
    const newFax = (overrides: Record<string, unknown> = {}) => ({
      ...phaxioFixture.fax,
      id: 78_000_000 + ++faxSeq,
      ...overrides,
    });

    /** Posts a Phaxio receive callback, signed per Phaxio's recipe unless a signature is given. */
    const postPhaxio = (
      fields: Record<string, string>,
      file: { name?: string; bytes: Buffer; filename?: string } | null = { bytes: PDF },
      signature?: string,
    ) => {
      const files = file ? { [file.name ?? 'file']: file.bytes } : {};
      const req = request(t.url)
        .post('/webhooks/fax/phaxio')
        .set(
          'X-Phaxio-Signature',
          signature ?? phaxioTestSignature(SECRET, `${PUBLIC}/webhooks/fax/phaxio`, fields, files),
        );
      for (const [name, value] of Object.entries(fields)) req.field(name, value);
      if (file)
        req.attach(file.name ?? 'file', file.bytes, {
          filename: file.filename ?? 'fax.pdf',
          contentType: 'application/pdf',
        });
      return req;
    };

    it('makes a received fax a fax contact with a downloadable PDF and the sender in E.164', async () => {
      const fax = newFax();
      const res = await postPhaxio(phaxioFields(fax)).expect(200);
      expect(res.body).toEqual({ id: expect.any(String), status: 'received' });

      const contact = await eventually(async () => {
        const c = await getContact(res.body.id);
        return c.status === 'queued' ? c : undefined;
      });
      expect(contact).toMatchObject({
        medium: 'fax',
        source: 'phaxio',
        from: { phone: '+81352123456', name: 'ACME KK' },
        person: { phone: '+81352123456' },
      });
      expect(contact.attachments).toEqual([
        expect.objectContaining({
          kind: 'fax_document',
          contentType: 'application/pdf',
          size: PDF.length,
          filename: `fax-${fax.id}.pdf`,
        }),
      ]);
      const download = await request(t.url)
        .get(`/contacts/${contact.id}/attachments/${contact.attachments[0].id}`)
        .set(bearer(token))
        .buffer(true)
        .parse(binary)
        .expect(200)
        .expect('Content-Type', /application\/pdf/);
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    });

    it('answers a redelivery as the first time; ten at once make one contact and keep one file', async () => {
      const fields = phaxioFields(newFax());
      const filesBefore = await storedFiles();
      const first = await postPhaxio(fields).expect(200);
      const answers = await Promise.all(Array.from({ length: 10 }, () => postPhaxio(fields)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(answers.map((a) => a.body)).toEqual(Array(10).fill(first.body));
      const id = String(JSON.parse(fields.fax).id);
      expect(await faxContacts('phaxio', id)).toHaveLength(1);
      expect(
        await db.query(`SELECT count(*)::int AS n FROM attachment WHERE contact_id = $1`, [first.body.id]),
      ).toEqual([{ n: 1 }]);
      expect(await storedFiles()).toBe(filesBefore + 1);
    });

    it('refuses a wrong signature with 403 and stores nothing', async () => {
      const fields = phaxioFields(newFax());
      const filesBefore = await storedFiles();
      const wrong = phaxioTestSignature('not-the-token', `${PUBLIC}/webhooks/fax/phaxio`, fields, { file: PDF });
      await postPhaxio(fields, { bytes: PDF }, wrong).expect(403);
      // Signed for other file contents: the signature covers the document too.
      const other = phaxioTestSignature(SECRET, `${PUBLIC}/webhooks/fax/phaxio`, fields, { file: TIFF });
      await postPhaxio(fields, { bytes: PDF }, other).expect(403);
      await request(t.url)
        .post('/webhooks/fax/phaxio')
        .field('fax', fields.fax)
        .attach('file', PDF, 'fax.pdf')
        .expect(403);
      expect(await faxContacts('phaxio', String(JSON.parse(fields.fax).id))).toEqual([]);
      expect(await storedFiles()).toBe(filesBefore);
    });

    it('answers 400 naming the part when the document is not a PDF or is missing', async () => {
      const notPdf = await postPhaxio(phaxioFields(newFax()), { bytes: Buffer.from('GIF89a....') }).expect(400);
      expect(notPdf.body.errors[0].field).toBe('file');
      const missing = await postPhaxio(phaxioFields(newFax()), null).expect(400);
      expect(missing.body.errors[0].field).toBe('file');
      const badJson = await postPhaxio({ ...phaxioFixture.fields, fax: '{"id": 1,' }).expect(400);
      expect(badJson.body.errors[0].field).toBe('fax');
    });

    it('acknowledges, without a contact, a sent-fax callback and a failed reception', async () => {
      const sent = newFax({ direction: 'sent' });
      const res = await postPhaxio({ ...phaxioFields(sent), direction: 'sent' }).expect(200);
      expect(res.body).toEqual({ status: 'ignored', reason: expect.any(String) });
      const failed = newFax();
      await postPhaxio({ ...phaxioFields(failed), success: 'false' }, null).expect(200);
      expect(await faxContacts('phaxio', String(sent.id))).toEqual([]);
      expect(await faxContacts('phaxio', String(failed.id))).toEqual([]);
    });
  });

  describe('generic format', () => {
    const postJson = (body: object | string, signature?: string) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      return request(t.url)
        .post('/webhooks/fax/generic')
        .set('Content-Type', 'application/json')
        .set('X-Signature', signature ?? genericFaxSignature(SECRET, raw))
        .send(raw);
    };
    const newGeneric = (overrides: Record<string, unknown> = {}) => ({
      ...genericFixture,
      faxId: `gw-${++faxSeq}`,
      ...overrides,
    });

    it('accepts the JSON form signed with HMAC-SHA256 over the raw body', async () => {
      const body = newGeneric();
      const res = await postJson(body).expect(200);
      expect(res.body).toEqual({ id: expect.any(String), status: 'received' });
      const contact = await getContact(res.body.id);
      expect(contact).toMatchObject({ medium: 'fax', source: 'generic-fax', from: { phone: '+81352123456' } });
      expect(contact.attachments).toEqual([
        expect.objectContaining({ kind: 'fax_document', contentType: 'application/pdf' }),
      ]);
      expect((await postJson(body).expect(200)).body).toEqual(res.body);
    });

    it('accepts documents far larger than the app-wide 64 KB body limit', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(300_000, 0x20)]);
      const res = await postJson(
        newGeneric({ document: { contentType: 'application/pdf', base64: big.toString('base64') } }),
      ).expect(200);
      expect((await getContact(res.body.id)).attachments[0].size).toBe(big.length);
    });

    it('accepts the multipart form: a TIFF document part and JSON metadata, signed over the raw body', async () => {
      const boundary = '----fax-boundary-7d93';
      const metadata = JSON.stringify({
        faxId: `gw-${++faxSeq}`,
        from: '+8613812345678',
        to: '+81356789012',
        pages: 1,
      });
      const raw = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadata}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="fax.tif"\r\nContent-Type: image/tiff\r\n\r\n`,
        ),
        TIFF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await request(t.url)
        .post('/webhooks/fax/generic')
        .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
        .set('X-Signature', genericFaxSignature(SECRET, raw))
        .send(raw)
        .expect(200);
      const contact = await getContact(res.body.id);
      expect(contact.from.phone).toBe('+8613812345678');
      expect(contact.attachments).toEqual([expect.objectContaining({ contentType: 'image/tiff', size: TIFF.length })]);
    });

    it('refuses a wrong or missing signature with 403 and stores nothing', async () => {
      const body = newGeneric();
      await postJson(body, genericFaxSignature('wrong', JSON.stringify(body))).expect(403);
      await postJson(body, 'sha256=').expect(403);
      await request(t.url).post('/webhooks/fax/generic').send(body).expect(403);
      expect(await faxContacts('generic-fax', body.faxId)).toEqual([]);
    });

    it.each(
      [
        ['JSON that does not parse', '{"faxId": "x",', 'body'],
        ['a missing sender', { ...genericFixture, faxId: 'gw-bad-1', from: undefined }, 'from'],
        [
          'an unknown document type',
          { ...genericFixture, faxId: 'gw-bad-2', document: { contentType: 'image/png', base64: 'AA==' } },
          'document.contentType',
        ],
        [
          'a document that is not a PDF',
          {
            ...genericFixture,
            faxId: 'gw-bad-3',
            document: { contentType: 'application/pdf', base64: Buffer.from('hello').toString('base64') },
          },
          'document.base64',
        ],
      ].map(([name, body, field]) => [name, field, body] as const),
    )('answers 400 for %s, naming %s', async (_name, field, body) => {
      const res = await postJson(body as object | string).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  it('answers 404 for a fax provider it does not know', async () => {
    const res = await request(t.url).post('/webhooks/fax/telefax-2000').send({}).expect(404);
    expect(res.body.message).toContain('telefax-2000');
  });
});
