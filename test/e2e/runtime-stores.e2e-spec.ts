import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { PostgresThrottlerStorage } from '../../src/common/postgres-throttler.storage';
import { RedisThrottlerStorage } from '../../src/common/redis-throttler.storage';
import { prepareDatabase } from '../../src/database/prepare-database';
import { EphemeralStore, PostgresEphemeralStore, RedisEphemeralStore } from '../../src/redis/ephemeral-store';
import { PostgresPresenceStore } from '../../src/routing/agents/postgres-presence.store';
import type { PresenceStore } from '../../src/routing/agents/presence.store';
import { RedisPresenceStore } from '../../src/routing/agents/redis-presence.store';
import { FakePresenceStore } from '../fakes/fake-agent-repositories';
import { deleteRedisKeys, dropDatabase, eventually, TEST_PG_URL, TEST_REDIS_URL } from '../helpers/test-app';

/**
 * The runtime stores behind presence, short-lived claims and rate limits exist twice, on Redis and
 * on PostgreSQL's unlogged tables (the mode without Redis), and the service specs use an in-memory
 * fake of presence. One set of cases runs against every implementation, on the real servers, so the
 * three cannot drift apart.
 */
const name = `cc_test_stores_${randomBytes(4).toString('hex')}`;
let pool: Pool;
let redis: Redis;

beforeAll(async () => {
  await prepareDatabase(`${TEST_PG_URL}/${name}`);
  pool = new Pool({ connectionString: `${TEST_PG_URL}/${name}`, max: 8 });
  // pool.end() resolves before its last connections are closed, and the database is dropped
  // WITH (FORCE) right after: a connection ended that way reports it as an idle client's error.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  redis = new Redis(TEST_REDIS_URL, { keyPrefix: `${name}:` });
});

afterAll(async () => {
  await pool.end();
  redis.disconnect();
  await dropDatabase(name);
  await deleteRedisKeys(name);
});

/** A fresh id per case, so the cases never see each other's rows or keys. */
const fresh = (what: string) => `${what}-${randomBytes(5).toString('hex')}`;

describe.each([
  ['Redis', () => new RedisPresenceStore(redis) as PresenceStore],
  ['PostgreSQL', () => new PostgresPresenceStore(pool) as PresenceStore],
  ['in-memory fake', () => new FakePresenceStore() as PresenceStore],
])('presence store on %s', (_, make) => {
  let store: PresenceStore;
  beforeEach(() => {
    store = make();
  });

  it('knows nobody at first: offline, no status, no connections', async () => {
    const agentId = fresh('agent');
    expect(await store.status(agentId)).toBe('offline');
    expect(await store.hasStatus(agentId)).toBe(false);
    expect(await store.liveConnections(agentId, 0)).toBe(0);
    expect(await store.statuses([])).toEqual(new Map());
  });

  it('stores a status, answers it for many agents in their order, and forgets it on offline', async () => {
    const [a, b, c] = [fresh('a'), fresh('b'), fresh('c')];
    await store.write(a, 'available', 60);
    await store.write(b, 'away', 60);
    expect(await store.status(a)).toBe('available');
    expect(await store.hasStatus(b)).toBe(true);
    expect([...(await store.statuses([c, b, a]))]).toEqual([
      [c, 'offline'],
      [b, 'away'],
      [a, 'available'],
    ]);
    await store.write(a, 'away', 60);
    expect(await store.status(a)).toBe('away');
    await store.write(a, 'offline', 60);
    expect(await store.status(a)).toBe('offline');
    expect(await store.hasStatus(a)).toBe(false);
  });

  it('counts an agent’s sockets across connects, heartbeats and disconnects', async () => {
    const agentId = fresh('agent');
    await store.connect({ agentId, socketId: 's1' }, 1_000, 60);
    await store.connect({ agentId, socketId: 's2' }, 1_000, 60);
    expect(await store.liveConnections(agentId, 0)).toBe(2);
    await store.connect({ agentId, socketId: 's2' }, 2_000, 60);
    expect(await store.liveConnections(agentId, 0)).toBe(2);
    await store.disconnect({ agentId, socketId: 's1' });
    expect(await store.liveConnections(agentId, 0)).toBe(1);
    await store.disconnect({ agentId, socketId: 'never-connected' });
    expect(await store.liveConnections(agentId, 0)).toBe(1);
  });

  it('drops the sockets last seen before the cut-off, for good, and keeps those a heartbeat refreshed', async () => {
    const agentId = fresh('agent');
    const other = fresh('other');
    await store.connect({ agentId, socketId: 'old' }, 1_000, 60);
    await store.connect({ agentId, socketId: 'kept' }, 1_000, 60);
    await store.connect({ agentId: other, socketId: 'o1' }, 1_000, 60);
    await store.heartbeat([{ agentId, socketId: 'kept' }], 5_000, 60);
    expect(await store.liveConnections(agentId, 2_000)).toBe(1);
    // The stale socket is gone, not only hidden: a later, looser cut-off does not bring it back.
    expect(await store.liveConnections(agentId, 0)).toBe(1);
    // Another agent's sockets are not touched.
    expect(await store.liveConnections(other, 0)).toBe(1);
    await store.heartbeat([], 9_000, 60);
    expect(await store.liveConnections(agentId, 0)).toBe(1);
  });

  it('a heartbeat never brings back a status written offline', async () => {
    const agentId = fresh('agent');
    await store.write(agentId, 'available', 60);
    await store.connect({ agentId, socketId: 's1' }, 1_000, 60);
    await store.write(agentId, 'offline', 60);
    await store.heartbeat([{ agentId, socketId: 's1' }], 2_000, 60);
    expect(await store.status(agentId)).toBe('offline');
    expect(await store.liveConnections(agentId, 0)).toBe(1);
  });
});

describe.each([
  ['Redis', () => new RedisEphemeralStore(redis) as EphemeralStore],
  ['PostgreSQL', () => new PostgresEphemeralStore(pool) as EphemeralStore],
])('claims on %s', (_, make) => {
  let store: EphemeralStore;
  beforeEach(() => {
    store = make();
  });

  it('gives a key to the first claimant only, until its holder releases it', async () => {
    const key = fresh('claim');
    expect(await store.claim(key, 'p1', 60_000)).toBe(true);
    expect(await store.claim(key, 'p2', 60_000)).toBe(false);
    await store.release(key, 'p2'); // not the holder: nothing happens
    expect(await store.claim(key, 'p2', 60_000)).toBe(false);
    await store.release(key, 'p1');
    expect(await store.claim(key, 'p2', 60_000)).toBe(true);
  });

  it('frees a key on remove, whoever holds it', async () => {
    const key = fresh('claim');
    expect(await store.claim(key, 'p1', 60_000)).toBe(true);
    await store.remove(key);
    expect(await store.claim(key, 'p2', 60_000)).toBe(true);
  });

  it('lets a claim lapse after its time', async () => {
    const key = fresh('claim');
    expect(await store.claim(key, 'p1', 30)).toBe(true);
    expect(await eventually(async () => ((await store.claim(key, 'p2', 60_000)) ? true : undefined))).toBe(true);
    expect(await store.claim(key, 'p3', 60_000)).toBe(false);
  });

  it('gives one key to exactly one of many concurrent claimants', async () => {
    const key = fresh('claim');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(key, `p${i}`, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe.each([
  ['Redis', () => new RedisThrottlerStorage(redis) as ThrottlerStorage],
  ['PostgreSQL', () => new PostgresThrottlerStorage(pool) as ThrottlerStorage],
])('rate counters on %s', (_, make) => {
  let storage: ThrottlerStorage;
  beforeEach(() => {
    storage = make();
  });

  it('counts hits in a window and blocks once the limit is passed', async () => {
    const key = fresh('addr');
    for (let hit = 1; hit <= 3; hit++) {
      const record = await storage.increment(key, 60_000, 3, 30_000, 'login');
      expect(record).toMatchObject({ totalHits: hit, isBlocked: false, timeToBlockExpire: 0 });
      expect(record.timeToExpire).toBeGreaterThan(0);
      expect(record.timeToExpire).toBeLessThanOrEqual(60);
    }
    const blocked = await storage.increment(key, 60_000, 3, 30_000, 'login');
    expect(blocked).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(blocked.timeToBlockExpire).toBeGreaterThan(0);
    expect(blocked.timeToBlockExpire).toBeLessThanOrEqual(30);
  });

  it('keeps keys and throttlers apart', async () => {
    const key = fresh('addr');
    await storage.increment(key, 60_000, 1, 60_000, 'login');
    expect((await storage.increment(key, 60_000, 1, 60_000, 'login')).isBlocked).toBe(true);
    expect(await storage.increment(key, 60_000, 1, 60_000, 'inquiries')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await storage.increment(fresh('addr'), 60_000, 1, 60_000, 'login')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('starts a new window once the last one ended', async () => {
    const key = fresh('addr');
    await storage.increment(key, 40, 100, 0, 'login');
    await storage.increment(key, 40, 100, 0, 'login');
    const renewed = await eventually(async () => {
      const record = await storage.increment(key, 40, 100, 0, 'login');
      return record.totalHits === 1 ? record : undefined;
    });
    expect(renewed.isBlocked).toBe(false);
  });

  it('counts concurrent hits of one key exactly', async () => {
    const key = fresh('addr');
    const records = await Promise.all(
      Array.from({ length: 20 }, () => storage.increment(key, 60_000, 1_000, 60_000, 'login')),
    );
    expect(records.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
