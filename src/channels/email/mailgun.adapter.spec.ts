import { createHmac } from 'node:crypto';
import { capturedPost, emailFixture, webhookFormOf } from '../../../test/helpers/email-fixtures';
import { automatedVerdict } from './automated-mail';
import { mapEmail } from './email.adapter';
import {
  checkMailgunSignature,
  isMailgunRawMode,
  mailgunHeaderBlock,
  mailgunParsedToEmail,
  mailgunRawToEmail,
} from './mailgun.adapter';
import { parseMime } from './mime-parser';

interface Vectors {
  signingKey: string;
  vectors: { timestamp: string; token: string; signature: string }[];
}
const vectors = JSON.parse(emailFixture('mailgun-signature-vectors.json').toString('utf8')) as Vectors;
const DAY = 24 * 3600;

describe('checkMailgunSignature', () => {
  const [vector] = vectors.vectors;
  const at = Number(vector.timestamp);

  it('verifies the published vector with its key', () => {
    expect(checkMailgunSignature(vectors.signingKey, vector, at + 10, 900)).toBe('ok');
  });

  it.each<[string, Partial<typeof vector>, string]>([
    ['another key', {}, 'bad_signature'],
    ['a changed token', { token: `${vector.token}x` }, 'bad_signature'],
    ['a changed timestamp', { timestamp: String(at + 1) }, 'bad_signature'],
    ['a signature that is not hex', { signature: 'xxx' }, 'bad_signature'],
    ['no signature', { signature: undefined }, 'missing'],
    ['no token', { token: '' }, 'missing'],
  ])('refuses %s', (name, change, result) => {
    const key = name === 'another key' ? 'bar' : vectors.signingKey;
    expect(checkMailgunSignature(key, { ...vector, ...change }, at, 900)).toBe(result);
  });

  it('refuses a timestamp outside the window, either way', () => {
    const sign = (timestamp: string, token = 't'.repeat(50)) => ({
      timestamp,
      token,
      signature: createHmac('sha256', 'key')
        .update(timestamp + token)
        .digest('hex'),
    });
    const now = 2_000_000_000;
    expect(checkMailgunSignature('key', sign(String(now - 899)), now, 900)).toBe('ok');
    expect(checkMailgunSignature('key', sign(String(now - 901)), now, 900)).toBe('stale');
    expect(checkMailgunSignature('key', sign(String(now + 901)), now, 900)).toBe('stale');
    expect(checkMailgunSignature(vectors.signingKey, vector, at + DAY, 900)).toBe('stale');
  });
});

describe('Mailgun route fixtures', () => {
  it('the multipart capture verifies with key foo and carries two attachments', async () => {
    const form = await webhookFormOf(capturedPost('mailgun-route.multipart.txt'));
    const sig = { timestamp: form.text('timestamp'), token: form.text('token'), signature: form.text('signature') };
    expect(checkMailgunSignature('foo', sig, Number(sig.timestamp), 900)).toBe('ok');
    expect(isMailgunRawMode(form)).toBe(false);
    const message = mailgunParsedToEmail(form, await parseMime(`${mailgunHeaderBlock(form)}\r\n\r\n`));
    expect(message).toMatchObject({
      messageId: '<E102015D-F580-4316-81FA-7324838A3AE8@opennorth.ca>',
      from: { name: 'James McKinney', address: 'james@opennorth.ca' },
      envelopeFrom: 'james@opennorth.ca',
      to: ['foo+bar@multimail.mailgun.org'],
      subject: 'Test',
      providerSpam: false,
    });
    expect(message.attachments.map((a) => [a.filename, a.contentType, a.content.toString().trim()])).toEqual([
      ['foo.txt', 'text/plain', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.'],
      ['bar.txt', 'text/plain', 'Nam accumsan euismod eros et rhoncus.'],
    ]);
    expect(automatedVerdict(message)).toBeNull();
    const mapped = mapEmail(message, { source: 'mailgun' });
    expect(mapped.kind === 'message' && mapped.contact.body).toMatch(/^bold text/);
  });

  it('the form-encoded GTUBE capture is flagged spam (X-Mailgun-Sflag: Yes) and does not verify with foo', async () => {
    const form = await webhookFormOf(capturedPost('mailgun-route.form'));
    const sig = { timestamp: form.text('timestamp'), token: form.text('token'), signature: form.text('signature') };
    expect(checkMailgunSignature('foo', sig, Number(sig.timestamp), 900)).toBe('bad_signature');
    const message = mailgunParsedToEmail(form, await parseMime(`${mailgunHeaderBlock(form)}\r\n\r\n`));
    expect(message.text).toContain('GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL');
    expect(automatedVerdict(message)).toEqual({ kind: 'spam', rule: 'provider spam verdict' });
  });

  it('the raw-MIME capture verifies with key foo and parses body-mime', async () => {
    const form = await webhookFormOf(capturedPost('mailgun-route-mime.form'));
    const sig = { timestamp: form.text('timestamp'), token: form.text('token'), signature: form.text('signature') };
    expect(checkMailgunSignature('foo', sig, Number(sig.timestamp), 900)).toBe('ok');
    expect(isMailgunRawMode(form)).toBe(true);
    const message = mailgunRawToEmail(form, await parseMime(form.bytes('body-mime')!));
    expect(message.messageId).toMatch(/@opennorth\.ca>$/);
    expect(message.subject).toBe('Test');
    expect(message.from?.address).toBe('james@opennorth.ca');
    expect(message.attachments.length).toBeGreaterThan(0);
  });

  it('the bad-signature capture is refused', async () => {
    const form = await webhookFormOf(capturedPost('mailgun-route-bad-signature.form'));
    const sig = { timestamp: form.text('timestamp'), token: form.text('token'), signature: form.text('signature') };
    expect(checkMailgunSignature('foo', sig, Number(sig.timestamp), 900)).toBe('bad_signature');
  });

  it('rebuilds the header block from the individual fields when message-headers is missing', async () => {
    const post = capturedPost('mailgun-route.form');
    const body = new URLSearchParams(post.body.toString('utf8'));
    body.delete('message-headers');
    const form = await webhookFormOf({ ...post, body: Buffer.from(body.toString()) });
    expect(mailgunHeaderBlock(form)).toMatch(/^Message-Id: <.+@opennorth\.ca>/m);
  });
});
