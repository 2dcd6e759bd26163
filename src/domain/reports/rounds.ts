// Rounds and the picking dispatch (docs/domain/reports.md#rounds-and-dispatch):
// `PATCH /api/reports/:report/round` sets a round on the orders listed on a page (or the posted
// ones among them); `POST /api/reports/picking/dispatch` (the จ่ายงาน(รอบที่) dialog) sets round N
// on every order of the current Picking List and issues it with source `picking:round_N`.
import { SKIP_REASONS } from '../piles';
import { ARRAY_STEP } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import { checkRound } from './filters';
import { pickingLinesSteps, type PickingFilters } from './picking';
import { PRINT_SKIP_REASONS, type PrintSkip, type PrintSkipCode, type IssueWrite } from './print';
import { stockReportExclusion, stockReportLinesSteps, type StockReportFilters } from './stock-reports';
import { reportRound, type ReportLine, type ReportOrder, type StockReportKind } from './types';
import { warehouseExclusion, warehouseRowsSteps, type WarehouseFilters } from './warehouse';

/** Which column a page's round writes: the warehouse sheet's is จ่ายงาน(รอบที่); each stock report has its own. */
export const ROUND_COLUMNS = {
  warehouse: 'dispatch_round',
  lowstock: 'lowstock_round',
  nostock: 'nostock_round',
  notenough: 'notenough_round',
} as const;
export type RoundReport = keyof typeof ROUND_COLUMNS;

export interface RoundChange {
  orderId: number;
  from: number | null;
  to: number;
}

export type RoundSkipCode = PrintSkipCode | 'same_round';

export interface RoundSkip extends Omit<PrintSkip, 'code'> {
  code: RoundSkipCode;
}

export type RoundOutcome =
  | {
      ok: true;
      column: (typeof ROUND_COLUMNS)[RoundReport];
      round: number;
      changes: RoundChange[];
      skipped: RoundSkip[];
    }
  | { ok: false; status: 400; code: 'round_invalid'; message: string };

const currentRound = (report: RoundReport, o: ReportOrder) =>
  report === 'warehouse' ? o.dispatchRound : reportRound(o, report);

export type RoundFilters<R extends RoundReport> = R extends 'warehouse' ? WarehouseFilters : StockReportFilters;

/**
 * The round of a page set on its listed orders (`อัปเดตรอบ` of
 * docs/domain/reports.md#stock-problem-reports; the warehouse sheet's round, which does not issue).
 * With `ids`, only the posted orders that are listed; the others are skipped with a reason, as is
 * an order already on that round (a repeat changes nothing).
 */
export function planRoundUpdate<R extends RoundReport>(
  report: R,
  orders: readonly ReportOrder[],
  filters: RoundFilters<R>,
  ids: readonly number[] | null,
  round: unknown,
): RoundOutcome {
  return runSteps(planRoundUpdateSteps(report, orders, filters, ids, round));
}

/** planRoundUpdate in steps (lib/array-steps.ts). */
export function* planRoundUpdateSteps<R extends RoundReport>(
  report: R,
  orders: readonly ReportOrder[],
  filters: RoundFilters<R>,
  ids: readonly number[] | null,
  round: unknown,
): Steps<RoundOutcome> {
  const checked = checkRound(round);
  if (!checked.ok) return { ok: false, status: 400, code: checked.code, message: checked.message };
  const listed: ReportOrder[] =
    report === 'warehouse'
      ? (yield* warehouseRowsSteps(orders, filters as WarehouseFilters)).map((r) => r.order)
      : [
          ...new Set(
            (yield* stockReportLinesSteps(report as StockReportKind, orders, filters as StockReportFilters)).map(
              (x) => x.order,
            ),
          ),
        ];
  const skipped: RoundSkip[] = [];
  let targets = listed;
  if (ids !== null) {
    const listedIds = new Set(listed.map((o) => o.id));
    const byLine = new Map<number, { order: ReportOrder; line: ReportLine }>();
    for (let i = 0; i < orders.length; i++) {
      const order = orders[i];
      for (const line of order.lines) byLine.set(line.id, { order, line });
      if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
    }
    const wanted = new Set<number>();
    for (const id of ids) {
      const hit = byLine.get(id);
      if (!hit) {
        skipped.push({
          id,
          orderId: null,
          orderNo: null,
          sku: null,
          code: 'not_found',
          reason: PRINT_SKIP_REASONS.not_found,
        });
        continue;
      }
      if (wanted.has(hit.order.id)) continue;
      if (listedIds.has(hit.order.id)) {
        wanted.add(hit.order.id);
        continue;
      }
      const x =
        report === 'warehouse'
          ? warehouseExclusion(hit.order)
          : stockReportExclusion(report as StockReportKind, hit.order);
      const code: PrintSkipCode = x ?? 'not_on_page';
      skipped.push({
        id,
        orderId: hit.order.id,
        orderNo: hit.order.orderNo,
        sku: null,
        code,
        reason: PRINT_SKIP_REASONS[code],
      });
    }
    targets = listed.filter((o) => wanted.has(o.id));
  }
  const changes: RoundChange[] = [];
  for (const o of targets) {
    const from = currentRound(report, o);
    if (from === checked.round) {
      const id = o.lines[0]?.id ?? 0;
      skipped.push({
        id,
        orderId: o.id,
        orderNo: o.orderNo,
        sku: null,
        code: 'same_round',
        reason: SKIP_REASONS.same_round,
      });
    } else changes.push({ orderId: o.id, from, to: checked.round });
  }
  return { ok: true, column: ROUND_COLUMNS[report], round: checked.round, changes, skipped };
}

export const dispatchSource = (round: number) => `picking:round_${round}`;

export type DispatchOutcome =
  | { ok: true; round: number; orderIds: number[]; changes: RoundChange[]; issues: IssueWrite[] }
  | { ok: false; status: 400; code: 'round_invalid'; message: string };

/**
 * The Picking List's จ่ายงาน(รอบที่) dialog (docs/domain/reports.md#rounds-and-dispatch): round N
 * (default 1) on every order of the current list, issued with source `picking:round_N` unless
 * already issued (the first issue is kept). Orders stay on the list until their lines are printed
 * (docs/domain/reports.md#picking-list).
 */
export function planPickingDispatch(
  orders: readonly ReportOrder[],
  filters: PickingFilters,
  round: unknown = 1,
): DispatchOutcome {
  return runSteps(planPickingDispatchSteps(orders, filters, round));
}

/** planPickingDispatch in steps (lib/array-steps.ts). */
export function* planPickingDispatchSteps(
  orders: readonly ReportOrder[],
  filters: PickingFilters,
  round: unknown = 1,
): Steps<DispatchOutcome> {
  const checked = checkRound(round);
  if (!checked.ok) return { ok: false, status: 400, code: checked.code, message: checked.message };
  const listed = new Map<number, ReportOrder>();
  for (const { order } of yield* pickingLinesSteps(orders, filters)) listed.set(order.id, order);
  const changes: RoundChange[] = [];
  const issues: IssueWrite[] = [];
  for (const o of listed.values()) {
    if (o.dispatchRound !== checked.round) changes.push({ orderId: o.id, from: o.dispatchRound, to: checked.round });
    if (!o.flags.issued) issues.push({ orderId: o.id, source: dispatchSource(checked.round) });
  }
  return { ok: true, round: checked.round, orderIds: [...listed.keys()], changes, issues };
}
