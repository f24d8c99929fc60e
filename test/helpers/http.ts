import request from 'supertest';
import { ADMIN, TestApp } from './test-app';

export async function login(t: TestApp, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const res = await request(t.url).post('/auth/login').send({ email, password }).expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function createUser(
  t: TestApp,
  adminToken: string,
  user: { email: string; password?: string; name?: string; roles: string[]; skills?: object },
): Promise<{ id: string; token: string }> {
  const password = user.password ?? 'password-123456';
  const res = await request(t.url)
    .post('/users')
    .set(bearer(adminToken))
    .send({ name: user.name ?? user.email, password, ...user })
    .expect(201);
  return { id: (res.body as { id: string }).id, token: await login(t, user.email, password) };
}
