import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser } from '../helpers/http';
import { TestApp } from '../helpers/test-app';
import { startSeededReportApp, type ReportWeek } from '../helpers/report-seed';
import { LeadContactArrival1765910000001 } from '../../src/database/migrations/1765910000001-LeadContactArrival';
import { type CohortSource, ReportsReadRepository } from '../../src/reports/reports-read.repository';
import { ReportsService } from '../../src/reports/reports.service';

jest.setTimeout(90_000);

/**
 * The agents report measures busy time as gaps and islands over each agent's assignments in start
 * order, and the sellers report counts each seller's customers over their own assignments; here
 * those equal the definitions they replace (the union of ranges, range_agg; one DISTINCT over every
 * pair of the period), worked by hand for the edges (nested, overlapping, touching and empty
 * assignments, open ones cut at now, ones running past the period's end or started before it) and
 * over many pseudo-random assignments at millisecond edges; a seller with wins but no customers;
 * and the sales cycles measured from the arrival carried on each lead (kept by triggers) as from
 * the contacts, after late changes and after the migration's backfill.
 */
describe('report agents and sellers', () => {
  let t: TestApp;
  let admin: string;
  let week: ReportWeek;
  let db: Client;
  let reports: ReportsService;
  let reads: ReportsReadRepository;

  /** The busy ms per agent as the union of ranges: the definition the report had. */
  const unionBusyMs = async (from: Date, to: Date, now: Date) => {
    const { rows } = await db.query<{ agent_id: string; busy: string | null }>(
      `SELECT agent_id,
              (SELECT sum(extract(epoch FROM upper(r) - lower(r)) * 1000) FROM unnest(busy) r)::bigint::text AS busy
         FROM (SELECT agent_id, range_agg(tstzrange(started_at, greatest(started_at, least(coalesce(ended_at, $3), $2)))) AS busy
                 FROM assignment WHERE started_at >= $1 AND started_at < $2 GROUP BY agent_id) a`,
      [from, to, now],
    );
    return new Map(rows.map((r) => [r.agent_id, r.busy === null ? 0 : Number(r.busy)]));
  };

  /** Distinct (seller, customer) pairs of the period counted per seller: the definition the report had. */
  const pairsServed = async (from: Date, to: Date) => {
    const { rows } = await db.query<{ seller_id: string; customers: number }>(
      `SELECT seller_id, count(*)::int AS customers
         FROM (SELECT DISTINCT agent_id AS seller_id, customer_key FROM assignment
                WHERE started_at >= $1 AND started_at < $2) pairs
        GROUP BY seller_id`,
      [from, to],
    );
    return new Map(rows.map((r) => [r.seller_id, r.customers]));
  };

  const contact = async (arrived: string) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
       VALUES ('web', 'web-form', 'closed', 'e_sales', 'question', 'ja', 'team report', $1, $1) RETURNING id`,
      [arrived],
    );
    return rows[0].id;
  };
  const assign = async (agentId: string, startedAt: string, endedAt: string | null, contactId?: string) => {
    await db.query(
      `INSERT INTO assignment (contact_id, agent_id, medium, started_at, ended_at, end_reason)
       VALUES ($1, $2, 'web', $3, $4, $5)`,
      [contactId ?? (await contact(startedAt)), agentId, startedAt, endedAt, endedAt === null ? null : 'wrapped_up'],
    );
  };
  const busy = async (from: string, to: string, now: string) => {
    const rows = await reads.agentActivity(reports.range({ from, to }), new Date(now));
    return new Map(rows.map((r) => [r.agentId, { handled: r.handled, busyMs: r.busyMs }]));
  };

  beforeAll(async () => {
    ({ t, admin, db, week } = await startSeededReportApp('team.example'));
    reports = t.app.get(ReportsService);
    reads = t.app.get(ReportsReadRepository);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('measures busy time over nested, overlapping, touching, empty, open and overrunning assignments', async () => {
    const dai = week.users.idle;
    // Before the period: not the period's work, though it runs into it.
    await assign(dai, '2026-11-19T23:00:00Z', '2026-11-20T10:15:00Z');
    // 10:00-11:30 once: an hour, a quarter nested in it, and one overlapping its end.
    await assign(dai, '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z');
    await assign(dai, '2026-11-20T10:30:00Z', '2026-11-20T10:45:00Z');
    await assign(dai, '2026-11-20T10:50:00Z', '2026-11-20T11:30:00Z');
    // Empty, and one that ended before it started: handled, no time.
    await assign(dai, '2026-11-20T12:00:00Z', '2026-11-20T12:00:00Z');
    await assign(dai, '2026-11-20T12:30:00Z', '2026-11-20T12:20:00Z');
    // Two touching: 20 minutes.
    await assign(dai, '2026-11-20T13:00:00Z', '2026-11-20T13:10:00Z');
    await assign(dai, '2026-11-20T13:10:00Z', '2026-11-20T13:20:00Z');
    // Still open from 22:00, and one from 23:30 that ends after the period.
    await assign(dai, '2026-11-20T22:00:00Z', null);
    await assign(dai, '2026-11-20T23:30:00Z', '2026-11-21T01:00:00Z');
    // After the period: not counted.
    await assign(dai, '2026-11-21T00:00:00Z', '2026-11-21T00:30:00Z');
    const minutes = (m: number) => m * 60_000;

    // At 22:15 the open one counts a quarter; the later one is cut at the period's end.
    const early = await busy('2026-11-20', '2026-11-21', '2026-11-20T22:15:00Z');
    expect(early.get(dai)).toEqual({ handled: 9, busyMs: minutes(90 + 20 + 15 + 30) });
    // After the period the open one runs to its end, covering the later one.
    const late = await busy('2026-11-20', '2026-11-21', '2026-11-24T00:00:00Z');
    expect(late.get(dai)).toEqual({ handled: 9, busyMs: minutes(90 + 20 + 120) });
    // A period ending inside the first hour cuts it there; the nested one is cut too.
    const morning = await busy('2026-11-20T10:00:00Z', '2026-11-20T10:40:00Z', '2026-11-24T00:00:00Z');
    expect(morning.get(dai)).toEqual({ handled: 2, busyMs: minutes(40) });
    // Open and now before its start: nothing yet.
    const before = await busy('2026-11-20T21:00:00Z', '2026-11-20T23:00:00Z', '2026-11-20T21:30:00Z');
    expect(before.get(dai)).toEqual({ handled: 1, busyMs: 0 });
    for (const [from, to, now] of [
      ['2026-11-20', '2026-11-21', '2026-11-20T22:15:00Z'],
      ['2026-11-20', '2026-11-21', '2026-11-24T00:00:00Z'],
      ['2026-11-20T10:00:00Z', '2026-11-20T10:40:00Z', '2026-11-24T00:00:00Z'],
      ['2026-11-19', '2026-11-22', '2026-11-20T23:45:00Z'],
    ]) {
      const range = reports.range({ from, to });
      const expected = await unionBusyMs(range.from, range.to, new Date(now));
      expect((await busy(from, to, now)).get(dai)?.busyMs).toBe(expected.get(dai));
    }

    // Over HTTP: Dai's row, and a supervisor who took a contact is listed beside the agents.
    const sora = await createUser(t, admin, { email: 'sora@team.example', name: 'Sora', roles: ['supervisor'] });
    await assign(sora.id, '2026-11-20T09:00:00Z', '2026-11-20T09:30:00Z');
    const { body } = await request(t.url)
      .get('/reports/agents')
      .query({ from: '2026-11-20', to: '2026-11-21' })
      .set(bearer(admin))
      .expect(200);
    const row = (id: string) => body.rows.find((r: { agentId: string }) => r.agentId === id);
    expect(row(dai)).toMatchObject({ handled: 9, offers: 0 });
    expect(row(sora.id)).toMatchObject({ name: 'Sora', handled: 1, busySeconds: 1800 });
    expect(row(week.users.aiko)).toMatchObject({ handled: 0, busySeconds: 0 });
  });

  it('measures as the union of ranges over many assignments at millisecond edges', async () => {
    const agents = [week.users.aiko, week.users.bo, week.users.chen];
    // A fixed pseudo-random sequence (a linear congruential generator): the same assignments every run.
    let state = 20261125;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const origin = Date.parse('2026-11-25T00:00:00Z');
    const values = [];
    for (let i = 0; i < 400; i++) {
      const start = origin + next(3 * 86_400_000);
      const length = next(10) === 0 ? null : next(4 * 3_600_000) - (next(20) === 0 ? 60_000 : 0);
      const contactId = await contact(new Date(start).toISOString());
      values.push([contactId, agents[next(3)], new Date(start), length === null ? null : new Date(start + length)]);
    }
    for (const [contactId, agentId, startedAt, endedAt] of values) {
      await db.query(
        `INSERT INTO assignment (contact_id, agent_id, medium, started_at, ended_at) VALUES ($1, $2, 'web', $3, $4)`,
        [contactId, agentId, startedAt, endedAt],
      );
    }
    for (const [from, to, now] of [
      ['2026-11-25', '2026-11-28', '2026-11-30T00:00:00Z'],
      ['2026-11-25', '2026-11-28', '2026-11-26T12:34:56.789Z'],
      ['2026-11-25T05:00:00.001Z', '2026-11-26T17:00:00.999Z', '2026-11-27T00:00:00Z'],
      ['2026-11-26T00:00:00.000Z', '2026-11-26T00:00:00.001Z', '2026-11-30T00:00:00Z'],
    ]) {
      const range = reports.range({ from, to });
      const expected = await unionBusyMs(range.from, range.to, new Date(now));
      const measured = await busy(from, to, now);
      for (const agentId of agents)
        expect([agentId, measured.get(agentId)?.busyMs]).toEqual([agentId, expected.get(agentId) ?? 0]);
      const served = await pairsServed(range.from, range.to);
      const sellers = await reads.sellerActivity(range);
      expect(new Map(sellers.filter((s) => s.customersServed > 0).map((s) => [s.sellerId, s.customersServed]))).toEqual(
        served,
      );
    }
  });

  it('lists a seller with wins and no customers, and one with customers and no wins', async () => {
    const rows = await reads.sellerActivity(reports.range({ from: '2026-11-05', to: '2026-11-09' }));
    const { daisuke, bo } = week.users;
    // Daisuke took no contact in the week but won c6 (arrived 11-06, won 11-08).
    expect(rows.find((r) => r.sellerId === daisuke)).toEqual({
      sellerId: daisuke,
      sellerName: 'Daisuke',
      customersServed: 0,
      won: 1,
      cycleDays: [2],
    });
    expect(rows.find((r) => r.sellerId === bo)).toEqual({
      sellerId: bo,
      sellerName: 'Bo',
      customersServed: 1,
      won: 0,
      cycleDays: [],
    });
    // The same figures as joined from the contacts.
    expect(await reads.sellerActivity(reports.range({ from: '2026-11-05', to: '2026-11-09' }), 'events')).toEqual(rows);
  });

  describe('the arrival carried on the lead', () => {
    const periods = [
      { from: '2026-11-02', to: '2026-11-09' },
      { from: '2026-11-05T01:00:00.000Z', to: '2026-11-08T00:00:00.001Z' },
      { from: '2026-10-01', to: '2026-12-01' },
    ];
    const figures = async (source: CohortSource) => {
      const out = [];
      for (const query of periods) out.push(await reads.sellerActivity(reports.range(query), source));
      return out;
    };
    const expectSameFigures = async () => {
      const events = await figures('events');
      expect(await figures('facts')).toEqual(events);
      return events;
    };
    const arrivalsMatchContacts = async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS wrong FROM lead l JOIN contact c ON c.id = l.contact_id
          WHERE l.contact_created_at IS DISTINCT FROM c.created_at`,
      );
      expect(rows[0].wrong).toBe(0);
    };
    const cycles = (rows: { sellerId: string; cycleDays: number[] }[], seller: string) =>
      rows.find((r) => r.sellerId === seller)?.cycleDays;

    it('carries each lead its contact’s arrival, as written', async () => {
      await arrivalsMatchContacts();
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM lead WHERE contact_created_at IS NULL`);
      expect(rows[0].n).toBe(0);
      const events = await expectSameFigures();
      expect(cycles(events[0], week.users.aiko)).toEqual([3]);
    });

    it('follows a contact’s new arrival and a lead moved to another contact', async () => {
      const { c1, c6 } = week.contacts;
      // c1 arrived a day earlier than recorded: Aiko's cycle is 4 days.
      await db.query(`UPDATE contact SET created_at = created_at - interval '1 day' WHERE id = $1`, [c1]);
      expect(cycles((await expectSameFigures())[0], week.users.aiko)).toEqual([4]);
      // c6's won deal moves to a new contact that arrived on 11-07: Daisuke's cycle is one day.
      const moved = await contact('2026-11-07T00:00:00Z');
      await db.query(`UPDATE lead SET contact_id = $2 WHERE contact_id = $1`, [c6, moved]);
      expect(cycles((await expectSameFigures())[0], week.users.daisuke)).toEqual([1]);
      await arrivalsMatchContacts();
    });

    it('rebuilds the same arrivals from the contacts in the migration (the backfill)', async () => {
      const { rows: kept } = await db.query(`SELECT id, contact_created_at FROM lead ORDER BY id`);
      const runner = t.app.get(DataSource).createQueryRunner();
      try {
        const migration = new LeadContactArrival1765910000001();
        await runner.startTransaction();
        await migration.down(runner);
        await migration.up(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      const { rows: rebuilt } = await db.query(`SELECT id, contact_created_at FROM lead ORDER BY id`);
      expect(rebuilt).toEqual(kept);
      await expectSameFigures();
    });
  });
});
