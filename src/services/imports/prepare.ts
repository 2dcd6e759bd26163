// Phase 1 of an import: the request's own fields, reading the input, matching the headers and
// validating every row; no database writes (docs/domain/imports.md#transactions-and-statuses).
import { ImportFileError } from '../../domain/imports/errors';
import { type Field, type HeaderMatch, looksLikeOrdersFile, matchHeaders } from '../../domain/imports/headers';
import { importMessage } from '../../domain/imports/messages';
import { cleanShopName } from '../../domain/imports/shops';
import type { TextProblem } from '../../domain/imports/text';
import { normalizePlatform } from '../../domain/platform';
import { forbiddenCharacter } from '../../domain/safe-text';
import { AppError } from '../../errors';
import { runStepsAsync } from '../../lib/steps';
import type { Attempt, ImportsEnv } from './attempt';
import { Issues } from './issues';
import { billEmptyHandler, cancelledHandler, issuedHandler } from './markers';
import { ordersHandler } from './orders';
import { productsHandler } from './products';
import { salesHandler } from './sales';
import { type ReadResult, readSource, streamFile } from './source';
import { stockHandler } from './stock';
import { detectFileType, type RowSink, type Table } from '../../domain/imports/table';
import { type ImportKind, type KindHandler, type ParseContext, ROWS_PER_STEP, type RowConsumer } from './types';

const HANDLERS: Record<ImportKind, KindHandler<unknown>> = {
  orders: ordersHandler as KindHandler<unknown>,
  products: productsHandler as KindHandler<unknown>,
  stock: stockHandler as KindHandler<unknown>,
  sales: salesHandler as KindHandler<unknown>,
  cancelled: cancelledHandler as KindHandler<unknown>,
  issued: issuedHandler as KindHandler<unknown>,
  'bill-empty': billEmptyHandler as KindHandler<unknown>,
};

const FIELD_LABELS: Record<Field, string> = {
  orderNo: 'เลข Order',
  sku: 'รหัสสินค้า (SKU)',
  qty: 'จำนวน',
  itemName: 'ชื่อสินค้า',
  orderTime: 'วันที่สั่งซื้อ',
  logistics: 'ขนส่ง',
  shop: 'ชื่อร้าน',
  brand: 'แบรนด์',
  model: 'ชื่อสินค้า/รุ่น',
  poNo: 'เลขที่ PO',
  status: 'สถานะ',
  note: 'หมายเหตุ',
};

export interface Prepared {
  ctx: ParseContext;
  parsed: unknown;
  handler: KindHandler<unknown>;
}

/** The identifier rule (safe-text.ts) for a sheet URL or tab name. */
function textProblem(value: string | null): TextProblem | undefined {
  const char = value === null ? null : forbiddenCharacter(value, 'identifier');
  return char === null ? undefined : { code: 'invalid_characters', char };
}

function refuseProblem(field: string, problem: TextProblem | undefined): void {
  if (!problem) return;
  const message =
    problem.code === 'invalid_characters'
      ? importMessage('invalid_characters', { char: problem.char })
      : importMessage('field_too_long', { max: problem.max });
  throw new AppError('invalid_request', message, [{ field, code: problem.code }]);
}

/** Platform, shop, sheet URL and tab: set on the attempt, or refused before anything is read. */
function checkRequestFields(a: Attempt): void {
  const rawPlatform = a.input.platform?.trim() || null;
  if (rawPlatform) {
    a.platform = normalizePlatform(rawPlatform);
    if (!a.platform)
      throw new ImportFileError('invalid_platform', undefined, [{ field: 'platform', value: rawPlatform }]);
  }
  if (a.kind === 'orders' && !a.platform) {
    throw new ImportFileError('invalid_platform', 'กรุณาเลือกแพลตฟอร์ม (Shopee, TikTok, Lazada หรือ อื่นๆ)', [
      { field: 'platform', value: null },
    ]);
  }
  // The request's own text fields follow the same character rule as the file's cells.
  const source = a.input.source;
  if (source.type === 'sheet') {
    refuseProblem('sheetUrl', textProblem(source.sheetUrl ?? null));
    refuseProblem('tab', textProblem(source.tab ?? null));
  }
  if (a.kind === 'orders') {
    const shop = cleanShopName(a.input.shop);
    refuseProblem('shop', shop.problem);
    a.shop = shop.value;
  }
}

/** The read input's header checked (a wrong file or missing columns fail the attempt); the attempt's fields set. */
function matchRead(a: Attempt, read: ReadResult, rows: number): HeaderMatch {
  a.read = read;
  // The uploaded bytes are not needed once read (a 20 MB file would otherwise live on).
  if (a.input.source.type === 'file') a.input.source.bytes = new Uint8Array(0);
  const { table } = read;
  a.rows = rows;
  if (a.kind === 'stock' && looksLikeOrdersFile(table.header)) throw new ImportFileError('wrong_file_kind');
  const match = matchHeaders(a.kind, table.header, a.input.columns ?? undefined);
  if (match.missing.length > 0) {
    const fields = match.missing.map((m) => FIELD_LABELS[m.field]).join(', ');
    throw new ImportFileError(
      'missing_columns',
      importMessage('missing_columns', { fields }),
      match.missing.map((m) => ({ field: m.field, aliases: [...m.aliases], found: m.found })),
    );
  }
  a.columnMap = Object.fromEntries(
    Object.entries(match.columnMap).map(([f, col]) => [f, table.header[col as number] ?? '']),
  );
  return match;
}

/** What checking the rows runs with: the table (its header at least), the columns, the issues. */
function contextOf(
  a: Attempt,
  table: Table,
  match: HeaderMatch,
  fileWarnings: readonly string[],
  label: string,
): ParseContext {
  const issues = new Issues(a.kind);
  for (const w of fileWarnings) issues.warn(null, w);
  if (match.assumedOrderIdColumn) issues.warn(null, 'order_id_column_assumed', {}, table.header[0] ?? null);
  return {
    kind: a.kind,
    table,
    columnMap: match.columnMap,
    issues,
    platform: a.platform,
    shop: a.shop,
    options: a.options,
    sourceLabel: label,
  };
}

/** Rows of a file whose header lacks a column: not checked (missing_columns follows the reading). */
const DISCARD: RowSink = { row: () => {} };

/**
 * Phase 1 in one pass, for a kind that checks rows as they are read (KindHandler.stream) from an
 * uploaded file: no table of every row is built and held (docs/domain/imports.md#performance).
 * Null when the file must be read the table way (the consumer asked for it).
 */
async function prepareStreamed(a: Attempt, handler: KindHandler<unknown>): Promise<Prepared | null> {
  const source = a.input.source;
  if (source.type !== 'file' || !handler.stream) return null;
  const bytes = source.bytes;
  let started: { ctx: ParseContext; consumer: RowConsumer<unknown> } | null = null;
  const { read, streamed } = await streamFile(source, (header) => {
    const match = matchHeaders(a.kind, header, a.input.columns ?? undefined);
    if (match.missing.length > 0) return DISCARD;
    const table: Table = { header, rows: [], fileType: detectFileType(bytes, source.fileName) };
    const ctx = contextOf(a, table, match, [], source.fileName);
    started = { ctx, consumer: handler.stream!(ctx) };
    return started.consumer;
  });
  // The same checks, in the same order, as a file read whole.
  const match = matchRead(a, read, streamed.count);
  const begun = started as { ctx: ParseContext; consumer: RowConsumer<unknown> } | null;
  if (!begun) {
    // No data row: nothing was checked yet.
    const ctx = contextOf(a, read.table, match, read.fileWarnings, read.label);
    return { ctx, parsed: await runStepsAsync(handler.parse(ctx), ROWS_PER_STEP), handler };
  }
  const parsed = begun.consumer.finish();
  if (parsed === null) {
    source.bytes = bytes;
    return null;
  }
  begun.ctx.table = read.table;
  return { ctx: begun.ctx, parsed, handler };
}

/** Phase 1: checks, reads and validates the whole input; the parsed units go to phase 2. */
export async function prepare(env: ImportsEnv, a: Attempt): Promise<Prepared> {
  checkRequestFields(a);
  const handler = HANDLERS[a.kind];
  const streamed = await prepareStreamed(a, handler);
  if (streamed) return streamed;
  const read = await readSource(a.input.source, {
    kind: a.kind,
    platform: a.platform,
    shop: a.shop,
    storage: env.storage,
    sheets: env.sheets,
  });
  const match = matchRead(a, read, read.table.rows.length);
  const { table } = read;
  const ctx = contextOf(a, table, match, read.fileWarnings, read.label);
  // Validating 100,000 rows takes most of a second: other requests are served in between.
  const parsed = await runStepsAsync(handler.parse(ctx), ROWS_PER_STEP);
  // Phase 2 works on the parsed units only: let the raw rows go.
  ctx.table = { ...table, rows: [] };
  read.table = ctx.table;
  return { ctx, parsed, handler };
}
