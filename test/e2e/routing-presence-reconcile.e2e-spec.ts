import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import type { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { clearQueues, connectedUser, postInquiry, timelineTypes, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp, TEST_REDIS_URL } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
}

/**
 * An api process that dies takes its sockets with it and never runs the disconnect path (no grace
 * job): the agents' presence keys simply stop being refreshed and expire. The repeatable sweep
 * (PRESENCE_RECONCILE_INTERVAL_SECONDS, here 0.5 s) must set such agents offline and move their
 * pending offers on.
 */
describe('routing: presence reconciliation after a crashed api process', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  let redis: Redis;
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      INQUIRY_RATE_LIMIT: '0',
      // Long enough that the offer cannot expire by itself during the test: only the sweep moves it.
      OFFER_TIMEOUT_SECONDS: '60',
      PRESENCE_GRACE_SECONDS: '1',
      PRESENCE_RECONCILE_INTERVAL_SECONDS: '0.5',
    });
    admin = await login(t);
    db = t.app.get(DataSource);
    redis = new Redis(TEST_REDIS_URL);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await clearQueues(db);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  it('sets an agent with no live presence offline, revokes the pending offer and offers the contact to another agent', async () => {
    const crashed = await connectedUser(t, admin, 'crashed', ['agent'], { channels: ['e_sales'] });
    const survivor = await connectedUser(t, admin, 'survivor', ['agent'], { channels: ['e_sales'] });
    clients.push(crashed.client, survivor.client);
    await crashed.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales');
    const offer = await crashed.client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact);
    await survivor.client.setPresence('available');
    expect((await db.query(`SELECT status FROM offer WHERE id = $1`, [offer.offerId]))[0].status).toBe('pending');

    // The crash: the dead process's presence keys are gone (as after their TTL). The console's socket
    // stays open only so the test can see what the agent would be told; no disconnect path runs.
    await redis.del(`${t.config.REDIS_KEY_PREFIX}:presence:status:${crashed.id}`);
    await redis.del(`${t.config.REDIS_KEY_PREFIX}:presence:conns:${crashed.id}`);

    expect(
      await crashed.client.waitFor('offer:revoked', (r: { offerId: string }) => r.offerId === offer.offerId),
    ).toEqual({ offerId: offer.offerId, reason: 'agent_unavailable' });
    await survivor.client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact);

    const [profile] = await db.query(`SELECT presence FROM agent_profile WHERE user_id = $1`, [crashed.id]);
    expect(profile.presence).toBe('offline');
    const agents = (await request(t.url).get('/routing/agents').set(bearer(admin)).expect(200)).body as {
      userId: string;
      presence: string;
      load: Record<string, number>;
    }[];
    expect(agents.find((a) => a.userId === crashed.id)).toMatchObject({ presence: 'offline', load: {} });
    // The survivor, whose keys are alive, is left alone by every sweep.
    expect(agents.find((a) => a.userId === survivor.id)).toMatchObject({ presence: 'available', load: { web: 1 } });
    const [kept] = await db.query(`SELECT presence FROM agent_profile WHERE user_id = $1`, [survivor.id]);
    expect(kept.presence).toBe('available');

    const [revoked] = await db.query(`SELECT status, decision_reason FROM offer WHERE id = $1`, [offer.offerId]);
    expect(revoked).toEqual({ status: 'revoked', decision_reason: 'agent_unavailable' });
    expect(await timelineTypes(db, contact)).toEqual(
      expect.arrayContaining(['offer.made', 'offer.revoked', 'offer.made']),
    );
    await waitForStatus(db, contact, 'offered');
  });

  it('runs as a repeatable job of the routing queue and changes nothing when presence is live', async () => {
    const present = await connectedUser(t, admin, 'present', ['agent'], { channels: ['e_sales'] });
    clients.push(present.client);
    await present.client.setPresence('away');
    const queue = t.app.get(QueueRegistry).get(QueueName.Routing);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'routing.presence-reconcile', every: 500 })]),
    );
    // Two sweeps later the agent is still away: live presence is never overruled.
    const completed = async () =>
      (await queue.getJobs(['completed'])).filter((j) => j.name === (JobName.ReconcilePresence as string)).length;
    const before = await completed();
    await eventually(async () => ((await completed()) >= before + 2 ? true : undefined), 5000, 100);
    const [profile] = await db.query(`SELECT presence FROM agent_profile WHERE user_id = $1`, [present.id]);
    expect(profile.presence).toBe('away');
  });
});
