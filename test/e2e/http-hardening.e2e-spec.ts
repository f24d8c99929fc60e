import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { ADMIN, startTestApp, TestApp } from '../helpers/test-app';

const SHOP = 'https://shop.example.com';
const inquiry = (n: number) => ({
  name: `Buyer ${n}`,
  email: `buyer${n}@customer${n}.example.com`,
  message: 'Please quote 20 servers.',
  type: 'quote',
  productLine: 'server',
});

describe('HTTP hardening: security headers, CORS, login limits', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({
      CORS_ORIGINS: `${SHOP}, http://localhost:8080`,
      // The app sits behind one proxy here, so X-Forwarded-For names the client address.
      TRUST_PROXY_HOPS: '1',
      LOGIN_RATE_LIMIT: '6',
      LOGIN_LOCK_AFTER_FAILURES: '5',
      LOGIN_LOCK_MINUTES: '15',
    });
    admin = await login(t);
  });
  afterAll(() => t.close());

  describe('security headers', () => {
    const expectHardened = (res: request.Response) => {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['content-security-policy']).toBeDefined();
    };

    it.each([
      ['an API answer', () => request(t.url).get('/users').set(bearer(admin)), 200],
      ['a public answer', () => request(t.url).get('/health'), 200],
      ['a 401', () => request(t.url).get('/contacts'), 401],
      ['a 404', () => request(t.url).get('/no-such-route'), 404],
      [
        'a body-parser 400',
        () => request(t.url).post('/inquiries').set('Content-Type', 'application/json').send('{"name":'),
        400,
      ],
    ])('are on %s, with a CSP that allows nothing to run', async (_name, send, status) => {
      const res = await send().expect(status);
      expectHardened(res);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('are on the console, whose own CSP lets its scripts, socket.io and Twilio work', async () => {
      const res = await request(t.url).get('/console').expect(200);
      expectHardened(res);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain('wss://*.twilio.com');
      expectHardened(await request(t.url).get('/console/app.js').expect(200));
    });

    it('relax the CSP for inline scripts only on Swagger UI and Bull Board', async () => {
      const docs = await request(t.url).get('/docs').redirects(1).expect(200);
      expectHardened(docs);
      expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      const board = await request(t.url).get('/admin/queues').auth(ADMIN.email, ADMIN.password).expect(200);
      expectHardened(board);
      expect(board.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    });
  });

  describe('CORS (CORS_ORIGINS)', () => {
    it('answers the preflight of POST /inquiries from an allowed origin', async () => {
      const res = await request(t.url)
        .options('/inquiries')
        .set('Origin', SHOP)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type, idempotency-key')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(SHOP);
      expect(res.headers['access-control-allow-methods']).toBe('POST');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('content-type');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('idempotency-key');
      expect(res.headers.vary).toContain('Origin');
    });

    it('lets an allowed origin post an inquiry and read the answer', async () => {
      const res = await request(t.url).post('/inquiries').set('Origin', SHOP).send(inquiry(1)).expect(202);
      expect(res.headers['access-control-allow-origin']).toBe(SHOP);
      expect(res.body.id).toEqual(expect.any(String));
    });

    it('gives another origin no Access-Control-Allow-Origin, on the preflight or the post', async () => {
      const preflight = await request(t.url)
        .options('/inquiries')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const post = await request(t.url).post('/inquiries').set('Origin', 'https://evil.example').send(inquiry(2));
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
      // A prefix or another scheme of an allowed origin is another origin.
      for (const origin of ['https://shop.example.com.evil.example', 'http://shop.example.com']) {
        const res = await request(t.url).post('/inquiries').set('Origin', origin).send(inquiry(3));
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    });

    it('allows no other endpoint, even from an allowed origin', async () => {
      for (const res of [
        await request(t.url).get('/health').set('Origin', SHOP),
        await request(t.url).post('/auth/login').set('Origin', SHOP).send({ email: 'x@example.test', password: 'x' }),
        await request(t.url).get('/users').set('Origin', SHOP).set(bearer(admin)),
        await request(t.url).options('/users').set('Origin', SHOP).set('Access-Control-Request-Method', 'POST'),
      ]) {
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('login limits', () => {
    const attempt = (address: string, email: string, password: string) =>
      request(t.url).post('/auth/login').set('X-Forwarded-For', address).send({ email, password });

    it('limits login attempts per address to LOGIN_RATE_LIMIT a minute', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await attempt('192.0.2.1', 'nobody@example.test', 'wrong')).status);
      expect(statuses).toEqual([...Array(6).fill(401), 429]);
      // Another address is not affected.
      expect((await attempt('192.0.2.2', 'nobody@example.test', 'wrong')).status).toBe(401);
    });

    it('locks an account after 5 failures from 30 different addresses, until an admin unlocks it', async () => {
      const user = await createUser(t, admin, {
        email: 'lock-me@example.test',
        password: 'right-password',
        roles: ['agent'],
      });
      const statuses: number[] = [];
      for (let i = 1; i <= 30; i++) {
        const res = await attempt(`198.51.100.${i}`, 'lock-me@example.test', 'wrong-password');
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body.code).toBe('account_locked');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);

      // The right password from a fresh address is refused too, with Retry-After.
      const locked = await attempt('203.0.113.1', 'LOCK-ME@example.test', 'right-password').expect(429);
      expect(locked.body).toMatchObject({ code: 'account_locked', message: expect.stringContaining('locked') });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // So is HTTP Basic on the queue dashboard, which shares the accounts.
      await request(t.url).get('/admin/queues').auth('lock-me@example.test', 'right-password').expect(429);

      // Admins see the lock; the agent may not lift it, an admin may.
      const seen = await request(t.url).get(`/users/${user.id}`).set(bearer(admin)).expect(200);
      expect(new Date(seen.body.lockedUntil).getTime()).toBeGreaterThan(Date.now());
      await request(t.url).post(`/users/${user.id}/unlock`).set(bearer(user.token)).expect(403);
      const unlocked = await request(t.url).post(`/users/${user.id}/unlock`).set(bearer(admin)).expect(200);
      expect(unlocked.body.lockedUntil).toBeNull();
      await attempt('203.0.113.2', 'lock-me@example.test', 'right-password').expect(200);
    });

    it('counts only consecutive failures: a successful login starts again', async () => {
      await createUser(t, admin, { email: 'careless@example.test', password: 'right-password', roles: ['agent'] });
      for (let round = 0; round < 2; round++) {
        for (let i = 1; i <= 4; i++) {
          await attempt(`198.18.${round}.${i}`, 'careless@example.test', 'wrong-password').expect(401);
        }
        await attempt(`198.18.${round}.100`, 'careless@example.test', 'right-password').expect(200);
      }
    });

    it('answers an unknown user id to GET and unlock as 404, a malformed one as 400', async () => {
      await request(t.url).get('/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
      await request(t.url).post('/users/00000000-0000-4000-8000-000000000000/unlock').set(bearer(admin)).expect(404);
      await request(t.url).post('/users/not-a-uuid/unlock').set(bearer(admin)).expect(400);
    });
  });
});
