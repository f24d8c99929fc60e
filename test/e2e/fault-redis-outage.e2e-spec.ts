import { DataSource } from 'typeorm';
import { RedisServer } from '../helpers/redis-server';
import { freePort } from '../helpers/smtp';
import { allQueued } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/**
 * Redis dies in the middle of a burst of web inquiries and comes back empty (no persistence):
 * every inquiry is still answered 202 (PostgreSQL holds the contact and its outbox row), and every
 * accepted contact is classified and queued: the jobs Redis lost are found from PostgreSQL
 * (outbox rows published but not done) and added again.
 */
describe('fault: Redis outage during intake', () => {
  let redis: RedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    t = await startTestApp(
      { INQUIRY_RATE_LIMIT: '0', OUTBOX_SWEEP_MS: '250', OUTBOX_REDELIVER_AFTER_MS: '1000' },
      { redisUrl: redis.url },
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('loses no contact when Redis is killed mid-burst and restarts empty', async () => {
    const total = 180;
    const statuses: number[] = [];
    const ids: string[] = [];
    let sent = 0;
    const post = async (i: number) => {
      const res = await fetch(`${t.url}/inquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Buyer ${i}`,
          email: `buyer${i}@outage${i}.example.com`,
          message: 'Please quote 20 servers.',
          type: 'quote',
          productLine: 'server',
        }),
      });
      statuses.push(res.status);
      if (res.status === 202) ids.push(((await res.json()) as { id: string }).id);
      else if (res.status === 503) expect(res.headers.get('retry-after')).toBeTruthy();
      sent++;
    };
    // Ten waves of 18 requests, 700 ms apart (load shaping, not waiting for an outcome): Redis is
    // killed before the third and started again, empty, before the tenth (some 5-6 s down).
    const perWave = total / 10;
    const waves: Promise<void>[] = [];
    for (let wave = 0; wave < 10; wave++) {
      if (wave === 2) await redis.kill();
      if (wave === 9) await redis.start();
      waves.push(...Array.from({ length: perWave }, (_, k) => post(wave * perWave + k)));
      await eventually(() => Promise.resolve(sent >= (wave + 1) * perWave ? true : undefined), 30_000, 20);
      await new Promise((r) => setTimeout(r, 700));
    }
    await Promise.all(waves);

    expect(statuses.filter((s) => s !== 202 && s !== 503)).toEqual([]);
    expect(ids.length).toBeGreaterThan(0);
    const db = t.app.get(DataSource);
    // Every accepted contact gets classified and queued: none stays `received`.
    await allQueued(db, ids, 40_000).catch(async (error: Error) => {
      const left = await db.query<{ status: string; n: number }[]>(
        `SELECT status, count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [ids],
      );
      throw new Error(`${error.message}: ${JSON.stringify(left)} of ${ids.length}`);
    });
    // And the outbox knows it: nothing of theirs is left to do. A job that queued its contact
    // still dispatches it before it completes, so its row is done a moment after `queued`.
    const undone = () =>
      db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'contact.process' AND done_at IS NULL`,
      );
    await eventually(async () => ((await undone())[0].n === 0 ? true : undefined), 20_000).catch(async () => {
      expect((await undone())[0].n).toBe(0);
    });
  }, 120_000);
});
