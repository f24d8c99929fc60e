import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { TokenService } from '../../src/auth/token.service';
import { AgentClient } from '../helpers/agent-socket';
import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** What a handshake ends in: `connect_error <message>` or `connect`, and every event seen. */
function handshake(t: TestApp, auth: object): Promise<{ outcome: string; data: unknown; events: string[] }> {
  return new Promise((resolve) => {
    const socket = io(`${t.url}/agents`, { auth, transports: ['websocket'], reconnection: false });
    const events: string[] = [];
    socket.onAny((event: string) => events.push(event));
    socket.on('connect', () => {
      socket.close();
      resolve({ outcome: 'connect', data: null, events });
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve({ outcome: `connect_error ${error.message}`, data: error.data, events });
    });
  });
}

describe('socket.io handshake authentication', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    agent = await createUser(t, admin, { email: 'socket-agent@example.test', roles: ['agent'] });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  const jwt = new JwtService({});
  const claims = () => ({ sub: agent.id, email: 'socket-agent@example.test', roles: ['agent'] });

  it.each([
    ['no token', () => ({})],
    ['an empty token', () => ({ token: '' })],
    ['a token that is not a string', () => ({ token: 42 })],
    ['a malformed token', () => ({ token: 'not.a.token' })],
    ['a token signed with another secret', () => ({ token: jwt.sign(claims(), { secret: `${SECRET}-other` }) })],
    [
      'an expired token',
      () => ({ token: jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, { secret: SECRET }) }),
    ],
  ])('refuses %s with connect_error "unauthorized", never connect', async (_name, auth) => {
    const result = await handshake(t, auth());
    expect(result.outcome).toBe('connect_error unauthorized');
    expect(result.data).toEqual({ code: 'unauthenticated', message: expect.stringContaining('token') });
    expect(result.events).toEqual([]);
  });

  it('connects with a valid token and sets the connection up (presence sent)', async () => {
    const client = await AgentClient.connect(t, agent.token);
    clients.push(client);
    expect(client.received('presence')).toEqual([expect.objectContaining({ reason: 'connected' })]);
    expect((await client.setPresence('away')).ok).toBe(true);
  });

  it('drops a socket when its token expires, and refuses that token afterwards', async () => {
    const { accessToken } = t.app
      .get(TokenService)
      .sign({ id: agent.id, email: 'socket-agent@example.test', roles: ['agent'] }, 2);
    const client = await AgentClient.connect(t, accessToken);
    clients.push(client);
    const reason = await new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect((await handshake(t, { token: accessToken })).outcome).toBe('connect_error unauthorized');
  });

  it('refuses a deactivated user: their still valid token gets 401 on HTTP and connect_error on the socket', async () => {
    const leaver = await createUser(t, admin, { email: 'socket-leaver@example.test', roles: ['agent'] });
    await request(t.url).get('/leads').set(bearer(leaver.token)).expect(200);
    expect((await handshake(t, { token: leaver.token })).outcome).toBe('connect');

    await request(t.url).patch(`/users/${leaver.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    const refused = await request(t.url).get('/leads').set(bearer(leaver.token)).expect(401);
    expect(refused.body).toMatchObject({ code: 'unauthenticated', message: 'this account is deactivated' });
    const socket = await handshake(t, { token: leaver.token });
    expect(socket.outcome).toBe('connect_error unauthorized');
    expect(socket.data).toEqual({ code: 'unauthenticated', message: 'this account is deactivated' });
  });
});
