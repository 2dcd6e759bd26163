// Applying a validated export (docs/domain/data-safety.md#applying-a-restore), inside the caller's
// one transaction: delete the restorable tables in reverse foreign-key order, insert the rows as
// they are read (multi-row INSERTs, so the remote adapter makes one round trip per batch) and
// verify the counts. `audit_log` is never deleted or overwritten (its exported rows are skipped),
// `backups` is never touched and `settings.session_secret` is kept.
//
// Users: without includeUsers the current accounts stay, and every "by user" reference in the
// restored rows is mapped by username to the current account of that name, or set to NULL
// (the `*_username` copy keeps who it was), the same rule as a hard-deleted user. With
// includeUsers the accounts become the export's: rows are updated in place by id (a DELETE
// would null the audit log's links to users who are still there).
import { EXCLUDED_SETTINGS_KEYS as KEPT_SETTINGS, EXPORTED_TABLES } from '../../db/logical-export';
import { checkRow } from '../../db/row-check';
import { quoteIdent, tableMeta, type TableMeta } from '../../db/table-meta';
import type { TableName } from '../../db/schema';
import type { SqlExecutor, SqlValue } from '../../storage';
import { lineLimits, readExportLines } from './lines';
import type { ExportUser } from './validate';

const MAX_ROWS_PER_INSERT = 500;
const MAX_VARIABLES = 30_000;

export interface ApplyOptions {
  includeUsers: boolean;
  users: ExportUser[];
  maxBytes: number;
  /** After each batch: throws when the service shuts down, so the transaction rolls back. */
  checkpoint?: () => Promise<void>;
}

/** The tables a restore replaces, parents first. */
export function restorableTables(includeUsers: boolean): TableName[] {
  return EXPORTED_TABLES.map(([name]) => name).filter(
    (name) => name !== 'audit_log' && (includeUsers || name !== 'users'),
  );
}

/** The rows of a table a restore replaces: every row, but for the settings this deployment keeps. */
function replaced(table: TableName): string {
  const where = table === 'settings' ? ` WHERE "key" NOT IN (${KEPT_SETTINGS.map((k) => `'${k}'`).join(', ')})` : '';
  return `FROM ${quoteIdent(table)}${where}`;
}

class BatchInserter {
  #table: TableMeta | null = null;
  #rows: unknown[][] = [];
  readonly inserted: Partial<Record<TableName, number>> = {};

  /** `suffix` follows the VALUES list (an ON CONFLICT clause). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly suffix = '',
    private readonly checkpoint?: () => Promise<void>,
  ) {}

  async add(meta: TableMeta, values: unknown[]) {
    if (this.#table !== meta || this.#rows.length >= this.#limit(meta)) await this.flush();
    this.#table = meta;
    this.#rows.push(values);
  }

  #limit(meta: TableMeta) {
    return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_VARIABLES / meta.columns.length)));
  }

  async flush() {
    const meta = this.#table;
    if (!meta || this.#rows.length === 0) return;
    const one = `(${meta.columns.map(() => '?').join(', ')})`;
    await this.sql.execute({
      sql: `INSERT INTO ${quoteIdent(meta.name)} (${meta.columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES ${this.#rows.map(() => one).join(', ')}${this.suffix}`,
      // checkRow has normalised every value to what its column binds.
      args: this.#rows.flat() as SqlValue[],
    });
    this.inserted[meta.name] = (this.inserted[meta.name] ?? 0) + this.#rows.length;
    this.#rows = [];
    await this.checkpoint?.();
  }
}

export async function applyExport(
  sql: SqlExecutor,
  source: Uint8Array,
  opts: ApplyOptions,
): Promise<Partial<Record<TableName, number>>> {
  const tables = restorableTables(opts.includeUsers);
  for (const table of [...tables].reverse()) {
    if (table !== 'users') await sql.execute(`DELETE ${replaced(table)}`);
  }
  // Replayed responses would describe data that is no longer there.
  await sql.execute('DELETE FROM "idempotency_keys"');

  const userMap = opts.includeUsers ? null : await mapUsersByName(sql, opts.users);
  const restored: Partial<Record<TableName, number>> = {};
  if (opts.includeUsers) restored.users = await replaceUsers(sql, opts.users);

  const userFkColumns = new Map<TableName, number[]>();
  for (const table of tables) {
    const meta = tableMeta(table);
    const indexes = meta.foreignKeys
      .filter((fk) => fk.table === 'users')
      .map((fk) => meta.columns.findIndex((c) => c.name === fk.columns[0]));
    userFkColumns.set(table, indexes);
  }

  const inserter = new BatchInserter(sql, '', opts.checkpoint);
  for await (const line of readExportLines(source, lineLimits(opts.maxBytes))) {
    if (line.no === 1 || line.bytes.length === 0) continue;
    const record = JSON.parse(new TextDecoder().decode(line.bytes)) as {
      table?: TableName;
      row?: Record<string, unknown>;
      end?: boolean;
    };
    if (record.end === true || !record.table) continue;
    const table = record.table;
    // Users were dealt with above; the audit log is never overwritten; kept settings stay.
    if (table === 'users' || table === 'audit_log') continue;
    if (table === 'settings' && KEPT_SETTINGS.includes(record.row!.key as string)) continue;
    const meta = tableMeta(table);
    const values = checkRow(meta, record.row).values!;
    if (userMap) {
      for (const i of userFkColumns.get(table) ?? []) {
        if (values[i] !== null) values[i] = userMap.get(values[i] as number) ?? null;
      }
    }
    await inserter.add(meta, values);
  }
  await inserter.flush();
  Object.assign(restored, inserter.inserted);

  for (const table of tables) {
    restored[table] ??= 0;
    const rs = await sql.execute(`SELECT count(*) AS n ${replaced(table)}`);
    const found = Number(rs.rows[0].n);
    if (found !== restored[table])
      throw new Error(`restore verification: ${table} has ${found} rows, expected ${restored[table]}`);
  }
  return restored;
}

/** Export user id -> id of the current account with the same username (or nothing). */
async function mapUsersByName(sql: SqlExecutor, users: ExportUser[]): Promise<Map<number, number>> {
  const rs = await sql.execute('SELECT "id", "username" FROM "users"');
  const current = new Map(rs.rows.map((r) => [String(r.username), Number(r.id)]));
  const map = new Map<number, number>();
  for (const u of users) {
    const id = current.get(u.username);
    if (id !== undefined) map.set(u.id, id);
  }
  return map;
}

/**
 * A session is valid while its user id's token_version equals the one in the token. So that a
 * restore never revives a session - one ended by "log out everywhere" or a password change
 * after the file was made, or one issued to whoever had that id before - token_version becomes
 * max(file, current), plus one where the id now belongs to another username.
 */
async function replaceUsers(sql: SqlExecutor, users: ExportUser[]): Promise<number> {
  const meta = tableMeta('users');
  const tv = meta.columns.findIndex((c) => c.name === 'token_version');
  const rs = await sql.execute('SELECT "id", "username", "token_version" FROM "users"');
  const current = new Map(
    rs.rows.map((r) => [Number(r.id), { username: String(r.username), tokenVersion: Number(r.token_version) }]),
  );
  await sql.execute({
    sql: 'DELETE FROM "users" WHERE "id" NOT IN (SELECT value FROM json_each(?))',
    args: [JSON.stringify(users.map((u) => u.id))],
  });
  // Usernames may move between ids; park the survivors' names so no update collides midway.
  await sql.execute(`UPDATE "users" SET "username" = '~restore~' || "id"`);
  const updates = meta.columns
    .filter((c) => !c.primary)
    .map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`);
  const upsert = new BatchInserter(sql, ` ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}`);
  for (const u of users) {
    const values = [...u.values];
    const before = current.get(u.id);
    if (before)
      values[tv] = Math.max(values[tv] as number, before.tokenVersion) + (before.username === u.username ? 0 : 1);
    await upsert.add(meta, values);
  }
  await upsert.flush();
  return users.length;
}
