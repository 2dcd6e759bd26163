// Import benchmark (docs/domain/imports.md#performance): end to end through the HTTP app (multipart
// request in -> response out: parsing, validation, look-ups, one transaction) on the local file
// adapter.   - 50,000 order lines from CSV and from .xlsx, into an empty database and into one that
// already holds >= 100,000 order lines;   - a 10,000-SKU stock full sync and a 10,000-row sales
// file (into the 100,000-line database). Each scenario is prepared (database seeded, input file
// generated) in one process and measured in a fresh one that only boots the app and runs the
// import, so its peak RSS is the import's. Generated, seeded data. Prints one JSON object. Not a
// test.   npx tsx bench/imports.bench.ts            (all scenarios)   npx tsx
// bench/imports.bench.ts <scenario> (one)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openFileStorage } from '../adapters/libsql-file';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { applyPendingMigrations } from '../src/db/migrate';
import { silentLogger } from '../src/log';
import { createDbBackupStore } from '../src/services/backups/store';
import { writeXlsx } from '../src/xlsx/write';
import { mulberry32 } from '../test/support/prng';

const LINES = 50_000;
const SEED_LINES = 100_000;
const SKUS = 2_000;
const SHOPS = 10;

const HEADER = ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง'];

/** Order lines like a Shopee export: 1-5 lines per order, Thai names, BE dates. */
function orderRows(lines: number, seed: number, prefix: string): string[][] {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const rows: string[][] = [HEADER];
  let order = 0;
  while (rows.length - 1 < lines) {
    order++;
    const shop = `ร้านทดสอบ ${int(SHOPS)}`;
    const no = `${prefix}${String(order).padStart(8, '0')}`;
    const d = 1 + int(28);
    const time = `${String(d).padStart(2, '0')}/01/2568 ${String(8 + int(12)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}`;
    const n = 1 + int(5);
    const used = new Set<number>();
    for (let k = 0; k < n && rows.length - 1 < lines; k++) {
      const sku = int(SKUS);
      if (used.has(sku)) continue;
      used.add(sku);
      rows.push([
        shop,
        no,
        `SKU-${String(sku).padStart(5, '0')}`,
        `สินค้าทดสอบ รุ่น ${sku}`,
        String(1 + int(3)),
        time,
        'SPX Express',
      ]);
    }
  }
  return rows;
}

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const toCsv = (rows: string[][]) =>
  new TextEncoder().encode('\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
const toXlsx = (rows: string[][]) => writeXlsx([{ name: 'Import_Shopee', rows }]);

async function openApp(dir: string) {
  const parsed = loadConfig(
    { ADMIN_PASSWORD: 'Bench-Password-0123456789', NODE_ENV: 'test', COOKIE_SECURE: 'false', LOG_LEVEL: 'error' },
    'node',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: true });
  await applyPendingMigrations(storage);
  const { app, services } = createApp({
    storage,
    config: parsed.config,
    log: silentLogger,
    clock: Date.now,
    build: { version: 'bench', commit: 'bench', runtime: 'node bench', startedAt: Date.now() },
    host: {
      railway: {
        detected: false,
        environment: null,
        serviceId: null,
        deploymentId: null,
        volume: { name: null, mountPath: null, mounted: null, dbInsideVolume: false, freeBytes: null },
      },
      storageWarning: null,
    },
    lifecycle: { draining: false },
    backupStore: createDbBackupStore(async () => null),
  });
  await services.auth.bootstrap();
  const login = await app.request('/api/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Bench-Password-0123456789' }),
  });
  const { token } = (await login.json()) as { token: string };
  return { app, storage, token };
}

type Opened = Awaited<ReturnType<typeof openApp>>;

async function post(o: Opened, path: string, fileName: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), fileName);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await o.app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}` },
    body: form,
  });
  const body = (await res.json()) as { import?: Record<string, unknown>; error?: unknown };
  if (res.status !== 200 || body.import?.status !== 'committed')
    throw new Error(`${path} ${fileName}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.import!;
}

/** Times one import request (the measuring process does nothing else, so its peak RSS is this import's). */
async function measure(
  o: Opened,
  path: string,
  fileName: string,
  bytes: Uint8Array,
  rows: number,
  fields: Record<string, string> = {},
) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await post(o, path, fileName, bytes, fields);
  const ms = performance.now() - t0;
  return {
    rows,
    fileBytes: bytes.byteLength,
    ms: Math.round(ms),
    rowsPerSec: Math.round((rows / ms) * 1000),
    rssBeforeMb: Math.round(baseline / (1024 * 1024)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    result: Object.fromEntries(
      ['added', 'linesAdded', 'updated', 'unchanged', 'zeroed', 'duplicates', 'unmatched'].map((k) => [k, result[k]]),
    ),
  };
}

async function countLines(o: Opened) {
  return Number((await o.storage.execute('SELECT count(*) AS n FROM order_lines')).rows[0].n);
}

/** Seeds >= 100,000 order lines through the import itself (files of 50,000). */
async function seed(o: Opened) {
  for (let i = 0; i < SEED_LINES / LINES; i++)
    await post(o, '/api/imports/orders', `seed-${i}.csv`, toCsv(orderRows(LINES, 100 + i, `S${i}-`)), {
      platform: 'Shopee',
    });
}

interface Scenario {
  /** Runs in a separate process first: seeds the database, returns the file to import. */
  prepare(
    o: Opened,
  ): Promise<{ fileName: string; bytes: Uint8Array; path: string; rows: number; fields?: Record<string, string> }>;
}

const stockFile = (offset: number, seedNo: number) => {
  const rnd = mulberry32(seedNo);
  return [
    ['รหัสสินค้า', 'คงเหลือ'],
    ...Array.from({ length: 10_000 }, (_, i) => [
      `SKU-${String(i + offset).padStart(5, '0')}`,
      String(Math.floor(rnd() * 500)),
    ]),
  ];
};

const ordersCsv = { fileName: 'orders.csv', path: '/api/imports/orders', rows: LINES, fields: { platform: 'Shopee' } };
const ordersXlsx = {
  fileName: 'orders.xlsx',
  path: '/api/imports/orders',
  rows: LINES,
  fields: { platform: 'Shopee' },
};

const SCENARIOS: Record<string, Scenario> = {
  'orders-csv-empty': { prepare: async () => ({ ...ordersCsv, bytes: toCsv(orderRows(LINES, 1, 'N-')) }) },
  'orders-xlsx-empty': { prepare: async () => ({ ...ordersXlsx, bytes: toXlsx(orderRows(LINES, 1, 'N-')) }) },
  'orders-csv-100k': {
    async prepare(o) {
      await seed(o);
      return { ...ordersCsv, bytes: toCsv(orderRows(LINES, 1, 'N-')) };
    },
  },
  'orders-xlsx-100k': {
    async prepare(o) {
      await seed(o);
      return { ...ordersXlsx, bytes: toXlsx(orderRows(LINES, 1, 'N-')) };
    },
  },
  'orders-csv-duplicates-100k': {
    // Re-importing a file already in: every order is a duplicate (the legacy's slowest case).
    async prepare(o) {
      await seed(o);
      return { ...ordersCsv, bytes: toCsv(orderRows(LINES, 100, 'S0-')) };
    },
  },
  'stock-full-sync-10k': {
    async prepare(o) {
      await seed(o);
      await post(o, '/api/imports/stock?mode=full', 'stock-yesterday.csv', toCsv(stockFile(0, 7)));
      // Today's export: new quantities, 100 SKUs gone (zeroed), 100 new.
      return {
        fileName: 'stock.csv',
        path: '/api/imports/stock?mode=full',
        rows: 10_000,
        bytes: toCsv(stockFile(100, 8)),
      };
    },
  },
  'sales-10k': {
    async prepare(o) {
      await seed(o);
      const rnd = mulberry32(9);
      const statuses = ['เปิดใบขายครบตามจำนวนแล้ว', 'ยังไม่มีการเปิดใบขาย', 'เปิดใบขายบางส่วน'];
      const rows = [
        ['เลข Order', 'เลขที่ PO', 'สถานะ'],
        ...Array.from({ length: 10_000 }, (_, i) => [
          `S0-${String(i + 1).padStart(8, '0')}`,
          `PO-${i}`,
          statuses[Math.floor(rnd() * 3)],
        ]),
      ];
      return { fileName: 'sales.csv', path: '/api/imports/sales', rows: 10_000, bytes: toCsv(rows) };
    },
  },
};

/** `prepare <scenario> <dir>`: seed and write the input; `measure <scenario> <dir>`: import it. */
async function child(step: string, name: string, dir: string) {
  const o = await openApp(dir);
  try {
    if (step === 'prepare') {
      const input = await SCENARIOS[name].prepare(o);
      writeFileSync(join(dir, 'input.bin'), input.bytes);
      writeFileSync(join(dir, 'input.json'), JSON.stringify({ ...input, bytes: undefined }));
      return;
    }
    const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8'));
    const bytes = new Uint8Array(readFileSync(join(dir, 'input.bin')));
    const existingLines = await countLines(o);
    const out = await measure(o, input.path, input.fileName, bytes, input.rows, input.fields);
    console.log(JSON.stringify({ scenario: name, existingLines, ...out }));
  } finally {
    await o.storage.close();
  }
}

const self = fileURLToPath(import.meta.url);
const [step, scenario, workDir] = process.argv.slice(2);
const runChild = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', self, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });

if (step === 'prepare' || step === 'measure') {
  await child(step, scenario, workDir);
} else {
  const only = step && SCENARIOS[step] ? [step] : Object.keys(SCENARIOS);
  const results: Record<string, unknown>[] = [];
  for (const name of only) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-imports-'));
    try {
      runChild(['prepare', name, dir]);
      const out = runChild(['measure', name, dir]);
      results.push(JSON.parse(out.trim().split('\n').pop()!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rate = (s: string) => results.find((r) => r.scenario === s)?.rowsPerSec as number | undefined;
  const ratio = (a: string, b: string) => (rate(a) && rate(b) ? Number((rate(a)! / rate(b)!).toFixed(2)) : null);
  console.log(
    JSON.stringify(
      {
        bench: 'imports',
        machine: { cpus: availableParallelism(), loadAverage1m: Number(loadavg()[0].toFixed(2)) },
        targets: { csvRowsPerSec: 20_000, xlsxRowsPerSec: 5_000, peakRssMb: 300, withExistingAtLeastHalfOfEmpty: true },
        results,
        ratios: {
          csv100kVsEmpty: ratio('orders-csv-100k', 'orders-csv-empty'),
          xlsx100kVsEmpty: ratio('orders-xlsx-100k', 'orders-xlsx-empty'),
        },
      },
      null,
      2,
    ),
  );
}
