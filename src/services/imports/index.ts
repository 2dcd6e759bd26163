// The import use case (imports 9): phase 1 reads and validates the whole input without writing;
// phase 2 does the look-ups and writes everything in ONE transaction (shops, rows, markers,
// the log row with its errors, the audit row). Every attempt leaves exactly one `imports` row:
// for a failed, rejected or dry-run attempt that row (with its errors and the audit row) is
// the only write.
import { ImportFileError } from '../../domain/imports/errors';
import { looksLikeOrdersFile, matchHeaders, type Field } from '../../domain/imports/headers';
import { importMessage } from '../../domain/imports/messages';
import { cleanShopName, shopNameKey } from '../../domain/imports/shops';
import type { TextProblem } from '../../domain/imports/text';
import { forbiddenCharacter } from '../../domain/safe-text';
import { bangkokDate, formatThaiDateTime } from '../../domain/time';
import { normalizePlatform, type Platform } from '../../domain/platform';
import { AppError, type ErrorDetail } from '../../errors';
import { runStepsAsync } from '../../lib/steps';
import { storageFaultError } from '../../storage-faults';
import { rootCauseMessage, storageFaultOf, type Db, type StoragePort } from '../../storage';
import { SheetError, type SheetsReader } from '../../sheets/types';
import type { Actor } from '../context';
import type { Logger } from '../../log';
import { writeAudit } from '../audit';
import { Issues, type ImportIssue } from './issues';
import {
  actorFields,
  insertImportRow,
  insertIssues,
  recordView,
  type ImportRecord,
  type ImportSummary,
  type ImportView,
} from './log';
import { billEmptyHandler, cancelledHandler, issuedHandler } from './markers';
import { ordersHandler } from './orders';
import { productsHandler } from './products';
import { salesHandler } from './sales';
import { readSource, settingsKey, sheetSourceOf, type ReadResult } from './source';
import { rawSql, type RawSql } from './sql';
import { stockHandler } from './stock';
import {
  ROWS_PER_STEP,
  zeroCounts,
  type Counts,
  type ImportInput,
  type ImportKind,
  type ImportOptions,
  type KindHandler,
  type ParseContext,
  type Plan,
} from './types';
import { createImportLogService } from './queries';
import type { Checkpoint } from '../system/shutdown';

export type { ImportKind, ImportOptions, ImportInput } from './types';
export type { ImportView } from './log';

const HANDLERS: Record<ImportKind, KindHandler<unknown>> = {
  orders: ordersHandler as KindHandler<unknown>,
  products: productsHandler as KindHandler<unknown>,
  stock: stockHandler as KindHandler<unknown>,
  sales: salesHandler as KindHandler<unknown>,
  cancelled: cancelledHandler as KindHandler<unknown>,
  issued: issuedHandler as KindHandler<unknown>,
  'bill-empty': billEmptyHandler as KindHandler<unknown>,
};

/** The identifier rule (safe-text.ts) for a sheet URL or tab name. */
function textProblem(value: string | null): TextProblem | undefined {
  const char = value === null ? null : forbiddenCharacter(value, 'identifier');
  return char === null ? undefined : { code: 'invalid_characters', char };
}

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

export interface IssueOut {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface WarningOut {
  row: number | null;
  code: string;
  message: string;
}

export interface ImportResult {
  import: ImportView;
  errors: IssueOut[];
  warnings: WarningOut[];
}

export const errorOut = (i: Pick<ImportIssue, 'row' | 'column' | 'value' | 'code' | 'message'>): IssueOut => ({
  row: i.row,
  column: i.column,
  value: i.value,
  code: i.code,
  message: i.message,
});
export const warningOut = (i: Pick<ImportIssue, 'row' | 'code' | 'message'>): WarningOut => ({
  row: i.row,
  code: i.code,
  message: i.message,
});

/** A failure of the whole attempt: answered with the error envelope, logged as `failed`. */
type FileLevel = ImportFileError | SheetError | AppError;

function toAppError(e: FileLevel): AppError {
  if (e instanceof AppError) return e;
  const details = Array.isArray(e.details) ? e.details : e.details ? [e.details] : [];
  return new AppError(e.code, e.message, details as ErrorDetail[]);
}

export interface ImportsDeps {
  storage: StoragePort;
  clock: () => number;
  log: Logger;
  sheets: SheetsReader;
  /** Called between phases and batches: throws 503 shutting_down once the service drains. */
  checkpoint?: Checkpoint;
}

/** Test seam: lets a test fail the transaction after N rows of a table were written. */
export interface ImportHooks {
  afterBatch?: (table: string, written: number) => void;
}

export function createImportsService(deps: ImportsDeps) {
  const { storage, clock, log } = deps;
  const hooks: ImportHooks = {};
  const checkpoint: Checkpoint = deps.checkpoint ?? (async () => {});

  interface Attempt {
    kind: ImportKind;
    input: ImportInput;
    options: ImportOptions;
    actor: Actor;
    startedAt: number;
    platform: Platform | null;
    shop: string | null;
    read?: ReadResult;
    /** Data rows read (kept when the table itself is released). */
    rows?: number;
    columnMap?: Record<string, string>;
  }

  function baseRecord(
    a: Attempt,
    now: number,
  ): Omit<ImportRecord, 'status' | 'counts' | 'errorsCount' | 'warningsCount' | 'summary'> {
    const source = a.read?.source ?? (a.input.source.type === 'file' ? 'file' : 'sheet');
    return {
      kind: a.kind,
      source,
      fileName: a.read?.fileName ?? (a.input.source.type === 'file' ? a.input.source.fileName || null : null),
      sheetUrl: a.read?.sheetUrl ?? (a.input.source.type === 'sheet' ? (a.input.source.sheetUrl ?? null) : null),
      tab: a.read?.tab ?? (a.input.source.type === 'sheet' ? (a.input.source.tab ?? null) : null),
      sha256: a.read?.sha256 ?? null,
      platform: a.platform ?? (a.input.platform?.trim().slice(0, 64) || null),
      shopName: a.shop,
      mode: a.kind === 'stock' ? a.options.mode : null,
      options: {
        dryRun: a.options.dryRun,
        skipInvalid: a.options.skipInvalid,
        ...(a.kind === 'stock' ? { mode: a.options.mode, confirmZeroing: a.options.confirmZeroing } : {}),
        ...(a.input.columns ? { columns: a.input.columns } : {}),
      },
      importDate: bangkokDate(now),
      startedAt: a.startedAt,
      finishedAt: now,
      ...actorFields(a.actor),
    };
  }

  const auditAction = (kind: ImportKind) => `import.${kind}`;

  async function audit(
    tx: Db,
    a: Attempt,
    importId: number,
    record: ImportRecord,
    now: number,
    extra: Record<string, unknown> = {},
  ) {
    const counts: Record<string, number> = {};
    for (const [k, v] of Object.entries(record.counts)) if (v !== 0) counts[k] = v;
    await writeAudit(
      tx,
      a.actor,
      {
        action: auditAction(a.kind),
        targetType: 'import',
        targetId: importId,
        targetLabel: record.fileName ?? record.sheetUrl,
        counts,
        details: {
          status: record.status,
          outcome: record.status === 'failed' ? 'error' : record.status === 'rejected' ? 'rejected' : 'ok',
          source: record.source,
          platform: record.platform,
          shop: record.shopName,
          dryRun: a.options.dryRun,
          skipInvalid: a.options.skipInvalid,
          ...(a.kind === 'stock' ? { mode: a.options.mode, confirmZeroing: a.options.confirmZeroing } : {}),
          errors: record.errorsCount,
          warnings: record.warningsCount,
          ...extra,
        },
      },
      now,
    );
  }

  /** Writes the `failed` log row (its only write) and returns the error to answer with. */
  async function fail(a: Attempt, error: FileLevel): Promise<AppError> {
    const appError = toAppError(error);
    try {
      await storage.transaction(async (tx, sql) => {
        const now = clock();
        const record: ImportRecord = {
          ...baseRecord(a, now),
          status: 'failed',
          counts: { ...zeroCounts(), rows: a.rows ?? 0 },
          errorsCount: 1,
          warningsCount: 0,
          summary: {
            shopsCreated: [],
            rejectedKeys: [],
            columnMap: a.columnMap ?? {},
            keys: {},
            failure: { code: appError.code, message: appError.message },
          },
        };
        const db = rawSql(sql);
        const id = await insertImportRow(db, record);
        await insertIssues(
          db,
          id,
          [{ row: null, column: null, value: null, code: appError.code, message: appError.message, severity: 'error' }],
          [],
        );
        await audit(tx, a, id, record, now, { code: appError.code });
      });
    } catch (logError) {
      if (storageFaultOf(logError))
        log.warn(`Could not write the log row of a failed ${a.kind} import: ${rootCauseMessage(logError)}`, {
          requestId: a.actor.requestId,
        });
      else log.error('Could not write the log row of a failed import', { error: logError as Error });
    }
    return appError;
  }

  function refuseProblem(field: string, problem: TextProblem | undefined): void {
    if (!problem) return;
    const message =
      problem.code === 'invalid_characters'
        ? importMessage('invalid_characters', { char: problem.char })
        : importMessage('field_too_long', { max: problem.max });
    throw new AppError('invalid_request', message, [{ field, code: problem.code }]);
  }

  function isFileLevel(e: unknown): e is FileLevel {
    return (
      e instanceof ImportFileError ||
      e instanceof SheetError ||
      (e instanceof AppError && [400, 413, 422].includes(e.status))
    );
  }

  /** Phase 1: platform and shop inputs, reading, header matching; no database writes. */
  async function prepare(a: Attempt): Promise<{ ctx: ParseContext; parsed: unknown; handler: KindHandler<unknown> }> {
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

    a.read = await readSource(a.input.source, {
      kind: a.kind,
      platform: a.platform,
      shop: a.shop,
      storage,
      sheets: deps.sheets,
    });
    // The uploaded bytes are not needed once read (a 20 MB file would otherwise live on).
    if (a.input.source.type === 'file') a.input.source.bytes = new Uint8Array(0);
    const { table } = a.read;
    a.rows = table.rows.length;
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

    const issues = new Issues(a.kind);
    for (const w of a.read.fileWarnings) issues.warn(null, w);
    if (match.assumedOrderIdColumn) issues.warn(null, 'order_id_column_assumed', {}, table.header[0] ?? null);
    const ctx: ParseContext = {
      kind: a.kind,
      table,
      columnMap: match.columnMap,
      issues,
      platform: a.platform,
      shop: a.shop,
      options: a.options,
      sourceLabel: a.read.label,
    };
    const handler = HANDLERS[a.kind];
    // Validating 100,000 rows takes most of a second: other requests are served in between.
    const parsed = await runStepsAsync(handler.parse(ctx), ROWS_PER_STEP);
    // Phase 2 works on the parsed units only: let the raw rows go.
    ctx.table = { ...table, rows: [] };
    a.read.table = ctx.table;
    return { ctx, parsed, handler };
  }

  async function alreadyImported(
    db: RawSql,
    kind: ImportKind,
    sha256: string,
  ): Promise<{ at: number; by: string | null } | null> {
    const rs = await db.execute(
      "SELECT started_at, by_username FROM imports WHERE kind = ? AND sha256 = ? AND status IN ('committed', 'partial') ORDER BY started_at DESC LIMIT 1",
      [kind === 'bill-empty' ? 'bill_empty' : kind, sha256],
    );
    const row = rs.rows[0];
    return row ? { at: Number(row.started_at), by: row.by_username === null ? null : String(row.by_username) } : null;
  }

  async function saveSheetUrl(db: RawSql, a: Attempt, now: number): Promise<void> {
    const url = a.input.source.type === 'sheet' ? a.input.source.sheetUrl?.trim() : null;
    if (!url) return;
    if (a.kind === 'orders' && a.shop && a.platform) {
      const rs = await db.execute(
        'UPDATE shops SET sheet_url = ?, updated_at = ? WHERE platform = ? AND name_key = ?',
        [url, now, a.platform, shopNameKey(a.shop)],
      );
      if (rs.rowsAffected > 0) return;
    }
    await db.execute(
      `INSERT INTO settings (key, value, updated_at, updated_by_user_id, updated_by_username) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by_user_id = excluded.updated_by_user_id, updated_by_username = excluded.updated_by_username`,
      [settingsKey(sheetSourceOf(a.kind, a.platform)), url, now, a.actor.userId, a.actor.username],
    );
  }

  type Outcome = { result: ImportResult } | { conflict: AppError };

  async function run(
    kind: ImportKind,
    input: ImportInput,
    options: ImportOptions,
    actor: Actor,
  ): Promise<ImportResult> {
    const a: Attempt = { kind, input, options, actor, startedAt: clock(), platform: null, shop: null };

    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare(a);
    } catch (e) {
      if (isFileLevel(e)) throw await fail(a, e);
      throw e;
    }
    const { ctx, parsed, handler } = prepared;
    const read = a.read!;
    await checkpoint();

    let outcome: Outcome;
    try {
      outcome = await storage.transaction(async (tx, sql): Promise<Outcome> => {
        const db = rawSql(sql);
        const now = clock();
        const today = bangkokDate(now);
        const plan: Plan = await handler.plan(db, parsed, { ...ctx, today });
        await checkpoint();

        const earlier = await alreadyImported(db, kind, read.sha256);
        if (earlier)
          ctx.issues.warn(null, 'file_already_imported', { at: formatThaiDateTime(earlier.at), by: earlier.by ?? '' });

        const counts: Counts = { ...zeroCounts(), ...plan.counts, rows: a.rows ?? 0 };
        const hasErrors = ctx.issues.errors.length > 0;
        const status = options.dryRun
          ? 'validated'
          : !hasErrors
            ? 'committed'
            : options.skipInvalid && plan.validUnits > 0
              ? 'partial'
              : 'rejected';
        const writes = status === 'committed' || status === 'partial';
        const guard = plan.zeroGuard;

        const summary: ImportSummary = {
          shopsCreated: plan.shopsCreated ?? [],
          rejectedKeys: plan.rejectedKeys,
          columnMap: a.columnMap ?? {},
          keys: plan.keys,
          ...(guard?.required ? { confirmZeroingRequired: true } : {}),
        };

        if (writes && guard?.required && !options.confirmZeroing) {
          // Imports 5: a full sync that would zero most of the stock (or has no valid row) waits
          // for an explicit confirmation. Nothing is written but this attempt's log row.
          const details = [{ zeroed: guard.zeroed, skusWithStock: guard.skusWithStock }];
          const error = new AppError(
            'confirm_zeroing_required',
            guard.zeroed === 0 && plan.validUnits === 0
              ? 'ไฟล์ไม่มีแถวที่ถูกต้อง การนำเข้าแบบ Full Sync จะตั้งสต็อกทุก SKU เป็น 0 กรุณายืนยัน (confirmZeroing=true)'
              : `การนำเข้าแบบ Full Sync จะตั้งสต็อก ${guard.zeroed} SKU (จาก ${guard.skusWithStock} SKU ที่มีสต็อก) เป็น 0 กรุณายืนยัน (confirmZeroing=true)`,
            details,
          );
          const record: ImportRecord = {
            ...baseRecord(a, clock()),
            status: 'failed',
            counts,
            errorsCount: ctx.issues.errors.length + 1,
            warningsCount: ctx.issues.warnings.length,
            summary: { ...summary, failure: { code: error.code, message: error.message } },
          };
          const id = await insertImportRow(db, record);
          const sorted = ctx.issues.sorted();
          await insertIssues(
            db,
            id,
            [
              { row: null, column: null, value: null, code: error.code, message: error.message, severity: 'error' },
              ...sorted.errors,
            ],
            sorted.warnings,
          );
          await audit(tx, a, id, record, now, { code: error.code, zeroed: guard.zeroed });
          return { conflict: error };
        }

        // The log row first: every row written below carries its id.
        const sortedBefore = ctx.issues.sorted();
        const record: ImportRecord = {
          ...baseRecord(a, now),
          status,
          counts,
          errorsCount: sortedBefore.errors.length,
          warningsCount: sortedBefore.warnings.length,
          summary,
        };
        const importId = await insertImportRow(db, record);
        let auditExtra: Record<string, unknown> | undefined;
        if (writes) {
          const out = await plan.write(db, {
            tx,
            importId,
            now,
            today,
            actor,
            afterBatch: async (table, written) => {
              hooks.afterBatch?.(table, written);
              await checkpoint();
            },
          });
          if (out?.counts) Object.assign(counts, out.counts);
          if (out?.shopsCreated) summary.shopsCreated = out.shopsCreated;
          auditExtra = out?.audit;
          await saveSheetUrl(db, a, now);
        }
        const sorted = ctx.issues.sorted();
        record.finishedAt = clock();
        record.errorsCount = sorted.errors.length;
        record.warningsCount = sorted.warnings.length;
        // Counts a concurrent writer may have changed, and the totals, as they finally are.
        await db.execute(
          `UPDATE imports SET added = ?, lines_added = ?, duplicates = ?, duplicates_same_day = ?, shops_created = ?,
             warnings_count = ?, errors_count = ?, finished_at = ?, summary = ? WHERE id = ?`,
          [
            counts.added,
            counts.linesAdded,
            counts.duplicates,
            counts.duplicatesSameDay,
            summary.shopsCreated.length,
            record.warningsCount,
            record.errorsCount,
            record.finishedAt,
            JSON.stringify(summary),
            importId,
          ],
        );
        await insertIssues(db, importId, sorted.errors, sorted.warnings);
        await audit(tx, a, importId, record, now, auditExtra);
        return {
          result: {
            import: recordView(importId, record),
            errors: sorted.errors.map(errorOut),
            warnings: sorted.warnings.map(warningOut),
          },
        };
      });
    } catch (error) {
      // The transaction rolled back: no data, no log row. Record the attempt on its own.
      const fault = storageFaultOf(error);
      const recorded =
        error instanceof AppError
          ? error
          : fault
            ? storageFaultError(fault)
            : new AppError('internal_error', 'เกิดข้อผิดพลาดภายในระบบระหว่างนำเข้า ไม่มีข้อมูลใดถูกบันทึก');
      await fail(a, recorded);
      throw error;
    }
    if ('conflict' in outcome) throw outcome.conflict;
    return outcome.result;
  }

  return {
    hooks,
    run,
    /** Logs an attempt refused before its file was read (413 and the like) and returns the error. */
    failUpload: (kind: ImportKind, input: ImportInput, options: ImportOptions, actor: Actor, error: AppError) =>
      fail({ kind, input, options, actor, startedAt: clock(), platform: null, shop: null }, error),
    ...createImportLogService({ storage, clock }),
    /** The imports' clock: the pages hold an uploaded file until a time read from it (a test clock moves both). */
    now: () => clock(),
  };
}
