import { AgentClient } from '../helpers/agent-socket';
import { login } from '../helpers/http';
import { connectedUser, postInquiry } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
}

/** A contact every agent passed on is not stranded: after the retry window it comes back. */
describe('routing: re-offer after OFFER_RETRY_AFTER_SECONDS', () => {
  let t: TestApp;
  let client: AgentClient;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_RETRY_AFTER_SECONDS: '1.5', OFFER_TIMEOUT_SECONDS: '30' });
    const admin = await login(t);
    client = (await connectedUser(t, admin, 'only-agent', ['agent'], { channels: ['demand_generation'] })).client;
    await client.setPresence('available');
  });
  afterAll(async () => {
    client.close();
    await t.close();
  });

  it('offers a declined contact to the only agent again once the window has passed, not before', async () => {
    const contact = await postInquiry(t, 'demand_generation');
    const first = await client.waitFor<OfferEvent>('offer', (o) => o.contactId === contact);
    expect(await client.emit('offer:decline', { offerId: first.offerId })).toMatchObject({ ok: true });

    const declinedAt = Date.now();
    const again = await client.waitFor<OfferEvent>(
      'offer',
      (o) => o.contactId === contact && o.offerId !== first.offerId,
      10_000,
    );
    // Not a timing benchmark: only that the window was respected rather than skipped.
    expect(Date.now() - declinedAt).toBeGreaterThanOrEqual(1000);
    expect(await client.emit('offer:accept', { offerId: again.offerId })).toMatchObject({ ok: true });
  });
});
