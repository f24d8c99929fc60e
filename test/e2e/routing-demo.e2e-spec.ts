import request from 'supertest';
import { bearer, login } from '../helpers/http';
import { connectedUser, setProfile } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * `npm run demo`: the whole routing story on a real app (PostgreSQL, Redis, BullMQ, socket.io),
 * printed step by step. It is also a test: the offer must arrive within a second.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

describe('demo: from a web inquiry to a deal specialist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
  });
  afterAll(() => t.close());

  it('offers the inquiry to the right agent within a second and hands the qualified lead to a deal specialist', async () => {
    const admin = await login(t);
    const seller = await connectedUser(t, admin, 'Aiko e-Sales', ['agent'], { channels: ['e_sales'] });
    const generator = await connectedUser(t, admin, 'Kenji Demand Generation', ['agent'], {
      channels: ['demand_generation'],
      languages: ['ja', 'en'],
    });
    const specialist = await connectedUser(t, admin, 'Daichi Field', ['deal_specialist'], { productLines: ['erp'] });
    await setProfile(t, admin, specialist.id, { territories: ['kanto'], industries: ['manufacturing'] });
    await seller.client.setPresence('available');
    await generator.client.setPresence('available');
    say('');
    say('== routing demo ==');
    say('agents available: Aiko (e-Sales), Kenji (Demand Generation, ja/en); deal specialist Daichi (kanto, ERP)');

    const posted = Date.now();
    const res = await request(t.url)
      .post('/inquiries')
      .send({
        name: '山田 太郎',
        email: 'taro.yamada@acme-manufacturing.example.jp',
        company: '株式会社アクメ製作所',
        message: '基幹システム(ERP)の刷新を検討しています。デモをお願いできますか。',
        type: 'demo',
        productLine: 'erp',
      })
      .expect(202);
    const contactId = res.body.id as string;
    const offer = await generator.client.waitFor<{
      offerId: string;
      contactId: string;
      reason: string;
      summary: string;
    }>('offer', (o) => o.contactId === contactId);
    const latency = Date.now() - posted;
    say(`1. POST /inquiries -> contact ${contactId.slice(0, 8)} (a demo request for ERP: Demand Generation)`);
    say(`2. offered to Kenji in ${latency} ms: "${offer.summary}"`);
    say(`   why Kenji: ${offer.reason}`);
    expect(seller.client.received<{ contactId: string }>('offer').some((o) => o.contactId === contactId)).toBe(false);

    const ack = await generator.client.emit('offer:accept', { offerId: offer.offerId });
    expect(ack.ok).toBe(true);
    say(`3. Kenji accepts: contact is ${(ack.contact as { status: string }).status}`);

    const qualifiedAt = Date.now();
    const decision = await request(t.url)
      .post(`/contacts/${contactId}/qualification`)
      .set(bearer(generator.token))
      .send({
        estimatedRevenue: 30_000_000,
        productLines: ['erp'],
        maturity: 'M2',
        budget: true,
        authority: 'CIO is the sponsor',
        need: true,
        timeline: 'decision this quarter',
        territory: 'kanto',
        industry: 'manufacturing',
      })
      .expect(200);
    say(`4. Kenji qualifies it (¥30M, ERP, M2): route ${decision.body.route}, matrix v${decision.body.matrixVersion}`);
    say(`   why: ${decision.body.reason}`);
    expect(decision.body).toMatchObject({ route: 'field', assignee: { kind: 'deal_specialist', id: specialist.id } });

    const handoff = await specialist.client.waitFor<{
      handoffId: string;
      leadId: string;
      dueAt: string;
      summary: string;
    }>('handoff', (h) => h.leadId === decision.body.leadId);
    say(`5. Daichi receives the handoff in ${Date.now() - qualifiedAt} ms: ${handoff.summary}`);
    say(`   accept by ${handoff.dueAt} (HANDOFF_SLA_MINUTES, default 240)`);
    const accepted = await specialist.client.emit('handoff:accept', { handoffId: handoff.handoffId });
    expect(accepted.ok).toBe(true);
    say('6. Daichi accepts the handoff');

    const lead = await request(t.url).get(`/leads/${decision.body.leadId}`).set(bearer(admin)).expect(200);
    say('   timeline of the lead (GET /leads/:id):');
    for (const event of lead.body.history as { type: string; data: { reason?: string } }[]) {
      say(`   - ${event.type}${event.data.reason ? `: ${event.data.reason}` : ''}`);
    }
    say('');
    for (const user of [seller, generator, specialist]) user.client.close();
  });
});
