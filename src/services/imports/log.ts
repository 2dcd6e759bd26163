// The import log (docs/domain/imports.md#import-log; tables `imports` + `import_errors`,
// docs/domain/data-model.md#tables): one row per attempt of every kind, with its counts, its error
// and warning list (capped at 5,000 entries, with the totals) and the keys it added, duplicated or
// rejected.
import type { SqlValue } from '../../storage';

import type { Actor } from '../context';
import type { ImportIssue } from './issues';
import { insertMany, type RawSql } from './sql';
import {
  apiKind,
  COUNT_KEYS,
  dbKind,
  zeroCounts,
  type Counts,
  type ImportKind,
  type ImportSource,
  type ImportStatus,
} from './types';

export const MAX_STORED_ISSUES = 5_000;

export interface ImportRecord {
  kind: ImportKind;
  status: ImportStatus;
  source: ImportSource;
  fileName: string | null;
  sheetUrl: string | null;
  tab: string | null;
  sha256: string | null;
  platform: string | null;
  shopName: string | null;
  mode: string | null;
  options: Record<string, unknown>;
  importDate: string;
  counts: Counts;
  errorsCount: number;
  warningsCount: number;
  startedAt: number;
  finishedAt: number;
  byUserId: number | null;
  byUsername: string | null;
  summary: ImportSummary;
}

export interface ImportSummary {
  shopsCreated: string[];
  rejectedKeys: string[];
  /** Field -> header text actually read. */
  columnMap: Record<string, string>;
  keys: Record<string, string[]>;
  /** File-level failure (status failed). */
  failure?: { code: string; message: string };
  confirmZeroingRequired?: boolean;
}

const COLUMN_OF: Record<(typeof COUNT_KEYS)[number], string> = {
  rows: 'rows',
  added: 'added',
  linesAdded: 'lines_added',
  updated: 'updated',
  unchanged: 'unchanged',
  duplicates: 'duplicates',
  duplicatesSameDay: 'duplicates_same_day',
  duplicatesCrossDay: 'duplicates_cross_day',
  notFound: 'not_found',
  unmatched: 'unmatched',
  ordersMatched: 'orders_matched',
  zeroed: 'zeroed',
  rejected: 'rejected',
};

export async function insertImportRow(db: RawSql, r: ImportRecord): Promise<number> {
  const columns: string[] = [
    'kind',
    'status',
    'source',
    'file_name',
    'sheet_url',
    'tab',
    'sha256',
    'platform',
    'shop_name',
    'mode',
    'options',
    'import_date',
    ...COUNT_KEYS.map((k) => COLUMN_OF[k]),
    'shops_created',
    'warnings_count',
    'errors_count',
    'started_at',
    'finished_at',
    'by_user_id',
    'by_username',
    'summary',
  ];
  const values: SqlValue[] = [
    dbKind(r.kind),
    r.status,
    r.source,
    r.fileName,
    r.sheetUrl,
    r.tab,
    r.sha256,
    r.platform,
    r.shopName,
    r.mode,
    JSON.stringify(r.options),
    r.importDate,
    ...COUNT_KEYS.map((k) => r.counts[k]),
    r.summary.shopsCreated.length,
    r.warningsCount,
    r.errorsCount,
    r.startedAt,
    r.finishedAt,
    r.byUserId,
    r.byUsername,
    JSON.stringify(r.summary),
  ];
  // One row, so its values are bound as they are: through insertMany's JSON rows the summary (the
  // keys of every unit written, about 100 KB for 7,000 numbers) was escaped into the rows' JSON and
  // read back out of it by SQLite (docs/domain/imports.md#performance).
  const rs = await db.execute(
    `INSERT INTO imports (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING id`,
    values,
  );
  return Number(rs.rows[0].id);
}

/** Errors first, then warnings, up to the cap; the totals stay in the import row. */
export async function insertIssues(
  db: RawSql,
  importId: number,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): Promise<void> {
  const kept = [...errors, ...warnings].slice(0, MAX_STORED_ISSUES);
  await insertMany(
    db,
    'import_errors',
    ['import_id', 'row_no', 'column_name', 'value', 'code', 'severity', 'message'],
    kept.map((i) => [
      importId,
      i.row,
      i.column,
      i.value === null ? null : i.value.slice(0, 1000),
      i.code,
      i.severity,
      i.message,
    ]),
  );
}

export interface ImportView {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  source: ImportSource;
  fileName: string | null;
  sheetUrl: string | null;
  tab: string | null;
  sha256: string | null;
  platform: string | null;
  shop: string | null;
  mode: string | null;
  options: Record<string, unknown>;
  importDate: string;
  rows: number;
  added: number;
  linesAdded: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  duplicatesSameDay: number;
  duplicatesCrossDay: number;
  notFound: number;
  unmatched: number;
  ordersMatched: number;
  zeroed: number;
  rejected: number;
  warnings: number;
  errors: number;
  shopsCreated: string[];
  rejectedKeys: string[];
  columnMap: Record<string, string>;
  confirmZeroingRequired?: boolean;
  startedAt: string;
  finishedAt: string | null;
  by: string | null;
  byUserId: number | null;
}

export function recordView(id: number, r: ImportRecord): ImportView {
  return {
    id,
    kind: r.kind,
    status: r.status,
    source: r.source,
    fileName: r.fileName,
    sheetUrl: r.sheetUrl,
    tab: r.tab,
    sha256: r.sha256,
    platform: r.platform,
    shop: r.shopName,
    mode: r.mode,
    options: r.options,
    importDate: r.importDate,
    ...r.counts,
    warnings: r.warningsCount,
    errors: r.errorsCount,
    shopsCreated: r.summary.shopsCreated,
    rejectedKeys: r.summary.rejectedKeys,
    columnMap: r.summary.columnMap,
    ...(r.summary.confirmZeroingRequired ? { confirmZeroingRequired: true } : {}),
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: new Date(r.finishedAt).toISOString(),
    by: r.byUsername,
    byUserId: r.byUserId,
  };
}

/** A stored `imports` row (raw SQL names) back into the view. */
export function rowView(row: Record<string, unknown>): ImportView {
  const summary = parseJson<ImportSummary>(row.summary) ?? {
    shopsCreated: [],
    rejectedKeys: [],
    columnMap: {},
    keys: {},
  };
  const counts = zeroCounts();
  for (const k of COUNT_KEYS) counts[k] = Number(row[COLUMN_OF[k]] ?? 0);
  const record: ImportRecord = {
    kind: apiKind(String(row.kind)),
    status: String(row.status) as ImportStatus,
    source: String(row.source) as ImportSource,
    fileName: str(row.file_name),
    sheetUrl: str(row.sheet_url),
    tab: str(row.tab),
    sha256: str(row.sha256),
    platform: str(row.platform),
    shopName: str(row.shop_name),
    mode: str(row.mode),
    options: parseJson<Record<string, unknown>>(row.options) ?? {},
    importDate: String(row.import_date),
    counts,
    errorsCount: Number(row.errors_count ?? 0),
    warningsCount: Number(row.warnings_count ?? 0),
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at ?? row.started_at),
    byUserId: row.by_user_id === null || row.by_user_id === undefined ? null : Number(row.by_user_id),
    byUsername: str(row.by_username),
    summary: {
      shopsCreated: summary.shopsCreated ?? [],
      rejectedKeys: summary.rejectedKeys ?? [],
      columnMap: summary.columnMap ?? {},
      keys: summary.keys ?? {},
      confirmZeroingRequired: summary.confirmZeroingRequired,
    },
  };
  const view = recordView(Number(row.id), record);
  if (row.finished_at === null) view.finishedAt = null;
  return view;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function parseJson<T>(v: unknown): T | null {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}

export function actorFields(actor: Actor) {
  return { byUserId: actor.userId, byUsername: actor.username };
}
