// Excel exports of the reports (docs/domain/reports.md#excel-exports): sheet and file names, Thai
// headers exactly as the legacy pages write them (spacing included), column widths, and which cells
// are numbers. Date cells are text in the display format; an empty result still gives the header
// row.
import { PLATFORM_LABELS } from '../allocation';
import { NO_SLA } from '../sla';
import { bangkokEpochDay, bangkokMsOfDay, epochDayToIsoDate, formatThaiDate, formatThaiDateTime } from '../time';
import type { HistoryLineRow, HistoryOrderRow, PrintedPickingLine } from './history';
import { roundsText, type PickingLine, type PickingRow } from './picking';
import { copyLabel, type SnapshotLine, type SnapshotOrder } from './snapshot';
import type { StockReportRow } from './stock-reports';
import type { StockReportKind } from './types';
import type { WarehouseRow } from './warehouse';

export type Cell = string | number | null;

export interface ExportColumn<R> {
  header: string;
  /** Width in characters. */
  width: number;
  type: 'text' | 'number';
  value: (row: R) => Cell;
}

export interface ExportSpec<R> {
  sheet: string;
  /** File name prefix; the name is `<prefix><stamp>.xlsx`. */
  filePrefix: string;
  /** `YYYYMMDD_HHMM` or, for the stock reports, `YYYYMMDD_HHMMSS` (Bangkok time). */
  stamp: 'minutes' | 'seconds';
  columns: readonly ExportColumn<R>[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `YYYYMMDD_HHMM[SS]` of an instant in Bangkok time (docs/domain/sla.md#bangkok-time: never the
 * server's zone).
 */
export function bangkokStamp(now: number, seconds: boolean): string {
  const date = epochDayToIsoDate(bangkokEpochDay(now)).replaceAll('-', '');
  const s = Math.floor(bangkokMsOfDay(now) / 1000);
  return `${date}_${pad(Math.floor(s / 3600))}${pad(Math.floor(s / 60) % 60)}${seconds ? pad(s % 60) : ''}`;
}

export const exportFileName = (spec: Pick<ExportSpec<unknown>, 'filePrefix' | 'stamp'>, now: number) =>
  `${spec.filePrefix}${bangkokStamp(now, spec.stamp === 'seconds')}.xlsx`;

/** Header row plus one row per record, and the widths, ready for the xlsx writer. */
export function exportTable<R>(spec: ExportSpec<R>, rows: Iterable<R>) {
  const out: Cell[][] = [spec.columns.map((c) => c.header)];
  for (const r of rows) out.push(spec.columns.map((c) => c.value(r)));
  return { name: spec.sheet, rows: out, colWidths: spec.columns.map((c) => c.width) };
}

const text = <R>(header: string, width: number, value: (r: R) => string | null | undefined): ExportColumn<R> => ({
  header,
  width,
  type: 'text',
  value: (r) => value(r) ?? '',
});
const num = <R>(header: string, width: number, value: (r: R) => number | null): ExportColumn<R> => ({
  header,
  width,
  type: 'number',
  value,
});
const when = (ms: number | null) => (ms === null ? '' : formatThaiDateTime(ms));

// Warehouse sheet and its history (docs/domain/reports.md#excel-exports rows 2-3).
interface WarehouseCells {
  platform: string;
  shop: string;
  orderNo: string;
  logistic: string | null;
  acceptedBy: readonly string[];
  scanned: boolean;
  round: number | null;
  printCount: number;
  printedAt: number | null;
}

const WAREHOUSE_COLUMNS: readonly ExportColumn<WarehouseCells>[] = [
  text('แพลตฟอร์ม', 10, (r) => r.platform),
  text('ร้าน', 24, (r) => r.shop),
  text('เลข Order', 22, (r) => r.orderNo),
  text('ประเภทขนส่ง', 18, (r) => r.logistic),
  text('ผู้กดรับ', 14, (r) => r.acceptedBy.join(', ')),
  text('Scan Order', 11, (r) => (r.scanned ? '✓ แล้ว' : '')),
  num('จ่ายงาน(รอบที่)', 13, (r) => r.round),
  num('พิมพ์แล้ว(ครั้ง)', 13, (r) => r.printCount),
  text('วัน/เดือน/ปี/เวลา ที่พิมพ์', 20, (r) => when(r.printedAt)),
];

/**
 * Columns over a converted row. A table is written row by row, column by column, so remembering
 * the last conversion converts each row once (an export of 50,000 rows stays linear and light).
 */
function via<R extends object, S>(columns: readonly ExportColumn<S>[], to: (r: R) => S): ExportColumn<R>[] {
  let lastRow: R | null = null;
  let lastCells: S;
  const cells = (r: R): S => {
    if (r !== lastRow) {
      lastCells = to(r);
      lastRow = r;
    }
    return lastCells;
  };
  return columns.map((c) => ({ ...c, value: (r: R) => c.value(cells(r)) }));
}

/** The cells every warehouse row shares, from an order as it is now or as it was printed. */
const warehouseCells = (
  o: Pick<SnapshotOrder, 'platform' | 'shopName' | 'orderNo' | 'logisticType' | 'dispatchRound'>,
  rest: Pick<WarehouseCells, 'acceptedBy' | 'scanned' | 'printCount' | 'printedAt'>,
): WarehouseCells => ({
  platform: PLATFORM_LABELS[o.platform],
  shop: o.shopName,
  orderNo: o.orderNo,
  logistic: o.logisticType,
  round: o.dispatchRound,
  ...rest,
});

export const WAREHOUSE_EXPORT: ExportSpec<WarehouseRow> = {
  sheet: 'Warehouse',
  filePrefix: 'ใบงานคลัง_Warehouse_',
  stamp: 'minutes',
  columns: via(WAREHOUSE_COLUMNS, (r: WarehouseRow) =>
    warehouseCells(r.order, {
      acceptedBy: r.acceptedBy,
      scanned: r.order.scannedAt !== null,
      printCount: r.printCount,
      printedAt: r.lastPrintedAt,
    }),
  ),
};

/** A history row with what changed since it was printed (changes.changeText), '' when nothing. */
export type WithChange<R> = R & { changed: string };

/**
 * Added after the documented columns (docs/domain/reports.md#excel-exports) of every
 * printed-history export: the copy mark and the change flag.
 */
function historyMarks<R extends { copy: number; changed: string }>(): ExportColumn<R>[] {
  return [text('สำเนา', 16, (r) => copyLabel(r.copy)), text('เปลี่ยนหลังพิมพ์', 30, (r) => r.changed)];
}

export const WAREHOUSE_HISTORY_EXPORT: ExportSpec<WithChange<HistoryOrderRow>> = {
  // A sheet named `History` alone is reserved by Excel (it refuses or "repairs" such a file), so
  // the sheet carries the report's name too, as the other history sheets do
  // (docs/domain/reports.md#decisions-where-the-spec-is-silent-or-contradicts-itself).
  sheet: 'Warehouse History',
  filePrefix: 'ใบงานคลังประวัติ_History_',
  stamp: 'minutes',
  columns: [
    ...via(WAREHOUSE_COLUMNS, (r: HistoryOrderRow) =>
      warehouseCells(r.order, {
        acceptedBy: r.order.acceptedBy,
        scanned: r.order.scanned,
        printCount: r.printCount,
        printedAt: r.job.printedAt,
      }),
    ),
    ...historyMarks<WithChange<HistoryOrderRow>>(),
  ],
};

// Picking List and its history (docs/domain/reports.md#excel-exports rows 4-5).
type AnyPickingRow = PickingRow<PickingLine> | PickingRow<PrintedPickingLine>;

const roundCell = (r: AnyPickingRow): Cell =>
  r.rounds !== null && r.rounds.min === r.rounds.max ? r.rounds.min : roundsText(r.rounds);

const PICKING_COLUMNS: readonly ExportColumn<AnyPickingRow>[] = [
  text('แพลตฟอร์ม', 12, (r) => r.platforms.map((p) => PLATFORM_LABELS[p]).join(', ')),
  text('ร้าน', 24, (r) => r.shops.join(', ')),
  text('SKU', 20, (r) => r.sku),
  text('Brand', 14, (r) => r.brand),
  text('สินค้า', 36, (r) => r.productName),
  num('ต้องหยิบ', 9, (r) => r.qty),
  num('สต็อก', 8, (r) => r.stock),
  num('ขาด', 7, (r) => r.shortfall),
  num('คงเหลือหลังหยิบ', 14, (r) => r.left),
  text('ประเภทขนส่ง', 18, (r) => r.logistics.join(', ')),
  // A number for one round, the text `min-max` for several.
  { header: 'จ่ายงาน(รอบที่)', width: 13, type: 'number', value: roundCell },
  num('พิมพ์แล้ว (ครั้ง)', 13, (r) => r.printCount),
];

export const PICKING_EXPORT: ExportSpec<PickingRow> = {
  sheet: 'Picking List',
  filePrefix: 'ใบงานหยิบสินค้า_Picking_',
  stamp: 'minutes',
  columns: PICKING_COLUMNS,
};

export const PICKING_HISTORY_EXPORT: ExportSpec<PickingRow<PrintedPickingLine>> = {
  sheet: 'Picking History',
  filePrefix: 'ใบงานหยิบสินค้าประวัติ_History_',
  stamp: 'minutes',
  columns: PICKING_COLUMNS,
};

// Stock problem reports (docs/domain/reports.md#excel-exports rows 6-8).
interface StockCells {
  platform: string;
  shop: string;
  orderNo: string;
  sku: string;
  brand: string | null;
  productName: string | null;
  stock: number;
  qty: number;
  allQty: number;
  orderTime: number | null;
  dueDay: number | null;
  sla: string | null;
  logistic: string | null;
  round: number | null;
  printCount: number;
}

const STOCK_COLUMNS: readonly ExportColumn<StockCells>[] = [
  text('แพลตฟอร์ม', 10, (r) => r.platform),
  text('ร้าน', 24, (r) => r.shop),
  text('เลข Order', 22, (r) => r.orderNo),
  text('SKU', 20, (r) => r.sku),
  text('Brand', 14, (r) => r.brand),
  text('ชื่อสินค้า', 36, (r) => r.productName),
  num('Stock', 8, (r) => r.stock),
  num('Qty', 6, (r) => r.qty),
  num('AllQty', 8, (r) => r.allQty),
  text('เวลาที่ลูกค้าสั่ง', 18, (r) => when(r.orderTime)),
  text('กำหนดส่ง', 12, (r) => (r.dueDay === null ? NO_SLA : formatThaiDate(epochDayToIsoDate(r.dueDay)))),
  text('SLA', 18, (r) => r.sla ?? NO_SLA),
  text('ประเภทขนส่ง', 18, (r) => r.logistic),
  num('จ่ายงาน(รอบที่)', 13, (r) => r.round),
  num('พิมพ์แล้ว(ครั้ง)', 13, (r) => r.printCount),
];

/** The cells every stock report row shares, from an order and line as they are now or as printed. */
const stockCells = (
  o: Pick<SnapshotOrder, 'platform' | 'shopName' | 'orderNo' | 'orderTime' | 'dueDay' | 'logisticType'>,
  l: Pick<SnapshotLine, 'sku' | 'brand' | 'productName' | 'qty'>,
  rest: Pick<StockCells, 'stock' | 'allQty' | 'sla' | 'round' | 'printCount'>,
): StockCells => ({
  platform: PLATFORM_LABELS[o.platform],
  shop: o.shopName,
  orderNo: o.orderNo,
  sku: l.sku,
  brand: l.brand,
  productName: l.productName,
  qty: l.qty,
  orderTime: o.orderTime,
  dueDay: o.dueDay,
  logistic: o.logisticType,
  ...rest,
});

export const STOCK_REPORT_SHEETS: Readonly<Record<StockReportKind, string>> = {
  lowstock: 'LowStock',
  nostock: 'NoStock',
  notenough: 'NotEnough',
};

export function stockReportExport(kind: StockReportKind): ExportSpec<StockReportRow> {
  return {
    sheet: STOCK_REPORT_SHEETS[kind],
    filePrefix: `${kind}_`,
    stamp: 'seconds',
    columns: via(STOCK_COLUMNS, (r: StockReportRow) =>
      stockCells(r.order, r.line, {
        stock: r.line.stockQty,
        allQty: r.allQty,
        sla: r.sla?.label ?? null,
        round: r.round,
        printCount: r.printCount,
      }),
    ),
  };
}

/**
 * The printed history of a stock report
 * (docs/domain/reports.md#decisions-where-the-spec-is-silent-or-contradicts-itself): the report's
 * columns plus the marks.
 */
export function stockReportHistoryExport(kind: StockReportKind): ExportSpec<WithChange<HistoryLineRow>> {
  return {
    sheet: `${STOCK_REPORT_SHEETS[kind]} History`,
    filePrefix: `${kind}_history_`,
    stamp: 'seconds',
    columns: [
      ...via(STOCK_COLUMNS, (r: HistoryLineRow) =>
        stockCells(r.order, r.line, {
          stock: r.line.stock,
          allQty: r.allQty,
          sla: r.sla?.label ?? null,
          round: r.order.round,
          printCount: r.printCount,
        }),
      ),
      ...historyMarks<WithChange<HistoryLineRow>>(),
    ],
  };
}
