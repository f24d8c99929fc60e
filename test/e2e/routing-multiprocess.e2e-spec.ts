import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../../src/app.factory';
import { AgentClient } from '../helpers/agent-socket';
import { createUser, login } from '../helpers/http';
import { postInquiry } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The deployment story in one test: two `api` processes (HTTP + socket.io, no workers) and one
 * `worker` (relay + processors, no socket.io) on one database and one Redis. The worker makes the
 * offer and reaches the agent's console on an api process through the Redis emitter and adapter;
 * accepts raced through both api processes still make one assignment.
 */
describe('routing across api and worker processes', () => {
  let apiA: TestApp;
  let apiB: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    apiA = await startTestApp({ PROCESS_ROLE: 'api', INQUIRY_RATE_LIMIT: '0' }, { keep: true });
    apiB = await startTestApp({ PROCESS_ROLE: 'api', INQUIRY_RATE_LIMIT: '0' }, { databaseName: apiA.databaseName });
    worker = await createWorkerContext({ ...apiA.config, PROCESS_ROLE: 'worker' });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await apiA.close();
    await apiB.close();
  });

  it('offers from the worker to a console on an api process, and one of 20 accepts across two api processes wins', async () => {
    const admin = await login(apiA);
    const agent = await createUser(apiA, admin, { email: 'multi@staff.example.com', roles: ['agent'] });
    const onA = await AgentClient.connect(apiA, agent.token);
    const onB = await AgentClient.connect(apiB, agent.token);
    try {
      await onA.setPresence('available');
      const contact = await postInquiry(apiB, 'e_sales');
      const offer = await onA.waitFor<{ offerId: string; contactId: string }>('offer', (o) => o.contactId === contact);
      // The same event reached the agent's other console, on the other api process.
      await onB.waitFor<{ offerId: string }>('offer', (o) => o.offerId === offer.offerId);

      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? onA : onB).emit('offer:accept', { offerId: offer.offerId }),
        ),
      );
      expect(acks.filter((a) => a.ok)).toHaveLength(1);
      const db = apiA.app.get(DataSource);
      expect(await db.query(`SELECT count(*)::int AS n FROM assignment WHERE contact_id = $1`, [contact])).toEqual([
        { n: 1 },
      ]);
      const contactView = await request(apiB.url)
        .get(`/contacts/${contact}`)
        .set({ Authorization: `Bearer ${admin}` })
        .expect(200);
      expect(contactView.body).toMatchObject({ status: 'assigned', assignedAgentId: agent.id });
    } finally {
      onA.close();
      onB.close();
    }
  });
});
