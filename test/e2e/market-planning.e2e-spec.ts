import request from 'supertest';
import { DataSource } from 'typeorm';
import { TargetSegments1765600000000 } from '../../src/database/migrations/1765600000000-TargetSegments';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { connectedUser, firstDispatch, postInquiry, setProfile } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
  reason: string;
}

/** Market planning: product lines name their target segments, and contacts in one are served first. */
describe('market planning: target segments of product lines', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];

  const putLine = (code: string, body: object) =>
    request(t.url).put(`/catalog/product-lines/${code}`).set(bearer(admin)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '30' });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  it('migrated the starter catalog to target segments, keeping the old codes as segment criteria', async () => {
    const erp = await request(t.url).get('/catalog/product-lines/erp').set(bearer(admin)).expect(200);
    expect(erp.body.segments).toEqual([
      { segment: 'enterprise', bonus: 30 },
      { name: 'Manufacturing, large', industry: 'manufacturing', size: 'large', bonus: 40 },
    ]);
    const printer = await request(t.url).get('/catalog/product-lines/printer').set(bearer(admin)).expect(200);
    expect(printer.body.segments).toEqual([{ segment: 'smb', bonus: 10 }]);
  });

  it('lets an admin name a line’s target segments, and keeps only the fields given', async () => {
    const res = await putLine('mp-storage', {
      name: 'ストレージ装置',
      complexity: 'simple',
      segments: [
        { name: '製造業・大企業', industry: 'manufacturing', size: 'large', bonus: 50 },
        { region: ' CN-Shanghai ', unknown: 'dropped' },
      ],
    }).expect(201);
    expect(res.body.segments).toEqual([
      { name: '製造業・大企業', industry: 'manufacturing', size: 'large', bonus: 50 },
      { region: 'CN-Shanghai' },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['a code instead of a segment', ['enterprise'], 'segments'],
    ['not a list', { industry: 'retail' }, 'segments'],
    ['a bonus out of bounds', [{ industry: 'retail', bonus: 500 }], 'segments.0.bonus'],
    ['a fractional bonus', [{ industry: 'retail', bonus: 1.5 }], 'segments.0.bonus'],
    ['a criterion that is not text', [{ industry: 'retail' }, { size: 3 }], 'segments.1.size'],
    ['a segment naming no criterion', [{ name: 'everyone', bonus: 10 }], 'segments.0'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, segments, field) => {
    const res = await putLine('mp-refused', { name: 'Refused', complexity: 'simple', segments }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    await request(t.url).get('/catalog/product-lines/mp-refused').set(bearer(admin)).expect(404);
  });

  it('offers a contact in a target segment of the line it asks about before an earlier one outside it, saying why', async () => {
    await putLine('mp-server', {
      name: '服务器',
      complexity: 'simple',
      segments: [{ name: 'Manufacturing, large', industry: 'Manufacturing', size: 'large', bonus: 50 }],
    }).expect([200, 201]);
    await db.query(
      `INSERT INTO customer (name, domain, name_key, industry, size, region) VALUES
         ('神戸精機株式会社', 'kobe-seiki.example.jp', '神戸精機株式会社', 'manufacturing', 'large', 'JP-Kansai'),
         ('上海百货有限公司', 'sh-retail.example.cn', '上海百货有限公司', 'retail', 'large', 'CN-Shanghai')`,
    );
    const quote = (email: string, name: string) =>
      postInquiry(t, 'e_sales', {
        email,
        name,
        productLine: 'mp-server',
        message: 'サーバー10台の見積もりをお願いします',
      });

    const outside = await quote('li.wei@sh-retail.example.cn', '李 伟');
    expect(await firstDispatch(t, outside)).toMatchObject({ outcome: 'waiting' });
    const target = await quote('yamada@kobe-seiki.example.jp', '山田 花子');
    expect(await firstDispatch(t, target)).toMatchObject({ outcome: 'waiting' });
    // The one outside the segment has waited ten minutes longer; the segment's 50 points outweigh that.
    await db.query(`UPDATE contact SET created_at = now() - interval '10 minutes' WHERE id = $1`, [outside]);
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM contact c JOIN customer cu ON cu.id = c.customer_id WHERE c.id = ANY($1::uuid[])`,
      [[outside, target]],
    );
    expect(n).toBe(2);

    const seller = await connectedUser(t, admin, 'Segment Seller', ['agent'], { channels: ['e_sales'] });
    clients.push(seller.client);
    await setProfile(t, admin, seller.id, { capacity: { web: 1 } });
    await seller.client.setPresence('available');

    const offer = await seller.client.waitFor<OfferEvent>('offer');
    expect(offer.contactId).toBe(target);
    expect(offer.reason).toContain('priority: target segment "Manufacturing, large" of mp-server (+50)');
    const [stored] = await db.query<{ reason: string }[]>(`SELECT reason FROM offer WHERE id = $1`, [offer.offerId]);
    expect(stored.reason).toBe(offer.reason);
    const [waiting] = await db.query<{ status: string }[]>(`SELECT status FROM contact WHERE id = $1`, [outside]);
    expect(waiting.status).toBe('queued');
  });

  it('names the segment in the offer of a contact dispatched as soon as it arrives', async () => {
    const seller = await connectedUser(t, admin, 'Direct Seller', ['agent'], { channels: ['e_sales'] });
    clients.push(seller.client);
    await seller.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales', {
      email: 'sato@kobe-seiki.example.jp',
      name: '佐藤 一郎',
      productLine: 'mp-server',
    });
    const offer = await seller.client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact);
    expect(offer.reason).toContain('priority: target segment "Manufacturing, large" of mp-server (+50)');
  });

  it('migrates down to segment codes and up again to the same target segments', async () => {
    const migration = new TargetSegments1765600000000();
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
      const [erp] = await db.query<{ segments: string[] }[]>(`SELECT segments FROM product_line WHERE code = 'erp'`);
      expect(erp.segments).toEqual(['enterprise']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const [erp] = await db.query<{ segments: object[] }[]>(`SELECT segments FROM product_line WHERE code = 'erp'`);
    expect(erp.segments).toEqual([
      { segment: 'enterprise', bonus: 30 },
      { name: 'Manufacturing, large', industry: 'manufacturing', size: 'large', bonus: 40 },
    ]);
  });
});
