import 'reflect-metadata';
import { resolve } from 'node:path';
import { createHttpApp, createWorkerContext } from './app.factory';
import { installGracefulShutdown } from './common/graceful-shutdown';
import { readyBanner } from './common/ready-banner';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigurationError } from './config/env.schema';
import { resolveDatabase } from './database/embedded/resolve-database';
import { prepareDatabase } from './database/prepare-database';
import { UsersService } from './users/users.service';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // DATABASE_URL unset: an embedded PostgreSQL starts first and stops last (after the app closed).
  const database = await resolveDatabase(config);
  stopDatabaseOnFailure = database.stop;
  config = database.config;
  // The database exists and is migrated before anything serves.
  await prepareDatabase(database.config.DATABASE_URL);

  if (config.PROCESS_ROLE === 'worker') {
    const context = await createWorkerContext(config);
    installGracefulShutdown(context, null, config.SHUTDOWN_TIMEOUT_SECONDS, undefined, database.stop);
    return;
  }
  const app = await createHttpApp(config);
  // Drain HTTP first, then jobs, offers and connections; exit within SHUTDOWN_TIMEOUT_SECONDS.
  installGracefulShutdown(app, app.getHttpServer(), config.SHUTDOWN_TIMEOUT_SECONDS, undefined, database.stop);
  await app.listen(config.PORT);
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    readyBanner({
      consoleUrl: `http://localhost:${port}/console`,
      firstAdmin: app.get(UsersService).takeFirstAdmin(),
      embeddedDataDir: database.embedded ? resolve(config.EMBEDDED_PG_DATA_DIR) : null,
    }),
  );
}

/** Set once an embedded PostgreSQL runs, so a failed start does not leave it behind. */
let stopDatabaseOnFailure: () => Promise<void> = () => Promise.resolve();

main().catch(async (error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopDatabaseOnFailure().catch(() => undefined);
  process.exit(1);
});
