import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { login } from '../helpers/http';
import { clearQueues, connectedUser, firstDispatch, postInquiry, setProfile } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
}

const AGENTS = 4;
const CAPACITY = 2;
/** Four more than the agents can hold: they must wait, not be lost or squeezed in. */
const INQUIRIES = AGENTS * CAPACITY + 4;

/**
 * Many contacts dispatched at once among several agents (the routing worker runs dispatches
 * concurrently): they spread over the agents, none is pushed over capacity, none is offered to
 * two agents at once, and the ones nobody has room for wait and are offered once room is made.
 */
describe('routing: concurrent dispatches spread over the agents', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '120' });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await clearQueues(db);
    await t.close();
  });

  const pendingByAgent = async () =>
    db.query<{ agent_id: string; n: number }[]>(
      `SELECT agent_id, count(*)::int AS n FROM offer WHERE status = 'pending' GROUP BY agent_id`,
    );

  it('offers every agent up to their capacity, each contact to one agent, and queues the rest', async () => {
    const agents = [];
    for (let i = 0; i < AGENTS; i++) {
      const user = await connectedUser(t, admin, `Spread ${i}`, ['agent']);
      await setProfile(t, admin, user.id, { capacity: { web: CAPACITY } });
      clients.push(user.client);
      agents.push(user);
    }
    for (const agent of agents) await agent.client.setPresence('available');

    const ids = await Promise.all(Array.from({ length: INQUIRIES }, () => postInquiry(t, 'e_sales')));

    // Every contact's first dispatch has run: offered, or waiting because every agent is full.
    const outcomes = await Promise.all(ids.map((id) => firstDispatch(t, id)));
    const offered = await eventually(async () => {
      const rows = await db.query<{ contact_id: string; agent_id: string }[]>(
        `SELECT contact_id, agent_id FROM offer WHERE status = 'pending' AND contact_id = ANY($1::uuid[])`,
        [ids],
      );
      return rows.length === AGENTS * CAPACITY ? rows : undefined;
    }, 30_000);

    // Spread: every agent holds exactly their capacity, nobody more.
    const perAgent = await pendingByAgent();
    expect(perAgent.map((r) => r.n)).toEqual(Array.from({ length: AGENTS }, () => CAPACITY));
    expect(new Set(perAgent.map((r) => r.agent_id))).toEqual(new Set(agents.map((a) => a.id)));
    // Each contact offered once, to one agent.
    expect(new Set(offered.map((r) => r.contact_id)).size).toBe(offered.length);
    const made = await db.query<{ contact_id: string; n: number }[]>(
      `SELECT contact_id, count(*)::int AS n FROM timeline_event
        WHERE type = 'offer.made' AND contact_id = ANY($1::uuid[]) GROUP BY contact_id`,
      [ids],
    );
    expect(made.every((r) => r.n === 1)).toBe(true);
    expect(made).toHaveLength(AGENTS * CAPACITY);
    // The rest wait in the queue; none lost.
    const statuses = await db.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`,
      [ids],
    );
    expect(statuses).toEqual([
      { status: 'offered', n: AGENTS * CAPACITY },
      { status: 'queued', n: INQUIRIES - AGENTS * CAPACITY },
    ]);
    // The dispatches that offered did so to several agents, not all to the longest idle.
    const offeredTo = new Set(outcomes.filter((o) => o.outcome === 'offered').map((o) => o.agentId));
    expect(offeredTo.size).toBeGreaterThan(1);

    // Each agent's console got exactly the offers the database holds for them.
    for (const agent of agents) {
      const mine = offered.filter((r) => r.agent_id === agent.id).map((r) => r.contact_id);
      const received = await eventually(() => {
        const got = agent.client.received<OfferEvent>('offer').filter((o) => ids.includes(o.contactId));
        return Promise.resolve(got.length >= mine.length ? got : undefined);
      }, 15_000);
      expect(received.map((o) => o.contactId).sort()).toEqual([...mine].sort());
    }

    // Room made: each agent accepts and ends one contact, and the waiting ones are offered, once each.
    for (const agent of agents) {
      const [first] = agent.client.received<OfferEvent>('offer').filter((o) => ids.includes(o.contactId));
      expect(await agent.client.emit('offer:accept', { offerId: first.offerId })).toMatchObject({ ok: true });
      expect(await agent.client.emit('assignment:end', { contactId: first.contactId })).toMatchObject({ ok: true });
    }
    await eventually(async () => {
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
        [ids],
      );
      return n === 0 ? true : undefined;
    }, 30_000);
    const after = await pendingByAgent();
    expect(after.every((r) => r.n <= CAPACITY)).toBe(true);
    expect(after.reduce((sum, r) => sum + r.n, 0)).toBe(AGENTS * CAPACITY);
    const twice = await db.query(
      `SELECT contact_id FROM timeline_event WHERE type = 'offer.made' AND contact_id = ANY($1::uuid[])
        GROUP BY contact_id HAVING count(*) > 1`,
      [ids],
    );
    expect(twice).toEqual([]);
  });
});
