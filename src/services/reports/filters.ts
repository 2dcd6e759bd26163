// Query parameters of the reports -> the domain's filter objects
// (docs/domain/reports.md#common-rules: platform, shop, ประเภทขนส่ง and `q` everywhere; each
// report's date ranges, round and print count). A bad value is a 400 naming the parameter; the
// routes check the shapes first, this checks the meaning.
import { badRequest } from '../../errors';
import { parseDateInput } from '../../domain/orders-view/dates';
import {
  DEFAULT_STOCK_REPORT_SORT,
  STOCK_REPORT_SORT_KEYS,
  type DateRange,
  type PickingFilters,
  type ReportFilters,
  type ReportKind,
  type StockReportFilters,
  type StockReportSort,
  type StockReportSortKey,
  type WarehouseFilters,
} from '../../domain/reports';
import type { ReportSource } from './source';

/** What a report page sends (GET query, or `filters` of a POST body). Every field optional. */
export interface ReportQuery {
  platform?: string;
  shop?: string;
  logistic?: string;
  q?: string;
  /** ใบงานคลัง: accepted date range. */
  acceptedFrom?: string;
  acceptedTo?: string;
  /** Picking List: the warehouse sheet's print date range. */
  warehousePrintedFrom?: string;
  warehousePrintedTo?: string;
  /** Stock reports: order date and import date ranges. */
  orderedFrom?: string;
  orderedTo?: string;
  importedFrom?: string;
  importedTo?: string;
  round?: number;
  printCount?: number;
  /** Picking List: selected SKUs. */
  skus?: string[];
  /** Stock reports: sort column and direction (default เลข Order ascending). */
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  limit?: number;
  /** Stock reports: add `shortage` to each row (why the line is short). */
  shortage?: boolean;
}

function date(raw: string | undefined, field: string): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const iso = parseDateInput(raw);
  if (iso === null)
    throw badRequest('invalid_request', `ข้อมูลที่ส่งมาไม่ถูกต้อง: ${field} (วันที่ต้องเป็น YYYY-MM-DD หรือ DD/MM/YYYY)`, [
      { field, value: raw },
    ]);
  return iso;
}

function range(q: ReportQuery, from: keyof ReportQuery, to: keyof ReportQuery): DateRange | null {
  const r = { from: date(q[from] as string | undefined, from), to: date(q[to] as string | undefined, to) };
  return r.from === null && r.to === null ? null : r;
}

function wholeNumber(value: number | undefined, field: string, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || value < min) {
    throw badRequest(
      'invalid_request',
      `ข้อมูลที่ส่งมาไม่ถูกต้อง: ${field} (${min === 1 ? 'ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป' : 'ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป'})`,
      [{ field, value }],
    );
  }
  return value;
}

const textOrNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

export function baseFilters(q: ReportQuery, source: ReportSource): ReportFilters {
  return {
    platform: source.platformOf(q.platform),
    shopIds: source.shopsOf(q.shop),
    logistic: textOrNull(q.logistic),
    q: textOrNull(q.q),
  };
}

export function warehouseFilters(q: ReportQuery, source: ReportSource): WarehouseFilters {
  return {
    ...baseFilters(q, source),
    accepted: range(q, 'acceptedFrom', 'acceptedTo'),
    round: wholeNumber(q.round, 'round', 1),
    printCount: wholeNumber(q.printCount, 'printCount', 0),
  };
}

export function pickingFilters(q: ReportQuery, source: ReportSource): PickingFilters {
  const skus = q.skus?.map((s) => s.trim()).filter((s) => s !== '') ?? [];
  return {
    ...baseFilters(q, source),
    warehousePrinted: range(q, 'warehousePrintedFrom', 'warehousePrintedTo'),
    round: wholeNumber(q.round, 'round', 1),
    printCount: wholeNumber(q.printCount, 'printCount', 0),
    skus: skus.length > 0 ? new Set(skus) : null,
  };
}

export function stockFilters(q: ReportQuery, source: ReportSource): StockReportFilters {
  return {
    ...baseFilters(q, source),
    ordered: range(q, 'orderedFrom', 'orderedTo'),
    imported: range(q, 'importedFrom', 'importedTo'),
    round: wholeNumber(q.round, 'round', 1),
  };
}

export function stockSort(q: ReportQuery): StockReportSort {
  if (q.sort === undefined || q.sort === '') return { ...DEFAULT_STOCK_REPORT_SORT, dir: q.dir ?? 'asc' };
  if (!(STOCK_REPORT_SORT_KEYS as readonly string[]).includes(q.sort)) {
    throw badRequest('invalid_request', 'ข้อมูลที่ส่งมาไม่ถูกต้อง: sort (คอลัมน์เรียงลำดับไม่ถูกต้อง)', [
      { field: 'sort', value: q.sort },
    ]);
  }
  return { key: q.sort as StockReportSortKey, dir: q.dir ?? 'asc' };
}

/** Parameters a report does not take are refused by name, so a typo never silently lists everything. */
const OWN_FIELDS: Readonly<Record<ReportKind, readonly (keyof ReportQuery)[]>> = {
  warehouse: ['acceptedFrom', 'acceptedTo', 'round', 'printCount'],
  picking: ['warehousePrintedFrom', 'warehousePrintedTo', 'round', 'printCount', 'skus'],
  lowstock: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir', 'shortage'],
  nostock: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir', 'shortage'],
  notenough: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir', 'shortage'],
};
const SPECIFIC = new Set<keyof ReportQuery>(Object.values(OWN_FIELDS).flat());

export function refuseForeignFields(kind: ReportKind, q: ReportQuery): void {
  for (const [k, v] of Object.entries(q) as [keyof ReportQuery, unknown][]) {
    if (v === undefined || v === '' || v === false || !SPECIFIC.has(k) || OWN_FIELDS[kind].includes(k)) continue;
    throw badRequest('invalid_request', `ข้อมูลที่ส่งมาไม่ถูกต้อง: ${k} (รายงานนี้ไม่มีตัวกรองนี้)`, [{ field: k, value: v }]);
  }
}
