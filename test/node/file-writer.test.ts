// The file adapter's writer connection keeps its statements prepared (adapters/file-writer.ts):
// it must answer exactly as @libsql/client's local connection did (the oracle here, on the same
// file), and a kept statement must follow schema changes and never outlive a failure.
import { join } from 'node:path';
import { createClient, LibsqlBatchError, LibsqlError } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWriter } from '../../adapters/file-writer';
import { openFileStorage } from '../../adapters/libsql-file';
import { tempDir } from '../support/env';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function open() {
  const path = join(tempDir(), 'w.db');
  const writer = new FileWriter(path, { timeout: 1000 });
  const client = createClient({ url: `file:${path}` });
  closers.push(
    () => writer.close(),
    () => client.close(),
  );
  return { path, writer, client };
}

/** A result set as plain data: what the callers read of it (rows by position and by name). */
const plain = (rs: {
  columns: string[];
  rows: ArrayLike<unknown>[];
  rowsAffected: number;
  lastInsertRowid?: bigint;
}) => ({
  columns: rs.columns,
  rows: rs.rows.map((r) => ({ byIndex: Array.from(r), byName: { ...r }, length: r.length })),
  rowsAffected: rs.rowsAffected,
  lastInsertRowid: rs.lastInsertRowid,
});

describe('the writer connection', () => {
  it('answers as the client does: rows by position and name, integers as numbers, RETURNING, counts', async () => {
    const { writer, client } = open();
    await writer.executeMultiple('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, b BLOB, f REAL)');
    const insert = {
      sql: 'INSERT INTO t (name, n, b, f) VALUES (?, ?, ?, ?) RETURNING id, name',
      args: ['ก', 7, new Uint8Array([1, 2]), 1.5],
    };
    const mine = await writer.execute(insert);
    const theirs = await client.execute(insert);
    expect(plain(mine)).toEqual({
      ...plain(theirs),
      rows: [{ byIndex: [1, 'ก'], byName: { id: 1, name: 'ก' }, length: 2 }],
    });
    const update = { sql: 'UPDATE t SET n = n + ? WHERE id > ?', args: [1, 0] };
    const changed = await writer.execute(update);
    expect(changed.rowsAffected).toBe(2);
    // The connection's own last insert (the client's row came through another connection).
    expect(changed.lastInsertRowid).toBe(1n);
    // Same name twice: the first column keeps it, as the client's rows do.
    const select = 'SELECT id, name, n, b, f, n AS name FROM t ORDER BY id';
    const rows = plain(await writer.execute(select));
    expect(rows).toEqual(plain(await client.execute(select)));
    expect(rows.rows[1].byIndex.slice(0, 3)).toEqual([2, 'ก', 8]);
    await expect(writer.execute('SELECT 9007199254740993')).rejects.toThrow(RangeError);
  });

  it('keeps a statement prepared, and a kept statement reads the schema as it is now', async () => {
    const { writer } = open();
    await writer.executeMultiple('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    const kept = writer.keptStatements;
    expect((await writer.execute('SELECT * FROM t')).columns).toEqual(['a']);
    expect(writer.keptStatements).toBe(kept + 1);
    for (let i = 0; i < 3; i++) await writer.execute('SELECT * FROM t');
    expect(writer.keptStatements).toBe(kept + 1);
    // A migration adds a column: the kept statement sees it.
    await writer.batch(["ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'"], 'write');
    expect(plain(await writer.execute('SELECT * FROM t')).rows[0].byName).toEqual({ a: 1, b: 'x' });
    // A restore drops and creates the table again, with other columns.
    await writer.batch(['DROP TABLE t', 'CREATE TABLE t (c TEXT)', "INSERT INTO t VALUES ('new')"], 'write');
    expect(plain(await writer.execute('SELECT * FROM t')).rows[0].byName).toEqual({ c: 'new' });
    // Gone: the statement fails as a fresh one would, and once the table is back it runs again.
    await writer.executeMultiple('DROP TABLE t');
    await expect(writer.execute('SELECT * FROM t')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await writer.executeMultiple('CREATE TABLE t (d INTEGER); INSERT INTO t VALUES (4)');
    expect(plain(await writer.execute('SELECT * FROM t')).rows[0].byName).toEqual({ d: 4 });
  });

  it('keeps a bounded number of statements, the least recently used let go first', async () => {
    const { writer } = open();
    for (let i = 0; i < 300; i++) await writer.execute(`SELECT ${i} AS n`);
    expect(writer.keptStatements).toBe(128);
    // A text longer than the whole cache is run and not kept.
    const long = `SELECT 1 AS n${' '.repeat(300 * 1024)}`;
    expect((await writer.execute(long)).rows[0].n).toBe(1);
    expect(writer.keptStatements).toBe(128);
  });

  it('reports errors with the client codes, drops the failed statement, and the next transaction commits', async () => {
    const { writer, client } = open();
    await writer.executeMultiple('CREATE TABLE u (k TEXT PRIMARY KEY)');
    const insert = { sql: 'INSERT INTO u (k) VALUES (?)', args: ['a'] };
    await writer.execute(insert);
    const mineError = await writer.execute(insert).catch((e: unknown) => e);
    const theirError = await client.execute(insert).catch((e: unknown) => e);
    expect(mineError).toBeInstanceOf(LibsqlError);
    const codes = (e: unknown) => {
      const x = e as LibsqlError;
      return { code: x.code, extendedCode: x.extendedCode, rawCode: x.rawCode, message: x.message };
    };
    expect(codes(mineError)).toEqual(codes(theirError));
    expect(codes(mineError).extendedCode).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');

    // In a transaction: the failure leaves the transaction to its owner, who rolls it back.
    const tx = await writer.transaction('write');
    await tx.execute({ sql: 'INSERT INTO u (k) VALUES (?)', args: ['b'] });
    await expect(tx.execute(insert)).rejects.toBeInstanceOf(LibsqlError);
    await tx.rollback();
    expect(tx.closed).toBe(true);
    await expect(tx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    // The same texts again, in a transaction that commits: nothing of the failed one stays active.
    const next = await writer.transaction('write');
    await next.execute({ sql: 'INSERT INTO u (k) VALUES (?)', args: ['c'] });
    await next.commit();
    expect((await client.execute('SELECT k FROM u ORDER BY k')).rows.map((r) => r.k)).toEqual(['a', 'c']);

    // A batch names the failing statement and writes nothing.
    const batchError = await writer
      .batch([{ sql: 'INSERT INTO u (k) VALUES (?)', args: ['d'] }, insert], 'write')
      .catch((e: unknown) => e);
    expect(batchError).toBeInstanceOf(LibsqlBatchError);
    expect((batchError as LibsqlBatchError).statementIndex).toBe(1);
    expect(writer.inTransaction).toBe(false);
    expect((await client.execute('SELECT count(*) AS n FROM u')).rows[0].n).toBe(2);
  });

  it('a storage transaction over kept statements: a failure mid-way rolls back, the retry commits', async () => {
    const path = join(tempDir(), 's.db');
    const storage = await openFileStorage({ path, persistent: true });
    closers.push(() => storage.close());
    await storage.batch([{ sql: 'CREATE TABLE v (k TEXT PRIMARY KEY, n INTEGER)' }]);
    const write = (keys: string[]) =>
      storage.transaction(async (_tx, sql) => {
        for (const k of keys) await sql.execute({ sql: 'INSERT INTO v (k, n) VALUES (?, ?)', args: [k, 1] });
      });
    await write(['a']);
    await expect(write(['b', 'a'])).rejects.toThrow(/UNIQUE/);
    await write(['b', 'c']);
    const rows = await storage.execute('SELECT k FROM v ORDER BY k');
    expect(rows.rows.map((r) => r.k)).toEqual(['a', 'b', 'c']);
  });
});
