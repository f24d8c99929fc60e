import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { acceptedFieldLead } from '../helpers/deals';
import { bearer, createUser, login } from '../helpers/http';
import { setProfile } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const SPECIALIST = { email: 'daichi.field@example.test', password: 'deal-password-1', name: 'Daichi Field' };
const EXPERT = { email: 'li.ming@example.test', password: 'expert-password-1', name: '李 明' };
const CLERK = { email: 'hana.office@example.test', password: 'office-password-1', name: 'Hana Backoffice' };
const SELLER = { email: 'aiko.seller@example.test', password: 'seller-password-1', name: 'Aiko Seller' };
const COMPANY = '株式会社アクメ製作所';

jest.setTimeout(180_000);

/** The quarter of a date and its last day, as the console's plan field and date input spell them. */
function quarter(date: Date): { period: string; lastDay: string } {
  const q = Math.floor(date.getMonth() / 3);
  const last = new Date(date.getFullYear(), q * 3 + 3, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    period: `${date.getFullYear()}-Q${q + 1}`,
    lastDay: `${last.getFullYear()}-${pad(last.getMonth() + 1)}-${pad(last.getDate())}`,
  };
}

/**
 * The deal desk in the console: the deal specialist moves a lead through the maturity stages on
 * the pipeline board (the reason asked in a dialog each time, once by the arrow button, once by
 * drag and drop), invites the best-ranked expert, who accepts in a second browser (their own
 * login and socket) where the invitation arrives live, then marks the deal won; the back office
 * sees its paperwork and finishes a task; a seller sees no paperwork at all.
 */
describe('the deal desk in the console (Chromium)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let specialistBrowser: Browser;
  let expertBrowser: Browser;
  let desk: Page;
  let expert: Page;
  let expertId: string;
  let leadId: string;
  const pageErrors: string[] = [];
  const { period, lastDay } = quarter(new Date());

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    [specialistBrowser, expertBrowser] = await Promise.all([launchChromium(), launchChromium()]);
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    db = t.app.get(DataSource);
    admin = await login(t);
    const specialist = await createUser(t, admin, {
      ...SPECIALIST,
      roles: ['deal_specialist'],
      skills: { productLines: ['erp'] },
    });
    expertId = (await createUser(t, admin, { ...EXPERT, roles: ['expert'] })).id;
    await setProfile(t, admin, expertId, { productLines: ['erp'], industries: ['manufacturing'] });
    await createUser(t, admin, { ...CLERK, roles: ['backoffice'] });
    await createUser(t, admin, { ...SELLER, roles: ['agent'] });
    leadId = (
      await acceptedFieldLead(
        t,
        admin,
        specialist.token,
        { maturity: 'M2', industry: 'manufacturing', productLines: ['erp'], estimatedRevenue: 30_000_000 },
        {
          name: '山田 太郎',
          email: 'taro.yamada@acme-seisakusho.example.jp',
          company: COMPANY,
          message: '基幹システム（ERP）の刷新を検討しています。提案をお願いします。',
          type: 'demo',
        },
      )
    ).leadId;
    await request(t.url)
      .put(`/plans/${period}`)
      .set(bearer(admin))
      .send({ ownerId: specialist.id, target: 40_000_000 })
      .expect(200);
    desk = await specialistBrowser.context.newPage();
    expert = await expertBrowser.context.newPage();
    for (const page of [desk, expert]) {
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
    }
  });

  afterAll(async () => {
    await specialistBrowser?.close();
    await expertBrowser?.close();
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
  const card = (stage: string) =>
    desk.locator(`.pipeline-column[data-stage=${stage}] .pipeline-card[data-lead-id="${leadId}"]`);
  const dialog = () => desk.locator('dialog.deal-dialog[open]');
  const maturity = async () =>
    (await db.query<{ maturity: string }[]>(`SELECT maturity FROM lead WHERE id = $1`, [leadId]))[0].maturity;

  it('moves the lead from M2 to M3 by its button, the reason asked first, and shows the plan covered', async () => {
    await signIn(desk, SPECIALIST);
    // A deal specialist lands on the console (field handoffs); the board is one tab away.
    await desk.locator('#agent-view:not([hidden])').waitFor();
    await desk.locator('#tab-deals').click();
    await desk.locator('#deals-view:not([hidden])').waitFor();
    await card('M2').waitFor();
    await expect(card('M2').locator('.pipeline-company').textContent()).resolves.toBe(COMPANY);
    // The plan is set, but nothing of this quarter's is weighed yet.
    await desk.locator('#pipeline-coverage .coverage-ratio[data-ratio="0"]').waitFor();

    await card('M2').locator('button.move-forward').click();
    await dialog().waitFor();
    // Cancelling moves nothing.
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    await desk.locator('dialog.deal-dialog').waitFor({ state: 'detached' });
    expect(await maturity()).toBe('M2');

    await card('M2').locator('button.move-forward').click();
    await dialog().locator('textarea[name=reason]').fill('要件定義のワークショップで提案範囲を合意');
    await dialog().locator('input[name=amount]').fill('30000000');
    await dialog().locator('input[name=expectedCloseAt]').fill(lastDay);
    await dialog().locator('button[type=submit]').click();
    await card('M3').waitFor();
    expect(await maturity()).toBe('M3');
    await expect(card('M3').locator('.pipeline-amount').textContent()).resolves.toMatch(/30.000.000/);
    // M3 weighs the 30,000,000 towards the 40,000,000 plan of the quarter.
    await desk.locator('#pipeline-coverage', { hasText: `Plan ${period}` }).waitFor();
    await desk.locator('#pipeline-coverage .coverage-ratio:not([data-ratio="0"])').waitFor();
  });

  it('moves it on to M4 by drag and drop, again with the reason asked', async () => {
    await card('M3').dragTo(desk.locator('.pipeline-column[data-stage=M4]'));
    await dialog().locator('textarea[name=reason]').fill('Price negotiation started with procurement');
    await dialog().locator('button[type=submit]').click();
    await card('M4').waitFor();
    expect(await maturity()).toBe('M4');
    const [event] = await db.query<{ data: object }[]>(
      `SELECT data FROM timeline_event WHERE contact_id = (SELECT contact_id FROM lead WHERE id = $1)
          AND type = 'lead.stage_changed' ORDER BY id DESC LIMIT 1`,
      [leadId],
    );
    expect(JSON.stringify(event?.data ?? {})).toContain('Price negotiation started');
  });

  it('invites the best-ranked expert, who sees it live in a second browser and accepts', async () => {
    await signIn(expert, EXPERT);
    // An expert, who takes no offers, lands on the deal desk.
    await expert.locator('#deals-view:not([hidden])').waitFor();
    await expert.locator('#invitations-panel:not([hidden])').waitFor();
    await expert.locator('#invitations-empty:not([hidden])').waitFor();

    await card('M4').locator('.pipeline-card-open').click();
    const ranked = desk.locator(`#ranked-experts .ranked-expert[data-expert-id="${expertId}"]`);
    await ranked.waitFor();
    await expect(ranked.locator('.expert-score').textContent()).resolves.toMatch(/score \d+/);
    await expect(ranked.locator('.expert-reason').textContent()).resolves.toContain('erp');
    await ranked.locator('input[name=role]').fill('ソリューションアーキテクト');
    await ranked.locator('button.invite').click();
    await desk.locator(`#lead-team-members .team-member[data-expert-id="${expertId}"][data-status=invited]`).waitFor();

    // Live: the expert's page was not reloaded.
    const invitation = expert.locator(`#invitations .invitation[data-lead-id="${leadId}"]`);
    await invitation.waitFor();
    await invitation.locator('button.accept').click();
    await expert
      .locator(`#joined-teams .joined-team[data-lead-id="${leadId}"] .team-member[data-status=accepted]`)
      .waitFor();
    await expert.locator(`#invitations .invitation[data-lead-id="${leadId}"]`).waitFor({ state: 'detached' });

    await card('M4').locator('.pipeline-card-open').click();
    await desk.locator(`#lead-team-members .team-member[data-expert-id="${expertId}"][data-status=accepted]`).waitFor();
  });

  it('marks the deal won with its amount and reason', async () => {
    await card('M4').locator('button.mark-won').click();
    await dialog().locator('input[name=amount]').fill('28500000');
    await dialog().locator('textarea[name=reason]').fill('Signed: our ERP proposal won over two competitors');
    await dialog().locator('button[type=submit]').click();
    await card('won').waitFor();
    const [lead] = await db.query<{ maturity: string; amount: string; outcome_reason: string }[]>(
      `SELECT maturity, amount, outcome_reason FROM lead WHERE id = $1`,
      [leadId],
    );
    expect(lead).toMatchObject({
      maturity: 'won',
      outcome_reason: 'Signed: our ERP proposal won over two competitors',
    });
    expect(Number(lead.amount)).toBe(28_500_000);
    // A closed deal has no move buttons.
    expect(await card('won').locator('button.move-forward').count()).toBe(0);
    await desk.screenshot({ path: join(RESULTS, 'deal-desk-pipeline.png'), fullPage: true });
  });

  it('the back office sees the paperwork of the won deal and finishes a task with a note', async () => {
    const office = await specialistBrowser.context.newPage();
    office.setDefaultTimeout(15_000);
    office.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(office, CLERK);
    await office.locator('#deals-view:not([hidden]) #backoffice-panel:not([hidden])').waitFor();
    const tasks = office.locator('#backoffice-tasks .backoffice-task');
    await eventually(async () => ((await tasks.count()) >= 3 ? true : undefined), 15_000, 100);
    const kinds = await tasks.evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
    expect(kinds.sort()).toEqual(['billing', 'contract', 'order_entry']);

    const contract = office.locator('#backoffice-tasks .backoffice-task[data-kind=contract]');
    await contract.locator('button.start').click();
    await office.locator('#backoffice-tasks .backoffice-task[data-kind=contract][data-status=in_progress]').waitFor();
    await office.locator('#backoffice-tasks .backoffice-task[data-kind=contract] button.done').click();
    await office.locator('dialog.deal-dialog[open] textarea[name=note]').fill('契約書の原本を受領・保管済み');
    await office.locator('dialog.deal-dialog[open] button[type=submit]').click();
    await office.locator('#backoffice-tasks .backoffice-task[data-kind=contract]').waitFor({ state: 'detached' });
    const [done] = await db.query<{ status: string; note: string }[]>(
      `SELECT t.status, t.note FROM backoffice_task t JOIN backoffice_order o ON o.id = t.order_id
        WHERE o.lead_id = $1 AND t.kind = 'contract'`,
      [leadId],
    );
    expect(done).toEqual({ status: 'done', note: '契約書の原本を受領・保管済み' });
    await office.screenshot({ path: join(RESULTS, 'deal-desk-backoffice.png'), fullPage: true });
    await office.close();
  });

  it('a seller sees no paperwork and no deal desk', async () => {
    const seller = await expertBrowser.context.newPage();
    seller.setDefaultTimeout(15_000);
    await signIn(seller, SELLER);
    await seller.locator('#agent-view:not([hidden])').waitFor();
    expect(await seller.locator('#tab-deals').isHidden()).toBe(true);
    expect(await seller.locator('#backoffice-panel').isHidden()).toBe(true);
    expect(await seller.locator('#backoffice-tasks .backoffice-task').count()).toBe(0);
    await seller.close();
    expect(pageErrors).toEqual([]);
  });
});
