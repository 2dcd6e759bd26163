// Phase 1, reading: an uploaded file or a Google Sheet into one table shape, with the SHA-256
// of what was read (docs/domain/imports.md#idempotency) and the label used in notes and the log.
import { eq, and } from 'drizzle-orm';
import { shops, settings } from '../../db/schema';
import {
  readTableAsync,
  type SinkForHeader,
  type StreamedTable,
  streamTableAsync,
  tableFromValues,
  type Table,
} from '../../domain/imports/table';
import { shopNameKey } from '../../domain/imports/shops';
import type { Platform } from '../../domain/platform';
import { sha256Hex } from '../../lib/bytes';
import { parseSpreadsheetId } from '../../sheets/url';
import { SheetError, sheetMessage, type SheetsReader } from '../../sheets/types';
import type { StoragePort } from '../../storage';
import type { ImportKind, ImportSource, SourceInput } from './types';

export interface ReadResult {
  table: Table;
  sha256: string;
  source: ImportSource;
  fileName: string | null;
  sheetUrl: string | null;
  tab: string | null;
  /** `Import via <label>`: the file name or the sheet tab. */
  label: string;
  fileWarnings: 'sheet_public_csv'[];
}

/** Fixed Google tab names per kind (docs/domain/imports.md#google-sheets; issued gains `Import_Issued`). */
export function defaultTab(kind: ImportKind, platform: Platform | null): string {
  switch (kind) {
    case 'orders':
      return { Shopee: 'Import_Shopee', Lazada: 'Import_Lazada', TikTok: 'Import_Tiktok', Other: 'Import_Order_other' }[
        platform ?? 'Other'
      ];
    case 'products':
      return 'Import_product_master';
    case 'stock':
      return 'Import_sabuysoft_stock';
    case 'sales':
      return 'Import_sabuysoft_sales_10d';
    case 'cancelled':
      return 'Import_Cancel';
    case 'issued':
      return 'Import_Issued';
    case 'bill-empty':
      return 'Import_Scan_Bill_Empty';
  }
}

export const SHEET_SOURCES = [
  'orders.Shopee',
  'orders.Lazada',
  'orders.TikTok',
  'orders.Other',
  'products',
  'stock',
  'sales',
  'cancelled',
  'issued',
  'bill_empty',
] as const;
export type SheetSource = (typeof SHEET_SOURCES)[number];

/** The saved-URL source of an import (settings key `sheet_url.<source>`). */
export function sheetSourceOf(kind: ImportKind, platform: Platform | null): SheetSource {
  if (kind === 'orders') return `orders.${platform ?? 'Other'}` as SheetSource;
  return kind === 'bill-empty' ? 'bill_empty' : kind;
}

export const settingsKey = (source: SheetSource) => `sheet_url.${source}`;

/**
 * Saved URL: the shop's own (orders with a known shop), then the settings key
 * (docs/domain/imports.md#saved-sheet-urls).
 */
export async function savedSheetUrl(
  storage: StoragePort,
  kind: ImportKind,
  platform: Platform | null,
  shop: string | null,
): Promise<string | null> {
  if (kind === 'orders' && platform && shop) {
    const [row] = await storage.db
      .select({ url: shops.sheetUrl })
      .from(shops)
      .where(and(eq(shops.platform, platform), eq(shops.nameKey, shopNameKey(shop))));
    if (row?.url) return row.url;
  }
  const [row] = await storage.db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, settingsKey(sheetSourceOf(kind, platform))));
  return row?.value ?? null;
}

type FileInput = Extract<SourceInput, { type: 'file' }>;

function fileRead(input: FileInput, sha256: string, table: Table): ReadResult {
  return {
    table,
    sha256,
    source: 'file',
    fileName: input.fileName,
    sheetUrl: null,
    tab: null,
    label: input.fileName,
    fileWarnings: [],
  };
}

/**
 * An uploaded file read with its data rows handed, as they are read, to the sink `sinkFor` gives
 * for its header (streamTableAsync): the table returned holds none of them.
 */
export async function streamFile(
  input: FileInput,
  sinkFor: SinkForHeader,
): Promise<{ read: ReadResult; streamed: StreamedTable }> {
  const sha256 = await sha256Hex(input.bytes);
  const streamed = await streamTableAsync(input.bytes, { fileName: input.fileName }, sinkFor);
  const { count: _count, sunk: _sunk, ...table } = streamed;
  return { read: fileRead(input, sha256, table), streamed };
}

export async function readSource(
  input: SourceInput,
  ctx: { kind: ImportKind; platform: Platform | null; shop: string | null; storage: StoragePort; sheets: SheetsReader },
): Promise<ReadResult> {
  if (input.type === 'file') {
    const sha256 = await sha256Hex(input.bytes);
    // In slices: other requests (and /health) are served while a large or hostile file is read.
    return fileRead(input, sha256, await readTableAsync(input.bytes, { fileName: input.fileName }));
  }
  const url = input.sheetUrl?.trim() || (await savedSheetUrl(ctx.storage, ctx.kind, ctx.platform, ctx.shop));
  const spreadsheetId = parseSpreadsheetId(url);
  if (!spreadsheetId) throw new SheetError('sheet_invalid_url', undefined, [{ sheetUrl: url ?? null }]);
  const tab = input.tab?.trim() || defaultTab(ctx.kind, ctx.platform);
  const read = await ctx.sheets.read(spreadsheetId, tab);
  const base = tableFromValues(read.values);
  if (base.rows.length === 0) throw new SheetError('sheet_empty', sheetMessage('sheet_empty', { tab }), [{ tab }]);
  const sha256 = await sha256Hex(JSON.stringify(read.values));
  return {
    table: { ...base, fileType: 'csv' },
    sha256,
    source: read.source,
    fileName: `Google Sheet (${tab})`,
    sheetUrl: url!,
    tab,
    label: `Google Sheet (${tab})`,
    fileWarnings: read.warnings,
  };
}
