// Warehouse paper (docs/domain/reports.md, issue 14): the reports, their prints and print ledger,
// rounds, the picking dispatch, printed histories, exports, changed-after-print and `shortage`.
// Statuses come from the one global allocation through source.ts; the rules are the domain's
// (domain/reports).
import {
  changesAfterPrint,
  changesForLine,
  isStockReportKind,
  REPORT_KINDS,
  type ReportKind,
  type RoundReport,
} from '../../domain/reports';
import { notFound } from '../../errors';
import type { Shortage } from '../../domain/allocation/shortage';
import { toPage } from '../paging';
import { refuseForeignFields, type ReportQuery } from './filters';
import { changeItem, createHistory, historyPage, type ChangeItem, type HistoryQuery } from './history';
import { historyXlsx, reportXlsx, type XlsxFile } from './exports';
import { createPrintCommit, type PrintBody, type PrintResult } from './print';
import { createRounds, type RoundBody } from './rounds';
import { pickingItem, reportRowsSteps, rowsKey, stockItem, warehouseItem, type ReportRows } from './rows';
import { createReportSource } from './source';
import { readerOf, readJobs } from './ledger';
import type { ReadModel } from '../orders/read-model';
import type { Actor } from '../context';
import type { Logger } from '../../log';
import type { StoragePort } from '../../storage';

export type { ReportQuery } from './filters';
export type { HistoryQuery, ChangeItem } from './history';
export type { PrintBody, PrintResult } from './print';
export type { RoundBody } from './rounds';
export type { XlsxFile } from './exports';

export const isReportKind = (v: string): v is ReportKind => (REPORT_KINDS as readonly string[]).includes(v);
export const ROUND_REPORTS: readonly RoundReport[] = ['warehouse', 'lowstock', 'nostock', 'notenough'];

/** The reports use cases over the storage port and the read model (see the functions below). */
export function createReportsService(deps: {
  storage: StoragePort;
  clock: () => number;
  model: ReadModel;
  log: Logger;
}) {
  const { storage, clock, model, log } = deps;
  const source = createReportSource({ storage, model });
  const history = createHistory({ storage, clock, source });
  // The rows of a query are kept per data version (and Bangkok day: SLA labels move with it), so
  // paging through a report, or printing the page just read, does not select and sort again.
  const memo = new Map<string, ReportRows>();
  const printing = createPrintCommit({ storage, clock, source, log, listed: (key) => memo.get(key) });
  const rounds = createRounds({ storage, clock, source });

  const kindOf = (report: string): ReportKind => {
    if (!isReportKind(report)) throw notFound('report_not_found', 'ไม่พบรายงานนี้');
    return report;
  };

  async function allRows(report: string, query: ReportQuery): Promise<ReportRows> {
    const kind = kindOf(report);
    refuseForeignFields(kind, query);
    const now = clock();
    return source.compute(function* (s) {
      const key = rowsKey(s, now, kind, query);
      const hit = memo.get(key);
      if (hit) return hit;
      const rows = yield* reportRowsSteps(kind, query, s, now);
      if (memo.size >= 16 || [...memo.keys()].some((k) => !k.startsWith(`${s.version}|`))) memo.clear();
      memo.set(key, rows);
      return rows;
    });
  }

  /**
   * One page of a report (docs/domain/reports.md#warehouse-job-sheet to #stock-problem-reports)
   * under the query, with totals over all pages. Stock-report rows carry `shortage` when
   * `query.shortage` is set; printed rows carry `changedAfterPrint`.
   */
  async function rows(report: string, query: ReportQuery) {
    const r = await allRows(report, query);
    const page = toPage(query.page, query.limit);
    const total = r.rows.length;
    const base = { report: r.kind, total, page: page.page, limit: page.limit, totals: r.totals };
    if (r.kind === 'warehouse') {
      const slice = r.rows.slice(page.offset, page.offset + page.limit);
      const changes = await history.changedAfterPrint(slice.filter((x) => x.printCount > 0).map((x) => x.order.id));
      return {
        ...base,
        items: slice.map((x) => ({
          ...warehouseItem(x),
          changedAfterPrint: (changes.get(x.order.id) ?? []).map(changeItem),
        })),
      };
    }
    if (r.kind === 'picking') {
      const slice = r.rows.slice(page.offset, page.offset + page.limit);
      const printed = slice.flatMap((x) => x.lines.filter((l) => l.line.pickingCount > 0).map((l) => l.order.id));
      const changes = await history.changedAfterPrint(printed);
      return {
        ...base,
        items: slice.map((x) => {
          const mine = x.lines.flatMap((l) =>
            changesForLine(changes.get(l.order.id) ?? [], l.order.id, l.line.id).filter((c) => c.kind === 'picking'),
          );
          return { ...pickingItem(x), changedAfterPrint: mine.map(changeItem) };
        }),
      };
    }
    const slice = r.rows.slice(page.offset, page.offset + page.limit);
    const changes = await history.changedAfterPrint(slice.filter((x) => x.printCount > 0).map((x) => x.order.id));
    const items = [];
    for (const x of slice) {
      const item = {
        ...stockItem(x),
        changedAfterPrint: changesForLine(changes.get(x.order.id) ?? [], x.order.id, x.line.id).map(changeItem),
      };
      items.push(query.shortage ? { ...item, shortage: await history.shortageOf(x.line.id) } : item);
    }
    return { ...base, items };
  }

  /**
   * The report's .xlsx (docs/domain/reports.md#excel-exports): every row of the query, no paging;
   * `unfiltered` = ข้อมูลทั้งหมด (ไม่สนตัวกรอง).
   */
  async function exportXlsx(
    report: string,
    query: ReportQuery,
    opts: { unfiltered?: boolean } = {},
  ): Promise<XlsxFile> {
    const r = await allRows(report, opts.unfiltered ? {} : query);
    return reportXlsx(r, clock());
  }

  /**
   * Records a print of the report (docs/domain/reports.md#print-tracking); see print.ts for
   * idempotency, override and the ledger.
   */
  async function print(report: string, body: PrintBody, actor: Actor): Promise<PrintResult> {
    return printing.print(kindOf(report), body, actor);
  }

  /**
   * One page of the printed-history view of a report (docs/domain/reports.md#print-history), from
   * the print records.
   */
  async function printed(report: string, query: HistoryQuery) {
    const kind = kindOf(report);
    return historyPage(await history.printedRows(kind, query), toPage(query.page, query.limit));
  }

  /** The printed-history view as .xlsx (all rows of the view). */
  async function printedExport(report: string, query: HistoryQuery): Promise<XlsxFile> {
    const kind = kindOf(report);
    return historyXlsx(kind, await history.printedRows(kind, query), clock());
  }

  /** `PATCH /api/reports/:report/round`: the page's round on its listed (or posted) orders. */
  async function setRound(report: string, body: RoundBody, actor: Actor) {
    const kind = kindOf(report);
    if (!(ROUND_REPORTS as readonly string[]).includes(kind))
      throw notFound('report_has_no_round', 'รายงานนี้ไม่มีการบันทึกรอบ ใช้จ่ายงาน(รอบที่) ของ Picking List');
    return rounds.setRound(kind as RoundReport, body, actor);
  }

  /** `POST /api/reports/picking/dispatch`: round N on every order of the current Picking List, issued `picking:round_N`. */
  async function dispatch(body: { filters?: ReportQuery | null; round?: unknown }, actor: Actor) {
    return rounds.dispatch(body, actor);
  }

  /** What `GET /api/orders/:id` adds for a line: `shortage` when it is short, `changedAfterPrint` when its paper is stale. */
  async function lineExtras(
    lineId: number,
    orderId: number,
  ): Promise<{ shortage?: Shortage; changedAfterPrint?: ChangeItem[] }> {
    const shortage = await history.shortageOf(lineId);
    const changes = changesForLine((await history.changedAfterPrint([orderId])).get(orderId) ?? [], orderId, lineId);
    return {
      ...(shortage ? { shortage } : {}),
      ...(changes.length > 0 ? { changedAfterPrint: changes.map(changeItem) } : {}),
    };
  }

  /** Changed-after-print per order (the scan status check): order id -> changes, unchanged orders absent. */
  async function changedAfterPrint(orderIds: readonly number[]): Promise<Map<number, ChangeItem[]>> {
    const out = new Map<number, ChangeItem[]>();
    for (const [id, changes] of await history.changedAfterPrint(orderIds)) out.set(id, changes.map(changeItem));
    return out;
  }

  /**
   * One print job as recorded, for its printable view (the paper again, from the snapshot), with
   * what changed since THIS job per order and line (เปลี่ยนหลังพิมพ์).
   */
  async function printJob(printJobId: number) {
    const [job] = await readJobs(readerOf(storage), [printJobId]);
    if (!job) throw notFound('print_job_not_found', 'ไม่พบประวัติการพิมพ์นี้');
    const current = await source.ordersById(job.snapshot.orders.map((o) => o.orderId));
    return {
      job,
      changes: changesAfterPrint(job, (id) => current.get(id)).map((c) => ({ ...changeItem(c), orderId: c.orderId })),
    };
  }

  return {
    printJob,
    rows,
    exportXlsx,
    print,
    printed,
    printedExport,
    setRound,
    dispatch,
    lineExtras,
    changedAfterPrint,
    isStockReportKind,
  };
}
