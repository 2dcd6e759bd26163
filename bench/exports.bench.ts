// Export limits benchmark (issue 19.5): the built server process (dist/server.js; `npm run build`
// first) with 50,000 order lines; one user account fires five dashboard exports at once while
// /health is polled every 50 ms. Prints one JSON line: the statuses, how long the burst took and
// the slowest /health answer. Not a test.
//   npx tsx bench/exports.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { spawnServer } from '../test/support/spawn-server';

const LINES = 50_000;
const PARALLEL = 5;

const dir = mkdtempSync(join(tmpdir(), 'exports-bench-'));
const password = () => `B-${randomBytes(12).toString('base64url')}-9`;
const adminPassword = password();
const server = await spawnServer({ ADMIN_PASSWORD: adminPassword, COOKIE_SECURE: 'false' }, { cwd: dir });
try {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as any;
  };
  const admin = (await call('POST', '/api/auth/token', { username: 'admin', password: adminPassword })).token;
  const account = async (username: string, role: string) => {
    const pw = password();
    await call('POST', '/api/admin/users', { username, password: pw, role }, admin);
    return (await call('POST', '/api/auth/token', { username, password: pw })).token as string;
  };
  const staff = await account('bench-staff', 'staff');
  const user = await account('bench-user', 'user');

  const rows = ['order_sn,SKU,Quantity,Order Time'];
  for (let order = 1, n = 0; n < LINES; order++) {
    for (let i = 0; i < 1 + (order % 3) && n < LINES; i++, n++)
      rows.push(`B${order},SKU-${(order * 7 + i) % 2000},${1 + (i % 3)},2025-03-0${1 + (order % 9)} 10:00`);
  }
  const form = new FormData();
  form.append('file', new Blob([rows.join('\n')]), 'bench.csv');
  form.append('platform', 'Shopee');
  form.append('shop', 'Bench');
  const imported = await (
    await fetch(`${server.url}/api/imports/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: form,
    })
  ).json();

  const exportOnce = async () => {
    const res = await fetch(`${server.url}/api/dashboard/export.xlsx?view=all`, {
      headers: { authorization: `Bearer ${user}` },
    });
    await res.arrayBuffer();
    return res.status;
  };
  let started = performance.now();
  await exportOnce();
  const singleMs = performance.now() - started;

  let polling = true;
  let healthMaxMs = 0;
  const poll = (async () => {
    while (polling) {
      const t = performance.now();
      await fetch(`${server.url}/health`);
      healthMaxMs = Math.max(healthMaxMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  started = performance.now();
  const statuses = await Promise.all(Array.from({ length: PARALLEL }, exportOnce));
  const burstMs = performance.now() - started;
  polling = false;
  await poll;
  console.log(
    JSON.stringify({
      bench: 'exports',
      lines: imported.import?.linesAdded,
      singleExportMs: Math.round(singleMs),
      parallel: PARALLEL,
      statuses,
      burstMs: Math.round(burstMs),
      healthMaxMs: Math.round(healthMaxMs),
    }),
  );
} finally {
  server.child.kill('SIGKILL');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
}
