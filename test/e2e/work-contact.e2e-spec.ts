import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { clearQueues, connectedUser, postInquiry, timelineTypes, waitForStatus } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface OfferEvent {
  offerId: string;
  contactId: string;
  channel: string;
  reason: string;
  transferredBy?: { id: string; name: string };
}
interface Staff {
  id: string;
  token: string;
  client: AgentClient;
}
interface ErrorBody {
  code: string;
  errors?: { field: string; message: string }[];
}

const BASIC = 'sendgrid:work-pass';

/** A SendGrid Inbound Parse post (parsed mode), multipart with the given fields. */
function sendGridPost(fields: Record<string, string>): { contentType: string; body: Buffer } {
  const boundary = `----work${randomBytes(6).toString('hex')}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
  };
}

describe('working a contact: transfer, notes, wrap-up, reopen, preferred agents', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const clients: AgentClient[] = [];
  let phoneSeq = 100;

  const agent = async (name: string, skills: object = {}, roles = ['agent']): Promise<Staff> => {
    const user = await connectedUser(t, admin, name, roles, skills);
    clients.push(user.client);
    return user;
  };
  const offerFor = (client: AgentClient, contactId: string, match: (o: OfferEvent) => boolean = () => true) =>
    client.waitFor<OfferEvent>('offer', (o) => o.contactId === contactId && match(o), 8000);
  const accept = async (who: Staff, offer: OfferEvent) => {
    const ack = await who.client.emit('offer:accept', { offerId: offer.offerId });
    expect(ack).toMatchObject({ ok: true });
  };
  /** A web inquiry with a phone, offered to and accepted by `who` (the only available agent). */
  const assignedTo = async (who: Staff): Promise<string> => {
    const id = await postInquiry(t, 'e_sales', { phone: `+1415555${String(++phoneSeq).padStart(4, '0')}` });
    await accept(who, await offerFor(who.client, id));
    await waitForStatus(db, id, 'assigned');
    return id;
  };
  const post = (path: string, token: string, body: object) => request(t.url).post(path).set(bearer(token)).send(body);
  const fields = (body: unknown) => ((body as ErrorBody).errors ?? []).map((e) => e.field);
  const activeAgent = async (contactId: string) =>
    (
      await db.query<{ agent_id: string }[]>(
        `SELECT agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
        [contactId],
      )
    )[0]?.agent_id ?? null;

  beforeAll(async () => {
    t = await startTestApp({
      INQUIRY_RATE_LIMIT: '0',
      OFFER_TIMEOUT_SECONDS: '30',
      OFFER_RETRY_AFTER_SECONDS: '300',
      PRESENCE_GRACE_SECONDS: '1',
      INBOUND_EMAIL_BASIC_AUTH: BASIC,
      // Every test logs in a few new staff members.
      LOGIN_RATE_LIMIT: '1000',
    });
    admin = await login(t);
    db = t.app.get(DataSource);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) {
      if (client.socket.connected) await client.emit('presence:set', { status: 'offline' }).catch(() => undefined);
      client.close();
    }
    // Nobody is left holding a contact from an earlier test (that would count against capacity).
    await db.query(`UPDATE assignment SET ended_at = now(), end_reason = 'test cleanup' WHERE ended_at IS NULL`);
    await db.query(`UPDATE contact SET status = 'closed' WHERE status = 'assigned'`);
    await clearQueues(db);
  });
  afterAll(() => t.close());

  describe('transfer', () => {
    it('to an agent: their socket receives the offer with reason transfer, the first assignment ends', async () => {
      const alice = await agent('Alice Transfer');
      const bob = await agent('Bob Transfer');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      await bob.client.setPresence('available');

      const res = await post(`/contacts/${id}/transfer`, alice.token, { agentId: bob.id }).expect(200);
      expect(res.body).toEqual({ contactId: id, status: 'offered', agentId: bob.id, offerId: expect.any(String) });
      const offer = await offerFor(bob.client, id);
      expect(offer).toMatchObject({ reason: 'transfer', transferredBy: { id: alice.id, name: 'Alice Transfer' } });

      const [ended] = await db.query<{ end_reason: string }[]>(
        `SELECT end_reason FROM assignment WHERE contact_id = $1 AND agent_id = $2 AND ended_at IS NOT NULL`,
        [id, alice.id],
      );
      expect(ended.end_reason).toBe(`transferred to agent ${bob.id}`);
      expect(await activeAgent(id)).toBeNull();
      await accept(bob, offer);
      expect(await activeAgent(id)).toBe(bob.id);
      expect(await timelineTypes(db, id)).toEqual(
        expect.arrayContaining(['assignment.ended', 'contact.transferred', 'offer.made', 'offer.accepted']),
      );
      // Alice no longer works it: she may not transfer it again (outside her scope now).
      await post(`/contacts/${id}/transfer`, alice.token, { channel: 'e_sales' }).expect(404);
    });

    it("to a channel: back in that channel's queue, not handed straight back to the transferring agent", async () => {
      const alice = await agent('Alice Channel');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      const [{ id: assignmentId }] = await db.query<{ id: string }[]>(
        `SELECT id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
        [id],
      );

      const res = await post(`/contacts/${id}/transfer`, alice.token, { channel: 'demand_generation' }).expect(200);
      expect(res.body).toEqual({ contactId: id, status: 'queued', channel: 'demand_generation' });
      const queue = t.app.get(QueueRegistry).get(QueueName.Routing);
      const outcome = await eventually(async () => {
        const job = await queue.getJob(`${JobName.DispatchContact}.${id}.transfer.${assignmentId}`);
        return job && (await job.isCompleted()) ? (job.returnvalue as { outcome: string; reason: string }) : undefined;
      }, 8000);
      expect(outcome).toMatchObject({ outcome: 'waiting', reason: expect.stringContaining('1 already tried') });
      const [row] = await db.query<{ status: string; channel: string; channel_reason: string }[]>(
        `SELECT status, channel, channel_reason FROM contact WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({
        status: 'queued',
        channel: 'demand_generation',
        channel_reason: 'transferred by Alice Channel',
      });

      const dana = await agent('Dana Demand', { channels: ['demand_generation'] });
      await dana.client.setPresence('available');
      expect((await offerFor(dana.client, id)).channel).toBe('demand_generation');
    });

    it('refuses bad input with 400 naming the field, unknown agents with 404, busy agents with 409', async () => {
      const alice = await agent('Alice Errors');
      const away = await agent('Away Agent');
      const supervisor = await agent('Sam Supervisor', {}, ['supervisor']);
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      const path = `/contacts/${id}/transfer`;

      expect(fields((await post(path, alice.token, {}).expect(400)).body)).toEqual(['agentId']);
      expect(
        fields((await post(path, alice.token, { agentId: away.id, channel: 'e_sales' }).expect(400)).body),
      ).toContain('agentId');
      expect(fields((await post(path, alice.token, { channel: 'field' }).expect(400)).body)).toEqual(['channel']);
      expect(fields((await post(path, alice.token, { agentId: 'bob' }).expect(400)).body)).toEqual(['agentId']);
      expect(fields((await post(path, alice.token, { agentId: supervisor.id }).expect(400)).body)).toEqual(['agentId']);
      expect(fields((await post(path, alice.token, { agentId: alice.id }).expect(400)).body)).toEqual(['agentId']);
      await post(path, alice.token, { agentId: randomUUID() }).expect(404);
      const busy = await post(path, alice.token, { agentId: away.id }).expect(409);
      expect((busy.body as ErrorBody).errors).toEqual([{ field: 'agentId', message: 'is away or offline' }]);
      await post(`/contacts/${randomUUID()}/transfer`, alice.token, { channel: 'e_sales' }).expect(404);
      // Nothing was half-written: still Alice's.
      expect(await activeAgent(id)).toBe(alice.id);
      expect(await timelineTypes(db, id)).not.toContain('contact.transferred');
    });

    it('answers 404 to an agent who cannot see the contact and 403 to one who sees it without owning it', async () => {
      const alice = await agent('Alice Scope');
      const stranger = await agent('Stranger Agent');
      const owner = await agent('Account Owner');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      await post(`/contacts/${id}/transfer`, stranger.token, { channel: 'e_sales' }).expect(404);
      await post(`/contacts/${id}/notes`, stranger.token, { body: 'hi' }).expect(404);
      // The relationship owner of the contact's account sees it, but it is Alice's to work.
      await db.query(
        `UPDATE customer SET relationship_owner_id = $1 WHERE id = (SELECT customer_id FROM contact WHERE id = $2)`,
        [owner.id, id],
      );
      await request(t.url).get(`/contacts/${id}`).set(bearer(owner.token)).expect(200);
      await post(`/contacts/${id}/transfer`, owner.token, { channel: 'e_sales' }).expect(403);
      await post(`/contacts/${id}/wrap-up`, owner.token, { disposition: 'answered' }).expect(403);
      await post(`/contacts/${id}/notes`, owner.token, { body: 'mine?' }).expect(403);
      expect(await activeAgent(id)).toBe(alice.id);
    });

    it('two transfers at once: one wins, the other answers 409, the contact is assigned to nobody twice', async () => {
      const alice = await agent('Alice Race');
      const bob = await agent('Bob Race');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      await bob.client.setPresence('available');

      const answers = await Promise.all([
        post(`/contacts/${id}/transfer`, alice.token, { agentId: bob.id }),
        post(`/contacts/${id}/transfer`, admin, { channel: 'demand_generation' }),
        post(`/contacts/${id}/wrap-up`, admin, { disposition: 'answered' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM offer WHERE contact_id = $1 AND status = 'pending'`,
        [id],
      );
      const [{ active }] = await db.query<{ active: number }[]>(
        `SELECT count(*)::int AS active FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
        [id],
      );
      expect(n + active).toBeLessThanOrEqual(1);
    });
  });

  describe('notes', () => {
    it('stores an internal note, lists it, and appends note.added', async () => {
      const alice = await agent('Alice Notes');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);

      const res = await post(`/contacts/${id}/notes`, alice.token, { body: 'Wants 20 racks, call after 3pm' }).expect(
        201,
      );
      expect(res.body).toEqual({
        id: expect.any(String),
        contactId: id,
        body: 'Wants 20 racks, call after 3pm',
        author: { id: alice.id, name: 'Alice Notes' },
        createdAt: expect.any(String),
      });
      await post(`/contacts/${id}/notes`, admin, { body: 'Supervisor: priority account' }).expect(201);
      const list = await request(t.url).get(`/contacts/${id}/notes`).set(bearer(alice.token)).expect(200);
      expect((list.body as { items: { body: string }[] }).items.map((n) => n.body)).toEqual([
        'Wants 20 racks, call after 3pm',
        'Supervisor: priority account',
      ]);
      expect((await timelineTypes(db, id)).filter((type) => type === 'note.added')).toHaveLength(2);

      for (const body of [{}, { body: '' }, { body: '   ' }, { body: 42 }, { body: 'x'.repeat(10_001) }]) {
        expect(fields((await post(`/contacts/${id}/notes`, alice.token, body).expect(400)).body)).toEqual(['body']);
      }
      await request(t.url).get(`/contacts/${randomUUID()}/notes`).set(bearer(alice.token)).expect(404);
    });
  });

  describe('wrap-up and dispositions', () => {
    it('lists the default dispositions to staff', async () => {
      const alice = await agent('Alice Lists');
      const res = await request(t.url).get('/dispositions').set(bearer(alice.token)).expect(200);
      expect((res.body as { items: { code: string }[] }).items.map((d) => d.code)).toEqual([
        'answered',
        'quote_sent',
        'seminar_registered',
        'qualified',
        'no_answer',
        'wrong_number',
        'not_interested',
        'do_not_contact',
        'callback_scheduled',
      ]);
    });

    it('answered: ends the assignment, closes the contact, stores the disposition and the note', async () => {
      const alice = await agent('Alice Answered');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);

      const res = await post(`/contacts/${id}/wrap-up`, alice.token, {
        disposition: 'answered',
        note: 'Sent the price list',
      }).expect(200);
      expect(res.body).toEqual({
        contactId: id,
        status: 'closed',
        disposition: 'answered',
        callbackTaskId: null,
        noteId: expect.any(String),
      });
      const [row] = await db.query<{ status: string; disposition: string }[]>(
        `SELECT status, disposition FROM contact WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'closed', disposition: 'answered' });
      expect(await activeAgent(id)).toBeNull();
      const [event] = await db.query<{ data: { disposition: string; agentId: string } }[]>(
        `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'contact.wrapped_up'`,
        [id],
      );
      expect(event.data).toMatchObject({ disposition: 'answered', agentId: alice.id });
      const notes = await request(t.url).get(`/contacts/${id}/notes`).set(bearer(admin)).expect(200);
      expect((notes.body as { items: { body: string }[] }).items.map((n) => n.body)).toEqual(['Sent the price list']);
      // Done once: a second wrap-up finds no assignment.
      await post(`/contacts/${id}/wrap-up`, admin, { disposition: 'answered' }).expect(409);
    });

    it('callback_scheduled: needs a future callbackAt, then a callback task falls due then, for the agent', async () => {
      const alice = await agent('Alice Callback');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      const path = `/contacts/${id}/wrap-up`;

      for (const body of [
        { disposition: 'callback_scheduled' },
        { disposition: 'callback_scheduled', callbackAt: '2020-01-01T00:00:00Z' },
        { disposition: 'callback_scheduled', callbackAt: 'next tuesday' },
        { disposition: 'answered', callbackAt: '2099-01-01T00:00:00Z' },
      ]) {
        expect(fields((await post(path, alice.token, body).expect(400)).body)).toEqual(['callbackAt']);
      }
      expect(fields((await post(path, alice.token, { disposition: 'made_up' }).expect(400)).body)).toEqual([
        'disposition',
      ]);
      expect(fields((await post(path, alice.token, { disposition: 'Bad Code!' }).expect(400)).body)).toEqual([
        'disposition',
      ]);
      expect(await activeAgent(id)).toBe(alice.id);

      const dueAt = new Date(Date.now() + 86_400_000).toISOString();
      const res = await post(path, alice.token, { disposition: 'callback_scheduled', callbackAt: dueAt }).expect(200);
      const taskId = (res.body as { callbackTaskId: string }).callbackTaskId;
      const [task] = await db.query<
        { contact_id: string; reason: string; status: string; assigned_agent_id: string; due_at: Date; phone: string }[]
      >(`SELECT contact_id, reason, status, assigned_agent_id, due_at, phone FROM callback_task WHERE id = $1`, [
        taskId,
      ]);
      expect(task).toMatchObject({ contact_id: id, reason: 'scheduled', status: 'open', assigned_agent_id: alice.id });
      expect(task.phone).toMatch(/^\+1415555/);
      expect(new Date(task.due_at).toISOString()).toBe(dueAt);
      const tasks = await request(t.url).get('/callback-tasks').set(bearer(alice.token)).expect(200);
      expect((tasks.body as { id: string }[]).map((x) => x.id)).toContain(taskId);
    });

    it('do_not_contact: marks the person', async () => {
      const alice = await agent('Alice DNC');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      await post(`/contacts/${id}/wrap-up`, alice.token, { disposition: 'do_not_contact' }).expect(200);
      const [person] = await db.query<{ do_not_contact: boolean }[]>(
        `SELECT p.do_not_contact FROM person p JOIN contact c ON c.person_id = p.id WHERE c.id = $1`,
        [id],
      );
      expect(person.do_not_contact).toBe(true);
    });

    it('PUT /dispositions: admin only, validated, built-in codes kept; a custom code then works', async () => {
      const alice = await agent('Alice Custom');
      const defaults = (await request(t.url).get('/dispositions').set(bearer(admin)).expect(200)).body as {
        items: object[];
      };
      const custom = [
        { code: 'demo_booked', label: 'Demo booked' },
        { code: 'do_not_contact', label: 'Do not contact' },
        { code: 'callback_scheduled', label: 'Call back' },
      ];
      await request(t.url).put('/dispositions').set(bearer(alice.token)).send({ items: custom }).expect(403);
      const bad = await request(t.url)
        .put('/dispositions')
        .set(bearer(admin))
        .send({ items: [{ code: 'Demo', label: 'x' }, ...custom.slice(1), { code: 'demo_booked', label: 'y' }] })
        .expect(400);
      expect(fields(bad.body)).toEqual(['items[0].code']);
      const dup = await request(t.url)
        .put('/dispositions')
        .set(bearer(admin))
        .send([...custom, { code: 'demo_booked', label: 'again' }])
        .expect(400);
      expect(fields(dup.body)).toEqual(['items[3].code']);
      const removed = await request(t.url)
        .put('/dispositions')
        .set(bearer(admin))
        .send({ items: custom.slice(0, 2) });
      expect(removed.status).toBe(400);
      expect((removed.body as ErrorBody).errors).toEqual([
        { field: 'items', message: 'callback_scheduled cannot be removed: the service acts on it' },
      ]);

      const put = await request(t.url).put('/dispositions').set(bearer(admin)).send({ items: custom }).expect(200);
      expect((put.body as { items: { code: string }[] }).items.map((d) => d.code)).toEqual([
        'demo_booked',
        'do_not_contact',
        'callback_scheduled',
      ]);
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      await post(`/contacts/${id}/wrap-up`, alice.token, { disposition: 'answered' }).expect(400);
      await post(`/contacts/${id}/wrap-up`, alice.token, { disposition: 'demo_booked' }).expect(200);
      await request(t.url).put('/dispositions').set(bearer(admin)).send(defaults).expect(200);
    });

    it('keeps assignment:end over the socket working', async () => {
      const alice = await agent('Alice Socket');
      await alice.client.setPresence('available');
      const id = await assignedTo(alice);
      const ack = await alice.client.emit('assignment:end', { contactId: id });
      expect(ack).toMatchObject({ ok: true });
      await waitForStatus(db, id, 'closed');
    });
  });

  describe('reopen and preferred agents', () => {
    let mailSeq = 0;
    /** An e-mail contact via SendGrid; returns its id and Message-ID. */
    const emailContact = async (): Promise<{ id: string; messageId: string; from: string }> => {
      const n = ++mailSeq;
      const messageId = `<work-${n}-${randomBytes(4).toString('hex')}@customer.example.org>`;
      const from = `Erin ${n} <erin${n}@reopen${n}.example.org>`;
      const post = sendGridPost({
        headers: `Message-ID: ${messageId}\r\nFrom: ${from}\r\nSubject: Racks\r\n`,
        from,
        subject: 'Racks',
        text: 'Do you sell racks?',
      });
      const res = await request(t.url)
        .post('/webhooks/email/sendgrid')
        .set({ Authorization: `Basic ${Buffer.from(BASIC).toString('base64')}` })
        .set('Content-Type', post.contentType)
        .send(post.body)
        .expect(200);
      return { id: (res.body as { contactId: string }).contactId, messageId, from };
    };
    const replyTo = async (contact: { messageId: string; from: string }, text: string) => {
      const post = sendGridPost({
        headers: `Message-ID: <reply-${randomBytes(4).toString('hex')}@customer.example.org>\r\nFrom: ${contact.from}\r\nSubject: Re: Racks\r\nIn-Reply-To: ${contact.messageId}\r\nReferences: ${contact.messageId}\r\n`,
        from: contact.from,
        subject: 'Re: Racks',
        text,
      });
      return request(t.url)
        .post('/webhooks/email/sendgrid')
        .set({ Authorization: `Basic ${Buffer.from(BASIC).toString('base64')}` })
        .set('Content-Type', post.contentType)
        .send(post.body)
        .expect(200);
    };
    /** A closed e-mail contact last worked by `who`. */
    const closedBy = async (who: Staff) => {
      const contact = await emailContact();
      await accept(who, await offerFor(who.client, contact.id));
      await post(`/contacts/${contact.id}/wrap-up`, who.token, { disposition: 'answered' }).expect(200);
      return contact;
    };

    it('a reply to a closed contact reopens it and offers it first to its last agent', async () => {
      const last = await agent('Lena Last');
      await last.client.setPresence('available');
      const contact = await closedBy(last);
      // A longer-idle agent arrives: without the preference they would get it.
      const other = await agent('Otto Other');
      await db.query(`UPDATE agent_profile SET idle_since = now() - interval '1 day' WHERE user_id = $1`, [other.id]);
      await other.client.setPresence('available');

      const reply = await replyTo(contact, 'One more question');
      expect((reply.body as { contactId: string }).contactId).toBe(contact.id);
      const offer = await offerFor(last.client, contact.id, (o) => o.reason.startsWith('preferred'));
      expect(offer.reason).toBe("preferred: the contact's last agent");
      expect(await timelineTypes(db, contact.id)).toEqual(
        expect.arrayContaining(['contact.message_received', 'contact.reopened']),
      );
      await accept(last, offer);
      expect(await activeAgent(contact.id)).toBe(last.id);
    });

    it('offers it to someone else when the last agent is away, saying so', async () => {
      const last = await agent('Lars Away');
      await last.client.setPresence('available');
      const contact = await closedBy(last);
      await last.client.setPresence('away');
      const other = await agent('Olga Other');
      await other.client.setPresence('available');

      await replyTo(contact, 'Anyone there?');
      const offer = await offerFor(other.client, contact.id);
      expect(offer.reason).toContain("(the contact's last agent is away or offline)");
      // The preference was used by that offer: from now on routing is normal (no waiting for Lars).
      const [{ prefer_last_agent }] = await db.query<{ prefer_last_agent: boolean }[]>(
        `SELECT prefer_last_agent FROM contact WHERE id = $1`,
        [contact.id],
      );
      expect(prefer_last_agent).toBe(false);
    });

    it("offers an e-Coverage contact first to the account's relationship owner", async () => {
      const owner = await agent('Rita Owner', { channels: ['e_sales'] });
      const coverage = await agent('Cole Coverage', { channels: ['e_coverage'] });
      await db.query(
        `INSERT INTO customer (name, domain, name_key, relationship_owner_id)
         VALUES ('Owned Works', 'owned-works.example', 'owned works', $1)`,
        [owner.id],
      );
      await db.query(`UPDATE agent_profile SET idle_since = now() - interval '1 day' WHERE user_id = $1`, [
        coverage.id,
      ]);
      await owner.client.setPresence('available');
      await coverage.client.setPresence('available');

      const res = await request(t.url)
        .post('/inquiries')
        .send({ name: 'Pat Owned', email: 'pat@owned-works.example', message: 'Need a quote', type: 'quote' })
        .expect(202);
      const id = (res.body as { id: string }).id;
      const offer = await offerFor(owner.client, id);
      expect(offer).toMatchObject({ channel: 'e_coverage', reason: "preferred: the account's relationship owner" });

      // Declined: normal routing takes over, to an e-Coverage agent.
      const ack = await owner.client.emit('offer:decline', { offerId: offer.offerId });
      expect(ack).toMatchObject({ ok: true });
      const next = await offerFor(coverage.client, id);
      expect(next.reason).toContain("(the account's relationship owner is already tried)");
    });
  });
});
