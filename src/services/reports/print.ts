// A print commit (docs/domain/reports.md#print-tracking, `POST /api/reports/:report/print`): in ONE
// write transaction, the idempotency key is decided, the plan is made against the state the
// transaction sees, and exactly what the plan lists is written - counters, issue markers, SKU
// history, the record with its snapshot and content hash - with one audit row. A refused plan
// writes nothing but the error; a replayed key writes only its audit row.
import { sql } from 'drizzle-orm';
import { AppError, badRequest, conflict, notFound } from '../../errors';
import { chunks } from '../../lib/chunks';
import {
  copyLabel,
  decideIdempotency,
  planPickingPrintSteps,
  planReprintDraft,
  planStockReportPrintSteps,
  planWarehousePrintSteps,
  printRequestHash,
  snapshotTextSteps,
  type DraftOutcome,
  type PrintActor,
  type PrintPlan,
  type ReportFilters,
  type ReportKind,
  type SnapshotText,
} from '../../domain/reports';
import { sha256Hex } from '../../lib/bytes';
import type { Steps } from '../../lib/steps';
import { auditUnlessFull, writeAudit } from '../audit';
import type { Logger } from '../../log';
import { pickingFilters, refuseForeignFields, stockFilters, warehouseFilters, type ReportQuery } from './filters';
import { readJobs, readerOfExec } from './ledger';
import { rowsKey, slaContextOf, type ReportRows } from './rows';
import type { ReportSource, ReportSourceReader } from './source';
import type { Actor } from '../context';
import type { SqlExecutor, StoragePort } from '../../storage';

export interface PrintBody {
  ids?: number[] | null;
  filters?: ReportQuery | null;
  skus?: string[] | null;
  idempotencyKey: string;
  override?: boolean;
  /** Reprint of a stored record (history view): the job, and optionally some of its orders / SKUs. */
  printJobId?: number | null;
  orderIds?: number[] | null;
}

export interface PrintResult {
  printJobId: number;
  printed: { orders: number; lines: number };
  skipped: {
    id: number;
    orderId: number | null;
    orderNo: string | null;
    sku: string | null;
    code: string;
    reason: string;
  }[];
  copy: number;
  copyLabel: string;
  contentHash: string | null;
  override: boolean;
  /** History reprints: what changed since the original went out. */
  changes: unknown[];
  warnings: string[];
  /** A repeated idempotency key: the stored job, nothing printed again. */
  replayed: boolean;
}

export const printActorOf = (actor: Actor): PrintActor => ({
  userId: actor.userId,
  username: actor.username ?? 'system',
  isAdmin: actor.role === 'admin',
});

/** A query's rows kept by the report pages (index.ts), by rowsKey. */
type Listed = (key: string) => ReportRows | undefined;

function* planSteps(
  kind: ReportKind,
  body: PrintBody,
  source: ReportSource,
  actor: PrintActor,
  now: number,
  listed: Listed,
): Steps<{ outcome: DraftOutcome; filters: ReportFilters }> {
  const q: ReportQuery = { ...(body.filters ?? {}) };
  if (body.skus && body.skus.length > 0) q.skus = body.skus;
  refuseForeignFields(kind, q);
  const req = { ids: body.ids ?? null, override: body.override === true };
  if (kind === 'warehouse') {
    const f = warehouseFilters(q, source);
    // Printing the whole page just read: its rows, kept for this version, are the eligible set.
    const page = req.ids === null && !req.override ? listed(rowsKey(source, now, kind, q)) : undefined;
    const rows = page?.kind === 'warehouse' ? page.rows : undefined;
    return { outcome: yield* planWarehousePrintSteps(source.list, f, req, actor, now, rows), filters: f };
  }
  if (kind === 'picking') {
    const f = pickingFilters(q, source);
    return {
      outcome: yield* planPickingPrintSteps(source.list, f, req, actor, now, source.pickingHistory),
      filters: f,
    };
  }
  const f = stockFilters(q, source);
  return {
    outcome: yield* planStockReportPrintSteps(kind, source.list, f, req, actor, now, slaContextOf(source, now)),
    filters: f,
  };
}

type Value = string | number | null;

/** Rows per INSERT statement of a print (the last statement takes what is left). */
const ROWS_PER_INSERT = 128;
/**
 * Statements sent as one batch: on a remote database one round trip for 512 rows (as many as one
 * JSON statement took before); on a file, a turn of the event loop between batches.
 */
const STATEMENTS_PER_BATCH = 4;

/**
 * Multi-row INSERTs through the raw executor (building a drizzle object per bound value costs more
 * than the write), each row's values bound as they are. A full statement always has the same text,
 * which the file adapter keeps prepared (adapters/file-writer.ts): only a last, shorter one is
 * prepared anew. The rows went as one JSON text per statement read back by `json_each` while every
 * statement was prepared again on each run; each printed order's canonical JSON was then escaped
 * into that text and parsed out of it again (a 2,213-order warehouse print: about 40 ms of CPU for
 * its print_job_orders rows that way, 17 ms bound).
 */
async function insertRows(exec: SqlExecutor, head: string, width: number, rows: Value[][], tail = '') {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const statements = chunks(rows, ROWS_PER_INSERT).map((part) => {
    const args: Value[] = [];
    for (const row of part) for (let i = 0; i < width; i++) args.push(row[i]);
    return {
      sql: `${head} VALUES ${new Array<string>(part.length).fill(tuple).join(', ')}${tail ? ` ${tail}` : ''}`,
      args,
    };
  });
  for (const group of chunks(statements, STATEMENTS_PER_BATCH))
    if (group.length === 1) await exec.execute(group[0]);
    else await exec.batch(group);
}

async function writePlan(
  exec: SqlExecutor,
  p: PrintPlan,
  text: SnapshotText,
  meta: { kind: ReportKind; actor: Actor; key: string; requestHash: string; body: PrintBody },
  context: { platform: string | null; shopId: number | null; logistic: string | null },
) {
  const by = { id: meta.actor.userId, name: meta.actor.username };
  const job = await exec.execute({
    sql: `INSERT INTO print_jobs (kind, printed_at, printed_by_user_id, printed_by_username, idempotency_key, platform, shop_id,
      logistic, dispatch_round, order_count, line_count, override, filters, content_hash, copy, copy_of_print_job_id, request_hash, round)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    args: [
      meta.kind,
      p.printedAt,
      by.id,
      by.name,
      meta.key,
      context.platform,
      context.shopId,
      context.logistic,
      meta.kind === 'warehouse' || meta.kind === 'picking' ? p.round : null,
      p.orderIds.length,
      p.lineCount,
      p.override ? 1 : 0,
      JSON.stringify(meta.body.filters ?? {}),
      p.contentHash,
      p.copy,
      p.copyOf,
      meta.requestHash,
      p.round,
    ],
  });
  const jobId = Number(job.rows[0][0]);

  await insertRows(
    exec,
    'INSERT INTO print_job_orders (print_job_id, order_id, order_no, platform, shop_id, shop_name, lines, position, copy)',
    9,
    p.snapshot.orders.map((o, i) => [
      jobId,
      o.orderId,
      o.orderNo,
      o.platform,
      o.shopId,
      o.shopName,
      text.orders[i],
      i,
      p.copies.get(o.orderId) ?? 0,
    ]),
  );
  const rowOf = new Map(p.snapshot.skus.map((r, i) => [r.sku, i]));
  await insertRows(
    exec,
    'INSERT INTO print_job_skus (print_job_id, sku, qty, context_count, position, row)',
    6,
    p.skuHistory.map((h) => {
      const i = rowOf.get(h.sku);
      return [jobId, h.sku, h.qty, h.contextCount, i ?? null, i === undefined ? null : text.skus[i]];
    }),
  );
  await insertRows(
    exec,
    'INSERT INTO order_print_counters (order_id, kind, count, first_printed_at, last_printed_at, last_printed_by_user_id, last_printed_by_username, last_print_job_id)',
    8,
    p.orderCounters.map((c) => [c.orderId, c.kind, c.count, c.lastAt, c.lastAt, by.id, by.name, jobId]),
    `ON CONFLICT (order_id, kind) DO UPDATE SET count = excluded.count, last_printed_at = excluded.last_printed_at,
      last_printed_by_user_id = excluded.last_printed_by_user_id, last_printed_by_username = excluded.last_printed_by_username,
      last_print_job_id = excluded.last_print_job_id, first_printed_at = coalesce(order_print_counters.first_printed_at, excluded.first_printed_at)`,
  );
  // Every line counter of a plan is the line's count as this transaction read it, plus one.
  for (const part of chunks(
    p.lineCounters.map((c) => c.lineId),
    500,
  )) {
    await exec.execute({
      sql: `UPDATE order_lines SET picking_count = picking_count + 1, picking_last_at = ?, picking_last_by_user_id = ?,
        picking_last_by_username = ?, picking_last_print_job_id = ? WHERE id IN (SELECT value FROM json_each(?))`,
      args: [p.printedAt, by.id, by.name, jobId, JSON.stringify(part)],
    });
  }
  // The first issue is kept (4): an order issued meanwhile keeps its time and source.
  await insertRows(
    exec,
    'INSERT INTO order_markers (order_id, kind, source, created_at, created_by_user_id, created_by_username)',
    6,
    p.issues.map((i) => [i.orderId, 'issued', i.source, p.printedAt, by.id, by.name]),
    'ON CONFLICT (order_id, kind) DO NOTHING',
  );
  return jobId;
}

const isKeyRace = (e: unknown) =>
  /UNIQUE constraint failed: print_jobs\.idempotency_key/i.test(String((e as { message?: string })?.message ?? e)) ||
  /UNIQUE constraint failed: print_jobs\.idempotency_key/i.test(
    String((e as { cause?: { message?: string } })?.cause?.message ?? ''),
  );

const REFUSALS = new Set([
  'override_forbidden',
  'reprint_requires_override',
  'not_in_report',
  'round_required',
  'nothing_to_print',
  'idempotency_key_reused',
]);

export function createPrintCommit(deps: {
  storage: StoragePort;
  clock: () => number;
  source: ReportSourceReader;
  log: Logger;
  listed?: Listed;
}) {
  const { storage, clock, source, log } = deps;
  const listed: Listed = deps.listed ?? (() => undefined);

  async function once(kind: ReportKind, body: PrintBody, actor: Actor): Promise<PrintResult> {
    const key = body.idempotencyKey.trim();
    if (key === '') throw badRequest('invalid_request', 'ต้องระบุ idempotencyKey', [{ field: 'idempotencyKey' }]);
    const pa = printActorOf(actor);
    const requestHash = printRequestHash({
      kind,
      ids: body.ids ?? null,
      skus: body.skus ?? null,
      filters: (body.filters ?? null) as Record<string, unknown> | null,
      override: body.override === true,
      printJobId: body.printJobId ?? null,
    });
    const now = clock();
    return storage.transaction(async (tx, exec) => {
      const [stored] =
        (await tx.values(sql`SELECT id, kind, printed_by_user_id, request_hash, order_count, line_count, copy, content_hash, override
        FROM print_jobs WHERE idempotency_key = ${key}`)) as unknown[][];
      const decision = decideIdempotency(
        stored
          ? {
              printJobId: Number(stored[0]),
              kind: String(stored[1]) as ReportKind,
              printedByUserId: stored[2] == null ? null : Number(stored[2]),
              requestHash: stored[3] == null ? null : String(stored[3]),
            }
          : null,
        { kind, userId: actor.userId, requestHash },
      );
      if (decision.action === 'conflict')
        throw conflict(decision.code, decision.message, [{ field: 'idempotencyKey' }]);
      if (decision.action === 'replay') {
        const result: PrintResult = {
          printJobId: decision.printJobId,
          printed: { orders: Number(stored[4]), lines: Number(stored[5]) },
          skipped: [],
          copy: Number(stored[6]),
          copyLabel: copyLabel(Number(stored[6])),
          contentHash: stored[7] == null ? null : String(stored[7]),
          override: Number(stored[8]) === 1,
          changes: [],
          warnings: [decision.warning],
          replayed: true,
        };
        await writeAudit(
          tx,
          actor,
          {
            action: 'report.print',
            targetType: 'print_job',
            targetId: decision.printJobId,
            targetLabel: kind,
            counts: { orders: 0, lines: 0 },
            details: {
              kind,
              replay: true,
              sameRequest: decision.sameRequest,
              printJobId: decision.printJobId,
              idempotencyKey: key,
            },
          },
          now,
        );
        return result;
      }

      // A history reprint plans from its stored record: read before the computation.
      const record = body.printJobId != null ? (await readJobs(readerOfExec(exec), [body.printJobId]))[0] : null;
      if (body.printJobId != null && (!record || record.kind !== kind))
        throw notFound('print_job_not_found', 'ไม่พบประวัติการพิมพ์นี้');
      const planned = await source.computeIn(exec, function* (current) {
        let outcome: DraftOutcome;
        let context: { platform: string | null; shopId: number | null; logistic: string | null };
        if (record) {
          outcome = planReprintDraft(
            {
              printJobId: record.printJobId,
              snapshot: record.snapshot,
              context: record.context ?? { platform: '', shopId: null, logistic: '' },
            },
            {
              orderIds: body.orderIds?.length ? new Set(body.orderIds) : null,
              skus: body.skus?.length ? new Set(body.skus) : null,
            },
            (id) => current.orderOf(id),
            body.override === true,
            pa,
            now,
            current.pickingHistory,
          );
          const c = record.context;
          context = { platform: c?.platform || null, shopId: c?.shopId ?? null, logistic: c?.logistic || null };
        } else {
          const p = yield* planSteps(kind, body, current, pa, now, listed);
          outcome = p.outcome;
          const f = p.filters;
          context = {
            platform: f.platform,
            shopId: f.shopIds !== null && f.shopIds.size === 1 ? [...f.shopIds][0] : null,
            logistic: f.logistic === null ? null : f.logistic.trim().toLowerCase(),
          };
        }
        // Each order's canonical JSON is written once: its print_job_orders row and the hashed whole.
        const text = outcome.ok ? yield* snapshotTextSteps(outcome.snapshot) : null;
        return { outcome, context, text };
      });
      const { outcome, context } = planned;
      if (!outcome.ok)
        throw new AppError(outcome.code, outcome.message, outcome.details as unknown as Record<string, unknown>[]);
      const text = planned.text!;
      // The content hash: SHA-256 of the record's canonical JSON (snapshot.ts), by the runtime's digest.
      const p: PrintPlan = { ...outcome, contentHash: await sha256Hex(text.whole) };
      const jobId = await writePlan(exec, p, text, { kind, actor, key, requestHash, body }, context);
      await writeAudit(
        tx,
        actor,
        {
          action: 'report.print',
          targetType: 'print_job',
          targetId: jobId,
          targetLabel: kind,
          counts: { orders: p.orderIds.length, lines: p.lineCount, skipped: p.skipped.length },
          details: {
            kind,
            printJobId: jobId,
            override: p.override,
            copy: p.copy,
            copyOf: p.copyOf,
            contentHash: p.contentHash,
            orderIds: p.orderIds.slice(0, 1000),
            issued: p.issues.length,
            idempotencyKey: key,
          },
        },
        now,
      );
      return {
        printJobId: jobId,
        printed: { orders: p.orderIds.length, lines: p.lineCount },
        skipped: p.skipped,
        copy: p.copy,
        copyLabel: copyLabel(p.copy),
        contentHash: p.contentHash,
        override: p.override,
        changes: p.changes,
        warnings: [],
        replayed: false,
      };
    });
  }

  /** Records a print; two requests racing with one key: the loser reads the winner's job and replays it. */
  async function print(kind: ReportKind, body: PrintBody, actor: Actor): Promise<PrintResult> {
    try {
      try {
        return await once(kind, body, actor);
      } catch (e) {
        if (!isKeyRace(e)) throw e;
        return await once(kind, body, actor);
      }
    } catch (e) {
      // A refused print is audited too (who tried to print what again), outside the rolled-back work.
      if (e instanceof AppError && REFUSALS.has(e.code)) {
        await auditUnlessFull(storage, log, actor, 'report.print', (tx) =>
          writeAudit(
            tx,
            actor,
            {
              action: 'report.print',
              targetType: 'print_job',
              targetLabel: kind,
              counts: { orders: 0, lines: 0 },
              details: {
                kind,
                outcome: 'refused',
                code: e.code,
                override: body.override === true,
                printJobId: body.printJobId ?? null,
                refused: e.details.slice(0, 100),
              },
            },
            clock(),
          ),
        );
      }
      throw e;
    }
  }

  return { print };
}
