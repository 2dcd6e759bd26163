// The incremental read model equals a full rebuild (issue 13), after any sequence of imports and
// actions, line by line: statuses, computed statuses, stock before, AllQty, labels, piles, order
// sets, due days, the table order, every SKU's queue; and the API's cards and table agree with a
// fresh instance. On the file adapter, on the remote adapter, and with two instances on one
// remote database writing in turn (each sees the other's writes through the change feed).
// The full rebuild itself is checked against computeAllocation (buildRecords) over the rows.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { buildRecords } from '../../src/domain/orders-view/build';
import type { LineRecord } from '../../src/domain/orders-view/types';
import { createReadModel, type OpenOrdersView } from '../../src/services/orders/read-model';
import {
  execOf,
  readHolidays,
  readOrderRows,
  readProducts,
  readShops,
  readStock,
} from '../../src/services/orders/read-model/rows';
import { BusinessCalendar } from '../../src/domain/sla';
import { silentLogger } from '../../src/log';
import type { StoragePort } from '../../src/storage';
import { ApiClient } from '../support/api-client';
import { fileTarget, nodeApp, remoteTarget, type Target } from '../support/targets';
import { bkk } from '../support/seed';

const RUNS = Number(process.env.READ_MODEL_RUNS ?? 8);
const NOW = bkk('2025-03-05 10:00');
const SKUS = ['RM-A', 'RM-B', 'RM-C', 'RM-D', 'RM-E'];
const NUMBERS = Array.from({ length: 10 }, (_, i) => `RM${100 + i}`);
const SHOPS = ['Rm One', 'Rm Two', 'Rm Three'];
const PLATFORMS = ['Shopee', 'TikTok', 'Lazada'] as const;
const SALES = ['เปิดใบขายครบตามจำนวนแล้ว', 'ยังไม่มีการเปิดใบขาย', '', 'เปิดใบขายบางส่วน'];
const ACTIONS = [
  'accept',
  'unaccept',
  'cancel',
  'uncancel',
  'trash',
  'restore',
  'unissue',
  'scan',
  'reset-scans',
  'dispatch-round',
] as const;

type Op =
  | {
      kind: 'orders';
      platform: number;
      shop: number;
      orders: { no: number; hour: number; lines: { sku: number; qty: number }[] }[];
    }
  | { kind: 'stock'; full: boolean; rows: { sku: number; qty: number }[] }
  | { kind: 'sales'; rows: { no: number; status: number }[] }
  | { kind: 'list'; list: 'cancelled' | 'issued' | 'bill-empty'; nos: number[] }
  | { kind: 'action'; action: (typeof ACTIONS)[number]; picks: number[] }
  | { kind: 'purge'; picks: number[] }
  | { kind: 'put-stock'; sku: number; qty: number }
  | { kind: 'product'; sku: number; brand: number; name: number }
  | { kind: 'holidays'; days: number[] }
  | { kind: 'rename-shop'; pick: number; suffix: number }
  | { kind: 'print'; pick: number; report: number }
  | { kind: 'raw'; pick: number; qty: number };

const idx = (n: number) => fc.nat({ max: n - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('orders' as const),
      platform: idx(3),
      shop: idx(3),
      orders: fc.array(
        fc.record({
          no: idx(NUMBERS.length),
          hour: fc.integer({ min: 0, max: 47 }),
          lines: fc.array(fc.record({ sku: idx(SKUS.length), qty: fc.integer({ min: 1, max: 4 }) }), {
            minLength: 1,
            maxLength: 3,
          }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stock' as const),
      full: fc.boolean(),
      rows: fc.array(fc.record({ sku: idx(SKUS.length), qty: fc.integer({ min: 0, max: 12 }) }), {
        minLength: 1,
        maxLength: 5,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('sales' as const),
      rows: fc.array(fc.record({ no: idx(NUMBERS.length), status: idx(SALES.length) }), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('list' as const),
      list: fc.constantFrom('cancelled' as const, 'issued' as const, 'bill-empty' as const),
      nos: fc.array(idx(NUMBERS.length), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      action: fc.constantFrom(...ACTIONS),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('purge' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('put-stock' as const),
      sku: idx(SKUS.length),
      qty: fc.integer({ min: 0, max: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('product' as const), sku: idx(SKUS.length), brand: idx(3), name: idx(3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('holidays' as const),
      days: fc.array(fc.integer({ min: 3, max: 7 }), { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-shop' as const), pick: fc.nat(), suffix: idx(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('print' as const), pick: fc.nat(), report: idx(4) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raw' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 5 }) }),
  },
);

const csv = (rows: (string | number)[][]) =>
  new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
const pad = (n: number) => String(n).padStart(2, '0');
function thaiTime(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear() + 543} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

async function upload(
  api: ApiClient,
  kind: string,
  rows: (string | number)[][],
  fields: Record<string, string> = {},
  query = '',
) {
  const form = new FormData();
  form.append('file', new Blob([csv(rows) as BlobPart]), `${kind}.csv`);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return api.raw('POST', `/api/imports/${kind}${query}`, form, 'admin');
}

async function lineIds(storage: StoragePort): Promise<number[]> {
  return (await storage.execute('SELECT id FROM order_lines ORDER BY id')).rows.map((r) => Number(r[0]));
}

/** Runs one operation through `api` (HTTP), or through the storage for what has no route yet. */
async function run(op: Op, api: ApiClient, storage: StoragePort): Promise<void> {
  const ids = await lineIds(storage);
  const pick = (n: number) => ids[n % ids.length];
  let res: { status: number; body: unknown } | null = null;
  switch (op.kind) {
    case 'orders': {
      const rows: (string | number)[][] = [
        ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง'],
      ];
      for (const o of op.orders) {
        for (const l of o.lines)
          rows.push([
            SHOPS[op.shop],
            NUMBERS[o.no],
            SKUS[l.sku],
            `สินค้า ${SKUS[l.sku]}`,
            l.qty,
            thaiTime(NOW - o.hour * 3_600_000),
            'SPX',
          ]);
      }
      res = await upload(api, 'orders', rows, { platform: PLATFORMS[op.platform] }, '?skipInvalid=true');
      break;
    }
    case 'stock':
      res = await upload(
        api,
        'stock',
        [['รหัสสินค้า', 'คงเหลือ'], ...op.rows.map((r) => [SKUS[r.sku], r.qty])],
        {},
        `?mode=${op.full ? 'full' : 'partial'}&confirmZeroing=true`,
      );
      break;
    case 'sales':
      res = await upload(api, 'sales', [
        ['เลข Order', 'เลขที่ PO', 'สถานะ'],
        ...op.rows.map((r) => [NUMBERS[r.no], `PO-${r.no}`, SALES[r.status]]),
      ]);
      break;
    case 'list':
      res = await upload(api, op.list, [['order_id'], ...op.nos.map((n) => [NUMBERS[n]])]);
      break;
    case 'action':
      if (ids.length === 0) return;
      res = await api.post(
        `/api/orders/actions/${op.action}`,
        { ids: op.picks.map(pick), reason: 'ทดสอบ', round: 2 },
        'admin',
      );
      break;
    case 'purge':
      if (ids.length === 0) return;
      res = await api.post('/api/orders/actions/purge', { ids: op.picks.map(pick) }, 'admin');
      break;
    case 'put-stock':
      res = await api.put(`/api/stock/${SKUS[op.sku]}`, { qty: op.qty }, 'admin');
      break;
    case 'product': {
      const body = { brand: `Brand ${op.brand}`, name: `Model ${op.name}` };
      res = await api.patch(`/api/products/${SKUS[op.sku]}`, body, 'admin');
      if (res.status === 404) res = await api.post('/api/products', { sku: SKUS[op.sku], ...body }, 'admin');
      break;
    }
    case 'holidays':
      res = await api.put('/api/admin/holidays', { holidays: op.days.map((d) => `2025-03-0${d}`) }, 'admin');
      break;
    case 'rename-shop': {
      const shops = (await storage.execute('SELECT id, name FROM shops ORDER BY id')).rows;
      if (shops.length === 0) return;
      const shop = shops[op.pick % shops.length];
      res = await api.patch(
        `/api/shops/${Number(shop[0])}`,
        { name: `${String(shop[1]).replace(/ [xyz]$/, '')} ${'xyz'[op.suffix]}` },
        'admin',
      );
      break;
    }
    case 'print': {
      // The print routes come with the reports (issue 14): the counters are written as they will.
      if (ids.length === 0) return;
      const kind = ['warehouse', 'lowstock', 'nostock', 'notenough'][op.report];
      await storage.transaction((_tx, sql) =>
        sql.execute({
          sql: `INSERT INTO order_print_counters (order_id, kind, count, last_printed_at, last_printed_by_username)
                SELECT order_id, ?, 1, ?, 'printer' FROM order_lines WHERE id = ?
                ON CONFLICT (order_id, kind) DO UPDATE SET count = count + 1, last_printed_at = excluded.last_printed_at`,
          args: [kind, NOW, pick(op.pick)],
        }),
      );
      return;
    }
    case 'raw':
      // Another process writing the database (it bumps the version, as every writer does).
      if (ids.length === 0) return;
      await storage.batch([{ sql: 'UPDATE order_lines SET qty = ? WHERE id = ?', args: [op.qty, pick(op.pick)] }]);
      return;
  }
  if (res && res.status >= 500) throw new Error(`${op.kind}: ${res.status} ${JSON.stringify(res.body)}`);
}

const lineFacts = (l: LineRecord) => ({
  id: l.id,
  order: l.order.id,
  sku: l.sku,
  qty: l.qty,
  accepted: l.accepted,
  status: l.alloc.displayStatus,
  computed: l.alloc.computedStatus,
  committed: l.alloc.committed,
  committedShort: l.alloc.committedShort,
  stockBefore: l.alloc.stockBefore,
  listed: l.alloc.listed,
  stockQty: l.stockQty,
  allQty: l.allQty,
  brand: l.brand,
  productName: l.productName,
  itemName: l.itemName,
  picking: l.pickingCount,
});

/** Everything a view reads from the model, in a comparable form. */
function facts(view: OpenOrdersView) {
  const orders = [...view.orders.values()]
    .sort((a, b) => a.id - b.id)
    .map((o) => ({
      id: o.id,
      orderNo: o.orderNo,
      shop: o.shopName,
      flags: o.flags,
      pile: o.pile,
      sets: o.sets,
      warehouse: o.warehouse,
      dueDay: o.dueDay,
      salesText: o.salesText,
      sales: o.sales,
      markers: [o.cancelled, o.issued, o.trashed, o.billEmpty],
      prints: o.prints,
      scannedAt: o.scannedAt,
      round: o.dispatchRound,
      lines: o.lines.map((l) => l.id),
    }));
  const skus = [...new Set(view.lines.map((l) => l.sku))].sort();
  return {
    table: view.lines.map((l) => l.id),
    lines: [...view.lines].sort((a, b) => a.id - b.id).map(lineFacts),
    orders,
    skus: skus.map((s) => ({ ...view.sku(s), queue: view.queue(s).map((l) => l.id) })),
    holidays: view.holidays,
  };
}

/** The oracle: computeAllocation (through buildRecords) over the open rows as they are now. */
async function oracle(storage: StoragePort) {
  return storage.readTransaction(async (_tx, sql) => {
    const exec = execOf(sql);
    const rows = await readOrderRows(exec, 'o.closed_at IS NULL', []);
    const shops = await readShops(exec);
    const stock = await readStock(exec, '1', []);
    const built = buildRecords({
      ...rows,
      shopNames: new Map(shops.map((s) => [s.id, s.name])),
      products: await readProducts(exec, '1', []),
      stock,
      calendar: new BusinessCalendar(await readHolidays(exec)),
    });
    // Statuses straight from computeAllocation's own result, not from the records.
    return [...built.lines]
      .sort((a, b) => a.id - b.id)
      .map((l) => {
        const a = built.allocation.byLineId(l.id)!;
        return {
          ...lineFacts(l),
          status: a.displayStatus,
          computed: a.computedStatus,
          committed: a.committed,
          committedShort: a.committedShort,
          stockBefore: a.stockBefore,
          listed: a.listed,
          stockQty: stock.get(l.sku) ?? 0,
          allQty: built.allocation.sku(l.sku).allQty,
        };
      });
  });
}

interface Instance {
  api: ApiClient;
  storage: StoragePort;
  model: ReturnType<typeof createReadModel>;
}

async function check(instances: Instance[], storage: StoragePort, step: string) {
  const fresh = createReadModel({ storage, log: silentLogger });
  const expected = facts(await fresh.current());
  for (const [i, inst] of instances.entries()) {
    const got = facts(await inst.model.current());
    expect(got, `instance ${i} after ${step}`).toEqual(expected);
  }
  expect(expected.lines, `full rebuild vs computeAllocation after ${step}`).toEqual(await oracle(storage));
}

/** The API of an incremental instance agrees with a fresh one on cards and table. */
async function checkApi(inst: Instance, storage: StoragePort) {
  const fresh = await nodeApp(storage, {});
  fresh.clock.now = NOW;
  const freshApi = new ApiClient({
    fetch: async (p: string, init?: RequestInit) => fresh.app.request(p, init),
  } as unknown as Target);
  for (const path of [
    '/api/dashboard',
    '/api/dashboard?mode=all_time',
    '/api/orders?view=all&limit=500',
    '/api/orders?limit=500',
    '/api/orders?status=ORDER_PROBLEM&limit=500',
  ]) {
    const a = await inst.api.get(path, 'admin');
    const b = await freshApi.get(path, 'admin');
    expect(a.status, path).toBe(200);
    const strip = (body: Record<string, unknown>) => ({ ...body, generatedAt: null });
    expect(strip(a.body), path).toEqual(strip(b.body));
  }
}

function property(make: () => Promise<{ instances: Instance[]; storage: StoragePort; close: () => Promise<void> }>) {
  // Every run starts with stock on every SKU, so that queues consume and statuses vary.
  const initialStock = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: SKUS.length, maxLength: SKUS.length });
  return fc.asyncProperty(
    initialStock,
    fc.array(fc.tuple(opArb, fc.nat({ max: 1 })), { minLength: 4, maxLength: 12 }),
    async (stock, steps) => {
      const { instances, storage, close } = await make();
      const ops: [Op, number][] = [
        [{ kind: 'stock', full: true, rows: stock.map((qty, sku) => ({ sku, qty })) }, 0],
        ...steps,
      ];
      try {
        for (const [n, [op, who]] of ops.entries()) {
          const inst = instances[who % instances.length];
          await run(op, inst.api, inst.storage);
          // Reading after each step makes every step one incremental change.
          await check(instances, storage, `step ${n} (${op.kind})`);
        }
        await checkApi(instances[0], storage);
      } finally {
        await close();
      }
    },
  );
}

function instanceOf(target: Target & { services: any }): Instance {
  target.clock!.now = NOW;
  return { api: new ApiClient(target), storage: target.storage!, model: target.services.readModel };
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c().catch(() => {});
});

describe('read model: incremental equals a full rebuild', () => {
  it('file adapter', { timeout: 600_000 }, async () => {
    await fc.assert(
      property(async () => {
        const target = await fileTarget();
        return { instances: [instanceOf(target)], storage: target.storage!, close: () => target.close() };
      }),
      { numRuns: RUNS },
    );
  });

  it('remote adapter', { timeout: 600_000 }, async () => {
    await fc.assert(
      property(async () => {
        const target = await remoteTarget();
        return { instances: [instanceOf(target)], storage: target.storage!, close: () => target.close() };
      }),
      { numRuns: RUNS },
    );
  });

  it('two instances on one remote database, writing in turn', { timeout: 600_000 }, async () => {
    await fc.assert(
      property(async () => {
        const target = await remoteTarget();
        const other = await openRemoteStorage({ url: target.server!.url });
        const second = await nodeApp(other, {});
        second.clock.now = NOW;
        const secondTarget = {
          fetch: async (p: string, init?: RequestInit) => second.app.request(p, init),
        } as unknown as Target;
        const instances = [
          instanceOf(target),
          { api: new ApiClient(secondTarget), storage: other, model: second.services.readModel },
        ];
        return {
          instances,
          storage: target.storage!,
          close: async () => {
            await other.close();
            await target.close();
          },
        };
      }),
      { numRuns: RUNS },
    );
  });
});
