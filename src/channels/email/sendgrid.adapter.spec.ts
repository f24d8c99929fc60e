import { capturedPost, webhookFormOf } from '../../../test/helpers/email-fixtures';
import { automatedVerdict } from './automated-mail';
import { mapEmail } from './email.adapter';
import { parseMime } from './mime-parser';
import { isSendGridRawMode, sendGridCharsets, sendGridParsedToEmail, sendGridRawToEmail } from './sendgrid.adapter';
import { WebhookForm } from './webhook-form';

async function parsedFixture(name: string) {
  const form = await webhookFormOf(capturedPost(name));
  const headerMail = await parseMime(`${form.text('headers') ?? ''}\r\n\r\n`);
  return { form, message: sendGridParsedToEmail(form, headerMail) };
}

describe('SendGrid Inbound Parse, parsed mode', () => {
  it('reads the fields, the threading headers and the four attachments of the capture', async () => {
    const { form, message } = await parsedFixture('sendgrid-inbound.multipart.txt');
    expect(isSendGridRawMode(form)).toBe(false);
    expect(message).toMatchObject({
      messageId: '<D0AB77C1-A89D-4D9E-A207-5E20A6D36BEF@opennorth.ca>',
      from: { name: 'James McKinney', address: 'james@opennorth.ca' },
      envelopeFrom: 'james@opennorth.ca',
      to: ['foo+bar@parolecitoyenne.com'],
      subject: 'Test',
      providerSpam: false,
      provider: { name: 'sendgrid', mode: 'parsed', spamScore: -2.599, spf: 'pass' },
    });
    expect(message.text).toMatch(/^bold text\r?\n/);
    expect(message.html).toContain('<b>bold text</b>');
    expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['foo.txt', 'text/plain'],
      ['msg-12415-313.html', 'text/html'],
      ['bar.txt', 'text/plain'],
      ['msg-12415-314.html', 'text/html'],
    ]);
    expect(message.attachments[0].content.toString()).toBe(
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n',
    );
    const mapped = mapEmail(message, { source: 'sendgrid' });
    expect(mapped.kind === 'message' && mapped.contact).toMatchObject({
      externalId: '<D0AB77C1-A89D-4D9E-A207-5E20A6D36BEF@opennorth.ca>',
      language: 'en',
      subject: 'Test',
    });
  });

  it('decodes each field by the charsets map (windows-1252 text with a euro sign)', async () => {
    const { form, message } = await parsedFixture('sendgrid-inbound-windows1252.multipart.txt');
    expect(sendGridCharsets(form)).toMatchObject({ text: 'windows-1252', subject: 'UTF-8' });
    expect(message.subject).toBe('Hello €');
    expect(message.text?.trim()).toBe('World €');
    expect(message.attachments).toEqual([]);
  });

  it('takes SendGrid’s spam verdict against the threshold its report names', async () => {
    const { message } = await parsedFixture('sendgrid-inbound-spam.multipart.txt');
    expect(message.providerSpam).toBe(true);
    expect(message.provider).toMatchObject({ spamScore: 997.401 });
    expect(automatedVerdict(message)?.kind).toBe('spam');
  });

  it('decodes fields in GB2312, Big5 and ISO-2022-JP', async () => {
    const iconv = await import('iconv-lite');
    const form = new WebhookForm(
      new Map([
        ['from', [Buffer.from(`=?GB2312?B?${iconv.encode('李伟', 'gb2312').toString('base64')}?= <li@example.cn>`)]],
        ['subject', [iconv.encode('服务器报价', 'gb2312')]],
        ['text', [iconv.encode('請提供報價', 'big5')]],
        ['html', [Buffer.from('\x1b$B8+@Q\x1b(B', 'latin1')]],
        ['charsets', [Buffer.from('{"subject":"gb2312","text":"big5","html":"iso-2022-jp","from":"UTF-8"}')]],
      ]),
      [],
    );
    const message = sendGridParsedToEmail(form, await parseMime('Message-ID: <x@example.cn>\r\n\r\n'));
    expect(message.subject).toBe('服务器报价');
    expect(message.text).toBe('請提供報價');
    expect(message.html).toBe('見積');
    expect(message.from).toEqual({ name: '李伟', address: 'li@example.cn' });
  });
});

describe('SendGrid Inbound Parse, raw mode', () => {
  it('parses the full MIME message in the email field, with the envelope', async () => {
    const mime =
      'From: Ann <ann@example.org>\r\nMessage-ID: <raw@example.org>\r\nSubject: =?UTF-8?B?5oql5Lu3?=\r\n\r\nhi\r\n';
    const form = new WebhookForm(
      new Map([
        ['email', [Buffer.from(mime)]],
        ['envelope', [Buffer.from('{"to":["sales@example.com"],"from":"bounce@example.org"}')]],
        ['spam_score', [Buffer.from('0.1')]],
      ]),
      [],
    );
    expect(isSendGridRawMode(form)).toBe(true);
    const message = sendGridRawToEmail(form, await parseMime(form.bytes('email')!));
    expect(message).toMatchObject({
      messageId: '<raw@example.org>',
      subject: '报价',
      envelopeFrom: 'bounce@example.org',
      providerSpam: false,
      provider: { mode: 'raw', spamScore: 0.1 },
    });
  });
});
