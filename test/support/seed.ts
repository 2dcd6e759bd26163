// Seeds shops, orders, lines, markers, sales records, stock and products straight into a target's
// database (the imports feature is built separately; order tests must not depend on it). Every
// seed is one atomic batch that keeps orders.closed_at exact and bumps the data version, as a
// write through the storage port would, so cached allocation views see it.
import type { Target } from './targets';

export type SeedPlatform = 'Shopee' | 'TikTok' | 'Lazada' | 'Other';

/** Epoch ms of a Bangkok wall time `YYYY-MM-DD HH:MM[:SS]` (the zone is explicit). */
export function bkk(wall: string): number {
  const iso = wall.trim().replace(' ', 'T');
  const withSeconds = /T\d\d:\d\d$/.test(iso) ? `${iso}:00` : /^\d{4}-\d\d-\d\d$/.test(iso) ? `${iso}T00:00:00` : iso;
  const ms = Date.parse(`${withSeconds}+07:00`);
  if (Number.isNaN(ms)) throw new Error(`bad Bangkok time ${wall}`);
  return ms;
}

const PACKED_WORDS = ['ครบตามจำนวน', 'แพ็คแล้ว', 'packed', 'opened_full'];
const isPacked = (s: string | null) => s !== null && PACKED_WORDS.some((w) => s.trim().toLowerCase().includes(w));

type When = string | number;
const at = (w: When | undefined, fallback: number) => (w === undefined ? fallback : typeof w === 'number' ? w : bkk(w));

export interface SeedLine {
  sku: string;
  qty: number;
  accepted?: boolean | { at?: When; by?: string };
  itemName?: string;
  pickingCount?: number;
}

export interface SeedOrder {
  platform: SeedPlatform;
  shop: string;
  orderNo: string;
  /** Bangkok wall time, epoch ms, or null (no order time). */
  orderTime?: When | null;
  importDate?: string;
  importedAt?: When;
  logistic?: string;
  lines: SeedLine[];
  cancelled?: string | { reason: string; at?: When; by?: string };
  issued?: true | { source?: string; at?: When };
  trashed?: true | { at?: When; by?: string };
  billEmpty?: true | { at?: When };
  /** Sales (SBS) status text; packed_at is set when the packed predicate holds. */
  sales?: string | null | { status: string | null; packedAt?: When | null; poNo?: string };
  scannedAt?: When;
  dispatchRound?: number;
}

export interface SeedData {
  stock?: Record<string, number>;
  products?: { sku: string; brand?: string; name?: string }[];
  orders?: SeedOrder[];
  /** Pending cancellations (platform '' = any). */
  pendingCancellations?: { orderNo: string; platform?: string }[];
}

export interface Seeded {
  /** Order id by `orderNo` (and by `platform/shop/orderNo` for numbers used twice). */
  order(orderNo: string, shop?: string, platform?: SeedPlatform): number;
  /** Line id by order number and SKU. */
  line(orderNo: string, sku: string, shop?: string, platform?: SeedPlatform): number;
  shop(platform: SeedPlatform, name: string): number;
}

type Stmt = { sql: string; args: (string | number | null)[] };

/** Base time for defaults: 2025-03-03 08:00 Bangkok (a Monday). */
const BASE = bkk('2025-03-03 08:00');

export async function seed(target: Pick<Target, 'sql'>, data: SeedData): Promise<Seeded> {
  const sql = target.sql;
  const orders = data.orders ?? [];
  const shopKeys = new Map<string, { platform: SeedPlatform; name: string }>();
  for (const o of orders) shopKeys.set(`${o.platform}/${o.shop.toLowerCase()}`, { platform: o.platform, name: o.shop });
  if (shopKeys.size > 0) {
    await sql.batch(
      [...shopKeys.values()].map((s) => ({
        sql: 'INSERT INTO shops (platform, name, name_key, created_at, updated_at) VALUES (?, ?, ?, 0, 0) ON CONFLICT (platform, name_key) DO NOTHING',
        args: [s.platform, s.name, s.name.toLowerCase()],
      })),
      'write',
    );
  }
  const shopIds = new Map<string, number>();
  for (const r of (await sql.execute('SELECT id, platform, name_key FROM shops')).rows)
    shopIds.set(`${r.platform}/${r.name_key}`, Number(r.id));
  let orderId = Number((await sql.execute('SELECT coalesce(max(id), 0) AS n FROM orders')).rows[0].n);
  let lineId = Number((await sql.execute('SELECT coalesce(max(id), 0) AS n FROM order_lines')).rows[0].n);

  const stmts: Stmt[] = [];
  const orderIds = new Map<string, number>();
  const lineIds = new Map<string, number>();
  for (const [sku, qty] of Object.entries(data.stock ?? {})) {
    stmts.push({
      sql: 'INSERT INTO stock (sku, qty, updated_at) VALUES (?, ?, 0) ON CONFLICT (sku) DO UPDATE SET qty = excluded.qty',
      args: [sku, qty],
    });
  }
  for (const p of data.products ?? []) {
    stmts.push({
      sql: 'INSERT INTO products (sku, brand, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0) ON CONFLICT (sku) DO UPDATE SET brand = excluded.brand, name = excluded.name',
      args: [p.sku, p.brand ?? null, p.name ?? null],
    });
  }
  for (const p of data.pendingCancellations ?? []) {
    stmts.push({
      sql: 'INSERT INTO pending_cancellations (order_no, platform, created_at) VALUES (?, ?, 0)',
      args: [p.orderNo, p.platform ?? ''],
    });
  }
  for (const o of orders) {
    const id = ++orderId;
    const shopId = shopIds.get(`${o.platform}/${o.shop.toLowerCase()}`)!;
    for (const key of [o.orderNo, `${o.platform}/${o.shop}/${o.orderNo}`]) orderIds.set(key, id);
    const orderTime = o.orderTime === undefined ? BASE : o.orderTime === null ? null : at(o.orderTime, BASE);
    stmts.push({
      sql: `INSERT INTO orders (id, platform, shop_id, order_no, order_time, logistic_type, import_date, imported_at, dispatch_round, scanned_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        o.platform,
        shopId,
        o.orderNo,
        orderTime,
        o.logistic ?? null,
        o.importDate ?? '2025-03-03',
        at(o.importedAt, BASE),
        o.dispatchRound ?? null,
        o.scannedAt === undefined ? null : at(o.scannedAt, BASE),
      ],
    });
    for (const l of o.lines) {
      const lid = ++lineId;
      for (const key of [`${o.orderNo}/${l.sku}`, `${o.platform}/${o.shop}/${o.orderNo}/${l.sku}`])
        lineIds.set(key, lid);
      const acc = l.accepted === undefined || l.accepted === false ? null : l.accepted === true ? {} : l.accepted;
      stmts.push({
        sql: `INSERT INTO order_lines (id, order_id, sku, qty, item_name, accepted, accepted_at, accepted_by_username, picking_count, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
        args: [
          lid,
          id,
          l.sku,
          l.qty,
          l.itemName ?? null,
          acc ? 1 : 0,
          acc ? at(acc.at, BASE) : null,
          acc ? (acc.by ?? 'seed') : null,
          l.pickingCount ?? 0,
        ],
      });
    }
    const marker = (kind: string, note: string | null, source: string | null, when: number, by: string | null) =>
      stmts.push({
        sql: 'INSERT INTO order_markers (order_id, kind, note, source, created_at, created_by_username) VALUES (?, ?, ?, ?, ?, ?)',
        args: [id, kind, note, source, when, by],
      });
    if (o.cancelled !== undefined) {
      const c = typeof o.cancelled === 'string' ? { reason: o.cancelled } : o.cancelled;
      marker('cancelled', c.reason, 'manual', at(c.at, BASE), c.by ?? 'seed');
    }
    if (o.issued !== undefined) {
      const i = o.issued === true ? {} : o.issued;
      marker('issued', null, i.source ?? 'manual', at(i.at, BASE), 'seed');
    }
    if (o.trashed !== undefined) {
      const t = o.trashed === true ? {} : o.trashed;
      marker('trashed', null, 'manual', at(t.at, BASE), t.by ?? 'seed');
    }
    if (o.billEmpty !== undefined) {
      const b = o.billEmpty === true ? {} : o.billEmpty;
      marker('bill_empty', null, 'import', at(b.at, BASE), 'seed');
    }
    if (o.sales !== undefined) {
      const s = o.sales === null || typeof o.sales === 'string' ? { status: o.sales } : o.sales;
      const packedAt =
        s.packedAt === undefined
          ? isPacked(s.status)
            ? BASE
            : null
          : s.packedAt === null
            ? null
            : at(s.packedAt, BASE);
      stmts.push({
        sql: `INSERT INTO sales_status (order_no, po_no, status, packed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)
          ON CONFLICT (order_no) DO UPDATE SET status = excluded.status, packed_at = excluded.packed_at, po_no = excluded.po_no`,
        args: [o.orderNo, 'poNo' in s ? (s.poNo ?? null) : null, s.status, packedAt],
      });
    }
  }
  stmts.push({
    sql: `UPDATE orders SET closed_at = CASE WHEN
        EXISTS (SELECT 1 FROM order_markers m WHERE m.order_id = orders.id AND m.kind IN ('cancelled', 'trashed'))
        OR EXISTS (SELECT 1 FROM sales_status s WHERE s.order_no = orders.order_no AND s.packed_at IS NOT NULL)
      THEN coalesce(closed_at, ?) ELSE NULL END`,
    args: [BASE],
  });
  stmts.push({
    sql: 'INSERT INTO data_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1',
    args: [],
  });
  await sql.batch(stmts, 'write');

  const pick = <T>(map: Map<string, T>, keys: string[], what: string): T => {
    for (const k of keys) {
      const v = map.get(k);
      if (v !== undefined) return v;
    }
    throw new Error(`seed: no ${what} ${keys.join(' | ')}`);
  };
  return {
    order: (orderNo, shop, platform) =>
      pick(orderIds, shop && platform ? [`${platform}/${shop}/${orderNo}`] : [orderNo], 'order'),
    line: (orderNo, sku, shop, platform) =>
      pick(lineIds, shop && platform ? [`${platform}/${shop}/${orderNo}/${sku}`] : [`${orderNo}/${sku}`], 'line'),
    shop: (platform, name) => pick(shopIds, [`${platform}/${name.toLowerCase()}`], 'shop'),
  };
}
