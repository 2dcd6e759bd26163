// The versioned NDJSON logical export (docs/domain/data-safety.md#export-layout): a header line,
// one `{"table","row"}` line per row (tables in foreign-key-safe order, rows in primary-key order),
// then a trailer with per-table counts and the sha256 of every preceding byte. Runtime-neutral: it
// reads through any SqlExecutor (ideally inside a read transaction, so all tables reflect one
// instant) and writes strings to a sink, so it can stream a download or fill a backup.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { TABLES_IN_FK_ORDER, type TableName } from './schema';
import type { SqlExecutor, SqlValue, StoragePort } from '../storage';
import { migrationState } from './migrate';

export const EXPORT_FORMAT = 'wms-export';
export const EXPORT_VERSION = 1;

/** Never exported: operational state, secrets-adjacent or self-referential tables. */
export const NOT_EXPORTED: ReadonlySet<TableName> = new Set([
  'backups',
  'login_attempts',
  'idempotency_keys',
  'leases',
  'revoked_sessions',
  'data_version',
]);
/** Settings that belong to this deployment: never exported, kept by a restore. */
export const EXCLUDED_SETTINGS_KEYS: readonly string[] = ['session_secret'];

export const EXPORTED_TABLES = TABLES_IN_FK_ORDER.filter(([name]) => !NOT_EXPORTED.has(name));

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  schema: string;
  createdAt: string;
  source: 'file' | 'remote';
  tables: string[];
}

export interface ExportTrailer {
  end: true;
  counts: Record<string, number>;
  sha256: string;
}

const PAGE_SIZE = 2000;

/** Primary-key columns (database names) of a table, for ordering and keyset paging. */
export function primaryKeyColumns(table: SQLiteTable): string[] {
  const config = getTableConfig(table);
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  if (single.length > 0) return single;
  const composite = config.primaryKeys[0];
  if (composite) return composite.columns.map((c) => c.name);
  return ['rowid'];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function jsonValue(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { $base64: bytesToBase64(new Uint8Array(value)) };
  if (value instanceof Uint8Array) return { $base64: bytesToBase64(value) };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export async function writeLogicalExport(
  sql: SqlExecutor,
  meta: { schema: string; source: 'file' | 'remote'; now: Date },
  sink: (chunk: string) => Promise<void> | void,
): Promise<ExportTrailer> {
  const hash = sha256.create();
  const encoder = new TextEncoder();
  const emit = async (text: string) => {
    hash.update(encoder.encode(text));
    await sink(text);
  };

  // A snapshot taken under an older schema may lack later tables: export what it has.
  const present = await sql.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
  const names = new Set(present.rows.map((r) => String(r.name)));
  const tables = EXPORTED_TABLES.filter(([name]) => names.has(name));

  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    schema: meta.schema,
    createdAt: meta.now.toISOString(),
    source: meta.source,
    tables: tables.map(([name]) => name),
  };
  await emit(JSON.stringify(header) + '\n');

  const counts: Record<string, number> = {};
  for (const [name, table] of tables) {
    const pk = primaryKeyColumns(table);
    const orderBy = pk.map(quote).join(', ');
    const filter = name === 'settings' ? `key NOT IN (${EXCLUDED_SETTINGS_KEYS.map(() => '?').join(', ')})` : null;
    let count = 0;
    let last: SqlValue[] | null = null;
    for (;;) {
      const conditions: string[] = [];
      const args: SqlValue[] = [];
      if (filter) {
        conditions.push(filter);
        args.push(...EXCLUDED_SETTINGS_KEYS);
      }
      if (last) {
        conditions.push(`(${orderBy}) > (${pk.map(() => '?').join(', ')})`);
        args.push(...last);
      }
      const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
      const selectPk = pk[0] === 'rowid' ? 'rowid AS "__rowid", ' : '';
      const rs = await sql.execute({
        sql: `SELECT ${selectPk}* FROM ${quote(name)}${where} ORDER BY ${orderBy} LIMIT ${PAGE_SIZE}`,
        args,
      });
      if (rs.rows.length === 0) break;
      let chunk = '';
      for (const row of rs.rows) {
        const out: Record<string, unknown> = {};
        for (const column of rs.columns) {
          if (column === '__rowid') continue;
          out[column] = jsonValue(row[column]);
        }
        chunk += JSON.stringify({ table: name, row: out }) + '\n';
      }
      await emit(chunk);
      count += rs.rows.length;
      const tail = rs.rows[rs.rows.length - 1];
      last = pk.map((c) => (c === 'rowid' ? tail.__rowid : tail[c]) as SqlValue);
      if (rs.rows.length < PAGE_SIZE) break;
    }
    counts[name] = count;
  }

  const trailer: ExportTrailer = { end: true, counts, sha256: bytesToHex(hash.digest()) };
  await sink(JSON.stringify(trailer) + '\n');
  return trailer;
}

/** Gzips a stream of text chunks into one byte array (backups that are kept as a blob/file). */
export async function gzipText(
  produce: (sink: (chunk: string) => Promise<void>) => Promise<unknown>,
): Promise<Uint8Array> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const encoder = new TextEncoder();
  const collected = new Response(stream.readable).arrayBuffer();
  try {
    await produce(async (chunk) => {
      await writer.write(encoder.encode(chunk));
    });
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  }
  return new Uint8Array(await collected);
}

/**
 * The NDJSON export of the whole database, gzipped, as a stream: rows are read page by page
 * inside one read transaction (all tables reflect one instant) while the consumer reads, so the
 * file is never held in memory whole. The read transaction ends when the stream is fully read,
 * fails or is cancelled; `trailer` settles then.
 */
export function streamNdjsonGz(storage: StoragePort, schema: string, nowMs: number) {
  const text = new TransformStream<Uint8Array, Uint8Array>();
  const writer = text.writable.getWriter();
  const encoder = new TextEncoder();
  const trailer = (async (): Promise<ExportTrailer> => {
    try {
      const result = await storage.readTransaction((_tx, sql) =>
        writeLogicalExport(sql, { schema, source: storage.kind, now: new Date(nowMs) }, async (chunk) => {
          // Resolves only once the consumer took the previous chunk: backpressure all the way.
          await writer.write(encoder.encode(chunk));
        }),
      );
      await writer.close();
      return result;
    } catch (error) {
      await writer.abort(error).catch(() => {});
      throw error;
    }
  })();
  // A consumer that stops reading sees the stream error; nobody need await the trailer.
  trailer.catch(() => {});
  const stream = text.readable.pipeThrough(
    new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  return { stream, trailer };
}

/** The same export collected into bytes (a backup kept as a file or a blob). */
export async function exportNdjsonGz(storage: StoragePort, nowMs: number) {
  const state = await migrationState(storage);
  const { stream, trailer } = streamNdjsonGz(storage, state.current ?? '', nowMs);
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return { bytes, counts: (await trailer).counts, schema: state.current };
}
