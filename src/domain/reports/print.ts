// Print commits as pure decisions (docs/domain/reports.md#common-rules to #print-history): which
// orders and lines a request covers, what is skipped or refused and why, the counters, issue
// markers and SKU history rows it writes, and the record it leaves. The service runs the plan
// inside the write transaction against the state it read there, and writes exactly what the plan
// lists.
import { SKIP_REASONS } from '../piles';
import { ARRAY_STEP, mapSteps, ROW_STEP, sortSteps } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import { changesAfterPrint, type PrintChange } from './changes';
import {
  aggregatePickingSteps,
  comparePickingLines,
  pickingContext,
  pickingExclusion,
  pickingLinesSteps,
  passesPickingFilters,
  type PickingContextKey,
  type PickingFilters,
  type PickingHistoryLookup,
  type PickingLine,
} from './picking';
import {
  buildSnapshot,
  contentHash,
  pickingSnapshotOrdersSteps,
  pickingSnapshotSku,
  selectSnapshot,
  stockReportSnapshotOrdersSteps,
  warehouseSnapshotOrder,
  type PrintSnapshot,
} from './snapshot';
import {
  STOCK_REPORT_ISSUE_SOURCE,
  STOCK_REPORT_TITLES,
  stockReportExclusion,
  stockReportRowsSteps,
  type SlaContext,
  type StockReportFilters,
  type StockReportRow,
} from './stock-reports';
import {
  reportRound,
  type OrderPrintKind,
  type ReportKind,
  type ReportLine,
  type ReportOrder,
  type StockReportKind,
} from './types';
import {
  compareWarehouseOrders,
  passesWarehouseFilters,
  warehouseExclusion,
  warehouseRow,
  warehouseRowsSteps,
  type WarehouseFilters,
  type WarehouseRow,
} from './warehouse';

export interface PrintActor {
  userId: number | null;
  username: string;
  isAdmin: boolean;
}

export interface PrintRequest {
  /** Posted order-line ids (their orders, for the order-level reports); null = all on the page. */
  ids: readonly number[] | null;
  /** อนุญาตพิมพ์ซ้ำ: admin only. */
  override: boolean;
}

export const PRINT_SKIP_REASONS = {
  cancelled: SKIP_REASONS.cancelled,
  trashed: SKIP_REASONS.trashed,
  packed: SKIP_REASONS.packed,
  issued: SKIP_REASONS.issued,
  not_accepted: SKIP_REASONS.not_accepted,
  not_found: SKIP_REASONS.not_found,
  bill_empty: 'เป็นบิลเปล่า',
  warehouse_not_printed: 'ยังไม่ได้พิมพ์ใบงานคลัง',
  printed: 'เคยพิมพ์แล้ว',
  not_in_pile_2: 'ไม่อยู่ในกอง 2',
  no_status_line: 'ไม่มีรายการในรายงานนี้',
  not_on_page: 'ไม่อยู่ในรายการตามตัวกรอง',
  no_round: 'ยังไม่ได้บันทึกรอบ',
} as const;
export type PrintSkipCode = keyof typeof PRINT_SKIP_REASONS;

export interface PrintSkip {
  /** The posted line id. */
  id: number;
  orderId: number | null;
  orderNo: string | null;
  sku: string | null;
  code: PrintSkipCode;
  reason: string;
}

export const PRINT_ERROR_MESSAGES = {
  override_forbidden: 'เฉพาะผู้ดูแลระบบเท่านั้นที่อนุญาตพิมพ์ซ้ำได้',
  not_in_report: 'มีบางออเดอร์ไม่อยู่ในรายงานนี้แล้ว',
  round_required: 'กรุณาบันทึกรอบก่อนพิมพ์',
  nothing_to_print: 'ไม่มีรายการที่พิมพ์ได้',
} as const;

/**
 * Name of each report's paper in the reprint message
 * (docs/domain/reports.md#reprints-and-the-override words it for the warehouse sheet).
 */
const PAPER_NAMES: Readonly<Record<ReportKind, string>> = {
  warehouse: 'ใบงานคลัง',
  picking: 'ใบงานหยิบสินค้า',
  lowstock: STOCK_REPORT_TITLES.lowstock.replace(/ \(.*\)$/, ''),
  nostock: STOCK_REPORT_TITLES.nostock.replace(/ \(.*\)$/, ''),
  notenough: STOCK_REPORT_TITLES.notenough.replace(/ \(.*\)$/, ''),
};

/**
 * `มีบางออเดอร์เคยพิมพ์ใบงานคลังไปแล้ว: ...` (docs/domain/reports.md#reprints-and-the-override);
 * the Picking List names lines.
 */
export function reprintMessage(kind: ReportKind, labels: readonly string[]): string {
  const what = kind === 'picking' ? 'มีบางรายการ' : 'มีบางออเดอร์';
  return `${what}เคยพิมพ์${PAPER_NAMES[kind]}ไปแล้ว: ${labels.join(', ')}`;
}

export interface PrintRefusalItem {
  orderId: number | null;
  orderNo: string | null;
  lineId: number | null;
  sku: string | null;
  code?: PrintSkipCode;
  reason?: string;
}

export type PrintErrorCode =
  | 'override_forbidden'
  | 'reprint_requires_override'
  | 'not_in_report'
  | 'round_required'
  | 'nothing_to_print';

/** Nothing is printed; the service answers `status` with this code, message and details. */
export interface PrintRefusal {
  ok: false;
  status: 403 | 409;
  code: PrintErrorCode;
  message: string;
  details: PrintRefusalItem[];
}

export interface OrderCounterWrite {
  orderId: number;
  kind: OrderPrintKind;
  /** The count after this print. */
  count: number;
  lastAt: number;
  lastBy: string;
}

export interface LineCounterWrite {
  lineId: number;
  orderId: number;
  count: number;
  lastAt: number;
  lastBy: string;
}

export interface IssueWrite {
  orderId: number;
  /**
   * Kept only when the order is not issued yet: the first issue wins
   * (docs/domain/allocation.md#issuing).
   */
  source: string;
}

export interface SkuHistoryWrite {
  sku: string;
  qty: number;
  context: PickingContextKey;
  /** Picking prints of this SKU in this context, this one included (print_job_skus.context_count). */
  contextCount: number;
}

export interface PrintPlan {
  ok: true;
  kind: ReportKind;
  printedAt: number;
  printedBy: string;
  /** Printed orders, in print order. */
  orderIds: number[];
  lineCount: number;
  snapshot: PrintSnapshot;
  contentHash: string;
  /** Per printed order: prints of this kind before this one (Picking: the most of its printed lines). 0 = original. */
  copies: Map<number, number>;
  /** The job's copy number: the highest of `copies` (`สำเนา / COPY n` when >= 1). */
  copy: number;
  /** Whether the print needed the admin override (it printed something printed before). */
  override: boolean;
  /** The round of every printed order when they share one, else null. */
  round: number | null;
  orderCounters: OrderCounterWrite[];
  lineCounters: LineCounterWrite[];
  issues: IssueWrite[];
  skuHistory: SkuHistoryWrite[];
  skipped: PrintSkip[];
  /** History reprints: what changed since the original went out (the copy says so). */
  changes: PrintChange[];
  /** History reprints: the job the copy was made from. */
  copyOf: number | null;
}

export type PrintOutcome = PrintPlan | PrintRefusal;

/**
 * A plan before its content hash: the service hashes the snapshot's canonical JSON itself (it
 * serialises each order once for the hash and its row, and hashes off the event loop where it can).
 */
export type PrintDraft = Omit<PrintPlan, 'contentHash'>;
export type DraftOutcome = PrintDraft | PrintRefusal;

/** The plan of a draft with its content hash: the given one, else the SHA-256 of the snapshot (snapshot.ts). */
export function withContentHash(d: DraftOutcome, hash?: string): PrintOutcome {
  return d.ok ? { ...d, contentHash: hash ?? contentHash(d.snapshot) } : d;
}

const refuse = (
  status: 403 | 409,
  code: PrintErrorCode,
  message: string,
  details: PrintRefusalItem[] = [],
): PrintRefusal => ({
  ok: false,
  status,
  code,
  message,
  details,
});

const nothing = (skipped: PrintSkip[]): PrintRefusal =>
  refuse(
    409,
    'nothing_to_print',
    PRINT_ERROR_MESSAGES.nothing_to_print,
    skipped.map((s) => ({
      orderId: s.orderId,
      orderNo: s.orderNo,
      lineId: s.id,
      sku: s.sku,
      code: s.code,
      reason: s.reason,
    })),
  );

const orderItem = (o: { id: number; orderNo: string }, why?: PrintSkipCode): PrintRefusalItem => ({
  orderId: o.id,
  orderNo: o.orderNo,
  lineId: null,
  sku: null,
  ...(why && { code: why, reason: PRINT_SKIP_REASONS[why] }),
});

/**
 * 409 for orders printed before, listing them (docs/domain/reports.md#reprints-and-the-override).
 */
const reprintRefusal = (kind: ReportKind, orders: readonly { id: number; orderNo: string }[]): PrintRefusal =>
  refuse(
    409,
    'reprint_requires_override',
    reprintMessage(
      kind,
      orders.map((o) => o.orderNo),
    ),
    orders.map((o) => orderItem(o)),
  );

function forbiddenOverride(req: PrintRequest, actor: PrintActor): PrintRefusal | null {
  return req.override && !actor.isAdmin
    ? refuse(403, 'override_forbidden', PRINT_ERROR_MESSAGES.override_forbidden)
    : null;
}

interface LineIndex {
  get(lineId: number): { order: ReportOrder; line: ReportLine } | undefined;
}

function* indexLinesSteps(orders: readonly ReportOrder[]): Steps<LineIndex> {
  const map = new Map<number, { order: ReportOrder; line: ReportLine }>();
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i];
    for (const line of order.lines) map.set(line.id, { order, line });
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  return map;
}

const skip = (id: number, order: ReportOrder | null, line: ReportLine | null, code: PrintSkipCode): PrintSkip => ({
  id,
  orderId: order?.id ?? null,
  orderNo: order?.orderNo ?? null,
  sku: line?.sku ?? null,
  code,
  reason: PRINT_SKIP_REASONS[code],
});

/** Posted line ids to their distinct orders (first posted id of each), unknown ids apart. */
function postedOrders(ids: readonly number[], index: LineIndex) {
  const orders: { id: number; order: ReportOrder }[] = [];
  const seen = new Set<number>();
  const unknown: number[] = [];
  for (const id of ids) {
    const hit = index.get(id);
    if (!hit) unknown.push(id);
    else if (!seen.has(hit.order.id)) {
      seen.add(hit.order.id);
      orders.push({ id, order: hit.order });
    }
  }
  return { orders, unknown };
}

function sharedRound(values: readonly (number | null)[]): number | null {
  const distinct = new Set(values);
  return distinct.size === 1 ? values[0] : null;
}

function orderCounterWrites(
  kind: OrderPrintKind,
  orders: readonly ReportOrder[],
  now: number,
  actor: PrintActor,
): OrderCounterWrite[] {
  return orders.map((o) => ({
    orderId: o.id,
    kind,
    count: o.prints[kind].count + 1,
    lastAt: now,
    lastBy: actor.username,
  }));
}

function plan(
  fields: Omit<PrintPlan, 'ok' | 'contentHash' | 'copy' | 'changes' | 'copyOf'> &
    Partial<Pick<PrintPlan, 'changes' | 'copyOf'>>,
): PrintDraft {
  let copy = 0;
  for (const c of fields.copies.values()) if (c > copy) copy = c;
  return {
    ok: true,
    ...fields,
    copy,
    changes: fields.changes ?? [],
    copyOf: fields.copyOf ?? null,
  };
}

/**
 * ใบงานคลัง print (docs/domain/reports.md#warehouse-job-sheet). Posted orders outside the page's
 * eligible set are skipped with the reason; a posted order already printed refuses the whole
 * request (409) unless an admin sends `override`, which also widens "everything on the page" to
 * printed orders. No issue marker.
 */
export function planWarehousePrint(
  orders: readonly ReportOrder[],
  filters: WarehouseFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
): PrintOutcome {
  return withContentHash(runSteps(planWarehousePrintSteps(orders, filters, req, actor, now)));
}

/**
 * planWarehousePrint in steps (lib/array-steps.ts), without the content hash. `listed`: the
 * sheet's rows under these filters on these orders (warehouseRows), when the caller has them.
 */
export function* planWarehousePrintSteps(
  orders: readonly ReportOrder[],
  filters: WarehouseFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
  listed?: readonly WarehouseRow[],
): Steps<DraftOutcome> {
  const forbidden = forbiddenOverride(req, actor);
  if (forbidden) return forbidden;
  const skipped: PrintSkip[] = [];
  let targets: ReportOrder[];
  /** The sheet's rows when the targets are already in the sheet's order. */
  let sheet: readonly WarehouseRow[] | null = null;
  if (req.ids === null) {
    sheet = listed && !req.override ? listed : yield* warehouseRowsSteps(orders, filters, req.override);
    targets = sheet.map((r) => r.order);
  } else {
    const posted = postedOrders(req.ids, yield* indexLinesSteps(orders));
    for (const id of posted.unknown) skipped.push(skip(id, null, null, 'not_found'));
    const ok = new Set<number>();
    for (const { id, order } of posted.orders) {
      const x = warehouseExclusion(order);
      if (x !== null && x !== 'printed') skipped.push(skip(id, order, null, x));
      else if (!passesWarehouseFilters(order, filters, true)) skipped.push(skip(id, order, null, 'not_on_page'));
      else ok.add(order.id);
    }
    targets = orders.filter((o) => ok.has(o.id));
  }
  const reprints = targets.filter((o) => o.prints.warehouse.count > 0);
  if (reprints.length > 0 && !req.override) {
    return reprintRefusal('warehouse', reprints);
  }
  if (targets.length === 0) return nothing(skipped);
  // The sheet's order, whatever order the ids came in.
  const rows = sheet ?? (yield* mapSteps(yield* sortSteps(targets, compareWarehouseOrders), warehouseRow));
  return plan({
    kind: 'warehouse',
    printedAt: now,
    printedBy: actor.username,
    orderIds: rows.map((r) => r.order.id),
    lineCount: rows.reduce((n, r) => n + r.order.lines.length, 0),
    snapshot: buildSnapshot('warehouse', yield* mapSteps(rows, warehouseSnapshotOrder, ROW_STEP)),
    copies: new Map(rows.map((r) => [r.order.id, r.order.prints.warehouse.count])),
    override: reprints.length > 0,
    round: sharedRound(rows.map((r) => r.order.dispatchRound)),
    orderCounters: orderCounterWrites(
      'warehouse',
      rows.map((r) => r.order),
      now,
      actor,
    ),
    lineCounters: [],
    issues: [],
    skuHistory: [],
    skipped,
  });
}

/**
 * Picking List print (docs/domain/reports.md#picking-list): exactly the eligible lines of the
 * displayed filters (restricted to the selected SKUs), or the posted lines among them. Counts per
 * LINE; an order is issued (`print:picking`) when its last accepted line is printed; one SKU
 * history row per printed SKU.
 */
export function planPickingPrint(
  orders: readonly ReportOrder[],
  filters: PickingFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
  history: PickingHistoryLookup = () => undefined,
): PrintOutcome {
  return withContentHash(runSteps(planPickingPrintSteps(orders, filters, req, actor, now, history)));
}

/** planPickingPrint in steps (lib/array-steps.ts), without the content hash. */
export function* planPickingPrintSteps(
  orders: readonly ReportOrder[],
  filters: PickingFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
  history: PickingHistoryLookup = () => undefined,
): Steps<DraftOutcome> {
  const forbidden = forbiddenOverride(req, actor);
  if (forbidden) return forbidden;
  const skipped: PrintSkip[] = [];
  let targets: PickingLine[];
  if (req.ids === null) {
    targets = yield* pickingLinesSteps(orders, filters, req.override);
  } else {
    const index = yield* indexLinesSteps(orders);
    const seen = new Set<number>();
    targets = [];
    for (const id of req.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const hit = index.get(id);
      if (!hit) {
        skipped.push(skip(id, null, null, 'not_found'));
        continue;
      }
      const x = pickingExclusion(hit.order, hit.line);
      if (x !== null && x !== 'printed') skipped.push(skip(id, hit.order, hit.line, x));
      else if (!passesPickingFilters(hit.order, hit.line, filters, true))
        skipped.push(skip(id, hit.order, hit.line, 'not_on_page'));
      else targets.push(hit);
    }
    targets = yield* sortSteps(targets, comparePickingLines);
  }
  const reprints = targets.filter((t) => t.line.pickingCount > 0);
  if (reprints.length > 0 && !req.override) {
    return refuse(
      409,
      'reprint_requires_override',
      reprintMessage(
        'picking',
        reprints.map((t) => `${t.order.orderNo} (${t.line.sku})`),
      ),
      reprints.map((t) => ({ orderId: t.order.id, orderNo: t.order.orderNo, lineId: t.line.id, sku: t.line.sku })),
    );
  }
  if (targets.length === 0) return nothing(skipped);

  const printed = new Set<number>();
  const copies = new Map<number, number>();
  const issues: IssueWrite[] = [];
  const byOrder = new Map<number, ReportOrder>();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    printed.add(t.line.id);
    byOrder.set(t.order.id, t.order);
    copies.set(t.order.id, Math.max(copies.get(t.order.id) ?? 0, t.line.pickingCount));
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  let n = 0;
  for (const o of byOrder.values()) {
    const done = o.lines.every((l) => !l.accepted || l.pickingCount > 0 || printed.has(l.id));
    if (done && !o.flags.issued) issues.push({ orderId: o.id, source: 'print:picking' });
    if (++n % ARRAY_STEP === 0) yield ARRAY_STEP;
  }
  const rows = yield* aggregatePickingSteps(targets, filters, history);
  return plan({
    kind: 'picking',
    printedAt: now,
    printedBy: actor.username,
    orderIds: [...byOrder.keys()],
    lineCount: targets.length,
    snapshot: buildSnapshot('picking', yield* pickingSnapshotOrdersSteps(targets), rows.map(pickingSnapshotSku)),
    copies,
    override: reprints.length > 0,
    round: sharedRound([...byOrder.values()].map((o) => o.dispatchRound)),
    orderCounters: [],
    lineCounters: targets.map((t) => ({
      lineId: t.line.id,
      orderId: t.order.id,
      count: t.line.pickingCount + 1,
      lastAt: now,
      lastBy: actor.username,
    })),
    issues,
    skuHistory: rows.map((r) => ({
      sku: r.sku,
      qty: r.qty,
      context: pickingContext(r.sku, filters),
      contextCount: r.printCount + 1,
    })),
    skipped,
  });
}

/**
 * Stock report print, `พิมพ์ (บันทึกประวัติ)` (docs/domain/reports.md#stock-problem-reports):
 * refused as a whole when a posted order is not in the report now or has no round; on success the
 * report's count +1 and the order issued with the report's source.
 */
export function planStockReportPrint(
  kind: StockReportKind,
  orders: readonly ReportOrder[],
  filters: StockReportFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
  ctx: SlaContext,
): PrintOutcome {
  return withContentHash(runSteps(planStockReportPrintSteps(kind, orders, filters, req, actor, now, ctx)));
}

/** planStockReportPrint in steps (lib/array-steps.ts), without the content hash. */
export function* planStockReportPrintSteps(
  kind: StockReportKind,
  orders: readonly ReportOrder[],
  filters: StockReportFilters,
  req: PrintRequest,
  actor: PrintActor,
  now: number,
  ctx: SlaContext,
): Steps<DraftOutcome> {
  const forbidden = forbiddenOverride(req, actor);
  if (forbidden) return forbidden;
  const rows = yield* stockReportRowsSteps(kind, orders, filters, ctx, undefined, req.override);
  const rowsOf = new Map<number, StockReportRow[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const g = rowsOf.get(r.order.id);
    if (g) g.push(r);
    else rowsOf.set(r.order.id, [r]);
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  let targets: ReportOrder[];
  if (req.ids === null) {
    targets = [...rowsOf.values()].map((g) => g[0].order);
  } else {
    const posted = postedOrders(req.ids, yield* indexLinesSteps(orders));
    const reprints = posted.orders.filter(({ order }) => order.prints[kind].count > 0).map(({ order }) => order);
    if (reprints.length > 0 && !req.override) {
      return reprintRefusal(kind, reprints);
    }
    const outside: PrintRefusalItem[] = posted.unknown.map((id) => ({
      orderId: null,
      orderNo: null,
      lineId: id,
      sku: null,
      code: 'not_found',
      reason: PRINT_SKIP_REASONS.not_found,
    }));
    for (const { id, order } of posted.orders) {
      if (rowsOf.has(order.id)) continue;
      const x = stockReportExclusion(kind, order);
      const code: PrintSkipCode = x !== null && !(x === 'printed' && req.override) ? x : 'not_on_page';
      outside.push({
        orderId: order.id,
        orderNo: order.orderNo,
        lineId: id,
        sku: null,
        code,
        reason: PRINT_SKIP_REASONS[code],
      });
    }
    if (outside.length > 0) {
      const labels = outside.map((o) => o.orderNo ?? String(o.lineId));
      return refuse(409, 'not_in_report', `${PRINT_ERROR_MESSAGES.not_in_report}: ${labels.join(', ')}`, outside);
    }
    const wanted = new Set(posted.orders.map((p) => p.order.id));
    targets = [...rowsOf.values()].map((g) => g[0].order).filter((o) => wanted.has(o.id));
  }
  const roundless = targets.filter((o) => reportRound(o, kind) === null);
  if (roundless.length > 0) {
    return refuse(
      409,
      'round_required',
      PRINT_ERROR_MESSAGES.round_required,
      roundless.map((o) => orderItem(o, 'no_round')),
    );
  }
  if (targets.length === 0) return nothing([]);
  const printedRows = targets.flatMap((o) => rowsOf.get(o.id)!);
  return plan({
    kind,
    printedAt: now,
    printedBy: actor.username,
    orderIds: targets.map((o) => o.id),
    lineCount: printedRows.length,
    snapshot: buildSnapshot(kind, yield* stockReportSnapshotOrdersSteps(printedRows)),
    copies: new Map(targets.map((o) => [o.id, o.prints[kind].count])),
    override: targets.some((o) => o.prints[kind].count > 0),
    round: sharedRound(targets.map((o) => reportRound(o, kind))),
    orderCounters: orderCounterWrites(kind, targets, now, actor),
    lineCounters: [],
    issues: targets
      .filter((o) => !o.flags.issued)
      .map((o) => ({ orderId: o.id, source: STOCK_REPORT_ISSUE_SOURCE[kind] })),
    skuHistory: [],
    skipped: [],
  });
}

/** A print record as a history reprint needs it. */
export interface PrintRecordInput {
  printJobId: number;
  snapshot: PrintSnapshot;
  /** Filter context of a picking job (its SKU history key); ignored for the other kinds. */
  context: Omit<PickingContextKey, 'sku'>;
}

/**
 * Reprint from a printed-history view (docs/domain/reports.md#print-ledger): the paper is the
 * record again, exactly as it went out (same content hash for the same selection), marked as a
 * copy. Everything in a record was printed, so it always needs an admin `override`. Counters +1 as
 * for any print; no issue marker (the first print issued, and un-issuing is not undone by a copy).
 * Orders purged since are skipped; what changed since is listed so the copy says
 * `เปลี่ยนหลังพิมพ์`.
 */
export function planReprintFromRecord(
  record: PrintRecordInput,
  pick: { orderIds?: ReadonlySet<number> | null; skus?: ReadonlySet<string> | null },
  current: (orderId: number) => ReportOrder | undefined,
  override: boolean,
  actor: PrintActor,
  now: number,
  history: PickingHistoryLookup = () => undefined,
): PrintOutcome {
  return withContentHash(planReprintDraft(record, pick, current, override, actor, now, history));
}

/** planReprintFromRecord without the content hash. */
export function planReprintDraft(
  record: PrintRecordInput,
  pick: { orderIds?: ReadonlySet<number> | null; skus?: ReadonlySet<string> | null },
  current: (orderId: number) => ReportOrder | undefined,
  override: boolean,
  actor: PrintActor,
  now: number,
  history: PickingHistoryLookup = () => undefined,
): DraftOutcome {
  const forbidden = forbiddenOverride({ ids: null, override }, actor);
  if (forbidden) return forbidden;
  const kind = record.snapshot.kind;
  const chosen = selectSnapshot(record.snapshot, pick);
  if (!override) {
    return reprintRefusal(
      kind,
      chosen.orders.map((o) => ({ id: o.orderId, orderNo: o.orderNo })),
    );
  }
  const skipped: PrintSkip[] = [];
  const kept = chosen.orders.filter((o) => {
    if (current(o.orderId) !== undefined) return true;
    skipped.push({
      id: o.lines[0]?.lineId ?? 0,
      orderId: o.orderId,
      orderNo: o.orderNo,
      sku: null,
      code: 'not_found',
      reason: PRINT_SKIP_REASONS.not_found,
    });
    return false;
  });
  if (kept.length === 0) return nothing(skipped);
  const snapshot: PrintSnapshot = { ...chosen, orders: kept };
  const copies = new Map<number, number>();
  const orderCounters: OrderCounterWrite[] = [];
  const lineCounters: LineCounterWrite[] = [];
  let lineCount = 0;
  for (const printed of kept) {
    const o = current(printed.orderId)!;
    lineCount += printed.lines.length;
    if (kind === 'picking') {
      const lines = new Map(o.lines.map((l) => [l.id, l]));
      let copy = 0;
      for (const pl of printed.lines) {
        const l = lines.get(pl.lineId);
        if (!l) continue;
        copy = Math.max(copy, l.pickingCount);
        lineCounters.push({
          lineId: l.id,
          orderId: o.id,
          count: l.pickingCount + 1,
          lastAt: now,
          lastBy: actor.username,
        });
      }
      copies.set(o.id, copy);
    } else {
      copies.set(o.id, o.prints[kind].count);
      orderCounters.push({ orderId: o.id, kind, count: o.prints[kind].count + 1, lastAt: now, lastBy: actor.username });
    }
  }
  const skuHistory: SkuHistoryWrite[] =
    kind === 'picking'
      ? snapshot.skus.map((r) => {
          const context = { ...record.context, sku: r.sku };
          return { sku: r.sku, qty: r.qty, context, contextCount: (history(context)?.count ?? 0) + 1 };
        })
      : [];
  return plan({
    kind,
    printedAt: now,
    printedBy: actor.username,
    orderIds: kept.map((o) => o.orderId),
    lineCount,
    snapshot,
    copies,
    override: true,
    round: sharedRound(kept.map((o) => (kind === 'warehouse' || kind === 'picking' ? o.dispatchRound : o.round))),
    orderCounters,
    lineCounters,
    issues: [],
    skuHistory,
    skipped,
    changes: changesAfterPrint({ printJobId: record.printJobId, snapshot }, current),
    copyOf: record.printJobId,
  });
}
