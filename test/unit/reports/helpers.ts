// Report inputs from a compact spec, allocated by the real pipeline (buildRecords runs the one
// global allocation) and turned into ReportOrders the way the service will (toReportOrder).
import {
  buildRecords,
  type RawLine,
  type RawMarker,
  type RawOrder,
  type RawSales,
} from '../../../src/domain/orders-view/build';
import { BusinessCalendar } from '../../../src/domain/sla';
import type { Platform } from '../../../src/domain/allocation';
import {
  NO_ORDER_PRINTS,
  toReportOrder,
  type OrderPrintKind,
  type OrderPrints,
  type ReportLine,
  type ReportOrder,
} from '../../../src/domain/reports';

/** Epoch ms of a Bangkok wall time 'YYYY-MM-DD HH:MM[:SS]'. */
export const bkk = (wall: string) => {
  const iso = wall.replace(' ', 'T');
  return Date.parse(`${/T\d\d:\d\d$/.test(iso) ? `${iso}:00` : iso}+07:00`);
};

export interface LineSpec {
  sku: string;
  qty: number;
  accepted?: boolean;
  /** Bangkok wall time of the accept. */
  acceptedAt?: string;
  acceptedBy?: string;
  picking?: number;
  itemName?: string;
}

export interface OrderSpec {
  no: string;
  platform?: Platform;
  shopId?: 1 | 2 | 3;
  /** Bangkok wall time; default '2025-03-03 08:00'. */
  time?: string | null;
  importDate?: string;
  logistic?: string | null;
  lines: LineSpec[];
  cancelled?: string;
  issued?: { at: string; source?: string; by?: string };
  trashed?: { at: string; by?: string };
  billEmpty?: boolean;
  packed?: boolean;
  scanned?: boolean;
  dispatchRound?: number;
  lowstockRound?: number;
  nostockRound?: number;
  notenoughRound?: number;
  prints?: Partial<Record<OrderPrintKind, number | { count: number; at: string; by?: string }>>;
}

export const SHOPS = new Map([
  [1, 'Shop One'],
  [2, 'Shop Two'],
  [3, 'ร้านสาม'],
]);

export function reportOrders(
  specs: OrderSpec[],
  stock: Record<string, number>,
  products: Record<string, { brand: string | null; name: string | null }> = {},
) {
  const orders: RawOrder[] = [];
  const lines: RawLine[] = [];
  const markers: RawMarker[] = [];
  const sales: RawSales[] = [];
  const prints = new Map<number, OrderPrints>();
  let lineId = 0;
  specs.forEach((s, i) => {
    const id = i + 1;
    orders.push({
      id,
      orderNo: s.no,
      platform: s.platform ?? 'Shopee',
      shopId: s.shopId ?? 1,
      orderTime: s.time === null ? null : bkk(s.time ?? '2025-03-03 08:00'),
      logisticType: s.logistic ?? null,
      importDate: s.importDate ?? '2025-03-03',
      importedAt: bkk('2025-03-03 07:00'),
      importId: null,
      dispatchRound: s.dispatchRound ?? null,
      lowstockRound: s.lowstockRound ?? null,
      nostockRound: s.nostockRound ?? null,
      notenoughRound: s.notenoughRound ?? null,
      scannedAt: s.scanned ? bkk('2025-03-03 12:00') : null,
      scannedBy: s.scanned ? 'scanner' : null,
      closedAt: null,
    });
    for (const l of s.lines) {
      lines.push({
        id: ++lineId,
        orderId: id,
        sku: l.sku,
        qty: l.qty,
        itemName: l.itemName ?? null,
        accepted: l.accepted ?? false,
        acceptedAt: l.accepted ? bkk(l.acceptedAt ?? '2025-03-03 10:00') : null,
        acceptedBy: l.accepted ? (l.acceptedBy ?? 'somchai') : null,
        pickingCount: l.picking ?? 0,
        pickingLastAt: l.picking ? bkk('2025-03-03 16:00') : null,
      });
    }
    const mark = (kind: string, at: string, source: string | null = null, by: string | null = null) =>
      markers.push({ orderId: id, kind, at: bkk(at), by, note: kind === 'cancelled' ? 'ลูกค้ายกเลิก' : null, source });
    if (s.cancelled) mark('cancelled', s.cancelled, 'manual');
    if (s.issued) mark('issued', s.issued.at, s.issued.source ?? 'manual', s.issued.by ?? null);
    if (s.trashed) mark('trashed', s.trashed.at, null, s.trashed.by ?? null);
    if (s.billEmpty) mark('bill_empty', '2025-03-03 07:00');
    if (s.packed)
      sales.push({ orderNo: s.no, status: 'เปิดใบขายครบตามจำนวนแล้ว', poNo: null, packedAt: bkk('2025-03-03 17:00') });
    const p: Record<OrderPrintKind, { count: number; lastAt: number | null; lastBy: string | null }> = {
      ...NO_ORDER_PRINTS,
    };
    for (const [kind, v] of Object.entries(s.prints ?? {}) as [
      OrderPrintKind,
      number | { count: number; at: string; by?: string },
    ][]) {
      p[kind] =
        typeof v === 'number'
          ? { count: v, lastAt: v > 0 ? bkk('2025-03-03 15:00') : null, lastBy: v > 0 ? 'printer' : null }
          : { count: v.count, lastAt: bkk(v.at), lastBy: v.by ?? 'printer' };
    }
    prints.set(id, p);
  });
  const built = buildRecords({
    orders,
    lines,
    markers,
    sales,
    shopNames: SHOPS,
    products: new Map(Object.entries(products)),
    stock: new Map(Object.entries(stock)),
    calendar: new BusinessCalendar([]),
  });
  const list: ReportOrder[] = [...built.orders.values()].map((o) => toReportOrder(o, prints.get(o.id)));
  const byNo = (no: string) => {
    const o = list.find((x) => x.orderNo === no);
    if (!o) throw new Error(`no order ${no}`);
    return o;
  };
  const line = (no: string, sku: string): ReportLine => {
    const l = byNo(no).lines.find((x) => x.sku === sku);
    if (!l) throw new Error(`no line ${no}/${sku}`);
    return l;
  };
  return { orders: list, byNo, line, records: built };
}
