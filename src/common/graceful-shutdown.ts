import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { HttpDrain } from './http-drain';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Share of the shutdown bound the HTTP drain may use; the rest is for jobs, offers and connections. */
const DRAIN_SHARE = 0.6;

/**
 * On SIGTERM or SIGINT: stop accepting connections, answer every request already accepted
 * (HttpDrain), then close the app (Nest's shutdown hooks: running jobs finish, this process's
 * agents hand their pending offers back, connections close) and exit 0. Whatever is still
 * running after `timeoutSeconds` is cut: the process logs it and exits 1.
 * Used by main.ts instead of `enableShutdownHooks()`, which closes the database before the HTTP
 * server and so fails the requests in flight. `afterClose` runs once the app has closed (also
 * when closing failed): the embedded PostgreSQL stops there, after the last query.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  server: Server | null,
  timeoutSeconds: number,
  exit: (code: number) => void = (code) => process.exit(code),
  afterClose: () => Promise<void> = () => Promise.resolve(),
): void {
  const logger = new Logger('Shutdown');
  const drain = server ? new HttpDrain(server) : null;
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const bound = timeoutSeconds * 1000;
    logger.log(`${signal} received: draining (at most ${timeoutSeconds} s)`);
    const force = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutSeconds} s; exiting anyway`);
      exit(1);
    }, bound);
    force.unref();
    try {
      if (drain) {
        const left = await drain.drain(started + bound * DRAIN_SHARE);
        if (left > 0) logger.warn(`${left} HTTP connection(s) still open after the drain; closing them`);
        drain.destroyAll();
        logger.log(`HTTP drained in ${Date.now() - started} ms`);
      }
      await app.close();
      await afterClose();
      logger.log(`stopped in ${Date.now() - started} ms`);
      clearTimeout(force);
      exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await afterClose().catch(() => undefined);
      clearTimeout(force);
      exit(1);
    }
  };
  for (const signal of SIGNALS) process.once(signal, () => void stop(signal));
}
