import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, createUser, login } from '../helpers/http';
import { connectedUser, postInquiry, setProfile, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface HandoffEvent {
  leadId: string;
  handoffId: string;
  reason: string;
}

const DEFAULT_CELLS = {
  simple: { small: 'e_sales', medium: 'e_sales', large: 'e_sales' },
  standard: { small: 'partner', medium: 'partner', large: 'partner' },
  complex: { small: 'partner', medium: 'partner', large: 'field' },
};

describe('handoff escalation, stall detection and matrix versions', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];

  const qualify = (contactId: string, body: object) =>
    request(t.url).post(`/contacts/${contactId}/qualification`).set(bearer(admin)).send(body);
  const newContact = async () => {
    const id = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, id, 'queued');
    return id;
  };

  beforeAll(async () => {
    // A 1.2-second handoff SLA and a stall check every half second.
    t = await startTestApp({
      INQUIRY_RATE_LIMIT: '0',
      HANDOFF_SLA_MINUTES: '0.02',
      STALL_CHECK_INTERVAL_SECONDS: '0.5',
    });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t.close();
  });

  it('escalates an unaccepted handoff to the next specialist, then to the supervisors', async () => {
    const kanto = await connectedUser(t, admin, 'Kanto Specialist', ['deal_specialist']);
    const kansai = await connectedUser(t, admin, 'Kansai Specialist', ['deal_specialist']);
    const supervisor = await connectedUser(t, admin, 'Supervisor', ['supervisor']);
    clients.push(kanto.client, kansai.client, supervisor.client);
    await setProfile(t, admin, kanto.id, { territories: ['kanto'] });
    await setProfile(t, admin, kansai.id, { territories: ['kansai'] });

    const contact = await newContact();
    const res = await qualify(contact, {
      revenueTier: 'large',
      complexity: 'complex',
      maturity: 'M2',
      territory: 'kanto',
    }).expect(200);
    expect(res.body).toMatchObject({ route: 'field', assignee: { kind: 'deal_specialist', id: kanto.id } });
    const leadId = res.body.leadId as string;

    const first = await kanto.client.waitFor<HandoffEvent>('handoff', (h) => h.leadId === leadId);
    const second = await kansai.client.waitFor<HandoffEvent>('handoff', (h) => h.leadId === leadId, 6000);
    expect(second.handoffId).not.toBe(first.handoffId);
    expect(second.reason).toContain('1 already tried');
    expect(
      await kanto.client.waitFor('handoff:revoked', (h: { handoffId: string }) => h.handoffId === first.handoffId),
    ).toMatchObject({ reason: 'expired' });
    // Too late to accept the first one.
    expect(await kanto.client.emit('handoff:accept', { handoffId: first.handoffId })).toMatchObject({ ok: false });

    const escalated = await supervisor.client.waitFor<HandoffEvent>(
      'handoff:escalated',
      (e) => e.leadId === leadId,
      6000,
    );
    expect(escalated.reason).toContain('2 already tried');
    expect(escalated.reason).toContain('the supervisor assigns it');

    const lead = await request(t.url).get(`/leads/${leadId}`).set(bearer(admin)).expect(200);
    expect(
      lead.body.handoffs.map((h: { status: string; specialistId: string | null }) => [h.status, h.specialistId]),
    ).toEqual([
      ['expired', kanto.id],
      ['expired', kansai.id],
      ['escalated', null],
    ]);
    expect(lead.body.assignee).toEqual({ kind: 'supervisor', id: null, name: 'supervisors' });
    const types = lead.body.history.map((e: { type: string }) => e.type);
    expect(types.filter((type: string) => type.startsWith('handoff.'))).toEqual([
      'handoff.offered',
      'handoff.expired',
      'handoff.offered',
      'handoff.expired',
      'handoff.escalated',
    ]);
    await eventually(async () => {
      const rows = await db.query(
        `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'routing.mail_sent' AND data->>'kind' = 'handoff_escalated'`,
        [contact],
      );
      return rows.length > 0 ? true : undefined;
    });
    // Both specialists are out of the game for this lead now.
    for (const specialist of [kanto, kansai]) {
      await request(t.url).patch(`/users/${specialist.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    }
  });

  it('moves a declined handoff on at once', async () => {
    const a = await connectedUser(t, admin, 'Decliner', ['deal_specialist']);
    const b = await connectedUser(t, admin, 'Acceptor', ['deal_specialist']);
    clients.push(a.client, b.client);
    await setProfile(t, admin, a.id, { industries: ['retail'] });
    // Everyone is connected before the 1.2 s SLA starts: only the decisions run inside it.
    const stranger = await createUser(t, admin, { email: 'stranger@staff.example.com', roles: ['agent'] });
    const strangerClient = await AgentClient.connect(t, stranger.token);
    clients.push(strangerClient);
    const contact = await newContact();
    const res = await qualify(contact, {
      revenueTier: 'large',
      complexity: 'complex',
      maturity: 'M3',
      industry: 'retail',
    }).expect(200);
    const offered = await a.client.waitFor<HandoffEvent>('handoff', (h) => h.leadId === res.body.leadId);
    expect(await strangerClient.emit('handoff:decline', { handoffId: offered.handoffId })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await a.client.emit('handoff:decline', { handoffId: offered.handoffId, reason: 'on leave' })).toEqual({
      ok: true,
      handoffId: offered.handoffId,
      status: 'declined',
    });
    const next = await b.client.waitFor<HandoffEvent>('handoff', (h) => h.leadId === res.body.leadId);
    expect(next.handoffId).not.toBe(offered.handoffId);
    const [declined] = await db.query(`SELECT status, decision_reason FROM handoff WHERE id = $1`, [offered.handoffId]);
    expect(declined).toEqual({ status: 'declined', decision_reason: 'on leave' });
  });

  it('flags a lead stalled in its stage, tells its owner and lists it', async () => {
    const owner = await connectedUser(t, admin, 'Owner', ['supervisor']);
    clients.push(owner.client);
    const contact = await newContact();
    // Qualified by the owner (a supervisor), routed to a partner-less partner cell: the owner keeps it.
    const res = await request(t.url)
      .post(`/contacts/${contact}/qualification`)
      .set(bearer(owner.token))
      .send({ revenueTier: 'small', complexity: 'standard', maturity: 'M3' })
      .expect(200);
    const leadId = res.body.leadId as string;
    const stalledBefore = await request(t.url).get('/leads?stalled=true').set(bearer(admin)).expect(200);
    expect(stalledBefore.body.map((l: { id: string }) => l.id)).not.toContain(leadId);

    // M3's default limit is 30 days; this lead entered M3 31 days ago.
    await db.query(`UPDATE lead SET stage_entered_at = now() - interval '31 days' WHERE id = $1`, [leadId]);
    const event = await owner.client.waitFor('lead:stalled', (e: { leadId: string }) => e.leadId === leadId, 5000);
    expect(event).toMatchObject({ leadId, contactId: contact, maturity: 'M3', limitDays: 30 });

    const stalled = await request(t.url).get('/leads?stalled=true').set(bearer(admin)).expect(200);
    const listed = stalled.body.find((l: { id: string }) => l.id === leadId);
    expect(listed).toMatchObject({ id: leadId, stalledAt: expect.any(String), maturity: 'M3' });
    const lead = await request(t.url).get(`/leads/${leadId}`).set(bearer(admin)).expect(200);
    const flagged = lead.body.history.find((e: { type: string }) => e.type === 'lead.stalled');
    expect(flagged.data.reason).toContain('longer than its limit of 30 days');

    // Flagged once: the next checks leave it alone.
    await new Promise((r) => setTimeout(r, 1200));
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM timeline_event WHERE contact_id = $1 AND type = 'lead.stalled'`,
      [contact],
    );
    expect(n).toBe(1);
    // Moving to the next stage clears the flag.
    await request(t.url)
      .post(`/contacts/${contact}/qualification`)
      .set(bearer(owner.token))
      .send({ revenueTier: 'small', complexity: 'standard', maturity: 'M4' })
      .expect(200);
    const after = await request(t.url).get(`/leads/${leadId}`).set(bearer(admin)).expect(200);
    expect(after.body.stalledAt).toBeNull();
    await request(t.url).get('/leads?stalled=maybe').set(bearer(admin)).expect(400);
  });

  describe('PUT /routing/matrix', () => {
    const put = (body: unknown, token = admin) =>
      request(t.url)
        .put('/routing/matrix')
        .set(bearer(token))
        .send(body as object);
    const valid = {
      cells: DEFAULT_CELLS,
      revenueThresholds: { medium: 1_000_000, large: 10_000_000 },
      qualificationBar: 'M2',
    };

    it('is read by staff and changed by admins only', async () => {
      const agentUser = await createUser(t, admin, { email: 'matrix-agent@staff.example.com', roles: ['agent'] });
      const current = await request(t.url).get('/routing/matrix').set(bearer(agentUser.token)).expect(200);
      expect(current.body).toMatchObject({ version: 1, ...valid });
      await put(valid, agentUser.token).expect(403);
      await request(t.url).get('/routing/matrix').expect(401);
    });

    it.each<[string, unknown, string]>([
      [
        'a missing cell',
        { ...valid, cells: { ...DEFAULT_CELLS, complex: { small: 'partner', medium: 'partner' } } },
        'cells.complex.large',
      ],
      [
        'a missing row',
        { ...valid, cells: { simple: DEFAULT_CELLS.simple, standard: DEFAULT_CELLS.standard } },
        'cells.complex',
      ],
      [
        'nurture in a cell',
        { ...valid, cells: { ...DEFAULT_CELLS, simple: { ...DEFAULT_CELLS.simple, small: 'nurture' } } },
        'cells.simple.small',
      ],
      [
        'an unknown route',
        { ...valid, cells: { ...DEFAULT_CELLS, simple: { ...DEFAULT_CELLS.simple, large: 'telepathy' } } },
        'cells.simple.large',
      ],
      [
        'an unknown tier',
        { ...valid, cells: { ...DEFAULT_CELLS, simple: { ...DEFAULT_CELLS.simple, huge: 'field' } } },
        'cells.simple.huge',
      ],
      ['thresholds out of order', { ...valid, revenueThresholds: { medium: 5, large: 5 } }, 'revenueThresholds.large'],
      ['a negative threshold', { ...valid, revenueThresholds: { medium: -1, large: 5 } }, 'revenueThresholds.medium'],
      ['a closed qualification bar', { ...valid, qualificationBar: 'won' }, 'qualificationBar'],
      ['no cells', { revenueThresholds: valid.revenueThresholds, qualificationBar: 'M2' }, 'cells'],
      ['an array', [valid], 'body'],
    ])('refuses %s with 400 naming %s', async (_name, body, field) => {
      const res = await put(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('saves a new version; new leads use it, old leads keep theirs', async () => {
      const before = await newContact();
      const old = await qualify(before, { revenueTier: 'medium', complexity: 'complex', maturity: 'M2' }).expect(200);
      expect(old.body).toMatchObject({ route: 'partner', matrixVersion: 1 });

      // Medium complex accounts go to e-Sales now, and the qualification bar rises to M3.
      const changed = {
        ...valid,
        version: 1,
        cells: { ...DEFAULT_CELLS, complex: { small: 'partner', medium: 'e_sales', large: 'field' } },
        qualificationBar: 'M3',
      };
      const saved = await put(changed).expect(200);
      expect(saved.body).toMatchObject({
        version: 2,
        qualificationBar: 'M3',
        cells: changed.cells,
        createdBy: expect.any(String),
      });
      expect((await request(t.url).get('/routing/matrix').set(bearer(admin)).expect(200)).body.version).toBe(2);
      const versions = await request(t.url).get('/routing/matrix/versions').set(bearer(admin)).expect(200);
      expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(
        (await request(t.url).get('/routing/matrix/versions/1').set(bearer(admin)).expect(200)).body.cells,
      ).toEqual(DEFAULT_CELLS);

      const after = await newContact();
      const routed = await qualify(after, { revenueTier: 'medium', complexity: 'complex', maturity: 'M3' }).expect(200);
      expect(routed.body).toMatchObject({ route: 'e_sales', matrixVersion: 2 });
      expect(routed.body.reason).toContain('(matrix v2)');
      const nurtured = await qualify(await newContact(), {
        revenueTier: 'large',
        complexity: 'complex',
        maturity: 'M2',
      }).expect(200);
      expect(nurtured.body).toMatchObject({ route: 'nurture', matrixVersion: 2 });

      const oldLead = await request(t.url).get(`/leads/${old.body.leadId}`).set(bearer(admin)).expect(200);
      expect(oldLead.body).toMatchObject({ route: 'partner', matrixVersion: 1 });
      // A second change is version 3, whatever version the body names.
      expect((await put({ ...valid, version: 99 }).expect(200)).body.version).toBe(3);
    });
  });
});
