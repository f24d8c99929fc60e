import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const AGENT = { email: 'mei.chen@example.test', password: 'agent-password-1', name: '陈 美' };

jest.setTimeout(120_000);

/**
 * The agent's customer and callback panels in Chromium: callbacks by due time with the overdue
 * one highlighted, the contact search, the customer beside the contact (account, other contacts),
 * do-not-contact by the owner, and the Call button (which asks for the softphone first here:
 * the app has no Twilio keys).
 */
describe('customer and callback panels in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  const pageErrors: string[] = [];
  let mailContact: string;
  let callContact: string;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    db = t.app.get(DataSource);
    const admin = await login(t);
    const agent = await createUser(t, admin, { ...AGENT, roles: ['agent'] });

    const [{ id: account }] = await db.query<{ id: string }[]>(
      `INSERT INTO customer (name, domain, name_key, segment, industry, size, region, relationship_owner_id)
       VALUES ('山田工業株式会社', 'yamada-kogyo.example.jp', '山田工業株式会社', 'enterprise', 'manufacturing', '500+',
               'kanto', $1) RETURNING id`,
      [agent.id],
    );
    const [{ id: person }] = await db.query<{ id: string }[]>(
      `INSERT INTO person (name, email, phone, customer_id) VALUES ('山田 太郎', 'taro@yamada-kogyo.example.jp',
         '+819012345678', $1) RETURNING id`,
      [account],
    );
    const contact = async (medium: string, body: string, minutesAgo: number) => {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, from_name, from_email, from_phone,
           from_company, subject, body, person_id, customer_id, created_at)
         VALUES ($1, 'test', 'queued', 'e_coverage', 'quote', 'ja', '山田 太郎', $2, '+819012345678', '山田工業株式会社',
                 '見積もり', $3, $4, $5, now() - make_interval(mins => $6)) RETURNING id`,
        [medium, medium === 'email' ? 'taro@yamada-kogyo.example.jp' : null, body, person, account, minutesAgo],
      );
      return row.id;
    };
    callContact = await contact('voice', 'Phone call from +819012345678', 120);
    mailContact = await contact('email', '生産ラインの見積もりをお願いします。', 5);
    await db.query(`UPDATE contact SET status = 'assigned' WHERE id = $1`, [mailContact]);
    await db.query(`INSERT INTO assignment (contact_id, agent_id, medium) VALUES ($1, $2, 'email')`, [
      mailContact,
      agent.id,
    ]);
    await db.query(
      `INSERT INTO callback_task (contact_id, person_id, phone, reason, language, due_at, assigned_agent_id, note)
       VALUES ($1, $2, '+819012345678', 'scheduled', 'ja', now() + interval '1 day', $3, 'after the board meeting'),
              ($1, $2, '+819012345678', 'scheduled', 'ja', now() - interval '2 hours', $3, 'promised a call this morning')`,
      [mailContact, person, agent.id],
    );
    await db.query(
      `INSERT INTO callback_task (contact_id, person_id, phone, reason, language) VALUES ($1, $2, '+819012345678', 'no-answer', 'ja')`,
      [callContact, person],
    );

    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the agent their callbacks by due time, the overdue one first and highlighted', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(AGENT.email);
    await page.locator('#login-form input[name=password]').fill(AGENT.password);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#user-name', { hasText: AGENT.name }).waitFor();

    const items = page.locator('#callbacks .callback');
    await expectCount(items, 3);
    await expectText(page.locator('#callback-count'), '3');
    const first = items.nth(0);
    expect(await first.getAttribute('class')).toContain('overdue');
    await expectText(first.locator('.callback-due'), 'Overdue since');
    await expectText(first, 'promised a call this morning');
    await expectText(items.nth(1).locator('.callback-due'), 'As soon as possible');
    expect(await items.nth(2).getAttribute('class')).not.toContain('overdue');
    await expectText(items.nth(2).locator('.callback-due'), /^Due /);
  });

  it('asks for the softphone before a click-to-call (no Twilio keys here)', async () => {
    await page.locator('#callbacks .callback').first().locator('button', { hasText: 'Call' }).click();
    await page.locator('#toasts .toast', { hasText: 'Connect the softphone first' }).waitFor();
  });

  it('finds the customer by phone in another spelling and opens the contact with the customer beside it', async () => {
    await page.locator('#contact-search input[name=q]').fill('090-1234-5678');
    await page.locator('#contact-search button[type=submit]').click();
    const results = page.locator('#contact-search-results li');
    await expectCount(results, 2);
    await results.filter({ hasText: 'E-mail' }).locator('button').click();

    await page.locator('#contact .contact-name', { hasText: '山田 太郎' }).waitFor();
    await page.locator('#contact button.call').waitFor();
    const panel = page.locator('#customer-body');
    await expectText(panel.locator('.customer-person-name'), '山田 太郎');
    await expectText(panel.locator('.customer-account'), '山田工業株式会社');
    await expectText(panel.locator('.customer-account'), 'enterprise');
    await expectText(panel.locator('.customer-account'), AGENT.name);
    const others = panel.locator('.customer-contacts li');
    await expectCount(others, 1);
    await expectText(others.first(), 'Phone call');
  });

  it('lets the owner mark the person do-not-contact', async () => {
    await page.locator('#customer-body button', { hasText: 'Mark do-not-contact' }).click();
    await page.locator('#customer-body .badge.do-not-contact').waitFor();
    const [row] = await db.query<{ do_not_contact: boolean }[]>(
      `SELECT p.do_not_contact FROM person p JOIN contact c ON c.person_id = p.id WHERE c.id = $1`,
      [mailContact],
    );
    expect(row.do_not_contact).toBe(true);
    // Lifting it again is a supervisor's decision: the agent has no button for it.
    expect(await page.locator('#customer-body button', { hasText: 'Lift do-not-contact' }).count()).toBe(0);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'console-customer.png'), fullPage: true });
  });

  it('opens another contact of the customer from the panel', async () => {
    await page.locator('#customer-body .customer-contacts button').first().click();
    await page.locator('#contact .badge.medium', { hasText: 'Phone call' }).waitFor();
    expect(pageErrors).toEqual([]);
    expect(callContact).toBeTruthy();
  });
});

async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const deadline = Date.now() + 5000;
  let text: string;
  for (;;) {
    text = (await locator.textContent()) ?? '';
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${String(expected)} in ${JSON.stringify(text)}`);
}

async function expectCount(locator: Locator, expected: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let count: number;
  for (;;) {
    count = await locator.count();
    if (count === expected) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${expected} elements, found ${count}`);
}
