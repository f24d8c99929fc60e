import { Client } from 'pg';
import request from 'supertest';
import { bearer } from '../helpers/http';
import type { TestApp } from '../helpers/test-app';
import { startSeededReportApp, type ReportWeek } from '../helpers/report-seed';
import { FakeClock } from '../fakes/fake-clock';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { ChannelCostRepository } from '../../src/reports/channel-cost.repository';
import { calendarKey, dayOf, wholeDaysBefore } from '../../src/reports/domain/rollup-days';
import { ReportCalendar } from '../../src/reports/report-calendar';
import { ReportRollService } from '../../src/reports/report-roll.service';
import { ReportRollupRepository } from '../../src/reports/report-rollup.repository';
import { ReportsReadRepository } from '../../src/reports/reports-read.repository';
import { ReportsService } from '../../src/reports/reports.service';
import { RolledWaitsService } from '../../src/reports/rolled-waits.service';

jest.setTimeout(180_000);

/**
 * Speed to lead and the wait SLA read from the day rollup answer exactly what the reports measured
 * live from report_contact answer (the code path without a rollup), over the seeded week and two
 * months of generated contacts (ties, waits before arrival, answers past the first-touch horizon,
 * arrivals a few µs before midnight), at any period edge, after late changes, after a calendar
 * change and with SLA samples still pending near now. Time is a FakeClock given to the services.
 */
describe('report rollup', () => {
  let t: TestApp;
  let db: Client;
  let admin: string;
  let week: ReportWeek;
  const clock = new FakeClock('2026-11-25T12:00:00.000Z');
  /** The reports as built by the app, with the test's clock. */
  let rolledReports: ReportsService;
  /** The same reports never reading the rollup: what they answered before it. */
  let liveReports: ReportsService;
  let roller: ReportRollService;
  let rollups: ReportRollupRepository;
  let calendars: ReportCalendar;
  let unitOfWork: UnitOfWork;

  const periods = [
    { from: '2026-09-01', to: '2026-11-25' },
    { from: '2026-09-10', to: '2026-10-10' },
    { from: '2026-11-02', to: '2026-11-09' },
    { from: '2026-10-01T00:00:00.001Z', to: '2026-10-20T23:59:59.999Z' },
    { from: '2026-09-20T13:14:15.161Z', to: '2026-11-03T00:00:10.000Z' },
    { from: '2026-10-05T00:00:00.000Z', to: '2026-10-06T00:00:00.000Z' },
    { from: '2026-10-05T06:00:00.000Z', to: '2026-10-07T00:00:00.000Z' },
    { from: '2026-10-30T00:00:00.000Z', to: '2026-11-02T01:00:00.000Z' },
    { from: '2026-11-20', to: '2026-11-26' },
  ];

  const answers = async (reports: ReportsService) => {
    const out = [];
    for (const p of periods) out.push({ speed: await reports.speedToLead(p), sla: await reports.sla(p) });
    return out;
  };

  /** Every period answered from the rollup equals the live answer; the rollup must hold some of them. */
  const expectSameAnswers = async () => {
    const live = await answers(liveReports);
    expect(await answers(rolledReports)).toEqual(live);
    return live;
  };

  const rolledDaysOf = async (from: string, to: string) => {
    const key = calendarKey(await calendars.calendar());
    const days = wholeDaysBefore(new Date(from).getTime(), new Date(to).getTime(), dayOf(clock.nowMs()));
    return unitOfWork.run(() => rollups.rolledDays(days, key), { isolation: 'REPEATABLE READ' });
  };

  beforeAll(async () => {
    // The app's own roll job runs on the system clock: kept out of the way of the test's clock.
    ({ t, admin, db, week } = await startSeededReportApp('rollup.example', { REPORTS_ROLL_INTERVAL_SECONDS: '86400' }));
    const config = t.app.get<AppConfig>(APP_CONFIG);
    unitOfWork = t.app.get(UnitOfWork);
    rollups = t.app.get(ReportRollupRepository);
    calendars = t.app.get(ReportCalendar);
    const reads = t.app.get(ReportsReadRepository);
    const costs = t.app.get(ChannelCostRepository);
    const rolled = new RolledWaitsService(rollups, reads);
    const never = { speedToLead: () => Promise.resolve(null), waitCounts: () => Promise.resolve(null) };
    rolledReports = new ReportsService(unitOfWork, reads, costs, calendars, rolled, clock, config);
    liveReports = new ReportsService(unitOfWork, reads, costs, calendars, never as never, clock, config);
    roller = new ReportRollService(unitOfWork, rollups, reads, calendars, clock, config);
    await seedMonths(db, week);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('answers from the rollup what the reports measure live, at any period edge', async () => {
    const before = await answers(rolledReports);
    expect(await roller.rollAll()).toBeGreaterThan(60);
    expect((await rolledDaysOf('2026-09-01', '2026-11-25')).length).toBeGreaterThan(60);
    // 2026-10-12 has an arrival 300 µs before midnight, whose ms falls on the next day: read live.
    expect(await rolledDaysOf('2026-10-12', '2026-10-13')).toEqual([]);
    const live = await expectSameAnswers();
    expect(live).toEqual(before);
    expect(live[0].speed.rows[0].contacts).toBeGreaterThan(2000);
    expect(live[0].speed.rows[0].firstResponse.p90).not.toBeNull();
    // Nothing is left to roll until a change.
    expect((await roller.roll()).rolled).toBe(0);
  });

  it('reads a day changed after its roll live until it is rolled again', async () => {
    const unanswered = await db.query<{ contact_id: string; created_at: Date }>(
      `SELECT contact_id, created_at FROM report_contact
        WHERE first_answer_at IS NULL AND created_at >= '2026-10-07' AND created_at < '2026-10-08' LIMIT 1`,
    );
    const answered = await db.query<{ contact_id: string }>(
      `SELECT contact_id FROM report_contact
        WHERE first_answer_at IS NOT NULL AND created_at >= '2026-10-15' AND created_at < '2026-10-16' LIMIT 1`,
    );
    const [{ id: agent }] = (await db.query(`SELECT id FROM app_user WHERE email = 'aiko@rollup.example'`)).rows;
    // Answered three weeks after it arrived (within the horizon), and an answer deleted.
    const late = new Date(unanswered.rows[0].created_at.getTime() + 21 * 86_400_000 + 1234);
    await db.query(
      `INSERT INTO assignment (contact_id, agent_id, medium, started_at, ended_at, end_reason)
       VALUES ($1, $2, 'web', $3, $3, 'wrapped_up')`,
      [unanswered.rows[0].contact_id, agent, late],
    );
    await db.query(`DELETE FROM assignment WHERE contact_id = $1`, [answered.rows[0].contact_id]);
    expect(await rolledDaysOf('2026-10-07', '2026-10-08')).toEqual([]);
    expect(await rolledDaysOf('2026-10-15', '2026-10-16')).toEqual([]);
    await expectSameAnswers();
    expect((await roller.roll()).rolled).toBe(2);
    expect(await rolledDaysOf('2026-10-07', '2026-10-08')).toHaveLength(1);
    await expectSameAnswers();
  });

  it('counts a day whose unanswered contacts are not all decided live, pending samples included', async () => {
    const [{ id: contact }] = (
      await db.query(
        `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
         VALUES ('web', 'web-form', 'new', 'e_sales', 'question', 'ja', 'near now', '2026-11-24T23:59:00Z', '2026-11-24T23:59:00Z')
         RETURNING id`,
      )
    ).rows;
    expect(contact).toBeDefined();
    clock.set('2026-11-25T00:00:30.000Z');
    expect((await roller.roll()).rolled).toBe(1);
    const period = { from: '2026-11-20', to: '2026-11-26' };
    // 30 s after 11-24's end its contact waits 90 s of a 120 s SLA: pending, so the day is read live.
    const sla = await rolledReports.sla(period);
    expect(sla).toEqual(await liveReports.sla(period));
    expect(sla.rows[0].pending).toBe(1);
    clock.set('2026-11-25T00:05:00.000Z');
    const later = await rolledReports.sla(period);
    expect(later).toEqual(await liveReports.sla(period));
    expect(later.rows[0].pending).toBe(0);
    await expectSameAnswers();
    clock.set('2026-11-25T12:00:00.000Z');
  });

  it('re-rolls the history under a new calendar, reading it live until then', async () => {
    const day: [string, string][] = [['09:00', '18:00']];
    await request(t.url)
      .put('/business-hours')
      .set(bearer(admin))
      .send({
        timezone: 'Asia/Tokyo',
        weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
        holidays: ['2026-10-12', '2026-11-03'],
      })
      .expect(200);
    expect(await rolledDaysOf('2026-09-01', '2026-11-25')).toEqual([]);
    await expectSameAnswers();
    // A bounded run rolls the most recent days first; the rest follow in later runs.
    expect((await roller.roll(10)).rolled).toBe(10);
    expect(await rolledDaysOf('2026-11-14', '2026-11-25')).toHaveLength(10);
    await expectSameAnswers();
    await roller.rollAll();
    expect((await rolledDaysOf('2026-09-01', '2026-11-25')).length).toBeGreaterThan(60);
    const live = await expectSameAnswers();
    // Business time now: the SLA and waits differ from the always-open calendar's.
    expect(live[0].speed.rows[0].contacts).toBeGreaterThan(2000);
  });
});

/**
 * Two months of contacts before the week (2026-09-01 to 2026-10-28), about 60 a day over four
 * channels: offers and answers at pseudo-random delays from 0 s to days (repeated values: ties),
 * some offered before they arrived, some never answered, some answered past the 30-day horizon;
 * and one arrival a few µs before midnight.
 */
async function seedMonths(db: Client, week: ReportWeek): Promise<void> {
  const agent = week.users.aiko;
  await db.query(
    `CREATE TEMP TABLE month_contact AS
     WITH c AS (
       INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
       SELECT 'web', 'web-form', 'closed', (ARRAY['e_coverage', 'e_sales', 'demand_generation', NULL])[1 + g % 4],
              'question', 'ja', 'month seed ' || g,
              timestamptz '2026-09-01' + (g * 1439.7) * interval '1 second' + (g % 7) * interval '1 millisecond',
              timestamptz '2026-09-01' + (g * 1439.7) * interval '1 second'
         FROM generate_series(1, 3500) g
       RETURNING id, created_at, body)
     SELECT id, created_at, substr(body, 12)::int AS g FROM c`,
  );
  await db.query(`
    INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
    VALUES ('web', 'web-form', 'closed', 'e_sales', 'question', 'ja', 'midnight', '2026-10-12T23:59:59.9997Z', '2026-10-12T23:59:59.9997Z')`);
  // The offer: g % 11 == 0 never, g % 13 == 0 two seconds before arrival, else a few seconds to hours.
  await db.query(
    `INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
     SELECT id, $1, 'web', 'accepted', 'seeded', created_at + d, created_at + d + interval '20 seconds', created_at + d
       FROM month_contact
      CROSS JOIN LATERAL (SELECT CASE WHEN g % 13 = 0 THEN interval '-2 seconds'
                                      ELSE ((g * 7919) % 97) ^ 2 * interval '1 second' END AS d) x
      WHERE g % 11 <> 0`,
    [agent],
  );
  // The answer: g % 5 == 0 never, g % 17 == 0 after 35 days (past the horizon), else seconds to a day.
  await db.query(
    `INSERT INTO assignment (contact_id, agent_id, medium, started_at, ended_at, end_reason)
     SELECT id, $1, 'web', created_at + d, created_at + d + interval '5 minutes', 'wrapped_up'
       FROM month_contact
      CROSS JOIN LATERAL (SELECT CASE WHEN g % 17 = 0 THEN interval '35 days'
                                      WHEN g % 3 = 0 THEN ((g * 104729) % 300) * interval '1 second'
                                      ELSE ((g * 7919) % 89) ^ 3 * interval '1 second' END AS d) x
      WHERE g % 5 <> 0`,
    [agent],
  );
}
