import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login } from '../helpers/http';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/**
 * "A crash or restart loses no accepted contact": an inquiry accepted while no worker runs waits
 * in the outbox, and the first worker to start picks it up.
 */
describe('accepted contacts survive a restart', () => {
  let apiOnly: TestApp | null = null;
  let restarted: TestApp | null = null;
  afterAll(async () => {
    await apiOnly?.close();
    await restarted?.close();
  });

  it('queues what the api accepted once a worker starts', async () => {
    apiOnly = await startTestApp({ PROCESS_ROLE: 'api', INQUIRY_RATE_LIMIT: '0' }, { keep: true });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(apiOnly.url)
        .post('/inquiries')
        .send({ name: `Waiting ${i}`, email: `waiting${i}@example.org`, message: 'accepted before any worker' })
        .expect(202);
      ids.push(res.body.id);
    }
    const db = apiOnly.app.get(DataSource);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND queue = 'intake'`),
    ).toEqual([{ n: 5 }]);
    expect(await db.query(`SELECT DISTINCT status FROM contact`)).toEqual([{ status: 'received' }]);
    const name = apiOnly.databaseName;
    await apiOnly.close();
    apiOnly = null;

    restarted = await startTestApp({ PROCESS_ROLE: 'all' }, { databaseName: name });
    const token = await login(restarted);
    for (const id of ids) {
      const contact = await eventually(async () => {
        const res = await request(restarted!.url).get(`/contacts/${id}`).set(bearer(token)).expect(200);
        return res.body.status === 'queued' ? res.body : undefined;
      }, 5000);
      expect(contact.channel).toBe('demand_generation');
    }
    const after = restarted.app.get(DataSource);
    expect(await after.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).toEqual([{ n: 0 }]);
  });
});
