import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpIntakeServer } from '../../src/channels/email/smtp-intake.server';
import { emailFixture } from '../helpers/email-fixtures';
import { bearer, login } from '../helpers/http';
import { freePort, sendRaw, smtpDialogue } from '../helpers/smtp';
import { startTestApp, TestApp } from '../helpers/test-app';

const DOMAIN = 'contact-center.example';
const MAX_BYTES = 300_000;

interface ContactBody {
  id: string;
  medium: string;
  source: string;
  subject: string | null;
  body: string;
  language: string;
  inquiryType: string;
  from: { name: string | null; email: string | null };
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  timeline: { type: string; data: Record<string, unknown> }[];
}

const jis = (text: string) =>
  Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }));
const word = (charset: string, bytes: Buffer) => `=?${charset}?B?${bytes.toString('base64')}?=`;
const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

/** Encodes bytes as quoted-printable (every non-printable byte as =XX), lines at most 76 long. */
function quotedPrintable(bytes: Buffer): string {
  let line = '';
  const lines: string[] = [];
  for (const b of bytes) {
    const piece =
      b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + piece.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += piece;
  }
  return [...lines, line].join('\r\n');
}

interface Part {
  headers: string[];
  body: string | Buffer;
}

/** A multipart/mixed message from header lines and parts; every byte as given. */
function mime(headers: string[], parts: Part[]): Buffer {
  const boundary = `b-${randomBytes(6).toString('hex')}`;
  const chunks: (string | Buffer)[] = [
    [...headers, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ''].join('\r\n'),
  ];
  for (const part of parts) {
    chunks.push(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`, part.body, '\r\n');
  }
  chunks.push(`--${boundary}--\r\n`);
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : c)));
}

describe('SMTP intake', () => {
  let t: TestApp;
  let token: string;
  let db: DataSource;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({
      SMTP_INTAKE_PORT: String(port),
      SMTP_INTAKE_HOST: '127.0.0.1',
      SMTP_INTAKE_DOMAINS: `${DOMAIN}, Example.COM`,
      SMTP_INTAKE_MAX_BYTES: String(MAX_BYTES),
    });
    token = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const contact = async (id: string): Promise<ContactBody> =>
    (await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as ContactBody;

  const download = async (contactId: string, attachmentId: string): Promise<Buffer> => {
    const res = await request(t.url)
      .get(`/contacts/${contactId}/attachments/${attachmentId}`)
      .set(bearer(token))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  };

  /** Delivers a message and returns the id of the contact the 250 reply names. */
  const deliver = async (raw: Buffer | string, from = 'customer@example.org'): Promise<string> => {
    const reply = await sendRaw(port, raw, { from, to: [`sales@${DOMAIN}`] });
    expect(reply).toMatchObject({ code: 250 });
    const id = /stored as contact ([0-9a-f-]{36})/.exec(reply.response)?.[1];
    if (!id) throw new Error(`no contact id in ${reply.response}`);
    return id;
  };

  const countContacts = async (): Promise<number> =>
    (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM contact`))[0].n;

  it('listens on the configured port and exposes it', () => {
    expect(t.app.get(SmtpIntakeServer).address()).toEqual({ host: '127.0.0.1', port });
  });

  it('announces the size limit in EHLO and refuses other recipient domains with 550', async () => {
    const replies = await smtpDialogue(port, [
      'EHLO client.test',
      'MAIL FROM:<a@example.org>',
      'RCPT TO:<someone@elsewhere.example>',
      `RCPT TO:<sales@${DOMAIN.toUpperCase()}>`,
      'RCPT TO:<info@example.com>',
    ]);
    expect(replies[1]).toMatch(new RegExp(`250[- ]SIZE ${MAX_BYTES}\\r\\n`));
    expect(replies[1]).not.toMatch(/AUTH|STARTTLS/);
    expect(replies[3]).toMatch(/^550 /);
    expect(replies[4]).toMatch(/^250 /);
    expect(replies[5]).toMatch(/^250 /);
  });

  it('stores an ISO-2022-JP mail with a Japanese attachment name and answers 250 only then', async () => {
    const pdf = randomBytes(3000);
    const raw = mime(
      [
        `From: ${word('ISO-2022-JP', jis('山田太郎'))} <taro@acme-example.co.jp>`,
        `To: sales@${DOMAIN}`,
        `Subject: ${word('ISO-2022-JP', jis('サーバーのお見積もりのお願い'))}`,
        'Message-ID: <jis-1@acme-example.co.jp>',
      ],
      [
        {
          headers: ['Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
          body: jis('お世話になっております。\r\nサーバー10台の見積もりをお願いします。'),
        },
        {
          headers: [
            `Content-Type: application/pdf; name="${word('ISO-2022-JP', jis('見積依頼書.pdf'))}"`,
            `Content-Disposition: attachment; filename="${word('ISO-2022-JP', jis('見積依頼書.pdf'))}"`,
            'Content-Transfer-Encoding: base64',
          ],
          body: base64Lines(pdf),
        },
      ],
    );
    const id = await deliver(raw);
    const c = await contact(id);
    expect(c).toMatchObject({
      medium: 'email',
      source: 'smtp',
      subject: 'サーバーのお見積もりのお願い',
      body: 'お世話になっております。\nサーバー10台の見積もりをお願いします。',
      language: 'ja',
      inquiryType: 'quote',
      from: { name: '山田太郎', email: 'taro@acme-example.co.jp' },
    });
    expect(c.attachments).toEqual([
      expect.objectContaining({ filename: '見積依頼書.pdf', contentType: 'application/pdf', size: 3000 }),
    ]);
    expect(await download(id, c.attachments[0].id)).toEqual(pdf);
  });

  it('stores a GB2312 mail (base64 body, RFC 2231 attachment name)', async () => {
    const sheet = Buffer.from(iconv.encode('型号,数量\r\nX100,20\r\n', 'gb2312'));
    const filename = [...iconv.encode('报价单.csv', 'gb2312')].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    const raw = mime(
      [
        `From: ${word('GB2312', iconv.encode('李伟', 'gb2312'))} <li.wei@example.cn>`,
        `Subject: ${word('GB2312', iconv.encode('服务器报价请求', 'gb2312'))}`,
        'Message-ID: <gb-1@example.cn>',
      ],
      [
        {
          headers: ['Content-Type: text/plain; charset=GB2312', 'Content-Transfer-Encoding: base64'],
          body: base64Lines(iconv.encode('您好，请提供二十台服务器的报价。谢谢！', 'gb2312')),
        },
        {
          headers: [
            'Content-Type: text/csv',
            `Content-Disposition: attachment; filename*=gb2312''${filename}`,
            'Content-Transfer-Encoding: base64',
          ],
          body: base64Lines(sheet),
        },
      ],
    );
    const id = await deliver(raw);
    const c = await contact(id);
    expect(c).toMatchObject({
      subject: '服务器报价请求',
      body: '您好，请提供二十台服务器的报价。谢谢！',
      language: 'zh',
      inquiryType: 'quote',
      from: { name: '李伟', email: 'li.wei@example.cn' },
    });
    expect(c.attachments.map((a) => a.filename)).toEqual(['报价单.csv']);
    expect(await download(id, c.attachments[0].id)).toEqual(sheet);
  });

  it('stores a Big5 mail (quoted-printable body, Q-encoded subject, Big5 attachment name)', async () => {
    const spec = iconv.encode('規格：雙處理器，64GB 記憶體', 'big5');
    const qWord = `=?Big5?Q?${[...iconv.encode('伺服器報價', 'big5')].map((b) => `=${b.toString(16).toUpperCase()}`).join('')}?=`;
    const raw = mime(
      [`From: "Chen" <chen@example.com.tw>`, `Subject: ${qWord}`, 'Message-ID: <big5-1@example.com.tw>'],
      [
        {
          headers: ['Content-Type: text/plain; charset=big5', 'Content-Transfer-Encoding: quoted-printable'],
          body: quotedPrintable(iconv.encode('請提供伺服器的報價，謝謝。', 'big5')),
        },
        {
          headers: [
            `Content-Type: text/plain; charset=big5; name="${word('Big5', iconv.encode('規格.txt', 'big5'))}"`,
            `Content-Disposition: attachment; filename="${word('Big5', iconv.encode('規格.txt', 'big5'))}"`,
            'Content-Transfer-Encoding: base64',
          ],
          body: base64Lines(spec),
        },
      ],
    );
    const id = await deliver(raw);
    const c = await contact(id);
    expect(c).toMatchObject({ subject: '伺服器報價', body: '請提供伺服器的報價，謝謝。', language: 'zh' });
    expect(c.attachments.map((a) => a.filename)).toEqual(['規格.txt']);
    expect(await download(id, c.attachments[0].id)).toEqual(spec);
  });

  describe('each .eml fixture over SMTP', () => {
    it.each<[string, Partial<ContactBody>, string[]]>([
      ['ja-iso-2022-jp-plain.eml', { subject: 'まみむめも', body: 'すみません。', language: 'ja' }, []],
      ['ja-iso-2022-jp-reply-in-reply-to.eml', { subject: 'Re: TEST テストテスト', body: 'Hello', language: 'ja' }, []],
      [
        'ja-shift-jis-docomo-8bit.eml',
        {
          subject: 'test',
          body: 'あいうえお\n\nこのメールはテスト用のメールです。\n\n今後ともよろしくお願い申し上げます！',
          language: 'ja',
        },
        [],
      ],
      ['ja-multipart-mixed-utf8-filename.eml', { subject: 'testing', language: 'en' }, ['てすと.txt']],
      [
        'zh-big5-html-raw8bit-empty-cte.eml',
        {
          subject: '4d8119 (大補泡麵專賣) 大家說英語 每日聽MP3 (2004年6月份) 繁體中文光碟版 (英語教學) 8afb90',
          language: 'zh',
        },
        [],
      ],
      ['reply-fwd-qp-latin1-attachment.eml', { subject: 'Fwd: Signed email causes file attachments' }, ['*.mp3']],
      ['multipart-alternative-plain-enriched.eml', { subject: 'worse when you use them.', body: 'XXXXX Xxxxx' }, ['*']],
    ])('%s', async (name, expected, attachments) => {
      const id = await deliver(emailFixture(name));
      const c = await contact(id);
      expect(c).toMatchObject({ medium: 'email', source: 'smtp', ...expected });
      expect(c.attachments).toHaveLength(attachments.length);
      attachments.forEach((pattern, i) => {
        if (!pattern.startsWith('*')) expect(c.attachments[i].filename).toBe(pattern);
        else expect(c.attachments[i].filename.endsWith(pattern.slice(1))).toBe(true);
      });
    });

    it('the Big5 fixture body is repaired too', async () => {
      const id = await deliver(emailFixture('zh-big5-html-raw8bit-empty-cte.eml'));
      expect((await contact(id)).body).toContain('軟體帝國更新迅速');
    });
  });

  it('a redelivered message is the same contact', async () => {
    const raw =
      'From: Ann <ann@example.org>\r\nMessage-ID: <again@example.org>\r\nSubject: Twice\r\n\r\nSame mail.\r\n';
    const first = await deliver(raw);
    const before = await countContacts();
    expect(await deliver(raw)).toBe(first);
    expect(await countContacts()).toBe(before);
  });

  it('a reply (In-Reply-To) joins the contact instead of creating one', async () => {
    const original = await deliver(
      'From: Bo <bo@example.org>\r\nMessage-ID: <thread-1@example.org>\r\nSubject: Servers\r\n\r\nHow much?\r\n',
    );
    const before = await countContacts();
    const reply = await deliver(
      [
        'From: Bo <bo@example.org>',
        'Message-ID: <thread-2@example.org>',
        'In-Reply-To: <thread-1@example.org>',
        'References: <thread-1@example.org>',
        'Subject: Re: Servers',
        '',
        'Also 5 switches, please.',
        '',
      ].join('\r\n'),
    );
    expect(reply).toBe(original);
    expect(await countContacts()).toBe(before);
    const messages = await db.query(`SELECT source, external_id, body FROM contact_message WHERE contact_id = $1`, [
      original,
    ]);
    expect(messages).toEqual([
      { source: 'smtp', external_id: '<thread-2@example.org>', body: 'Also 5 switches, please.' },
    ]);
    // A reply to the reply (References only) still finds the thread.
    const third = await deliver(
      'From: Bo <bo@example.org>\r\nMessage-ID: <thread-3@example.org>\r\nReferences: <thread-1@example.org> <thread-2@example.org>\r\nSubject: Re: Re: Servers\r\n\r\nAnd cables.\r\n',
    );
    expect(third).toBe(original);
    expect((await contact(original)).timeline.filter((e) => e.type === 'contact.message_received')).toHaveLength(2);
  });

  it('a reply from a colleague joins the conversation; one from a stranger starts its own contact', async () => {
    const original = await deliver(
      'From: Dai <dai@buyer-corp.example>\r\nMessage-ID: <team-1@buyer-corp.example>\r\nSubject: ERP\r\n\r\nPlease call us.\r\n',
    );
    const colleague = await deliver(
      'From: Emi <emi@buyer-corp.example>\r\nMessage-ID: <team-2@buyer-corp.example>\r\nIn-Reply-To: <team-1@buyer-corp.example>\r\nSubject: Re: ERP\r\n\r\nI am in charge of the budget.\r\n',
    );
    expect(colleague).toBe(original);
    const stranger = await deliver(
      'From: Mallory <mallory@elsewhere.example>\r\nMessage-ID: <x-1@elsewhere.example>\r\nIn-Reply-To: <team-1@buyer-corp.example>\r\nSubject: Re: ERP\r\n\r\nSend me their offer.\r\n',
    );
    expect(stranger).not.toBe(original);
    expect((await contact(original)).timeline.filter((e) => e.type === 'contact.message_received')).toHaveLength(1);
  });

  describe('auto-generated mail is accepted (250) and makes no contact', () => {
    it.each<[string, string, string]>([
      [
        'a delivery status report from MAILER-DAEMON',
        '',
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n',
      ],
      [
        'a bounce by its null sender alone',
        '',
        'From: postmaster@mx.example.org\r\nSubject: failure\r\n\r\nbounced\r\n',
      ],
      [
        'an auto-reply',
        'ooo@example.org',
        'From: ooo@example.org\r\nAuto-Submitted: auto-replied\r\nSubject: Re: Servers\r\n\r\nI am away.\r\n',
      ],
      [
        'a Japanese out-of-office',
        'ooo@example.jp',
        `From: ooo@example.jp\r\nSubject: ${word('UTF-8', Buffer.from('【自動返信】不在のお知らせ'))}\r\n\r\n不在です\r\n`,
      ],
      [
        'a mailing list post',
        'list@example.org',
        'From: list@example.org\r\nList-Id: <news.example.org>\r\nList-Unsubscribe: <mailto:u@example.org>\r\nSubject: Newsletter\r\n\r\nnews\r\n',
      ],
      ['bulk mail', 'bulk@example.org', 'From: bulk@example.org\r\nPrecedence: bulk\r\nSubject: Offer\r\n\r\nbuy\r\n'],
    ])('%s', async (_name, envelopeFrom, raw) => {
      const before = await countContacts();
      const reply = await sendRaw(port, raw, { from: envelopeFrom, to: [`sales@${DOMAIN}`] });
      expect(reply.code).toBe(250);
      expect(reply.response).toMatch(/not stored: (bounce|auto_reply|mailing_list)/);
      expect(await countContacts()).toBe(before);
    });
  });

  it('refuses an oversize message with 552, announced SIZE or not', async () => {
    const big = `From: big@example.org\r\nSubject: big\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(5000)}`;
    // nodemailer declares SIZE on MAIL FROM: refused up front.
    expect((await sendRaw(port, big)).code).toBe(552);
    // A client that does not declare it is refused after DATA.
    const replies = await smtpDialogue(port, [
      'EHLO client.test',
      'MAIL FROM:<big@example.org>',
      `RCPT TO:<sales@${DOMAIN}>`,
      'DATA',
      Buffer.from(`${big}\r\n.\r\n`),
    ]);
    expect(replies[4]).toMatch(/^354 /);
    expect(replies[5]).toMatch(/^552 /);
  });

  it('answers 451 while the database refuses writes, and stores the retry once it is back', async () => {
    const raw = 'From: Db <db@example.org>\r\nMessage-ID: <db-down@example.org>\r\nSubject: Retry me\r\n\r\nHello\r\n';
    await db.query(`ALTER TABLE contact ADD CONSTRAINT test_refuse_writes CHECK (false) NOT VALID`);
    try {
      const reply = await sendRaw(port, raw);
      expect(reply.code).toBe(451);
    } finally {
      await db.query(`ALTER TABLE contact DROP CONSTRAINT test_refuse_writes`);
    }
    const id = await deliver(raw);
    expect((await contact(id)).subject).toBe('Retry me');
  });

  it('answers 451 while blob storage fails, leaving nothing behind', async () => {
    const raw = mime(
      ['From: Files <files@example.org>', 'Message-ID: <storage-down@example.org>', 'Subject: With a file'],
      [
        { headers: ['Content-Type: text/plain'], body: 'see attached' },
        {
          headers: ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="a.bin"'],
          body: 'abc',
        },
      ],
    );
    const storageDir = t.storageDir;
    const aside = `${storageDir}-aside`;
    renameSync(storageDir, aside);
    writeFileSync(storageDir, 'not a directory');
    try {
      expect((await sendRaw(port, raw)).code).toBe(451);
    } finally {
      rmSync(storageDir);
      renameSync(aside, storageDir);
    }
    expect(await db.query(`SELECT 1 FROM contact WHERE external_id = '<storage-down@example.org>'`)).toEqual([]);
    const id = await deliver(raw);
    expect((await contact(id)).attachments.map((a) => a.filename)).toEqual(['a.bin']);
  });

  it('never falls over on random bytes: a refusal, and the server keeps serving', async () => {
    for (let i = 0; i < 5; i++) {
      const reply = await sendRaw(port, randomBytes(2000));
      expect([250, 550]).toContain(reply.code);
    }
    const id = await deliver('From: After <after@example.org>\r\nSubject: still up\r\n\r\nok\r\n');
    expect((await contact(id)).subject).toBe('still up');
  });

  it('refuses a message without a From field with 550', async () => {
    const reply = await sendRaw(port, 'Subject: nobody\r\n\r\nwho am I\r\n');
    expect(reply.code).toBe(550);
  });
});

describe('SMTP intake turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('does not listen when SMTP_INTAKE_PORT is 0', () => {
    expect(t.app.get(SmtpIntakeServer).address()).toBeNull();
  });
});
