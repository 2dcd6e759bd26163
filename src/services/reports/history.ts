// Printed-history views (docs/domain/reports.md#print-history) from the print records,
// changed-after-print for any order (`เปลี่ยนหลังพิมพ์`: the orders list line, the scan result and
// the report rows), and "why is this line short" (`shortage`).
import { PLATFORM_LABELS } from '../../domain/allocation';
import { explainShortage, type Shortage } from '../../domain/allocation/shortage';
import { dayBounds } from '../../domain/orders-view/scope';
import { bangkokDate, epochDayToIsoDate } from '../../domain/time';
import {
  CHANGE_LABELS,
  changesAfterPrint,
  changeText,
  copyLabel,
  historyDates,
  lineHistoryRows,
  normaliseQuery,
  orderHistoryRows,
  pickingHistoryRows,
  roundsText,
  type HistoryFilters,
  type HistoryLineRow,
  type HistoryOrderRow,
  type PickingRow,
  type PrintChange,
  type PrintedPickingLine,
  type ReportKind,
  type SnapshotOrder,
} from '../../domain/reports';
import { badRequest } from '../../errors';
import { parseDateInput } from '../../domain/orders-view/dates';
import { jobIdsInView, printTimes, readerOf, readJobs, type StoredJob } from './ledger';
import { iso } from './rows';
import type { ReportSourceReader } from './source';
import type { StoragePort } from '../../storage';

export interface HistoryQuery {
  from?: string;
  to?: string;
  q?: string;
  platform?: string;
  shop?: string;
  round?: number;
  page?: number;
  limit?: number;
}

/** A change as the API gives it (`changedAfterPrint`). */
export interface ChangeItem {
  kind: ReportKind;
  printJobId: number;
  lineId: number | null;
  change: PrintChange['change'];
  label: string;
  from?: number;
  to?: number;
}

export const changeItem = (c: PrintChange): ChangeItem => ({
  kind: c.kind,
  printJobId: c.printJobId,
  lineId: c.lineId,
  change: c.change,
  label: c.change === 'qty_changed' ? `${CHANGE_LABELS.qty_changed} (${c.from}→${c.to})` : CHANGE_LABELS[c.change],
  ...(c.from !== undefined ? { from: c.from, to: c.to } : {}),
});

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function dateParam(raw: string | undefined, field: string): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const v = parseDateInput(raw);
  if (v === null)
    throw badRequest('invalid_request', `ข้อมูลที่ส่งมาไม่ถูกต้อง: ${field} (วันที่ต้องเป็น YYYY-MM-DD หรือ DD/MM/YYYY)`, [
      { field, value: raw },
    ]);
  return v;
}

export function createHistory(deps: { storage: StoragePort; clock: () => number; source: ReportSourceReader }) {
  const { storage, clock, source } = deps;
  const read = readerOf(storage);

  /**
   * What changed since each order's latest print of every kind (Picking: the latest record of
   * each of its lines). Orders never printed, or unchanged, are absent from the map.
   */
  async function changedAfterPrint(orderIds: readonly number[]): Promise<Map<number, PrintChange[]>> {
    const out = new Map<number, PrintChange[]>();
    const ids = [...new Set(orderIds)];
    if (ids.length === 0) return out;
    const pairs: { orderId: number; jobId: number }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await read(
        `SELECT order_id, last_print_job_id FROM order_print_counters WHERE order_id IN (${marks(part.length)}) AND last_print_job_id IS NOT NULL
         UNION SELECT DISTINCT order_id, picking_last_print_job_id FROM order_lines WHERE order_id IN (${marks(part.length)}) AND picking_last_print_job_id IS NOT NULL`,
        [...part, ...part],
      );
      for (const r of rows) pairs.push({ orderId: Number(r[0]), jobId: Number(r[1]) });
    }
    if (pairs.length === 0) return out;
    // Only the printed orders asked about, not whole records: one order's detail stays cheap.
    const printed = new Map<number, { kind: ReportKind; orders: SnapshotOrder[] }>();
    for (let i = 0; i < pairs.length; i += 400) {
      const part = pairs.slice(i, i + 400);
      const rows = await read(
        `SELECT o.print_job_id, j.kind, o.lines FROM print_job_orders o JOIN print_jobs j ON j.id = o.print_job_id
          WHERE ${part.map(() => '(o.print_job_id = ? AND o.order_id = ?)').join(' OR ')}`,
        part.flatMap((p) => [p.jobId, p.orderId]),
      );
      for (const r of rows) {
        const jobId = Number(r[0]);
        const rec = printed.get(jobId) ?? { kind: String(r[1]) as ReportKind, orders: [] };
        rec.orders.push(JSON.parse(String(r[2])) as SnapshotOrder);
        printed.set(jobId, rec);
      }
    }
    const current = await source.ordersById(ids);
    for (const [jobId, rec] of printed) {
      const changes = changesAfterPrint(
        { printJobId: jobId, snapshot: { v: 1, kind: rec.kind, orders: rec.orders, skus: [] } },
        (id) => current.get(id),
      );
      for (const c of changes) out.set(c.orderId, [...(out.get(c.orderId) ?? []), c]);
    }
    return out;
  }

  /** Why a LOW_STOCK / NOT_ENOUGH / SHORTAGE line is short (null for any other line or a closed one). */
  async function shortageOf(lineId: number): Promise<Shortage | null> {
    return source.compute(function* (s) {
      const hit = yield* s.lineOf(lineId);
      if (!hit) return null;
      const sku = hit.line.sku;
      return explainShortage(s.queueOf(sku), sku, s.stockOf(sku), lineId);
    });
  }

  async function jobsInView(kind: ReportKind, q: HistoryQuery) {
    const today = bangkokDate(clock());
    const search = normaliseQuery(q.q);
    let from = dateParam(q.from, 'from');
    let to = dateParam(q.to, 'to');
    // The page starts on today (docs/domain/reports.md#print-history); a search covers all history.
    if (from === null && to === null) from = to = today;
    const ids = await jobIdsInView(read, kind, search === null ? dayBounds(from, to) : null, search);
    const jobs = await readJobs(read, ids);
    const s = await source.load();
    const filters: HistoryFilters = {
      printed: { from, to },
      q: search,
      platform: s.platformOf(q.platform),
      shopIds: s.shopsOf(q.shop),
      round: q.round ?? null,
    };
    const orderIds = new Set<number>();
    for (const j of jobs) for (const o of j.snapshot.orders) orderIds.add(o.orderId);
    const current = await source.ordersById([...orderIds]);
    const changes = new Map<number, PrintChange[]>();
    for (const j of jobs)
      changes.set(
        j.printJobId,
        changesAfterPrint(j, (id) => current.get(id)),
      );
    const dates = historyDates(
      (await printTimes(read, kind)).map((printedAt) => ({ kind, printedAt })),
      kind,
    );
    return { jobs, filters, changes, dates, from, to, calendar: s.calendar };
  }

  /**
   * The printed-history rows of a report (docs/domain/reports.md#print-history): order rows
   * (ใบงานคลัง), line rows (stock reports) or SKU rows (Picking), each with its copy mark and what
   * changed since.
   */
  async function printedRows(kind: ReportKind, q: HistoryQuery) {
    const v = await jobsInView(kind, q);
    const changesOf = (jobId: number, orderId: number, lineId?: number) =>
      (v.changes.get(jobId) ?? []).filter(
        (c) => c.orderId === orderId && (lineId === undefined || c.lineId === null || c.lineId === lineId),
      );
    if (kind === 'warehouse') {
      const rows = orderHistoryRows(v.jobs, kind, v.filters).map((r) => ({
        ...r,
        changes: changesOf(r.job.printJobId, r.order.orderId),
      }));
      return { ...v, kind: 'order' as const, rows };
    }
    if (kind === 'picking') {
      const rows = pickingHistoryRows(v.jobs, v.filters).map((r) => ({
        ...r,
        changes: r.lines
          .flatMap((l) => changesOf(l.job.printJobId, l.order.id))
          .filter((c, i, all) => all.indexOf(c) === i),
      }));
      return { ...v, kind: 'sku' as const, rows };
    }
    const rows = lineHistoryRows(v.jobs, kind, v.filters, v.calendar).map((r) => ({
      ...r,
      changes: changesOf(r.job.printJobId, r.order.orderId, r.line.lineId),
    }));
    return { ...v, kind: 'line' as const, rows };
  }

  return { changedAfterPrint, shortageOf, printedRows };
}

export type HistoryRows = Awaited<ReturnType<ReturnType<typeof createHistory>['printedRows']>>;

const jobItem = (j: StoredJob) => ({
  printJobId: j.printJobId,
  printedAt: iso(j.printedAt),
  printedBy: j.printedBy,
  copy: j.copy,
  copyLabel: copyLabel(j.copy),
  copyOf: j.copyOf,
  override: j.override,
  round: j.round,
  orders: j.orderCount,
  lines: j.lineCount,
  contentHash: j.contentHash,
  verified: j.verified,
});

function orderPart(o: SnapshotOrder) {
  return {
    orderId: o.orderId,
    orderNo: o.orderNo,
    platform: o.platform,
    platformLabel: PLATFORM_LABELS[o.platform],
    shop: { id: o.shopId, name: o.shopName },
    logisticType: o.logisticType,
    dispatchRound: o.dispatchRound,
  };
}

/** Which print a history row comes from, its copy mark, and the order as printed. */
const printedPart = (r: HistoryOrderRow) => ({
  printJobId: r.job.printJobId,
  printedAt: iso(r.job.printedAt),
  printedBy: r.job.printedBy,
  copy: r.copy,
  copyLabel: copyLabel(r.copy),
  printCount: r.printCount,
  ...orderPart(r.order),
});

const changed = (changes: PrintChange[]) => ({
  changedAfterPrint: changes.map(changeItem),
  changedText: changeText(changes),
});

function historyOrderItem(r: HistoryOrderRow & { changes: PrintChange[] }) {
  return {
    ...printedPart(r),
    acceptedBy: r.order.acceptedBy,
    scanned: r.order.scanned,
    short: r.order.short,
    lines: r.order.lines,
    ...changed(r.changes),
  };
}

function historyLineItem(r: HistoryLineRow & { changes: PrintChange[] }) {
  return {
    ...printedPart(r),
    id: r.line.lineId,
    sku: r.line.sku,
    brand: r.line.brand,
    productName: r.line.productName,
    stock: r.line.stock,
    qty: r.line.qty,
    allQty: r.allQty,
    status: r.line.status,
    orderedAt: iso(r.order.orderTime),
    dueAt: r.order.dueDay === null ? null : epochDayToIsoDate(r.order.dueDay),
    sla: r.sla,
    round: r.order.round,
    note: r.line.note,
    ...changed(r.changes),
  };
}

function historySkuItem(r: PickingRow<PrintedPickingLine> & { changes: PrintChange[] }) {
  const jobs = [...new Set(r.lines.map((l) => l.job))];
  return {
    sku: r.sku,
    brand: r.brand,
    productName: r.productName,
    qty: r.qty,
    stock: r.stock,
    shortfall: r.shortfall,
    left: r.left,
    platforms: r.platforms,
    shops: r.shops,
    logistics: r.logistics,
    rounds: r.rounds,
    roundText: roundsText(r.rounds),
    printCount: r.printCount,
    lastPrintedAt: iso(r.lastPrintedAt),
    printJobIds: jobs.map((j) => j.printJobId),
    orderIds: [...new Set(r.lines.map((l) => l.order.id))],
    ...changed(r.changes),
  };
}

/** The JSON of a history view page. */
export function historyPage(h: HistoryRows, page: { offset: number; limit: number; page: number }) {
  const slice = (h.rows as unknown[]).slice(page.offset, page.offset + page.limit);
  const items =
    h.kind === 'order'
      ? (slice as Parameters<typeof historyOrderItem>[0][]).map(historyOrderItem)
      : h.kind === 'line'
        ? (slice as Parameters<typeof historyLineItem>[0][]).map(historyLineItem)
        : (slice as Parameters<typeof historySkuItem>[0][]).map(historySkuItem);
  return {
    items,
    total: h.rows.length,
    page: page.page,
    limit: page.limit,
    from: h.from,
    to: h.to,
    dates: h.dates,
    jobs: h.jobs.map(jobItem),
  };
}
