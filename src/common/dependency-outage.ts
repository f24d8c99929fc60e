/**
 * Recognises an error that means "a dependency (PostgreSQL or Redis) is unreachable right now", as
 * opposed to a bug: such a request deserves a 503 with Retry-After (providers retry or fail over),
 * never a 500. Framework-free on purpose: errors are recognised by their codes, names and messages,
 * following `driverError` and `cause` chains (TypeORM and BullMQ wrap the client's error).
 */
export type Dependency = 'PostgreSQL' | 'Redis';

export interface DependencyOutage {
  dependency: Dependency | undefined;
  reason: string;
}

/** Socket-level codes: the connection could not be made, or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

/** PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now, connection exceptions, too many connections, statement timeout. */
const PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', '57014']);

const PG_MESSAGES = [
  /^Connection terminated/i, // pg: "... unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool's connectionTimeoutMillis
  /Query read timeout/i, // pg's query_timeout
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
];
const PG_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'CannotConnectAlreadyConnectedError',
]);

const REDIS_MESSAGES = [
  /^Connection is closed\.?$/i, // ioredis
  /Reached the max retries per request limit/i, // ioredis MaxRetriesPerRequestError
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /^Connection in subscriber mode/i,
  /^LOADING /, // Redis is loading its dataset
];
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  port?: unknown;
  stack?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const isObject = (v: unknown): v is ErrorLike => typeof v === 'object' && v !== null;

/** Which client raised a socket error, from where it was thrown (pg or ioredis). */
function dependencyOfSocketError(e: ErrorLike, via: Dependency | undefined): Dependency | undefined {
  if (via) return via;
  const stack = typeof e.stack === 'string' ? e.stack : '';
  if (/[/\\]node_modules[/\\](pg|pg-pool|typeorm)[/\\]/.test(stack)) return 'PostgreSQL';
  if (/[/\\]node_modules[/\\](ioredis|bullmq)[/\\]/.test(stack)) return 'Redis';
  if (e.port === 5432) return 'PostgreSQL';
  if (e.port === 6379) return 'Redis';
  return undefined;
}

function inspect(value: unknown, via: Dependency | undefined, depth: number): DependencyOutage | undefined {
  if (!isObject(value) || depth > 5) return undefined;
  const name = typeof value.name === 'string' ? value.name : '';
  const code = typeof value.code === 'string' ? value.code : '';
  const message = typeof value.message === 'string' ? value.message : '';

  if (PG_CODES.has(code)) return { dependency: 'PostgreSQL', reason: `${code} ${message}`.trim() };
  if (PG_NAMES.has(name) || PG_MESSAGES.some((re) => re.test(message))) {
    return { dependency: 'PostgreSQL', reason: message || name };
  }
  if (REDIS_NAMES.has(name) || REDIS_MESSAGES.some((re) => re.test(message))) {
    return { dependency: 'Redis', reason: message || name };
  }
  if (SOCKET_CODES.has(code))
    return { dependency: dependencyOfSocketError(value, via), reason: `${code} ${message}`.trim() };

  // TypeORM's QueryFailedError keeps the pg error in driverError: whatever it says is PostgreSQL's.
  const viaDriver = name === 'QueryFailedError' || name === 'TypeORMError' ? 'PostgreSQL' : via;
  for (const inner of [value.driverError, value.cause]) {
    const found = inspect(inner, viaDriver, depth + 1);
    if (found) return { ...found, dependency: found.dependency ?? viaDriver };
  }
  // AggregateError (e.g. ECONNREFUSED on both ::1 and 127.0.0.1).
  if (Array.isArray(value.errors)) {
    for (const inner of value.errors) {
      const found = inspect(inner, via, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The outage this error reports, or undefined when it is some other error. */
export function dependencyOutage(error: unknown): DependencyOutage | undefined {
  return inspect(error, undefined, 0);
}

/** Seconds a client is told to wait before retrying while a dependency is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
