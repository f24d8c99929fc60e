import request from 'supertest';
import { bearer, login } from '../helpers/http';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

describe('GET /contacts filters and pages', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    token = await login(t);
    const inquiries = [
      { name: 'A', email: 'a@filters.example.org', message: 'simple quote', type: 'quote', productLine: 'pc' },
      { name: 'B', email: 'b@filters.example.org', message: 'seminar?', type: 'seminar' },
      { name: 'C', email: 'c@filters.example.org', message: 'question' },
      { name: 'D', email: 'd@filters.example.org', message: 'purchase', type: 'purchase', productLine: 'printer' },
      { name: 'E', email: 'e@filters.example.org', message: 'erp quote', type: 'quote', productLine: 'erp' },
    ];
    for (const body of inquiries) await request(t.url).post('/inquiries').send(body).expect(202);
    await eventually(async () => {
      const res = await request(t.url).get('/contacts?status=received').set(bearer(token)).expect(200);
      return res.body.items.length === 0 ? true : undefined;
    });
  });
  afterAll(() => t.close());

  const list = (query: string) => request(t.url).get(`/contacts${query}`).set(bearer(token));

  it('filters by channel, status and medium', async () => {
    const eSales = await list('?channel=e_sales').expect(200);
    expect(eSales.body.items.map((c: { from: { name: string } }) => c.from.name).sort()).toEqual(['A', 'D']);
    const dg = await list('?channel=demand_generation&status=queued&medium=web').expect(200);
    expect(dg.body.items).toHaveLength(3);
    expect((await list('?medium=voice').expect(200)).body.items).toEqual([]);
  });

  it('pages newest first with a cursor', async () => {
    const first = await list('?limit=2').expect(200);
    expect(first.body.items.map((c: { from: { name: string } }) => c.from.name)).toEqual(['E', 'D']);
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((c: { from: { name: string } }) => c.from.name)).toEqual(['C', 'B']);
    const third = await list(`?limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect(third.body.items.map((c: { from: { name: string } }) => c.from.name)).toEqual(['A']);
    expect(third.body.nextCursor).toBeNull();
  });

  it.each([
    ['?status=lost', 'status'],
    ['?channel=field', 'channel'],
    ['?medium=pigeon', 'medium'],
    ['?limit=0', 'limit'],
    ['?limit=1000', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=abc', 'cursor'],
    ['?personId=1', 'personId'],
  ])('%s -> 400 naming %s', async (query, field) => {
    const res = await list(query).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 404 for an unknown contact and 400 for a malformed id', async () => {
    await request(t.url).get('/contacts/00000000-0000-4000-8000-000000000000').set(bearer(token)).expect(404);
    await request(t.url).get('/contacts/not-a-uuid').set(bearer(token)).expect(400);
  });
});
