import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { clearQueues, connectedUser, postInquiry, waitForStatus } from '../helpers/routing';
import { INVALID_NUMBER, TwilioStandIn } from '../helpers/provider-stand-ins';
import { MailCatcher } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const PUBLIC_BASE_URL = 'https://cc.example.test';

interface CampaignBody {
  id: string;
  status: string;
  seminar: { id: string; capacity: number; registered: number } | null;
  progress?: { byState: Record<string, number>; byDisposition: Record<string, number>; registrations: number };
}
interface RegistrationBody {
  id: string;
  personId: string;
  contactId: string;
  language: string;
  source: string;
  created: boolean;
}

describe('seminar invitations and registrations', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const catcher = new MailCatcher();
  const twilio = new TwilioStandIn();
  const clients: AgentClient[] = [];
  let seq = 0;

  beforeAll(async () => {
    const smtpPort = await catcher.start();
    await twilio.start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'twilio-auth-token',
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_CALLER_ID: '+815012345678',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Acme Seminars <seminars@acme.example>',
      PUBLIC_BASE_URL,
      CAMPAIGN_SEND_RATE: '50',
      CAMPAIGN_LINK_SECRET: 'seminar-link-secret-for-tests',
      INQUIRY_RATE_LIMIT: '0',
      LOGIN_RATE_LIMIT: '1000',
      OFFER_TIMEOUT_SECONDS: '30',
    });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
    await catcher.stop();
    await twilio.stop();
  });

  const createCampaign = async (capacity: number, medium: 'email' | 'sms' | 'voice' = 'email') =>
    (
      await request(t.url)
        .post('/campaigns')
        .set(bearer(admin))
        .send({
          name: `Cloud seminar ${++seq}`,
          kind: 'seminar_invitation',
          channel: 'demand_generation',
          medium,
          seminar: { title: `クラウド移行セミナー ${seq}`, startsAt: '2027-01-20T05:00:00.000Z', capacity },
          callingHours: { timezone: 'Asia/Tokyo', from: '09:00', to: '18:00' },
        })
        .expect(201)
    ).body as CampaignBody;

  /** Targets imported through the API (JSON); their ids in row order. */
  const addTargets = async (
    campaignId: string,
    rows: { name: string; email?: string; phone?: string; language: string }[],
  ): Promise<string[]> => {
    const report = (
      await request(t.url)
        .post(`/campaigns/${campaignId}/targets`)
        .set(bearer(admin))
        .send({ targets: rows })
        .expect(200)
    ).body as { added: number; skipped: unknown[] };
    expect(report).toEqual({ added: rows.length, skipped: [] });
    const listed = (await request(t.url).get(`/campaigns/${campaignId}/targets`).set(bearer(admin)).expect(200))
      .body as { id: string; row: number }[];
    return [...listed].sort((a, b) => a.row - b.row).map((x) => x.id);
  };

  const start = (id: string) =>
    request(t.url).patch(`/campaigns/${id}`).set(bearer(admin)).send({ status: 'active' }).expect(200);
  const mailTo = (address: string, subject: RegExp) =>
    eventually(() => Promise.resolve(catcher.to(address).find((m) => subject.test(m.subject ?? ''))), 15_000);
  const linkIn = (mail: ParsedMail): URL => {
    const match = /https:\/\/cc\.example\.test\/seminars\/[0-9a-f-]+\/register\?t=[^\s]+/.exec(mail.text ?? '');
    if (!match) throw new Error(`no registration link in: ${mail.text}`);
    return new URL(match[0]);
  };
  /** The link as the local app serves it (PUBLIC_BASE_URL is where the public reaches it). */
  const local = (link: URL) => `${link.pathname}${link.search}`;
  const register = (seminarId: string, body: object) =>
    request(t.url).post(`/seminars/${seminarId}/registrations`).send(body);

  it('an e-mail campaign invites each target in their language with a working link; the link registers once', async () => {
    const campaign = await createCampaign(10);
    const seminarId = campaign.seminar!.id;
    const targets = await addTargets(campaign.id, [
      { name: '山田 太郎', email: 'taro@invite-ja.example', language: 'ja' },
      { name: '李伟', email: 'li@invite-zh.example', language: 'zh' },
      { name: 'Ann Lee', email: 'ann@invite-en.example', language: 'en' },
    ]);
    const supervisorSocket = await AgentClient.connect(t, admin);
    clients.push(supervisorSocket);
    const live = supervisorSocket.waitFor<{ campaignId: string; progress: { byState: Record<string, number> } }>(
      'campaign:progress',
      (e) => e.campaignId === campaign.id && e.progress.byState.done === 3,
      15_000,
    );
    await start(campaign.id);

    const ja = await mailTo('taro@invite-ja.example', /セミナーのご案内/);
    const zh = await mailTo('li@invite-zh.example', /研讨会邀请/);
    const en = await mailTo('ann@invite-en.example', /^Invitation: /);
    expect(ja.text).toMatch(/^山田 太郎 様/);
    expect(ja.text).toContain('2027年1月20日');
    expect(ja.text).toContain('14:00');
    expect(zh.text).toMatch(/^尊敬的李伟：/);
    expect(en.text).toMatch(/^Dear Ann Lee,/);
    expect(ja.headers.get('content-language')).toBe('ja');
    expect(ja.from?.value[0]).toEqual({ name: 'Acme Seminars', address: 'seminars@acme.example' });
    for (const [i, mail] of [ja, zh, en].entries()) {
      const link = linkIn(mail);
      expect(link.pathname).toBe(`/seminars/${seminarId}/register`);
      expect(link.searchParams.get('t')?.startsWith(`${targets[i]}.`)).toBe(true);
    }

    // Each target is done with `invited`, and on the timeline; a target is sent exactly one mail.
    const states = await eventually(async () => {
      const rows = await db.query<{ state: string; last_disposition: string }[]>(
        `SELECT state, last_disposition FROM campaign_target WHERE campaign_id = $1`,
        [campaign.id],
      );
      return rows.every((r) => r.state === 'done') ? rows : undefined;
    }, 10_000);
    expect(states.map((r) => r.last_disposition)).toEqual(['invited', 'invited', 'invited']);
    const [{ n: events }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM timeline_event WHERE type = 'campaign.invitation_sent' AND data->>'campaignId' = $1`,
      [campaign.id],
    );
    expect(events).toBe(3);
    expect(catcher.to('taro@invite-ja.example')).toHaveLength(1);
    // Supervisors saw it live.
    expect((await live).progress.byState).toMatchObject({ pending: 0, done: 3 });

    // The link opens the page in the target's language, naming them.
    const page = await request(t.url)
      .get(local(linkIn(ja)))
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
    expect(page.text).toContain('<html lang="ja">');
    expect(page.text).toContain('山田 太郎 様');
    expect(page.text).toContain('残り 10 席');

    // Registering with the link's token; the repeat answers the same registration, no second seat.
    const token = linkIn(ja).searchParams.get('t')!;
    const first = (await register(seminarId, { token }).expect(201)).body as RegistrationBody;
    expect(first).toMatchObject({ language: 'ja', source: 'invitation', created: true });
    const again = (await register(seminarId, { token }).expect(200)).body as RegistrationBody;
    expect(again).toMatchObject({ id: first.id, created: false });
    const detail = (await request(t.url).get(`/campaigns/${campaign.id}`).set(bearer(admin)).expect(200))
      .body as CampaignBody;
    expect(detail.seminar?.registered).toBe(1);
    expect(detail.progress?.registrations).toBe(1);

    // The confirmation mail, in Japanese, once.
    const confirmation = await mailTo('taro@invite-ja.example', /お申し込み確認/);
    expect(confirmation.text).toMatch(/^山田 太郎 様/);
    expect(catcher.to('taro@invite-ja.example').filter((m) => /お申し込み確認/.test(m.subject ?? ''))).toHaveLength(1);

    // The Demand Generation contact on the person's timeline, of this campaign; no acknowledgement mail.
    const contact = await eventually(async () => {
      const [row] = await db.query<
        { channel: string | null; person_id: string; campaign_id: string; inquiry_type: string }[]
      >(`SELECT channel, person_id, campaign_id, inquiry_type FROM contact WHERE id = $1`, [first.contactId]);
      return row?.channel ? row : undefined;
    }, 10_000);
    expect(contact).toMatchObject({ channel: 'demand_generation', campaign_id: campaign.id, inquiry_type: 'seminar' });
    const person = (await request(t.url).get(`/people/${first.personId}`).set(bearer(admin)).expect(200)).body as {
      timeline?: { type: string }[];
    };
    if (person.timeline) expect(person.timeline.map((e) => e.type)).toContain('seminar.registered');
    const [{ n: registeredEvents }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM timeline_event WHERE type = 'seminar.registered' AND person_id = $1`,
      [first.personId],
    );
    expect(registeredEvents).toBe(1);
    expect(catcher.to('taro@invite-ja.example').some((m) => /受付完了/.test(m.subject ?? ''))).toBe(false);

    // Supervisors list the registrations.
    const list = (await request(t.url).get(`/seminars/${seminarId}/registrations`).set(bearer(admin)).expect(200))
      .body as { registered: number; registrations: { id: string }[] };
    expect(list.registered).toBe(1);
    expect(list.registrations.map((r) => r.id)).toEqual([first.id]);
    await request(t.url).get(`/seminars/${seminarId}/registrations`).expect(401);
  });

  it('an SMS campaign texts each target once through Twilio; a refused number ends failed', async () => {
    const campaign = await createCampaign(10, 'sms');
    const [ok, refused] = await addTargets(campaign.id, [
      { name: '王芳', phone: '+8613800138000', language: 'zh' },
      { name: 'Wrong Number', phone: INVALID_NUMBER, language: 'en' },
    ]);
    await start(campaign.id);
    const rows = await eventually(async () => {
      const r = await db.query<{ id: string; state: string; last_disposition: string }[]>(
        `SELECT id, state, last_disposition FROM campaign_target WHERE campaign_id = $1 ORDER BY row_number`,
        [campaign.id],
      );
      return r.every((x) => x.state === 'done') ? r : undefined;
    }, 15_000);
    expect(rows).toEqual([
      { id: ok, state: 'done', last_disposition: 'invited' },
      { id: refused, state: 'done', last_disposition: 'failed' },
    ]);
    const texts = twilio.messages.filter((m) => m.params.To === '+8613800138000');
    expect(texts).toHaveLength(1);
    expect(texts[0]?.params.From).toBe('+815012345678');
    expect(texts[0]?.params.Body).toMatch(/诚邀您参加研讨会/);
    expect(texts[0]?.params.Body).toContain(`${PUBLIC_BASE_URL}/seminars/${campaign.seminar!.id}/register?t=${ok}.`);
    const [failed] = await db.query<{ status: string; error: string }[]>(
      `SELECT status, error FROM campaign_invitation WHERE target_id = $1`,
      [refused],
    );
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/21211/);
  });

  it('refuses a forged token or missing fields with a 4xx naming the field, and writes nothing', async () => {
    const campaign = await createCampaign(5);
    const seminarId = campaign.seminar!.id;
    const [target] = await addTargets(campaign.id, [{ name: 'Forged', email: 'forged@x.example', language: 'en' }]);
    const bad = await register(seminarId, { token: `${target}.${'A'.repeat(43)}` }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('token');
    const missing = await register(seminarId, { name: 'No Mail' }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('email');
    await register('00000000-0000-4000-8000-000000000000', { name: 'A', email: 'a@x.example' }).expect(404);
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM seminar_registration WHERE seminar_id = $1`,
      [seminarId],
    );
    expect(n).toBe(0);
  });

  it('20 concurrent registrations for the last seat: exactly one succeeds, the others hear "seminar is full"', async () => {
    const campaign = await createCampaign(3);
    const seminarId = campaign.seminar!.id;
    for (const i of [1, 2]) {
      await register(seminarId, { name: `Early ${i}`, email: `early${i}@seats.example`, language: 'en' }).expect(201);
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        register(seminarId, { name: `Racer ${i}`, email: `racer${i}@seats.example`, language: 'en' }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect((a.body as { message: string }).message).toBe('seminar is full');
    }
    const [seminar] = await db.query<{ registered: number; capacity: number }[]>(
      `SELECT registered, capacity FROM seminar WHERE id = $1`,
      [seminarId],
    );
    expect(seminar).toEqual({ registered: 3, capacity: 3 });
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM seminar_registration WHERE seminar_id = $1`,
      [seminarId],
    );
    expect(n).toBe(3);
    // A repeat of a registered person still answers 200 on a full seminar.
    await register(seminarId, { name: 'Early 1', email: 'early1@seats.example' }).expect(200);
  });

  it("the agent's wrap-up seminar_registered registers the campaign call's target", async () => {
    const campaign = await createCampaign(5, 'voice');
    const seminarId = campaign.seminar!.id;
    const [targetId] = await addTargets(campaign.id, [
      { name: 'Called Customer', email: 'called@wrapup.example', phone: '+14155550199', language: 'en' },
    ]);
    // The earlier tests' registrations are Demand Generation contacts waiting for agents: out of the way.
    await eventually(async () => {
      const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM contact WHERE status = 'received'`);
      return row?.n === 0 ? true : undefined;
    }, 10_000);
    await clearQueues(db);
    const agent = await connectedUser(t, admin, 'Wrap Agent', ['agent'], {});
    clients.push(agent.client);
    await agent.client.setPresence('available');
    // The call's contact, linked to the target as the dialler links its attempt.
    const contactId = await postInquiry(t, 'demand_generation', {
      email: 'called@wrapup.example',
      name: 'Called Customer',
    });
    await db.query(`UPDATE campaign_target SET contact_id = $2, state = 'offered' WHERE id = $1`, [
      targetId,
      contactId,
    ]);
    const offer = await agent.client.waitFor<{ offerId: string; contactId: string }>(
      'offer',
      (o) => o.contactId === contactId,
      15_000,
    );
    expect(await agent.client.emit('offer:accept', { offerId: offer.offerId })).toMatchObject({ ok: true });
    await waitForStatus(db, contactId, 'assigned', 10_000);

    await request(t.url)
      .post(`/contacts/${contactId}/wrap-up`)
      .set(bearer(agent.token))
      .send({ disposition: 'seminar_registered' })
      .expect(200);
    const [registration] = await db.query<{ source: string; contact_id: string; campaign_target_id: string }[]>(
      `SELECT source, contact_id, campaign_target_id FROM seminar_registration WHERE seminar_id = $1`,
      [seminarId],
    );
    expect(registration).toEqual({ source: 'agent', contact_id: contactId, campaign_target_id: targetId });
    await mailTo('called@wrapup.example', /^Registration confirmed: /);
  });
});
