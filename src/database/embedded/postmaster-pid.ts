/**
 * What PostgreSQL's `postmaster.pid` lock file says about the server that wrote it. PostgreSQL
 * writes it in the data folder while it runs and removes it on a clean stop; after the service
 * was killed with SIGKILL the server goes on running and the file stays, so the next start must
 * find that server before it tries to start a second one on the same folder.
 *
 * Layout (PostgreSQL's pidfile.h): line 1 the postmaster's pid, line 2 the data directory,
 * line 3 the start time (epoch seconds), line 4 the port, then socket directory, listen address,
 * shared memory key and status.
 */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number | null;
}

/** Parses the file's text; null when it is not a postmaster.pid (empty, truncated, garbled). */
export function parsePostmasterPid(text: string): PostmasterPid | null {
  const lines = text.split('\n');
  const pid = Number(lines[0]?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const dataDir = lines[1]?.trim() ?? '';
  if (dataDir === '') return null;
  const port = Number(lines[3]?.trim());
  return { pid, dataDir, port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : null };
}

/** What to do about a lock file found at start-up. */
export type LeftoverDecision =
  /** No lock file, or one whose server is gone: PostgreSQL clears a stale file itself. */
  | { kind: 'start' }
  /** A server of this folder still runs and no live service owns it: a kill -9 leftover. */
  | { kind: 'stop-leftover'; pid: number }
  /** A live service process of ours still uses it: never take a database from under it. */
  | { kind: 'in-use'; ownerPid: number };

/**
 * `serverAlive`: the pid in the lock file is a running postgres process; `ownerPid`: the service
 * process recorded as having started it (null when unknown) and whether that one still runs.
 */
export function decideOnLeftover(
  lock: PostmasterPid | null,
  serverAlive: boolean,
  owner: { pid: number; alive: boolean } | null,
  selfPid: number,
): LeftoverDecision {
  if (!lock || !serverAlive) return { kind: 'start' };
  if (owner && owner.alive && owner.pid !== selfPid) return { kind: 'in-use', ownerPid: owner.pid };
  return { kind: 'stop-leftover', pid: lock.pid };
}
