import request from 'supertest';
import { DataSource } from 'typeorm';
import { acceptedFieldLead, FieldLead } from '../helpers/deals';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

interface HistoryEvent {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

describe('the opportunity lifecycle: stage moves and outcomes', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let specialist: { id: string; token: string };
  let agent: { id: string; token: string };
  let outsider: { id: string; token: string };
  let lead: FieldLead;
  let early: FieldLead;

  const patch = (id: string, token: string, body: object) =>
    request(t.url).patch(`/leads/${id}`).set(bearer(token)).send(body);
  const outcome = (id: string, token: string, body: object) =>
    request(t.url).post(`/leads/${id}/outcome`).set(bearer(token)).send(body);
  const get = (id: string, token = admin) => request(t.url).get(`/leads/${id}`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    db = t.app.get(DataSource);
    admin = await login(t);
    specialist = await createUser(t, admin, {
      email: 'ds@deals.example',
      name: 'Daichi',
      roles: ['deal_specialist'],
      skills: { productLines: ['erp'] },
    });
    agent = await createUser(t, admin, { email: 'agent@deals.example', name: 'Aiko', roles: ['agent'] });
    lead = await acceptedFieldLead(t, admin, specialist.token);
    early = await acceptedFieldLead(t, admin, specialist.token, { maturity: 'M2' });
    // Created after the handoffs, so routing never offered them anything.
    outsider = await createUser(t, admin, { email: 'other@deals.example', name: 'Other', roles: ['deal_specialist'] });
  });
  afterAll(() => t.close());

  it('shows the owner and the assignee on the lead', async () => {
    const res = await get(lead.leadId).expect(200);
    expect(res.body).toMatchObject({ assigneeId: specialist.id, ownerId: specialist.id, maturity: 'M2', amount: null });
    expect(res.body.qualifiedById).toEqual(expect.any(String));
  });

  it('moves the stage without re-routing, with amounts, and records who, why, from and to', async () => {
    await db.query(
      `UPDATE lead SET stalled_at = now() - interval '1 day', stage_entered_at = now() - interval '40 days' WHERE id = $1`,
      [lead.leadId],
    );
    const res = await patch(lead.leadId, specialist.token, {
      maturity: 'M3',
      reason: '提案書を送付しました',
      amount: 12_500_000,
      expectedCloseAt: '2027-02-15T00:00:00.000Z',
    }).expect(200);
    expect(res.body).toMatchObject({
      from: 'M2',
      maturity: 'M3',
      amount: 12_500_000,
      expectedCloseAt: '2027-02-15T00:00:00.000Z',
    });

    const after = await get(lead.leadId).expect(200);
    expect(after.body).toMatchObject({
      maturity: 'M3',
      route: 'field',
      assigneeId: specialist.id,
      ownerId: specialist.id,
      amount: 12_500_000,
      stalledAt: null,
    });
    // The stall clock restarted with the move.
    expect(Date.now() - Date.parse(after.body.stageEnteredAt)).toBeLessThan(60_000);
    const moved = (after.body.history as HistoryEvent[]).find((e) => e.type === 'lead.stage_changed');
    expect(moved).toMatchObject({
      actor: `user:${specialist.id}`,
      data: {
        leadId: lead.leadId,
        by: specialist.id,
        from: 'M2',
        to: 'M3',
        reason: '提案書を送付しました',
        amount: { from: null, to: 12_500_000 },
      },
    });
    // No new handoff: the move did not re-route.
    expect(after.body.handoffs).toHaveLength(1);
  });

  it.each([
    [{ reason: 'x' }, 'maturity'],
    [{ maturity: 'won', reason: 'x' }, 'maturity'],
    [{ maturity: 'M4' }, 'reason'],
    [{ maturity: 'M4', reason: '   ' }, 'reason'],
    [{ maturity: 'M4', reason: 'x', amount: -1 }, 'amount'],
    [{ maturity: 'M4', reason: 'x', amount: '100' }, 'amount'],
    [{ maturity: 'M4', reason: 'x', expectedCloseAt: 'next spring' }, 'expectedCloseAt'],
  ])('answers 400 for %j naming %s, and writes nothing', async (body, field) => {
    const res = await patch(lead.leadId, specialist.token, body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await get(lead.leadId).expect(200)).body.maturity).toBe('M3');
  });

  it('answers 403 to the qualifying agent once the specialist owns it, 404 outside the scope', async () => {
    await db.query(`UPDATE lead SET owner_id = $2 WHERE id = $1`, [lead.leadId, agent.id]);
    await get(lead.leadId, agent.token).expect(200);
    const forbidden = await patch(lead.leadId, agent.token, { maturity: 'M4', reason: 'x' }).expect(403);
    expect(forbidden.body.code).toBe('forbidden');
    await patch(lead.leadId, outsider.token, { maturity: 'M4', reason: 'x' }).expect(404);
    await outcome(lead.leadId, outsider.token, { result: 'won', reason: 'x' }).expect(404);
    await patch('00000000-0000-4000-8000-000000000000', specialist.token, { maturity: 'M4', reason: 'x' }).expect(404);
  });

  it('answers 409 for an illegal move and for winning an unqualified lead', async () => {
    const back = await patch(lead.leadId, specialist.token, { maturity: 'M1', reason: 'restart' }).expect(409);
    expect(back.body.message).toContain('M3 -> M1 is not allowed');
    await patch(early.leadId, specialist.token, { maturity: 'M1', reason: 'need unclear again' }).expect(200);
    const unqualified = await outcome(early.leadId, specialist.token, { result: 'won', reason: 'x' }).expect(409);
    expect(unqualified.body.message).toContain('must reach M2');
  });

  it('makes exactly one of two concurrent moves from the same stage win; the other is a 409', async () => {
    const [a, b] = await Promise.all([
      patch(early.leadId, specialist.token, { maturity: 'M2', reason: 'budget confirmed' }),
      patch(early.leadId, admin, { maturity: 'M3', reason: 'proposal' }),
    ]);
    const statuses = [a.status, b.status].sort();
    // Serialized by the lead's row lock: the second either sees the new stage (a legal or illegal
    // move from there) or loses the race.
    expect(statuses[0]).toBe(200);
    const history = ((await get(early.leadId).expect(200)).body.history as HistoryEvent[]).filter(
      (e) => e.type === 'lead.stage_changed',
    );
    expect(history.length).toBe(1 + statuses.filter((s) => s === 200).length);
  });

  it('closes won with amount and reason; a final stage refuses every further change', async () => {
    await patch(lead.leadId, specialist.token, { maturity: 'M4', reason: '価格交渉中' }).expect(200);
    const won = await outcome(lead.leadId, specialist.token, {
      result: 'won',
      amount: 11_800_000,
      reason: '契約締結',
    }).expect(200);
    expect(won.body).toMatchObject({ from: 'M4', maturity: 'won', amount: 11_800_000 });
    const after = await get(lead.leadId).expect(200);
    expect(after.body).toMatchObject({ maturity: 'won', amount: 11_800_000, outcomeReason: '契約締結' });
    expect(after.body.closedAt).toEqual(expect.any(String));
    expect((after.body.history as HistoryEvent[]).map((e) => e.type)).toEqual(expect.arrayContaining(['lead.won']));

    await patch(lead.leadId, specialist.token, { maturity: 'M4', reason: 'reopen' }).expect(409);
    await outcome(lead.leadId, specialist.token, { result: 'lost', reason: 'changed mind' }).expect(409);
    const bad = await outcome(lead.leadId, specialist.token, { result: 'draw', reason: 'x' }).expect(400);
    expect(bad.body.errors[0].field).toBe('result');
  });

  it('closes lost from an early stage', async () => {
    const res = await outcome(early.leadId, specialist.token, { result: 'lost', reason: '競合に決定' }).expect(200);
    expect(res.body.maturity).toBe('lost');
  });
});
