// .xlsx exports of the reports and their printed histories (docs/domain/reports.md#excel-exports):
// exactly the rows of the page under the same filters, sort and search, all pages; Thai headers,
// widths, numbers as numbers, the frozen header row, and the header row alone when nothing matches.
// Streamed (xlsxStream): a large report is encoded and deflated as the client reads it, never held
// whole.
import {
  changeText,
  exportFileName,
  isStockReportKind,
  PICKING_EXPORT,
  PICKING_HISTORY_EXPORT,
  stockReportExport,
  stockReportHistoryExport,
  WAREHOUSE_EXPORT,
  WAREHOUSE_HISTORY_EXPORT,
  type ExportSpec,
  type ReportKind,
} from '../../domain/reports';
import { xlsxStream } from '../../xlsx/write';
import type { HistoryRows } from './history';
import type { ReportRows } from './rows';

export interface XlsxFile {
  fileName: string;
  body: ReadableStream<Uint8Array>;
  rows: number;
}

function file<R>(spec: ExportSpec<R>, rows: readonly R[], count: number, now: number): XlsxFile {
  let i = 0;
  const body = xlsxStream({
    name: spec.sheet,
    header: spec.columns.map((c) => c.header),
    colWidths: spec.columns.map((c) => c.width),
    // Every text column but none of the numbers may repeat; the table is bounded by the writer.
    sharedColumns: spec.columns.map((c) => c.type === 'text'),
    rows: {
      next: () => {
        if (i >= rows.length) return { done: true, value: undefined };
        const row = rows[i++];
        return { done: false, value: spec.columns.map((c) => c.value(row)) };
      },
    },
  });
  return { fileName: exportFileName(spec, now), body, rows: count };
}

/** A report's rows as its .xlsx. */
export function reportXlsx(r: ReportRows, now: number): XlsxFile {
  if (r.kind === 'warehouse') return file(WAREHOUSE_EXPORT, r.rows, r.rows.length, now);
  if (r.kind === 'picking') return file(PICKING_EXPORT, r.rows, r.rows.length, now);
  return file(stockReportExport(r.kind), r.rows, r.rows.length, now);
}

/** A printed-history view as .xlsx, with the copy mark and the change flag per row. */
export function historyXlsx(kind: ReportKind, h: HistoryRows, now: number): XlsxFile {
  if (h.kind === 'order') {
    return file(
      WAREHOUSE_HISTORY_EXPORT,
      h.rows.map((r) => ({ ...r, changed: changeText(r.changes) })),
      h.rows.length,
      now,
    );
  }
  if (h.kind === 'sku') return file(PICKING_HISTORY_EXPORT, h.rows, h.rows.length, now);
  if (!isStockReportKind(kind)) throw new Error(`no history export for ${kind}`);
  return file(
    stockReportHistoryExport(kind),
    h.rows.map((r) => ({ ...r, changed: changeText(r.changes) })),
    h.rows.length,
    now,
  );
}
