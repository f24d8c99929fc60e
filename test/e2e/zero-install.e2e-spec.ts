import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, createUser } from '../helpers/http';
import { buildService, BuiltService } from '../helpers/service-process';
import type { TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/test-app';
import { embeddedServerPid, printedAdmin, startZeroInstall, ZeroInstallProcess } from '../helpers/zero-install';

interface OfferEvent {
  offerId: string;
  contactId: string;
}

const asApp = (p: ZeroInstallProcess) => ({ url: p.url }) as TestApp;

async function loginAs(p: ZeroInstallProcess, email: string, password: string): Promise<string> {
  const res = await request(p.url).post('/auth/login').send({ email, password }).expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

async function postQuote(p: ZeroInstallProcess, name: string): Promise<string> {
  const res = await request(p.url)
    .post('/inquiries')
    .send({
      name,
      email: `${name.toLowerCase()}@example.org`,
      message: 'a quote please',
      type: 'quote',
      productLine: 'server',
    })
    .expect(202);
  return (res.body as { id: string }).id;
}

async function contactOf(
  p: ZeroInstallProcess,
  token: string,
  id: string,
): Promise<{ status: string; channel: string }> {
  const res = await request(p.url).get(`/contacts/${id}`).set(bearer(token)).expect(200);
  return res.body as { status: string; channel: string };
}

/**
 * The first run on a machine with only Node.js: the built service with no DATABASE_URL and no
 * REDIS_URL starts an embedded PostgreSQL in its data folder and keeps queues, socket fan-out and
 * presence there. It takes an inquiry to an agent's socket, stops on SIGTERM, and starts again on
 * the same data; a kill -9 loses nothing either.
 */
describe('zero-install: embedded PostgreSQL, no Redis', () => {
  let built: BuiltService;
  let home: string;
  let running: ZeroInstallProcess | null = null;
  /** The generated first admin, as the first start printed it. */
  let admin: { email: string; password: string } | null = null;
  const clients: AgentClient[] = [];

  const stop = async (signal: NodeJS.Signals) => {
    const p = running!;
    running = null;
    p.child.kill(signal);
    return p.exited;
  };

  beforeAll(() => {
    built = buildService();
    home = mkdtempSync(join(tmpdir(), 'cc-zero-install-'));
    // PostgreSQL runs as an unprivileged user when the tests run as root: it must reach the folder.
    chmodSync(home, 0o755);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    if (running) await stop('SIGTERM');
    const leftover = embeddedServerPid(home);
    if (leftover) {
      try {
        process.kill(leftover, 'SIGINT');
      } catch {
        // already gone
      }
    }
    rmSync(home, { recursive: true, force: true });
    built.remove();
  });

  it('prints the console and a generated admin once, offers an inquiry on a socket, and keeps it across SIGTERM', async () => {
    running = await startZeroInstall(built, home);
    expect(running.output()).toContain(
      `Contact center ready: open http://localhost:${new URL(running.url).port}/console`,
    );
    admin = printedAdmin(running.output());
    expect(admin).not.toBeNull();
    expect(running.output().match(new RegExp(admin!.password, 'g'))).toHaveLength(1); // printed once, never logged
    const health = await request(running.url).get('/health').expect(200);
    expect(Object.keys(health.body.details as object)).toEqual(['postgresql']);

    const adminToken = await loginAs(running, admin!.email, admin!.password);
    const agent = await createUser(asApp(running), adminToken, {
      email: 'agent@staff.example.com',
      name: 'Agent',
      roles: ['agent'],
      skills: { channels: ['e_sales'] },
    });
    const client = await AgentClient.connect(asApp(running), agent.token);
    clients.push(client);
    await client.setPresence('available');
    const contactId = await postQuote(running, 'Sato');
    const offer = await client.waitFor<OfferEvent>('offer', (o) => o.contactId === contactId, 15_000);
    expect(offer.contactId).toBe(contactId);
    client.close();

    expect(await stop('SIGTERM')).toBe(0);
    expect(embeddedServerPid(home)).toBeNull(); // PostgreSQL stopped cleanly, after the app

    running = await startZeroInstall(built, home);
    expect(printedAdmin(running.output())).toBeNull(); // the password is never shown again
    const token = await loginAs(running, admin!.email, admin!.password);
    expect((await contactOf(running, token, contactId)).channel).toBe('e_sales');
    expect(await stop('SIGTERM')).toBe(0);
  }, 180_000);

  it('loses nothing to a kill -9: the leftover PostgreSQL is found and the contact is processed after the restart', async () => {
    running = await startZeroInstall(built, home);
    const ids = [await postQuote(running, 'Suzuki'), await postQuote(running, 'Tanaka')];
    const leftover = embeddedServerPid(home);
    expect(leftover).not.toBeNull();
    expect(await stop('SIGKILL')).toBe('SIGKILL');

    running = await startZeroInstall(built, home);
    expect(running.output()).toContain(`a PostgreSQL left running on`);
    expect(embeddedServerPid(home)).not.toBe(leftover);
    const token = await loginAs(running, admin!.email, admin!.password);
    for (const id of ids) {
      const contact = await eventually(async () => {
        const found = await contactOf(running!, token, id);
        return found.status === 'queued' ? found : undefined;
        // A job the killed process held comes back after the stall bound (lockDuration + stalledInterval, 15 s).
      }, 40_000);
      expect(contact.channel).toBe('e_sales');
    }
  }, 180_000);

  it('says what to do when the user PostgreSQL runs as cannot reach the data folder', async () => {
    if (process.getuid?.() !== 0) return; // only root hands PostgreSQL to another user
    const closed = join(home, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    const p = await startZeroInstall(built, closed, { expectExit: true });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/cannot write .*closed.*chmod o\+x.*or set DATABASE_URL/);
  }, 60_000);
});
