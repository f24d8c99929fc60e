import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { sid, twilioFixture, twilioSender } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const PUBLIC = 'https://contact-center.example.net';
const TOKEN = 'twilio-auth-token-for-callback-tests';

describe('callback tasks (missed calls to return)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_ACCOUNT_SID: 'ACf424ebd2e7dbe73a2813c18e426e8fc8',
    });
    admin = await login(t);
    agent = await createUser(t, admin, { email: 'caller-back@example.org', roles: ['agent'] });
  });
  afterAll(() => t.close());

  const missCall = async (from: string) => {
    const twilio = twilioSender(t.url, PUBLIC, TOKEN);
    const callSid = sid('CA');
    await twilio
      .post(
        '/webhooks/twilio/voice',
        twilioFixture('voice-incoming-call', { CallSid: callSid, From: from, Caller: from }),
      )
      .expect(200);
    await twilio
      .post(
        '/webhooks/twilio/voice/status',
        twilioFixture('voice-status-no-answer', { CallSid: callSid, From: from, Caller: from }),
      )
      .expect(204);
  };

  it('lists a missed call as an open task, oldest first, and lets an agent take and close it', async () => {
    await missCall('+819011112222');
    await missCall('+819033334444');
    const open = await eventually(async () => {
      const res = await request(t.url).get('/callback-tasks').set(bearer(agent.token)).expect(200);
      return res.body.length === 2 ? res.body : undefined;
    });
    expect(open.map((task: { phone: string }) => task.phone)).toEqual(['+819011112222', '+819033334444']);
    expect(open[0]).toMatchObject({ status: 'open', reason: 'no-answer', assignedAgentId: null });

    const taken = await request(t.url)
      .patch(`/callback-tasks/${open[0].id}`)
      .set(bearer(agent.token))
      .send({ assignedAgentId: agent.id, note: 'calling after lunch' })
      .expect(200);
    expect(taken.body).toMatchObject({ assignedAgentId: agent.id, note: 'calling after lunch', status: 'open' });
    const mine = await request(t.url)
      .get(`/callback-tasks?assignedAgentId=${agent.id}`)
      .set(bearer(agent.token))
      .expect(200);
    expect(mine.body.map((task: { id: string }) => task.id)).toEqual([open[0].id]);

    await request(t.url)
      .patch(`/callback-tasks/${open[0].id}`)
      .set(bearer(agent.token))
      .send({ status: 'done' })
      .expect(200);
    const left = await request(t.url).get('/callback-tasks').set(bearer(agent.token)).expect(200);
    expect(left.body.map((task: { id: string }) => task.id)).toEqual([open[1].id]);
    const done = await request(t.url).get('/callback-tasks?status=done').set(bearer(agent.token)).expect(200);
    expect(done.body).toHaveLength(1);

    const contact = await request(t.url).get(`/contacts/${open[0].contactId}`).set(bearer(admin)).expect(200);
    const updates = contact.body.timeline.filter((e: { type: string }) => e.type === 'callback.task_updated');
    expect(updates.map((e: { data: { to?: string } }) => e.data.to ?? null)).toEqual([null, 'done']);
  });

  it('validates the query and the update', async () => {
    const [task] = (await request(t.url).get('/callback-tasks').set(bearer(agent.token)).expect(200)).body;
    await request(t.url).get('/callback-tasks?status=lost').set(bearer(agent.token)).expect(400);
    const res = await request(t.url)
      .patch(`/callback-tasks/${task.id}`)
      .set(bearer(agent.token))
      .send({ status: 'maybe', assignedAgentId: 'bob' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['assignedAgentId', 'status']);
    const nobody = await request(t.url)
      .patch(`/callback-tasks/${task.id}`)
      .set(bearer(agent.token))
      .send({ assignedAgentId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(nobody.body.errors[0].field).toBe('assignedAgentId');
    await request(t.url)
      .patch('/callback-tasks/00000000-0000-4000-8000-000000000000')
      .set(bearer(agent.token))
      .send({ status: 'done' })
      .expect(404);
  });

  it('is for agents and supervisors: 401 without a token, 403 for back office', async () => {
    await request(t.url).get('/callback-tasks').expect(401);
    const backoffice = await createUser(t, admin, { email: 'papers@example.org', roles: ['backoffice'] });
    await request(t.url).get('/callback-tasks').set(bearer(backoffice.token)).expect(403);
  });
});
