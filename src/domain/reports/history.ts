// Printed-history views (docs/domain/reports.md#print-history): `งานที่พิมพ์แล้ว` /
// `ดูประวัติการพิมพ์`. They render from the print records only, so they show exactly what was
// printed, never today's recomputation.
import type { Platform } from '../allocation';
import { slaLabelOfDays, referenceDay, type BusinessCalendar, type SlaLabel } from '../sla';
import { bangkokDate } from '../time';
import { dateInRange, normaliseQuery, type DateRange } from './filters';
import { aggregatePicking, type PickingAggregateLine, type PickingContextKey, type PickingRow } from './picking';
import type { PrintSnapshot, SnapshotLine, SnapshotOrder } from './snapshot';
import type { ReportKind } from './types';

/** One stored print job with its record. */
export interface HistoryJob {
  printJobId: number;
  kind: ReportKind;
  printedAt: number;
  printedBy: string | null;
  /** Per printed order: prints of this kind before this one (0 = original). */
  copies: ReadonlyMap<number, number>;
  /** Picking: the job's filter context (its SKU history key without the SKU). */
  context: Omit<PickingContextKey, 'sku'> | null;
  /** Picking: print_job_skus.context_count per SKU. */
  contextCounts: ReadonlyMap<string, number>;
  snapshot: PrintSnapshot;
}

export interface HistoryFilters {
  /** Print dates (Bangkok); the page starts on today. Ignored while searching. */
  printed: DateRange;
  /** Order id substring over ALL history (docs/domain/reports.md#print-history). */
  q: string | null;
  platform: Platform | null;
  shopIds: ReadonlySet<number> | null;
  /** Picking history: only orders of this จ่ายงาน(รอบที่). */
  round: number | null;
}

export const historyFiltersFor = (today: string): HistoryFilters => ({
  printed: { from: today, to: today },
  q: null,
  platform: null,
  shopIds: null,
  round: null,
});

/** The Bangkok dates that have prints of a kind, newest first. */
export function historyDates(jobs: Iterable<Pick<HistoryJob, 'kind' | 'printedAt'>>, kind: ReportKind): string[] {
  const dates = new Set<string>();
  for (const j of jobs) if (j.kind === kind) dates.add(bangkokDate(j.printedAt));
  return [...dates].sort().reverse();
}

/** Jobs of the kind in the view, newest first. */
function jobsInView(jobs: Iterable<HistoryJob>, kind: ReportKind, f: HistoryFilters): HistoryJob[] {
  const searching = normaliseQuery(f.q) !== null;
  const out: HistoryJob[] = [];
  for (const j of jobs)
    if (j.kind === kind && (searching || dateInRange(bangkokDate(j.printedAt), f.printed))) out.push(j);
  return out.sort((a, b) => b.printedAt - a.printedAt || b.printJobId - a.printJobId);
}

function orderInView(o: SnapshotOrder, f: HistoryFilters): boolean {
  const q = normaliseQuery(f.q);
  if (q !== null && !o.orderNo.toLowerCase().includes(q)) return false;
  if (f.platform !== null && o.platform !== f.platform) return false;
  if (f.shopIds !== null && !f.shopIds.has(o.shopId)) return false;
  return f.round === null || o.dispatchRound === f.round;
}

export interface HistoryOrderRow {
  job: HistoryJob;
  order: SnapshotOrder;
  /** Prints of this kind before this one; `สำเนา / COPY n` when >= 1. */
  copy: number;
  /** พิมพ์แล้ว (ครั้ง) as of this print. */
  printCount: number;
}

/** Warehouse-sheet history: one row per printed order per job, newest job first, sheet order within a job. */
export function orderHistoryRows(jobs: Iterable<HistoryJob>, kind: ReportKind, f: HistoryFilters): HistoryOrderRow[] {
  const out: HistoryOrderRow[] = [];
  for (const job of jobsInView(jobs, kind, f)) {
    for (const order of job.snapshot.orders) {
      if (!orderInView(order, f)) continue;
      const copy = job.copies.get(order.orderId) ?? 0;
      out.push({ job, order, copy, printCount: copy + 1 });
    }
  }
  return out;
}

export interface HistoryLineRow extends HistoryOrderRow {
  line: SnapshotLine;
  /** AllQty as printed: Σ qty of the job's listed lines of the SKU. */
  allQty: number;
  /** SLA as it stood on the print day. */
  sla: SlaLabel | null;
}

/** Stock-report history: one row per printed line per job. */
export function lineHistoryRows(
  jobs: Iterable<HistoryJob>,
  kind: ReportKind,
  f: HistoryFilters,
  calendar: BusinessCalendar,
): HistoryLineRow[] {
  const out: HistoryLineRow[] = [];
  for (const job of jobsInView(jobs, kind, f)) {
    const allQty = new Map<string, number>();
    for (const o of job.snapshot.orders) for (const l of o.lines) allQty.set(l.sku, (allQty.get(l.sku) ?? 0) + l.qty);
    const reference = referenceDay(job.printedAt, calendar);
    for (const order of job.snapshot.orders) {
      if (!orderInView(order, f)) continue;
      const copy = job.copies.get(order.orderId) ?? 0;
      const sla = order.dueDay === null ? null : slaLabelOfDays(order.dueDay, reference, calendar);
      for (const line of order.lines)
        out.push({ job, order, copy, printCount: copy + 1, line, allQty: allQty.get(line.sku)!, sla });
    }
  }
  return out;
}

/** A printed line as the Picking aggregation reads it. */
export interface PrintedPickingLine extends PickingAggregateLine {
  job: HistoryJob;
}

/**
 * Picking history (docs/domain/reports.md#print-history): the printed lines of the jobs in view
 * aggregated per SKU (per SKU of one round when a round is chosen). สต็อก is that of the newest job
 * printing the SKU; พิมพ์แล้ว (ครั้ง) the highest context count among those jobs.
 */
export function pickingHistoryRows(jobs: Iterable<HistoryJob>, f: HistoryFilters): PickingRow<PrintedPickingLine>[] {
  const lines: PrintedPickingLine[] = [];
  const counts = new Map<string, { count: number; lastAt: number }>();
  for (const job of jobsInView(jobs, 'picking', f)) {
    for (const order of job.snapshot.orders) {
      if (!orderInView(order, f)) continue;
      const o = {
        id: order.orderId,
        platform: order.platform,
        shopName: order.shopName,
        logisticType: order.logisticType,
        dispatchRound: order.dispatchRound,
      };
      for (const l of order.lines) {
        lines.push({
          job,
          order: o,
          line: { sku: l.sku, qty: l.qty, brand: l.brand, productName: l.productName, stockQty: l.stock },
        });
        const seen = counts.get(l.sku);
        const count = job.contextCounts.get(l.sku) ?? 0;
        if (!seen) counts.set(l.sku, { count, lastAt: job.printedAt });
        else if (count > seen.count) seen.count = count;
      }
    }
  }
  const none = { platform: null, shopIds: null, logistic: null, q: null };
  return aggregatePicking(lines, none, (key) => {
    const c = counts.get(key.sku);
    return c && { count: c.count, lastAt: c.lastAt, lastBy: null };
  });
}
