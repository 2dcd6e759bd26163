// Orders benchmark (docs/domain/allocation.md#performance-targets): 50,000 open lines over 2,000
// SKUs, 3 platforms, 10 shops in a file-adapter database; times the allocation alone, the dashboard
// request and the first page of GET /api/orders through app.request, cold (first request after a
// write: load + allocate) and warm (cached per data version). Prints one JSON line. Not a test.
// npx tsx bench/orders.bench.ts   (or npm run bench, which also reports the snapshot's heap)
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/log';
import { computeAllocation, type AllocLineColumns, type Platform } from '../src/domain/allocation';
import { createReadModel } from '../src/services/orders/read-model';
import { openBenchApp } from './support/bench-app';
import { mulberry32 } from '../test/support/prng';

const LINES = Number(process.env.BENCH_N ?? 50_000);
const SKUS = 2_000;
const SHOPS = 10;
const PLATFORMS: Platform[] = ['Shopee', 'TikTok', 'Lazada'];
const RUNS = 5;

const { dir, password, storage, app, services } = await openBenchApp('orders-bench-');

// ---- data ----------------------------------------------------------------------------------
const rnd = mulberry32(42);
const int = (n: number) => Math.floor(rnd() * n);
const start = Date.UTC(2025, 2, 1) - 7 * 3600_000;
const sku = (i: number) => `SKU-${String(i).padStart(4, '0')}`;
type Row = (string | number | null)[];
const shops: Row[] = [];
for (let s = 0; s < SHOPS; s++) shops.push([s + 1, PLATFORMS[s % 3], `Shop ${s + 1}`, `shop ${s + 1}`, 0, 0]);
const orders: Row[] = [];
const lines: Row[] = [];
const markers: Row[] = [];
const sales: Row[] = [];
let orderId = 0;
while (lines.length < LINES) {
  orderId++;
  const shop = int(SHOPS);
  const platform = PLATFORMS[shop % 3];
  const roll = rnd();
  const accepted = roll < 0.12;
  const issued = roll >= 0.12 && roll < 0.2;
  const orderNo = `${platform[0]}${shop}-${(250000000 + int(1e8)).toString(36).toUpperCase()}${orderId}`;
  const orderTime = rnd() < 0.02 ? null : start + int(14 * 24 * 60) * 60_000;
  const importDate = `2025-03-${String(1 + int(14)).padStart(2, '0')}`;
  orders.push([orderId, platform, shop + 1, orderNo, orderTime, 'Kerry', importDate, start, null]);
  if (issued) markers.push([orderId, 'issued', null, 'print:picking', start]);
  if (rnd() < 0.01) markers.push([orderId, 'bill_empty', null, 'import', start]);
  if (rnd() < 0.6) sales.push([orderNo, rnd() < 0.5 ? null : 'ยังไม่มีการเปิดใบขาย', 0, 0]);
  const used = new Set<number>();
  const n = 1 + int(3);
  for (let k = 0; k < n && lines.length < LINES; k++) {
    const s = int(SKUS);
    if (used.has(s)) continue;
    used.add(s);
    lines.push([lines.length + 1, orderId, sku(s), 1 + int(4), accepted ? 1 : 0, accepted ? start : null, 0]);
  }
}
const stock: Row[] = [];
const products: Row[] = [];
for (let s = 0; s < SKUS; s++) {
  stock.push([sku(s), int(80), 0]);
  products.push([sku(s), `Brand ${s % 50}`, `Model ${s}`, 0, 0]);
}

async function insert(table: string, columns: string[], rows: Row[]) {
  const per = Math.max(1, Math.min(500, Math.floor(30000 / columns.length)));
  const statements = [];
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    statements.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      args: part.flat(),
    });
  }
  await storage.batch(statements);
}

const t0 = performance.now();
await insert('shops', ['id', 'platform', 'name', 'name_key', 'created_at', 'updated_at'], shops);
await insert(
  'orders',
  ['id', 'platform', 'shop_id', 'order_no', 'order_time', 'logistic_type', 'import_date', 'imported_at', 'closed_at'],
  orders,
);
await insert('order_lines', ['id', 'order_id', 'sku', 'qty', 'accepted', 'accepted_at', 'created_at'], lines);
await insert('order_markers', ['order_id', 'kind', 'note', 'source', 'created_at'], markers);
await insert('sales_status', ['order_no', 'status', 'created_at', 'updated_at'], sales);
await insert('stock', ['sku', 'qty', 'updated_at'], stock);
await insert('products', ['sku', 'brand', 'name', 'created_at', 'updated_at'], products);
// A year of history besides the open pool: closed (cancelled / packed) orders the open pool skips.
const closedOrders: Row[] = [];
const closedLines: Row[] = [];
const closedMarkers: Row[] = [];
for (let i = 0; i < 25_000; i++) {
  const id = orderId + 1 + i;
  closedOrders.push([id, 'Shopee', 1, `OLD-${id}`, start - 90 * 86_400_000, null, '2024-12-01', start, start]);
  const a = int(SKUS);
  closedLines.push([LINES + 1 + i * 2, id, sku(a), 1, 0, null, 0]);
  closedLines.push([LINES + 2 + i * 2, id, sku((a + 1) % SKUS), 2, 0, null, 0]);
  closedMarkers.push([id, 'cancelled', 'old', 'manual', start]);
}
await insert(
  'orders',
  ['id', 'platform', 'shop_id', 'order_no', 'order_time', 'logistic_type', 'import_date', 'imported_at', 'closed_at'],
  closedOrders,
);
await insert('order_lines', ['id', 'order_id', 'sku', 'qty', 'accepted', 'accepted_at', 'created_at'], closedLines);
await insert('order_markers', ['order_id', 'kind', 'note', 'source', 'created_at'], closedMarkers);
await storage.transaction(async () => {}); // bump the data version like any write
const seedMs = performance.now() - t0;
if (process.env.BENCH_SEED_ONLY) {
  await storage.close();
  console.error(dir);
  process.exit(0);
}

// ---- measurements ----------------------------------------------------------------------------
const token = (
  await (
    await app.request('/api/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    })
  ).json()
).token as string;
const headers = { authorization: `Bearer ${token}` };

// Wall time is what the targets name; process CPU time is reported beside it because on a
// shared machine wall time also measures the neighbours (the app runs in this process).
async function timed(path: string): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const res = await app.request(path, { headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  const wall = performance.now() - t;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

/** A write that changes nothing visible but the data version: the next read is cold. */
const touch = () => storage.transaction(async () => {});

async function coldAndWarm(path: string) {
  const cold: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    await touch();
    cold.push(await timed(path));
  }
  const warm: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < RUNS + 2; i++) warm.push(await timed(path));
  const w = warm.slice(2);
  return {
    coldMs: round(median(cold.map((x) => x.wall))),
    coldCpuMs: round(median(cold.map((x) => x.cpu))),
    warmMs: round(median(w.map((x) => x.wall))),
    warmCpuMs: round(median(w.map((x) => x.cpu))),
    warmRunsMs: w.map((x) => round(x.wall)),
  };
}

const dashboard = await coldAndWarm('/api/dashboard');
const ordersPage = await coldAndWarm('/api/orders?limit=50');
const allView = await coldAndWarm('/api/orders?view=all&limit=50');
const search = await coldAndWarm('/api/orders?q=sku-0042&limit=50');

// Allocation alone, on the same open lines as the app reads them.
const snapshot = await services.readModel.current();
const open = snapshot.lines;
const columns: AllocLineColumns = {
  id: Float64Array.from(open, (l) => l.id),
  orderId: Float64Array.from(open, (l) => l.order.id),
  orderNo: open.map((l) => l.order.orderNo),
  platform: open.map((l) => l.order.platform),
  sku: open.map((l) => l.sku),
  qty: Float64Array.from(open, (l) => l.qty),
  orderTime: open.map((l) => l.order.orderTime),
  accepted: Uint8Array.from(open, (l) => (l.accepted ? 1 : 0)),
};
const flags = (id: number) => snapshot.orders.get(id)!.flags;
const alloc: number[] = [];
const allocCpu: number[] = [];
for (let i = 0; i < 3 + RUNS; i++) {
  const c0 = process.cpuUsage();
  const t = performance.now();
  computeAllocation({ lines: columns, orders: flags, stock: snapshot.stock });
  alloc.push(performance.now() - t);
  const c = process.cpuUsage(c0);
  allocCpu.push((c.user + c.system) / 1000);
}

// One cold load split into its parts: reading the rows, and building records (allocation included).
await touch();
const cLoad = process.cpuUsage();
const tLoad = performance.now();
await services.readModel.current();
const snapshotLoadMs = performance.now() - tLoad;
const snapshotLoadCpu = process.cpuUsage(cLoad);

/** Heap held by one read model (a fresh one's), when run with --expose-gc (bench/run.ts does). */
async function snapshotHeapMb(): Promise<number | null> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  const model = createReadModel({ storage, log: silentLogger });
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await model.current();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (held.lines.length === 0) return null;
  return round((after - before) / 1048576);
}

const heapMb = await snapshotHeapMb();
console.log(
  JSON.stringify({
    openLines: open.length,
    closedLines: closedLines.length,
    skus: new Set(open.map((l) => l.sku)).size,
    orders: orderId,
    committedShare: round((open.filter((l) => l.alloc.committed).length / open.length) * 100) / 100,
    seedMs: round(seedMs),
    allocationMedianMs: round(median(alloc.slice(3))),
    allocationCpuMedianMs: round(median(allocCpu.slice(3))),
    allocationRunsMs: alloc.slice(3).map(round),
    snapshotLoadMs: round(snapshotLoadMs),
    snapshotLoadCpuMs: round((snapshotLoadCpu.user + snapshotLoadCpu.system) / 1000),
    snapshotHeapMb: heapMb,
    // Heap held per open line by the whole model (records, queues, indexes, interned texts).
    heapBytesPerOpenLine: heapMb === null ? null : Math.round((heapMb * 1048576) / open.length),
    loadAverage: (await import('node:os')).loadavg().map(round),
    dashboard,
    ordersFirstPage: ordersPage,
    ordersAllViewFirstPage: allView,
    ordersSearchFirstPage: search,
    targets: { allocationMs: 50, dashboardMs: 200, ordersPageMs: 100 },
    node: process.version,
  }),
);

await storage.close();
if (process.env.KEEP_BENCH_DB) console.error(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
