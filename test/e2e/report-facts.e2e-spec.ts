import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from '../helpers/http';
import { eventually, TestApp } from '../helpers/test-app';
import { startSeededReportApp, type ReportWeek } from '../helpers/report-seed';
import { ReportContactFacts1765700000000 } from '../../src/database/migrations/1765700000000-ReportContactFacts';
import { ReportWaitRollup1765900000000 } from '../../src/database/migrations/1765900000000-ReportWaitRollup';
import { ReportsService, SPEED_BUCKETS } from '../../src/reports/reports.service';
import {
  type CohortSource,
  type Measured,
  ReportsReadRepository,
  SEGMENT_DIMENSIONS,
  type SlaLimits,
} from '../../src/reports/reports-read.repository';

jest.setTimeout(90_000);

/**
 * The cohort reports read report_contact, kept by triggers on every write; here every figure they
 * read from it equals the same figure computed from the owning tables, over the seeded week, over
 * periods with arbitrary edges, after late changes (a later win, an earlier offer, a removed answer,
 * a new channel and account, a removed lead), with business hours, and after the migration's
 * backfill rebuilt the table from scratch.
 */
describe('report facts', () => {
  let t: TestApp;
  let week: ReportWeek;
  let db: Client;
  let admin: string;
  let reports: ReportsService;
  let reads: ReportsReadRepository;
  const limits: SlaLimits = {
    waitMs: 120_000,
    handoffMs: 4 * 3_600_000,
    backofficeMs: { contract: 72 * 3_600_000, order_entry: 24 * 3_600_000, billing: 48 * 3_600_000 },
  };
  const periods = [
    { from: '2026-11-02', to: '2026-11-09' },
    { from: '2026-11-02T01:00:00.000Z', to: '2026-11-05T00:00:00.001Z' },
    { from: '2026-11-02T01:00:00.001Z', to: '2026-11-06T00:00:00.000Z' },
    { from: '2026-11-03T00:00:00.000Z', to: '2026-11-03T00:00:10.000Z' },
    { from: '2026-10-20', to: '2026-11-20' },
    { from: '2026-10-30T00:00:00.000Z', to: '2026-11-02T01:00:00.000Z' },
  ];

  /** Rows in channel order (the queries group without ordering; the service orders them). */
  const byChannel = <T extends { channel: string | null | undefined }>(rows: T[]) =>
    [...rows].sort((a, b) => String(a.channel).localeCompare(String(b.channel)));

  const ordered = <T>(measured: Measured<T>, order: (value: T) => T): Measured<T> =>
    measured.outside ? measured : { outside: false, value: order(measured.value) };

  /** Everything the cohort reports read, from one source. */
  const figures = async (source: CohortSource) => {
    const out = [];
    for (const query of periods) {
      const range = reports.range(query);
      const index = await reports.index(range);
      const now = new Date('2026-11-20T00:00:00Z');
      out.push(
        await reports.snapshot(async () => ({
          segments: await SEGMENT_DIMENSIONS.reduce(
            async (list, by) => [...(await list), await reads.segments(range, by, source)],
            Promise.resolve([] as unknown[]),
          ),
          funnel: byChannel(await reads.funnel(range, source)),
          clocks: byChannel(await reads.contactClocks(range, source)).map((c) => {
            // A channel's clocks in arrival order, whichever order the query grouped them in.
            const order = c.receivedAt.map((_, i) => i).sort((a, b) => c.receivedAt[a] - c.receivedAt[b]);
            const pick = (list: number[]) => order.map((i) => list[i]);
            return {
              ...c,
              receivedAt: pick(c.receivedAt),
              firstOfferAt: pick(c.firstOfferAt),
              firstResponseAt: pick(c.firstResponseAt),
            };
          }),
          speed: ordered(
            await reads.speedToLead(
              range,
              index.stretches(),
              SPEED_BUCKETS.map((s) => s * 1000),
              source,
            ),
            (rows) => byChannel(rows),
          ),
          sla: ordered(await reads.slaCounts(range, now, index.stretches(), limits, source), (counts) => ({
            ...counts,
            wait: byChannel(counts.wait),
          })),
        })),
      );
    }
    return out;
  };

  const expectSameFigures = async () => {
    const events = await figures('events');
    expect(await figures('facts')).toEqual(events);
    return events;
  };

  beforeAll(async () => {
    ({ t, admin, db, week } = await startSeededReportApp('facts.example'));
    reports = t.app.get(ReportsService);
    reads = t.app.get(ReportsReadRepository);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('keeps one row per contact with its first offer, first answer and lead, as written', async () => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT contact_id, channel, first_offer_at, first_answer_at, lead_route, lead_maturity
         FROM report_contact WHERE contact_id = ANY ($1) ORDER BY created_at`,
      [[week.contacts.c0, week.contacts.c2, week.contacts.c4]],
    );
    expect(rows).toEqual([
      {
        contact_id: week.contacts.c0,
        channel: 'e_sales',
        first_offer_at: new Date('2026-10-30T00:00:01Z'),
        first_answer_at: new Date('2026-10-30T00:00:02Z'),
        lead_route: 'e_sales',
        lead_maturity: 'won',
      },
      {
        contact_id: week.contacts.c2,
        channel: 'e_sales',
        first_offer_at: new Date('2026-11-02T02:01:00Z'),
        first_answer_at: new Date('2026-11-02T02:03:00Z'),
        lead_route: 'nurture',
        lead_maturity: 'M1',
      },
      {
        contact_id: week.contacts.c4,
        channel: 'e_coverage',
        first_offer_at: new Date('2026-11-04T00:00:40Z'),
        first_answer_at: null,
        lead_route: null,
        lead_maturity: null,
      },
    ]);
    const { rows: count } = await db.query(
      `SELECT (SELECT count(*) FROM report_contact)::int AS facts, (SELECT count(*) FROM contact)::int AS contacts`,
    );
    expect(count[0].facts).toBe(count[0].contacts);
  });

  it('answers every cohort figure from the facts as from the owning tables, at any period edge', async () => {
    const events = await expectSameFigures();
    expect(events[0].funnel.reduce((a, r) => a + r.contacts, 0)).toBe(6);
  });

  it('follows late changes into the contact they belong to', async () => {
    const { c1, c2, c3, c4, c5, c6 } = week.contacts;
    const before = await figures('facts');
    // c2's nurture lead is won months later; c5's lost lead is removed.
    await db.query(`UPDATE lead SET maturity = 'won', closed_at = '2027-02-01' WHERE contact_id = $1`, [c2]);
    await db.query(`DELETE FROM lead WHERE contact_id = $1`, [c5]);
    // c4 gets an answer now, and an offer backdated before its first one.
    const [{ agent_id: agent }] = (await db.query(`SELECT agent_id FROM offer WHERE contact_id = $1`, [c4])).rows;
    const { rows: offers } = await db.query<{ id: string }>(
      `INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
       VALUES ($1, $2, 'web', 'accepted', 'late', '2026-11-04T00:00:02Z', '2026-11-04T00:00:30Z', '2026-11-04T00:00:03Z')
       RETURNING id`,
      [c4, agent],
    );
    await db.query(
      `INSERT INTO assignment (contact_id, agent_id, offer_id, medium, started_at, ended_at, end_reason)
       VALUES ($1, $2, $3, 'web', '2026-11-04T00:00:03Z', '2026-11-04T00:10:00Z', 'wrapped_up')`,
      [c4, agent, offers[0].id],
    );
    // c3's answer is removed (its first answer now: none); c6's first offer moves later.
    await db.query(`DELETE FROM assignment WHERE contact_id = $1`, [c3]);
    await db.query(`UPDATE offer SET created_at = created_at + interval '10 minutes' WHERE contact_id = $1`, [c6]);
    // c1 moves to another channel and loses its account; c6 becomes a partner route.
    await db.query(`UPDATE contact SET channel = 'demand_generation', customer_id = NULL WHERE id = $1`, [c1]);
    await db.query(`UPDATE lead SET route = 'partner' WHERE contact_id = $1`, [c6]);
    // And a contact comes in through the API, with its own facts from the first write.
    await request(t.url)
      .post('/inquiries')
      .send({ name: 'Late Visitor', email: 'late@facts.example', message: 'Is the product available?' })
      .expect(202);
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT f.channel FROM contact c JOIN report_contact f ON f.contact_id = c.id AND f.created_at = c.created_at
          WHERE c.from_email = 'late@facts.example'`,
      );
      return rows.length === 1 ? rows : undefined;
    }, 20_000);

    const after = await expectSameFigures();
    expect(after).not.toEqual(before);
    const week0 = after[0].funnel;
    expect(week0.find((r) => r.channel === 'demand_generation')).toMatchObject({ contacts: 2, qualified: 1, won: 1 });
    expect(week0.find((r) => r.channel === 'e_sales')).toMatchObject({ contacts: 1, won: 1 });
    expect(week0.find((r) => r.channel === 'e_coverage')).toMatchObject({ contacts: 3, offered: 3, qualified: 2 });
  });

  it('measures business time from the facts as from the owning tables once business hours are set', async () => {
    const day: [string, string][] = [['09:00', '18:00']];
    await request(t.url)
      .put('/business-hours')
      .set(bearer(admin))
      .send({
        timezone: 'Asia/Tokyo',
        weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
        holidays: ['2026-11-03'],
      })
      .expect(200);
    const [range] = periods.map((p) => reports.range(p));
    expect((await reports.index(range)).stretches()).not.toBeNull();
    await expectSameFigures();
  });

  it('rebuilds the same facts from the owning tables in the migration (the backfill)', async () => {
    const { rows: kept } = await db.query(`SELECT * FROM report_contact ORDER BY contact_id`);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new ReportContactFacts1765700000000();
      // The rollup's triggers and tables hang on report_contact: down before it, up after.
      const rollup = new ReportWaitRollup1765900000000();
      await runner.startTransaction();
      await rollup.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await rollup.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const { rows: rebuilt } = await db.query(`SELECT * FROM report_contact ORDER BY contact_id`);
    expect(rebuilt).toEqual(kept);
    await expectSameFigures();
  });
});
