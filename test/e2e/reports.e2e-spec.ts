import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TEST_PG_URL, TestApp } from '../helpers/test-app';
import { seedReportWeek, type ReportWeek } from '../helpers/report-seed';
import { ReportsService } from '../../src/reports/reports.service';

// Six users (argon2 hashes) and an app start: more than the default 30 s on a busy machine.
jest.setTimeout(90_000);

/**
 * Every report over one seeded week (2026-11-02 to 2026-11-09, wall-clock business time), with
 * the numbers worked out by hand in test/helpers/report-seed.ts.
 */
describe('reports', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let agentToken: string;
  let week: ReportWeek;
  const range = { from: '2026-11-02', to: '2026-11-09' };

  const get = (path: string, query: Record<string, string> = range, token = supervisor) =>
    request(t.url).get(path).query(query).set(bearer(token));
  const csv = async (path: string, query: Record<string, string> = range) => {
    const res = await get(path, query).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-2026-11-02-2026-11-09\.csv"$/);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    return parse<Record<string, string>>(res.text, { bom: true, columns: true });
  };
  const json = async (path: string, query: Record<string, string> = range) => (await get(path, query).expect(200)).body;
  /** A report over one period as JSON (200) and as CSV (its headers checked, its rows parsed). */
  const report = async (path: string, query: Record<string, string> = range) => ({
    body: await json(path, query),
    rows: await csv(path, query),
  });
  const putChannelCosts = (costs: object[], token = supervisor) =>
    request(t.url).put('/reports/channel-costs').set(bearer(token)).send({ costs });
  /** Business hours in UTC, closed 00:00-00:01 every day. */
  const closeFirstMinuteOfEveryDay = () => {
    const day: [string, string][] = [['00:01', '24:00']];
    return request(t.url)
      .put('/business-hours')
      .set(bearer(admin))
      .send({
        timezone: 'UTC',
        weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        holidays: [],
      })
      .expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ WAITING_SLA_SECONDS: '120', HANDOFF_SLA_MINUTES: '240', INQUIRY_RATE_LIMIT: '0' });
    admin = await login(t);
    supervisor = (await createUser(t, admin, { email: 'sv@reports.example', name: 'Sora', roles: ['supervisor'] }))
      .token;
    const user = (email: string, name: string, roles: string[], skills: object = {}) =>
      createUser(t, admin, { email, name, roles, skills });
    const aiko = await user('aiko@reports.example', 'Aiko', ['agent'], { languages: ['ja'], media: ['voice'] });
    const bo = await user('bo@reports.example', 'Bo', ['agent'], { media: ['voice'], languages: ['ja'] });
    const chen = await user('chen@reports.example', 'Chen', ['agent'], { languages: ['zh'] });
    const idle = await user('dai@reports.example', 'Dai (no work)', ['agent']);
    const daisuke = await user('daisuke@reports.example', 'Daisuke', ['deal_specialist']);
    agentToken = idle.token;
    const db = new Client({ connectionString: `${TEST_PG_URL}/${t.databaseName}` });
    await db.connect();
    try {
      week = await seedReportWeek(db, { aiko: aiko.id, bo: bo.id, chen: chen.id, daisuke: daisuke.id, idle: idle.id });
    } finally {
      await db.end();
    }
  });
  afterAll(() => t.close());

  it('refuses agents, and bad periods with a 400 naming the field', async () => {
    await get('/reports/funnel', range, agentToken).expect(403);
    await request(t.url).get('/reports/funnel').expect(401);
    const bad = await get('/reports/funnel', { from: 'last week' }).expect(400);
    expect(bad.body.errors[0].field).toBe('from');
    const backwards = await get('/reports/sla', { from: '2026-11-09', to: '2026-11-02' }).expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', message: 'to must be after from' }]);
    const long = await get('/reports/agents', { from: '2024-01-01', to: '2026-01-01' }).expect(400);
    expect(long.body.errors[0].field).toBe('from');
    const split = await get('/reports/sellers', { ...range, before: '2026-12-01' }).expect(400);
    expect(split.body.errors[0].field).toBe('before');
    const by = await get('/reports/segments', { ...range, by: 'colour' }).expect(400);
    expect(by.body.errors[0].field).toBe('by');
  });

  it('funnel: contacts per channel, offered, qualified, routed, won, lost, rates', async () => {
    const { body, rows } = await report('/reports/funnel');
    expect(body.from).toBe('2026-11-02T00:00:00.000Z');
    expect(body.to).toBe('2026-11-09T00:00:00.000Z');
    expect(body.rows).toEqual([
      {
        channel: 'e_coverage',
        contacts: 3,
        offered: 3,
        qualified: 2,
        routed: { field: 2, e_sales: 0, partner: 0, nurture: 0 },
        won: 1,
        lost: 0,
        rates: { offered: 1, qualified: 0.6667, won: 0.5, overall: 0.3333 },
      },
      {
        channel: 'e_sales',
        contacts: 2,
        offered: 2,
        qualified: 2,
        routed: { field: 0, e_sales: 1, partner: 0, nurture: 1 },
        won: 1,
        lost: 0,
        rates: { offered: 1, qualified: 1, won: 0.5, overall: 0.5 },
      },
      {
        channel: 'demand_generation',
        contacts: 1,
        offered: 1,
        qualified: 1,
        routed: { field: 0, e_sales: 0, partner: 1, nurture: 0 },
        won: 0,
        lost: 1,
        rates: { offered: 1, qualified: 1, won: 0, overall: 0 },
      },
    ]);
    expect(Object.keys(rows[0])).toEqual([
      'channel',
      'contacts',
      'offered',
      'qualified',
      'routed.field',
      'routed.e_sales',
      'routed.partner',
      'routed.nurture',
      'won',
      'lost',
      'rates.offered',
      'rates.qualified',
      'rates.won',
      'rates.overall',
    ]);
    expect(rows[0]).toMatchObject({
      channel: 'e_coverage',
      contacts: '3',
      'routed.field': '2',
      'rates.qualified': '0.6667',
    });
    expect(rows.map((r) => r.channel)).toEqual(['e_coverage', 'e_sales', 'demand_generation']);
  });

  it('speed to lead: p50/p90/p99 of the first offer and the first human response', async () => {
    const { body, rows } = await report('/reports/speed-to-lead');
    expect(body.rows).toEqual([
      {
        channel: 'all',
        contacts: 6,
        firstOffer: { count: 6, p50: 30, p90: 60, p99: 60 },
        firstResponse: { count: 5, p50: 60, p90: 180, p99: 180 },
      },
      {
        channel: 'e_coverage',
        contacts: 3,
        firstOffer: { count: 3, p50: 40, p90: 50, p99: 50 },
        firstResponse: { count: 2, p50: 20, p90: 100, p99: 100 },
      },
      {
        channel: 'e_sales',
        contacts: 2,
        firstOffer: { count: 2, p50: 30, p90: 60, p99: 60 },
        firstResponse: { count: 2, p50: 60, p90: 180, p99: 180 },
      },
      {
        channel: 'demand_generation',
        contacts: 1,
        firstOffer: { count: 1, p50: 5, p90: 5, p99: 5 },
        firstResponse: { count: 1, p50: 15, p90: 15, p99: 15 },
      },
    ]);
    expect(body.distribution).toEqual([
      { upToSeconds: 60, firstOffer: 6, firstResponse: 3 },
      { upToSeconds: 300, firstOffer: 0, firstResponse: 2 },
      { upToSeconds: 900, firstOffer: 0, firstResponse: 0 },
      { upToSeconds: 3600, firstOffer: 0, firstResponse: 0 },
      { upToSeconds: 14400, firstOffer: 0, firstResponse: 0 },
      { upToSeconds: 86400, firstOffer: 0, firstResponse: 0 },
      { upToSeconds: null, firstOffer: 0, firstResponse: 0 },
    ]);
    expect(rows[0]).toEqual({
      channel: 'all',
      contacts: '6',
      'firstOffer.count': '6',
      'firstOffer.p50': '30',
      'firstOffer.p90': '60',
      'firstOffer.p99': '60',
      'firstResponse.count': '5',
      'firstResponse.p50': '60',
      'firstResponse.p90': '180',
      'firstResponse.p99': '180',
    });
  });

  it('sla: the wait SLA (80/20), the handoff SLA and the back-office SLAs, and per day', async () => {
    const { body, rows } = await report('/reports/sla');
    const row = (
      sla: string,
      channel: string | null,
      limitSeconds: number,
      met: number,
      missed: number,
      goal: number | null,
    ) => {
      const total = met + missed;
      const attainment = Math.round((met / total) * 10_000) / 10_000;
      return {
        sla,
        channel,
        limitSeconds,
        total,
        met,
        missed,
        pending: 0,
        attainment,
        goal,
        goalMet: goal === null ? null : attainment >= goal,
      };
    };
    expect(body.rows).toEqual([
      row('wait', null, 120, 4, 2, 0.8),
      row('wait', 'e_coverage', 120, 2, 1, 0.8),
      row('wait', 'e_sales', 120, 1, 1, 0.8),
      row('wait', 'demand_generation', 120, 1, 0, 0.8),
      row('handoff', null, 14_400, 1, 1, null),
      row('backoffice.contract', null, 72 * 3600, 1, 0, null),
      row('backoffice.order_entry', null, 24 * 3600, 0, 1, null),
      row('backoffice.billing', null, 48 * 3600, 0, 1, null),
    ]);
    expect(body.daily).toEqual([
      { day: '2026-11-02', wait: 0.5, handoff: null },
      { day: '2026-11-03', wait: 1, handoff: 1 },
      { day: '2026-11-04', wait: 0, handoff: null },
      { day: '2026-11-05', wait: 1, handoff: null },
      { day: '2026-11-06', wait: 1, handoff: 0 },
    ]);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      sla: 'wait',
      channel: '',
      limitSeconds: '120',
      total: '6',
      met: '4',
      missed: '2',
      pending: '0',
      attainment: '0.6667',
      goal: '0.8',
      goalMet: 'false',
    });
  });

  it('agents: offers by outcome, handled, utilization and fairness among equally skilled agents', async () => {
    const { body, rows } = await report('/reports/agents');
    expect(body.businessSeconds).toBe(7 * 86_400);
    const a = (
      agentId: string,
      name: string,
      counts: [number, number, number, number, number],
      busySeconds: number,
      utilization: number | null,
      fairness: object,
    ) => {
      const [offers, accepted, declined, expired, handled] = counts;
      return { agentId, name, offers, accepted, declined, expired, handled, busySeconds, utilization, fairness };
    };
    expect(body.rows).toEqual([
      a(week.users.aiko, 'Aiko', [2, 2, 0, 0, 2], 1560, 0.0026, { peers: 2, share: 1, groupSpread: 0 }),
      a(week.users.bo, 'Bo', [3, 2, 0, 1, 2], 5280, 0.0087, { peers: 2, share: 1, groupSpread: 0 }),
      a(week.users.chen, 'Chen', [2, 1, 1, 0, 1], 285, 0.0005, { peers: 1, share: 1, groupSpread: 0 }),
      a(week.users.idle, 'Dai (no work)', [0, 0, 0, 0, 0], 0, 0, { peers: 1, share: null, groupSpread: null }),
    ]);
    expect(rows.map((r) => [r.name, r.handled, r['fairness.share']])).toEqual([
      ['Aiko', '2', '1'],
      ['Bo', '2', '1'],
      ['Chen', '1', '1'],
      ['Dai (no work)', '0', ''],
    ]);
  });

  it('stalled: open leads flagged stalled, per stage and owner', async () => {
    const { body, rows } = await report('/reports/stalled');
    expect(body.rows).toEqual([
      {
        stage: 'M3',
        ownerId: week.users.daisuke,
        ownerName: 'Daisuke',
        stalled: 1,
        amount: 5_000_000,
        oldestStalledAt: '2026-11-06T00:00:00.000Z',
      },
    ]);
    expect(rows).toEqual([
      {
        stage: 'M3',
        ownerId: week.users.daisuke,
        ownerName: 'Daisuke',
        stalled: '1',
        amount: '5000000',
        oldestStalledAt: '2026-11-06T00:00:00.000Z',
      },
    ]);
  });

  it('cost: per lead and per won deal from the channel costs', async () => {
    const refused = await putChannelCosts([
      { channel: 'e_sales', perDay: 1000, perContact: 50, currency: 'yen' },
    ]).expect(400);
    expect(refused.body.errors[0].field).toMatch(/currency/);
    expect(await json('/reports/channel-costs', {})).toEqual([]);
    await putChannelCosts([{ channel: 'e_sales', perDay: 1, perContact: 1, currency: 'JPY' }], agentToken).expect(403);
    const put = await putChannelCosts([
      { channel: 'e_sales', perDay: 1000, perContact: 50, currency: 'JPY' },
      { channel: 'e_coverage', perDay: 2000, perContact: 100, currency: 'JPY' },
    ]).expect(200);
    expect(put.body.map((c: { channel: string }) => c.channel)).toEqual(['e_coverage', 'e_sales']);
    const { body, rows } = await report('/reports/cost');
    expect(body.rows).toEqual([
      {
        channel: 'e_coverage',
        contacts: 3,
        leads: 2,
        won: 1,
        currency: 'JPY',
        perDay: 2000,
        perContact: 100,
        cost: 14_300,
        costPerLead: 7150,
        costPerWon: 14_300,
      },
      {
        channel: 'e_sales',
        contacts: 2,
        leads: 2,
        won: 1,
        currency: 'JPY',
        perDay: 1000,
        perContact: 50,
        cost: 7100,
        costPerLead: 3550,
        costPerWon: 7100,
      },
      {
        channel: 'demand_generation',
        contacts: 1,
        leads: 1,
        won: 0,
        currency: null,
        perDay: null,
        perContact: null,
        cost: null,
        costPerLead: null,
        costPerWon: null,
      },
    ]);
    expect(rows[1]).toMatchObject({ channel: 'e_sales', cost: '7100', costPerLead: '3550', costPerWon: '7100' });
    expect(rows[2]).toMatchObject({ channel: 'demand_generation', cost: '', costPerWon: '' });
  });

  it('sellers: customers served per seller and cycle time, before and after a date', async () => {
    const { body, rows } = await report('/reports/sellers', { ...range, before: '2026-11-05' });
    const { aiko, bo, chen, daisuke } = week.users;
    expect(body.rows).toEqual([
      { period: 'before', sellerId: aiko, sellerName: 'Aiko', customersServed: 1, won: 0, averageCycleDays: null },
      { period: 'before', sellerId: bo, sellerName: 'Bo', customersServed: 1, won: 0, averageCycleDays: null },
      { period: 'after', sellerId: aiko, sellerName: 'Aiko', customersServed: 0, won: 1, averageCycleDays: 3 },
      { period: 'after', sellerId: bo, sellerName: 'Bo', customersServed: 1, won: 0, averageCycleDays: null },
      { period: 'after', sellerId: chen, sellerName: 'Chen', customersServed: 1, won: 0, averageCycleDays: null },
      { period: 'after', sellerId: daisuke, sellerName: 'Daisuke', customersServed: 0, won: 1, averageCycleDays: 2 },
    ]);
    expect(body.periods).toEqual([
      {
        name: 'before',
        from: '2026-11-02T00:00:00.000Z',
        to: '2026-11-05T00:00:00.000Z',
        sellers: 2,
        customersServed: 2,
        customersPerSeller: 1,
        won: 0,
        averageCycleDays: null,
      },
      {
        name: 'after',
        from: '2026-11-05T00:00:00.000Z',
        to: '2026-11-09T00:00:00.000Z',
        sellers: 4,
        customersServed: 2,
        customersPerSeller: 0.5,
        won: 2,
        averageCycleDays: 2.5,
      },
    ]);
    expect(body.change).toEqual({ customersPerSeller: 0.5, averageCycleDays: null });
    expect(rows.map((r) => [r.period, r.sellerName, r.customersServed, r.averageCycleDays])).toEqual([
      ['before', 'Aiko', '1', ''],
      ['before', 'Bo', '1', ''],
      ['after', 'Aiko', '0', '3'],
      ['after', 'Bo', '1', ''],
      ['after', 'Chen', '1', ''],
      ['after', 'Daisuke', '0', '2'],
    ]);
  });

  it('segments: contacts, leads and wins per target segment, with the product lines serving it', async () => {
    const body = await json('/reports/segments');
    expect(body.by).toBe('segment');
    expect(body.rows).toEqual([
      {
        segment: 'enterprise',
        contacts: 3,
        leads: 2,
        won: 1,
        leadRate: 0.6667,
        winRate: 0.5,
        productLines: ['cloud-migration', 'erp', 'managed-services', 'network', 'pc', 'server'],
      },
      {
        segment: 'smb',
        contacts: 2,
        leads: 2,
        won: 1,
        leadRate: 1,
        winRate: 0.5,
        productLines: ['managed-services', 'network', 'pc', 'printer', 'server'],
      },
      { segment: null, contacts: 1, leads: 1, won: 0, leadRate: 1, winRate: 0, productLines: [] },
    ]);
    const industry = await report('/reports/segments', { ...range, by: 'industry' });
    expect(
      industry.body.rows.map((r: { segment: string | null; contacts: number }) => [r.segment, r.contacts]),
    ).toEqual([
      ['製造業', 3],
      [null, 3],
    ]);
    expect(industry.rows[0]).toMatchObject({ segment: '製造業', contacts: '3', productLines: '' });
  });

  it('counts speed to lead in business hours once they are set (closed 00:00-00:01 UTC every day)', async () => {
    await closeFirstMinuteOfEveryDay();
    const body = await json('/reports/speed-to-lead');
    // c3-c6 arrived at 00:00: their offers within the first minute took no business time, and
    // c6's answer at 00:01:40 took 40 s; c1 and c2 arrived in open hours and keep theirs.
    expect(body.rows[0]).toEqual({
      channel: 'all',
      contacts: 6,
      firstOffer: { count: 6, p50: 0, p90: 60, p99: 60 },
      firstResponse: { count: 5, p50: 40, p90: 180, p99: 180 },
    });
  });

  it('measures speed to lead and SLAs in the query exactly as node measures every wait, with business hours', async () => {
    // The query's open-stretch lookup against the calendar's own answers in node, over the seeded
    // week and over a period around it, with the calendar of the test above.
    await closeFirstMinuteOfEveryDay();
    const reports = t.app.get(ReportsService);
    for (const query of [range, { from: '2026-10-20', to: '2026-11-20' }]) {
      const r = reports.range(query);
      const index = await reports.index(r);
      expect(index.stretches()).not.toBeNull();
      expect(await reports.speedToLead(query)).toEqual(await reports.speedToLeadInNode(r, index));
      expect(await reports.sla(query)).toEqual(await reports.slaInNode(r, index));
    }
    expect((await json('/reports/sla')).rows[0]).toMatchObject({ sla: 'wait', channel: null, total: 6 });
  });
});
