// Legacy adoption benchmark (docs/domain/data-model.md#volumes: 200,000 order lines is a year of
// production). Builds a synthetic legacy file with the fixture's own schema, then times (1) the
// boot-time adoption on the file adapter (backup + one transaction) and (2) `legacy:import` into a
// remote libSQL server (the in-process test server over a real file). Prints one JSON line. Not a
// test.   npx tsx bench/legacy-adoption.bench.ts
import { createClient } from '@libsql/client';
import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openFileStorage } from '../adapters/libsql-file';
import { openRemoteStorage } from '../adapters/libsql-remote';
import { silentLogger } from '../src/log';
import { createFileBackupStore } from '../src/node/file-backup-store';
import { adoptLegacyFile } from '../src/node/legacy-adoption';
import { importLegacy } from '../src/legacy/adopt';
import type { LegacyQuery } from '../src/legacy/read';
import { startLibsqlHttpServer } from '../test/support/libsql-http-server';
import { mulberry32 } from '../test/support/prng';

const LINES = Number(process.env.BENCH_LEGACY_LINES ?? 200_000);
const REMOTE_LINES = Number(process.env.BENCH_LEGACY_REMOTE_LINES ?? 50_000);
const SKUS = 2_000;
const FIXTURE = join(import.meta.dirname, '..', 'test', 'fixtures', 'samples', 'legacy', 'data.db');

const pad = (n: number) => String(n).padStart(2, '0');
const wall = (ms: number) => {
  const d = new Date(ms + 7 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.000000`;
};

/** A legacy file with the fixture's schema, users and shops, and `lines` synthetic order lines. */
async function buildLegacyFile(lines: number, seed: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'wms-bench-legacy-')), 'data.db');
  copyFileSync(FIXTURE, path);
  const db = createClient({ url: `file:${path}` });
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  for (const t of [
    'order_lines',
    'cancelled_orders',
    'issued_orders',
    'deleted_orders',
    'sales',
    'stocks',
    'products',
    'sku_print_history',
    'import_logs',
    'action_dedupe',
  ]) {
    await db.execute(`DELETE FROM ${t}`);
  }
  const shops = [
    [6, 'Shopee'],
    [7, 'Shopee'],
    [8, 'Lazada'],
    [9, 'TikTok'],
  ] as const;
  const start = Date.UTC(2025, 0, 1);
  const batch: string[] = [];
  const flush = async () => {
    if (batch.length)
      await db.execute(
        `INSERT INTO order_lines (platform, shop_id, order_id, sku, qty, item_name, order_time, logistic_type, imported_at, import_date, accepted, printed_warehouse, printed_warehouse_at, printed_picking, dispatch_round) VALUES ${batch.join(',')}`,
      );
    batch.length = 0;
  };
  let written = 0;
  let order = 0;
  const cancelled: string[] = [];
  const issued: string[] = [];
  while (written < lines) {
    order++;
    const [shopId, platform] = shops[int(shops.length)];
    // One order in 50 also exists as `<n>.0` (the float-read column defect): merged on adoption.
    const no = `${5e14 + order}`;
    const numbers = rnd() < 0.02 ? [no, `${no}.0`] : [no];
    const at = start + int(360) * 86_400_000 + int(86_400_000);
    const printed = rnd() < 0.3;
    for (const n of numbers) {
      const count = 1 + int(3);
      for (let k = 0; k < count && written < lines; k++, written++) {
        const sku = `SKU-${String(int(SKUS)).padStart(4, '0')}`;
        batch.push(
          `('${platform}', ${shopId}, '${n}', '${sku}-${k}', ${1 + int(4)}, 'Item ${sku}', '${wall(at - 86_400_000)}', 'Flash', '${wall(at)}', '${wall(at).slice(0, 10)}', ${printed ? 1 : 0}, ${printed ? 1 : 0}, ${printed ? `'${new Date(at).toISOString()}'` : 'NULL'}, ${printed ? 1 : 0}, ${printed ? 1 : 'NULL'})`,
        );
        if (batch.length >= 500) await flush();
      }
    }
    if (rnd() < 0.05) cancelled.push(no);
    if (printed) issued.push(no);
  }
  await flush();
  for (let i = 0; i < cancelled.length; i += 500) {
    await db.execute(
      `INSERT INTO cancelled_orders (order_id, imported_at, imported_by_user_id, note) VALUES ${cancelled
        .slice(i, i + 500)
        .map((n) => `('${n}', '2025-06-01 01:00:00.000000', 2, 'x')`)
        .join(',')}`,
    );
  }
  for (let i = 0; i < issued.length; i += 500) {
    await db.execute(
      `INSERT INTO issued_orders (order_id, issued_at, issued_by_user_id, source) VALUES ${issued
        .slice(i, i + 500)
        .map((n) => `('${n}', '2025-06-01 08:00:00.000000', 2, 'print:picking')`)
        .join(',')}`,
    );
  }
  for (let i = 0; i < SKUS; i += 500) {
    const skus = Array.from({ length: Math.min(500, SKUS - i) }, (_, j) => `SKU-${String(i + j).padStart(4, '0')}`);
    await db.execute(
      `INSERT INTO stocks (sku, qty, updated_at) VALUES ${skus.map((s) => `('${s}', ${int(100) - 5}, '2025-06-01 08:00:00.000000')`).join(',')}`,
    );
    await db.execute(
      `INSERT INTO products (sku, brand, model, created_at) VALUES ${skus.map((s) => `('${s}', 'B', 'M', '2025-06-01 08:00:00.000000')`).join(',')}`,
    );
  }
  db.close();
  return path;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: Math.round(performance.now() - t0), result };
}

const filePath = await buildLegacyFile(LINES, 1);
const storage = await openFileStorage({ path: filePath, persistent: true });
const adopt = await time(() =>
  adoptLegacyFile({
    storage,
    store: createFileBackupStore(join(filePath, '..', 'backups')),
    clock: Date.now,
    log: silentLogger,
    path: filePath,
  }),
);
await storage.close();
const fileRssMb = Math.round(process.memoryUsage().rss / 1e6);

const remoteSource = await buildLegacyFile(REMOTE_LINES, 2);
const server = await startLibsqlHttpServer({
  path: join(mkdtempSync(join(tmpdir(), 'wms-bench-remote-')), 'remote.db'),
});
const remote = await openRemoteStorage({ url: server.url });
const reader = createClient({ url: `file:${remoteSource}` });
const query: LegacyQuery = async (text) => {
  const rs = await reader.execute(text);
  return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])));
};
const imported = await time(async () => importLegacy(remote, query, { now: Date.now(), source: 'bench.db' }));
const statements = server.stats.statements.length;
reader.close();
await remote.close();
await server.close();

console.log(
  JSON.stringify({
    bench: 'legacy-adoption',
    file: {
      legacyLines: LINES,
      legacyBytes: statSync(filePath).size,
      adoptMs: adopt.ms,
      orders: adopt.result.counts.orders,
      lines: adopt.result.counts.order_lines,
      orderMerges: adopt.result.conversion.report.orderMerges.total,
      stockClamps: adopt.result.conversion.report.stockClamps.total,
      rssMbAfter: fileRssMb,
    },
    remote: {
      legacyLines: REMOTE_LINES,
      importMs: imported.ms,
      orders: imported.result.counts.orders,
      lines: imported.result.counts.order_lines,
      statementsSent: statements,
    },
    rssMbAtEnd: Math.round(process.memoryUsage().rss / 1e6),
  }),
);
