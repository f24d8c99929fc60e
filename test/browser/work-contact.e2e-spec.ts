import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createUser, login } from '../helpers/http';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const FIRST = { email: 'aiko.first@example.test', password: 'agent-password-1', name: 'Aiko First' };
const SECOND = { email: 'ben.second@example.test', password: 'agent-password-2', name: 'Ben Second' };

jest.setTimeout(120_000);

/**
 * Working a contact in the console: the first agent accepts it, adds a note and transfers it to
 * the second agent, who (in a second tab: its own session and socket) sees the offer marked
 * "Transferred by", accepts it, sees the note and wraps up with a disposition.
 */
describe('working a contact in the console (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let first: Page;
  let second: Page;
  let secondId: string;
  let contactId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '60' });
    const admin = await login(t);
    await createUser(t, admin, { ...FIRST, roles: ['agent'] });
    secondId = (await createUser(t, admin, { ...SECOND, roles: ['agent'] })).id;
    first = await browser.context.newPage();
    second = await browser.context.newPage();
    for (const page of [first, second]) {
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (page: Page, user: { email: string; password: string; name: string }) => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(user.email);
    await page.locator('#login-form input[name=password]').fill(user.password);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#user-name', { hasText: user.name }).waitFor();
    await page.locator('#connection[data-status=connected]').waitFor();
  };
  const goAvailable = async (page: Page) => {
    await page.locator('#presence button[data-status=available]').click();
    await page.locator('#presence[data-status=available]').waitFor();
  };

  it('the first agent accepts a contact, adds a note and transfers it to the second agent', async () => {
    await signIn(first, FIRST);
    await signIn(second, SECOND);
    await goAvailable(first);

    contactId = (
      await request(t.url)
        .post('/inquiries')
        .send({
          name: 'Carla Customer',
          email: 'carla@customer-works.example.org',
          phone: '+14155550199',
          message: 'We need 30 notebooks before April.',
          type: 'quote',
          productLine: 'pc',
        })
        .expect(202)
    ).body.id as string;

    const card = first.locator('#offers .offer').first();
    await card.waitFor();
    await card.locator('button.accept').click();
    const contact = first.locator('#contact');
    await contact.locator('.contact-name', { hasText: 'Carla Customer' }).waitFor();

    const noteForm = contact.locator('form.note-form');
    await noteForm.locator('textarea[name=body]').fill('Wants delivery to Osaka; prefers e-mail.');
    await noteForm.locator('button[type=submit]').click();
    await contact.locator('.note .note-body', { hasText: 'Wants delivery to Osaka' }).waitFor();

    // The second agent goes available only now, so the first offer could not go to them.
    await goAvailable(second);
    const transfer = contact.locator('.transfer-form');
    await transfer.locator(`select[name=agentId] option[value="${secondId}"]`).waitFor({ state: 'attached' });
    await transfer.locator('select[name=agentId]').selectOption(secondId);
    await transfer.locator('button.transfer-agent').click();
    await first.locator('#contact .empty-state').waitFor();
  });

  it('the second agent sees the transferred contact offered, accepts it and wraps up with a disposition', async () => {
    const card = second.locator('#offers .offer').first();
    await card.waitFor();
    await card.locator('.offer-transfer', { hasText: `Transferred by ${FIRST.name}` }).waitFor();
    await card.locator('button.accept').click();

    const contact = second.locator('#contact');
    await contact.locator('.contact-name', { hasText: 'Carla Customer' }).waitFor();
    await contact.locator('.note .note-body', { hasText: 'Wants delivery to Osaka' }).waitFor();

    const wrapUp = contact.locator('form.wrap-up-form');
    await wrapUp.locator('select[name=disposition] option[value=callback_scheduled]').waitFor({ state: 'attached' });
    await wrapUp.locator('select[name=disposition]').selectOption('callback_scheduled');
    await wrapUp.locator('.callback-at').waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await wrapUp.locator('input[name=callbackAt]').fill(local);
    await wrapUp.locator('textarea[name=note]').fill('Call back with the April delivery slots.');

    mkdirSync(RESULTS, { recursive: true });
    // From the top: the sticky header would otherwise cover the notes in a full-page shot.
    await second.mouse.wheel(0, -10_000);
    await second.screenshot({ path: join(RESULTS, 'console-work.png'), fullPage: true });

    await wrapUp.locator('button.wrap-up').click();
    await second.locator('#contact .empty-state').waitFor();

    const db = t.app.get(DataSource);
    const row = await eventually(async () => {
      const [found] = await db.query<{ status: string; disposition: string | null }[]>(
        `SELECT status, disposition FROM contact WHERE id = $1`,
        [contactId],
      );
      return found?.disposition ? found : undefined;
    });
    expect(row).toEqual({ status: 'closed', disposition: 'callback_scheduled' });
    const [task] = await db.query<{ reason: string; assigned_agent_id: string }[]>(
      `SELECT reason, assigned_agent_id FROM callback_task WHERE contact_id = $1`,
      [contactId],
    );
    expect(task).toEqual({ reason: 'scheduled', assigned_agent_id: secondId });
    expect(pageErrors).toEqual([]);
  });
});
