import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AgentClient } from '../helpers/agent-socket';
import { createUser, login } from '../helpers/http';
import { connectedUser } from '../helpers/routing';
import { MailCatcher } from '../helpers/smtp';
import { startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const SUPERVISOR = { email: 'mei.chen@example.test', password: 'supervisor-password-1', name: '陈 美' };

/** A header row, a target without consent, a duplicate of the first row: two added, two skipped. */
const CSV = [
  'name,phone,email,company,language,consent',
  '山田 太郎,+81 3-1234-5678,taro@campaign-ja.example,山田商事,ja,yes',
  '李伟,+86 138 0013 8000,li@campaign-zh.example,,zh,no',
  'Ann Lee,+1 415 555 0101,ann@campaign-en.example,Lee Inc,en,',
  '山田 太郎,+81 3-1234-5678,taro@campaign-ja.example,山田商事,ja,yes',
].join('\r\n');

jest.setTimeout(120_000);

describe('the campaign page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let agent: AgentClient;
  const catcher = new MailCatcher();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const smtpPort = await catcher.start();
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      CAMPAIGN_SEND_RATE: '20',
      LOGIN_RATE_LIMIT: '1000',
    });
    const admin = await login(t);
    await createUser(t, admin, { ...SUPERVISOR, roles: ['supervisor'] });
    // The agent who takes the campaign's calls: a second client, on the socket.
    agent = (await connectedUser(t, admin, 'Kaito Caller', ['agent'])).client;
    await agent.setPresence('available');
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await t?.close();
    await catcher.stop();
  });

  /** Fills the new-campaign form and submits it; the created campaign opens. */
  const createCampaign = async (name: string, medium: 'voice' | 'email', anyTime = false) => {
    const form = page.locator('#campaign-form');
    await form.locator('input[name=name]').fill(name);
    await form.locator('select[name=kind]').selectOption('seminar_invitation');
    await form.locator('select[name=channel]').selectOption('demand_generation');
    await form.locator('select[name=medium]').selectOption(medium);
    await form.locator('textarea[name=script]').fill('{{name}}, join us at {{seminar}}: {{link}}');
    await form.locator('input[name=seminarTitle]').fill(`${name} seminar`);
    await form.locator('input[name=seminarStartsAt]').fill('2027-02-10T14:00');
    await form.locator('input[name=seminarCapacity]').fill('30');
    // Without calling hours the dialler may call at any time: the test does not depend on the hour.
    if (anyTime) await form.locator('input[name=timezone]').fill('');
    await form.locator('button[type=submit]').click();
    await page.locator('#campaign-title', { hasText: name }).waitFor();
    await page.locator('#campaign-status', { hasText: 'draft' }).waitFor();
  };

  const upload = async () => {
    await page.locator('#campaign-csv').setInputFiles({
      name: 'targets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.locator('#campaign-upload').click();
    await page.locator('#campaign-report', { hasText: '2 added' }).waitFor();
  };

  it('signs the supervisor in and opens the campaign page', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(SUPERVISOR.email);
    await page.locator('#login-form input[name=password]').fill(SUPERVISOR.password);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#user-name', { hasText: SUPERVISOR.name }).waitFor();
    await page.locator('#connection[data-status=connected]').waitFor();
    await page.locator('#tab-campaigns').click();
    await page.locator('#campaigns-view').waitFor({ state: 'visible' });
    await page.locator('#campaign-list', { hasText: 'No campaigns yet.' }).waitFor();
  });

  it('creates a voice campaign, uploads the CSV with its per-row skip report, and starts it', async () => {
    await createCampaign('Cloud voice', 'voice', true);
    await upload();
    const report = page.locator('#campaign-report');
    await report.locator('td', { hasText: /consent/i }).waitFor();
    expect(await report.locator('tbody tr').count()).toBe(2);
    expect(await report.locator('tbody tr td:first-child').allTextContents()).toEqual(['2', '4']);
    await page.locator('#campaign-progress [data-state=pending] .kpi-value', { hasText: '2' }).waitFor();

    const offered = agent.waitFor<{ offerId: string; contactId: string; campaignId?: string; script?: string | null }>(
      'offer',
      (o) => o.campaignId !== undefined,
      20_000,
    );
    await page.locator('.campaign-actions button[data-status=active]').click();
    await page.locator('#campaign-status', { hasText: 'active' }).waitFor();
    await page.locator('.campaign-actions button[data-status=paused]').waitFor();

    // The agent is offered the first target through routing, with the campaign and its script.
    const offer = await offered;
    expect(offer.script).toBe('{{name}}, join us at {{seminar}}: {{link}}');
    // Opening the campaign again reads its progress: the target is out with the agent.
    await page.locator('#campaign-list button', { hasText: 'Cloud voice' }).click();
    await page.locator('#campaign-progress [data-state=offered] .kpi-value', { hasText: '1' }).waitFor();
    // Declined: the e-mail campaign below gets the agent's attention instead.
    await agent.emit('offer:decline', { offerId: offer.offerId });
    await agent.setPresence('away');
  });

  it('runs an e-mail seminar invitation end to end: the progress moves live as invitations go out', async () => {
    await createCampaign('Cloud mail', 'email');
    await upload();
    await page.locator('.campaign-actions button[data-status=active]').click();
    // Pushed by campaign:progress: both targets invited, without reloading.
    await page
      .locator('#campaign-progress [data-state=done] .kpi-value', { hasText: '2' })
      .waitFor({ timeout: 20_000 });
    await page.locator('#campaign-progress [data-state=pending] .kpi-value', { hasText: '0' }).waitFor();
    expect(catcher.to('taro@campaign-ja.example')).toHaveLength(1);
    expect(catcher.to('ann@campaign-en.example')).toHaveLength(1);

    // The registration link opens the page in Japanese; registering counts live on the campaign page.
    const link = /\/seminars\/[0-9a-f-]+\/register\?t=\S+/.exec(catcher.to('taro@campaign-ja.example')[0]?.text ?? '');
    expect(link).not.toBeNull();
    const registration = await browser.context.newPage();
    await registration.goto(`${t.url}${link![0]}`);
    await registration.locator('html[lang=ja]').waitFor();
    await registration.locator('#register button[type=submit]').click();
    await registration.locator('#result', { hasText: 'お申し込みを受け付けました' }).waitFor();
    mkdirSync(RESULTS, { recursive: true });
    await registration.screenshot({ path: join(RESULTS, 'seminar-registration.png'), fullPage: true });
    await registration.close();

    await page.locator('#campaign-progress [data-state=registrations] .kpi-value', { hasText: '1' }).waitFor();
    await page.locator('#campaign-seminar', { hasText: '1 / 30' }).waitFor();
    await page.screenshot({ path: join(RESULTS, 'campaigns.png'), fullPage: true });

    // The supervisor page lists the active campaigns' progress.
    await page.locator('#tab-supervisor').click();
    await page.locator('#supervisor-campaign-table tr', { hasText: 'Cloud mail' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
