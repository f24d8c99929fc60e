import { emailFixture } from '../../../test/helpers/email-fixtures';
import { declaredCharset } from './charset-repair';
import { EmailMessage, fromParsedMail } from './email-message';
import { bodyText, EmailMapping, inquiryTypeOf, mapEmail, safeFilename } from './email.adapter';
import { parseMime } from './mime-parser';

type Mapped = Extract<EmailMapping, { kind: 'message' }>;

/** A fixture through the same steps as a mail delivered over SMTP: parse, common shape, mapping. */
async function mapFixture(name: string): Promise<Mapped> {
  const raw = emailFixture(name);
  const message = fromParsedMail(await parseMime(raw), { charsetHint: declaredCharset(raw) });
  const mapping = mapEmail(message, { source: 'smtp', fingerprint: 'f'.repeat(64) });
  if (mapping.kind !== 'message') throw new Error(`${name} mapped to ${mapping.kind}`);
  return mapping;
}

const message = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  inReplyTo: [],
  references: [],
  from: { name: 'Ann', address: 'ann@example.org' },
  to: ['sales@example.com'],
  subject: 'Hello',
  text: 'Body',
  headers: {},
  attachments: [],
  ...over,
});

describe('e-mail fixtures through the mapping', () => {
  it('ISO-2022-JP body with a UTF-8 B-encoded subject', async () => {
    const m = await mapFixture('ja-iso-2022-jp-plain.eml');
    expect(m.contact).toMatchObject({
      medium: 'email',
      source: 'smtp',
      subject: 'まみむめも',
      body: 'すみません。',
      language: 'ja',
      inquiryType: 'question',
      from: { name: 'Mikel Lindsaar', email: 'raasdnil@gmail.com' },
    });
    // No Message-ID: the delivery's fingerprint keys it, so a redelivery is still recognized.
    expect(m.contact.externalId).toBe(`sha256:${'f'.repeat(64)}`);
  });

  it('a Japanese reply: folded ISO-2022-JP encoded words, In-Reply-To, an mbox From line', async () => {
    const m = await mapFixture('ja-iso-2022-jp-reply-in-reply-to.eml');
    expect(m.contact.subject).toBe('Re: TEST テストテスト');
    expect(m.contact.body).toBe('Hello');
    expect(m.contact.externalId).toBe('<0CC5E11ED2C1D@example.com>');
    expect(m.contact.from).toEqual({ name: 'Atsushi Yoshida', email: 'atsushi@example.com' });
    expect(m.threadIds).toEqual(['<rid_5582199198@msgid.example.com>']);
    expect(m.followUp).toMatchObject({ externalId: '<0CC5E11ED2C1D@example.com>', fromAddress: 'atsushi@example.com' });
  });

  it('Shift_JIS 8-bit body from a docomo handset', async () => {
    const m = await mapFixture('ja-shift-jis-docomo-8bit.eml');
    expect(m.contact.body).toBe(
      'あいうえお\n\nこのメールはテスト用のメールです。\n\n今後ともよろしくお願い申し上げます！',
    );
    expect(m.contact.language).toBe('ja');
    expect(m.contact.from).toEqual({ email: 'xxxxxxx@docomo.ne.jp' });
  });

  it('multipart/mixed with an RFC 2047 Japanese attachment name', async () => {
    const m = await mapFixture('ja-multipart-mixed-utf8-filename.eml');
    expect(m.contact.body).toBe('testing\n\n-- \nhttp://lindsaar.net/\nRails, RSpec and Life blog....');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: 'てすと.txt', contentType: 'text/plain' });
    expect(m.attachments[0].content.toString('utf8')).toBe('this is a test\nこれわてすと');
  });

  it('Big5 mail whose bytes were mis-decoded upstream is repaired, subject and body', async () => {
    const m = await mapFixture('zh-big5-html-raw8bit-empty-cte.eml');
    expect(m.contact.subject).toBe(
      '4d8119 (大補泡麵專賣) 大家說英語 每日聽MP3 (2004年6月份) 繁體中文光碟版 (英語教學) 8afb90',
    );
    expect(m.contact.body).toContain('軟體帝國更新迅速');
    expect(m.contact.body).not.toMatch(/[¤¸Ä]/);
    expect(m.contact.language).toBe('zh');
    expect(m.contact.externalId).toBe('<11107978796724623>');
  });

  it('a Gmail forward: QP ISO-8859-1 body, In-Reply-To and References, an RFC 2231 attachment name', async () => {
    const m = await mapFixture('reply-fwd-qp-latin1-attachment.eml');
    expect(m.contact.subject).toBe('Fwd: Signed email causes file attachments');
    expect(m.contact.body).toMatch(/^We should not include these files or vcards as attachments\./);
    expect(m.contact.body).toContain('Test attachments oddly encoded with japanese charset.');
    expect(m.threadIds).toEqual(['<F6E2D0B4-CC35-4A91-BA4C-C7C712B10C13@mac.com>']);
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0].filename).toMatch(/^01 Quien Te Dij.*at\. Pitbull\.mp3$/);
    expect(m.attachments[0].content.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x80]));
  });

  it('multipart/alternative: the plain-text part is the body', async () => {
    const m = await mapFixture('multipart-alternative-plain-enriched.eml');
    expect(m.contact.body).toBe('XXXXX Xxxxx');
    expect(m.contact.subject).toBe('worse when you use them.');
    expect(m.contact.externalId).toBe('<416eaebec6d333ec6939eaf8a7d80724@xxxxx>');
  });
});

describe('mapEmail', () => {
  it('takes the envelope sender when the From header has no address', () => {
    const m = mapEmail(message({ from: { name: 'No Address' }, envelopeFrom: 'Real@Example.org' }), { source: 'smtp' });
    expect(m.kind === 'message' && m.contact.from).toEqual({ name: 'No Address', email: 'real@example.org' });
  });

  it('refuses a mail with no sender address at all, naming the field', () => {
    expect(mapEmail(message({ from: undefined }), { source: 'smtp' })).toEqual({
      kind: 'refused',
      field: 'from',
      message: expect.any(String),
    });
    expect(mapEmail(message({ from: { address: 'not an address' } }), { source: 'smtp' }).kind).toBe('refused');
    const noFromField = mapEmail(message({ from: undefined, envelopeFrom: 'a@example.org' }), { source: 'smtp' });
    expect(noFromField).toMatchObject({ kind: 'refused', field: 'from' });
  });

  it('ignores machine-written mail before anything else', () => {
    const m = mapEmail(message({ headers: { 'auto-submitted': ['auto-replied'] } }), { source: 'mailgun' });
    expect(m).toEqual({ kind: 'ignored', verdict: { kind: 'auto_reply', rule: 'Auto-Submitted: auto-replied' } });
  });

  it('orders thread ids In-Reply-To first, then References newest first', () => {
    const m = mapEmail(message({ inReplyTo: ['<c@x>'], references: ['<a@x>', '<b@x>', '<c@x>'] }), { source: 'smtp' });
    expect(m.kind === 'message' && m.threadIds).toEqual(['<c@x>', '<b@x>', '<a@x>']);
  });

  it('uses the Message-ID as external id, hashing one too long for the column', () => {
    const short = mapEmail(message({ messageId: '<id@example.org>' }), { source: 'smtp' });
    expect(short.kind === 'message' && short.contact.externalId).toBe('<id@example.org>');
    const long = mapEmail(message({ messageId: `<${'x'.repeat(300)}@example.org>` }), { source: 'smtp' });
    expect(long.kind === 'message' && long.contact.externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('cuts the subject and name to their columns and strips control characters', () => {
    const m = mapEmail(
      message({ subject: `a\u0000b\r\n${'s'.repeat(600)}`, from: { name: 'n'.repeat(300), address: 'a@b.c' } }),
      {
        source: 'smtp',
      },
    );
    if (m.kind !== 'message') throw new Error('not a message');
    expect(m.contact.subject!.startsWith('a b ')).toBe(true);
    expect(m.contact.subject).toHaveLength(500);
    expect(m.contact.from.name).toHaveLength(200);
  });

  it('detects the language from subject and body', () => {
    const lang = (subject: string, text: string) => {
      const m = mapEmail(message({ subject, text }), { source: 'smtp' });
      return m.kind === 'message' ? m.contact.language : null;
    };
    expect(lang('お見積もり', 'よろしくお願いします')).toBe('ja');
    expect(lang('报价', '请提供服务器报价')).toBe('zh');
    expect(lang('Quote', 'Please send a quote')).toBe('en');
  });
});

describe('inquiryTypeOf', () => {
  it.each([
    ['サーバーのお見積もりについて', 'quote'],
    ['请提供报价', 'quote'],
    ['Request for quotation', 'quote'],
    ['Re: quote for 20 laptops', 'quote'],
    ['セミナー参加申し込み', 'seminar'],
    ['研讨会报名', 'seminar'],
    ['Webinar registration', 'seminar'],
    ['デモのお願い', 'demo'],
    ['Can we see a demo?', 'demo'],
    ['Hello', 'question'],
    ['Quoted text inside', 'question'],
  ])('%s -> %s', (subject, type) => expect(inquiryTypeOf(subject)).toBe(type));
});

describe('bodyText', () => {
  it('falls back to the HTML converted to text', () => {
    expect(bodyText({ html: '<p>Hello <b>there</b></p><p>A &amp; B</p><img src="x.png">' })).toBe(
      'Hello there\n\nA & B',
    );
  });

  it('normalizes line ends and caps the size', () => {
    expect(bodyText({ text: 'a\r\nb\rc' })).toBe('a\nb\nc');
    const long = bodyText({ text: 'x'.repeat(200_000) });
    expect(long.length).toBeLessThan(100_100);
    expect(long).toMatch(/truncated\]$/);
  });
});

describe('safeFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\a\\evil.exe', 'evil.exe'],
    ['line\r\nbreak.txt', 'line break.txt'],
    ['.hidden', 'hidden'],
    ['', 'attachment-3'],
    [undefined, 'attachment-3'],
  ])('%p -> %p', (name, safe) => expect(safeFilename(name, 2)).toBe(safe));
});
