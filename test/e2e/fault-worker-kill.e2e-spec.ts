import type { Job } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseUrlOf } from '../../src/config/app-config';
import { QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { MailCatcher } from '../helpers/smtp';
import { allQueued } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '..', '..');

/** A worker process of its own (`PROCESS_ROLE=worker`), running the sources through swc. */
function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', './test/helpers/swc-register.cjs', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PROCESS_ROLE: 'worker' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.resume();
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A worker process is SIGKILLed while it holds jobs (acknowledgement mails halfway through a slow
 * SMTP dialogue, contacts being classified); a new worker starts. The jobs the dead worker held
 * come back (BullMQ's stalled-job check, tuned to 15 s by STALL_SETTINGS), every contact is
 * processed, and no customer is mailed twice: a mail whose sender died after the server took it
 * is given up as `uncertain`, never resent.
 */
describe('fault: a worker killed mid-load', () => {
  const catcher = new MailCatcher();
  let api: TestApp;
  let env: Record<string, string>;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const smtpPort = await catcher.start();
    // The server keeps each message, then takes 1.5 s to say so: a killed sender never hears it.
    catcher.replyDelayMs = 1500;
    api = await startTestApp(
      {
        PROCESS_ROLE: 'api',
        INQUIRY_RATE_LIMIT: '0',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Sales <sales@acme.example>',
        MAIL_SEND_UNCERTAIN_AFTER_MS: '4000',
        OUTBOX_REDELIVER_AFTER_MS: '2000',
      },
      { keep: true },
    );
    const c = api.config;
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrlOf(c),
      REDIS_URL: c.REDIS_URL ?? '',
      REDIS_KEY_PREFIX: c.REDIS_KEY_PREFIX,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'error',
      SMTP_INTAKE_PORT: '0',
      OUTBOX_SWEEP_MS: '500',
      MAIL_RETRY_BASE_MS: '200',
      STORAGE_DIR: api.storageDir,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Sales <sales@acme.example>',
      MAIL_SEND_UNCERTAIN_AFTER_MS: '4000',
      OUTBOX_REDELIVER_AFTER_MS: '2000',
      PORT: '0',
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map(kill));
    // The api removes the database and keys; the workers are gone first.
    await api?.close();
    await catcher.stop();
  });

  it('resumes the jobs a killed worker held, processes every contact and mails nobody twice', async () => {
    const db = api.app.get(DataSource);
    const queues = api.app.get(QueueRegistry);
    const post = async (i: number) => {
      const res = await fetch(`${api.url}/inquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Buyer ${i}`,
          email: `buyer${i}@kill.example`,
          message: 'Please quote 20 servers.',
          type: 'quote',
          productLine: 'server',
        }),
      });
      expect(res.status).toBe(202);
      return ((await res.json()) as { id: string }).id;
    };

    workers.push(startWorker(env));
    const ids = await Promise.all(Array.from({ length: 24 }, (_, i) => post(i)));
    // Mid-load: the first worker has mail on the wire, and more inquiries arrive as it dies.
    await eventually(() => Promise.resolve(catcher.received.length >= 4 ? true : undefined), 40_000, 50);
    ids.push(...(await Promise.all(Array.from({ length: 16 }, (_, i) => post(100 + i)))));
    const held = (
      await Promise.all([QueueName.Mail, QueueName.Intake].map((q) => queues.get(q).getActive()))
    ).flat() as Job[];
    await kill(workers[0]);
    expect(held.length).toBeGreaterThan(0);

    workers.push(startWorker(env));

    // Every contact is processed.
    await allQueued(db, ids, 60_000);
    // The jobs the dead worker held came back (stalled, moved back to wait) and finished.
    for (const job of held) {
      const queue = queues.get(job.queueName as QueueName);
      await eventually(async () => ((await queue.getJob(job.id!))?.finishedOn ? true : undefined), 60_000, 250);
    }
    const resumed = await Promise.all(
      held.map(async (j) => (await queues.get(j.queueName as QueueName).getJob(j.id!))!),
    );
    expect(resumed.some((j) => j.stalledCounter > 0)).toBe(true);

    // Every acknowledgement is decided: sent, or uncertain (its sender died mid-SMTP)...
    const records = await eventually(
      async () => {
        const rows = await db.query<{ key: string; status: string; recipient: string }[]>(
          `SELECT key, status, recipient FROM mail_send WHERE key LIKE 'ack.%'`,
        );
        return rows.length === ids.length && rows.every((r) => r.status === 'sent' || r.status === 'uncertain')
          ? rows
          : undefined;
      },
      60_000,
      250,
    );
    // ...and no customer got the acknowledgement twice; every one recorded as sent arrived once.
    for (const record of records) {
      const got = catcher.to(record.recipient).length;
      if (record.status === 'sent') expect({ to: record.recipient, got }).toEqual({ to: record.recipient, got: 1 });
      else expect(got).toBeLessThanOrEqual(1);
    }
    const [timeline] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM timeline_event WHERE type = 'contact.acknowledged'`,
    );
    expect(timeline.n).toBe(records.filter((r) => r.status === 'sent').length);
  }, 150_000);
});
