// One migration runner for both entry points. It reads the bundle (src/db/migrations.generated.ts),
// compares it with drizzle's journal table and applies what is pending, each migration in one
// atomic batch together with its journal row, so a failure leaves the previous state intact.
// The journal rows are the ones drizzle's own migrator writes (hash, created_at = journal `when`),
// so `drizzle-kit migrate` and this runner agree on what is applied.
import type { BundledMigration } from './migration-bundle';
import { bundledMigrations } from './migrations.generated';
import type { SqlValue, StoragePort } from '../storage';

export const JOURNAL_TABLE = '__drizzle_migrations';

export interface MigrationState {
  applied: string[];
  pending: string[];
  bundled: string[];
  destructivePending: string[];
  /** Tag of the newest applied migration, or null on an empty database. */
  current: string | null;
  latest: string | null;
  /** Applied rows whose hash no longer matches the bundle (an edited migration). */
  mismatched: string[];
  /** Applied rows that this build does not know (a newer build ran here). */
  unknown: number;
}

interface JournalRow {
  hash: string;
  createdAt: number;
}

/** Raw reads: a storage port, or a file opened read-only before boot decides to open it (src/node/preflight.ts). */
/** Raw reads: the port, or a file opened read-only at start-up (src/node/preflight.ts). */
type ExecuteOnly = { execute(sql: string, args?: SqlValue[]): Promise<{ rows: Record<string, unknown>[] }> };

async function journalExists(storage: ExecuteOnly): Promise<boolean> {
  const rs = await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [JOURNAL_TABLE]);
  return rs.rows.length > 0;
}

async function readJournal(storage: ExecuteOnly): Promise<JournalRow[]> {
  if (!(await journalExists(storage))) return [];
  const rs = await storage.execute(`SELECT hash, created_at FROM ${JOURNAL_TABLE} ORDER BY created_at`);
  return rs.rows.map((r) => ({ hash: String(r.hash), createdAt: Number(r.created_at) }));
}

export async function migrationState(
  storage: ExecuteOnly,
  bundle: BundledMigration[] = bundledMigrations,
): Promise<MigrationState> {
  const journal = await readJournal(storage);
  // drizzle's rule: everything newer than the last applied migration is pending.
  const lastApplied = journal.reduce((max, r) => Math.max(max, r.createdAt), -Infinity);
  const applied = bundle.filter((m) => m.when <= lastApplied);
  const pending = bundle.filter((m) => m.when > lastApplied);
  const byWhen = new Map(journal.map((r) => [r.createdAt, r.hash]));
  return {
    applied: applied.map((m) => m.tag),
    pending: pending.map((m) => m.tag),
    bundled: bundle.map((m) => m.tag),
    destructivePending: pending.filter((m) => m.destructive).map((m) => m.tag),
    current: applied.at(-1)?.tag ?? null,
    latest: bundle.at(-1)?.tag ?? null,
    mismatched: applied.filter((m) => byWhen.has(m.when) && byWhen.get(m.when) !== m.hash).map((m) => m.tag),
    unknown: journal.filter((r) => !bundle.some((m) => m.when === r.createdAt)).length,
  };
}

export class MigrationError extends Error {
  constructor(
    readonly tag: string,
    cause: unknown,
  ) {
    super(`Migration ${tag} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface ApplyResult {
  applied: string[];
  latest: string | null;
}

/**
 * Applies every pending migration in order. Each one is a single atomic batch: its statements
 * plus its journal row. Stops at the first failure with a MigrationError naming the tag.
 */
export async function applyPendingMigrations(
  storage: StoragePort,
  bundle: BundledMigration[] = bundledMigrations,
): Promise<ApplyResult> {
  const state = await migrationState(storage, bundle);
  const done: string[] = [];
  for (const tag of state.pending) {
    const migration = bundle.find((m) => m.tag === tag)!;
    try {
      await storage.batch([
        {
          sql: `CREATE TABLE IF NOT EXISTS ${JOURNAL_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
        },
        ...migration.statements.map((sql) => ({ sql })),
        {
          sql: `INSERT INTO ${JOURNAL_TABLE} (hash, created_at) VALUES (?, ?)`,
          args: [migration.hash, migration.when],
        },
      ]);
    } catch (error) {
      throw new MigrationError(tag, error);
    }
    done.push(tag);
  }
  return { applied: done, latest: bundle.at(-1)?.tag ?? null };
}

/** True when the database holds business rows worth a backup before migrating. */
export async function hasBusinessData(storage: StoragePort): Promise<boolean> {
  const rs = await storage.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('orders', 'products', 'stock', 'users', 'shops', 'order_lines')",
  );
  for (const row of rs.rows) {
    const name = String(row.name);
    const count = await storage.execute(`SELECT EXISTS (SELECT 1 FROM "${name}") AS present`);
    if (Number(count.rows[0]?.present) === 1) return true;
  }
  return false;
}

/** A database written by the legacy Flask app: its tables but no migration journal. */
export async function isLegacyDatabase(storage: ExecuteOnly): Promise<boolean> {
  const rs = await storage.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('order_lines', 'users', ?)",
    [JOURNAL_TABLE],
  );
  const names = new Set(rs.rows.map((r) => String(r.name)));
  if (names.has(JOURNAL_TABLE)) return false;
  if (!names.has('order_lines') || !names.has('users')) return false;
  // The legacy order_lines has an `order_id` text column and no `orders` table.
  const orders = await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'orders'");
  return orders.rows.length === 0;
}
