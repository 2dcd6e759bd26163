// Shapes shared by the import kinds and the two-phase flow
// (docs/domain/imports.md#transactions-and-statuses).
import type { Field, ImportKind } from '../../domain/imports/headers';
import type { Table, TableRow } from '../../domain/imports/table';
import type { Platform } from '../../domain/platform';
import type { Actor } from '../context';
import type { Issues } from './issues';
import type { RawSql } from './sql';
import type { Db } from '../../storage';
import type { Steps } from '../../lib/steps';

export type { ImportKind };

/** The database spells the last kind `bill_empty`; paths and JSON `bill-empty` (docs/domain/imports.md#import-kinds). */
export const dbKind = (kind: ImportKind) => (kind === 'bill-empty' ? 'bill_empty' : kind);
export const apiKind = (kind: string): ImportKind => (kind === 'bill_empty' ? 'bill-empty' : (kind as ImportKind));

export type ImportStatus = 'committed' | 'partial' | 'rejected' | 'validated' | 'failed';
export type ImportSource = 'file' | 'sheet' | 'public_csv';
export type StockMode = 'full' | 'partial';

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  mode: StockMode;
  confirmZeroing: boolean;
}

export type SourceInput =
  | { type: 'file'; bytes: Uint8Array; fileName: string }
  | { type: 'sheet'; sheetUrl?: string | null; tab?: string | null };

export interface ImportInput {
  source: SourceInput;
  platform?: string | null;
  shop?: string | null;
  /** Field -> header text: overrides header detection for this import (docs/domain/imports.md#requests). */
  columns?: Record<string, string> | null;
}

export const COUNT_KEYS = [
  'rows',
  'added',
  'linesAdded',
  'updated',
  'unchanged',
  'duplicates',
  'duplicatesSameDay',
  'duplicatesCrossDay',
  'notFound',
  'unmatched',
  'ordersMatched',
  'zeroed',
  'rejected',
] as const;

export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts;

/** What the reading phase knows about the input, for every kind. */
export interface ParseContext {
  kind: ImportKind;
  table: Table;
  columnMap: Partial<Record<Field, number>>;
  issues: Issues;
  platform: Platform | null;
  shop: string | null;
  options: ImportOptions;
  /** Name used in notes (`Import via <file name / sheet title>`). */
  sourceLabel: string;
}

/** Header text of the column a field was read from (for row errors). */
export function columnName(ctx: Pick<ParseContext, 'table' | 'columnMap'>, field: Field): string | null {
  const col = ctx.columnMap[field];
  return col === undefined ? null : (ctx.table.header[col] ?? null);
}

export interface WriteContext {
  /** The drizzle handle of the same transaction (for shared helpers such as order-state). */
  tx: Db;
  importId: number;
  now: number;
  today: string;
  actor: Actor;
  /** After each batch of rows: test hooks, and the shutdown checkpoint (may throw 503 shutting_down). */
  afterBatch: (table: string, written: number) => Promise<void>;
}

/** The result of phase 1's database look-ups: what the import would do, and how to do it. */
export interface Plan {
  counts: Partial<Counts>;
  /** Units that would be written or were valid (duplicates and unchanged count): 0 means nothing valid. */
  validUnits: number;
  rejectedKeys: string[];
  /** Key lists for the log summary (added / duplicates / not found ...). */
  keys: Record<string, string[]>;
  shopsCreated?: string[];
  /** Stock full sync: the zeroing guard (docs/domain/imports.md#wrong-file-and-the-zeroing-guard). */
  zeroGuard?: { required: boolean; zeroed: number; skusWithStock: number };
  write(db: RawSql, w: WriteContext): Promise<WriteOutcome | void>;
}

export interface WriteOutcome {
  shopsCreated?: string[];
  /** Adjustments found only while writing (a concurrent insert hit the unique key). */
  counts?: Partial<Counts>;
  /** Added to the import's audit row details (what the write did beyond the counts). */
  audit?: Record<string, unknown>;
}

/** Rows validated between two turns given to the event loop (a few milliseconds of work). */
export const ROWS_PER_STEP = 2_000;

/** Checks a kind's rows as they are read (KindHandler.stream). */
export interface RowConsumer<P> {
  row(row: TableRow): void;
  /** Once every row was given: the parsed units, or null when the rows must be read again the table way. */
  finish(): P | null;
}

export interface KindHandler<P> {
  /** Validation as steps (lib/steps), yielding the rows done: 100,000 rows take most of a second. */
  parse(ctx: ParseContext): Steps<P>;
  /**
   * The same check, row by row while an uploaded file is read (`ctx.table` has the header, no
   * rows): no table of every row is held. Optional; the kinds without it read the table.
   */
  stream?(ctx: ParseContext): RowConsumer<P>;
  plan(db: RawSql, parsed: P, ctx: ParseContext & { today: string }): Promise<Plan>;
}
