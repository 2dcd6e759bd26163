// Rounds of a report page (`PATCH /api/reports/:report/round`, `อัปเดตรอบ`) and the Picking List's
// จ่ายงาน(รอบที่) dialog (`POST /api/reports/picking/dispatch`;
// docs/domain/reports.md#rounds-and-dispatch): planned by the domain against the state the write
// transaction sees, written set-wise, one audit row.
import { sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { planPickingDispatchSteps, planRoundUpdateSteps, ROUND_COLUMNS, type RoundReport } from '../../domain/reports';
import { writeAudit } from '../audit';
import { pickingFilters, refuseForeignFields, stockFilters, warehouseFilters, type ReportQuery } from './filters';
import type { ReportSourceReader } from './source';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';

export interface RoundBody {
  ids?: number[] | null;
  filters?: ReportQuery | null;
  round: unknown;
}

const list = (values: readonly number[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const CHUNK = 500;

export function createRounds(deps: { storage: StoragePort; clock: () => number; source: ReportSourceReader }) {
  const { storage, clock, source } = deps;

  async function setRound(report: RoundReport, body: RoundBody, actor: Actor) {
    const q = body.filters ?? {};
    refuseForeignFields(report, q);
    const now = clock();
    return storage.transaction(async (tx, exec) => {
      const posted = body.ids ?? null;
      const outcome = await source.computeIn(exec, (s) =>
        report === 'warehouse'
          ? planRoundUpdateSteps(report, s.list, warehouseFilters(q, s), posted, body.round)
          : planRoundUpdateSteps(report, s.list, stockFilters(q, s), posted, body.round),
      );
      if (!outcome.ok)
        throw new AppError(outcome.code, outcome.message, [{ field: 'round', value: body.round ?? null }]);
      // The column is one of four fixed names (ROUND_COLUMNS), never user input.
      const column = sql.raw(ROUND_COLUMNS[report]);
      const ids = outcome.changes.map((c) => c.orderId);
      for (let i = 0; i < ids.length; i += CHUNK) {
        await tx.run(
          sql`UPDATE orders SET ${column} = ${outcome.round} WHERE id IN (${list(ids.slice(i, i + CHUNK))})`,
        );
      }
      await writeAudit(
        tx,
        actor,
        {
          action: 'report.round',
          targetType: 'order',
          targetId: ids.length === 1 ? ids[0] : null,
          targetLabel: report,
          counts: { orders: ids.length, skipped: outcome.skipped.length },
          details: {
            report,
            round: outcome.round,
            orderIds: ids.slice(0, 1000),
            previousRounds: outcome.changes.slice(0, 1000).map((c) => ({ orderId: c.orderId, round: c.from })),
          },
        },
        now,
      );
      return { round: outcome.round, affected: ids.length, orderIds: ids, skipped: outcome.skipped };
    });
  }

  async function dispatch(body: { filters?: ReportQuery | null; round?: unknown }, actor: Actor) {
    const q = body.filters ?? {};
    refuseForeignFields('picking', q);
    const now = clock();
    return storage.transaction(async (tx, exec) => {
      const outcome = await source.computeIn(exec, (s) =>
        planPickingDispatchSteps(s.list, pickingFilters(q, s), body.round ?? 1),
      );
      if (!outcome.ok)
        throw new AppError(outcome.code, outcome.message, [{ field: 'round', value: body.round ?? null }]);
      const changed = outcome.changes.map((c) => c.orderId);
      for (let i = 0; i < changed.length; i += CHUNK) {
        await tx.run(
          sql`UPDATE orders SET dispatch_round = ${outcome.round} WHERE id IN (${list(changed.slice(i, i + CHUNK))})`,
        );
      }
      for (let i = 0; i < outcome.issues.length; i += CHUNK) {
        const part = outcome.issues.slice(i, i + CHUNK);
        // The first issue is kept (4): ON CONFLICT leaves an existing issue marker alone.
        await tx.run(sql`INSERT INTO order_markers (order_id, kind, source, created_at, created_by_user_id, created_by_username)
          VALUES ${sql.join(
            part.map((x) => sql`(${x.orderId}, 'issued', ${x.source}, ${now}, ${actor.userId}, ${actor.username})`),
            sql`, `,
          )}
          ON CONFLICT (order_id, kind) DO NOTHING`);
      }
      await writeAudit(
        tx,
        actor,
        {
          action: 'report.dispatch',
          targetType: 'order',
          targetLabel: 'picking',
          counts: { orders: outcome.orderIds.length, issued: outcome.issues.length, roundChanged: changed.length },
          details: {
            round: outcome.round,
            orderIds: outcome.orderIds.slice(0, 1000),
            issuedIds: outcome.issues.slice(0, 1000).map((x) => x.orderId),
          },
        },
        now,
      );
      return {
        round: outcome.round,
        affected: outcome.orderIds.length,
        issued: outcome.issues.length,
        orderIds: outcome.orderIds,
      };
    });
  }

  return { setRound, dispatch };
}
