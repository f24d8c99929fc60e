import { Client } from 'pg';
import {
  buildService,
  BuiltService,
  Outcome,
  postJson,
  ServiceProcess,
  startServiceProcess,
} from '../helpers/service-process';
import { TEST_PG_URL } from '../helpers/test-app';

const REQUESTS = 50;

/**
 * A real process of the service gets SIGTERM while 50 inquiries arrive, each on its own
 * connection: every connection it accepted gets a whole HTTP answer (202, or a clean 503), never
 * a reset; every 202'd contact is in PostgreSQL; the process exits 0 within its shutdown bound.
 */
describe('fault: SIGTERM while requests arrive', () => {
  let built: BuiltService;
  let service: ServiceProcess | undefined;

  beforeAll(() => {
    built = buildService();
  }, 120_000);
  afterAll(async () => {
    await service?.cleanUp();
    built?.remove();
  });

  it('answers every accepted request, keeps every 202, and exits 0', async () => {
    service = await startServiceProcess(built, { SHUTDOWN_TIMEOUT_SECONDS: '20' });
    const s = service;
    let signalled = false;
    const outcomes: Promise<Outcome>[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      outcomes.push(
        postJson(
          `${s.url}/inquiries`,
          { name: `Sig ${i}`, email: `sig${i}@buyer${i}.example.com`, message: `Please quote ${i + 1} servers.` },
          () => {
            // The first answer is in: the rest are arriving.
            if (!signalled) {
              signalled = true;
              s.child.kill('SIGTERM');
            }
          },
        ),
      );
    }
    const results = await Promise.all(outcomes);
    const code = await s.exited;

    const broken = results.filter((r) => 'error' in r && r.error !== 'ECONNREFUSED');
    expect({ broken, output: broken.length > 0 ? s.output() : '' }).toEqual({ broken: [], output: '' });
    const answered = results.filter((r): r is { status: number; body: string } => 'status' in r);
    for (const r of answered) expect([202, 503]).toContain(r.status);
    const accepted = answered.filter((r) => r.status === 202).map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(accepted.length).toBeGreaterThan(0);
    expect(signalled).toBe(true);
    expect({ code, output: code === 0 ? '' : s.output() }).toEqual({ code: 0, output: '' });
    expect(s.output()).toContain('SIGTERM received');

    const db = new Client({ connectionString: `${TEST_PG_URL}/${s.databaseName}` });
    await db.connect();
    try {
      const found = await db.query<{ id: string }>('SELECT id FROM contact WHERE id = ANY($1::uuid[])', [accepted]);
      expect(found.rows.map((r) => r.id).sort()).toEqual([...accepted].sort());
    } finally {
      await db.end();
    }
  }, 90_000);
});
