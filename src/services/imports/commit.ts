// Phase 2 of an import: the look-ups and every write in ONE transaction (shops, rows, markers,
// the log row with its errors, the audit row); docs/domain/imports.md#transactions-and-statuses.
import { bangkokDate, formatThaiDateTime } from '../../domain/time';
import { AppError } from '../../errors';
import type { Db } from '../../storage';
import { type Attempt, baseRecord, type ImportsEnv } from './attempt';
import { auditImport } from './audit';
import { alreadyImported } from './earlier-import';
import { type ImportRecord, type ImportSummary, insertImportRow, insertIssues, recordView } from './log';
import type { Prepared } from './prepare';
import { errorOut, type ImportResult, warningOut } from './results';
import { saveSheetUrl } from './sheet-url';
import { type RawSql, rawSql } from './sql';
import { type Counts, type ImportStatus, type ImportOptions, type Plan, zeroCounts } from './types';

export type CommitOutcome = { result: ImportResult } | { conflict: AppError };

/** What the transaction is working on: the attempt, its parse, its plan and the log row's parts. */
interface Work {
  env: ImportsEnv;
  a: Attempt;
  tx: Db;
  db: RawSql;
  now: number;
  today: string;
  ctx: Prepared['ctx'];
  plan: Plan;
  counts: Counts;
  summary: ImportSummary;
}

function statusOf(options: ImportOptions, hasErrors: boolean, plan: Plan): ImportStatus {
  if (options.dryRun) return 'validated';
  if (!hasErrors) return 'committed';
  return options.skipInvalid && plan.validUnits > 0 ? 'partial' : 'rejected';
}

/**
 * A full sync that would zero most of the stock (or has no valid row) waits for an explicit
 * confirmation (docs/domain/imports.md#wrong-file-and-the-zeroing-guard). Nothing is written
 * but this attempt's log row.
 */
async function refuseZeroing(w: Work, guard: NonNullable<Plan['zeroGuard']>): Promise<CommitOutcome> {
  const { a, ctx } = w;
  const error = new AppError(
    'confirm_zeroing_required',
    guard.zeroed === 0 && w.plan.validUnits === 0
      ? 'ไฟล์ไม่มีแถวที่ถูกต้อง การนำเข้าแบบ Full Sync จะตั้งสต็อกทุก SKU เป็น 0 กรุณายืนยัน (confirmZeroing=true)'
      : `การนำเข้าแบบ Full Sync จะตั้งสต็อก ${guard.zeroed} SKU (จาก ${guard.skusWithStock} SKU ที่มีสต็อก) เป็น 0 กรุณายืนยัน (confirmZeroing=true)`,
    [{ zeroed: guard.zeroed, skusWithStock: guard.skusWithStock }],
  );
  const record: ImportRecord = {
    ...baseRecord(a, w.env.clock()),
    status: 'failed',
    counts: w.counts,
    errorsCount: ctx.issues.errors.length + 1,
    warningsCount: ctx.issues.warnings.length,
    summary: { ...w.summary, failure: { code: error.code, message: error.message } },
  };
  const id = await insertImportRow(w.db, record);
  const sorted = ctx.issues.sorted();
  await insertIssues(
    w.db,
    id,
    [
      { row: null, column: null, value: null, code: error.code, message: error.message, severity: 'error' },
      ...sorted.errors,
    ],
    sorted.warnings,
  );
  await auditImport(w.tx, w.db, a, id, record, w.now, { code: error.code, zeroed: guard.zeroed });
  return { conflict: error };
}

/** The plan's writes (for a committed or partial attempt) under the log row's id. */
async function writePlan(w: Work, importId: number): Promise<Record<string, unknown> | undefined> {
  const { env } = w;
  const out = await w.plan.write(w.db, {
    tx: w.tx,
    importId,
    now: w.now,
    today: w.today,
    actor: w.a.actor,
    afterBatch: async (table, written) => {
      env.hooks.afterBatch?.(table, written);
      await env.checkpoint();
    },
  });
  if (out?.counts) Object.assign(w.counts, out.counts);
  if (out?.shopsCreated) w.summary.shopsCreated = out.shopsCreated;
  await saveSheetUrl(w.db, w.a, w.now);
  return out?.audit;
}

/** Counts a concurrent writer may have changed, and the totals, as they finally are. */
async function finishLogRow(w: Work, importId: number, record: ImportRecord): Promise<void> {
  const { counts, summary } = w;
  await w.db.execute(
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
}

/** The log row first (every row written carries its id), then the writes, then the totals. */
async function writeAttempt(w: Work, status: ImportStatus, writes: boolean): Promise<CommitOutcome> {
  const { ctx } = w;
  const before = ctx.issues.sorted();
  const record: ImportRecord = {
    ...baseRecord(w.a, w.now),
    status,
    counts: w.counts,
    errorsCount: before.errors.length,
    warningsCount: before.warnings.length,
    summary: w.summary,
  };
  const importId = await insertImportRow(w.db, record);
  const auditExtra = writes ? await writePlan(w, importId) : undefined;
  const sorted = ctx.issues.sorted();
  record.finishedAt = w.env.clock();
  record.errorsCount = sorted.errors.length;
  record.warningsCount = sorted.warnings.length;
  // Three writes that need no other's answer, asked together: one round trip under the write
  // lock on a remote database, not three (docs/domain/read-model.md#the-event-loop).
  await Promise.all([
    finishLogRow(w, importId, record),
    insertIssues(w.db, importId, sorted.errors, sorted.warnings),
    auditImport(w.tx, w.db, w.a, importId, record, w.now, auditExtra),
  ]);
  return {
    result: {
      import: recordView(importId, record),
      errors: sorted.errors.map(errorOut),
      warnings: sorted.warnings.map(warningOut),
    },
  };
}

/** Phase 2: plans against the database and writes the outcome, all in one transaction. */
export function commit(env: ImportsEnv, a: Attempt, prepared: Prepared): Promise<CommitOutcome> {
  const { ctx, parsed, handler } = prepared;
  const { options } = a;
  return env.storage.transaction(async (tx, sql): Promise<CommitOutcome> => {
    const db = rawSql(sql);
    const now = env.clock();
    const today = bangkokDate(now);
    // Asked beside the plan's reads (one round trip fewer on a remote database); its warning
    // still follows the plan's.
    const [plan, earlier] = await Promise.all([
      handler.plan(db, parsed, { ...ctx, today }),
      alreadyImported(db, a.kind, a.read!.sha256),
    ]);
    await env.checkpoint();

    if (earlier)
      ctx.issues.warn(null, 'file_already_imported', { at: formatThaiDateTime(earlier.at), by: earlier.by ?? '' });

    const counts: Counts = { ...zeroCounts(), ...plan.counts, rows: a.rows ?? 0 };
    const status = statusOf(options, ctx.issues.errors.length > 0, plan);
    const writes = status === 'committed' || status === 'partial';
    const guard = plan.zeroGuard;
    const summary: ImportSummary = {
      shopsCreated: plan.shopsCreated ?? [],
      rejectedKeys: plan.rejectedKeys,
      columnMap: a.columnMap ?? {},
      keys: plan.keys,
      ...(guard?.required ? { confirmZeroingRequired: true } : {}),
    };
    const work: Work = { env, a, tx, db, now, today, ctx, plan, counts, summary };
    if (writes && guard?.required && !options.confirmZeroing) return refuseZeroing(work, guard);
    return writeAttempt(work, status, writes);
  });
}
