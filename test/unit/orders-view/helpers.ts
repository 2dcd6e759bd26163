import {
  buildRecords,
  type RawLine,
  type RawMarker,
  type RawOrder,
  type RawSales,
} from '../../../src/domain/orders-view/build';
import { BusinessCalendar } from '../../../src/domain/sla';
import type { Platform } from '../../../src/domain/allocation';

/** Epoch ms of a Bangkok wall time 'YYYY-MM-DD HH:MM'. */
export const bkk = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}:00+07:00`);

export interface SpecOrder {
  no: string;
  platform?: Platform;
  shopId?: number;
  time?: string | null;
  importDate?: string;
  lines: [sku: string, qty: number, accepted?: boolean][];
  cancelled?: string;
  issued?: { at: string; source?: string };
  trashed?: string;
  billEmpty?: boolean;
  sales?: { status: string | null; packedAt?: string };
  scanned?: boolean;
}

/** OrderRecords from a compact spec, allocated together like the open pool. */
export function records(
  specs: SpecOrder[],
  stock: Record<string, number>,
  holidays: string[] = [],
  factsOf?: Parameters<typeof buildRecords>[0]['factsOf'],
) {
  const orders: RawOrder[] = [];
  const lines: RawLine[] = [];
  const markers: RawMarker[] = [];
  const sales: RawSales[] = [];
  let lineId = 0;
  specs.forEach((s, i) => {
    const id = i + 1;
    orders.push({
      id,
      orderNo: s.no,
      platform: s.platform ?? 'Shopee',
      shopId: s.shopId ?? 1,
      orderTime: s.time === null ? null : bkk(s.time ?? '2025-03-03 08:00'),
      logisticType: null,
      importDate: s.importDate ?? '2025-03-03',
      importedAt: bkk('2025-03-03 07:00'),
      importId: null,
      dispatchRound: null,
      lowstockRound: null,
      nostockRound: null,
      notenoughRound: null,
      scannedAt: s.scanned ? 1 : null,
      scannedBy: null,
      closedAt: null,
    });
    for (const [sku, qty, accepted] of s.lines) {
      lines.push({
        id: ++lineId,
        orderId: id,
        sku,
        qty,
        itemName: null,
        accepted: accepted ?? false,
        acceptedAt: null,
        acceptedBy: null,
        pickingCount: 0,
        pickingLastAt: null,
      });
    }
    const mark = (kind: string, at: string, source: string | null = null, note: string | null = null) =>
      markers.push({ orderId: id, kind, at: bkk(at), by: null, note, source });
    if (s.cancelled) mark('cancelled', s.cancelled, 'manual', 'reason');
    if (s.issued) mark('issued', s.issued.at, s.issued.source ?? 'manual');
    if (s.trashed) mark('trashed', s.trashed);
    if (s.billEmpty) mark('bill_empty', '2025-03-03 07:00');
    if (s.sales)
      sales.push({
        orderNo: s.no,
        status: s.sales.status,
        poNo: null,
        packedAt: s.sales.packedAt ? bkk(s.sales.packedAt) : null,
      });
  });
  const built = buildRecords({
    orders,
    lines,
    markers,
    sales,
    shopNames: new Map([
      [1, 'Shop One'],
      [2, 'Shop Two'],
    ]),
    products: new Map([['SKU-A', { brand: 'Acme', name: 'Widget' }]]),
    stock: new Map(Object.entries(stock)),
    calendar: new BusinessCalendar(holidays),
    factsOf,
  });
  const order = (no: string) => [...built.orders.values()].find((o) => o.orderNo === no)!;
  return { ...built, order };
}
