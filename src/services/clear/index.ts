// Clearing data (docs/domain/data-safety.md#clear-scopes): stats for the page, a preview that
// counts what a scope would delete and issues the confirmation token, and the clear itself - token
// checked, pre_clear backup taken (or 503 backup_failed and nothing changes), then one transaction
// that deletes, verifies its counts, keeps orders.closed_at exact and writes one data.clear audit
// row.
import { sql, type SQL } from 'drizzle-orm';
import { AppError, badRequest, conflict } from '../../errors';
import { bangkokDate } from '../../domain/time';
import { resolveClear, type ClearRequest, type ResolvedClear } from '../../domain/clear-scopes';
import { backupBeforeOrRefuse, type BackupDeps } from '../backups';
import { writeAudit } from '../audit';
import { refreshClosedAtByIds } from '../orders/closed-state';
import { DELETE_ORDER, effectivePredicates, planFor, type ClearPlan } from './plan';
import { checkConfirmToken, issueConfirmToken, spend, wasSpent, type TokenVerdict } from './confirm-token';
import type { Actor } from '../context';
import type { Db } from '../../storage';
import type { TableName } from '../../db/schema';
import type { TransactionHooks } from '../system/hooks';

export type ClearService = ReturnType<typeof createClearService>;
type Counts = Partial<Record<TableName, number>>;

const CONFIRMATION_MESSAGES: Record<Exclude<TokenVerdict, { ok: true }>['reason'], string> = {
  missing: 'ต้องยืนยันด้วย confirmToken จากการดูตัวอย่าง (preview) ก่อนล้างข้อมูล',
  invalid: 'confirmToken ไม่ถูกต้อง กรุณาดูตัวอย่างใหม่แล้วยืนยันอีกครั้ง',
  expired: 'confirmToken หมดอายุแล้ว (5 นาที) กรุณาดูตัวอย่างใหม่แล้วยืนยันอีกครั้ง',
  mismatch: 'confirmToken นี้ออกให้สำหรับขอบเขตหรือเงื่อนไขอื่น กรุณาดูตัวอย่างใหม่',
  reused: 'confirmToken นี้ถูกใช้ไปแล้ว กรุณาดูตัวอย่างใหม่แล้วยืนยันอีกครั้ง',
};

async function countWhere(db: Pick<Db, 'all'>, predicates: ClearPlan): Promise<Counts> {
  const tables = Object.keys(predicates) as TableName[];
  if (tables.length === 0) return {};
  const columns = tables.map(
    (t) => sql`(SELECT count(*) FROM ${sql.identifier(t)} WHERE ${predicates[t]!}) AS ${sql.identifier(t)}`,
  );
  const [row] = await db.all<Record<string, number>>(sql`SELECT ${sql.join(columns, sql`, `)}`);
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])]));
}

async function totals(db: Pick<Db, 'all'>, tables: TableName[]): Promise<Counts> {
  return countWhere(db, Object.fromEntries(tables.map((t) => [t, sql`1 = 1`])));
}

export function createClearService(deps: {
  backupDeps: BackupDeps;
  sessionKey: () => Promise<Uint8Array>;
  /** Called after a clear so cached auth/setup state is re-read. */
  invalidateCaches: () => void;
  hooks?: TransactionHooks;
}) {
  const { storage, clock } = deps.backupDeps;

  function resolve(request: ClearRequest, now: number): ResolvedClear {
    const resolved = resolveClear(request, bangkokDate(now));
    if (!resolved.ok)
      throw badRequest(resolved.problem.code, resolved.problem.message, [{ field: resolved.problem.field }]);
    return resolved.value;
  }

  /** The seven figures of the legacy clear page (docs/domain/data-safety.md#clear-scopes). */
  async function stats() {
    const today = bangkokDate(clock());
    const [row] = await storage.db.all<Record<string, number>>(sql`SELECT
      (SELECT count(DISTINCT "order_no") FROM "orders") AS "totalOrders",
      (SELECT count(*) FROM "order_markers" WHERE "kind" = 'cancelled') AS "cancelledOrders",
      (SELECT count(*) FROM "order_markers" WHERE "kind" = 'issued') AS "issuedOrders",
      (SELECT count(DISTINCT "order_no") FROM "orders" WHERE "import_date" = ${today}) AS "todayOrders",
      (SELECT count(*) FROM "sales_status") AS "salesRows",
      (SELECT count(*) FROM "order_markers" WHERE "kind" = 'trashed') AS "trashedOrders",
      (SELECT coalesce(sum("added"), 0) FROM "imports" WHERE "kind" = 'bill_empty' AND "import_date" = ${today}) AS "billEmptyToday"`);
    return {
      today,
      totalOrders: Number(row.totalOrders),
      cancelledOrders: Number(row.cancelledOrders),
      issuedOrders: Number(row.issuedOrders),
      todayOrders: Number(row.todayOrders),
      salesRows: Number(row.salesRows),
      trashedOrders: Number(row.trashedOrders),
      billEmptyToday: Number(row.billEmptyToday),
    };
  }

  async function preview(request: ClearRequest, actor: Actor) {
    const now = clock();
    const clear = resolve(request, now);
    const counts = await countWhere(storage.db, effectivePredicates(planFor(clear)));
    const { token, expiresAt } = await issueConfirmToken(await deps.sessionKey(), actor.userId!, clear, now);
    return {
      ...describe(clear),
      counts,
      total: sum(counts),
      confirmToken: token,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  async function verify(token: string | undefined, clear: ResolvedClear, actor: Actor, now: number) {
    const verdict = await checkConfirmToken(await deps.sessionKey(), token, actor.userId!, clear, now);
    const refuse = (reason: keyof typeof CONFIRMATION_MESSAGES) =>
      conflict('confirmation_required', CONFIRMATION_MESSAGES[reason], [{ reason }]);
    if (!verdict.ok) throw refuse(verdict.reason);
    if (await wasSpent(storage.db, verdict.id)) throw refuse('reused');
    return { ...verdict, refuse };
  }

  async function execute(request: ClearRequest & { confirmToken?: string }, actor: Actor) {
    const clear = resolve(request, clock());
    const token = await verify(request.confirmToken, clear, actor, clock());
    const backup = await backupBeforeOrRefuse(deps.backupDeps, 'pre_clear', actor);
    const now = clock();
    const plan = planFor(clear);
    const effective = effectivePredicates(plan);
    const tables = Object.keys(effective) as TableName[];

    const { deleted, auditId } = await storage.transaction(async (tx) => {
      if (!(await spend(tx, token.id, actor.userId!, token.expiresAt, now))) throw token.refuse('reused');
      const deleted = await countWhere(tx, effective);
      const before = await totals(tx, tables);
      const reopen = await ordersToReopen(tx, plan);
      for (const table of DELETE_ORDER) {
        if (plan[table]) await tx.run(sql`DELETE FROM ${sql.identifier(table)} WHERE ${plan[table]!}`);
      }
      const after = await totals(tx, tables);
      for (const t of tables) {
        // The counts reported are the rows that are gone, or the clear does not happen.
        if (before[t]! - after[t]! !== deleted[t]) throw new AppError('internal_error', `clear count mismatch on ${t}`);
      }
      await refreshClosedAtByIds(tx, reopen, now);
      await deps.hooks?.insideTransaction?.('clear');
      const auditId = await writeAudit(
        tx,
        actor,
        {
          action: 'data.clear',
          targetType: 'data',
          targetId: clear.scope,
          targetLabel: clear.scope,
          counts: deleted as Record<string, number>,
          details: { ...describe(clear), backup: backup.name },
        },
        now,
      );
      return { deleted, auditId };
    });
    deps.invalidateCaches();
    return { ...describe(clear), backup: backup.name, deleted, total: sum(deleted), auditId };
  }

  return { stats, preview, execute };
}

/**
 * Closed orders that may reopen because their cancel marker or packed sales row goes (orders
 * being purged are listed too; refreshing a deleted id is a no-op).
 */
async function ordersToReopen(tx: Db, plan: ClearPlan): Promise<number[]> {
  const reasons: SQL[] = [];
  if (plan.order_markers)
    reasons.push(sql`"id" IN (SELECT "order_id" FROM "order_markers" WHERE ${plan.order_markers})`);
  if (plan.sales_status)
    reasons.push(sql`"order_no" IN (SELECT "order_no" FROM "sales_status" WHERE ${plan.sales_status})`);
  if (reasons.length === 0) return [];
  const rows = await tx.all<{ id: number }>(
    sql`SELECT "id" FROM "orders" WHERE "closed_at" IS NOT NULL AND (${sql.join(reasons, sql` OR `)})`,
  );
  return rows.map((r) => Number(r.id));
}

function describe(clear: ResolvedClear) {
  return { scope: clear.scope, dateFrom: clear.dateFrom, dateTo: clear.dateTo, targets: clear.targets };
}

const sum = (counts: Counts) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
