import request from 'supertest';
import { acceptedFieldLead } from '../helpers/deals';
import { bearer, createUser, login } from '../helpers/http';
import { setProfile } from '../helpers/routing';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * `GET /pipeline?teamId=`: a proposal team's pipeline is its own lead and the other leads its
 * accepted experts are on together; invitations still open or declined do not count.
 */
describe('the pipeline of a proposal team', () => {
  let t: TestApp;
  let admin: string;
  let specialist: { id: string; token: string };
  let architect: { id: string; token: string };
  let consultant: { id: string; token: string };
  const leads: string[] = [];
  const teams: string[] = [];

  const invite = async (leadId: string, expert: { id: string; token: string }, accept: boolean) => {
    const res = await request(t.url)
      .post(`/leads/${leadId}/team`)
      .set(bearer(specialist.token))
      .send({ expertId: expert.id, role: 'solution architect' })
      .expect(201);
    const { invitationId, teamId } = res.body as { invitationId: string; teamId: string };
    if (accept) {
      await request(t.url).post(`/team-invitations/${invitationId}/accept`).set(bearer(expert.token)).expect(200);
    }
    return teamId;
  };
  const teamPipeline = async (teamId: string) => {
    const res = await request(t.url).get('/pipeline').query({ teamId }).set(bearer(admin)).expect(200);
    return (res.body as { leads: { id: string }[]; stages: { stage: string; count: number }[] }).leads
      .map((l) => l.id)
      .sort();
  };

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    admin = await login(t);
    specialist = await createUser(t, admin, {
      email: 'ds@team-pipeline.example',
      name: '陈 静',
      roles: ['deal_specialist'],
      skills: { productLines: ['erp'] },
    });
    architect = await createUser(t, admin, { email: 'arch@team-pipeline.example', name: 'Arch', roles: ['expert'] });
    consultant = await createUser(t, admin, { email: 'cons@team-pipeline.example', name: 'Cons', roles: ['expert'] });
    for (const expert of [architect, consultant]) await setProfile(t, admin, expert.id, { productLines: ['erp'] });
    for (let i = 0; i < 4; i++) leads.push((await acceptedFieldLead(t, admin, specialist.token)).leadId);
    // Lead 0: the architect on the team. Lead 1: the architect again. Lead 2: only the consultant.
    // Lead 3: the architect invited but not (yet) accepted.
    teams.push(await invite(leads[0], architect, true));
    teams.push(await invite(leads[1], architect, true));
    teams.push(await invite(leads[2], consultant, true));
    teams.push(await invite(leads[3], architect, false));
  });
  afterAll(() => t.close());

  it("is the team's lead and the leads its accepted experts are also on", async () => {
    expect(await teamPipeline(teams[0])).toEqual([leads[0], leads[1]].sort());
    expect(await teamPipeline(teams[2])).toEqual([leads[2]]);
  });

  it('counts a team with no accepted member as its own lead only', async () => {
    expect(await teamPipeline(teams[3])).toEqual([leads[3]]);
  });

  it('counts the stages of those leads only', async () => {
    const res = await request(t.url).get('/pipeline').query({ teamId: teams[0] }).set(bearer(admin)).expect(200);
    const open = (res.body as { stages: { stage: string; count: number }[] }).stages.find((s) => s.stage === 'M2');
    expect(open?.count).toBe(2);
  });

  it('answers an unknown team with an empty pipeline, and a malformed id with a 400 naming teamId', async () => {
    expect(await teamPipeline('00000000-0000-4000-8000-000000000000')).toEqual([]);
    const bad = await request(t.url).get('/pipeline').query({ teamId: 'team-1' }).set(bearer(admin)).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('teamId');
  });
});
