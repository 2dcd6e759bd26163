// Restore validation (docs/domain/data-safety.md#restore-validation, step 2), all before any write:
// the header's format and version match exactly and its schema tag is known and not newer than the
// database (else 422 incompatible_export); every line is JSON naming a known table with a row that
// passes its row schema; the trailer's counts and sha256 match; foreign keys resolve and unique
// keys hold (else 422 invalid_export, with line numbers in `details`).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { AppError, unprocessable, type ErrorDetail } from '../../errors';
import {
  EXCLUDED_SETTINGS_KEYS,
  EXPORTED_TABLES,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportHeader,
} from '../../db/logical-export';
import { tableMeta, type TableMeta } from '../../db/table-meta';
import { checkRow } from '../../db/row-check';
import type { TableName } from '../../db/schema';
import { LineReadError, lineLimits, readExportLines } from './lines';

export const MAX_DETAILS = 100;

export interface ExportUser {
  id: number;
  username: string;
  role: string;
  disabled: boolean;
  values: unknown[];
}

export interface ExportSummary {
  header: ExportHeader;
  /** Rows per table, as found (and as the trailer states). */
  counts: Partial<Record<TableName, number>>;
  users: ExportUser[];
  /** Bytes of NDJSON after decompression. */
  ndjsonBytes: number;
  /** Settings rows of keys a restore keeps from this deployment (a hand-made file may carry them). */
  keptSettingsRows: number;
}

export interface ValidateOptions {
  /** Migration tags this build knows, oldest first. */
  knownTags: readonly string[];
  /** The database's newest applied tag. */
  currentTag: string | null;
  /** MAX_RESTORE_BYTES, applied again to the decompressed NDJSON. */
  maxBytes: number;
  /** Called every few thousand lines: throws when the service shuts down (src/services/system/shutdown.ts). */
  checkpoint?: () => Promise<void>;
}

const RESTORABLE = new Set<string>(EXPORTED_TABLES.map(([name]) => name));
const NEWLINE = new Uint8Array([0x0a]);

export const tooLarge = () => new AppError('payload_too_large', 'ไฟล์สำรองมีขนาดเกินกำหนด (MAX_RESTORE_BYTES)');

/** A cap of lines.ts crossed while decompressing: the same code as an import's inflated cap. */
export const tooLargeInflated = (limit: LineReadError['limit']) =>
  new AppError(
    'file_too_large_inflated',
    'ไฟล์สำรองมีขนาดหลังคลายการบีบอัดใหญ่เกินกำหนด ไฟล์อาจเสียหาย จึงไม่ได้กู้คืน',
    limit ? [{ ...limit }] : [],
  );

function incompatible(message: string, detail: ErrorDetail): AppError {
  return unprocessable('incompatible_export', message, [{ line: 1, ...detail }]);
}

const keyOf = (values: unknown[]) => JSON.stringify(values);

/** Per foreign-key target (table + columns): the keys present in the export. */
function fkTargets(): Map<TableName, string[][]> {
  const out = new Map<TableName, string[][]>();
  for (const [name] of EXPORTED_TABLES) {
    for (const fk of tableMeta(name).foreignKeys) {
      const list = out.get(fk.table) ?? [];
      if (!list.some((cols) => cols.join() === fk.foreignColumns.join())) list.push(fk.foreignColumns);
      out.set(fk.table, list);
    }
  }
  return out;
}
const FK_TARGETS = fkTargets();

export async function validateExport(source: Uint8Array, opts: ValidateOptions): Promise<ExportSummary> {
  const problems: ErrorDetail[] = [];
  const note = (detail: ErrorDetail) => {
    if (problems.length < MAX_DETAILS) problems.push(detail);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hash = sha256.create();
  const counts: Partial<Record<TableName, number>> = {};
  const users: ExportUser[] = [];
  const uniques = new Map<string, Map<string, number>>();
  const keySets = new Map<string, Set<string>>();
  const deferred: {
    line: number;
    table: string;
    column: string;
    target: TableName;
    targetColumns: string[];
    key: string;
  }[] = [];
  const finished = new Set<string>();
  let current: string | null = null;
  let header: ExportHeader | null = null;
  let trailer: { counts?: unknown; sha256?: unknown } | null = null;
  let trailerLine = 0;
  let lastLine = 0;
  let ndjsonBytes = 0;
  let keptSettingsRows = 0;

  try {
    for await (const line of readExportLines(source, lineLimits(opts.maxBytes))) {
      // The answer lists at most MAX_DETAILS problems: reading on would only cost time.
      if (problems.length >= MAX_DETAILS) break;
      lastLine = line.no;
      if (line.no % 2000 === 0) await opts.checkpoint?.();
      ndjsonBytes += line.bytes.length + 1;
      if (trailer) {
        if (line.bytes.length > 0) note({ line: line.no, code: 'after_trailer', message: 'มีข้อมูลหลังบรรทัดปิดท้าย' });
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(line.bytes));
      } catch {
        if (line.no === 1)
          throw unprocessable('invalid_export', 'ไฟล์นี้ไม่ใช่ไฟล์ส่งออกของระบบ', [
            { line: 1, code: 'not_json', message: 'บรรทัดแรกไม่ใช่ JSON' },
          ]);
        note({ line: line.no, code: 'not_json', message: 'บรรทัดนี้ไม่ใช่ JSON ที่ถูกต้อง' });
        hash.update(line.bytes).update(NEWLINE);
        continue;
      }
      if (line.no === 1) {
        header = checkHeader(parsed, opts);
        hash.update(line.bytes).update(NEWLINE);
        continue;
      }
      const record = parsed as { table?: unknown; row?: unknown; end?: unknown };
      if (record && typeof record === 'object' && record.end === true) {
        trailer = record as { counts?: unknown; sha256?: unknown };
        trailerLine = line.no;
        continue;
      }
      hash.update(line.bytes).update(NEWLINE);
      if (!record || typeof record !== 'object' || typeof record.table !== 'string' || !('row' in record)) {
        note({ line: line.no, code: 'not_a_row', message: 'บรรทัดต้องเป็น {"table": ..., "row": {...}}' });
        continue;
      }
      const table = record.table;
      if (!RESTORABLE.has(table) || !header!.tables.includes(table)) {
        note({ line: line.no, table, code: 'unknown_table', message: `ไม่รู้จักตาราง ${table}` });
        continue;
      }
      if (table !== current) {
        if (finished.has(table))
          note({ line: line.no, table, code: 'not_contiguous', message: `แถวของตาราง ${table} ต้องอยู่ติดกัน` });
        if (current) finished.add(current);
        current = table;
      }
      const name = table as TableName;
      counts[name] = (counts[name] ?? 0) + 1;
      const meta = tableMeta(name);
      const { values, problems: rowProblems } = checkRow(meta, record.row);
      if (!values) {
        for (const p of rowProblems) note({ line: line.no, table, ...p });
        continue;
      }
      const row = Object.fromEntries(meta.columns.map((c, i) => [c.name, values[i]]));
      checkUniques(meta, row, line.no, uniques, note);
      for (const cols of FK_TARGETS.get(name) ?? []) {
        const key = keyOf(cols.map((c) => row[c]));
        const set = keySets.get(`${name}|${cols}`) ?? new Set<string>();
        set.add(key);
        keySets.set(`${name}|${cols}`, set);
      }
      for (const fk of meta.foreignKeys) {
        const refValues = fk.columns.map((c) => row[c]);
        if (refValues.some((v) => v === null)) continue;
        const ref = {
          line: line.no,
          table,
          column: fk.columns.join(),
          target: fk.table,
          targetColumns: fk.foreignColumns,
          key: keyOf(refValues),
        };
        // Parents come first (the layout's foreign-key order, which lets the rows be inserted
        // as they are read); only a table referring to itself waits for its own end.
        if (fk.table === name) deferred.push(ref);
        else checkReference(ref, keySets, note);
      }
      if (name === 'settings' && EXCLUDED_SETTINGS_KEYS.includes(row.key as string)) keptSettingsRows++;
      if (name === 'users') {
        users.push({
          id: row.id as number,
          username: row.username as string,
          role: row.role as string,
          disabled: row.disabled === 1,
          values,
        });
      }
    }
  } catch (error) {
    if (error instanceof LineReadError) {
      if (error.kind === 'too_large') throw tooLargeInflated(error.limit);
      note({ line: error.line, code: 'truncated', message: error.message });
    } else throw error;
  }

  if (!header)
    throw unprocessable('invalid_export', 'ไฟล์ว่างเปล่า', [{ line: 1, code: 'empty', message: 'ไม่มีบรรทัดหัวไฟล์' }]);
  if (!trailer) {
    note({ line: lastLine + 1, code: 'missing_trailer', message: 'ไม่มีบรรทัดปิดท้าย ไฟล์อาจถูกตัด' });
  } else {
    checkTrailer(trailer, trailerLine, counts, bytesToHex(hash.digest()), note);
  }
  if (problems.length === 0) for (const ref of deferred) checkReference(ref, keySets, note);
  if (problems.length > 0) {
    throw unprocessable('invalid_export', 'ไฟล์สำรองไม่ถูกต้อง จึงไม่ได้กู้คืนข้อมูลใด ๆ', problems);
  }
  return { header, counts, users, ndjsonBytes, keptSettingsRows };
}

function checkHeader(parsed: unknown, opts: ValidateOptions): ExportHeader {
  const h = parsed as Partial<ExportHeader> | null;
  if (!h || typeof h !== 'object' || Array.isArray(h)) {
    throw unprocessable('invalid_export', 'ไฟล์นี้ไม่ใช่ไฟล์ส่งออกของระบบ', [
      { line: 1, code: 'not_a_header', message: 'บรรทัดแรกต้องเป็นหัวไฟล์' },
    ]);
  }
  if (h.format !== EXPORT_FORMAT || h.version !== EXPORT_VERSION) {
    throw incompatible(`ไฟล์ต้องเป็น ${EXPORT_FORMAT} เวอร์ชัน ${EXPORT_VERSION}`, {
      code: 'format_or_version',
      format: h.format ?? null,
      version: h.version ?? null,
    });
  }
  const at = typeof h.schema === 'string' ? opts.knownTags.indexOf(h.schema) : -1;
  if (at < 0) {
    throw incompatible('ไฟล์มาจากโครงสร้างฐานข้อมูลที่ระบบนี้ไม่รู้จัก', { code: 'unknown_schema', schema: h.schema ?? null });
  }
  const currentAt = opts.currentTag ? opts.knownTags.indexOf(opts.currentTag) : -1;
  if (at > currentAt) {
    throw incompatible('ไฟล์มาจากโครงสร้างฐานข้อมูลที่ใหม่กว่าฐานข้อมูลนี้ กรุณาอัปเดตระบบก่อน', {
      code: 'newer_schema',
      schema: h.schema,
      database: opts.currentTag,
    });
  }
  if (!Array.isArray(h.tables) || !h.tables.every((t) => typeof t === 'string')) {
    throw unprocessable('invalid_export', 'หัวไฟล์ไม่ถูกต้อง', [
      { line: 1, code: 'bad_header', message: 'tables ต้องเป็นรายชื่อตาราง' },
    ]);
  }
  return h as ExportHeader;
}

function checkUniques(
  meta: TableMeta,
  row: Record<string, unknown>,
  line: number,
  uniques: Map<string, Map<string, number>>,
  note: (d: ErrorDetail) => void,
) {
  const keys = [{ name: 'primary key', columns: meta.primaryKey }, ...meta.uniqueKeys];
  for (const key of keys) {
    if (key.columns.length === 0) continue;
    const values = key.columns.map((c) => row[c]);
    // SQLite lets any number of NULLs share a unique index.
    if (values.some((v) => v === null)) continue;
    const id = `${meta.name}|${key.name}`;
    const seen = uniques.get(id) ?? new Map<string, number>();
    uniques.set(id, seen);
    const k = keyOf(values);
    const first = seen.get(k);
    if (first !== undefined) {
      note({
        line,
        table: meta.name,
        column: key.columns.join(),
        code: 'duplicate_key',
        message: `ค่าซ้ำกับบรรทัด ${first} (${key.name})`,
        firstLine: first,
      });
    } else seen.set(k, line);
  }
}

function checkReference(
  ref: { line: number; table: string; column: string; target: TableName; targetColumns: string[]; key: string },
  keySets: Map<string, Set<string>>,
  note: (d: ErrorDetail) => void,
) {
  if (keySets.get(`${ref.target}|${ref.targetColumns}`)?.has(ref.key)) return;
  note({
    line: ref.line,
    table: ref.table,
    column: ref.column,
    code: 'foreign_key',
    message: `อ้างถึง ${ref.target} ${ref.key} ซึ่งไม่มีอยู่ก่อนหน้าในไฟล์`,
  });
}

function checkTrailer(
  trailer: { counts?: unknown; sha256?: unknown },
  line: number,
  counts: Partial<Record<TableName, number>>,
  digest: string,
  note: (d: ErrorDetail) => void,
) {
  const stated =
    trailer.counts && typeof trailer.counts === 'object' ? (trailer.counts as Record<string, unknown>) : null;
  if (!stated) {
    note({ line, code: 'bad_trailer', message: 'บรรทัดปิดท้ายไม่มี counts' });
  } else {
    for (const table of new Set([...Object.keys(stated), ...Object.keys(counts)])) {
      const expected = stated[table] ?? 0;
      const found = counts[table as TableName] ?? 0;
      if (expected !== found)
        note({ line, table, code: 'count_mismatch', message: `จำนวนแถวไม่ตรง: ระบุ ${String(expected)} พบ ${found}` });
    }
  }
  if (trailer.sha256 !== digest) note({ line, code: 'checksum_mismatch', message: 'sha256 ไม่ตรงกับเนื้อหาไฟล์' });
}
