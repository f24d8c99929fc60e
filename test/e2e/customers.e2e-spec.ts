import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

interface Page {
  items: { id: string; name?: string; from?: { name: string | null } }[];
  nextCursor: string | null;
}

/**
 * Customer accounts, people and contact search on the real PostgreSQL: the account API with its
 * 400s naming the field, do-not-contact, and `GET /contacts?q=` by name (Latin, Japanese, Chinese),
 * e-mail, phone in several spellings and company, using the trigram indexes.
 */
describe('customers, people and contact search', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let supervisor: { id: string; token: string };
  let agent: { id: string; token: string };
  let retired: { id: string; token: string };
  const contact: Record<string, string> = {};
  let acme: string;
  let shanghai: string;
  let taroPerson: string;

  const insertContact = async (
    key: string,
    c: { name: string; email?: string; phone?: string; company?: string; customerId?: string; personId?: string },
  ) => {
    const [row] = await db.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, from_name, from_email, from_phone,
         from_company, body, customer_id, person_id)
       VALUES ($1, 'test', 'queued', 'e_sales', 'quote', 'ja', $2, $3, $4, $5, 'Hello', $6, $7) RETURNING id`,
      [
        c.phone && !c.email ? 'voice' : 'email',
        c.name,
        c.email ?? null,
        c.phone ?? null,
        c.company ?? null,
        c.customerId ?? null,
        c.personId ?? null,
      ],
    );
    contact[key] = row.id;
  };

  beforeAll(async () => {
    t = await startTestApp({ DEFAULT_PHONE_REGION: 'JP' });
    db = t.app.get(DataSource);
    admin = await login(t);
    supervisor = await createUser(t, admin, { email: 'sv@staff.example.com', roles: ['supervisor'] });
    agent = await createUser(t, admin, { email: 'agent@staff.example.com', name: 'Aiko Agent', roles: ['agent'] });
    retired = await createUser(t, admin, { email: 'gone@staff.example.com', roles: ['agent'] });
    await request(t.url).patch(`/users/${retired.id}`).set(bearer(admin)).send({ active: false }).expect(200);

    [{ id: acme }] = await db.query<{ id: string }[]>(
      `INSERT INTO customer (name, domain, name_key, segment) VALUES ('ACME Trading', 'acme.co.jp', 'acme trading', 'enterprise')
       RETURNING id`,
    );
    [{ id: shanghai }] = await db.query<{ id: string }[]>(
      `INSERT INTO customer (name, domain, name_key, segment) VALUES ('上海电子有限公司', NULL, '上海电子有限公司', 'smb') RETURNING id`,
    );
    [{ id: taroPerson }] = await db.query<{ id: string }[]>(
      `INSERT INTO person (name, email, phone, customer_id) VALUES ('山田 太郎', 'taro@acme.co.jp', '+81312345678', $1)
       RETURNING id`,
      [acme],
    );
    await insertContact('taroMail', {
      name: '山田 太郎',
      email: 'taro@acme.co.jp',
      company: 'ACME Trading',
      customerId: acme,
      personId: taroPerson,
    });
    await insertContact('taroCall', { name: 'Yamada', phone: '+81312345678', customerId: acme, personId: taroPerson });
    await insertContact('li', {
      name: '李明',
      email: 'li.ming@163.com',
      company: '上海电子有限公司',
      customerId: shanghai,
    });
    await insertContact('smith', { name: 'John Smith', email: 'john@smith-tools.example', company: 'Smith Tools' });
    await insertContact('percent', { name: '100% Juice', email: 'juice@example.org' });
    // A caller's number in a range libphonenumber's metadata does not list as valid.
    await insertContact('unlisted', { name: 'Unlisted Caller', phone: '+819000000038' });
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (q: string, token = admin) => {
    const res = await request(t.url).get('/contacts').query({ q }).set(bearer(token)).expect(200);
    return (res.body as Page).items.map((c) => c.id).sort();
  };
  const ids = (...keys: string[]) => keys.map((k) => contact[k]).sort();

  describe('GET /contacts?q=', () => {
    it.each([
      ['山田', ['taroMail']],
      ['太郎', ['taroMail']],
      ['yamada', ['taroCall']],
      ['李明', ['li']],
      ['上海电子', ['li']],
      ['TARO@acme.co.jp', ['taroMail']],
      ['smith-tools', ['smith']],
      ['acme', ['taroMail', 'taroCall']],
      ['Smith Tools', ['smith']],
      ['100%', ['percent']],
      ['_', []],
    ])('finds %p', async (q, keys) => {
      expect(await search(q)).toEqual(ids(...keys));
    });

    it.each(['03-1234-5678', '+81 3 1234 5678', '(03) 1234-5678', '０３－１２３４－５６７８', '+81312345678'])(
      'finds the E.164 phone written as %p (the contact itself and the same person)',
      async (q) => {
        expect(await search(q)).toEqual(ids('taroMail', 'taroCall'));
      },
    );

    it('finds an international number that libphonenumber does not know, exactly', async () => {
      expect(await search('+81 90-0000-0038')).toEqual(ids('unlisted'));
      expect(await search('+8190000000')).toEqual([]);
      expect(await search('90-0000-0038')).toEqual(ids('unlisted'));
    });

    it('finds a partial number', async () => {
      expect(await search('1234-5678')).toEqual(ids('taroCall'));
    });

    it('pages a search newest first with a cursor, a contact that several fields match once', async () => {
      // taroMail matches 'acme' by its e-mail, its company and its account.
      const page = (cursor?: string) =>
        request(t.url)
          .get('/contacts')
          .query({ q: 'acme', limit: 1, ...(cursor ? { cursor } : {}) })
          .set(bearer(admin))
          .expect(200);
      const first = (await page()).body as Page;
      expect(first.items.map((c) => c.id)).toEqual([contact.taroCall]);
      const second = (await page(String(first.nextCursor))).body as Page;
      expect(second.items.map((c) => c.id)).toEqual([contact.taroMail]);
      expect(second.nextCursor).toBeNull();
    });

    it('combines q with customerId and personId, and keeps the caller’s scope', async () => {
      const res = await request(t.url)
        .get('/contacts')
        .query({ q: 'acme', personId: taroPerson, customerId: acme })
        .set(bearer(admin))
        .expect(200);
      expect((res.body as Page).items.map((c) => c.id).sort()).toEqual(ids('taroMail', 'taroCall'));
      expect(await search('acme', agent.token)).toEqual([]);
    });

    it('answers 400 naming q when it is too long', async () => {
      const res = await request(t.url)
        .get('/contacts')
        .query({ q: 'x'.repeat(101) })
        .set(bearer(admin))
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'q', message: 'q must be 1 to 100 characters' }]);
    });

    it('uses the trigram index for a name search, the account index for customerId and the phone b-tree', async () => {
      const plan = async (sql: string, params: unknown[]) => {
        const runner = db.createQueryRunner();
        try {
          await runner.query('SET enable_seqscan = off');
          const rows = (await runner.query(`EXPLAIN ${sql}`, params)) as { 'QUERY PLAN': string }[];
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        } finally {
          await runner.query('RESET enable_seqscan');
          await runner.release();
        }
      };
      expect(await plan(`SELECT id FROM contact WHERE from_name ILIKE $1`, ['%山田%'])).toContain(
        'contact_from_name_trgm_idx',
      );
      expect(
        await plan(`SELECT id FROM contact WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, [acme]),
      ).toContain('contact_customer_created_idx');
      // A whole phone number is found exactly, by the b-tree, not the trigram index.
      expect(
        await plan(`SELECT id FROM contact WHERE from_phone = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, [
          '+81312345678',
        ]),
      ).toContain('contact_from_phone_idx');
    });
  });

  describe('GET /customers', () => {
    it('lists accounts, filtered by q (name or domain), segment and owner, paged', async () => {
      const byQ = await request(t.url).get('/customers').query({ q: 'acme.co' }).set(bearer(admin)).expect(200);
      expect((byQ.body as Page).items.map((c) => c.id)).toEqual([acme]);
      const byName = await request(t.url).get('/customers').query({ q: '上海' }).set(bearer(admin)).expect(200);
      expect((byName.body as Page).items.map((c) => c.id)).toEqual([shanghai]);
      const bySegment = await request(t.url).get('/customers').query({ segment: 'smb' }).set(bearer(admin)).expect(200);
      expect((bySegment.body as Page).items.map((c) => c.id)).toEqual([shanghai]);
      const first = await request(t.url).get('/customers').query({ limit: 1 }).set(bearer(admin)).expect(200);
      expect((first.body as Page).items).toHaveLength(1);
      const next = await request(t.url)
        .get('/customers')
        .query({ limit: 1, cursor: (first.body as Page).nextCursor })
        .set(bearer(admin))
        .expect(200);
      expect([...(first.body as Page).items, ...(next.body as Page).items].map((c) => c.id).sort()).toEqual(
        [acme, shanghai].sort(),
      );
    });

    it('answers 400 naming ownerId when it is no UUID', async () => {
      const res = await request(t.url).get('/customers').query({ ownerId: 'me' }).set(bearer(admin)).expect(400);
      expect(res.body.errors).toEqual([{ field: 'ownerId', message: 'ownerId must be a UUID' }]);
    });
  });

  describe('GET and PATCH /customers/:id', () => {
    it('shows the account with its people, contacts and leads', async () => {
      const res = await request(t.url).get(`/customers/${acme}`).set(bearer(admin)).expect(200);
      expect(res.body).toMatchObject({
        id: acme,
        name: 'ACME Trading',
        segment: 'enterprise',
        people: [{ id: taroPerson, name: '山田 太郎', doNotContact: false }],
        leads: [],
      });
      expect((res.body.contacts as { id: string }[]).map((c) => c.id).sort()).toEqual(ids('taroMail', 'taroCall'));
    });

    it('lets a supervisor set the owner and market-planning fields, audited; the owner then sees the account', async () => {
      await request(t.url).get(`/customers/${acme}`).set(bearer(agent.token)).expect(404);
      const res = await request(t.url)
        .patch(`/customers/${acme}`)
        .set(bearer(supervisor.token))
        .send({ relationshipOwnerId: agent.id, industry: 'manufacturing', size: '100-499', region: 'kanto' })
        .expect(200);
      expect(res.body).toMatchObject({
        relationshipOwnerId: agent.id,
        relationshipOwner: { id: agent.id, name: 'Aiko Agent' },
        industry: 'manufacturing',
        size: '100-499',
        region: 'kanto',
      });
      const seen = await request(t.url).get(`/customers/${acme}`).set(bearer(agent.token)).expect(200);
      expect((seen.body.contacts as unknown[]).length).toBe(2);
      expect(seen.body.history).toEqual([
        expect.objectContaining({
          type: 'customer.updated',
          actor: `user:${supervisor.id}`,
          data: {
            customerId: acme,
            changes: {
              relationshipOwnerId: { from: null, to: agent.id },
              industry: { from: null, to: 'manufacturing' },
              size: { from: null, to: '100-499' },
              region: { from: null, to: 'kanto' },
            },
          },
        }),
      ]);
      const owned = await request(t.url).get('/customers').query({ ownerId: agent.id }).set(bearer(admin)).expect(200);
      expect((owned.body as Page).items.map((c) => c.id)).toEqual([acme]);

      const cleared = await request(t.url)
        .patch(`/customers/${acme}`)
        .set(bearer(supervisor.token))
        .send({ relationshipOwnerId: null, region: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ relationshipOwnerId: null, relationshipOwner: null, region: null });
      await request(t.url).get(`/customers/${acme}`).set(bearer(agent.token)).expect(404);
    });

    it.each([
      [{ relationshipOwnerId: 'someone' }, 'relationshipOwnerId', 'relationshipOwnerId must be a UUID or null'],
      [{ relationshipOwnerId: '5b0c4c0e-2f7e-4f59-9d2a-0b6c8f3a1e11' }, 'relationshipOwnerId', 'no active staff user'],
      [{ name: null }, 'name', 'cannot be cleared'],
      [{ name: '' }, 'name', 'name must be 1 to 200 characters'],
      [{ segment: 'x'.repeat(33) }, 'segment', 'segment must be 1 to 32 characters'],
      [{ industry: 42 }, 'industry', 'industry must be text or null'],
      [{ size: '' }, 'size', 'size must be 1 to 32 characters'],
    ])('answers 400 for %p naming %p, and changes nothing', async (body, field, message) => {
      const before = await db.query(`SELECT * FROM customer WHERE id = $1`, [shanghai]);
      const res = await request(t.url).patch(`/customers/${shanghai}`).set(bearer(supervisor.token)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(message) }]);
      expect(await db.query(`SELECT * FROM customer WHERE id = $1`, [shanghai])).toEqual(before);
    });

    it('refuses a deactivated user as relationship owner', async () => {
      const res = await request(t.url)
        .patch(`/customers/${shanghai}`)
        .set(bearer(supervisor.token))
        .send({ relationshipOwnerId: retired.id })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'relationshipOwnerId', message: expect.stringContaining('active') }]);
    });

    it('renames an account and finds it by the new name', async () => {
      await request(t.url)
        .patch(`/customers/${shanghai}`)
        .set(bearer(supervisor.token))
        .send({ name: '上海電子股份有限公司' })
        .expect(200);
      const [row] = await db.query<{ name_key: string }[]>(`SELECT name_key FROM customer WHERE id = $1`, [shanghai]);
      expect(row.name_key).toBe('上海電子股份有限公司');
    });

    it('answers 404 for an unknown account and 400 for a malformed id', async () => {
      await request(t.url).get('/customers/5b0c4c0e-2f7e-4f59-9d2a-0b6c8f3a1e11').set(bearer(admin)).expect(404);
      await request(t.url).get('/customers/not-a-uuid').set(bearer(admin)).expect(400);
    });
  });

  describe('people', () => {
    it('shows a person with their account and their contacts on every medium', async () => {
      const res = await request(t.url).get(`/people/${taroPerson}`).set(bearer(admin)).expect(200);
      expect(res.body).toMatchObject({ id: taroPerson, phone: '+81312345678', customer: { id: acme } });
      expect((res.body.contacts as { medium: string }[]).map((c) => c.medium).sort()).toEqual(['email', 'voice']);
    });

    it('marks a person do-not-contact with a timeline event, and answers 400 naming a bad field', async () => {
      const res = await request(t.url)
        .patch(`/people/${taroPerson}`)
        .set(bearer(supervisor.token))
        .send({ doNotContact: true })
        .expect(200);
      expect(res.body.doNotContact).toBe(true);
      const events = await db.query<{ type: string; actor: string }[]>(
        `SELECT type, actor FROM timeline_event WHERE person_id = $1`,
        [taroPerson],
      );
      expect(events).toEqual([{ type: 'person.do_not_contact_set', actor: `user:${supervisor.id}` }]);
      const again = await request(t.url)
        .patch(`/people/${taroPerson}`)
        .set(bearer(supervisor.token))
        .send({ doNotContact: true })
        .expect(200);
      expect(again.body.doNotContact).toBe(true);
      expect(await db.query(`SELECT 1 FROM timeline_event WHERE person_id = $1`, [taroPerson])).toHaveLength(1);

      const bad = await request(t.url)
        .patch(`/people/${taroPerson}`)
        .set(bearer(supervisor.token))
        .send({ doNotContact: 'yes' })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'doNotContact', message: 'doNotContact must be true or false' }]);
    });
  });
});
