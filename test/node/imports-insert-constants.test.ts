// Import inserts bind the values every row shares once per statement instead of repeating them
// in each row's JSON (docs/domain/imports.md#performance): every row must get them, beside its
// own values, across statements of 500 rows, with an upsert clause after them.
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { insertMany, type RawSql } from '../../src/services/imports/sql';

const client = createClient({ url: ':memory:' });
const db: RawSql = { execute: (sql, args = []) => client.execute({ sql, args }) };

afterEach(() => client.execute('DROP TABLE IF EXISTS t'));

describe('insertMany with constants', () => {
  it('writes each row its own values and the shared ones, 1,200 rows in three statements', async () => {
    await client.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, at INTEGER NOT NULL, src TEXT, imp INTEGER)');
    const rows = Array.from({ length: 1_200 }, (_, i) => [`k${i}`, i % 2 === 0 ? i : null]);
    await insertMany(db, 't', ['k', 'v'], rows, { constants: { at: 1_765_000_000_123, src: 'ร้าน', imp: null } });
    const rs = await client.execute('SELECT k, v, at, typeof(at) AS ty, src, imp FROM t ORDER BY rowid');
    expect(rs.rows).toHaveLength(1_200);
    expect(rs.rows.map((r) => [r.k, r.v])).toEqual(rows);
    expect(new Set(rs.rows.map((r) => `${r.at}|${r.ty}|${r.src}|${r.imp}`))).toEqual(
      new Set(['1765000000123|integer|ร้าน|null']),
    );
  });

  it('an upsert clause after the constants updates from them', async () => {
    await client.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, at INTEGER)');
    await insertMany(db, 't', ['k', 'v'], [['a', 1]], { constants: { at: 1 } });
    await insertMany(
      db,
      't',
      ['k', 'v'],
      [
        ['a', 2],
        ['b', 3],
      ],
      {
        constants: { at: 2 },
        suffix: 'ON CONFLICT (k) DO UPDATE SET v = excluded.v, at = excluded.at',
      },
    );
    const rs = await client.execute('SELECT k, v, at FROM t ORDER BY k');
    expect(rs.rows.map((r) => [r.k, r.v, r.at])).toEqual([
      ['a', 2, 2],
      ['b', 3, 2],
    ]);
  });

  it('rowsPerStatement sets the rows of each statement: 4,500 rows as 2,000 + 2,000 + 500', async () => {
    await client.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, at INTEGER NOT NULL)');
    const rows = Array.from({ length: 4_500 }, (_, i) => [`k${i}`, i]);
    const batches: number[] = [];
    await insertMany(db, 't', ['k', 'v'], rows, {
      constants: { at: 7 },
      rowsPerStatement: 2_000,
      afterBatch: (written) => {
        batches.push(written);
      },
    });
    expect(batches).toEqual([2_000, 4_000, 4_500]);
    const rs = await client.execute('SELECT count(*) AS n, sum(v) AS total, min(at) AS lo, max(at) AS hi FROM t');
    // 0 + 1 + ... + 4,499 = 4,499 * 4,500 / 2
    expect(rs.rows[0]).toMatchObject({ n: 4_500, total: 10_122_750, lo: 7, hi: 7 });
  });
});
