import { loadConfig } from '../config/app-config';
import { resolveDatabase } from './embedded/resolve-database';
import { prepareDatabase } from './prepare-database';

/** `npm run migration:run`: creates the database if needed and applies pending migrations (DATABASE_URL unset: the embedded one). */
async function main(): Promise<void> {
  const database = await resolveDatabase(loadConfig());
  try {
    const applied = await prepareDatabase(database.config.DATABASE_URL);
    process.stdout.write(
      applied.length > 0 ? `applied migrations: ${applied.join(', ')}\n` : 'database is up to date\n',
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
