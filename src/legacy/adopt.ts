// Legacy adoption (docs/domain/data-safety.md#legacy-adoption) as two use cases over the storage
// port, each ONE transaction, so any failure leaves the database exactly as it was:
//  - adoptInPlace: the legacy file itself becomes the new database. Its tables are renamed
//    `legacy_<name>` (kept until POST /api/admin/legacy/drop), every bundled migration is applied
//    with drizzle's journal rows, the rows are converted, the `_legacy` backup is catalogued.
//  - importLegacy: the rows of a legacy file read elsewhere go into an empty database of this
//    schema (`npm run legacy:import`, for a remote libSQL database).
// Both write one audit row `legacy.adopt` with per-table counts and the conversion report.
import { sql } from 'drizzle-orm';
import { backups } from '../db/schema';
import { JOURNAL_TABLE } from '../db/migrate';
import type { BundledMigration } from '../db/migration-bundle';
import { bundledMigrations } from '../db/migrations.generated';
import { systemActor } from '../services/context';
import type { Db, SqlExecutor, StoragePort } from '../storage';
import { writeAudit } from '../services/audit';
import { refreshAllClosedAt } from '../services/orders/closed-state';
import { convertLegacy, type Conversion } from './convert';
import { legacyTableNames, readLegacyData, type LegacyQuery } from './read';
import { reportJson } from './report';
import { writeConverted } from './write';

export const LEGACY_PREFIX = 'legacy_';

export class LegacyAdoptionError extends Error {}

export interface LegacyBackupFacts {
  name: string;
  sizeBytes: number;
  checksum: string;
  /** Row count of every legacy table in the snapshot. */
  rowCounts: Record<string, number>;
}

export interface AdoptionResult {
  /** Rows written per new table (docs/domain/data-model.md#tables names). */
  counts: Record<string, number>;
  /** Rows per legacy table, as read. */
  legacyCounts: Record<string, number>;
  /** The conversion report; its row lists are emptied as they are written. */
  conversion: Conversion;
  auditId: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Raw reads inside the transaction, rows as plain objects (no drizzle mapping: large tables). */
function txQuery(exec: SqlExecutor): LegacyQuery {
  return async (text) => {
    const rs = await exec.execute(text);
    // Object.fromEntries keeps V8's compact object layout; adding 37 keys one by one would
    // turn each row into a dictionary and triple the memory of a large read.
    return rs.rows.map((row) => Object.fromEntries(rs.columns.map((column, i) => [column, row[i]])));
  };
}

/**
 * Applies, inside the caller's transaction, every bundled migration newer than the journal's
 * last one, with the journal rows drizzle's migrator writes (hash, created_at = `when`).
 */
export async function applyMigrationsInTransaction(
  tx: Db,
  bundle: BundledMigration[] = bundledMigrations,
): Promise<string[]> {
  await tx.run(
    sql.raw(
      `CREATE TABLE IF NOT EXISTS ${JOURNAL_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
    ),
  );
  const [last] = (await tx.all(sql.raw(`SELECT max(created_at) AS last FROM ${JOURNAL_TABLE}`))) as {
    last: number | null;
  }[];
  const applied: string[] = [];
  for (const migration of bundle) {
    if (last?.last != null && migration.when <= Number(last.last)) continue;
    for (const statement of migration.statements) await tx.run(sql.raw(statement));
    await tx.run(
      sql`INSERT INTO ${sql.raw(JOURNAL_TABLE)} (hash, created_at) VALUES (${migration.hash}, ${migration.when})`,
    );
    applied.push(migration.tag);
  }
  return applied;
}

async function finish(
  tx: Db,
  exec: SqlExecutor,
  conversion: Conversion,
  legacyCounts: Record<string, number>,
  now: number,
  details: Record<string, unknown>,
): Promise<AdoptionResult> {
  const counts = await writeConverted(exec, conversion.rows);
  // The converted orders carry their first closing time already; this keeps the invariant
  // (closed_at set exactly for cancelled, trashed or packed orders) whatever the data said.
  await refreshAllClosedAt(tx, now);
  const auditId = await writeAudit(
    tx,
    systemActor(),
    {
      action: 'legacy.adopt',
      targetType: 'database',
      targetId: (details.backup as string | null) ?? null,
      targetLabel: (details.source as string | null) ?? null,
      counts,
      details: { ...details, legacyCounts, report: reportJson(conversion.report) },
    },
    now,
  );
  return { counts, legacyCounts, conversion, auditId };
}

/** Reads and converts; the legacy rows go out of scope here, before anything is written. */
async function readAndConvert(query: LegacyQuery, prefix: string, now: number) {
  const data = await readLegacyData(query, prefix);
  return { conversion: convertLegacy(data, now), legacyCounts: data.tableCounts };
}

/**
 * Converts the legacy database behind `storage` in place. `backup` is the `VACUUM INTO` snapshot
 * already taken; its catalogue row is written here, once the `backups` table exists.
 */
export async function adoptInPlace(
  storage: StoragePort,
  opts: { now: number; source: string; backup: LegacyBackupFacts; bundle?: BundledMigration[] },
): Promise<AdoptionResult> {
  const { now, backup } = opts;
  return storage.transaction(async (tx, exec) => {
    const query = txQuery(exec);
    const tables = await legacyTableNames(query);
    const present = new Set(tables);
    for (const name of tables) {
      if (name.startsWith(LEGACY_PREFIX)) continue;
      if (present.has(LEGACY_PREFIX + name)) {
        throw new LegacyAdoptionError(
          `a table named ${LEGACY_PREFIX}${name} already exists beside ${name}; this file is not a plain legacy database`,
        );
      }
    }
    const renamed: string[] = [];
    for (const name of tables) {
      if (name.startsWith(LEGACY_PREFIX)) continue;
      await tx.run(sql.raw(`ALTER TABLE ${quote(name)} RENAME TO ${quote(LEGACY_PREFIX + name)}`));
      renamed.push(LEGACY_PREFIX + name);
    }
    const migrations = await applyMigrationsInTransaction(tx, opts.bundle);
    const { conversion, legacyCounts } = await readAndConvert(query, LEGACY_PREFIX, now);
    await tx.insert(backups).values({
      name: backup.name,
      kind: 'pre_migration',
      format: 'sqlite',
      createdAt: now,
      createdByUserId: null,
      createdByUsername: 'system',
      storage: 'file',
      fileName: backup.name,
      sizeBytes: backup.sizeBytes,
      schemaVersion: null,
      rowCounts: JSON.stringify(backup.rowCounts),
      checksum: backup.checksum,
    });
    return finish(tx, exec, conversion, legacyCounts, now, {
      mode: 'adopt',
      source: opts.source,
      backup: backup.name,
      migrations,
      legacyTablesKept: renamed,
    });
  });
}

/** Tables whose rows mean the target already holds business data. */
const TARGET_TABLES = [
  'users',
  'shops',
  'products',
  'stock',
  'sales_status',
  'orders',
  'imports',
  'print_jobs',
  'pending_cancellations',
];

/**
 * Imports the rows of a legacy file (read through `legacy`, e.g. a local client on that file)
 * into `storage`, which must hold no business data yet; pending migrations are applied in the
 * same transaction.
 */
export async function importLegacy(
  storage: StoragePort,
  legacy: LegacyQuery,
  opts: { now: number; source: string; bundle?: BundledMigration[] },
): Promise<AdoptionResult> {
  const { conversion, legacyCounts } = await readAndConvert(legacy, '', opts.now);
  return storage.transaction(async (tx, exec) => {
    const query = txQuery(exec);
    const existing = new Set(await legacyTableNames(query));
    if (existing.has('order_lines') && !existing.has('orders')) {
      throw new LegacyAdoptionError(
        'the target database is itself a legacy database: start the server on it with LEGACY_ADOPT=true instead',
      );
    }
    for (const table of TARGET_TABLES) {
      if (!existing.has(table)) continue;
      const [row] = await query(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS present`);
      if (Number(row?.present) === 1) {
        throw new LegacyAdoptionError(
          `the target database already holds data (table ${table} is not empty); import a legacy file only into an empty database`,
        );
      }
    }
    if (existing.has('settings')) {
      const [row] = await query(
        'SELECT EXISTS (SELECT 1 FROM "settings" WHERE "key" LIKE \'sheet\\_url.%\' ESCAPE \'\\\') AS present',
      );
      if (Number(row?.present) === 1)
        throw new LegacyAdoptionError(
          'the target database already holds saved sheet URLs; import a legacy file only into an empty database',
        );
    }
    const migrations = await applyMigrationsInTransaction(tx, opts.bundle);
    return finish(tx, exec, conversion, legacyCounts, opts.now, {
      mode: 'import',
      source: opts.source,
      backup: null,
      migrations,
    });
  });
}
