// `npm run legacy:import -- <legacy file>` (docs/domain/data-safety.md#legacy-adoption, its last
// point): the same conversion as the boot-time adoption, from a legacy file into the database this
// service is configured for (DATABASE_URL for a remote libSQL database, else the file the server
// would open). The legacy file is only read. The target must hold no business data; the write is
// one transaction, batched into multi-row INSERTs (the remote adapter pays a round trip per
// statement).
import { createClient } from '@libsql/client';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openFileStorage } from '../../adapters/libsql-file';
import { openRemoteStorage, redactDatabaseUrl } from '../../adapters/libsql-remote';
import { loadConfig, resolveDatabaseLocation, type Env } from '../config';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import { importLegacy } from '../legacy/adopt';
import type { LegacyQuery } from '../legacy/read';
import { countsSummary, reportSummary } from '../legacy/report';
import { rootMessage } from './legacy-adoption';

export const LEGACY_IMPORT_USAGE = 'Usage: npm run legacy:import -- <legacy data.db>';

/** Runs the import; returns the process exit code (0 done, 1 nothing was written). */
export async function runLegacyImport(
  args: string[],
  env: Env,
  opts: { cwd: string; log: Logger; clock?: () => number },
): Promise<number> {
  const { log, cwd } = opts;
  const clock = opts.clock ?? Date.now;
  const file = args.find((a) => a !== '--');
  if (!file) {
    log.error(LEGACY_IMPORT_USAGE);
    return 1;
  }
  const legacyPath = resolve(cwd, file);
  if (!existsSync(legacyPath)) {
    log.error(`Legacy file not found: ${legacyPath}`);
    return 1;
  }
  const parsed = loadConfig(env, 'node');
  if (!parsed.ok) {
    log.error(`Invalid configuration: ${parsed.errors.map((e) => `${e.variable} (${e.message})`).join('; ')}`);
    return 1;
  }
  const { location, warnings } = resolveDatabaseLocation(parsed.config, cwd);
  for (const w of warnings) log.warn(w);
  log.info(`Database path: ${location.kind === 'file' ? location.path : redactDatabaseUrl(location.url)}`);
  if (location.kind === 'file' && resolve(location.path) === legacyPath) {
    log.error(
      'The target database is the legacy file itself: to convert it in place, start the server on it with LEGACY_ADOPT=true.',
    );
    return 1;
  }

  const legacy = createClient({ url: `file:${legacyPath}` });
  let storage: StoragePort | null = null;
  try {
    const query: LegacyQuery = async (text) => {
      const rs = await legacy.execute(text);
      return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])));
    };
    const tables = new Set(
      (await query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => String(r.name)),
    );
    if (
      !tables.has('order_lines') ||
      !tables.has('users') ||
      tables.has('orders') ||
      tables.has('__drizzle_migrations')
    ) {
      log.error(
        `${legacyPath} is not a legacy database (it needs the legacy order_lines and users tables and no migration journal).`,
      );
      return 1;
    }

    try {
      storage =
        location.kind === 'file'
          ? await openFileStorage({ path: location.path, persistent: true })
          : await openRemoteStorage({ url: location.url, authToken: location.authToken });
      await storage.execute('SELECT 1');
    } catch (error) {
      log.error(`Cannot open the target database: ${(error as Error).message}`);
      return 1;
    }

    try {
      const result = await importLegacy(storage, query, { now: clock(), source: basename(legacyPath) });
      log.info(`Legacy database imported: ${countsSummary(result.counts)} (from ${legacyPath})`);
      log.info(
        `Legacy conversion report (audit legacy.adopt #${result.auditId}): ${reportSummary(result.conversion.report)}`,
      );
      if (location.kind === 'remote' && result.counts.users > 0) {
        // docs/domain/auth.md#passwords: Workers cannot verify Werkzeug hashes (those accounts get
        // 403 password_reset_required there); a Node server verifies and rehashes them once.
        log.warn(
          `WARNING: the ${result.counts.users} legacy accounts keep their Werkzeug password hashes, which only the Node server can verify. ` +
            'Before serving this database from Workers, sign each account in once through a Node server on the same DATABASE_URL (it rehashes the password), or have an admin set new passwords.',
        );
      }
      return 0;
    } catch (error) {
      log.error(`Legacy import failed: ${rootMessage(error)}. Nothing was written to the target database.`);
      return 1;
    }
  } finally {
    legacy.close();
    await storage?.close().catch(() => {});
  }
}
