import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobName } from '../../src/queues/queue.constants';
import { controlClock } from '../helpers/controlled-clock';
import { bearer, createUser, login } from '../helpers/http';
import { postInquiry, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const BERLIN_WEEK = {
  timezone: 'Europe/Berlin',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  holidays: ['2027-01-01'],
};

describe('business hours', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', HANDOFF_SLA_MINUTES: '240' });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const put = (token: string, body: unknown) =>
    request(t.url)
      .put('/business-hours')
      .set(bearer(token))
      .send(body as object);

  it('answers open around the clock until an admin sets hours', async () => {
    const res = await request(t.url).get('/business-hours').set(bearer(admin)).expect(200);
    expect(res.body).toMatchObject({ timezone: 'UTC', configured: false, holidays: [], updatedAt: null });
    expect(res.body.weekly.sun).toEqual([['00:00', '24:00']]);
  });

  it.each([
    ['an unknown time zone', { ...BERLIN_WEEK, timezone: 'Europe/Atlantis' }, 'timezone'],
    ['a bad HH:MM', { ...BERLIN_WEEK, weekly: { mon: [['9am', '18:00']] } }, 'weekly.mon[0]'],
    [
      'overlapping ranges',
      {
        ...BERLIN_WEEK,
        weekly: {
          tue: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      },
      'weekly.tue[1]',
    ],
    ['an overnight range', { ...BERLIN_WEEK, weekly: { fri: [['22:00', '02:00']] } }, 'weekly.fri[0]'],
    ['a bad date', { ...BERLIN_WEEK, holidays: ['2027-13-01'] }, 'holidays[0]'],
    ['weekly not an object', { ...BERLIN_WEEK, weekly: 'always' }, 'weekly'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, field) => {
    const res = await put(admin, body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM business_hours`);
    expect(n).toBe(0);
  });

  it('lets only admins change the hours', async () => {
    const supervisor = await createUser(t, admin, { email: 'sup@staff.example.com', roles: ['supervisor'] });
    await put(supervisor.token, BERLIN_WEEK).expect(403);
    // Staff may read them (the console shows when the center opens).
    await request(t.url).get('/business-hours').set(bearer(supervisor.token)).expect(200);
  });

  it('stores the hours, answers them back and records the change on the timeline', async () => {
    const res = await put(admin, BERLIN_WEEK).expect(200);
    expect(res.body).toMatchObject({ timezone: 'Europe/Berlin', configured: true, holidays: ['2027-01-01'] });
    expect(res.body.weekly).toMatchObject({ mon: [['09:00', '18:00']], sat: [], sun: [] });
    const again = await request(t.url).get('/business-hours').set(bearer(admin)).expect(200);
    expect(again.body).toEqual(res.body);
    const events = await db.query<{ data: { timezone: string } }[]>(
      `SELECT data FROM timeline_event WHERE type = 'business_hours.changed'`,
    );
    expect(events.map((e) => e.data.timezone)).toEqual(['Europe/Berlin']);
  });

  it('makes a Friday 17:55 handoff with a 4-hour SLA due on Monday 12:55, and expires it then, not before', async () => {
    // Friday 2026-12-04 17:55 in Berlin (UTC+1).
    const clock = controlClock(t, '2026-12-04T16:55:00Z');
    const specialist = await createUser(t, admin, { email: 'field@staff.example.com', roles: ['deal_specialist'] });
    const contact = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, contact, 'queued');
    const res = await request(t.url)
      .post(`/contacts/${contact}/qualification`)
      .set(bearer(admin))
      .send({ revenueTier: 'large', complexity: 'complex', maturity: 'M2', territory: 'kanto' })
      .expect(200);
    expect(res.body).toMatchObject({ route: 'field', assignee: { kind: 'deal_specialist', id: specialist.id } });
    // Monday 2026-12-07 12:55 in Berlin.
    expect(res.body.handoff.dueAt).toBe('2026-12-07T11:55:00.000Z');

    const handoffId = res.body.handoff.id as string;
    const status = async () =>
      (await db.query<{ status: string }[]>(`SELECT status FROM handoff WHERE id = $1`, [handoffId]))[0].status;
    const [timer] = await db.query<{ run_at: Date; published_at: Date | null }[]>(
      `SELECT run_at, published_at FROM outbox WHERE job_id = $1`,
      [`${JobName.ExpireHandoff}.${handoffId}`],
    );
    expect(new Date(timer.run_at).toISOString()).toBe('2026-12-07T11:55:00.000Z');

    // Over the weekend, and on Monday morning one second before the due time, the timer stays put.
    for (const moment of ['2026-12-05T12:00:00Z', '2026-12-07T08:00:00Z', '2026-12-07T11:54:59Z']) {
      await clock.fire(moment);
      const [row] = await db.query<{ published_at: Date | null }[]>(
        `SELECT published_at FROM outbox WHERE job_id = $1`,
        [`${JobName.ExpireHandoff}.${handoffId}`],
      );
      expect(row.published_at).toBeNull();
      expect(await status()).toBe('offered');
    }

    await clock.fire('2026-12-07T11:55:00Z');
    await eventually(async () => ((await status()) === 'expired' ? true : undefined), 10_000);
  });
});
