import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import { createUser, login } from '../helpers/http';
import { ADMIN, startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const AGENT = { email: 'hanako.sato@example.test', password: 'agent-password-1', name: '佐藤 花子' };
const SPECIALIST = { email: 'kenji.ito@example.test', password: 'specialist-password-1', name: 'Kenji Ito' };

/** Japanese: the customer wants an ERP rollout integrated with their production system. */
const JAPANESE_MESSAGE = '生産管理システムと連携したERPの導入を検討しています。全国12拠点、来期予算は確保済みです。';
const CHINESE_MESSAGE = '我们想了解云迁移方案，请尽快联系我。';

jest.setTimeout(120_000);

describe('the agents web console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let specialistId: string;
  let firstContactId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Chromium first: when it is missing, fail at once with the command that installs it.
    browser = await launchChromium();
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    const admin = await login(t);
    await createUser(t, admin, { ...AGENT, roles: ['agent'] });
    // The field route (complex x large) hands the lead to a deal specialist.
    specialistId = (
      await createUser(t, admin, { ...SPECIALIST, roles: ['deal_specialist'], skills: { productLines: ['erp'] } })
    ).id;
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const inquiry = (body: object) =>
    request(t.url)
      .post('/inquiries')
      .send({ type: 'question', ...body })
      .expect(202)
      .then((res) => res.body.id as string);

  /** The one offer card on screen (each step posts one inquiry and waits for its offer). */
  const offerCard = () => page.locator('#offers .offer').first();

  it('signs the agent in and goes available', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(AGENT.email);
    await page.locator('#login-form input[name=password]').fill(AGENT.password);
    await page.locator('#login-form button[type=submit]').click();

    await page.locator('#user-name', { hasText: AGENT.name }).waitFor();
    await page.locator('#connection[data-status=connected]').waitFor();
    await page.locator('#presence button[data-status=available]').click();
    await page.locator('#presence[data-status=available] button[data-status=available][aria-pressed=true]').waitFor();
    // No Twilio keys in this app: the softphone says so instead of failing.
    await page.locator('#softphone-status', { hasText: 'Softphone not configured' }).waitFor();
  });

  it('shows a web inquiry posted now as a live offer with a countdown, and accepts it with a click', async () => {
    const contactId = await inquiry({
      name: '山田 太郎',
      email: 'taro.yamada@kogyo-example.co.jp',
      company: '山田工業株式会社',
      message: JAPANESE_MESSAGE,
      type: 'quote',
      productLine: 'erp',
    });

    const card = offerCard();
    await card.waitFor({ timeout: 15_000 });
    await expectText(card.locator('.offer-countdown'), /^\d+:\d\d$/);
    await card.locator('button.accept').click();
    await card.waitFor({ state: 'detached' });

    // The contact view: who, the message in Japanese, the timeline.
    const contact = page.locator('#contact');
    await contact.locator('.contact-name', { hasText: '山田 太郎' }).waitFor();
    await contact.locator('.message-body', { hasText: JAPANESE_MESSAGE }).waitFor();
    expect(await contact.locator('.message-body').getAttribute('lang')).toBe('ja');
    expect(await contact.locator('.timeline-event').count()).toBeGreaterThan(2);
    await page.locator('#worklist .worklist-item.open').waitFor();
    firstContactId = contactId;
  });

  it('qualifies the contact (complex, large, M2, all facts) and shows the route to a deal specialist', async () => {
    const form = page.locator('#qualification-form');
    await form.locator('select[name=revenueTier]').selectOption('large');
    await form.locator('select[name=complexity]').selectOption('complex');
    await form.locator('select[name=maturity]').selectOption('M2');
    for (const fact of ['budget', 'authority', 'need', 'timeline']) await form.locator(`input[name=${fact}]`).check();
    await form.locator('button[type=submit]').click();

    const decision = page.locator('#qualification-result .decision');
    await decision.waitFor();
    expect(await decision.locator('.decision-route').getAttribute('data-route')).toBe('field');
    await expectText(decision.locator('.decision-route'), 'Face-to-face deal specialist');
    await expectText(decision.locator('.decision-version'), 'v1');
    await expectText(decision.locator('.decision-assignee'), 'Kenji Ito · deal specialist');
    const [lead] = await t.app
      .get(DataSource)
      .query(`SELECT route, assignee_id FROM lead WHERE contact_id = $1`, [firstContactId]);
    expect(lead).toEqual({ route: 'field', assignee_id: specialistId });
    await expectText(decision.locator('.decision-reason'), /complex/);

    mkdirSync(RESULTS, { recursive: true });
    await page.mouse.wheel(0, -10_000);
    await page.screenshot({ path: join(RESULTS, 'console.png'), fullPage: true });
  });

  it('accepts the oldest offer with the A key and declines one with the D key', async () => {
    await inquiry({ name: '李 伟', email: 'li.wei@yun-example.cn', message: CHINESE_MESSAGE });
    const chinese = offerCard();
    await chinese.waitFor({ timeout: 15_000 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await chinese.waitFor({ state: 'detached' });
    await page.locator('#contact .message-body', { hasText: CHINESE_MESSAGE }).waitFor();
    expect(await page.locator('#contact .message-body').getAttribute('lang')).toBe('zh-CN');

    // F finishes it: the assignment ends, the contact view empties.
    const chineseId = await t.app
      .get(DataSource)
      .query(`SELECT id FROM contact WHERE body = $1`, [CHINESE_MESSAGE])
      .then((rows: { id: string }[]) => rows[0].id);
    await page.keyboard.press('f');
    await page.locator('#contact .empty-state').waitFor();
    const [assignment] = await t.app
      .get(DataSource)
      .query(`SELECT ended_at IS NOT NULL AS ended FROM assignment WHERE contact_id = $1`, [chineseId]);
    expect(assignment).toEqual({ ended: true });

    const englishId = await inquiry({
      name: 'Jane Doe',
      email: 'jane@example.org',
      message: 'Do you run seminars in London?',
    });
    const english = offerCard();
    await english.waitFor({ timeout: 15_000 });
    await page.keyboard.press('d');
    await english.waitFor({ state: 'detached' });
    const [offer] = await t.app
      .get(DataSource)
      .query(`SELECT status FROM offer WHERE contact_id = $1 ORDER BY created_at LIMIT 1`, [englishId]);
    expect(offer).toEqual({ status: 'declined' });
  });

  it('shows a supervisor the queues, the waits and the agent, available and working', async () => {
    const supervisorPage = await browser.context.newPage();
    supervisorPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await supervisorPage.goto(`${t.url}/console`);
      // The agent's tab keeps its own session: sessionStorage is per tab.
      await supervisorPage.locator('#login-form input[name=email]').fill(ADMIN.email);
      await supervisorPage.locator('#login-form input[name=password]').fill(ADMIN.password);
      await supervisorPage.locator('#login-form button[type=submit]').click();
      // An admin who is not an agent lands on the supervisor page.
      const row = supervisorPage.locator('#supervisor-body table.data tr', { hasText: AGENT.name });
      await row.waitFor();
      await expectText(row.locator('td').nth(1), 'Available');
      await expectText(supervisorPage.locator('#supervisor-body .kpis'), '1 / 1Agents available');
      // Live: the agent going away reaches the page as a pushed overview, well before a 5 s poll
      // (which is off while the socket is up).
      await supervisorPage.locator('#supervisor-updated[data-mode=live]').waitFor({ timeout: 20_000 });
      await page.keyboard.press('2');
      await row.locator('td', { hasText: 'Away' }).waitFor({ timeout: 3000 });
      await page.keyboard.press('1');
      await row.locator('td', { hasText: 'Available' }).waitFor({ timeout: 3000 });
      await supervisorPage.screenshot({ path: join(RESULTS, 'console-supervisor.png'), fullPage: true });
    } finally {
      await supervisorPage.close();
    }
    // The agent's own console is still signed in.
    await page.locator('#user-name', { hasText: AGENT.name }).waitFor();
  });

  it('offers the field lead to the deal specialist, who accepts it from the console', async () => {
    const specialistPage = await browser.context.newPage();
    specialistPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await specialistPage.goto(`${t.url}/console`);
      await specialistPage.locator('#login-form input[name=email]').fill(SPECIALIST.email);
      await specialistPage.locator('#login-form input[name=password]').fill(SPECIALIST.password);
      await specialistPage.locator('#login-form button[type=submit]').click();
      // Sent again on connection: the handoff was made before this console opened.
      const card = specialistPage.locator('#handoffs .handoff', { hasText: '山田' });
      await card.waitFor();
      await expectText(card.locator('.badge'), 'large · complex · M2');
      await card.locator('button.primary').click();
      await card.waitFor({ state: 'detached' });
      await specialistPage.locator('#contact .message-body', { hasText: JAPANESE_MESSAGE }).waitFor();
      const [handoff] = await t.app
        .get(DataSource)
        .query(`SELECT status FROM handoff WHERE specialist_id = $1`, [specialistId]);
      expect(handoff).toEqual({ status: 'accepted' });
    } finally {
      await specialistPage.close();
    }
  });

  it('signs the console out when its token expires and the server drops the socket', async () => {
    const answer = await request(t.url).post('/auth/login').send(AGENT).expect(200);
    const user = answer.body.user as { id: string; email: string; roles: ('agent' | 'admin')[] };
    // A token that lives 10 seconds, as if the agent had signed in just before the end of a shift
    // (long enough for a loaded machine to load the page and connect before it ends).
    const { accessToken } = t.app.get(TokenService).sign({ id: user.id, email: user.email, roles: user.roles }, 10);
    const shortPage = await browser.context.newPage();
    shortPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await shortPage.goto(`${t.url}/console`);
      await shortPage.evaluate(
        ([token, view]) =>
          (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
            'contact-center.console.session',
            JSON.stringify({ accessToken: token, user: view, expiresAt: null }),
          ),
        [accessToken, answer.body.user] as const,
      );
      await shortPage.reload();
      await shortPage.locator('#connection[data-status=connected]').waitFor();
      await shortPage.locator('#login-screen:not([hidden])').waitFor({ timeout: 30_000 });
      await expectText(shortPage.locator('#login-error'), 'session has ended');
    } finally {
      await shortPage.close();
    }
  });

  it('raised no script error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

async function expectText(locator: import('playwright-core').Locator, expected: string | RegExp): Promise<void> {
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
