import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { ADMIN, startTestApp, TestApp } from '../helpers/test-app';

describe('auth and users', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('created the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const res = await request(t.url).get('/users').set(bearer(admin)).expect(200);
    expect(res.body).toEqual([expect.objectContaining({ email: ADMIN.email, roles: ['admin'], active: true })]);
    expect(JSON.stringify(res.body)).not.toContain('password');
  });

  it.each([
    ['GET', '/contacts'],
    ['GET', '/contacts/00000000-0000-4000-8000-000000000000'],
    ['GET', '/users'],
    ['POST', '/users'],
    ['PATCH', '/users/00000000-0000-4000-8000-000000000000'],
  ])('%s %s answers 401 without a token', async (method, path) => {
    const res = await request(t.url)[method.toLowerCase() as 'get' | 'post' | 'patch'](path).expect(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('answers 401 for a forged or malformed token', async () => {
    await request(t.url).get('/contacts').set(bearer('not.a.token')).expect(401);
    const [h, p] = admin.split('.');
    await request(t.url)
      .get('/contacts')
      .set(bearer(`${h}.${p}.forgedsignature`))
      .expect(401);
    await request(t.url).get('/contacts').set('Authorization', admin).expect(401);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await request(t.url)
      .post('/auth/login')
      .send({ email: ADMIN.email, password: 'nope-nope' })
      .expect(401);
    const unknown = await request(t.url)
      .post('/auth/login')
      .send({ email: 'who@example.org', password: 'nope-nope' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('validates the login body', async () => {
    const res = await request(t.url).post('/auth/login').send({ email: 'not-an-email' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('lets an admin create users; a non-admin gets 403 on POST /users', async () => {
    const agent = await createUser(t, admin, {
      email: 'Agent.One@Example.org',
      roles: ['agent'],
      skills: { languages: ['ja', 'en'], media: ['web', 'email'] },
    });
    const res = await request(t.url)
      .post('/users')
      .set(bearer(agent.token))
      .send({ email: 'x@example.org', password: 'password-123', name: 'X', roles: ['agent'] })
      .expect(403);
    expect(res.body.code).toBe('forbidden');
    await request(t.url).get('/users').set(bearer(agent.token)).expect(403);
    // An agent is staff: it may read contacts.
    await request(t.url).get('/contacts').set(bearer(agent.token)).expect(200);

    const list = await request(t.url).get('/users').set(bearer(admin)).expect(200);
    expect(list.body.map((u: { email: string }) => u.email)).toContain('agent.one@example.org');
  });

  it('refuses a duplicate e-mail with 409 naming the field', async () => {
    await createUser(t, admin, { email: 'dup@example.org', roles: ['supervisor'] });
    const res = await request(t.url)
      .post('/users')
      .set(bearer(admin))
      .send({ email: 'DUP@example.org', password: 'password-123', name: 'Dup', roles: ['agent'] })
      .expect(409);
    expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
  });

  it.each([
    [{ password: 'password-123', name: 'N', roles: ['agent'] }, 'email'],
    [{ email: 'a@example.org', password: 'short', name: 'N', roles: ['agent'] }, 'password'],
    [{ email: 'a@example.org', password: 'password-123', name: 'N', roles: ['king'] }, 'roles'],
    [{ email: 'a@example.org', password: 'password-123', name: 'N', roles: 'agent' }, 'roles'],
    [
      { email: 'a@example.org', password: 'password-123', name: 'N', roles: ['agent'], skills: { languages: ['xx'] } },
      'skills.languages',
    ],
    [
      { email: 'a@example.org', password: 'password-123', name: 'N', roles: ['agent'], skills: { media: ['pigeon'] } },
      'skills.media',
    ],
  ])('POST /users %j -> 400 naming %s', async (body, field) => {
    const res = await request(t.url).post('/users').set(bearer(admin)).send(body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('PATCH /users/:id changes roles, skills and password; a deactivated user cannot log in', async () => {
    const user = await createUser(t, admin, { email: 'patch@example.org', roles: ['agent'] });
    const res = await request(t.url)
      .patch(`/users/${user.id}`)
      .set(bearer(admin))
      .send({ roles: ['agent', 'supervisor'], skills: { productLines: ['server'] }, password: 'new-password-1' })
      .expect(200);
    expect(res.body).toMatchObject({ roles: ['agent', 'supervisor'], skills: { productLines: ['server'] } });
    await login(t, 'patch@example.org', 'new-password-1');
    await request(t.url).patch(`/users/${user.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    await request(t.url)
      .post('/auth/login')
      .send({ email: 'patch@example.org', password: 'new-password-1' })
      .expect(401);
    await request(t.url).patch('/users/not-a-uuid').set(bearer(admin)).send({}).expect(400);
    await request(t.url).patch('/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).send({}).expect(404);
  });
});
