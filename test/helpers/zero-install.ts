import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltService } from './service-process';
import { freePort } from './service-process';
import { eventually } from './test-app';

/** The built service started as on a fresh machine: no DATABASE_URL, no REDIS_URL, no admin set. */
export interface ZeroInstallProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | string>;
}

/**
 * Starts the service with only the data folder named, so it starts its own embedded PostgreSQL
 * and keeps queues, fan-out and presence there. Resolves once /health answers 200, or rejects
 * with the output when the process exits first (`expectExit` resolves instead, for refusals).
 */
export async function startZeroInstall(
  built: BuiltService,
  home: string,
  options: { env?: Record<string, string>; expectExit?: boolean } = {},
): Promise<ZeroInstallProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [built.main], {
    cwd: built.dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      EMBEDDED_PG_DATA_DIR: join(home, '.data', 'postgres'),
      STORAGE_DIR: join(home, 'storage'),
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SMTP_INTAKE_PORT: '0',
      INQUIRY_RATE_LIMIT: '0',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? signal ?? -1)));
  const service = { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
  if (options.expectExit) return service;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the service exited at start-up:\n${output}`);
      try {
        return (await fetch(`${service.url}/health`)).status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    },
    90_000,
    200,
  );
  return service;
}

/** The generated first-admin credentials the start that created the admin printed. */
export function printedAdmin(output: string): { email: string; password: string } | null {
  const match = /First admin: (\S+)\s+password: (\S+)/.exec(output);
  return match ? { email: match[1], password: match[2] } : null;
}

/** The embedded server's pid while its lock file exists (null once it stopped cleanly). */
export function embeddedServerPid(home: string): number | null {
  const lock = join(home, '.data', 'postgres', 'postmaster.pid');
  if (!existsSync(lock)) return null;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
