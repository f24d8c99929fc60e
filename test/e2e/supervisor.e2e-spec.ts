import request from 'supertest';
import { DataSource } from 'typeorm';
import { QueueName } from '../../src/queues/queue.constants';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, createUser, login } from '../helpers/http';
import { postInquiry } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

describe('GET /supervisor/overview', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: { id: string; token: string };
  let agent: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    admin = await login(t);
    supervisor = await createUser(t, admin, { email: 'lead@example.test', name: 'Sato Lead', roles: ['supervisor'] });
    agent = await createUser(t, admin, { email: 'agent@example.test', name: '王 芳', roles: ['agent'] });
  });
  afterAll(() => t.close());

  const overview = async (token = supervisor.token) =>
    (await request(t.url).get('/supervisor/overview').set(bearer(token)).expect(200)).body;

  it('shows every queue, zero counts and the agents on a quiet day', async () => {
    const body = await overview();
    expect(body).toMatchObject({ slaSeconds: 120, windowHours: 24, generatedAt: expect.any(String) });
    expect(body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['intake', 'mail']));
    expect(body.queues[0]).toEqual({
      name: expect.any(String),
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      prioritized: expect.any(Number),
      failed: expect.any(Number),
      completed: expect.any(Number),
    });
    expect(body.contacts.byStatus).toEqual({
      received: 0,
      queued: 0,
      offered: 0,
      assigned: 0,
      qualified: 0,
      closed: 0,
    });
    expect(body.waiting).toHaveLength(4);
    // Staff who are neither agents nor deal specialists (the admin, the supervisor) are not listed.
    expect(body.agents).toEqual([
      {
        id: agent.id,
        name: '王 芳',
        email: 'agent@example.test',
        roles: ['agent'],
        active: true,
        presence: 'offline',
        presenceChangedAt: null,
        openAssignments: 0,
        pendingOffers: 0,
        openHandoffs: 0,
      },
    ]);
    expect(body.handoffs).toEqual({ open: 0, overdue: 0, nextDueAt: null });
  });

  it('counts classified contacts by status, channel and medium, and the waits against the SLA', async () => {
    const post = (body: object) => request(t.url).post('/inquiries').send(body).expect(202);
    const quote = await post({
      name: '山田 太郎',
      email: 'taro@acme-example.co.jp',
      message: 'サーバーの見積もりをお願いします。',
      type: 'quote',
      productLine: 'server',
    });
    const seminar = await post({ name: 'Li Wei', email: 'li.wei@qq.com', message: '研讨会?', type: 'seminar' });
    for (const id of [quote.body.id, seminar.body.id]) {
      await eventually(async () => {
        const res = await request(t.url).get(`/contacts/${id}`).set(bearer(admin)).expect(200);
        return res.body.status === 'queued' ? true : undefined;
      });
    }
    // One of them has waited ten minutes: over the two-minute SLA.
    await t.app
      .get(DataSource)
      .query(`UPDATE contact SET created_at = now() - interval '10 minutes' WHERE id = $1`, [quote.body.id]);

    const body = await overview();
    expect(body.contacts.byStatus).toMatchObject({ queued: 2, assigned: 0 });
    expect(body.contacts.byChannel.e_sales.queued).toBe(1);
    expect(body.contacts.byChannel.demand_generation.queued).toBe(1);
    expect(body.contacts.byMedium).toMatchObject({ web: 2, voice: 0 });
    const eSales = body.waiting.find((w: { channel: string }) => w.channel === 'e_sales');
    expect(eSales).toEqual({ channel: 'e_sales', count: 1, overSla: 1, oldestWaitSeconds: expect.any(Number) });
    expect(eSales.oldestWaitSeconds).toBeGreaterThanOrEqual(599);
    expect(body.waiting.find((w: { channel: string }) => w.channel === 'demand_generation')).toMatchObject({
      count: 1,
      overSla: 0,
    });
  });

  it("shows agents' presence, offers and assignments, and the deal specialists' handoff SLA", async () => {
    const specialist = await createUser(t, admin, {
      email: 'field@example.test',
      name: 'Field Specialist',
      roles: ['deal_specialist'],
    });
    const client = await AgentClient.connect(t, agent.token);
    try {
      await client.setPresence('available');
      const contactId = await postInquiry(t, 'e_sales');
      const offer = await client.waitFor<{ offerId: string; contactId: string }>(
        'offer',
        (o) => o.contactId === contactId,
      );
      // The two contacts of the previous test are offered too (web capacity is 3): three in all.
      await eventually(() => Promise.resolve(client.received('offer').length === 3 ? true : undefined));
      const offered = (await overview()).agents.find((a: { id: string }) => a.id === agent.id);
      expect(offered).toMatchObject({ presence: 'available', pendingOffers: 3, openAssignments: 0 });
      expect(Date.parse(offered.presenceChangedAt)).not.toBeNaN();

      expect((await client.emit('offer:accept', { offerId: offer.offerId })).ok).toBe(true);
      const decision = await request(t.url)
        .post(`/contacts/${contactId}/qualification`)
        .set(bearer(agent.token))
        .send({ revenueTier: 'large', complexity: 'complex', maturity: 'M2', budget: true })
        .expect(200);
      expect(decision.body).toMatchObject({ route: 'field', assignee: { id: specialist.id } });

      const body = await overview();
      expect(body.handoffs).toEqual({ open: 1, overdue: 0, nextDueAt: expect.any(String) });
      expect(body.agents.find((a: { id: string }) => a.id === specialist.id)).toMatchObject({ openHandoffs: 1 });
      expect(body.agents.find((a: { id: string }) => a.id === agent.id)).toMatchObject({
        pendingOffers: 2,
        openAssignments: 1,
      });

      // Past its acceptance deadline: overdue.
      await t.app.get(DataSource).query(`UPDATE handoff SET due_at = now() - interval '1 minute'`);
      expect((await overview()).handoffs).toMatchObject({ open: 1, overdue: 1 });
    } finally {
      client.close();
    }
  });

  it('is for supervisors and admins only', async () => {
    await overview(admin);
    const forbidden = await request(t.url).get('/supervisor/overview').set(bearer(agent.token)).expect(403);
    expect(forbidden.body.code).toBe('forbidden');
    await request(t.url).get('/supervisor/overview').expect(401);
  });
});
