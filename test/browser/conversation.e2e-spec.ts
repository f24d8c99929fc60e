import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createUser, login } from '../helpers/http';
import { freePort, MailCatcher, sendRaw } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const DOMAIN = 'contact-center.example';
const AGENT = { email: 'olivia.park@example.test', password: 'agent-password-1', name: 'Olivia Park' };
const CUSTOMER = 'james.miller@miller-tools.example.com';

jest.setTimeout(120_000);

/** A customer's plain-text mail, as a mail server delivers it to the SMTP intake. */
const mail = (messageId: string, subject: string, body: string, headers: string[] = []) =>
  [
    `From: James Miller <${CUSTOMER}>`,
    `To: sales@${DOMAIN}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    ...headers,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

describe('the conversation in the console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let smtpPort: number;
  const catcher = new MailCatcher();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    await catcher.start();
    smtpPort = await freePort();
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      SMTP_INTAKE_PORT: String(smtpPort),
      SMTP_INTAKE_HOST: '127.0.0.1',
      MAIL_FROM: `Sales <sales@${DOMAIN}>`,
    });
    await createUser(t, await login(t), { ...AGENT, roles: ['agent'] });
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await catcher.stop();
  });

  it('an agent takes an e-mail contact, answers it with a template, and sees the customer answer live', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(AGENT.email);
    await page.locator('#login-form input[name=password]').fill(AGENT.password);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#connection[data-status=connected]').waitFor();
    await page.locator('#presence button[data-status=available]').click();
    await page.locator('#presence[data-status=available]').waitFor();

    const first = '<req.100@miller-tools.example.com>';
    const question = 'Could you send me a quote for 12 network switches with installation?';
    expect((await sendRaw(smtpPort, mail(first, 'Quote for network switches', question))).code).toBe(250);

    const card = page.locator('#offers .offer').first();
    await card.waitFor();
    await card.locator('button.accept').click();
    const contact = page.locator('#contact');
    await contact.locator('.message-body', { hasText: question }).waitFor();
    const thread = contact.locator('.thread');
    await thread.locator('.thread-list', { hasText: 'No replies yet.' }).waitFor();

    // The composer offers e-mail (the customer wrote from an address) and the English e-mail templates.
    const composer = thread.locator('form.composer');
    expect(await composer.locator('select[name=medium] option').allTextContents()).toEqual(['E-mail']);
    await composer
      .locator('select[name=template] option', { hasText: 'Thanks for your inquiry' })
      .waitFor({ state: 'attached' });
    await composer.locator('select[name=template]').selectOption({ label: 'Thanks for your inquiry' });
    await composer.locator('button[type=submit]').click();

    const outbound = thread.locator('.bubble.outbound');
    await outbound.locator('.delivery-sent').waitFor();
    await outbound.locator('.bubble-body', { hasText: 'Dear James Miller' }).waitFor();
    await outbound.locator('.bubble-who', { hasText: AGENT.name }).waitFor();

    const sent = await eventually(() =>
      Promise.resolve(catcher.received.find((r) => /^<reply\./.test(r.mail.messageId ?? ''))),
    );
    expect(sent.envelopeTo).toEqual([CUSTOMER]);
    expect(sent.mail.inReplyTo).toBe(first);
    expect(sent.mail.subject).toBe('Re: Quote for network switches');
    expect(sent.mail.text).toContain(AGENT.name);

    // The customer answers our reply: it joins the thread while the agent looks at it.
    const answer = 'Thank you. Please go ahead with 12 switches, installation in January.';
    const reply = mail('<req.101@miller-tools.example.com>', 'Re: Quote for network switches', answer, [
      `In-Reply-To: ${sent.mail.messageId}`,
      `References: ${first} ${sent.mail.messageId}`,
    ]);
    expect((await sendRaw(smtpPort, reply)).code).toBe(250);
    await thread.locator('.bubble.inbound .bubble-body', { hasText: answer }).waitFor();
    expect(await thread.locator('.bubble').count()).toBe(2);
    // The timeline below is read again on the same event: the answer's arrival is on it, unreloaded.
    await contact.locator('.timeline-event .timeline-type', { hasText: 'Message received' }).waitFor();

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'console-thread.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
