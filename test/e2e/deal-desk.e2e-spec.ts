import request from 'supertest';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { acceptedFieldLead } from '../helpers/deals';
import { bearer, login } from '../helpers/http';
import { connectedUser, postInquiry, setProfile, waitForStatus } from '../helpers/routing';
import { MailCatcher } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/**
 * `npm run demo:deal-desk`: a lead from a web inquiry to won, with a proposal team of experts and
 * the back office's paperwork, printed step by step; and the refusals around it. Real PostgreSQL,
 * Redis, BullMQ, socket.io and a local SMTP server.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Task {
  id: string;
  kind: string;
  status: string;
  leadId: string | null;
  dueAt: string;
}

describe('the deal desk: proposal teams, outcome, back office', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  const catcher = new MailCatcher();
  const clients: AgentClient[] = [];
  type Staff = { id: string; token: string; client: AgentClient };
  let specialist: Staff;
  let architect: Staff;
  let consultant: Staff;
  let newcomer: Staff;
  let backoffice: Staff;
  let supervisor: Staff;
  let relationshipOwner: Staff;
  let seller: Staff;
  let leadId: string;

  const api = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set(bearer(token)),
    post: (path: string, body: object = {}) => request(t.url).post(path).set(bearer(token)).send(body),
    patch: (path: string, body: object) => request(t.url).patch(path).set(bearer(token)).send(body),
  });

  beforeAll(async () => {
    const smtpPort = await catcher.start();
    t = await startTestApp({
      INQUIRY_RATE_LIMIT: '0',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Deal Desk <deals@acme.example>',
      // Billing is due 2 seconds after the sale, so the overdue alert can be seen.
      BACKOFFICE_SLA_HOURS: 'billing=0.0006',
    });
    db = t.app.get(DataSource);
    admin = await login(t);
    const user = async (name: string, roles: string[], skills: object = {}) => {
      const u = await connectedUser(t, admin, name, roles, skills);
      clients.push(u.client);
      return u;
    };
    specialist = await user('Daichi Field', ['deal_specialist'], { productLines: ['erp'] });
    architect = await user('李 明 Architect', ['expert']);
    consultant = await user('Sato Consultant', ['expert']);
    newcomer = await user('Emma Newcomer', ['expert']);
    backoffice = await user('Hana Backoffice', ['backoffice']);
    supervisor = await user('Sven Supervisor', ['supervisor']);
    relationshipOwner = await user('Yui Relationship', ['agent']);
    seller = await user('Aiko e-Sales', ['agent'], { channels: ['e_sales'] });
    await setProfile(t, admin, architect.id, {
      productLines: ['erp', 'cloud_migration'],
      industries: ['manufacturing'],
    });
    await setProfile(t, admin, consultant.id, { productLines: ['erp'], industries: [] });
    await setProfile(t, admin, newcomer.id, { productLines: ['network'], industries: [] });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t.close();
    await catcher.stop();
  });

  it('plays a lead from web inquiry to won, with a proposal team and back-office tasks', async () => {
    say('');
    say('== deal desk demo ==');
    const lead = await acceptedFieldLead(
      t,
      admin,
      specialist.token,
      { maturity: 'M2', industry: 'manufacturing', productLines: ['erp'] },
      {
        name: '山田 太郎',
        email: 'taro.yamada@acme-seisakusho.example.jp',
        company: '株式会社アクメ製作所',
        message: '基幹システム（ERP）の刷新を検討しています。提案をお願いします。',
        type: 'demo',
      },
    );
    leadId = lead.leadId;
    say(`web inquiry from 株式会社アクメ製作所 qualified M2 and accepted by deal specialist Daichi: lead ${leadId}`);

    // The account's relationship owner (the customer-relationship specialist) discovered it.
    await db.query(
      `UPDATE customer SET relationship_owner_id = $1 WHERE id = (SELECT customer_id FROM lead WHERE id = $2)`,
      [relationshipOwner.id, leadId],
    );

    const ranked = await api(specialist.token).get(`/leads/${leadId}/experts`).expect(200);
    const ids = (ranked.body as { expertId: string }[]).map((r) => r.expertId);
    expect(ids.slice(0, 3)).toEqual([architect.id, consultant.id, newcomer.id]);
    for (const r of ranked.body as { name: string; score: number; reason: string }[])
      say(`  expert ${r.name}: ${r.score} — ${r.reason}`);
    expect(ranked.body[0].reason).toContain('knows erp');

    const invite = await api(specialist.token)
      .post(`/leads/${leadId}/team`, { expertId: architect.id, role: 'solution architect' })
      .expect(201);
    const event = await architect.client.waitFor<{ invitationId: string; leadId: string }>(
      'team:invitation',
      (e) => e.leadId === leadId,
    );
    expect(event.invitationId).toBe(invite.body.invitationId);
    const architectEmail = await emailOf(architect.id);
    await eventually(() => Promise.resolve(catcher.to(architectEmail).length > 0 ? true : undefined), 10_000);
    say(
      `invited 李 明 as solution architect: socket team:invitation and a mail "${catcher.to(architectEmail)[0].subject}"`,
    );

    // The invited expert now sees the lead through its team.
    await api(architect.token).get(`/leads/${leadId}`).expect(200);
    await api(architect.token).post(`/team-invitations/${invite.body.invitationId}/accept`).expect(200);
    const second = await api(specialist.token)
      .post(`/leads/${leadId}/team`, { expertId: newcomer.id, role: 'network' })
      .expect(201);
    await api(newcomer.token)
      .post(`/team-invitations/${second.body.invitationId}/decline`, { reason: 'no capacity this month' })
      .expect(200);
    const team = await api(specialist.token).get(`/leads/${leadId}/team`).expect(200);
    expect(team.body.members.map((m: { expertId: string; status: string }) => [m.expertId, m.status])).toEqual([
      [architect.id, 'accepted'],
      [newcomer.id, 'declined'],
    ]);
    say('李 明 accepted; Emma declined (no capacity this month)');

    for (const [maturity, reason] of [
      ['M3', '提案書を提出 / proposal submitted'],
      ['M4', '价格谈判中 / negotiating the price'],
    ]) {
      await api(specialist.token)
        .patch(`/leads/${leadId}`, {
          maturity,
          reason,
          amount: 36_000_000,
          expectedCloseAt: '2027-03-31T00:00:00.000Z',
        })
        .expect(200);
      say(`moved to ${maturity}: ${reason}`);
    }
    const won = await api(specialist.token)
      .post(`/leads/${leadId}/outcome`, { result: 'won', amount: 35_000_000, reason: '契約締結 / contract signed' })
      .expect(200);
    expect(won.body.maturity).toBe('won');
    say('won at 35,000,000: 契約締結 / contract signed');

    const record = await api(specialist.token).get(`/experts/${architect.id}`).expect(200);
    expect(record.body).toMatchObject({ invited: 1, accepted: 1, proposals: 1, won: 1, lost: 0, winRate: 1 });
    expect(record.body.rankingWinRate).toBeCloseTo(2 / 3, 2);
    const declined = await api(specialist.token).get(`/experts/${newcomer.id}`).expect(200);
    expect(declined.body).toMatchObject({ invited: 1, declined: 1, won: 0 });
    say(`李 明's record: won ${record.body.won}, ranking win rate ${record.body.rankingWinRate}`);

    const outcome = await relationshipOwner.client.waitFor<{ leadId: string; result: string }>(
      'deal:outcome',
      (e) => e.leadId === leadId,
    );
    expect(outcome.result).toBe('won');
    const ownerEmail = await emailOf(relationshipOwner.id);
    await eventually(() => Promise.resolve(catcher.to(ownerEmail).length > 0 ? true : undefined), 10_000);
    expect(catcher.to(ownerEmail)[0].subject).toContain('Deal won');
    say('relationship owner Yui told: socket deal:outcome and a mail');

    const tasks = await api(backoffice.token).get(`/backoffice/tasks?leadId=${leadId}`).expect(200);
    expect((tasks.body as Task[]).map((x) => x.kind).sort()).toEqual(['billing', 'contract', 'order_entry']);
    say(
      `back office got ${tasks.body.length} tasks: ${(tasks.body as Task[]).map((x) => `${x.kind} due ${x.dueAt}`).join(', ')}`,
    );
    for (const task of tasks.body as Task[]) {
      await api(backoffice.token)
        .patch(`/backoffice/tasks/${task.id}`, { status: 'in_progress', assigneeId: backoffice.id })
        .expect(200);
      await api(backoffice.token)
        .patch(`/backoffice/tasks/${task.id}`, { status: 'done', note: '処理完了' })
        .expect(200);
    }
    const done = await api(backoffice.token).get(`/backoffice/tasks?leadId=${leadId}&status=done`).expect(200);
    expect(done.body).toHaveLength(3);
    const history = await api(admin).get(`/leads/${leadId}`).expect(200);
    // Both specialists show on the lead: the relationship owner who discovered it, the deal specialist who owns it.
    expect(history.body).toMatchObject({ relationshipOwnerId: relationshipOwner.id, ownerId: specialist.id });
    const types = (history.body.history as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'team.invited',
        'team.accepted',
        'lead.stage_changed',
        'lead.won',
        'team.outcome_recorded',
        'backoffice.tasks_created',
        'backoffice.task_done',
      ]),
    );
    say("all three tasks done; every step is on the lead's timeline");
  });

  it('refuses invitations and answers from the wrong people, and a closed team', async () => {
    const open = await acceptedFieldLead(t, admin, specialist.token);
    // An expert is no deal owner: 404 while they are on no team of it.
    await api(consultant.token).post(`/leads/${open.leadId}/team`, { expertId: consultant.id, role: 'x' }).expect(404);
    const bad = await api(specialist.token)
      .post(`/leads/${open.leadId}/team`, { expertId: seller.id, role: 'x' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('expertId');
    const noRole = await api(specialist.token)
      .post(`/leads/${open.leadId}/team`, { expertId: consultant.id })
      .expect(400);
    expect(noRole.body.errors[0].field).toBe('role');
    const inv = await api(specialist.token)
      .post(`/leads/${open.leadId}/team`, { expertId: consultant.id, role: 'ERP consultant' })
      .expect(201);
    await api(specialist.token)
      .post(`/leads/${open.leadId}/team`, { expertId: consultant.id, role: 'again' })
      .expect(409);
    // Only the invited expert answers: another expert does not see it, the specialist may not.
    await api(architect.token).post(`/team-invitations/${inv.body.invitationId}/accept`).expect(404);
    await api(specialist.token).post(`/team-invitations/${inv.body.invitationId}/accept`).expect(403);
    await api(consultant.token).post(`/team-invitations/${inv.body.invitationId}/decline`).expect(200);
    await api(consultant.token).post(`/team-invitations/${inv.body.invitationId}/accept`).expect(409);
    // The won lead's team is closed.
    await api(specialist.token).post(`/leads/${leadId}/team`, { expertId: consultant.id, role: 'late' }).expect(409);
    // Lost updates the records of the accepted members only.
    const again = await api(specialist.token)
      .post(`/leads/${open.leadId}/team`, { expertId: consultant.id, role: 'ERP consultant' })
      .expect(201);
    await api(consultant.token).post(`/team-invitations/${again.body.invitationId}/accept`).expect(200);
    await api(specialist.token)
      .post(`/leads/${open.leadId}/outcome`, { result: 'lost', reason: '競合に決定' })
      .expect(200);
    const rec = await api(consultant.token).get(`/experts/${consultant.id}`).expect(200);
    expect(rec.body).toMatchObject({ lost: 1, won: 0 });
    await api(seller.token).get(`/experts/${consultant.id}`).expect(403);
    // No paperwork for a lost deal.
    expect((await api(admin).get(`/backoffice/tasks?leadId=${open.leadId}`).expect(200)).body).toEqual([]);
  });

  it('turns an e-Sales order into paperwork, keeps sellers out of the worklist, and alerts supervisors of an overdue task', async () => {
    await seller.client.setPresence('available');
    const contact = await postInquiry(t, 'e_sales', {
      name: 'John Smith',
      company: 'Smith & Co',
      message: 'Please quote 20 servers.',
    });
    const offer = await seller.client.waitFor<{ offerId: string; contactId: string }>(
      'offer',
      (o) => o.contactId === contact,
      10_000,
    );
    expect((await seller.client.emit('offer:accept', { offerId: offer.offerId })).ok).toBe(true);
    await waitForStatus(t.app.get(DataSource), contact, 'assigned');

    const bad = await api(seller.token)
      .post(`/contacts/${contact}/order`, { productLine: 'server', quantity: 0, amount: 10 })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('quantity');
    await api(relationshipOwner.token)
      .post(`/contacts/${contact}/order`, { productLine: 'server', quantity: 20, amount: 4_000_000 })
      .expect(404);
    const placed = await api(seller.token)
      .post(`/contacts/${contact}/order`, { productLine: 'server', quantity: 20, amount: 4_000_000 })
      .expect(201);
    expect(placed.body.tasks.map((x: Task) => x.kind).sort()).toEqual(['billing', 'contract', 'order_entry']);

    await api(seller.token).get('/backoffice/tasks').expect(403);
    await api(specialist.token).get('/backoffice/tasks').expect(403);
    const billing = (placed.body.tasks as Task[]).find((x) => x.kind === 'billing')!;
    const bad2 = await api(backoffice.token).patch(`/backoffice/tasks/${billing.id}`, { status: 'open' }).expect(400);
    expect(bad2.body.errors[0].field).toBe('status');

    // The billing SLA (2 s here) passes: the durable timer alerts the supervisors once.
    const alert = await supervisor.client.waitFor<{ taskId: string; kind: string }>(
      'backoffice:overdue',
      (e) => e.taskId === billing.id,
      20_000,
    );
    expect(alert.kind).toBe('billing');
    const listed = await api(supervisor.token).get(`/backoffice/tasks?kind=billing&status=open`).expect(200);
    expect(listed.body.find((x: Task & { overdue: boolean }) => x.id === billing.id)).toMatchObject({ overdue: true });
    await api(backoffice.token).patch(`/backoffice/tasks/${billing.id}`, { status: 'done' }).expect(200);
    await api(backoffice.token).patch(`/backoffice/tasks/${billing.id}`, { status: 'done' }).expect(409);
  });

  async function emailOf(userId: string): Promise<string> {
    const [row] = await db.query<{ email: string }[]>(`SELECT email FROM app_user WHERE id = $1`, [userId]);
    return row.email;
  }
});
