// One writer process per database file (issue 11 item 8, docs/domain/data-safety.md#one-writer),
// with real processes: a second server on the same file refuses to start naming the first (pid,
// host, since when); a holder that died (kill -9) frees the file at once on the same host, and one
// on another host after the lease expires; a process whose lease is taken stops. A write that still
// meets another process's transaction answers 503 storage_busy with Retry-After, never 500.
import { createClient } from '@libsql/client';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { callServer, spawnServer, stopWith, type Spawned } from '../support/spawn-server';

const REPO = join(import.meta.dirname, '..', '..');
const started: Spawned[] = [];
const helpers: { kill(signal: NodeJS.Signals): unknown }[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.child.kill('SIGKILL');
  for (const h of helpers.splice(0)) h.kill('SIGKILL');
});

async function start(path: string, waitForListen = true): Promise<Spawned> {
  const s = await spawnServer(
    { DATABASE_PATH: path, ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' },
    { cwd: tempDir('wms-app-'), waitForListen },
  );
  started.push(s);
  return s;
}

async function exitOf(s: Spawned, ms = 15_000) {
  return Promise.race([
    s.exited,
    new Promise<{ code: null; signal: null }>((resolve) => setTimeout(() => resolve({ code: null, signal: null }), ms)),
  ]);
}

const tokenOf = async (s: Spawned) =>
  (await callServer(s, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })).body
    .token as string;

async function waitFor(check: () => boolean, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function setLease(path: string, holder: object, expiresAt: number, acquiredAt: number) {
  const db = createClient({ url: `file:${path}` });
  try {
    await db.execute({
      sql: `INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES ('writer', ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at`,
      args: [JSON.stringify(holder), expiresAt, acquiredAt],
    });
  } finally {
    db.close();
  }
}

describe('one writer process per database file', () => {
  it('a second server on the same file refuses, naming the first; after kill -9 of the first, the next start takes the file at once', async () => {
    const path = join(tempDir('wms-vol-'), 'data.db');
    const first = await start(path);
    const since = Date.now();
    const token = await tokenOf(first);

    const second = await start(path, false);
    expect((await exitOf(second)).code).toBe(1);
    const out = second.output();
    expect(out).toContain(
      `Another process is using the database ${path}: pid ${first.child.pid} on host ${hostname()}, its writer since `,
    );
    const at = Date.parse(/its writer since (\S+)\./.exec(out)![1]);
    expect(Math.abs(at - since)).toBeLessThan(30_000);
    expect(out).not.toContain('Listening on');
    // The first one never noticed.
    expect(
      (await callServer(first, 'POST', '/api/shops', token, { platform: 'Shopee', name: 'Still here' })).status,
    ).toBe(201);

    expect((await stopWith(first, 'SIGKILL')).signal).toBe('SIGKILL');
    const t0 = Date.now();
    const third = await start(path);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const shops = await callServer(third, 'GET', '/api/shops', await tokenOf(third));
    expect(shops.body.items.map((s: any) => s.name)).toContain('Still here');
    expect((await stopWith(third, 'SIGTERM')).code).toBe(0);
    // A clean stop gives the lease up.
    const db = createClient({ url: `file:${path}` });
    expect((await db.execute("SELECT count(*) AS n FROM leases WHERE name = 'writer'")).rows[0].n).toBe(0);
    db.close();
  });

  it("another host's lease blocks until it expires, then the start takes it over; a process whose lease is taken stops", async () => {
    const path = join(tempDir('wms-vol-'), 'data.db');
    const seed = await start(path);
    expect((await stopWith(seed, 'SIGTERM')).code).toBe(0);

    // A holder on another machine (a double deploy on a shared volume) that stopped renewing.
    const acquired = Date.now() - 60_000;
    // Far enough ahead that a slow start on a loaded machine still finds it valid.
    await setLease(path, { pid: 4242, host: 'other-host', id: 'x' }, Date.now() + 30_000, acquired);
    const blocked = await start(path, false);
    expect((await exitOf(blocked)).code).toBe(1);
    expect(blocked.output()).toContain(
      `pid 4242 on host other-host, its writer since ${new Date(acquired).toISOString()}`,
    );
    // Its last renewal runs out: the same lease, now expiring in a moment.
    await setLease(path, { pid: 4242, host: 'other-host', id: 'x' }, Date.now() + 300, acquired);
    await new Promise((r) => setTimeout(r, 400));
    const taker = await start(path);

    // Someone else writes the lease over while it runs: it stops rather than share the file.
    await setLease(path, { pid: 4243, host: 'other-host', id: 'y' }, Date.now() + 60_000, Date.now());
    const exit = await exitOf(taker, 10_000);
    expect(exit.code).toBe(1);
    expect(taker.output()).toContain('was taken by pid 4243 on host other-host: stopping, a file has one writer');
    expect(taker.output()).toContain('Shutdown complete');
  });

  it('a write that meets another process holding the write lock answers 503 storage_busy with Retry-After, with one log line', async () => {
    const path = join(tempDir('wms-vol-'), 'data.db');
    const s = await start(path);
    const token = await tokenOf(s);

    // Another process (a script, an operator's sqlite shell) holds a write transaction open.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createClient } from '@libsql/client';
         const c = createClient({ url: 'file:' + process.argv[1] });
         const tx = await c.transaction('write');
         await tx.execute('UPDATE data_version SET version = version WHERE id = 1');
         console.log('HOLDING');
         process.stdin.once('data', async () => { await tx.rollback(); c.close(); console.log('RELEASED'); process.exit(0); });`,
        path,
      ],
      { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    helpers.push(holder);
    let held = '';
    holder.stdout!.on('data', (d) => (held += d));
    await waitFor(() => held.includes('HOLDING'), 10_000, 'the other process to hold the lock');

    const res = await fetch(`${s.url}/api/shops`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'Shopee', name: 'Busy' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('storage_busy');
    expect(body.error.message).toMatch(/[\u0E00-\u0E7F]/);
    const lines = s
      .output()
      .split('\n')
      .filter((l) => l.includes('Storage busy: POST /api/shops'));
    expect(lines).toEqual([
      expect.stringMatching(/^\S+Z Storage busy: POST \/api\/shops answered 503 storage_busy \(SQLITE_BUSY/),
    ]);
    expect(lines[0]).toContain(body.error.requestId);
    expect(s.output()).not.toContain('Unhandled error');

    holder.stdin!.write('go\n');
    await waitFor(() => held.includes('RELEASED'), 10_000, 'the other process to let go');
    // The same connection goes on working (no "SQL statements in progress" after the fault).
    expect((await callServer(s, 'POST', '/api/shops', token, { platform: 'Shopee', name: 'Busy' })).status).toBe(201);
    expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
  });
});
