// Data operations at a year's volume (docs/domain/data-model.md#volumes: 200,000 order lines):
// export (streamed NDJSON.gz), sqlite and ndjson backups, restore (validation + one transaction)
// and the `everything` clear with its pre_clear backup, on the file adapter and on the remote
// adapter (in-process libSQL HTTP server; its restore stays under the remote limit). Prints JSON
// lines. Not a test.   npx tsx bench/data-ops.bench.ts
import { performance } from 'node:perf_hooks';
import type { InValue } from '@libsql/client';
import { fileTarget, remoteTarget, type Target } from '../test/support/targets';
import type { Actor } from '../src/services/context';

const admin: Actor = { userId: 1, username: 'admin', role: 'admin', ip: null, requestId: null, method: 'bearer' };

async function seed(sql: Target['sql'], lines: number) {
  const t0 = Date.UTC(2025, 0, 1);
  await sql.execute(
    `INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'A', 'a', 0, 0), (2, 'Lazada', 'B', 'b', 0, 0)`,
  );
  await sql.execute(
    `INSERT INTO imports (id, kind, status, source, import_date, started_at) VALUES (1, 'orders', 'committed', 'file', '2025-01-01', 0)`,
  );
  const orders = lines / 2;
  const batch = async (table: string, columns: string[], count: number, row: (i: number) => InValue[]) => {
    for (let start = 0; start < count; start += 500) {
      const n = Math.min(500, count - start);
      const values: InValue[] = [];
      for (let i = start; i < start + n; i++) values.push(...row(i));
      await sql.execute({
        sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n)
          .fill(`(${columns.map(() => '?').join(', ')})`)
          .join(', ')}`,
        args: values,
      });
    }
  };
  await batch('products', ['id', 'sku', 'name', 'created_at', 'updated_at'], 2000, (i) => [
    i + 1,
    `SKU-${i}`,
    `สินค้า ${i}`,
    t0,
    t0,
  ]);
  await batch('stock', ['sku', 'qty', 'updated_at'], 2000, (i) => [`SKU-${i}`, i % 50, t0]);
  await batch(
    'orders',
    ['id', 'platform', 'shop_id', 'order_no', 'order_time', 'import_date', 'imported_at', 'import_id'],
    orders,
    (i) => [i + 1, i % 2 ? 'Lazada' : 'Shopee', (i % 2) + 1, `N${250000000 + i}`, t0 + i * 60_000, '2025-01-01', t0, 1],
  );
  await batch('order_lines', ['id', 'order_id', 'sku', 'qty', 'created_at'], lines, (i) => [
    i + 1,
    Math.floor(i / 2) + 1,
    `SKU-${(i * 7) % 2000}${i % 2 ? '-b' : ''}`,
    1 + (i % 3),
    t0,
  ]);
  await batch('order_markers', ['order_id', 'kind', 'created_at'], orders / 4, (i) => [
    i * 4 + 1,
    ['issued', 'cancelled', 'trashed', 'bill_empty'][i % 4],
    t0,
  ]);
  await batch('sales_status', ['order_no', 'status', 'created_at', 'updated_at'], orders / 2, (i) => [
    `N${250000000 + i * 2}`,
    'เปิดใบขายครบตามจำนวนแล้ว',
    t0,
    t0,
  ]);
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, Math.round(performance.now() - started)];
}

async function run(kind: 'file' | 'remote', lines: number) {
  const target = kind === 'file' ? await fileTarget() : await remoteTarget();
  const s = target.services;
  await seed(target.sql, lines);
  const rows = Number(
    (
      await target.sql.execute(
        'SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_lines) + (SELECT count(*) FROM order_markers) + (SELECT count(*) FROM sales_status) AS n',
      )
    ).rows[0].n,
  );

  const [exported, exportMs] = await time(async () => {
    const download = await s.exports.download('ndjson', admin);
    return new Uint8Array(await new Response(download.stream).arrayBuffer());
  });
  const [, ndjsonBackupMs] = await time(() => s.backups.create({ format: 'ndjson' }, admin));
  const sqliteBackupMs = kind === 'file' ? (await time(() => s.backups.create({ format: 'sqlite' }, admin)))[1] : null;
  const [, dryRunMs] = await time(() =>
    s.restore.fromUpload({ bytes: exported, name: 'bench' }, { dryRun: true }, admin),
  );
  const [restored, restoreMs] = await time(() => s.restore.fromUpload({ bytes: exported, name: 'bench' }, {}, admin));
  const [preview, previewMs] = await time(() => s.clear.preview({ scope: 'everything' }, admin));
  const [cleared, clearMs] = await time(() =>
    s.clear.execute({ scope: 'everything', confirmToken: preview.confirmToken }, admin),
  );
  await target.close();
  return {
    bench: 'data-ops',
    adapter: kind,
    orderLines: lines,
    businessRows: rows,
    exportBytes: exported.byteLength,
    exportMs,
    ndjsonBackupMs,
    sqliteBackupMs,
    validateOnlyMs: dryRunMs,
    restoreMs,
    restoredOrderLines: restored.restored.order_lines,
    clearPreviewMs: previewMs,
    clearEverythingMs: clearMs,
    clearedOrderLines: cleared.deleted.order_lines,
  };
}

for (const [kind, lines] of [
  ['file', 200_000],
  ['remote', 100_000],
] as const) {
  console.log(JSON.stringify(await run(kind, lines)));
}
