// Hostile uploads (issue 17, 19.0) against a real spawned server: for each generated file, the
// answer, its time, the /health latencies while it ran and the server's peak RSS. A server that
// dies is restarted for the next file. Prints one JSON object. Not a test (the test with the
// same files is test/node/hostile-uploads.test.ts).
//   npx tsx bench/hostile-uploads.bench.ts                    (dist/server.js: run `npm run build` first)
//   HOSTILE_SERVER_ENTRY=/path/to/other/dist/server.js npx tsx bench/hostile-uploads.bench.ts
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, tempDir } from '../test/support/env';
import { HOSTILE_FILES, limitOrdersXlsx, measureUpload, type HostileFile } from '../test/support/hostile-uploads';
import { callServer, spawnServer, type Spawned } from '../test/support/spawn-server';

const entry = process.env.HOSTILE_SERVER_ENTRY;
const only = process.argv[2] ?? '';

async function boot(): Promise<{ server: Spawned; token: string }> {
  const dir = tempDir('wms-hostile-bench-');
  const server = await spawnServer(
    {
      DATABASE_PATH: join(dir, 'data.db'),
      ADMIN_PASSWORD,
      NODE_ENV: 'test',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'info',
    },
    { cwd: dir, entry },
  );
  const token = (
    await callServer(server, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })
  ).body.token as string;
  return { server, token };
}

const files: HostileFile[] = HOSTILE_FILES.map((make) => make());
files.push({
  name: 'limit-100k-xlsx',
  label: '100,000-row orders .xlsx (legitimate)',
  bytes: limitOrdersXlsx(),
  fileName: 'limit.xlsx',
  target: 'orders',
  fields: { platform: 'Shopee' },
  expect: { status: 200 },
});

const results = [];
let { server, token } = await boot();
for (const file of files) {
  if (only && !file.name.includes(only)) continue;
  if (server.child.exitCode !== null || server.child.signalCode !== null) ({ server, token } = await boot());
  const m = await measureUpload({ url: server.url, pid: server.child.pid!, token, file, timeoutMs: 300_000 });
  await new Promise((r) => setTimeout(r, 200));
  const died = server.child.exitCode !== null || server.child.signalCode !== null;
  const sorted = [...m.healthMs].sort((a, b) => a - b);
  results.push({
    file: file.name,
    label: file.label,
    uploadBytes: file.bytes.length,
    status: m.status,
    code: m.body?.error?.code ?? m.body?.import?.status ?? null,
    rowCodes: m.body?.errors ? [...new Set(m.body.errors.map((e: { code: string }) => e.code))] : undefined,
    ms: m.ms,
    health: {
      probes: m.healthMs.length,
      maxMs: sorted.at(-1) ?? null,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? null,
      statuses: [...new Set(m.healthStatus)],
    },
    peakRssMb: m.peakRssMb,
    serverDied: died,
    ...(died
      ? {
          exit: { code: server.child.exitCode, signal: server.child.signalCode },
          lastOutput: server.output().slice(-300),
        }
      : {}),
  });
}
server.child.kill('SIGKILL');
console.log(
  JSON.stringify(
    {
      bench: 'hostile-uploads',
      server: entry ?? 'dist/server.js',
      machine: { loadAverage1m: Number(loadavg()[0].toFixed(2)) },
      results,
    },
    null,
    2,
  ),
);
