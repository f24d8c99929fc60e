import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestApp } from '../helpers/test-app';
import { startSeededReportApp, type ReportWeek } from '../helpers/report-seed';
import { AssignmentCustomerKey1765740000000 } from '../../src/database/migrations/1765740000000-AssignmentCustomerKey';
import { type CohortSource, ReportsReadRepository } from '../../src/reports/reports-read.repository';
import { ReportsService } from '../../src/reports/reports.service';

jest.setTimeout(90_000);

/**
 * The sellers report counts the customers a seller served from the customer key carried on each
 * assignment (kept by triggers); here it equals the same report joined from the contacts, over the
 * seeded week, over periods with arbitrary edges, after late changes (a person merge, an account
 * removed, a person deleted, an assignment moved to another contact, new assignments), and after
 * the migration's backfill rebuilt the keys from scratch.
 */
describe('report sellers facts', () => {
  let t: TestApp;
  let week: ReportWeek;
  let db: Client;
  let reports: ReportsService;
  let reads: ReportsReadRepository;
  const periods = [
    { from: '2026-11-02', to: '2026-11-09' },
    { from: '2026-11-02T01:01:00.000Z', to: '2026-11-05T00:00:15.000Z' },
    { from: '2026-11-02T01:01:00.001Z', to: '2026-11-06T00:01:40.001Z' },
    { from: '2026-11-03T00:00:20.000Z', to: '2026-11-03T00:00:20.001Z' },
    { from: '2026-10-20', to: '2026-11-20' },
    { from: '2026-10-30T00:00:00.000Z', to: '2026-11-02T02:03:00.000Z' },
  ];

  const figures = async (source: CohortSource) => {
    const out = [];
    for (const query of periods) {
      const range = reports.range(query);
      const rows = await reads.sellerActivity(range, source);
      out.push(rows.map((r) => ({ ...r, cycleDays: [...r.cycleDays].sort((a, b) => a - b) })));
    }
    return out;
  };

  const expectSameFigures = async () => {
    const events = await figures('events');
    expect(await figures('facts')).toEqual(events);
    return events;
  };

  const keysMatchContacts = async () => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS wrong FROM assignment a JOIN contact c ON c.id = a.contact_id
        WHERE a.customer_key IS DISTINCT FROM coalesce(c.customer_id, c.person_id, c.id)`,
    );
    expect(rows[0].wrong).toBe(0);
  };

  const served = (rows: { sellerId: string; customersServed: number }[], seller: string) =>
    rows.find((r) => r.sellerId === seller)?.customersServed ?? 0;

  beforeAll(async () => {
    ({ t, db, week } = await startSeededReportApp('sellers.example'));
    reports = t.app.get(ReportsService);
    reads = t.app.get(ReportsReadRepository);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('carries each assignment its contact’s customer, as written', async () => {
    await keysMatchContacts();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM assignment WHERE customer_key IS NULL`);
    expect(rows[0].n).toBe(0);
  });

  it('counts the customers served from the keys as from the contacts, at any period edge', async () => {
    const events = await expectSameFigures();
    // c1 and c2 are both Small Shop's: Aiko served one customer in the week; Bo served the enterprise.
    expect(served(events[0], week.users.aiko)).toBe(1);
    expect(served(events[0], week.users.bo)).toBe(1);
    expect(served(events[0], week.users.chen)).toBe(1);
  });

  it('follows late changes of account, person and contact into the assignments', async () => {
    const { c1, c2, c3, c5, c6 } = week.contacts;
    const before = await figures('facts');
    const person = async (name: string) =>
      (await db.query<{ id: string }>(`INSERT INTO person (name) VALUES ($1) RETURNING id`, [name])).rows[0].id;
    const taro = await person('Taro');
    const hanako = await person('Hanako');
    // c1 loses its account and is its person's (Taro); c2 loses its account: two customers for Aiko.
    await db.query(`UPDATE contact SET customer_id = NULL, person_id = $2 WHERE id = $1`, [c1, taro]);
    await db.query(`UPDATE contact SET customer_id = NULL WHERE id = $1`, [c2]);
    expect(served((await expectSameFigures())[0], week.users.aiko)).toBe(2);
    // A person merge: c2 becomes Taro's too, one customer again.
    await db.query(`UPDATE contact SET person_id = $2 WHERE id = $1`, [c2, taro]);
    expect(served((await expectSameFigures())[0], week.users.aiko)).toBe(1);
    // c5 (no account) is Hanako's, then Hanako is deleted (ON DELETE SET NULL): the contact again.
    await db.query(`UPDATE contact SET person_id = $2 WHERE id = $1`, [c5, hanako]);
    await expectSameFigures();
    await db.query(`DELETE FROM person WHERE id = $1`, [hanako]);
    // c3's assignment moves to c1 (Taro); Chen takes c6 and c5 late in the week.
    await db.query(`UPDATE assignment SET contact_id = $2 WHERE contact_id = $1`, [c3, c1]);
    await db.query(
      `INSERT INTO assignment (contact_id, agent_id, medium, started_at, ended_at, end_reason)
       VALUES ($1, $3, 'web', '2026-11-07T00:00:00Z', '2026-11-07T00:10:00Z', 'wrapped_up'),
              ($2, $3, 'web', '2026-11-08T23:59:59.999Z', '2026-11-09T00:10:00Z', 'wrapped_up')`,
      [c6, c5, week.users.chen],
    );
    await keysMatchContacts();
    const after = await expectSameFigures();
    expect(after).not.toEqual(before);
    expect(served(after[0], week.users.chen)).toBe(2);
    expect(served(after[0], week.users.bo)).toBe(2);
  });

  it('rebuilds the same keys from the contacts in the migration (the backfill)', async () => {
    const { rows: kept } = await db.query(`SELECT id, customer_key FROM assignment ORDER BY id`);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new AssignmentCustomerKey1765740000000();
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const { rows: rebuilt } = await db.query(`SELECT id, customer_key FROM assignment ORDER BY id`);
    expect(rebuilt).toEqual(kept);
    await expectSameFigures();
  });
});
