import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { clearQueues, connectedUser, postInquiry, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
  medium: string;
  channel: string;
  campaignId?: string;
  script?: string | null;
}
interface Target {
  id: string;
  personId: string | null;
  contactId: string | null;
  name: string | null;
  state: string;
  attempts: number;
  lastDisposition: string | null;
}
interface Campaign {
  id: string;
  status: string;
  progress: {
    targets: number;
    byState: Record<string, number>;
    byDisposition: Record<string, number>;
    attempts: number;
    registrations: number;
    leads: number;
  };
}
interface ErrorBody {
  errors?: { field: string; message: string }[];
}

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/campaigns', name));

describe('outbound campaigns: targets, dialling through routing, retries, progress', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];

  const post = (path: string, body: object, token = admin) => request(t.url).post(path).set(bearer(token)).send(body);
  const fields = (body: unknown) => ((body as ErrorBody).errors ?? []).map((e) => e.field);
  const createCampaign = async (body: object = {}): Promise<Campaign> =>
    (
      await post('/campaigns', {
        name: 'Spring account calls',
        kind: 'account_call',
        channel: 'e_coverage',
        medium: 'voice',
        script: 'Hello, this is ACME calling about your server renewal.',
        maxAttempts: 2,
        ...body,
      }).expect(201)
    ).body as Campaign;
  const targetsOf = async (id: string): Promise<Target[]> =>
    (await request(t.url).get(`/campaigns/${id}/targets`).set(bearer(admin)).expect(200)).body as Target[];
  const campaign = async (id: string): Promise<Campaign> =>
    (await request(t.url).get(`/campaigns/${id}`).set(bearer(admin)).expect(200)).body as Campaign;

  beforeAll(async () => {
    t = await startTestApp({
      INQUIRY_RATE_LIMIT: '0',
      LOGIN_RATE_LIMIT: '1000',
      DEFAULT_PHONE_REGION: 'JP',
      OFFER_TIMEOUT_SECONDS: '60',
      CAMPAIGN_DIAL_INTERVAL_SECONDS: '1',
      CAMPAIGN_RETRY_DELAY_SECONDS: '1',
    });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('refuses a bad campaign naming the field, and writes nothing', async () => {
    const bad = await post('/campaigns', {
      name: 'x',
      kind: 'cold_call',
      channel: 'e_coverage',
      medium: 'voice',
    }).expect(400);
    expect(fields(bad.body)).toEqual(['kind']);
    const zone = await post('/campaigns', {
      name: 'x',
      kind: 'account_call',
      channel: 'e_coverage',
      medium: 'voice',
      callingHours: { timezone: 'Mars/Olympus', from: '09:00', to: '18:00' },
    }).expect(400);
    expect(fields(zone.body)).toEqual(['callingHours.timezone']);
    const order = await post('/campaigns', {
      name: 'x',
      kind: 'account_call',
      channel: 'e_coverage',
      medium: 'voice',
      callingHours: { timezone: 'Asia/Tokyo', from: '18:00', to: '09:00' },
    }).expect(400);
    expect(fields(order.body)).toEqual(['callingHours.to']);
    const seminar = await post('/campaigns', {
      name: 'x',
      kind: 'seminar_invitation',
      channel: 'demand_generation',
      medium: 'email',
    }).expect(400);
    expect(fields(seminar.body)).toEqual(['seminar']);
    const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM campaign`);
    expect(n).toBe(0);
  });

  it('imports JSON targets with duplicates, opt-outs and a do_not_contact person; CSV in Shift_JIS and GB18030', async () => {
    // A customer who asked never to be contacted again, known from an earlier inquiry.
    const inquiry = await postInquiry(t, 'demand_generation', { phone: '+81 3 5555 9999', name: 'Hiro Nocall' });
    const [{ person_id: dncPerson }] = await eventually(async () => {
      const rows = await db.query<{ person_id: string | null }[]>(`SELECT person_id FROM contact WHERE id = $1`, [
        inquiry,
      ]);
      return rows[0]?.person_id ? rows : undefined;
    });
    await request(t.url).patch(`/people/${dncPerson}`).set(bearer(admin)).send({ doNotContact: true }).expect(200);

    const c = await createCampaign();
    expect(c.status).toBe('draft');
    const res = await post(`/campaigns/${c.id}/targets`, {
      targets: [
        { name: 'Aiko Retry', phone: '+81 3 5555 0001', company: 'Retry KK', consent: true },
        { name: 'Aiko again', phone: '03-5555-0001' },
        { name: 'Opted Out', phone: '+81 3 5555 0003', consent: 'no' },
        { name: 'No Phone', email: 'nophone@example.jp' },
        { name: 'Hiro Nocall', phone: '+81355559999' },
        { name: 'Ben Answer', phone: '+81 3 5555 0002', language: 'en' },
        { name: 'Bad Phone', phone: '12' },
      ],
    }).expect(200);
    expect(res.body).toEqual({
      added: 2,
      skipped: [
        { row: 2, reason: 'duplicate of row 1' },
        { row: 3, reason: 'no consent' },
        { row: 4, reason: 'no phone number' },
        { row: 5, reason: 'do_not_contact' },
        { row: 7, reason: 'phone number is not valid' },
      ],
    });
    const again = await post(`/campaigns/${c.id}/targets`, {
      targets: [{ name: 'Aiko', phone: '+81355550001' }],
    }).expect(200);
    expect(again.body).toEqual({ added: 0, skipped: [{ row: 1, reason: 'already a target of this campaign' }] });

    const targets = await targetsOf(c.id);
    expect(targets.map((x) => [x.name, x.state])).toEqual([
      ['Aiko Retry', 'pending'],
      ['Hiro Nocall', 'skipped'],
      ['Ben Answer', 'pending'],
    ]);
    // The imported people are the ones identity knows: the do_not_contact customer is the same person.
    expect(targets[1].personId).toBe(dncPerson);

    const badField = await post(`/campaigns/${c.id}/targets`, { targets: [{ phone: 42 }] }).expect(400);
    expect(fields(badField.body)).toEqual(['targets.0.phone']);

    // A Shift_JIS file as a text/csv body: the third row says いいえ to consent.
    const ja = await createCampaign({ name: '東京アカウントコール' });
    const sjis = await request(t.url)
      .post(`/campaigns/${ja.id}/targets`)
      .set(bearer(admin))
      .set('Content-Type', 'text/csv')
      .send(fixture('targets-shift_jis.csv'))
      .expect(200);
    expect(sjis.body).toEqual({ added: 2, skipped: [{ row: 3, reason: 'no consent' }] });
    expect((await targetsOf(ja.id)).map((x) => x.name)).toEqual(['山田太郎', '鈴木, 花子']);

    // A GB18030 file as a multipart upload.
    const zh = await createCampaign({ name: '华东客户回访' });
    const gb = await request(t.url)
      .post(`/campaigns/${zh.id}/targets`)
      .set(bearer(admin))
      .attach('file', fixture('targets-gb18030.csv'), { filename: 'targets.csv', contentType: 'text/csv' })
      .expect(200);
    expect(gb.body).toEqual({ added: 3, skipped: [] });
    expect((await targetsOf(zh.id)).map((x) => x.name)).toEqual(['张伟', '李娜, 经理', '王芳']);

    const empty = await request(t.url)
      .post(`/campaigns/${zh.id}/targets`)
      .set(bearer(admin))
      .set('Content-Type', 'text/csv')
      .send('name,company\nJane,ACME\n')
      .expect(400);
    expect(fields(empty.body)).toEqual(['header']);
  });

  it('offers campaign calls after inbound contacts, retries no_answer up to maxAttempts, and shows the progress', async () => {
    await clearQueues(db); // the earlier inquiries are nobody's concern here
    const c = await createCampaign({ name: 'Dialling run' });
    await post(`/campaigns/${c.id}/targets`, {
      targets: [
        { name: 'Aiko Retry', phone: '+81 3 6666 0001' },
        { name: 'Ben Answer', phone: '+81 3 6666 0002' },
      ],
    }).expect(200);
    const agent = await connectedUser(t, admin, 'Carla Caller', ['agent']);
    clients.push(agent.client);

    // An inbound web inquiry waits while nobody is available; the campaign starts meanwhile.
    const inbound = await postInquiry(t, 'demand_generation');
    await waitForStatus(db, inbound, 'queued');
    const started = await request(t.url)
      .patch(`/campaigns/${c.id}`)
      .set(bearer(admin))
      .send({ status: 'active' })
      .expect(200);
    expect((started.body as Campaign).status).toBe('active');
    await request(t.url).patch(`/campaigns/${c.id}`).set(bearer(admin)).send({ status: 'draft' }).expect(400);

    // The agent comes in: the inbound contact is offered first, and no campaign call while it waits.
    await agent.client.setPresence('available');
    const first = await agent.client.waitFor<OfferEvent>('offer', () => true, 10_000);
    expect(first.contactId).toBe(inbound);
    expect(first.campaignId).toBeUndefined();
    expect(await agent.client.emit('offer:accept', { offerId: first.offerId })).toMatchObject({ ok: true });
    await waitForStatus(db, inbound, 'assigned');

    // Then the campaign's calls, each an offer with the campaign and its script.
    const byName = new Map<string, string[]>();
    for (let call = 0; call < 3; call++) {
      const offer = await agent.client.waitFor<OfferEvent>(
        'offer',
        (o) => o.campaignId === c.id && ![...byName.values()].flat().includes(o.contactId),
        15_000,
      );
      expect(offer).toMatchObject({
        medium: 'voice',
        channel: 'e_coverage',
        script: 'Hello, this is ACME calling about your server renewal.',
      });
      const [{ from_name: name }] = await db.query<{ from_name: string }[]>(
        `SELECT from_name FROM contact WHERE id = $1 AND campaign_id = $2 AND source = 'campaign'`,
        [offer.contactId, c.id],
      );
      byName.set(name, [...(byName.get(name) ?? []), offer.contactId]);
      expect(await agent.client.emit('offer:accept', { offerId: offer.offerId })).toMatchObject({ ok: true });
      await waitForStatus(db, offer.contactId, 'assigned');
      const disposition = name === 'Aiko Retry' ? 'no_answer' : 'answered';
      await post(`/contacts/${offer.contactId}/wrap-up`, { disposition }, agent.token).expect(200);
    }
    expect(byName.get('Aiko Retry')).toHaveLength(2);
    expect(byName.get('Ben Answer')).toHaveLength(1);

    const targets = await targetsOf(c.id);
    expect(targets.map((x) => [x.name, x.state, x.attempts, x.lastDisposition])).toEqual([
      ['Aiko Retry', 'done', 2, 'no_answer'],
      ['Ben Answer', 'done', 1, 'answered'],
    ]);
    const [firstAiko] = byName.get('Aiko Retry') ?? [];
    const events = await db.query<{ type: string }[]>(
      `SELECT type FROM timeline_event WHERE contact_id = $1 AND type LIKE 'campaign.%' ORDER BY occurred_at, id`,
      [firstAiko],
    );
    expect(events.map((e) => e.type)).toEqual(['campaign.target_dialled', 'campaign.target_retry']);

    const progress = (await campaign(c.id)).progress;
    expect(progress).toEqual({
      targets: 2,
      byState: { pending: 0, offered: 0, retry: 0, done: 2, skipped: 0 },
      byDisposition: { no_answer: 1, answered: 1 },
      attempts: 3,
      registrations: 0,
      leads: 0,
    });

    // Ended for good; a done campaign neither changes nor takes targets.
    await request(t.url).patch(`/campaigns/${c.id}`).set(bearer(admin)).send({ status: 'done' }).expect(200);
    await request(t.url).patch(`/campaigns/${c.id}`).set(bearer(admin)).send({ status: 'active' }).expect(409);
    await post(`/campaigns/${c.id}/targets`, { targets: [{ phone: '+81 3 6666 0009' }] }).expect(409);
  });

  it('settles a call the agent ended without a wrap-up: tried again, then done at maxAttempts', async () => {
    await clearQueues(db);
    // Agents of the earlier cases go away: this campaign's calls must come to this agent.
    for (const other of clients) await other.setPresence('offline');
    const c = await createCampaign({ name: 'Ended without wrap-up' });
    await post(`/campaigns/${c.id}/targets`, { targets: [{ name: 'Dan Silent', phone: '+81 3 6666 0101' }] }).expect(
      200,
    );
    const agent = await connectedUser(t, admin, 'Erin Ender', ['agent']);
    clients.push(agent.client);
    await agent.client.setPresence('available');
    await request(t.url).patch(`/campaigns/${c.id}`).set(bearer(admin)).send({ status: 'active' }).expect(200);

    const calls: string[] = [];
    for (let call = 0; call < 2; call++) {
      const offer = await agent.client.waitFor<OfferEvent>(
        'offer',
        (o) => o.campaignId === c.id && !calls.includes(o.contactId),
        15_000,
      );
      calls.push(offer.contactId);
      expect(await agent.client.emit('offer:accept', { offerId: offer.offerId })).toMatchObject({ ok: true });
      await waitForStatus(db, offer.contactId, 'assigned');
      // Ended from the console without a disposition: no wrap-up tells the campaign.
      expect(await agent.client.emit('assignment:end', { contactId: offer.contactId })).toMatchObject({ ok: true });
    }
    const settled = await eventually(async () => {
      const [target] = await targetsOf(c.id);
      return target?.state === 'done' ? target : undefined;
    }, 15_000);
    expect(settled).toMatchObject({ attempts: 2, lastDisposition: null });
    const events = await db.query<{ type: string; reason: string }[]>(
      `SELECT type, data->>'reason' AS reason FROM timeline_event
        WHERE contact_id = ANY($1::uuid[]) AND type IN ('campaign.target_retry', 'campaign.target_done')
        ORDER BY occurred_at, id`,
      [calls],
    );
    expect(events).toEqual([
      { type: 'campaign.target_retry', reason: 'ended without a disposition, attempt 1 of 2' },
      { type: 'campaign.target_done', reason: 'ended without a disposition after 2 of 2 attempts' },
    ]);
  });

  it('is for supervisors and admins only', async () => {
    const agent = await connectedUser(t, admin, 'Nosy Agent', ['agent']);
    clients.push(agent.client);
    await request(t.url).get('/campaigns').set(bearer(agent.token)).expect(403);
    await post(
      '/campaigns',
      { name: 'x', kind: 'account_call', channel: 'e_coverage', medium: 'voice' },
      agent.token,
    ).expect(403);
  });
});
