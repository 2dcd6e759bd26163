// Storage port behaviour both adapters must meet, plus each adapter's own duties.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, strFromU8 } from 'fflate';
import { createClient } from '@libsql/client';
import NativeDatabase from 'libsql';
import { describe, expect, it, vi } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { openRemoteStorage, redactDatabaseUrl } from '../../adapters/libsql-remote';
import { applyPendingMigrations } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { products } from '../../src/db/schema';
import type { StoragePort } from '../../src/storage';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { ApiClient } from '../support/api-client';
import { fileTarget } from '../support/targets';
import { tempDir } from '../support/env';

const adapters: [string, () => Promise<{ storage: StoragePort; close: () => Promise<void> }>][] = [
  [
    'file',
    async () => {
      const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
      return { storage, close: () => storage.close() };
    },
  ],
  [
    'remote',
    async () => {
      const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
      const storage = await openRemoteStorage({ url: server.url });
      return {
        storage,
        close: async () => {
          await storage.close();
          await server.close();
        },
      };
    },
  ],
];

describe.each(adapters)('storage port: %s adapter', (_name, open) => {
  it('rolls a transaction back when it throws: nothing is written', async () => {
    const { storage, close } = await open();
    await applyPendingMigrations(storage);
    await expect(
      storage.transaction(async (tx) => {
        await tx.insert(products).values({ sku: 'A', createdAt: 1, updatedAt: 1 });
        await tx.insert(products).values({ sku: 'B', createdAt: 1, updatedAt: 1 });
        throw new Error('crash after two rows');
      }),
    ).rejects.toThrow('crash after two rows');
    expect(await storage.db.$count(products)).toBe(0);
    await close();
  });

  it('serialises concurrent write transactions and bumps the data version on each commit', async () => {
    const { storage, close } = await open();
    await applyPendingMigrations(storage);
    const before = await storage.dataVersion();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        storage.transaction(async (tx) => {
          await tx.insert(products).values({ sku: `C-${i}`, createdAt: i, updatedAt: i });
        }),
      ),
    );
    expect(await storage.db.$count(products)).toBe(20);
    expect(await storage.dataVersion()).toBe(before + 20);
    await close();
  });

  it('exports a consistent NDJSON snapshot with header, rows and a verifiable trailer', async () => {
    const { storage, close } = await open();
    await applyPendingMigrations(storage);
    await storage.transaction(async (tx) => {
      await tx.insert(products).values({ sku: 'ไทย-1', name: 'สินค้า "quoted"', createdAt: 1, updatedAt: 1 });
    });
    const { exportNdjsonGz } = await import('../../src/db/logical-export');
    const { bytes, counts } = await exportNdjsonGz(storage, Date.UTC(2025, 0, 15));
    const lines = strFromU8(gunzipSync(bytes)).trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    // The database's newest migration: every bundled one was applied.
    expect(header).toMatchObject({
      format: 'wms-export',
      version: 1,
      schema: bundledMigrations.at(-1)!.tag,
      source: storage.kind,
    });
    expect(header.tables).not.toContain('backups');
    expect(header.tables).not.toContain('login_attempts');
    const product = lines.map((l) => JSON.parse(l)).find((l) => l.table === 'products');
    expect(product.row).toMatchObject({ sku: 'ไทย-1', name: 'สินค้า "quoted"' });
    const trailer = JSON.parse(lines.at(-1)!);
    expect(trailer.end).toBe(true);
    expect(trailer.counts.products).toBe(1);
    expect(counts.products).toBe(1);
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const { bytesToHex } = await import('@noble/hashes/utils.js');
    const preceding = new TextEncoder().encode(lines.slice(0, -1).join('\n') + '\n');
    expect(trailer.sha256).toBe(bytesToHex(sha256(preceding)));
    await close();
  });
});

describe('file adapter', () => {
  it('reads the data version through one prepared statement, and still sees every commit, of this process or another', async () => {
    const path = join(tempDir(), 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    // No data_version table yet: 0, and the table a migration creates is found afterwards.
    expect(await storage.dataVersion()).toBe(0);
    await applyPendingMigrations(storage);
    const start = await storage.dataVersion();
    await storage.transaction(async (tx) => {
      await tx.insert(products).values({ sku: 'V-1', createdAt: 1, updatedAt: 1 });
    });
    expect(await storage.dataVersion()).toBe(start + 1);

    // Another process's commit (here another connection) is seen by the next read.
    const other = createClient({ url: `file:${path}` });
    await other.execute('UPDATE data_version SET version = version + 5 WHERE id = 1');
    other.close();
    expect(await storage.dataVersion()).toBe(start + 6);

    // The burst's arrival reads it once per dashboard or orders request: no statement prepared per read.
    const prepare = vi.spyOn(NativeDatabase.prototype, 'prepare');
    for (let i = 0; i < 20; i++) await storage.dataVersion();
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();
    await storage.close();
  });

  it('creates a missing parent folder and uses WAL with a busy timeout', async () => {
    const path = join(tempDir(), 'deep', 'er', 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    const d = await storage.describe();
    expect(d).toMatchObject({ kind: 'file', location: path, journalMode: 'wal', persistent: true });
    expect(existsSync(path)).toBe(true);
    await storage.close();
  });

  it('snapshots with VACUUM INTO into a complete, checked copy and leaves no temp file', async () => {
    const dir = tempDir();
    const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    await storage.transaction(async (tx) => {
      await tx
        .insert(products)
        .values(Array.from({ length: 50 }, (_, i) => ({ sku: `S-${i}`, createdAt: i, updatedAt: i })));
    });
    const target = join(dir, 'backups', 'snap.db');
    const snap = await storage.snapshot({ path: target });
    expect(snap).toMatchObject({ format: 'sqlite', path: target });
    expect(existsSync(`${target}.tmp`)).toBe(false);
    const copy = createClient({ url: `file:${target}` });
    expect(Number((await copy.execute('SELECT count(*) AS n FROM products')).rows[0].n)).toBe(50);
    expect(String((await copy.execute('PRAGMA integrity_check')).rows[0][0])).toBe('ok');
    copy.close();
    await storage.close();
  });

  it('checkpoints the WAL on close, so the .db file alone holds every committed row', async () => {
    const dir = tempDir();
    const path = join(dir, 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    await applyPendingMigrations(storage);
    await storage.transaction(async (tx) => {
      await tx.insert(products).values({ sku: 'WAL-1', createdAt: 1, updatedAt: 1 });
    });
    await storage.close();
    expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
  });

  it('checkpoints the WAL on close even while a read transaction is still open (it pins the WAL)', async () => {
    const path = join(tempDir(), 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    await applyPendingMigrations(storage);
    // A reader that started before the writes and has not finished when the process stops.
    let release!: () => void;
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => {
      opened = r;
    });
    const reading = storage
      .readTransaction(async (_tx, sql) => {
        await sql.execute('SELECT count(*) FROM products');
        opened();
        await new Promise<void>((r) => {
          release = r;
        });
      })
      .catch(() => undefined);
    await isOpen;
    await writeThenCloseWhileReading(storage, path, 'PIN', release, reading);
    const copy = createClient({ url: `file:${path}` });
    expect(Number((await copy.execute("SELECT count(*) AS n FROM products WHERE sku LIKE 'PIN-%'")).rows[0].n)).toBe(
      2000,
    );
    copy.close();
  });

  it('bulk read transactions see one instant: a write committed between their statements is not seen', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    const count = "SELECT count(*) FROM products WHERE sku LIKE 'BULK-%'";
    const add = (sku: string) =>
      storage.transaction(async (tx) => {
        await tx.insert(products).values({ sku, createdAt: 1, updatedAt: 1 });
      });
    await add('BULK-1');
    const seen = await storage.bulkReadTransaction!(async (read) => {
      const first = (await read.rows(count))[0][0];
      await add('BULK-2');
      // Rows come back as arrays; bound values work as in `execute`.
      const again = await read.rows('SELECT count(*), ? FROM products WHERE sku LIKE ?', ['x', 'BULK-%']);
      return [first, ...again[0]];
    });
    expect(seen).toEqual([1, 1, 'x']);
    expect(await storage.bulkReadTransaction!(async (read) => (await read.rows(count))[0][0])).toBe(2);
    await storage.close();
  });

  it('runs a bulk read statement off the event loop: timers fire while it runs', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const [[n]] = await storage.bulkReadTransaction!((read) =>
      read.rows(
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c',
      ),
    );
    clearInterval(timer);
    expect(n).toBe(2_000_000);
    // The local driver's synchronous API would hold the loop for the whole statement.
    expect(ticks).toBeGreaterThan(0);
    await storage.close();
  });

  it('checkpoints the WAL on close while a bulk read transaction is still open', async () => {
    const path = join(tempDir(), 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    await applyPendingMigrations(storage);
    let release!: () => void;
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => {
      opened = r;
    });
    const reading = storage.bulkReadTransaction!(async (read) => {
      await read.rows('SELECT count(*) FROM products');
      opened();
      await new Promise<void>((r) => {
        release = r;
      });
      // The storage closed meanwhile: the transaction is over.
      await expect(read.rows('SELECT 1')).rejects.toThrow();
    });
    await isOpen;
    await writeThenCloseWhileReading(storage, path, 'BPIN', release, reading);
  });

  it('takes 200 parallel write requests through the API: all succeed, none sees SQLITE_BUSY', async () => {
    const target = await fileTarget();
    const api = new ApiClient(target);
    await api.token('staff');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? api.post('/api/products', { sku: `PAR-${i}`, name: `p${i}` }, 'staff')
          : api.put(`/api/stock/PAR-${i}`, { qty: i }, 'staff'),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    expect(JSON.stringify(results.map((r) => r.body))).not.toMatch(/BUSY|locked/i);
    expect(
      Number((await target.sql.execute("SELECT count(*) AS n FROM products WHERE sku LIKE 'PAR-%'")).rows[0].n),
    ).toBe(100);
    expect(Number((await target.sql.execute("SELECT count(*) AS n FROM stock WHERE sku LIKE 'PAR-%'")).rows[0].n)).toBe(
      100,
    );
    await target.close();
  });
});

describe('remote adapter', () => {
  it('shows its URL without token or query string', () => {
    expect(redactDatabaseUrl('libsql://shop.example.turso.io?authToken=secret')).toBe('libsql://shop.example.turso.io');
    expect(redactDatabaseUrl('https://user:pw@db.example.com/path?x=1')).toBe('https://db.example.com/path');
  });

  it('sends the auth token and fails clearly without it', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db'), authToken: 'sekrit-token' });
    const good = await openRemoteStorage({ url: server.url, authToken: 'sekrit-token' });
    expect((await good.execute('SELECT 1 AS one')).rows[0].one).toBe(1);
    const bad = await openRemoteStorage({ url: server.url });
    await expect(bad.execute('SELECT 1')).rejects.toThrow();
    await good.close();
    await bad.close();
    await server.close();
  });
});

/** 2,000 products written while a read transaction is open, then the storage closed under it: the WAL must end empty. */
async function writeThenCloseWhileReading(
  storage: StoragePort,
  path: string,
  prefix: string,
  release: () => void,
  reading: Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < 20; i++)
    await storage.transaction(async (tx) => {
      await tx
        .insert(products)
        .values(Array.from({ length: 100 }, (_, j) => ({ sku: `${prefix}-${i}-${j}`, createdAt: 1, updatedAt: 1 })));
    });
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
  await storage.close();
  release();
  await reading;
  expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
}
