// Allocation benchmark (docs/domain/allocation.md#performance-targets): 50,000 open lines over
// 2,000 SKUs, 3 platforms, 10 shops, ~20 % committed, seeded random data. Prints one JSON line. Not
// a test.   npx tsx bench/allocation.bench.ts
import { performance } from 'node:perf_hooks';
import {
  computeAllocation,
  type AllocLine,
  type AllocLineColumns,
  type OrderFlags,
  type Platform,
} from '../src/domain/allocation';
import { mulberry32 } from '../test/support/prng';

const LINES = 50_000;
const SKUS = 2_000;
const SHOPS = 10;
const PLATFORMS: Platform[] = ['Shopee', 'TikTok', 'Lazada'];
const WARM_RUNS = 3;
const RUNS = 5;

function generate(seed: number) {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const start = Date.UTC(2025, 2, 1) - 7 * 3600_000;
  const lines: AllocLine[] = [];
  const orders = new Map<number, OrderFlags>();
  let orderId = 0;
  while (lines.length < LINES) {
    orderId++;
    const shop = int(SHOPS);
    const platform = PLATFORMS[shop % PLATFORMS.length];
    const roll = rnd();
    // ~12 % accepted, ~8 % issued: ~20 % of lines committed.
    const accepted = roll < 0.12;
    const issued = roll >= 0.12 && roll < 0.2;
    orders.set(orderId, { cancelled: false, trashed: false, packed: false, billEmpty: false, issued });
    const orderNo = `${platform[0]}${shop}-${(250000000 + int(1e8)).toString(36).toUpperCase()}${orderId}`;
    // Minute resolution, like marketplace exports, so equal times (and the tie-breaks) occur.
    const orderTime = rnd() < 0.02 ? null : start + int(14 * 24 * 60) * 60_000;
    const lineCount = 1 + int(3);
    const used = new Set<string>();
    for (let k = 0; k < lineCount && lines.length < LINES; k++) {
      const sku = `SKU-${String(int(SKUS)).padStart(4, '0')}`;
      if (used.has(sku)) continue;
      used.add(sku);
      lines.push({ id: lines.length + 1, orderId, orderNo, platform, sku, qty: 1 + int(4), orderTime, accepted });
    }
  }
  const stock = new Map<string, number>();
  for (let s = 0; s < SKUS; s++) stock.set(`SKU-${String(s).padStart(4, '0')}`, int(80));
  return { lines, orders, stock };
}

function toColumns(lines: readonly AllocLine[]): AllocLineColumns {
  return {
    id: Float64Array.from(lines, (l) => l.id),
    orderId: Float64Array.from(lines, (l) => l.orderId),
    orderNo: lines.map((l) => l.orderNo),
    platform: lines.map((l) => l.platform),
    sku: lines.map((l) => l.sku),
    qty: Float64Array.from(lines, (l) => l.qty),
    orderTime: Float64Array.from(lines, (l) => l.orderTime ?? NaN),
    accepted: Uint8Array.from(lines, (l) => (l.accepted ? 1 : 0)),
  };
}

// Wall time is what the target names; process CPU time is reported too because on a shared
// machine wall time also measures the neighbours.
function measure(run: () => unknown): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < WARM_RUNS; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const round = (x: number) => Math.round(x * 100) / 100;

const data = generate(42);
const committed = data.lines.filter((l) => l.accepted || data.orders.get(l.orderId)!.issued).length;
const rows = measure(() => computeAllocation(data));
const columns = { lines: toColumns(data.lines), orders: data.orders, stock: data.stock };
const cols = measure(() => computeAllocation(columns));
const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
const sorted = ascending(rows.wall);

console.log(
  JSON.stringify({
    lines: data.lines.length,
    skus: new Set(data.lines.map((l) => l.sku)).size,
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    runs: RUNS,
    timesMs: rows.wall.map(round),
    cpuMedianMs: round(quantile(ascending(rows.cpu), 0.5)),
    committedShare: round(committed / data.lines.length),
    columnsMedianMs: round(quantile(ascending(cols.wall), 0.5)),
    columnsCpuMedianMs: round(quantile(ascending(cols.cpu), 0.5)),
    node: process.version,
  }),
);
