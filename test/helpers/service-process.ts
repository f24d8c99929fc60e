import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deleteRedisKeys, dropDatabase, eventually, runtimeRedisEnv, TEST_PG_URL } from './test-app';

const ROOT = resolve(__dirname, '..', '..');

/** The service compiled into a temporary folder (CI has no dist/), laid out like a checkout. */
export interface BuiltService {
  dir: string;
  main: string;
  remove(): void;
}

export function buildService(): BuiltService {
  const dir = mkdtempSync(join(tmpdir(), 'cc-build-'));
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'tsc'),
    ['-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  // The built code finds its dependencies and the console's files where a checkout has them.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'public'), join(dir, 'public'));
  return { dir, main: join(dir, 'dist', 'main.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A real process of the service on its own database, Redis prefix and port. */
export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  port: number;
  databaseName: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  cleanUp(): Promise<void>;
}

export async function startServiceProcess(
  built: BuiltService,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const databaseName = `cc_test_proc_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const storage = mkdtempSync(join(tmpdir(), `${databaseName}-storage-`));
  const child = spawn(process.execPath, [built.main], {
    cwd: built.dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: `${TEST_PG_URL}/${databaseName}`,
      ...runtimeRedisEnv(),
      REDIS_KEY_PREFIX: databaseName,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'info',
      SMTP_INTAKE_PORT: '0',
      STORAGE_DIR: storage,
      INQUIRY_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    child,
    url,
    port,
    databaseName,
    output: () => output,
    exited,
    cleanUp: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(storage, { recursive: true, force: true });
      await dropDatabase(databaseName);
      await deleteRedisKeys(databaseName);
    },
  };
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the service exited at start-up:\n${output}`);
      return (await statusOf(`${url}/health`)) === 200 ? true : undefined;
    },
    60_000,
    200,
  );
  return service;
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

export type Outcome = { status: number; body: string } | { error: string };

/** One request on a connection of its own (no keep-alive agent). */
export function postJson(url: string, body: unknown, onResponse?: () => void): Promise<Outcome> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          onResponse?.();
          resolve({ status: res.statusCode ?? 0, body: text });
        });
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}
