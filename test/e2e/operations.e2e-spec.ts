import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { TcpProxy } from '../helpers/tcp-proxy';
import { ADMIN, eventually, startTestApp, TestApp } from '../helpers/test-app';

describe('operations: health, metrics, docs, logs, queue dashboard', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('GET /health reports PostgreSQL and Redis up', async () => {
    const res = await request(t.url).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toMatchObject({ postgresql: { status: 'up' }, redis: { status: 'up' } });
    expect(Date.parse(res.body.checkedAt)).not.toBeNaN();
  });

  it('GET /metrics exposes HTTP latency, queue depths and processed jobs in Prometheus text', async () => {
    const posted = await request(t.url)
      .post('/inquiries')
      .send({ name: 'Metric', email: 'metric@example.org', message: 'count me' })
      .expect(202);
    await eventually(async () => {
      const c = await request(t.url).get(`/contacts/${posted.body.id}`).set(bearer(admin));
      return c.body.status === 'queued' ? true : undefined;
    });
    // The intake job queues the contact, then dispatches it, and only then counts as processed.
    const processed = /queue_jobs_processed_total\{queue="intake",job="contact.process"\} [1-9]/;
    const res = await eventually(async () => {
      const scraped = await request(t.url).get('/metrics').expect(200);
      return processed.test(scraped.text) ? scraped : undefined;
    });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/inquiries".*status_code="202".*\} \d+/);
    expect(res.text).toMatch(/queue_jobs\{queue="intake",state="waiting"\} \d+/);
    expect(res.text).toMatch(processed);
    expect(res.text).toMatch(/contacts_received_total\{medium="web"\} 1/);
    // perf_hooks.monitorEventLoopDelay, over the time since the previous scrape.
    expect(res.text).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await request(t.url).get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of ['/inquiries', '/auth/login', '/users', '/contacts', '/contacts/{id}', '/health']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    const ui = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('echoes a given X-Request-Id and makes one otherwise', async () => {
    const given = await request(t.url).get('/health').set('X-Request-Id', 'trace-abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-abc-123');
    const made = await request(t.url).get('/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('opens the queue dashboard to admins only', async () => {
    await request(t.url).get('/admin/queues').expect(401);
    const agent = await createUser(t, admin, {
      email: 'dash-agent@example.org',
      password: 'password-123',
      roles: ['agent'],
    });
    await request(t.url).get('/admin/queues').set(bearer(agent.token)).expect(403);
    await request(t.url).get('/admin/queues').auth('dash-agent@example.org', 'password-123').expect(403);
    await request(t.url).get('/admin/queues').auth(ADMIN.email, 'wrong').expect(401);
    const page = await request(t.url).get('/admin/queues').auth(ADMIN.email, ADMIN.password).expect(200);
    expect(page.text.toLowerCase()).toContain('<html');
    const api = await request(t.url).get('/admin/queues/api/queues').set(bearer(admin)).expect(200);
    expect(JSON.stringify(api.body)).toContain('intake');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(t.url).get('/no-such-route').set(bearer(admin)).expect(404);
    expect(res.body.statusCode).toBe(404);
  });
});

describe('GET /health when a dependency is down', () => {
  const pgProxy = new TcpProxy('127.0.0.1', 5432);
  const redisProxy = new TcpProxy('127.0.0.1', 6379);
  let t: TestApp;

  beforeAll(async () => {
    await pgProxy.start();
    await redisProxy.start();
    t = await startTestApp(
      {},
      {
        databaseServerUrl: `postgres://postgres@127.0.0.1:${pgProxy.port}`,
        redisUrl: `redis://127.0.0.1:${redisProxy.port}`,
      },
    );
  });
  afterAll(async () => {
    redisProxy.restore();
    pgProxy.restore();
    await t.close();
    await redisProxy.stop();
    await pgProxy.stop();
  });

  const healthy = () =>
    eventually(async () => ((await request(t.url).get('/health')).status === 200 ? true : undefined), 10_000, 200);
  // The probe runs in the background (HEALTH_PROBE_INTERVAL_MS): an outage shows by its next check.
  const unhealthy = () =>
    eventually(
      async () => {
        const res = await request(t.url).get('/health');
        return res.status === 503 ? res : undefined;
      },
      10_000,
      100,
    );

  it('answers 503 naming Redis when Redis is unreachable, and recovers', async () => {
    await request(t.url).get('/health').expect(200);
    redisProxy.cut();
    const res = await unhealthy();
    expect(res.body.status).toBe('error');
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.postgresql.status).toBe('up');
    redisProxy.restore();
    await healthy();
  });

  it('answers 503 naming PostgreSQL when PostgreSQL is unreachable, and recovers', async () => {
    pgProxy.cut();
    const res = await unhealthy();
    expect(res.body.details.postgresql.status).toBe('down');
    expect(res.body.details.redis.status).toBe('up');
    pgProxy.restore();
    await healthy();
  });
});
