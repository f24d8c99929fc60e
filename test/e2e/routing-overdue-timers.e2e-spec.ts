import { DataSource } from 'typeorm';
import { QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { OverdueTimers } from '../../src/routing/overdue-timers.service';
import { AgentClient } from '../helpers/agent-socket';
import { login } from '../helpers/http';
import { connectedUser, postInquiry } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/** An offer whose timeout job Redis lost is still expired, by the sweep, and moves on. */
describe('routing: overdue timers after lost delayed jobs', () => {
  let t: TestApp;
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '60' });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t.close();
  });

  it('expires a pending offer past due whose job is gone, and offers the contact to the next agent', async () => {
    const admin = await login(t);
    const first = await connectedUser(t, admin, 'slow', ['agent'], { channels: ['e_sales'] });
    clients.push(first.client);
    await first.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales');
    const offer = await first.client.waitFor<{ offerId: string; contactId: string }>(
      'offer',
      (o) => o.contactId === contact,
    );

    // Redis "lost" the timer, and the offer is long past its expiry.
    const routing = t.app.get(QueueRegistry).get(QueueName.Routing);
    await eventually(async () => ((await routing.getJob(`routing.offer-expire.${offer.offerId}`)) ? true : undefined));
    await (await routing.getJob(`routing.offer-expire.${offer.offerId}`))!.remove();
    const db = t.app.get(DataSource);
    await db.query(`UPDATE offer SET expires_at = now() - interval '1 minute' WHERE id = $1`, [offer.offerId]);

    const second = await connectedUser(t, admin, 'ready', ['agent'], { channels: ['e_sales'] });
    clients.push(second.client);
    const revoked = first.client.waitFor<{ offerId: string; reason: string }>('offer:revoked');
    const next = second.client.waitFor<{ contactId: string }>('offer', (o) => o.contactId === contact);
    // Going available makes the second agent a candidate, but the contact is still offered to the first.
    await second.client.setPresence('available');

    expect(await t.app.get(OverdueTimers).sweep()).toEqual({ offers: 1, handoffs: 0 });
    expect(await revoked).toEqual({ offerId: offer.offerId, reason: 'expired' });
    expect((await next).contactId).toBe(contact);
    expect(await db.query(`SELECT status FROM offer WHERE id = $1`, [offer.offerId])).toEqual([{ status: 'expired' }]);
    // A second sweep finds nothing left to fire.
    expect(await t.app.get(OverdueTimers).sweep()).toEqual({ offers: 0, handoffs: 0 });
  });
});
