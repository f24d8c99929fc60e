import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import {
  clearQueues,
  firstDispatch,
  connectedUser,
  postInquiry,
  setProfile,
  timelineTypes,
  waitForStatus,
} from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
  medium: string;
  channel: string;
  summary: string;
  expiresAt: string;
  reason: string;
}

describe('routing: presence, offers and assignments over socket.io', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];

  const agent = async (name: string, skills: object = {}, roles = ['agent']) => {
    const user = await connectedUser(t, admin, name, roles, skills);
    clients.push(user.client);
    return user;
  };
  const offerFor = (client: AgentClient, contactId: string, timeoutMs = 5000) =>
    client.waitFor<OfferEvent>('offer', (o) => o.contactId === contactId, timeoutMs);

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', OFFER_TIMEOUT_SECONDS: '4', PRESENCE_GRACE_SECONDS: '1' });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) {
      if (client.socket.connected) await client.emit('presence:set', { status: 'offline' }).catch(() => undefined);
      client.close();
    }
    await clearQueues(db);
  });
  afterAll(() => t.close());

  it('offers each contact to the agent whose skills fit it', async () => {
    const eSales = await agent('esales', { channels: ['e_sales'] });
    const demandGen = await agent('demandgen', { channels: ['demand_generation'] });
    await eSales.client.setPresence('available');
    await demandGen.client.setPresence('available');

    const quote = await postInquiry(t, 'e_sales');
    const question = await postInquiry(t, 'demand_generation');
    const quoteOffer = await offerFor(eSales.client, quote);
    const questionOffer = await offerFor(demandGen.client, question);

    expect(quoteOffer).toEqual({
      offerId: expect.any(String),
      contactId: quote,
      medium: 'web',
      channel: 'e_sales',
      summary: expect.stringContaining('Please quote 20 servers.'),
      expiresAt: expect.any(String),
      reason: expect.stringContaining('eligible agent'),
      language: 'en',
    });
    expect(questionOffer.channel).toBe('demand_generation');
    expect(eSales.client.received<OfferEvent>('offer').map((o) => o.contactId)).not.toContain(question);
    expect(demandGen.client.received<OfferEvent>('offer').map((o) => o.contactId)).not.toContain(quote);
    await waitForStatus(db, quote, 'offered');

    const [made] = await db.query(`SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'offer.made'`, [
      quote,
    ]);
    expect(made.data).toMatchObject({ agentId: eSales.id, offerId: quoteOffer.offerId, reason: quoteOffer.reason });
  });

  it('moves an expired offer to the next agent and tells the first one', async () => {
    const first = await agent('first', { channels: ['e_sales'] });
    const second = await agent('second', { channels: ['e_sales'] });
    await first.client.setPresence('available');
    await second.client.setPresence('available');

    const contact = await postInquiry(t, 'e_sales');
    // Both fit; the longest idle (created first) is offered first.
    const offer = await offerFor(first.client, contact);
    const revoked = await first.client.waitFor(
      'offer:revoked',
      (r: { offerId: string }) => r.offerId === offer.offerId,
      10_000,
    );
    expect(revoked).toEqual({ offerId: offer.offerId, reason: 'expired' });
    const next = await offerFor(second.client, contact, 10_000);
    expect(next.offerId).not.toBe(offer.offerId);
    expect(next.reason).toContain('1 already tried');

    const ack = await first.client.emit('offer:accept', { offerId: offer.offerId });
    expect(ack).toMatchObject({ ok: false, error: expect.stringContaining('expired') });
    expect(await timelineTypes(db, contact)).toEqual(
      expect.arrayContaining(['offer.made', 'offer.expired', 'offer.made']),
    );
    const [row] = await db.query(`SELECT status, decision_reason FROM offer WHERE id = $1`, [offer.offerId]);
    expect(row).toEqual({ status: 'expired', decision_reason: 'not accepted within 4 s' });
  });

  it('moves a declined offer to the next agent, never back to the one who declined', async () => {
    const first = await agent('decliner', { channels: ['demand_generation'] });
    const second = await agent('taker', { channels: ['demand_generation'] });
    await first.client.setPresence('available');
    await second.client.setPresence('available');

    const contact = await postInquiry(t, 'demand_generation');
    const offer = await offerFor(first.client, contact);
    expect(await first.client.emit('offer:decline', { offerId: offer.offerId, reason: 'not my product' })).toEqual({
      ok: true,
      offerId: offer.offerId,
      status: 'declined',
    });
    const next = await offerFor(second.client, contact);
    expect(next.offerId).not.toBe(offer.offerId);
    const [declined] = await db.query(
      `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'offer.declined'`,
      [contact],
    );
    expect(declined.data).toMatchObject({ agentId: first.id, reason: 'not my product' });
  });

  it('makes exactly one assignment out of 20 simultaneous accepts of one offer', async () => {
    const taker = await agent('racer', { channels: ['e_sales'] });
    await taker.client.setPresence('available');
    // A second console of the same agent, and another agent who tries to grab it too.
    const secondTab = await AgentClient.connect(t, taker.token);
    clients.push(secondTab);
    const intruder = await agent('intruder', { channels: ['demand_generation'] });

    const contact = await postInquiry(t, 'e_sales');
    const offer = await offerFor(taker.client, contact);
    const acks = await Promise.all([
      ...Array.from({ length: 10 }, () => taker.client.emit('offer:accept', { offerId: offer.offerId })),
      ...Array.from({ length: 10 }, () => secondTab.emit('offer:accept', { offerId: offer.offerId })),
      intruder.client.emit('offer:accept', { offerId: offer.offerId }),
    ]);
    const ok = acks.filter((a) => a.ok);
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ ok: true, offerId: offer.offerId, contact: { id: contact, status: 'assigned' } });
    expect(acks.filter((a) => !a.ok).every((a) => typeof a.error === 'string')).toBe(true);
    expect(acks[20]).toMatchObject({ ok: false, code: 'forbidden' });

    expect(await db.query(`SELECT agent_id FROM assignment WHERE contact_id = $1`, [contact])).toEqual([
      { agent_id: taker.id },
    ]);
    // The active assignment row says who holds the contact.
    const [row] = await db.query(
      `SELECT c.status, a.agent_id AS assigned_agent_id
         FROM contact c LEFT JOIN assignment a ON a.contact_id = c.id AND a.ended_at IS NULL WHERE c.id = $1`,
      [contact],
    );
    expect(row).toEqual({ status: 'assigned', assigned_agent_id: taker.id });
  });

  it('gives an agent at capacity no offer, and the waiting contact once the agent finishes one', async () => {
    const busy = await agent('busy', { channels: ['e_sales'] });
    await setProfile(t, admin, busy.id, { capacity: { web: 1 } });
    await busy.client.setPresence('available');

    const first = await postInquiry(t, 'e_sales');
    const offer = await offerFor(busy.client, first);
    expect((await busy.client.emit('offer:accept', { offerId: offer.offerId })).ok).toBe(true);

    const second = await postInquiry(t, 'e_sales');
    const waiting = await firstDispatch(t, second);
    expect(waiting).toMatchObject({ outcome: 'waiting', reason: expect.stringContaining('1 at web capacity') });
    expect(busy.client.received<OfferEvent>('offer').map((o) => o.contactId)).not.toContain(second);
    const agents = await request(t.url).get('/routing/agents').set(bearer(admin)).expect(200);
    expect(agents.body.find((a: { userId: string }) => a.userId === busy.id)).toMatchObject({
      presence: 'available',
      capacity: expect.objectContaining({ web: 1 }),
      load: { web: 1 },
    });

    expect(await busy.client.emit('assignment:end', { contactId: first })).toEqual({
      ok: true,
      contactId: first,
      status: 'closed',
    });
    await offerFor(busy.client, second);
  });

  it('keeps a contact waiting while nobody is available and offers it the moment an agent is', async () => {
    const late = await agent('late', { channels: ['demand_generation'] });
    const contact = await postInquiry(t, 'demand_generation');
    expect(await firstDispatch(t, contact)).toMatchObject({ outcome: 'waiting' });
    expect(await waitForStatus(db, contact, 'queued')).toBe('queued');

    // Offered on the presence change itself (no polling): the wait below only bounds a slow machine.
    await late.client.setPresence('available');
    const offer = await offerFor(late.client, contact, 5000);
    expect(offer.reason).toContain('agent has room');
  });

  it('serves waiting contacts by priority when an agent becomes available', async () => {
    const agentUser = await agent('prioritizer', { channels: ['demand_generation'] });
    const email = await postInquiry(t, 'demand_generation');
    const other = await postInquiry(t, 'demand_generation');
    // Same medium: the one waiting longer goes first; make the second older in the queue.
    await db.query(`UPDATE contact SET created_at = now() - interval '30 minutes' WHERE id = $1`, [other]);
    expect(await firstDispatch(t, email)).toMatchObject({ outcome: 'waiting' });
    expect(await firstDispatch(t, other)).toMatchObject({ outcome: 'waiting' });
    await setProfile(t, admin, agentUser.id, { capacity: { web: 1 } });
    await agentUser.client.setPresence('available');
    const offer = await agentUser.client.waitFor<OfferEvent>('offer');
    expect(offer.contactId).toBe(other);
  });

  it('takes back pending offers when the agent goes away, and they move on', async () => {
    const leaving = await agent('leaving', { channels: ['e_sales'] });
    const staying = await agent('staying', { channels: ['e_sales'] });
    await leaving.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales');
    const offer = await offerFor(leaving.client, contact);
    await staying.client.setPresence('available');
    await leaving.client.setPresence('away');
    expect(
      await leaving.client.waitFor('offer:revoked', (r: { offerId: string }) => r.offerId === offer.offerId),
    ).toEqual({ offerId: offer.offerId, reason: 'agent_unavailable' });
    await offerFor(staying.client, contact);
  });

  it('keeps an agent available through a reconnect within the grace period, offline after it', async () => {
    const flaky = await agent('flaky', { channels: ['e_sales'] });
    await flaky.client.setPresence('available');
    flaky.client.close();
    const back = await AgentClient.connect(t, flaky.token);
    clients.push(back);
    expect(back.received('presence')[0]).toMatchObject({ status: 'available' });
    await new Promise((r) => setTimeout(r, 1500));
    const [profile] = await db.query(`SELECT presence FROM agent_profile WHERE user_id = $1`, [flaky.id]);
    expect(profile.presence).toBe('available');
    const contact = await postInquiry(t, 'e_sales');
    await offerFor(back, contact);

    back.close();
    await eventually(async () => {
      const [row] = await db.query(`SELECT presence FROM agent_profile WHERE user_id = $1`, [flaky.id]);
      return row.presence === 'offline' ? true : undefined;
    }, 5000);
    // Its pending offer went back to the queue.
    await waitForStatus(db, contact, 'queued');
  });

  it('replays pending offers to a console that connects', async () => {
    const agentUser = await agent('replay', { channels: ['demand_generation'] });
    await agentUser.client.setPresence('available');
    const contact = await postInquiry(t, 'demand_generation');
    const offer = await offerFor(agentUser.client, contact);
    const secondTab = await AgentClient.connect(t, agentUser.token);
    clients.push(secondTab);
    expect(await secondTab.waitFor<OfferEvent>('offer')).toMatchObject({ offerId: offer.offerId });
  });

  describe('the gateway', () => {
    const refused = (auth: object) =>
      new Promise<string>((resolve) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { io } = require('socket.io-client') as typeof import('socket.io-client');
        const socket = io(`${t.url}/agents`, { auth, transports: ['websocket'], reconnection: false });
        const events: string[] = [];
        socket.onAny((event: string) => events.push(event));
        socket.on('disconnect', (reason) => {
          socket.close();
          resolve(`${reason}; events: ${events.join(',')}`);
        });
        socket.on('connect_error', (error) => resolve(`connect_error ${error.message}`));
      });

    it.each([
      ['no token', {}],
      ['an empty token', { token: '' }],
      ['a forged token', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }],
      ['a token that is not a string', { token: 42 }],
    ])('refuses a handshake with %s', async (_name, auth) => {
      expect(await refused(auth)).toBe('connect_error unauthorized');
    });

    it('answers bad payloads with { ok: false, error } naming the field', async () => {
      const { client } = await agent('validator');
      const cases: [string, unknown, string][] = [
        ['offer:accept', {}, 'offerId is required'],
        ['offer:accept', { offerId: 'not-a-uuid' }, 'offerId must be a UUID'],
        ['offer:accept', { offerId: 42 }, 'offerId must be a UUID'],
        ['offer:accept', 'a string', 'payload must be an object'],
        ['offer:accept', null, 'payload must be an object'],
        ['offer:accept', [1, 2], 'payload must be an object'],
        ['offer:decline', { offerId: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', reason: 7 }, 'reason must be a string'],
        ['presence:set', { status: 'busy' }, 'status must be one of available, away, offline'],
        ['presence:set', {}, 'status is required'],
        ['assignment:end', { contactId: 'x' }, 'contactId must be a UUID'],
        ['handoff:accept', {}, 'handoffId is required'],
      ];
      for (const [event, payload, error] of cases) {
        const ack = await client.emit(event, payload);
        expect({ event, payload, ack }).toEqual({
          event,
          payload,
          ack: expect.objectContaining({ ok: false, error, code: 'validation_failed' }),
        });
      }
      expect(await client.emit('offer:accept')).toMatchObject({ ok: false, error: 'payload must be an object' });
      expect(await client.emit('offer:accept', { offerId: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' })).toEqual({
        ok: false,
        error: 'offer 3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b was not found',
        code: 'not_found',
      });
      expect(await client.emit('assignment:end', { contactId: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      // Still connected and answering after all that.
      expect((await client.emit('presence:set', { status: 'away' })).ok).toBe(true);
    });
  });
});
