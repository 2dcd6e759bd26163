// Start-up refusals of the real server (dist/server.js), issue 11 items 2, 6 and 7: each exits 1
// with one clear line and no stack trace, and a refused database file is left byte for byte as
// it was, with no -wal/-shm beside it (detection opens it read-only:
// docs/domain/data-safety.md#legacy-adoption).
import { createClient } from '@libsql/client';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { legacyCopy } from '../support/legacy';
import { spawnServer, stopWith, type Spawned } from '../support/spawn-server';

// A start that is not refused keeps running: every process is killed after each test.
const started: Spawned[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.child.kill('SIGKILL');
});

const isRoot = process.getuid?.() === 0;
/** File permissions do not bind root: the refused process runs as `nobody` when the test is root. */
const NOBODY = 65534;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Starts the server on `path` and expects it to refuse: exit 1, never listening, no stack. */
async function refused(path: string, env: Record<string, string> = {}, opts: { uid?: number } = {}) {
  const s = await spawnServer(
    { DATABASE_PATH: path, ADMIN_PASSWORD, ...env },
    { cwd: tempDir('wms-app-'), waitForListen: false, uid: opts.uid },
  );
  started.push(s);
  const exit = await Promise.race([
    s.exited,
    new Promise<{ code: null }>((resolve) => setTimeout(() => resolve({ code: null }), 15_000)),
  ]);
  const out = s.output();
  expect(exit.code, out).toBe(1);
  expect(out).not.toContain('Listening on');
  expect(out).not.toMatch(/\n\s+at /);
  return out;
}

/** Asserts the file is exactly as before and nothing was created beside it. */
function untouched(path: string, checksum: string) {
  expect(sha256(path)).toBe(checksum);
  expect(existsSync(`${path}-wal`)).toBe(false);
  expect(existsSync(`${path}-shm`)).toBe(false);
}

/**
 * A database of this service, made by a real start and a clean stop. The stop checkpoints
 * everything into the file (the -wal is left empty); with the service stopped the empty -wal and
 * its -shm may go (docs/domain/data-safety.md#starting-over), so each refusal below starts from a
 * lone file.
 */
async function ourDatabase(): Promise<string> {
  const dir = tempDir('wms-vol-');
  const path = join(dir, 'data.db');
  const s = await spawnServer({ DATABASE_PATH: path, ADMIN_PASSWORD }, { cwd: tempDir('wms-app-') });
  started.push(s);
  expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
  dropEmptyWal(path);
  return path;
}

/** A copy of one of our databases with the given file mode, in a folder anyone may write. */
async function ourDatabaseWithMode(mode: number): Promise<string> {
  const dir = tempDir('wms-vol-');
  chmodSync(dir, 0o777);
  const path = join(dir, 'data.db');
  copyFileSync(await ourDatabase(), path);
  chmodSync(path, mode);
  return path;
}

/** Removes a fully checkpointed (empty) -wal and its -shm of a closed database. */
function dropEmptyWal(path: string) {
  if (existsSync(`${path}-wal`)) expect(statSync(`${path}-wal`).size).toBe(0);
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
}

describe('a refused database file is never written (read-only detection)', () => {
  it('legacy file without LEGACY_ADOPT: refused, same checksum, no -wal/-shm', async () => {
    const { path } = legacyCopy();
    const before = sha256(path);
    const out = await refused(path);
    expect(out).toContain(
      `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
    );
    untouched(path, before);
  });

  it("another application's SQLite file: refused naming its tables, same checksum, no -wal/-shm", async () => {
    const path = join(tempDir('wms-vol-'), 'data.db');
    const other = createClient({ url: `file:${path}` });
    await other.execute('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    await other.execute("INSERT INTO customers (name) VALUES ('Somchai')");
    other.close();
    const before = sha256(path);
    const out = await refused(path);
    expect(out).toContain(
      `The database ${path} belongs to another application (tables: customers; no Order Desk migration journal). Nothing was changed.`,
    );
    untouched(path, before);
  });

  it('a schema newer than this build: refused, same checksum, no -wal/-shm', async () => {
    const path = await ourDatabase();
    const db = createClient({ url: `file:${path}` });
    await db.execute({
      sql: 'INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)',
      args: ['f'.repeat(64), Date.now() + 365 * 86_400_000],
    });
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    dropEmptyWal(path);
    const before = sha256(path);
    untouched(path, before);
    const out = await refused(path);
    expect(out).toMatch(
      new RegExp(
        `The database ${path} was migrated by a newer version of Order Desk \\(1 migration\\(s\\) this build does not know`,
      ),
    );
    untouched(path, before);
  });

  it('a file that is not a database, and one this process may not read: refused, same checksum, no -wal/-shm', async () => {
    const junk = join(tempDir('wms-vol-'), 'data.db');
    writeFileSync(junk, 'this is a spreadsheet export, not a database\n'.repeat(200));
    const junkSum = sha256(junk);
    expect(await refused(junk)).toContain(`The file ${junk} is not a SQLite database`);
    untouched(junk, junkSum);

    const locked = await ourDatabaseWithMode(0o000);
    const lockedSum = sha256(locked);
    const out = await refused(locked, {}, { uid: isRoot ? NOBODY : undefined });
    expect(out).toContain(`The database file ${locked} cannot be read by this process`);
    untouched(locked, lockedSum);
  });
});

describe('start-up checks of the location and the port', () => {
  it('a read-only database file in a writable folder: refused at start naming the file, not at the first sign-in', async () => {
    const path = await ourDatabaseWithMode(0o444);
    const before = sha256(path);
    const out = await refused(path, {}, { uid: isRoot ? NOBODY : undefined });
    expect(out).toMatch(new RegExp(`The database file ${path} is read-only for this process \\(uid \\d+\\)`));
    untouched(path, before);
  });

  it('DATABASE_PATH naming a directory: refused with "DATABASE_PATH is a directory"', async () => {
    const dir = tempDir('wms-vol-');
    mkdirSync(join(dir, 'data.db'));
    const out = await refused(join(dir, 'data.db'));
    expect(out).toContain(`DATABASE_PATH is a directory: ${join(dir, 'data.db')}. Point it at a database file`);
  });

  it('a port already in use: refused naming the port, before any migration ran', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const path = join(tempDir('wms-vol-'), 'data.db');
      const out = await refused(path, { PORT: String(port) });
      expect(out).toContain(
        `Port ${port} on 127.0.0.1 is already in use by another process: stop it, or set PORT to a free port.`,
      );
      expect(out).not.toContain('Migrations applied');
      expect(out).not.toContain('EADDRINUSE');
      expect(existsSync(path)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
