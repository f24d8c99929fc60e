import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Client } from 'pg';
import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { seedReportWeek } from '../helpers/report-seed';
import { startTestApp, TEST_PG_URL, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const SUPERVISOR = { email: 'sora@reports.example', password: 'supervisor-password-1', name: 'Sora' };
const RANGE = { from: '2026-11-02', to: '2026-11-09' };

jest.setTimeout(120_000);

interface FunnelRow {
  channel: string;
  contacts: number;
  offered: number;
  qualified: number;
  won: number;
  lost: number;
  routed: Record<string, number>;
}

/** The Reports tab on a seeded week (test/helpers/report-seed.ts): charts drawn, figures as the API says. */
describe('the Reports tab in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let token: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ WAITING_SLA_SECONDS: '120', HANDOFF_SLA_MINUTES: '240' });
    const admin = await login(t);
    token = (await createUser(t, admin, { ...SUPERVISOR, roles: ['supervisor'] })).token;
    const user = (email: string, name: string, roles: string[], skills: object = {}) =>
      createUser(t, admin, { email, name, roles, skills }).then((u) => u.id);
    const users = {
      aiko: await user('aiko@reports.example', 'Aiko', ['agent'], { languages: ['ja'] }),
      bo: await user('bo@reports.example', 'Bo', ['agent'], { languages: ['ja'] }),
      chen: await user('chen@reports.example', 'Chen', ['agent'], { languages: ['zh'] }),
      idle: await user('dai@reports.example', 'Dai', ['agent']),
      daisuke: await user('daisuke@reports.example', 'Daisuke', ['deal_specialist']),
    };
    const db = new Client({ connectionString: `${TEST_PG_URL}/${t.databaseName}` });
    await db.connect();
    try {
      await seedReportWeek(db, users);
    } finally {
      await db.end();
    }
    await request(t.url)
      .put('/reports/channel-costs')
      .set(bearer(token))
      .send({ costs: [{ channel: 'e_sales', perDay: 1000, perContact: 50, currency: 'JPY' }] })
      .expect(200);
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const figure = (report: string, row: string, col: string) =>
    page.locator(`td[data-report="${report}"][data-row="${row}"][data-col="${col}"]`).textContent();

  it('opens the tab, picks the week and shows the API figures with charts drawn', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(SUPERVISOR.email);
    await page.locator('#login-form input[name=password]').fill(SUPERVISOR.password);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#user-name', { hasText: SUPERVISOR.name }).waitFor();
    await page.locator('#tab-reports').click();
    await page.locator('#reports-view').waitFor();
    // The tab opened on the last 30 days; show the seeded week instead.
    await page.locator('#reports-body[aria-busy=false]').waitFor();
    await page.locator('#reports-range input[name=from]').fill(RANGE.from);
    await page.locator('#reports-range input[name=to]').fill(RANGE.to);
    await page.locator('#reports-range input[name=before]').fill('2026-11-05');
    await page.locator('#reports-range button[type=submit]').click();
    await page.locator('td[data-report=funnel][data-row=e_sales][data-col=contacts]', { hasText: '2' }).waitFor();
    await page.locator('#reports-body[aria-busy=false]').waitFor();

    const funnel = (await request(t.url).get('/reports/funnel').query(RANGE).set(bearer(token)).expect(200)).body as {
      rows: FunnelRow[];
    };
    for (const row of funnel.rows) {
      for (const col of ['contacts', 'offered', 'qualified', 'won', 'lost'] as const) {
        expect(await figure('funnel', row.channel, col)).toBe(String(row[col]));
      }
      expect(await figure('funnel', row.channel, 'routed.field')).toBe(String(row.routed.field));
    }
    const speed = (await request(t.url).get('/reports/speed-to-lead').query(RANGE).set(bearer(token)).expect(200)).body;
    const all = speed.rows[0];
    expect(await figure('speed-to-lead', 'all', 'firstOffer.p50')).toBe(`${all.firstOffer.p50} s`);
    expect(await figure('speed-to-lead', 'all', 'firstResponse.p90')).toBe(`${all.firstResponse.p90} s`);
    const sla = (await request(t.url).get('/reports/sla').query(RANGE).set(bearer(token)).expect(200)).body;
    const wait = sla.rows[0];
    expect(await figure('sla', 'wait', 'met')).toBe(String(wait.met));
    expect(await figure('sla', 'wait', 'attainment')).toBe(`${(wait.attainment * 100).toFixed(1)} %`);
    const agents = (await request(t.url).get('/reports/agents').query(RANGE).set(bearer(token)).expect(200)).body;
    for (const a of agents.rows) {
      expect(await figure('agents', a.agentId, 'offers')).toBe(String(a.offers));
      expect(await figure('agents', a.agentId, 'handled')).toBe(String(a.handled));
    }
    const cost = (await request(t.url).get('/reports/cost').query(RANGE).set(bearer(token)).expect(200)).body;
    const eSales = cost.rows.findIndex((r: { channel: string }) => r.channel === 'e_sales');
    expect(await figure('cost', String(eSales), 'costPerLead')).toBe(String(cost.rows[eSales].costPerLead));
    const sellers = (
      await request(t.url)
        .get('/reports/sellers')
        .query({ ...RANGE, before: '2026-11-05' })
        .set(bearer(token))
        .expect(200)
    ).body;
    expect(await page.locator('td[data-report=sellers][data-col=period]').allTextContents()).toEqual(
      sellers.rows.map((r: { period: string }) => r.period),
    );

    // Every chart has been drawn by Chart.js on its canvas, with the API's data.
    // (a script text: this file is compiled without the DOM's types)
    const charts = await page.evaluate(`['funnel', 'speed-to-lead', 'sla', 'agents'].map((name) => {
      const canvas = document.getElementById('chart-' + name);
      const chart = Chart.getChart(canvas);
      return { name, drawn: Boolean(chart) && canvas.width > 0, first: chart ? chart.data.datasets[0].data : null };
    })`);
    expect(charts).toEqual([
      { name: 'funnel', drawn: true, first: funnel.rows.map((r) => r.contacts) },
      {
        name: 'speed-to-lead',
        drawn: true,
        first: speed.distribution.map((b: { firstOffer: number }) => b.firstOffer),
      },
      {
        name: 'sla',
        drawn: true,
        first: sla.daily.map((d: { wait: number | null }) => (d.wait === null ? null : Math.round(d.wait * 1000) / 10)),
      },
      { name: 'agents', drawn: true, first: agents.rows.map((a: { offers: number }) => a.offers) },
    ]);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'reports.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('downloads a report as CSV with a BOM', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv=funnel]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('funnel-2026-11-02-2026-11-09.csv');
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFFchannel,contacts,offered')).toBe(true);
    expect(text.split('\r\n')[2]).toMatch(/^e_sales,2,2,2,/);
  });
});
