import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestApp, TEST_PG_URL } from '../helpers/test-app';
import { startSeededReportApp, type ReportWeek } from '../helpers/report-seed';
import { ReportCohortDays1765920000000 } from '../../src/database/migrations/1765920000000-ReportCohortDays';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { ReportCohortCompactor } from '../../src/reports/report-cohort-compactor.service';
import { ReportCohortRepository } from '../../src/reports/report-cohort.repository';
import { ReportsService } from '../../src/reports/reports.service';
import { type FunnelRow, ReportsReadRepository } from '../../src/reports/reports-read.repository';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

/**
 * The funnel reads its full days from report_cohort_day plus the deltas appended by the triggers
 * of migration 1765920000000-ReportCohortDays, and its partial days contact by contact. Here the
 * funnel and cost from the days equal the contact-by-contact count of report_contact and the count
 * from the owning tables, over many periods (millisecond edges, partial days, a year), after late
 * changes and bulk SQL, before and after compaction, and under concurrent writers.
 */
describe('report cohort days', () => {
  let t: TestApp;
  let week: ReportWeek;
  let db: Client;
  let reports: ReportsService;
  let reads: ReportsReadRepository;

  /** Fixed periods, and pseudo-random ones with millisecond edges around the seeded data. */
  const periods = (() => {
    const fixed = [
      ['2026-11-02', '2026-11-09'],
      ['2026-11-02T01:00:00.000Z', '2026-11-05T00:00:00.001Z'],
      ['2026-11-02T01:00:00.001Z', '2026-11-06T00:00:00.000Z'],
      ['2026-11-03T00:00:00.000Z', '2026-11-03T00:00:10.000Z'],
      ['2026-11-02T12:00:00.000Z', '2026-11-03T12:00:00.000Z'],
      ['2026-10-20', '2026-11-20'],
      ['2026-10-30T00:00:00.000Z', '2026-11-02T01:00:00.000Z'],
      ['2026-01-01', '2027-01-01'],
      ['2026-06-01T03:04:05.678Z', '2027-06-01T00:00:00.000Z'],
    ].map(([from, to]) => ({ from, to }));
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const base = new Date('2026-10-25').getTime();
    const random = Array.from({ length: 24 }, () => {
      const from = base + Math.floor(next() * 20 * DAY_MS);
      const to = from + 1 + Math.floor(next() * 12 * DAY_MS);
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    });
    return [...fixed, ...random];
  })();

  const byChannel = (rows: FunnelRow[]) => [...rows].sort((a, b) => String(a.channel).localeCompare(String(b.channel)));

  /** The funnel counted contact by contact from report_contact, without the days. */
  const live = async (from: Date, to: Date): Promise<FunnelRow[]> => {
    const { rows } = await db.query<FunnelRow>(
      `SELECT channel, count(*)::int AS contacts,
              count(*) FILTER (WHERE first_offer_at < created_at + interval '720 hours')::int AS offered,
              count(lead_route)::int AS qualified,
              count(*) FILTER (WHERE lead_route = 'field')::int AS field,
              count(*) FILTER (WHERE lead_route = 'e_sales')::int AS "eSales",
              count(*) FILTER (WHERE lead_route = 'partner')::int AS partner,
              count(*) FILTER (WHERE lead_route = 'nurture')::int AS nurture,
              count(*) FILTER (WHERE lead_maturity = 'won')::int AS won,
              count(*) FILTER (WHERE lead_maturity = 'lost')::int AS lost
         FROM report_contact WHERE created_at >= $1 AND created_at < $2 GROUP BY channel`,
      [from, to],
    );
    return byChannel(rows);
  };

  /** Every period's funnel from the days, contact by contact, and from the owning tables: equal. */
  const expectSameFunnels = async () => {
    const out: FunnelRow[][] = [];
    for (const query of periods) {
      const range = reports.range(query);
      const days = await reports.snapshot(async () => byChannel(await reads.funnel(range)));
      const events = await reports.snapshot(async () => byChannel(await reads.funnel(range, 'events')));
      expect({ query, days }).toEqual({ query, days: events });
      expect({ query, days }).toEqual({ query, days: await live(range.from, range.to) });
      out.push(days);
    }
    // The cost report reads the same counts.
    for (const query of periods.slice(0, 9)) {
      const cost = await reports.cost(query);
      const events = await reports.snapshot(() => reads.funnel(reports.range(query), 'events'));
      for (const row of cost.rows) {
        const f = events.find((r) => r.channel === row.channel);
        expect({ query, row: [row.contacts, row.leads, row.won] }).toEqual({
          query,
          row: [f?.contacts ?? 0, f?.qualified ?? 0, f?.won ?? 0],
        });
      }
    }
    return out;
  };

  /** Summary plus deltas equals report_contact grouped by day and state, key by key. */
  const expectExactDays = async () => {
    const { rows } = await db.query(
      `WITH days AS (
              SELECT day, channel, offered, lead_route, lead_maturity, sum(contacts)::int AS contacts
                FROM (SELECT * FROM report_cohort_day UNION ALL SELECT * FROM report_cohort_delta) k
               GROUP BY 1, 2, 3, 4, 5 HAVING sum(contacts) <> 0),
            facts AS (
              SELECT floor(date_part('epoch', created_at) / 86400)::int AS day, channel,
                     coalesce(first_offer_at < created_at + interval '720 hours', false) AS offered,
                     lead_route, lead_maturity, count(*)::int AS contacts
                FROM report_contact GROUP BY 1, 2, 3, 4, 5)
       SELECT * FROM (SELECT * FROM days EXCEPT ALL SELECT * FROM facts) a
       UNION ALL SELECT * FROM (SELECT * FROM facts EXCEPT ALL SELECT * FROM days) b`,
    );
    expect(rows).toEqual([]);
  };

  const deltas = async () => Number((await db.query(`SELECT count(*) FROM report_cohort_delta`)).rows[0].count);

  /**
   * Compacts until no delta is left. The app's own repeatable compaction may run beside the test
   * (and hold the lock, when this one's turn is skipped): every state in between is exact anyway.
   */
  const compactAll = async () => {
    const compactor = t.app.get(ReportCohortCompactor);
    while ((await deltas()) > 0) await compactor.compact();
  };

  /** Inserts `n` contacts by SQL, spread over the days from `start`, each with an offer `offerAfterMs` later. */
  const bulkContacts = async (start: string, n: number, offerAfterMs: number, channel: string | null) => {
    const [{ id: agent }] = (await db.query<{ id: string }>(`SELECT id FROM app_user WHERE name = 'Aiko'`)).rows;
    await db.query(
      `WITH c AS (
              INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
              SELECT 'web', 'web-form', 'closed', $3, 'question', 'ja', 'bulk',
                     $1::timestamptz + g * interval '7 hours 13 minutes 1.001 seconds', $1::timestamptz
                FROM generate_series(1, $2::int) g
              RETURNING id, created_at)
       INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
       SELECT id, $4, 'web', 'accepted', 'bulk', created_at + $5 * interval '1 millisecond',
              created_at + $5 * interval '1 millisecond' + interval '20 seconds',
              created_at + $5 * interval '1 millisecond' + interval '20 seconds'
         FROM c`,
      [start, n, channel, agent, offerAfterMs],
    );
  };

  beforeAll(async () => {
    // The app's own compaction once a day: the test compacts when it means to (and copes with it anyway).
    ({ t, db, week } = await startSeededReportApp('days.example', { REPORT_COMPACTION_INTERVAL_SECONDS: '86400' }));
    reports = t.app.get(ReportsService);
    reads = t.app.get(ReportsReadRepository);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('counts the seeded week from the days as contact by contact and from the owning tables', async () => {
    const funnels = await expectSameFunnels();
    expect(funnels[0].reduce((a, r) => a + r.contacts, 0)).toBe(6);
    await expectExactDays();
  });

  it('counts a contact offered only when its first offer came within 30 days of its arrival', async () => {
    // 40 contacts first offered 31 days after arriving, 40 offered 29 days after.
    await bulkContacts('2026-10-01T05:00:00Z', 40, 31 * DAY_MS, 'e_sales');
    await bulkContacts('2026-10-01T05:30:00Z', 40, 29 * DAY_MS, 'demand_generation');
    const query = { from: '2026-10-01', to: '2026-10-15' };
    const rows = await reports.snapshot(() => reads.funnel(reports.range(query)));
    expect(rows.find((r) => r.channel === 'e_sales')).toMatchObject({ offered: 0 });
    const dg = rows.find((r) => r.channel === 'demand_generation');
    expect(dg?.offered).toBe(dg?.contacts);
    // However late the period ends: a property of the contact, not of the period.
    const year = await reports.snapshot(() => reads.funnel(reports.range({ from: '2026-01-01', to: '2027-01-01' })));
    expect(year.find((r) => r.channel === 'e_sales')).toMatchObject({ contacts: 43, offered: 3 });
    await expectSameFunnels();
    await expectExactDays();
  });

  it('follows late changes, before and after compaction', async () => {
    const { c1, c2, c3, c4, c5 } = week.contacts;
    const before = await expectSameFunnels();
    await compactAll();
    expect(await expectSameFunnels()).toEqual(before);
    await expectExactDays();

    // A lead won months later, a lead removed, an offer deleted, a channel changed, a bulk insert.
    await db.query(`UPDATE lead SET maturity = 'won', closed_at = '2027-02-01' WHERE contact_id = $1`, [c2]);
    await db.query(`DELETE FROM lead WHERE contact_id = $1`, [c5]);
    await db.query(`DELETE FROM assignment WHERE contact_id = $1`, [c3]);
    await db.query(`DELETE FROM offer WHERE contact_id = $1`, [c4]);
    await db.query(`UPDATE contact SET channel = 'demand_generation' WHERE id = $1`, [c1]);
    await db.query(`UPDATE contact SET created_at = created_at - interval '1 day' WHERE id = $1`, [c3]);
    await db.query(`UPDATE offer SET created_at = created_at + interval '40 days' WHERE contact_id IN
                     (SELECT id FROM contact WHERE channel = 'demand_generation' AND body = 'bulk' LIMIT 5)`);
    await bulkContacts('2026-11-01T23:59:59.999Z', 60, 1500, null);
    const after = await expectSameFunnels();
    expect(after).not.toEqual(before);
    expect(after[0].find((r) => r.channel === 'e_coverage')).toMatchObject({ contacts: 3, offered: 2 });
    await expectExactDays();

    // Compacted in small batches, a bit at a time: exact between any two of them.
    const cohort = t.app.get(ReportCohortRepository);
    const unitOfWork = t.app.get(UnitOfWork);
    expect(await deltas()).toBeGreaterThan(3);
    while ((await deltas()) > 0) {
      const moved = await unitOfWork.run(() => cohort.compact(3));
      // Null while the app's own compaction holds the lock.
      if (moved !== null) expect(moved.deltas).toBeLessThanOrEqual(3);
      await expectExactDays();
    }
    expect(await expectSameFunnels()).toEqual(after);
  });

  it('keeps exact counts under concurrent writers of the same days, without deadlocks', async () => {
    const [{ id: agent }] = (await db.query<{ id: string }>(`SELECT id FROM app_user WHERE name = 'Bo'`)).rows;
    const writers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new Client({ connectionString: `${TEST_PG_URL}/${t.databaseName}` });
        await client.connect();
        return client;
      }),
    );
    const compactions = t.app.get(ReportCohortCompactor);
    try {
      let writing = true;
      const written = Promise.all(
        writers.map(async (client, w) => {
          for (let round = 0; round < 5; round++) {
            await client.query('BEGIN');
            // Each batch writes contacts of the same three days, in a different order per writer.
            const { rows } = await client.query<{ id: string }>(
              `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
               SELECT 'web', 'web-form', 'closed', (ARRAY['e_sales', 'e_coverage', 'demand_generation'])[1 + (g + $1) % 3],
                      'question', 'ja', 'concurrent',
                      '2026-12-10T00:00:00Z'::timestamptz + ((g * 7 + $1) % 3) * interval '1 day' + g * interval '1 minute', now()
                 FROM generate_series(1, 20) g
               RETURNING id`,
              [w + round],
            );
            await client.query(
              `INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
               SELECT c.id, $2, 'web', 'accepted', 'concurrent', c.created_at + interval '5 seconds',
                      c.created_at + interval '25 seconds', c.created_at + interval '25 seconds'
                 FROM contact c WHERE c.id = ANY ($1::uuid[])`,
              [rows.filter((_, i) => i % 2 === 0).map((r) => r.id), agent],
            );
            await client.query('COMMIT');
          }
        }),
      ).finally(() => (writing = false));
      // And two compactors beside them: they wait on no writer and no writer waits on them.
      const compacting = async () => {
        while (writing) await compactions.compact();
      };
      await Promise.all([written, compacting(), compacting()]);
    } finally {
      await Promise.all(writers.map((c) => c.end()));
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM contact WHERE body = 'concurrent'`);
    expect(rows[0].n).toBe(6 * 5 * 20);
    const range = reports.range({ from: '2026-12-10', to: '2026-12-13' });
    const funnel = await reports.snapshot(() => reads.funnel(range));
    expect(funnel.reduce((a, r) => a + r.contacts, 0)).toBe(600);
    expect(funnel.reduce((a, r) => a + r.offered, 0)).toBe(300);
    await expectExactDays();
    await expectSameFunnels();
  });

  it('rebuilds the same days in the migration (the backfill)', async () => {
    await compactAll();
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new ReportCohortDays1765920000000();
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await deltas()).toBe(0);
    await expectExactDays();
    await expectSameFunnels();
  });
});
