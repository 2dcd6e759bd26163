// Reports benchmark (issue 14): every report and export at 50,000 and 200,000 open lines in a
// file-adapter database, through app.request: JSON first page cold (after a write: load +
// allocate + counters) and warm (cached per data version), .xlsx of every row, and the print
// commit of 5,000 Picking lines (plan + snapshot + hash + ledger writes in one transaction).
// Peak RSS of the process after each size. Prints one JSON line per size. Not a test.
//   npx tsx bench/reports.bench.ts            (BENCH_REPORT_SIZES=50000 for one size)
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Platform } from '../src/domain/allocation';
import { openBenchApp } from './support/bench-app';
import { mulberry32 } from '../test/support/prng';

const SIZES = (process.env.BENCH_REPORT_SIZES ?? '50000,200000').split(',').map(Number);
const SKUS = 2_000;
const SHOPS = 10;
const PLATFORMS: Platform[] = ['Shopee', 'TikTok', 'Lazada'];
const RUNS = 5;
const REPORTS = ['warehouse', 'picking', 'lowstock', 'nostock', 'notenough'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;
type Row = (string | number | null)[];

async function benchSize(LINES: number) {
  const { dir, password, storage, app, services } = await openBenchApp('reports-bench-');

  // ---- data: ~30 % of orders accepted, half of those with the warehouse sheet printed --------
  const rnd = mulberry32(42);
  const int = (n: number) => Math.floor(rnd() * n);
  const start = Date.UTC(2025, 2, 1) - 7 * 3600_000;
  const sku = (i: number) => `SKU-${String(i).padStart(4, '0')}`;
  const shops: Row[] = [];
  for (let s = 0; s < SHOPS; s++) shops.push([s + 1, PLATFORMS[s % 3], `Shop ${s + 1}`, `shop ${s + 1}`, 0, 0]);
  const orders: Row[] = [];
  const lines: Row[] = [];
  const counters: Row[] = [];
  let orderId = 0;
  while (lines.length < LINES) {
    orderId++;
    const shop = int(SHOPS);
    const platform = PLATFORMS[shop % 3];
    const accepted = rnd() < 0.3;
    const orderNo = `${platform[0]}${shop}-${(250000000 + int(1e8)).toString(36).toUpperCase()}${orderId}`;
    const orderTime = start + int(14 * 24 * 60) * 60_000;
    orders.push([
      orderId,
      platform,
      shop + 1,
      orderNo,
      orderTime,
      ['Kerry', 'Flash', 'J&T'][int(3)],
      `2025-03-${String(1 + int(14)).padStart(2, '0')}`,
      start,
      1 + int(3),
    ]);
    if (accepted && rnd() < 0.5) counters.push([orderId, 'warehouse', 1, start, start, 'admin']);
    const used = new Set<number>();
    const n = 1 + int(3);
    for (let k = 0; k < n && lines.length < LINES; k++) {
      const s = int(SKUS);
      if (used.has(s)) continue;
      used.add(s);
      lines.push([
        lines.length + 1,
        orderId,
        sku(s),
        1 + int(4),
        accepted ? 1 : 0,
        accepted ? start : null,
        accepted ? 'staff' : null,
        0,
      ]);
    }
  }
  const stock: Row[] = [];
  const products: Row[] = [];
  const perSku = Math.max(20, Math.round(LINES / 400));
  for (let s = 0; s < SKUS; s++) {
    stock.push([sku(s), int(perSku * 4), 0]);
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
  await insert('shops', ['id', 'platform', 'name', 'name_key', 'created_at', 'updated_at'], shops);
  await insert(
    'orders',
    [
      'id',
      'platform',
      'shop_id',
      'order_no',
      'order_time',
      'logistic_type',
      'import_date',
      'imported_at',
      'dispatch_round',
    ],
    orders,
  );
  await insert(
    'order_lines',
    ['id', 'order_id', 'sku', 'qty', 'accepted', 'accepted_at', 'accepted_by_username', 'created_at'],
    lines,
  );
  await insert(
    'order_print_counters',
    ['order_id', 'kind', 'count', 'first_printed_at', 'last_printed_at', 'last_printed_by_username'],
    counters,
  );
  await insert('stock', ['sku', 'qty', 'updated_at'], stock);
  await insert('products', ['sku', 'brand', 'name', 'created_at', 'updated_at'], products);
  await storage.transaction(async () => {});

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
  // Process CPU time beside wall time: on a shared machine wall time also measures the neighbours.
  async function timed(
    path: string,
    init: RequestInit = {},
  ): Promise<{ ms: number; cpuMs: number; bytes: number; body: unknown }> {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const res = await app.request(path, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
    });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const buf = await res.arrayBuffer();
    const ms = performance.now() - t;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const type = res.headers.get('content-type') ?? '';
    return {
      ms,
      cpuMs,
      bytes: buf.byteLength,
      body: type.includes('json') ? JSON.parse(new TextDecoder().decode(buf)) : null,
    };
  }
  const touch = () => storage.transaction(async () => {});

  const only = process.env.BENCH_ONLY_PRINT ? [] : REPORTS;
  const json: Record<string, unknown> = {};
  for (const r of only) {
    const cold: number[] = [];
    for (let i = 0; i < 2; i++) {
      await touch();
      cold.push((await timed(`/api/reports/${r}`)).ms);
    }
    const warm: number[] = [];
    const warmCpu: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const t = await timed(`/api/reports/${r}`);
      warm.push(t.ms);
      warmCpu.push(t.cpuMs);
      total = (t.body as { total: number }).total;
    }
    json[r] = {
      rows: total,
      coldMs: round(median(cold)),
      warmMs: round(median(warm.slice(1))),
      warmCpuMs: round(median(warmCpu.slice(1))),
    };
  }
  const xlsx: Record<string, unknown> = {};
  for (const r of only) {
    const runs: number[] = [];
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const t = await timed(`/api/reports/${r}/export.xlsx`);
      runs.push(t.ms);
      cpu.push(t.cpuMs);
      bytes = t.bytes;
    }
    xlsx[r] = { ms: round(median(runs)), cpuMs: round(median(cpu)), kb: Math.round(bytes / 1024) };
  }

  // Print commit of 5,000 eligible Picking lines (their ids posted, as "print selected").
  const snapshot = await services.readModel.current();
  await timed('/api/reports/picking'); // warm, as a page read before its print
  const printedOrders = new Set(counters.map((c) => Number(c[0])));
  const eligible = snapshot.lines
    .filter((l) => l.accepted && printedOrders.has(l.order.id) && l.pickingCount === 0)
    .slice(0, 5000)
    .map((l) => l.id);
  const tp = await timed('/api/reports/picking/print', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: eligible, idempotencyKey: 'bench-1' }),
  });
  const printed = tp.body as { printed: { orders: number; lines: number } };
  // And the first report read after it (the write moved the data version: a cold read).
  const afterPrint = await timed('/api/reports/picking');

  const out = {
    openLines: snapshot.lines.length,
    orders: orderId,
    json,
    xlsx,
    pickingPrint: {
      lines: printed.printed.lines,
      orders: printed.printed.orders,
      ms: round(tp.ms),
      cpuMs: round(tp.cpuMs),
    },
    pickingAfterPrintColdMs: round(afterPrint.ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage: (await import('node:os')).loadavg().map(round),
    targets: { jsonWarmMs: 100, xlsx50kMs: 1000, print5000Ms: 500 },
    node: process.version,
  };
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

for (const size of SIZES) {
  console.log(JSON.stringify({ bench: 'reports', lines: size, ...(await benchSize(size)) }));
  (globalThis as { gc?: () => void }).gc?.();
}
