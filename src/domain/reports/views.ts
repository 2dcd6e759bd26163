// Issued and trash views (docs/domain/reports.md#issued-trash-and-cancelled-views): Order
// จ่ายงานแล้ว and Order ที่ถูกลบ (Recycle Bin). One row per order, newest first; filters platform,
// shop, the marker's date range (whole Bangkok days) and `q` on the order id. Cancelled orders have
// no page of their own (dashboard cards).
import { compareCodePoints, type Platform } from '../allocation';
import { inDayRange, normaliseQuery, type DateRange } from './filters';
import type { ReportMarker, ReportOrder } from './types';

export interface MarkerViewFilters {
  platform: Platform | null;
  shopIds: ReadonlySet<number> | null;
  /** The issue date (issued view) or the deletion date (trash view). */
  dates: DateRange | null;
  q: string | null;
}

export interface MarkerViewRow {
  order: ReportOrder;
  /** วันที่จ่ายงาน / วันที่ลบ. */
  at: number;
  /** ลบโดย (trash); who issued (issued view). */
  by: string | null;
}

export type MarkerView = 'issued' | 'trash';

/** Issued view: issued orders that are not in the trash (a trashed one is listed in the trash). */
const markerOf = (view: MarkerView, o: ReportOrder): ReportMarker | null =>
  view === 'issued' ? (o.flags.trashed ? null : o.issued) : o.trashed;

export function markerViewRows(view: MarkerView, orders: Iterable<ReportOrder>, f: MarkerViewFilters): MarkerViewRow[] {
  const q = normaliseQuery(f.q);
  const out: MarkerViewRow[] = [];
  for (const o of orders) {
    const m = markerOf(view, o);
    if (m === null) continue;
    if (f.platform !== null && o.platform !== f.platform) continue;
    if (f.shopIds !== null && !f.shopIds.has(o.shopId)) continue;
    if (q !== null && !o.orderNo.toLowerCase().includes(q)) continue;
    if (!inDayRange(m.at, f.dates)) continue;
    out.push({ order: o, at: m.at, by: m.by });
  }
  return out.sort(
    (a, b) => b.at - a.at || compareCodePoints(a.order.orderNo, b.order.orderNo) || a.order.id - b.order.id,
  );
}

export const ISSUED_VIEW_HEADERS = ['เลข Order', 'แพลตฟอร์ม', 'ร้าน', 'ประเภทขนส่ง', 'วันที่จ่ายงาน'] as const;
export const TRASH_VIEW_HEADERS = ['เลข Order', 'แพลตฟอร์ม', 'ร้าน', 'ประเภทขนส่ง', 'วันที่ลบ', 'ลบโดย'] as const;

/**
 * Confirm prompts of the bulk actions (docs/domain/reports.md#issued-trash-and-cancelled-views).
 */
export const unissueConfirm = (n: number) => `ยืนยันยกเลิกจ่ายงาน ${n} ออเดอร์?`;
export const restoreConfirm = (n: number) => `ยืนยันกู้คืน ${n} ออเดอร์ กลับไปหน้าหลัก?`;
export const warehousePrintConfirm = (n: number) => `ต้องการพิมพ์และล็อกงาน ${n} ออเดอร์ใช่หรือไม่?`;
