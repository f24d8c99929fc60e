import { loadConfig } from '../config/app-config';
import { prepareDatabase } from './prepare-database';

/** `npm run migration:run`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await prepareDatabase(config.DATABASE_URL);
  process.stdout.write(applied.length > 0 ? `applied migrations: ${applied.join(', ')}\n` : 'database is up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
