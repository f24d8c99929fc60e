import { resolve } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  /** The configuration with DATABASE_URL set (the embedded server's when it was unset). */
  config: AppConfig & { DATABASE_URL: string };
  /** True when this process started an embedded PostgreSQL. */
  embedded: boolean;
  /** Stops the embedded server; a no-op for a named database. Call it last, after the app closed. */
  stop: () => Promise<void>;
}

/** DATABASE_URL set: that database. Unset: an embedded PostgreSQL (the configuration refuses that in production). */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { config: { ...config, DATABASE_URL: config.DATABASE_URL }, embedded: false, stop: () => Promise.resolve() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: resolve(config.EMBEDDED_PG_DATA_DIR),
    port: config.EMBEDDED_PG_PORT,
  });
  return { config: { ...config, DATABASE_URL: server.url }, embedded: true, stop: () => server.stop() };
}
