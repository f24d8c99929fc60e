import request from 'supertest';
import { acceptedFieldLead } from '../helpers/deals';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

interface Stage {
  stage: string;
  count: number;
  amount: number;
  stalled: number;
  averageAgeDays: number | null;
}

describe('the pipeline and sales plans', () => {
  let t: TestApp;
  let admin: string;
  let specialist: { id: string; token: string };
  let agent: { id: string; token: string };

  const pipeline = (token: string, query: Record<string, string> = {}) =>
    request(t.url).get('/pipeline').query(query).set(bearer(token));
  const stage = (body: { stages: Stage[] }, name: string) => body.stages.find((s) => s.stage === name)!;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    admin = await login(t);
    specialist = await createUser(t, admin, {
      email: 'ds@pipeline.example',
      name: '王 磊',
      roles: ['deal_specialist'],
      skills: { productLines: ['erp'] },
    });
    agent = await createUser(t, admin, { email: 'agent@pipeline.example', name: 'Aiko', roles: ['agent'] });
    const deals: [string, number, string][] = [
      ['M3', 8_000_000, '2027-02-10T00:00:00.000Z'],
      ['M4', 4_000_000, '2027-03-20T00:00:00.000Z'],
      ['M3', 1_000_000, '2027-05-01T00:00:00.000Z'],
    ];
    for (const [maturity, amount, expectedCloseAt] of deals) {
      const lead = await acceptedFieldLead(t, admin, specialist.token);
      await request(t.url)
        .patch(`/leads/${lead.leadId}`)
        .set(bearer(specialist.token))
        .send({ maturity, amount, expectedCloseAt, reason: 'forecast' })
        .expect(200);
    }
  });
  afterAll(() => t.close());

  it('answers the specialist their own pipeline per stage, with age in stage', async () => {
    const res = await pipeline(specialist.token).expect(200);
    expect(res.body.stages.map((s: Stage) => s.stage)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'won', 'lost']);
    expect(stage(res.body, 'M3')).toMatchObject({ count: 2, amount: 9_000_000, stalled: 0 });
    expect(stage(res.body, 'M4')).toMatchObject({ count: 1, amount: 4_000_000 });
    expect(stage(res.body, 'M3').averageAgeDays).toBeGreaterThanOrEqual(0);
    expect(res.body.coverage).toBeNull();
    expect(res.body.leads).toHaveLength(3);
    // The agent owns none of them.
    const mine = await pipeline(agent.token).expect(200);
    expect(mine.body.leads).toEqual([]);
  });

  it('measures the quarter against its plan: stage-weighted pipeline vs target', async () => {
    await request(t.url)
      .put('/plans/2027-Q1')
      .set(bearer(admin))
      .send({ ownerId: specialist.id, target: 10_000_000 })
      .expect(200);
    const res = await pipeline(specialist.token, { period: '2027-Q1' }).expect(200);
    expect(stage(res.body, 'M3')).toMatchObject({ count: 1, amount: 8_000_000 });
    // M3 at 50 %, M4 at 75 %.
    expect(res.body.coverage).toEqual({ target: 10_000_000, weighted: 7_000_000, ratio: 0.7 });
    // A plan set again replaces the target.
    await request(t.url)
      .put('/plans/2027-Q1')
      .set(bearer(admin))
      .send({ ownerId: specialist.id, target: 7_000_000 })
      .expect(200);
    expect((await pipeline(specialist.token, { period: '2027-Q1' }).expect(200)).body.coverage.ratio).toBe(1);
  });

  it('lets supervisors see the company and any owner; a specialist nobody else', async () => {
    await request(t.url).put('/plans/2027-Q2').set(bearer(admin)).send({ target: 2_000_000 }).expect(200);
    const company = await pipeline(admin, { period: '2027-Q2' }).expect(200);
    expect(company.body.coverage).toEqual({ target: 2_000_000, weighted: 500_000, ratio: 0.25 });
    await pipeline(admin, { ownerId: specialist.id, productLine: 'erp' }).expect(200);
    const forbidden = await pipeline(specialist.token, { ownerId: agent.id }).expect(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it.each([
    ['/plans/2027-Q5', { target: 1 }, 'period'],
    ['/plans/2027-Q1', { target: -1 }, 'target'],
    ['/plans/2027-Q1', { target: 'lots' }, 'target'],
    ['/plans/2027-Q1', { target: 1, ownerId: 'me' }, 'ownerId'],
    ['/plans/2027-Q1', { target: 1, ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
  ])('PUT %s %j answers 400 naming %s', async (path, body, field) => {
    const res = await request(t.url).put(path).set(bearer(admin)).send(body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('documents every deal-desk endpoint in the OpenAPI document', async () => {
    const doc = await request(t.url).get('/docs-json').expect(200);
    const paths = Object.keys(doc.body.paths as object);
    for (const path of [
      '/leads/{id}',
      '/leads/{id}/outcome',
      '/pipeline',
      '/plans/{period}',
      '/leads/{id}/experts',
      '/leads/{id}/team',
      '/team-invitations/{id}/accept',
      '/team-invitations/{id}/decline',
      '/experts/{id}',
      '/contacts/{id}/order',
      '/backoffice/tasks',
      '/backoffice/tasks/{id}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(doc.body.paths['/leads/{id}'] as object)).toEqual(expect.arrayContaining(['get', 'patch']));
  });

  it('refuses a bad period query (400) and plans from sellers (403)', async () => {
    const bad = await pipeline(admin, { period: 'Q1-2027' }).expect(400);
    expect(bad.body.errors[0].field).toBe('period');
    await request(t.url).put('/plans/2027-Q1').set(bearer(specialist.token)).send({ target: 1 }).expect(403);
  });
});
