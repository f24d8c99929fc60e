import 'reflect-metadata';
import { createHttpApp, createWorkerContext } from './app.factory';
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
    context.enableShutdownHooks();
    return;
  }
  const app = await createHttpApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT);
}

main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
