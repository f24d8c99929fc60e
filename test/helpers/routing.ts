import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { AgentClient } from './agent-socket';
import { bearer, createUser } from './http';
import { eventually, TestApp } from './test-app';

let seq = 0;

/** Posts a web inquiry; `e_sales` makes a quote for a simple product, `demand_generation` a question. */
export async function postInquiry(
  t: TestApp,
  channel: 'e_sales' | 'demand_generation' = 'e_sales',
  extra: Record<string, unknown> = {},
): Promise<string> {
  seq++;
  const body =
    channel === 'e_sales'
      ? {
          name: `Buyer ${seq}`,
          email: `buyer${seq}@customer${seq}.example.com`,
          message: 'Please quote 20 servers.',
          type: 'quote',
          productLine: 'server',
        }
      : {
          name: `Asker ${seq}`,
          email: `asker${seq}@asker${seq}.example.org`,
          message: 'What do you offer?',
          type: 'question',
        };
  const res = await request(t.url)
    .post('/inquiries')
    .send({ ...body, ...extra })
    .expect(202);
  return (res.body as { id: string }).id;
}

/** A staff user of the given roles, connected to the socket (not yet available). */
export async function connectedUser(
  t: TestApp,
  adminToken: string,
  name: string,
  roles: string[],
  skills: object = {},
): Promise<{ id: string; token: string; client: AgentClient }> {
  seq++;
  const user = await createUser(t, adminToken, {
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${seq}@staff.example.com`,
    name,
    roles,
    skills,
  });
  return { ...user, client: await AgentClient.connect(t, user.token) };
}

export async function contactStatus(db: DataSource, contactId: string): Promise<string | undefined> {
  const [row] = await db.query<{ status: string }[]>(`SELECT status FROM contact WHERE id = $1`, [contactId]);
  return row?.status;
}

export function waitForStatus(db: DataSource, contactId: string, status: string, timeoutMs = 5000): Promise<string> {
  return eventually(async () => ((await contactStatus(db, contactId)) === status ? status : undefined), timeoutMs, 25);
}

export async function timelineTypes(db: DataSource, contactId: string): Promise<string[]> {
  const rows = await db.query<{ type: string }[]>(`SELECT type FROM timeline_event WHERE contact_id = $1 ORDER BY id`, [
    contactId,
  ]);
  return rows.map((r) => r.type);
}

export async function setProfile(t: TestApp, adminToken: string, userId: string, profile: object): Promise<void> {
  await request(t.url).put(`/routing/agents/${userId}/profile`).set(bearer(adminToken)).send(profile).expect(200);
}

/**
 * Takes every waiting contact and pending offer out of routing, so the next test starts with an
 * empty queue (its agents must not be offered what an earlier test left behind).
 */
export async function clearQueues(db: DataSource): Promise<void> {
  await db.query(`UPDATE offer SET status = 'revoked', decided_at = now() WHERE status = 'pending'`);
  await db.query(`UPDATE contact SET status = 'closed' WHERE status IN ('queued', 'offered')`);
}

/**
 * The outcome of the dispatch that followed a contact's classification, once it ran:
 * `{ outcome: 'waiting', reason }` when nobody could take it. The classification job dispatches in
 * line and keeps the outcome in its return value; the fallback dispatch job (run only when that
 * dispatch did not commit) keeps it in its own.
 */
export async function firstDispatch(
  t: TestApp,
  contactId: string,
): Promise<{ outcome: string; reason?: string; agentId?: string }> {
  type Outcome = { outcome: string; reason?: string; agentId?: string };
  const completedValue = async (queueName: QueueName, jobId: string): Promise<unknown> => {
    const queue = t.app.get(QueueRegistry).get(queueName);
    const job = await queue.getJob(jobId);
    if (!job || !(await job.isCompleted())) return undefined;
    // The job read may predate its completion (no return value yet): read it again, now completed.
    return (await queue.getJob(jobId))?.returnvalue ?? undefined;
  };
  return eventually(async () => {
    const classified = (await completedValue(QueueName.Intake, `${JobName.ProcessContact}.${contactId}`)) as
      { dispatch?: Outcome } | undefined;
    if (classified?.dispatch) return classified.dispatch;
    return (await completedValue(QueueName.Routing, `${JobName.DispatchContact}.${contactId}.queued`)) as
      Outcome | undefined;
  });
}

/** Resolves once every one of these contacts is `queued` (classified, none left `received`). */
export function allQueued(db: DataSource, ids: readonly string[], timeoutMs: number): Promise<true> {
  return eventually(
    async () => {
      const [row] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
        [ids],
      );
      return row.n === ids.length ? true : undefined;
    },
    timeoutMs,
    250,
  );
}
