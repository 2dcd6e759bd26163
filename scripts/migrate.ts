// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL for
// a remote libSQL database, else the same file the server would open), with a pre_migration
// backup first when data exists. The worker never migrates a non-empty database by itself.
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { boot, BootError } from '../src/node/boot';
import { buildInfo } from '../src/build-info';

if (process.env.npm_lifecycle_event === 'db:migrate' && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = 'info';
const parsed = loadConfig(process.env, 'node');
if (!parsed.ok) {
  console.error(`Invalid configuration: ${parsed.errors.map((e) => `${e.variable} (${e.message})`).join('; ')}`);
  process.exit(1);
}
const log = createLogger(parsed.config.LOG_LEVEL);
try {
  // Booting applies the migrations (and logs what it did); then we simply close again.
  const booted = await boot(parsed.config, { cwd: process.cwd(), log, build: buildInfo('node-cli', Date.now()) });
  await booted.storage.close();
} catch (error) {
  log.error(error instanceof BootError ? error.message : (error as Error).message);
  process.exit(1);
}
