import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, createUser, login } from '../helpers/http';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/**
 * Who sees what, walked from one table: every staff endpoint and every socket event of the
 * console, with every role and an outsider. The records are set up with direct inserts (offers,
 * assignments, leads, handoffs, an account owner), so nothing routes behind the test's back.
 */
type Who = 'agentA' | 'agentB' | 'specialist' | 'expert' | 'backoffice' | 'supervisor' | 'admin' | 'outsider';
const STAFF: Exclude<Who, 'outsider'>[] = [
  'agentA',
  'agentB',
  'specialist',
  'expert',
  'backoffice',
  'supervisor',
  'admin',
];
const EVERYONE: Who[] = [...STAFF, 'outsider'];

type ContactKey = 'offeredToA' | 'assignedToB' | 'accountOfA' | 'leadOfA' | 'leadOfB' | 'nobodys';
const CONTACTS: ContactKey[] = ['offeredToA', 'assignedToB', 'accountOfA', 'leadOfA', 'leadOfB', 'nobodys'];
type LeadKey = 'leadOfA' | 'leadOfB';
type TaskKey = 'free' | 'ofB';
type CustomerKey = 'ownedByA' | 'ofB';

/** The expectations: what each caller sees. The overseers see everything. */
const SEES: Record<Who, { contacts: ContactKey[]; leads: LeadKey[]; tasks: TaskKey[] | 403 }> = {
  agentA: { contacts: ['offeredToA', 'accountOfA', 'leadOfA'], leads: ['leadOfA'], tasks: ['free'] },
  agentB: { contacts: ['assignedToB', 'leadOfB'], leads: ['leadOfB'], tasks: ['free', 'ofB'] },
  // Lead of A is assigned to the specialist; lead of B had a handoff the specialist declined.
  specialist: { contacts: ['leadOfA'], leads: ['leadOfA'], tasks: 403 },
  expert: { contacts: [], leads: [], tasks: 403 },
  backoffice: { contacts: [], leads: [], tasks: 403 },
  supervisor: { contacts: CONTACTS, leads: ['leadOfA', 'leadOfB'], tasks: ['free', 'ofB'] },
  admin: { contacts: CONTACTS, leads: ['leadOfA', 'leadOfB'], tasks: ['free', 'ofB'] },
  outsider: { contacts: [], leads: [], tasks: [] },
};

/**
 * Accounts and people: A owns "Owned Corp" (relationship owner); B works a contact of "B Corp",
 * whose person is B's customer. Everyone else sees neither, the overseers both.
 */
const SEES_CUSTOMERS: Record<Who, CustomerKey[]> = {
  agentA: ['ownedByA'],
  agentB: ['ofB'],
  specialist: [],
  expert: [],
  backoffice: [],
  supervisor: ['ownedByA', 'ofB'],
  admin: ['ownedByA', 'ofB'],
  outsider: [],
};

/** Endpoints whose access depends on the role alone. `ok` is what an allowed caller gets. */
interface RoleRoute {
  name: string;
  allowed: Who[];
  ok: number[];
  send: (as: Who) => request.Test;
}

describe('ownership matrix: every staff endpoint and socket event, by role and owner', () => {
  let t: TestApp;
  let db: DataSource;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, string>;
  const contact = {} as Record<ContactKey, string>;
  const lead = {} as Record<LeadKey, string>;
  const task = {} as Record<TaskKey, string>;
  let offerToA: string;
  let missedCall: string;
  let handoffToSpecialist: string;
  let attachmentOfB: string;
  const customer = {} as Record<CustomerKey, string>;
  let personOfB: string;
  const clients: AgentClient[] = [];
  const sockets = {} as Record<Exclude<Who, 'outsider'>, AgentClient>;
  /** Every body each caller was answered, to check for other owners' customer data at the end. */
  const seenBy: Record<Who, string[]> = Object.fromEntries(EVERYONE.map((w) => [w, []])) as unknown as Record<
    Who,
    string[]
  >;

  const pii = (key: ContactKey) => [`${key.toLowerCase()}@customer.example`, phoneOf(key)];
  const phoneOf = (key: ContactKey) => `+8190000${String(CONTACTS.indexOf(key)).padStart(4, '0')}`;

  const as = (who: Who, req: request.Test) => (who === 'outsider' ? req : req.set(bearer(tokens[who])));
  const record = (who: Who, res: request.Response) => {
    seenBy[who].push(JSON.stringify(res.body ?? null) + (res.text ?? ''));
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    tokens.admin = await login(t);
    ids.admin = (await db.query<{ id: string }[]>(`SELECT id FROM app_user WHERE 'admin' = ANY(roles)`))[0].id;
    const roles: Record<Exclude<Who, 'admin' | 'outsider'>, string[]> = {
      agentA: ['agent'],
      agentB: ['agent'],
      specialist: ['deal_specialist'],
      expert: ['expert'],
      backoffice: ['backoffice'],
      supervisor: ['supervisor'],
    };
    for (const [who, r] of Object.entries(roles) as [Who, string[]][]) {
      const user = await createUser(t, tokens.admin, { email: `${who.toLowerCase()}@staff.example.com`, roles: r });
      tokens[who] = user.token;
      ids[who] = user.id;
    }

    const insertContact = async (key: ContactKey, status: string, customerId: string | null = null) => {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, from_name, from_email, from_phone,
           subject, body, customer_id)
         VALUES ('web', 'web_form', $1, 'e_sales', 'quote', 'en', $2, $3, $4, 'Quote', 'Please quote.', $5) RETURNING id`,
        [status, `Customer ${key}`, pii(key)[0], pii(key)[1], customerId],
      );
      contact[key] = row.id;
    };
    const [account] = await db.query<{ id: string }[]>(
      `INSERT INTO customer (name, domain, name_key, relationship_owner_id)
       VALUES ('Owned Corp', 'owned.example', 'owned corp', $1) RETURNING id`,
      [ids.agentA],
    );
    const [accountOfB] = await db.query<{ id: string }[]>(
      `INSERT INTO customer (name, domain, name_key) VALUES ('B Corp', 'b-corp.example', 'b corp') RETURNING id`,
    );
    customer.ownedByA = account.id;
    customer.ofB = accountOfB.id;
    await insertContact('offeredToA', 'offered');
    await insertContact('assignedToB', 'assigned', accountOfB.id);
    [{ id: personOfB }] = await db.query<{ id: string }[]>(
      `INSERT INTO person (name, email, phone, customer_id) VALUES ('Customer B', $1, $2, $3) RETURNING id`,
      [...pii('assignedToB'), accountOfB.id],
    );
    await db.query(`UPDATE contact SET person_id = $1 WHERE id = $2`, [personOfB, contact.assignedToB]);
    await insertContact('accountOfA', 'queued', account.id);
    await insertContact('leadOfA', 'qualified');
    await insertContact('leadOfB', 'qualified');
    await insertContact('nobodys', 'queued');

    [{ id: offerToA }] = await db.query<{ id: string }[]>(
      `INSERT INTO offer (contact_id, agent_id, medium, channel, reason, expires_at)
       VALUES ($1, $2, 'web', 'e_sales', 'test', now() + interval '1 hour') RETURNING id`,
      [contact.offeredToA, ids.agentA],
    );
    await db.query(`INSERT INTO assignment (contact_id, agent_id, medium) VALUES ($1, $2, 'web')`, [
      contact.assignedToB,
      ids.agentB,
    ]);
    const insertLead = async (key: LeadKey, ownerId: string, assigneeId: string | null) => {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO lead (contact_id, revenue_tier, complexity, maturity, route, matrix_version, owner_id, assignee_id, reason)
         VALUES ($1, 'large', 'complex', 'M3', 'field', 1, $2, $3, 'test') RETURNING id`,
        [contact[key], ownerId, assigneeId],
      );
      lead[key] = row.id;
    };
    await insertLead('leadOfA', ids.agentA, ids.specialist);
    await insertLead('leadOfB', ids.agentB, null);
    [{ id: handoffToSpecialist }] = await db.query<{ id: string }[]>(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, due_at)
       VALUES ($1, $2, 'offered', 'test', ARRAY[$2::uuid], now() + interval '1 hour') RETURNING id`,
      [lead.leadOfA, ids.specialist],
    );
    await db.query(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, decided_at)
       VALUES ($1, $2, 'declined', 'test', ARRAY[$2::uuid], now())`,
      [lead.leadOfB, ids.specialist],
    );

    const key = 'ab/ab000000-0000-4000-8000-000000000001';
    mkdirSync(join(t.storageDir, 'ab'), { recursive: true });
    writeFileSync(join(t.storageDir, key), 'quote.pdf bytes');
    [{ id: attachmentOfB }] = await db.query<{ id: string }[]>(
      `INSERT INTO attachment (contact_id, kind, filename, content_type, size, sha256, storage_key)
       VALUES ($1, 'attachment', 'quote.pdf', 'application/pdf', 15, repeat('0', 64), $2) RETURNING id`,
      [contact.assignedToB, key],
    );

    const insertTask = async (k: TaskKey, contactKey: ContactKey, agentId: string | null) => {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO callback_task (contact_id, phone, reason, language, assigned_agent_id)
         VALUES ($1, $2, 'no-answer', 'en', $3) RETURNING id`,
        [contact[contactKey], phoneOf(contactKey), agentId],
      );
      task[k] = row.id;
    };
    // A missed call nobody took: the shared work list every agent sees (its number, not a contact above).
    const [missed] = await db.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, status, inquiry_type, language, from_phone, body)
       VALUES ('voice', 'twilio', 'closed', 'other', 'en', '+819099990000', '') RETURNING id`,
    );
    const [free] = await db.query<{ id: string }[]>(
      `INSERT INTO callback_task (contact_id, phone, reason, language) VALUES ($1, '+819099990000', 'no-answer', 'en')
       RETURNING id`,
      [missed.id],
    );
    task.free = free.id;
    missedCall = missed.id;
    await insertTask('ofB', 'assignedToB', ids.agentB);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  const visibleContacts = (who: Who) => SEES[who].contacts;
  /** The ids a caller lists: the overseers also see the missed call behind the free callback task. */
  const listedContactIds = (who: Who) =>
    [...visibleContacts(who).map((k) => contact[k]), ...(SEES[who].contacts === CONTACTS ? [missedCall] : [])].sort();

  describe('contacts', () => {
    it.each(EVERYONE)('GET /contacts lists exactly what %s may see', async (who) => {
      const res = record(who, await as(who, request(t.url).get('/contacts?limit=100')));
      if (who === 'outsider') return void expect(res.status).toBe(401);
      expect(res.status).toBe(200);
      const listed = (res.body.items as { id: string }[]).map((c) => c.id).sort();
      expect(listed).toEqual(listedContactIds(who));
    });

    it.each(EVERYONE)('GET /contacts/:id answers %s 200 for their contacts and 404 for the others', async (who) => {
      for (const key of CONTACTS) {
        const res = record(who, await as(who, request(t.url).get(`/contacts/${contact[key]}`)));
        const expected = who === 'outsider' ? 401 : visibleContacts(who).includes(key) ? 200 : 404;
        expect({ key, status: res.status }).toEqual({ key, status: expected });
        if (expected === 404) expect(res.body.code).toBe('not_found');
      }
    });

    it.each(EVERYONE)('GET /contacts/:id/attachments/:id follows the contact for %s', async (who) => {
      const res = record(
        who,
        await as(who, request(t.url).get(`/contacts/${contact.assignedToB}/attachments/${attachmentOfB}`)),
      );
      const expected = who === 'outsider' ? 401 : visibleContacts(who).includes('assignedToB') ? 200 : 404;
      expect(res.status).toBe(expected);
      if (expected === 200) expect(res.headers['content-disposition']).toContain('quote.pdf');
    });

    // Only B, a supervisor or an admin may qualify it; the allowed ones are not exercised (it would make a lead).
    const notQualifiers = EVERYONE.filter((w) => !['agentB', 'supervisor', 'admin'].includes(w));
    it.each(notQualifiers)(
      'POST /contacts/:id/qualification refuses %s on a contact assigned to agent B',
      async (who) => {
        const res = record(
          who,
          await as(
            who,
            request(t.url)
              .post(`/contacts/${contact.assignedToB}/qualification`)
              .send({ revenueTier: 'small', complexity: 'simple', maturity: 'M0' }),
          ),
        );
        expect(res.status).toBe(who === 'outsider' ? 401 : 403);
      },
    );
  });

  describe('customers and people', () => {
    const KEYS: CustomerKey[] = ['ownedByA', 'ofB'];

    it.each(EVERYONE)('GET /customers lists exactly the accounts %s may see', async (who) => {
      const res = record(who, await as(who, request(t.url).get('/customers?limit=100')));
      if (who === 'outsider') return void expect(res.status).toBe(401);
      expect(res.status).toBe(200);
      const listed = (res.body.items as { id: string }[]).map((c) => c.id).sort();
      expect(listed).toEqual(SEES_CUSTOMERS[who].map((k) => customer[k]).sort());
    });

    it.each(EVERYONE)('GET /customers/:id answers %s 200 for their accounts and 404 for the others', async (who) => {
      for (const key of KEYS) {
        const res = record(who, await as(who, request(t.url).get(`/customers/${customer[key]}`)));
        const expected = who === 'outsider' ? 401 : SEES_CUSTOMERS[who].includes(key) ? 200 : 404;
        expect({ key, status: res.status }).toEqual({ key, status: expected });
        if (expected === 200) {
          // The account page lists only the contacts the caller may see.
          const listed = (res.body.contacts as { id: string }[]).map((c) => c.id);
          expect(
            listed.every((id) => CONTACTS.some((k) => contact[k] === id && visibleContacts(who).includes(k))),
          ).toBe(true);
        }
      }
    });

    it.each(EVERYONE)('GET /people/:id answers %s 200 only when they may see one of the contacts', async (who) => {
      const res = record(who, await as(who, request(t.url).get(`/people/${personOfB}`)));
      const expected = who === 'outsider' ? 401 : SEES_CUSTOMERS[who].includes('ofB') ? 200 : 404;
      expect(res.status).toBe(expected);
    });

    it.each(EVERYONE)('PATCH /customers/:id is for supervisors and admins only (%s)', async (who) => {
      const res = record(
        who,
        await as(
          who,
          request(t.url)
            .patch(`/customers/${customer.ofB}`)
            .send({ region: `region-${who}` }),
        ),
      );
      const expected = who === 'outsider' ? 401 : ['supervisor', 'admin'].includes(who) ? 200 : 403;
      expect(res.status).toBe(expected);
    });

    it('lets the owner mark their customer do-not-contact, but not lift it; a stranger gets 404', async () => {
      await request(t.url)
        .patch(`/people/${personOfB}`)
        .set(bearer(tokens.agentA))
        .send({ doNotContact: true })
        .expect(404);
      const marked = await request(t.url)
        .patch(`/people/${personOfB}`)
        .set(bearer(tokens.agentB))
        .send({ doNotContact: true })
        .expect(200);
      expect(marked.body).toMatchObject({ id: personOfB, doNotContact: true });
      const lift = await request(t.url)
        .patch(`/people/${personOfB}`)
        .set(bearer(tokens.agentB))
        .send({ doNotContact: false })
        .expect(403);
      expect(lift.body.errors).toEqual([{ field: 'doNotContact', message: expect.stringContaining('supervisor') }]);
      await request(t.url)
        .patch(`/people/${personOfB}`)
        .set(bearer(tokens.supervisor))
        .send({ doNotContact: false })
        .expect(200);
    });
  });

  describe('leads', () => {
    it.each(EVERYONE)('GET /leads lists exactly what %s may see', async (who) => {
      const res = record(who, await as(who, request(t.url).get('/leads?limit=100')));
      if (who === 'outsider') return void expect(res.status).toBe(401);
      expect(res.status).toBe(200);
      const listed = (res.body as { id: string }[]).map((l) => l.id).sort();
      expect(listed).toEqual(SEES[who].leads.map((k) => lead[k]).sort());
    });

    it.each(EVERYONE)('GET /leads/:id answers %s 200 for their leads and 404 for the others', async (who) => {
      for (const key of ['leadOfA', 'leadOfB'] as LeadKey[]) {
        const res = record(who, await as(who, request(t.url).get(`/leads/${lead[key]}`)));
        const expected = who === 'outsider' ? 401 : SEES[who].leads.includes(key) ? 200 : 404;
        expect({ key, status: res.status }).toEqual({ key, status: expected });
      }
    });

    it.each(EVERYONE)(
      'POST /handoffs/:id/accept and /decline refuse %s (not the specialist it was offered to)',
      async (who) => {
        if (who === 'specialist' || who === 'admin') return; // the allowed ones: the socket cells below
        for (const verb of ['accept', 'decline']) {
          const res = record(
            who,
            await as(who, request(t.url).post(`/handoffs/${handoffToSpecialist}/${verb}`).send({ reason: 'no' })),
          );
          expect({ verb, status: res.status }).toEqual({ verb, status: who === 'outsider' ? 401 : 403 });
        }
      },
    );
  });

  describe('callback tasks', () => {
    it.each(EVERYONE)('GET /callback-tasks lists exactly what %s may see', async (who) => {
      const res = record(who, await as(who, request(t.url).get('/callback-tasks')));
      const seen = SEES[who].tasks;
      if (who === 'outsider') return void expect(res.status).toBe(401);
      if (seen === 403) return void expect(res.status).toBe(403);
      expect(res.status).toBe(200);
      expect((res.body as { id: string }[]).map((x) => x.id).sort()).toEqual(seen.map((k) => task[k]).sort());
    });

    it.each(EVERYONE)("PATCH /callback-tasks/:id refuses %s on agent B's task", async (who) => {
      const res = record(who, await as(who, request(t.url).patch(`/callback-tasks/${task.ofB}`).send({ note: 'x' })));
      const seen = SEES[who].tasks;
      if (who === 'outsider') return void expect(res.status).toBe(401);
      if (seen === 403) return void expect(res.status).toBe(403);
      expect(res.status).toBe(seen.includes('ofB') ? 200 : 404);
    });

    it('lets an agent take a free task for themselves only', async () => {
      const other = await request(t.url)
        .patch(`/callback-tasks/${task.free}`)
        .set(bearer(tokens.agentA))
        .send({ assignedAgentId: ids.agentB })
        .expect(403);
      expect(other.body.code).toBe('forbidden');
      expect(
        (await db.query(`SELECT assigned_agent_id FROM callback_task WHERE id = $1`, [task.free]))[0].assigned_agent_id,
      ).toBeNull();
    });
  });

  describe('endpoints by role', () => {
    const routes: RoleRoute[] = [
      { name: 'GET /partners', allowed: STAFF, ok: [200], send: (w) => as(w, request(t.url).get('/partners')) },
      {
        name: 'POST /partners',
        allowed: ['admin'],
        ok: [201],
        send: (w) =>
          as(
            w,
            request(t.url)
              .post('/partners')
              .send({ name: `P ${w}`, email: `${w}@partner.example` }),
          ),
      },
      {
        name: 'PATCH /partners/:id',
        allowed: ['admin'],
        ok: [404],
        send: (w) =>
          as(w, request(t.url).patch('/partners/00000000-0000-4000-8000-000000000000').send({ active: false })),
      },
      { name: 'GET /users', allowed: ['admin'], ok: [200], send: (w) => as(w, request(t.url).get('/users')) },
      {
        name: 'POST /users',
        allowed: ['admin'],
        ok: [201],
        send: (w) =>
          as(
            w,
            request(t.url)
              .post('/users')
              .send({
                email: `made-by-${w}@staff.example.com`,
                name: 'X',
                password: 'password-123456',
                roles: ['agent'],
              }),
          ),
      },
      {
        name: 'PATCH /users/:id',
        allowed: ['admin'],
        ok: [200],
        send: (w) => as(w, request(t.url).patch(`/users/${ids.expert}`).send({ name: 'Expert' })),
      },
      {
        name: 'GET /routing/agents',
        allowed: ['supervisor', 'admin'],
        ok: [200],
        send: (w) => as(w, request(t.url).get('/routing/agents')),
      },
      {
        name: 'GET /routing/agents/:id/profile',
        allowed: ['supervisor', 'admin'],
        ok: [200],
        send: (w) => as(w, request(t.url).get(`/routing/agents/${ids.agentA}/profile`)),
      },
      {
        name: 'PUT /routing/agents/:id/profile',
        allowed: ['admin'],
        ok: [200],
        send: (w) =>
          as(
            w,
            request(t.url)
              .put(`/routing/agents/${ids.agentA}/profile`)
              .send({ capacity: { web: 3 } }),
          ),
      },
      {
        name: 'GET /routing/matrix',
        allowed: STAFF,
        ok: [200],
        send: (w) => as(w, request(t.url).get('/routing/matrix')),
      },
      {
        name: 'GET /routing/matrix/versions',
        allowed: STAFF,
        ok: [200],
        send: (w) => as(w, request(t.url).get('/routing/matrix/versions')),
      },
      {
        name: 'GET /routing/matrix/versions/1',
        allowed: STAFF,
        ok: [200],
        send: (w) => as(w, request(t.url).get('/routing/matrix/versions/1')),
      },
      {
        name: 'PUT /routing/matrix',
        allowed: ['admin'],
        // A body the admin may not send either (validation), so the matrix stays as it is.
        ok: [400],
        send: (w) => as(w, request(t.url).put('/routing/matrix').send({ cells: 'none' })),
      },
      {
        name: 'GET /catalog/product-lines',
        allowed: STAFF,
        ok: [200],
        send: (w) => as(w, request(t.url).get('/catalog/product-lines')),
      },
      {
        name: 'GET /catalog/product-lines/:code',
        allowed: STAFF,
        ok: [200],
        send: (w) => as(w, request(t.url).get('/catalog/product-lines/server')),
      },
      {
        name: 'PUT /catalog/product-lines/:code',
        allowed: ['admin'],
        ok: [200, 201],
        send: (w) =>
          as(w, request(t.url).put('/catalog/product-lines/matrix-test').send({ name: 'Test', complexity: 'simple' })),
      },
      {
        name: 'GET /supervisor/overview',
        allowed: ['supervisor', 'admin'],
        ok: [200],
        send: (w) => as(w, request(t.url).get('/supervisor/overview')),
      },
      {
        name: 'POST /leads/stall-check',
        allowed: ['supervisor', 'admin'],
        ok: [200],
        send: (w) => as(w, request(t.url).post('/leads/stall-check')),
      },
      {
        name: 'POST /softphone/token',
        allowed: ['agentA', 'agentB', 'supervisor', 'admin'],
        // Twilio is not configured in this app: an allowed caller is told so (503), never 401/403.
        ok: [503],
        send: (w) => as(w, request(t.url).post('/softphone/token')),
      },
    ];
    const cells = routes.flatMap((r) => EVERYONE.map((w) => [r.name, w, r] as const));

    it.each(cells)('%s as %s', async (_name, who, route) => {
      const res = record(who, await route.send(who));
      if (who === 'outsider') expect(res.status).toBe(401);
      else if (route.allowed.includes(who)) expect(route.ok).toContain(res.status);
      else expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'forbidden' });
    });
  });

  describe('socket events', () => {
    beforeAll(async () => {
      for (const who of STAFF) {
        sockets[who] = await AgentClient.connect(t, tokens[who]);
        clients.push(sockets[who]);
      }
    });

    it('refuses a console without a valid token', async () => {
      for (const auth of [{}, { token: 'not.a.token' }]) {
        const { io } = await import('socket.io-client');
        const socket = io(`${t.url}/agents`, { auth, transports: ['websocket'], reconnection: false });
        await eventually(() => Promise.resolve(socket.disconnected && !socket.active ? true : undefined), 5000);
        socket.close();
      }
    });

    it('replays pending offers and open handoffs on connect to their own user only', () => {
      for (const who of STAFF) {
        const offers = sockets[who].events
          .filter((e) => e.event === 'offer')
          .map((e) => (e.payload as { offerId: string }).offerId);
        const handoffs = sockets[who].events
          .filter((e) => e.event === 'handoff')
          .map((e) => (e.payload as { handoffId: string }).handoffId);
        // The admin holds every role but is offered nothing: offers and handoffs go to one user's room.
        expect({ who, offers, handoffs }).toEqual({
          who,
          offers: who === 'agentA' ? [offerToA] : [],
          handoffs: who === 'specialist' ? [handoffToSpecialist] : [],
        });
      }
    });

    const refusals: [string, (who: Who) => object, Who[]][] = [
      ['offer:accept', () => ({ offerId: offerToA }), ['agentA']],
      ['offer:decline', () => ({ offerId: offerToA }), ['agentA']],
      // Overseers may end any contact; the others only their own.
      ['assignment:end', () => ({ contactId: contact.assignedToB }), ['agentB', 'supervisor', 'admin']],
      ['handoff:accept', () => ({ handoffId: handoffToSpecialist }), ['specialist']],
      ['handoff:decline', () => ({ handoffId: handoffToSpecialist }), ['specialist']],
    ];
    const socketCells = refusals.flatMap(([event, payload, owners]) =>
      STAFF.filter((w) => !owners.includes(w)).map((w) => [event, w, payload] as const),
    );

    it.each(socketCells)('%s is refused for %s', async (event, who, payload) => {
      const ack = await sockets[who].emit(event, payload(who));
      seenBy[who].push(JSON.stringify(ack));
      expect(ack).toMatchObject({ ok: false });
      expect(['forbidden', 'not_found']).toContain(ack.code);
    });

    it('lets the owners act: agent A accepts the offer, the specialist accepts the handoff', async () => {
      const accepted = await sockets.agentA.emit('offer:accept', { offerId: offerToA });
      seenBy.agentA.push(JSON.stringify(accepted));
      expect(accepted).toMatchObject({
        ok: true,
        contact: { id: contact.offeredToA, from: { email: pii('offeredToA')[0] } },
      });
      const taken = await sockets.specialist.emit('handoff:accept', { handoffId: handoffToSpecialist });
      seenBy.specialist.push(JSON.stringify(taken));
      expect(taken).toMatchObject({ ok: true, lead: { id: lead.leadOfA } });
    });

    // After the owners acted: going away revokes one's pending offers.
    it.each(STAFF)('presence:set is answered for %s about themselves', async (who) => {
      expect(await sockets[who].emit('presence:set', { status: 'away' })).toMatchObject({ ok: true, status: 'away' });
    });

    it('sends supervisor events to supervisors and admins only', async () => {
      // The accepted offer above changed the overview: the supervisors are pushed it.
      await sockets.supervisor.waitFor('supervisor:overview');
      await sockets.admin.waitFor('supervisor:overview');
      for (const who of ['agentA', 'agentB', 'specialist', 'expert', 'backoffice'] as const) {
        expect(
          sockets[who].events.filter((e) => e.event.startsWith('supervisor:') || e.event === 'sla:breach'),
        ).toEqual([]);
      }
    });
  });

  it.each(EVERYONE)("never shows %s another owner's customer e-mail or phone", (who) => {
    const everything = seenBy[who].join('\n') + JSON.stringify(who === 'outsider' ? [] : sockets[who].events);
    for (const key of CONTACTS.filter((k) => !visibleContacts(who).includes(k))) {
      for (const secret of pii(key))
        expect({ key, leaked: everything.includes(secret) }).toEqual({ key, leaked: false });
    }
  });
});
