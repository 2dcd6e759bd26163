// Web pages benchmark (issue 15): server time of the dashboard page (`/`: cards, charts and
// filters) and of the orders page (`/orders`, first page of 50 rows, and two other views) at
// 50,000 open lines, through app.request with a signed-in cookie session, cold (first request
// after a write) and warm. The data is orders.bench.ts's own (run with BENCH_SEED_ONLY), so the
// two benches measure the same database. The JSON API of the same data is timed beside it.
// Prints one JSON line. Not a test.   npx tsx bench/pages.bench.ts   (or npm run bench pages)
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { openFileStorage } from '../adapters/libsql-file';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createFileBackupStore } from '../src/node/file-backup-store';
import { systemActor } from '../src/services/context';
import { NOT_ON_RAILWAY } from '../src/services/status';

const RUNS = 5;

// The database of orders.bench.ts: 50,000 open lines over 2,000 SKUs, 10 shops, 25,000 closed orders.
const seeded = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'orders.bench.ts')], {
  env: { ...process.env, BENCH_SEED_ONLY: '1' },
  encoding: 'utf8',
});
if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
const dir = seeded.stderr.trim().split('\n').pop()!;

const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: true });
const parsed = loadConfig({ NODE_ENV: 'test', COOKIE_SECURE: 'false', LOG_LEVEL: 'error' }, 'node');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
// The same "now" as orders.bench.ts: the orders are of the first two weeks of March 2025.
const clock = { now: Date.UTC(2025, 2, 14, 3, 0) };
const { app, services } = createApp({
  storage,
  config: parsed.config,
  log: silentLogger,
  clock: () => clock.now,
  build: { version: 'bench', commit: 'bench', runtime: 'node bench', startedAt: Date.now() },
  host: NOT_ON_RAILWAY,
  lifecycle: { draining: false },
  backupStore: createFileBackupStore(join(dir, 'backups')),
});
await services.auth.bootstrap();

const password = `P-${randomBytes(12).toString('base64url')}-9`;
await services.users.create({ username: 'bench-pages', password, role: 'staff' }, systemActor());
const login = await app.request('/login', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ username: 'bench-pages', password }).toString(),
});
if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

// Wall time is what the target names; process CPU time beside it, because on a shared machine
// wall time also measures the neighbours.
async function timed(path: string): Promise<{ wall: number; cpu: number; bytes: number }> {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const res = await app.request(path, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const body = await res.arrayBuffer();
  const wall = performance.now() - t;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, bytes: body.byteLength };
}

/** A write that changes nothing visible but the data version: the next read is cold. */
const touch = () => storage.transaction(async () => {});

async function coldAndWarm(path: string) {
  const cold: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    await touch();
    cold.push(await timed(path));
  }
  const warm: { wall: number; cpu: number; bytes: number }[] = [];
  for (let i = 0; i < RUNS + 2; i++) warm.push(await timed(path));
  const w = warm.slice(2);
  return {
    coldMs: round(median(cold.map((x) => x.wall))),
    coldCpuMs: round(median(cold.map((x) => x.cpu))),
    warmMs: round(median(w.map((x) => x.wall))),
    warmCpuMs: round(median(w.map((x) => x.cpu))),
    warmRunsMs: w.map((x) => round(x.wall)),
    htmlKb: round(w[0].bytes / 1024),
  };
}

const pages = {
  dashboardPage: await coldAndWarm('/'),
  dashboardPageFiltered: await coldAndWarm('/?platform=Shopee&due=overdue'),
  ordersPage: await coldAndWarm('/orders'),
  ordersPageReadyPile: await coldAndWarm('/orders?status=ORDER_READY'),
  ordersAllViewPage: await coldAndWarm('/orders/all'),
  ordersSearchPage: await coldAndWarm('/orders?q=sku-0042'),
  stockPage: await coldAndWarm('/stock'),
};
const api = {
  dashboardApi: await coldAndWarm('/api/dashboard'),
  ordersApi: await coldAndWarm('/api/orders?limit=50'),
};
const snapshot = await services.readModel.current();

console.log(
  JSON.stringify({
    bench: 'pages',
    openLines: snapshot.lines.length,
    ...pages,
    ...api,
    loadAverage: (await import('node:os')).loadavg().map(round),
    targets: { dashboardPageMs: 200, ordersPageMs: 200 },
    node: process.version,
  }),
);

await storage.close();
if (process.env.KEEP_BENCH_DB) console.error(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
