import { AgentClient } from '../helpers/agent-socket';
import { login } from '../helpers/http';
import { postInquiry } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

/** A fresh install: the bootstrap admin opens the console and takes contacts, no agent created yet. */
describe('routing: the bootstrap admin can work contacts', () => {
  let t: TestApp;
  let client: AgentClient;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    client = await AgentClient.connect(t, await login(t));
  });
  afterAll(async () => {
    client.close();
    await t.close();
  });

  it('is offered nothing while not available, and offers once available', async () => {
    const early = await postInquiry(t, 'e_sales');
    await expect(client.waitFor('offer', () => true, 700)).rejects.toThrow('no offer event');
    await client.setPresence('available');
    const offer = await client.waitFor<{ offerId: string; contactId: string }>('offer', (o) => o.contactId === early);
    expect(await client.emit('offer:accept', { offerId: offer.offerId })).toMatchObject({ ok: true });
  });
});
