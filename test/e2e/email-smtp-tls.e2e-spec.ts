import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { bearer, login } from '../helpers/http';
import { freePort } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/** STARTTLS on the SMTP intake, with a certificate made for the test by openssl. */
describe('SMTP intake over STARTTLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-tls-'));
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    port = await freePort();
    t = await startTestApp({
      SMTP_INTAKE_PORT: String(port),
      SMTP_INTAKE_HOST: '127.0.0.1',
      SMTP_INTAKE_TLS_CERT_FILE: join(dir, 'cert.pem'),
      SMTP_INTAKE_TLS_KEY_FILE: join(dir, 'key.pem'),
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers STARTTLS and stores a mail delivered over it', async () => {
    const transport = createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    const info = await transport.sendMail({
      from: 'Tls Sender <tls@secure-buyer.example>',
      to: 'sales@intake.example',
      subject: '暗号化された問い合わせ',
      text: 'TLS で送っています。',
      messageId: '<tls-1@secure-buyer.example>',
    });
    transport.close();
    expect(info.response).toMatch(/^250/);
    const token = await login(t);
    const contact = await eventually(async () => {
      const res = await request(t.url).get('/contacts?medium=email').set(bearer(token)).expect(200);
      return res.body.items[0] as { subject: string } | undefined;
    });
    expect(contact.subject).toBe('暗号化された問い合わせ');
  });
});
