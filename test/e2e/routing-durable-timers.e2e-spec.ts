import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { JobName } from '../../src/queues/queue.constants';
import { AgentClient } from '../helpers/agent-socket';
import { login } from '../helpers/http';
import { connectedUser, postInquiry } from '../helpers/routing';
import { eventually, startTestApp, TestApp, TEST_REDIS_URL, TEST_RUNTIME } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
}

/** Deletes every key of this app (its prefix), as a Redis restart without persistence would. */
async function flushAppKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * Without Redis, what a PostgreSQL crash loses is the unlogged runtime state (presence, claims,
 * counters): emptied here as a crash would. BullMQ's own tables are logged and survive.
 */
async function flushRuntimeTables(db: DataSource): Promise<number> {
  const [{ rows }] = await db.query<{ rows: string }[]>(
    `SELECT (SELECT count(*) FROM runtime_presence_status) + (SELECT count(*) FROM runtime_presence_connection) AS rows`,
  );
  await db.query('TRUNCATE runtime_presence_status, runtime_presence_connection, runtime_claim, runtime_rate_counter');
  return Number(rows);
}

/**
 * Timers are outbox rows with a due time, kept in PostgreSQL until due: losing everything in Redis
 * (BullMQ's queues, presence) while an offer is pending does not lose its expiry.
 */
describe('routing: durable timers across a Redis flush', () => {
  let t: TestApp;
  let db: DataSource;
  let redis: Redis;
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '3' });
    db = t.app.get(DataSource);
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    redis.disconnect();
    await t.close();
  });

  it('expires an offer on time after the flush, and offers the contact to the next agent', async () => {
    const admin = await login(t);
    const first = await connectedUser(t, admin, 'first', ['agent'], { channels: ['e_sales'] });
    clients.push(first.client);
    await first.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales');
    const offer = await first.client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact);

    // Before the flush the expiry is a timer row in PostgreSQL, due at the offer's deadline.
    const [{ expires_at: expiresAt }] = await db.query<{ expires_at: Date }[]>(
      `SELECT expires_at FROM offer WHERE id = $1`,
      [offer.offerId],
    );
    const timerRow = () =>
      db.query<{ run_at: Date | null; published_at: Date | null }[]>(
        `SELECT run_at, published_at FROM outbox WHERE job_id = $1`,
        [`${JobName.ExpireOffer}.${offer.offerId}`],
      );
    const [timer] = await timerRow();
    expect(timer.published_at).toBeNull();
    expect(new Date(timer.run_at!).getTime()).toBe(new Date(expiresAt).getTime());

    const flushed =
      TEST_RUNTIME === 'redis' ? await flushAppKeys(redis, t.config.REDIS_KEY_PREFIX) : await flushRuntimeTables(db);
    expect(flushed).toBeGreaterThan(0);
    // Presence went with the flush: the first agent says again they are available (so no sweep
    // mistakes them for a crashed process), and a second agent comes in.
    await first.client.setPresence('available');
    const second = await connectedUser(t, admin, 'second', ['agent'], { channels: ['e_sales'] });
    clients.push(second.client);
    const next = second.client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact, 10_000);
    await second.client.setPresence('available');

    expect(
      await first.client.waitFor<{ offerId: string }>('offer:revoked', (r) => r.offerId === offer.offerId, 10_000),
    ).toEqual({ offerId: offer.offerId, reason: 'expired' });
    expect((await next).contactId).toBe(contact);

    const [decided] = await db.query<{ status: string; decided_at: Date }[]>(
      `SELECT status, decided_at FROM offer WHERE id = $1`,
      [offer.offerId],
    );
    expect(decided.status).toBe('expired');
    // On time: not before its deadline, and within a few relay sweeps after it.
    const lateMs = new Date(decided.decided_at).getTime() - new Date(expiresAt).getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(3_000);
    await eventually(async () => ((await timerRow())[0].published_at ? true : undefined));
  });
});
