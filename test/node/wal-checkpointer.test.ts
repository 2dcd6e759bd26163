// The file adapter's WAL is copied back into the database file off the event loop's thread after
// commits, not inside the committing statement on it (docs/domain/data-safety.md#wal-checkpoints).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'libsql';
import { openFileStorage } from '../../adapters/libsql-file';
import { WalCheckpointer } from '../../adapters/wal-checkpointer';
import { tempDir } from '../support/env';

const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('WAL checkpoints off the event loop', () => {
  it('a commit of 2,500 pages returns with the pages still in the WAL; a checkpoint of its own then copies them into the file', async () => {
    const path = join(tempDir(), 'data.db');
    const storage = await openFileStorage({ path, persistent: true, checkpointOffThread: true });
    try {
      await storage.batch([{ sql: 'CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)' }]);
      await until(() => size(`${path}-wal`) > 0 && size(path) > 0, 1000);
      const before = size(path);
      await storage.transaction(async (_tx, sql) => {
        for (let i = 0; i < 2_500; i++)
          await sql.execute({ sql: 'INSERT INTO blobs (b) VALUES (zeroblob(4000))', args: [] });
      });
      // SQLite's own checkpoint (at 1,000 pages) would have grown the file inside the commit.
      expect(size(path) - before).toBeLessThan(1_000_000);
      expect(size(`${path}-wal`)).toBeGreaterThan(10_000_000);
      expect(await until(() => size(path) - before > 10_000_000)).toBe(true);
      const rows = await storage.execute('SELECT count(*) AS n FROM blobs');
      expect(Number(rows.rows[0].n)).toBe(2_500);
    } finally {
      await storage.close();
    }
    // A clean close still ends with an empty WAL.
    expect(size(`${path}-wal`)).toBe(0);
  });

  it('the event loop keeps turning while a checkpoint of 80 MB runs', async () => {
    const path = join(tempDir(), 'data.db');
    // A writer that never checkpoints itself, so the whole WAL is left for the checkpointer.
    const writer = new Database(path);
    writer.exec('PRAGMA journal_mode = WAL');
    writer.exec('PRAGMA wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)');
    const insert = writer.prepare('INSERT INTO blobs (b) VALUES (zeroblob(4000))');
    writer.exec('BEGIN');
    for (let i = 0; i < 20_000; i++) insert.run();
    writer.exec('COMMIT');
    const checkpointer = new WalCheckpointer(path, 5000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const started = performance.now();
    try {
      checkpointer.committed();
      await checkpointer.settled();
    } finally {
      clearInterval(timer);
      await checkpointer.close();
      writer.close();
    }
    const ms = performance.now() - started;
    expect(checkpointer.stats.lastCheckpointed).toBeGreaterThan(19_000);
    // Run on this thread, the checkpoint would let no timer fire until it ended.
    expect(ticks, `${ticks} timer turns in ${ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(Math.min(10, ms / 20));
    expect(ms).toBeGreaterThan(20);
  });

  it('commits in a row share checkpoints: at most one runs, and one follows the last commit', async () => {
    const path = join(tempDir(), 'data.db');
    const storage = await openFileStorage({ path, persistent: true });
    await storage.batch([{ sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)' }]);
    const checkpointer = new WalCheckpointer(path, 5000);
    try {
      for (let i = 0; i < 20; i++) {
        await storage.batch([{ sql: 'INSERT INTO t (v) VALUES (?)', args: [`row ${i}`] }]);
        checkpointer.committed();
      }
      await checkpointer.settled();
      // The first commit starts one; the other 19 wait for it and the 250 ms spacing, then one more.
      expect(checkpointer.stats.runs).toBeGreaterThanOrEqual(1);
      expect(checkpointer.stats.runs).toBeLessThanOrEqual(3);
      expect(checkpointer.stats.failures).toBe(0);
      // The last one saw every frame of the WAL and copied all of them (no reader holds one back).
      expect(checkpointer.stats.lastLog).toBeGreaterThan(0);
      expect(checkpointer.stats.lastCheckpointed).toBe(checkpointer.stats.lastLog);
    } finally {
      await checkpointer.close();
      await storage.close();
    }
  });

  it('a database that cannot be opened a second time: it gives up quietly, and SQLite checkpoints as before', async () => {
    const checkpointer = new WalCheckpointer(join(tempDir(), 'missing-dir', 'no.db'), 5000);
    checkpointer.committed();
    await checkpointer.settled();
    expect(checkpointer.working).toBe(false);
    expect(checkpointer.stats.failures).toBe(1);
    checkpointer.committed();
    await checkpointer.close();
  });
});
