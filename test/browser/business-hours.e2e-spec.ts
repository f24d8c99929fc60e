import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { bearer, login } from '../helpers/http';
import { ADMIN, startTestApp, TestApp } from '../helpers/test-app';
import { Browser, launchChromium } from './chromium';

const RESULTS = join(__dirname, '..', '..', 'test-results');

jest.setTimeout(120_000);

describe('business hours in the console (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets an admin set the hours, showing the field the server refused first', async () => {
    await page.goto(`${t.url}/console`);
    await page.locator('#login-form input[name=email]').fill(ADMIN.email);
    await page.locator('#login-form input[name=password]').fill(ADMIN.password);
    await page.locator('#login-form button[type=submit]').click();
    const panel = page.locator('#business-hours-panel');
    await panel.locator('text=Not set: open around the clock').waitFor();

    await panel.locator('input[name=timezone]').fill('Asia/Nowhere');
    await panel.locator('input[name="weekly.mon"]').fill('09:00-12:00, 13:00-18:00');
    for (const day of ['tue', 'wed', 'thu', 'fri'])
      await panel.locator(`input[name="weekly.${day}"]`).fill('09:00-18:00');
    for (const day of ['sat', 'sun']) await panel.locator(`input[name="weekly.${day}"]`).fill('');
    await panel.locator('input[name=holidays]').fill('2027-01-01');
    await panel.locator('button[type=submit]').click();
    await panel.locator('#business-hours-errors', { hasText: 'timezone:' }).waitFor();

    await panel.locator('input[name=timezone]').fill('Asia/Tokyo');
    await panel.locator('button[type=submit]').click();
    await panel.locator('text=SLAs count these hours only').waitFor();

    const admin = await login(t);
    const saved = await request(t.url).get('/business-hours').set(bearer(admin)).expect(200);
    expect(saved.body).toMatchObject({
      timezone: 'Asia/Tokyo',
      configured: true,
      holidays: ['2027-01-01'],
      weekly: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        fri: [['09:00', '18:00']],
        sat: [],
      },
    });
    expect(await panel.locator('input[name="weekly.mon"]').inputValue()).toBe('09:00-12:00, 13:00-18:00');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'console-business-hours.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
