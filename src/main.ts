import 'reflect-metadata';
import { createHttpApp, createWorkerContext } from './app.factory';
import { installGracefulShutdown } from './common/graceful-shutdown';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigurationError } from './config/env.schema';
import { prepareDatabase } from './database/prepare-database';

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

  // The database exists and is migrated before anything serves.
  await prepareDatabase(config.DATABASE_URL);

  if (config.PROCESS_ROLE === 'worker') {
    const context = await createWorkerContext(config);
    installGracefulShutdown(context, null, config.SHUTDOWN_TIMEOUT_SECONDS);
    return;
  }
  const app = await createHttpApp(config);
  // Drain HTTP first, then jobs, offers and connections; exit within SHUTDOWN_TIMEOUT_SECONDS.
  installGracefulShutdown(app, app.getHttpServer(), config.SHUTDOWN_TIMEOUT_SECONDS);
  await app.listen(config.PORT);
}

main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
