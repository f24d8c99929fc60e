import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, createUser, login } from '../helpers/http';
import { clearQueues, connectedUser, postInquiry, setProfile, timelineTypes, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface Decision {
  leadId: string;
  route: string;
  matrixVersion: number;
  assignee: { kind: string; id: string | null; name: string } | null;
  reason: string;
  followUpAt: string | null;
  handoff: { id: string; dueAt: string } | null;
}

describe('qualification and the channel matrix', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  let specialist: { id: string; token: string; client: AgentClient };
  let partnerId: string;
  const clients: AgentClient[] = [];
  const agents: AgentClient[] = [];

  const qualify = (contactId: string, body: object, token = admin) =>
    request(t.url).post(`/contacts/${contactId}/qualification`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    admin = await login(t);
    db = t.app.get(DataSource);
    specialist = await connectedUser(t, admin, 'Field Specialist', ['deal_specialist'], { productLines: ['erp'] });
    clients.push(specialist.client);
    await setProfile(t, admin, specialist.id, { territories: ['kanto'], industries: ['manufacturing'] });
    const partner = await request(t.url)
      .post('/partners')
      .set(bearer(admin))
      .send({ name: 'Kanto Systems', email: 'Leads@Kanto-Systems.example', regions: ['kanto'] })
      .expect(201);
    partnerId = partner.body.id;
    expect(partner.body).toMatchObject({ email: 'leads@kanto-systems.example', regions: ['kanto'], productLines: [] });
  });
  // Agents of a test go offline after it, so later contacts wait for the admin to qualify them.
  afterEach(async () => {
    for (const client of agents.splice(0)) await client.emit('presence:set', { status: 'offline' });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t.close();
  });

  describe('every cell of the default matrix, and nurture', () => {
    const cells: [string, string, string, string][] = [
      ['simple', 'small', 'e_sales', 'queue'],
      ['simple', 'medium', 'e_sales', 'queue'],
      ['simple', 'large', 'e_sales', 'queue'],
      ['standard', 'small', 'partner', 'partner'],
      ['standard', 'medium', 'partner', 'partner'],
      ['standard', 'large', 'partner', 'partner'],
      ['complex', 'small', 'partner', 'partner'],
      ['complex', 'medium', 'partner', 'partner'],
      ['complex', 'large', 'field', 'deal_specialist'],
    ];

    it.each(cells)('%s solution, %s account -> %s', async (complexity, revenueTier, route, kind) => {
      const contact = await postInquiry(t, 'demand_generation');
      await waitForStatus(db, contact, 'queued');
      const res = await qualify(contact, {
        revenueTier,
        complexity,
        maturity: 'M2',
        budget: true,
        authority: true,
        need: true,
        timeline: 'this quarter',
        territory: 'kanto',
      }).expect(200);
      const decision = res.body as Decision;
      expect(decision).toMatchObject({ leadId: expect.any(String), route, matrixVersion: 1 });
      expect(decision.assignee?.kind).toBe(kind);
      expect(decision.reason).toContain(`${complexity} solution for a ${revenueTier} account`);
      expect(decision.reason).toContain('(matrix v1)');
      const expectedAssignee = { queue: 'e_sales', partner: partnerId, deal_specialist: specialist.id }[kind];
      expect(decision.assignee?.id).toBe(expectedAssignee);

      const lead = await request(t.url).get(`/leads/${decision.leadId}`).set(bearer(admin)).expect(200);
      expect(lead.body).toMatchObject({ route, matrixVersion: 1, revenueTier, complexity, maturity: 'M2' });
      expect(lead.body.history.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['lead.qualified', 'lead.routed']),
      );
      const routed = lead.body.history.find((e: { type: string }) => e.type === 'lead.routed');
      expect(routed.data).toMatchObject({ route, matrixVersion: 1, reason: decision.reason });
    });

    it('nurtures a lead below the qualification bar, with a follow-up date', async () => {
      const contact = await postInquiry(t, 'demand_generation');
      await waitForStatus(db, contact, 'queued');
      const before = Date.now();
      const res = await qualify(contact, { revenueTier: 'large', complexity: 'complex', maturity: 'M1' }).expect(200);
      const decision = res.body as Decision;
      expect(decision).toMatchObject({
        route: 'nurture',
        matrixVersion: 1,
        assignee: { kind: 'queue', id: 'demand_generation' },
      });
      expect(decision.reason).toContain('below the qualification bar M2');
      const followUp = Date.parse(decision.followUpAt!);
      expect(followUp - before).toBeGreaterThan(29 * 24 * 3600_000);
      expect(followUp - before).toBeLessThan(31 * 24 * 3600_000);
      const [job] = await db.query(`SELECT job_name, run_at FROM outbox WHERE job_id LIKE $1`, [
        `routing.lead-follow-up.${decision.leadId}.%`,
      ]);
      expect(job.job_name).toBe('routing.lead-follow-up');
      expect(new Date(job.run_at).toISOString()).toBe(decision.followUpAt);
    });
  });

  it('derives the tier from estimatedRevenue and the complexity from product lines', async () => {
    const contact = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, contact, 'queued');
    const erp = await qualify(contact, { estimatedRevenue: 25_000_000, productLines: ['erp'], maturity: 'M3' }).expect(
      200,
    );
    expect(erp.body).toMatchObject({ route: 'field', revenueTier: 'large', complexity: 'complex' });

    // Two simple lines together are a standard solution: a partner's, not e-Sales'.
    const other = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, other, 'queued');
    const bundle = await qualify(other, {
      estimatedRevenue: 500_000,
      productLines: ['pc', 'printer'],
      maturity: 'M2',
    }).expect(200);
    expect(bundle.body).toMatchObject({ route: 'partner', revenueTier: 'small', complexity: 'standard' });
    const integrated = await qualify(other, {
      revenueTier: 'small',
      productLines: ['pc'],
      integration: true,
      maturity: 'M2',
    }).expect(200);
    expect(integrated.body).toMatchObject({ complexity: 'standard', leadId: bundle.body.leadId });
  });

  it('hands a field lead to the deal specialist: socket event, mail, accept', async () => {
    const contact = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, contact, 'queued');
    const res = await qualify(contact, {
      revenueTier: 'large',
      complexity: 'complex',
      maturity: 'M3',
      territory: 'kanto',
      productLines: ['erp'],
    }).expect(200);
    const decision = res.body as Decision;
    expect(decision.reason).toContain('covers territory kanto');
    const event = await specialist.client.waitFor('handoff', (h: { leadId: string }) => h.leadId === decision.leadId);
    expect(event).toMatchObject({
      handoffId: decision.handoff!.id,
      contactId: contact,
      revenueTier: 'large',
      complexity: 'complex',
      dueAt: decision.handoff!.dueAt,
    });
    // The default SLA is four hours.
    expect(Date.parse(decision.handoff!.dueAt) - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    await eventually(async () => ((await timelineTypes(db, contact)).includes('routing.mail_sent') ? true : undefined));

    const ack = await specialist.client.emit('handoff:accept', { handoffId: decision.handoff!.id });
    expect(ack).toMatchObject({ ok: true, leadId: decision.leadId, lead: { id: decision.leadId } });
    const again = await specialist.client.emit('handoff:accept', { handoffId: decision.handoff!.id });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    const lead = await request(t.url).get(`/leads/${decision.leadId}`).set(bearer(admin)).expect(200);
    expect(lead.body.handoffs).toEqual([expect.objectContaining({ status: 'accepted', specialistId: specialist.id })]);
    expect(lead.body.history.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['handoff.offered', 'handoff.accepted']),
    );
  });

  it('lets the assigned agent qualify and sends e-Sales leads back to an e-Sales agent', async () => {
    const qualifier = await connectedUser(t, admin, 'Qualifier', ['agent'], { channels: ['demand_generation'] });
    const seller = await connectedUser(t, admin, 'Seller', ['agent'], { channels: ['e_sales'] });
    const outsider = await createUser(t, admin, { email: 'outsider@staff.example.com', roles: ['agent'] });
    clients.push(qualifier.client, seller.client);
    agents.push(qualifier.client, seller.client);
    // The e-Sales cells above left contacts in the e-Sales queue: this seller must see only this one.
    await clearQueues(db);
    await qualifier.client.setPresence('available');
    const contact = await postInquiry(t, 'demand_generation');
    const offer = await qualifier.client.waitFor<{ offerId: string; contactId: string }>(
      'offer',
      (o) => o.contactId === contact,
    );
    expect((await qualifier.client.emit('offer:accept', { offerId: offer.offerId })).ok).toBe(true);

    const body = { revenueTier: 'medium', complexity: 'simple', maturity: 'M2' };
    const forbidden = await qualify(contact, body, outsider.token).expect(403);
    expect(forbidden.body.code).toBe('forbidden');

    await seller.client.setPresence('available');
    const res = await qualify(contact, body, qualifier.token).expect(200);
    expect(res.body).toMatchObject({ route: 'e_sales', assignee: { kind: 'queue', id: 'e_sales' } });
    const resale = await seller.client.waitFor<{ contactId: string; channel: string }>(
      'offer',
      (o) => o.contactId === contact,
    );
    expect(resale.channel).toBe('e_sales');
    const [ended] = await db.query(`SELECT end_reason FROM assignment WHERE contact_id = $1 AND agent_id = $2`, [
      contact,
      qualifier.id,
    ]);
    expect(ended.end_reason).toBe('handed to e-Sales');
  });

  describe('bad input answers 400 naming the field', () => {
    let contact: string;
    beforeAll(async () => {
      contact = await postInquiry(t, 'demand_generation');
      await waitForStatus(db, contact, 'queued');
    });

    it.each<[string, object, string]>([
      ['no maturity', { revenueTier: 'small', complexity: 'simple' }, 'maturity'],
      ['maturity won', { revenueTier: 'small', complexity: 'simple', maturity: 'won' }, 'maturity'],
      ['neither tier nor revenue', { complexity: 'simple', maturity: 'M2' }, 'revenueTier'],
      ['unknown tier', { revenueTier: 'huge', complexity: 'simple', maturity: 'M2' }, 'revenueTier'],
      ['negative revenue', { estimatedRevenue: -1, complexity: 'simple', maturity: 'M2' }, 'estimatedRevenue'],
      ['revenue as text', { estimatedRevenue: '1000', complexity: 'simple', maturity: 'M2' }, 'estimatedRevenue'],
      ['neither complexity nor lines', { revenueTier: 'small', maturity: 'M2' }, 'complexity'],
      ['empty product lines', { revenueTier: 'small', productLines: [], maturity: 'M2' }, 'complexity'],
      ['unknown complexity', { revenueTier: 'small', complexity: 'hard', maturity: 'M2' }, 'complexity'],
      [
        'unknown product line',
        { revenueTier: 'small', productLines: ['pc', 'warp-drive'], maturity: 'M2' },
        'productLines',
      ],
      ['malformed product line', { revenueTier: 'small', productLines: ['Big PC'], maturity: 'M2' }, 'productLines'],
      ['budget a number', { revenueTier: 'small', complexity: 'simple', maturity: 'M2', budget: 42 }, 'budget'],
      [
        'integration a string',
        { revenueTier: 'small', complexity: 'simple', maturity: 'M2', integration: 'yes' },
        'integration',
      ],
    ])('%s -> %s', async (_name, body, field) => {
      const res = await qualify(contact, body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('an unknown contact -> 404, a malformed id -> 400', async () => {
      await qualify('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', {
        revenueTier: 'small',
        complexity: 'simple',
        maturity: 'M2',
      }).expect(404);
      await qualify('nope', { revenueTier: 'small', complexity: 'simple', maturity: 'M2' }).expect(400);
    });

    it('wrote no lead', async () => {
      expect(await db.query(`SELECT id FROM lead WHERE contact_id = $1`, [contact])).toEqual([]);
    });
  });

  describe('catalog and partner registry', () => {
    it('lets an admin add a product line that qualification then knows', async () => {
      const created = await request(t.url)
        .put('/catalog/product-lines/iot-platform')
        .set(bearer(admin))
        .send({ name: 'IoT platform', complexity: 'complex', segments: [{ segment: 'enterprise' }] })
        .expect(201);
      expect(created.body).toMatchObject({ code: 'iot-platform', complexity: 'complex', active: true });
      await request(t.url)
        .put('/catalog/product-lines/iot-platform')
        .set(bearer(admin))
        .send({ name: 'IoT platform and sensors', complexity: 'complex' })
        .expect(200);
      const got = await request(t.url).get('/catalog/product-lines/iot-platform').set(bearer(admin)).expect(200);
      expect(got.body.name).toBe('IoT platform and sensors');
      const list = await request(t.url).get('/catalog/product-lines').set(bearer(admin)).expect(200);
      expect(list.body.map((l: { code: string }) => l.code)).toEqual(expect.arrayContaining(['pc', 'iot-platform']));

      const contact = await postInquiry(t, 'demand_generation');
      await waitForStatus(db, contact, 'queued');
      const res = await qualify(contact, {
        revenueTier: 'large',
        productLines: ['iot-platform'],
        maturity: 'M2',
      }).expect(200);
      expect(res.body).toMatchObject({ route: 'field', complexity: 'complex' });
    });

    it('refuses bad catalog and partner writes, and writes by non-admins', async () => {
      const agentUser = await createUser(t, admin, { email: 'catalog-agent@staff.example.com', roles: ['agent'] });
      await request(t.url)
        .put('/catalog/product-lines/x1')
        .set(bearer(agentUser.token))
        .send({ name: 'X', complexity: 'simple' })
        .expect(403);
      const badComplexity = await request(t.url)
        .put('/catalog/product-lines/x1')
        .set(bearer(admin))
        .send({ name: 'X', complexity: 'easy' })
        .expect(400);
      expect(badComplexity.body.errors[0].field).toBe('complexity');
      const badCode = await request(t.url)
        .put('/catalog/product-lines/Not%20A%20Code')
        .set(bearer(admin))
        .send({ name: 'X', complexity: 'simple' })
        .expect(400);
      expect(badCode.body.errors[0].field).toBe('code');
      await request(t.url).get('/catalog/product-lines/missing-line').set(bearer(admin)).expect(404);

      await request(t.url)
        .post('/partners')
        .set(bearer(agentUser.token))
        .send({ name: 'P', email: 'p@p.example' })
        .expect(403);
      const badEmail = await request(t.url)
        .post('/partners')
        .set(bearer(admin))
        .send({ name: 'P', email: 'nope' })
        .expect(400);
      expect(badEmail.body.errors[0].field).toBe('email');
      const badLine = await request(t.url)
        .post('/partners')
        .set(bearer(admin))
        .send({ name: 'P', email: 'p@p.example', productLines: ['warp-drive'] })
        .expect(400);
      expect(badLine.body.errors[0].field).toBe('productLines');
      const patched = await request(t.url)
        .patch(`/partners/${partnerId}`)
        .set(bearer(admin))
        .send({ productLines: ['network'] })
        .expect(200);
      expect(patched.body).toMatchObject({ id: partnerId, productLines: ['network'] });
      const list = await request(t.url).get('/partners').set(bearer(agentUser.token)).expect(200);
      expect(list.body.map((p: { id: string }) => p.id)).toContain(partnerId);
    });

    it('routes a partner lead to the partner that sells its line and mails them', async () => {
      const other = await request(t.url)
        .post('/partners')
        .set(bearer(admin))
        .send({ name: 'Erp Partners', email: 'erp@partners.example', productLines: ['erp'] })
        .expect(201);
      const contact = await postInquiry(t, 'demand_generation');
      await waitForStatus(db, contact, 'queued');
      const res = await qualify(contact, { revenueTier: 'small', productLines: ['erp'], maturity: 'M2' }).expect(200);
      expect(res.body).toMatchObject({
        route: 'partner',
        assignee: { kind: 'partner', id: other.body.id, name: 'Erp Partners' },
      });
      await eventually(async () => {
        const [row] = await db.query(
          `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'routing.mail_sent'`,
          [contact],
        );
        return row?.data;
      });
    });
  });
});
