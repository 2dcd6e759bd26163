// `npm run legacy:import -- <legacy data.db>`: converts a legacy file into the configured
// database (DATABASE_URL for remote libSQL, else the file the server would open). See
// src/node/legacy-import.ts.
import { createLogger } from '../src/log';
import { runLegacyImport } from '../src/node/legacy-import';

const log = createLogger('info');
process.exitCode = await runLegacyImport(process.argv.slice(2), process.env, { cwd: process.cwd(), log });
