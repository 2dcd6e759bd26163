// Drives the in-process Hrana-over-HTTP server with the real `@libsql/client/web` client, the
// same client the remote storage adapter uses, so these tests pin down both the server and the
// client behaviour our adapter tests rely on.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { createClient, LibsqlBatchError, LibsqlError, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibsqlHttpServer, type LibsqlTestServer } from './libsql-http-server';

const TOKEN = 'test-token-7f3a';

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsql-http-server-'));
const dbPath = path.join(tmpDir, 'main.db');
let server: LibsqlTestServer;
let client: Client;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function clientFor(
  target: LibsqlTestServer,
  opts: { authToken?: string; intMode?: 'number' | 'bigint' | 'string' } = {},
): Client {
  return createClient({
    url: target.url,
    authToken: 'authToken' in opts ? opts.authToken : TOKEN,
    intMode: opts.intMode ?? 'bigint',
  });
}

async function count(c: Client, table: string): Promise<bigint> {
  const rs = await c.execute(`SELECT count(*) AS n FROM ${table}`);
  return rs.rows[0].n as bigint;
}

/** Resolves with the rejection of `promise`, failing the test if it resolves instead. */
async function rejection(promise: Promise<unknown>): Promise<LibsqlError> {
  try {
    await promise;
  } catch (error) {
    return error as LibsqlError;
  }
  throw new Error('expected the promise to reject');
}

function bytes(value: unknown): number[] {
  return [...new Uint8Array(value as ArrayBuffer)];
}

beforeAll(async () => {
  server = await startLibsqlHttpServer({ path: dbPath, authToken: TOKEN });
  client = clientFor(server);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('libSQL Hrana-over-HTTP test server', () => {
  it('round-trips every value type with positional args (64-bit integers exact, Thai text, blobs)', async () => {
    await client.execute('CREATE TABLE vals (id INTEGER PRIMARY KEY, n, i INTEGER, f REAL, t TEXT, b BLOB)');
    const thai = 'สวัสดีครับ ภาษาไทย ๑๒๓';
    const cases: [bigint, bigint, number, Uint8Array][] = [
      [1n, 2n ** 53n + 1n, 3.25, Uint8Array.of()],
      [2n, -(2n ** 63n), -0.5, Uint8Array.of(0xff)], // base64 "/w==" (two padding chars)
      [3n, 2n ** 63n - 1n, 1e300, Uint8Array.of(1, 2)], // "AQI=" (one)
      [4n, 0n, Math.PI, Uint8Array.of(0, 1, 2, 250, 255, 128)], // no padding
    ];
    for (const [id, i, f, b] of cases) {
      await client.execute({ sql: 'INSERT INTO vals VALUES (?, ?, ?, ?, ?, ?)', args: [id, null, i, f, thai, b] });
    }

    const rs = await client.execute(
      'SELECT id, n, i, f, t, b, typeof(n) AS tn, typeof(i) AS ti, typeof(f) AS tf, typeof(t) AS tt, typeof(b) AS tb FROM vals ORDER BY id',
    );
    expect(rs.columns).toEqual(['id', 'n', 'i', 'f', 't', 'b', 'tn', 'ti', 'tf', 'tt', 'tb']);
    expect(rs.columnTypes.slice(0, 6)).toEqual(['INTEGER', '', 'INTEGER', 'REAL', 'TEXT', 'BLOB']);
    rs.rows.forEach((row, index) => {
      const [, i, f, b] = cases[index];
      expect(row.n).toBeNull();
      expect(row.i).toBe(i);
      expect(row.f).toBe(f);
      expect(row.t).toBe(thai);
      expect(bytes(row.b)).toEqual([...b]);
      expect([row.tn, row.ti, row.tf, row.tt, row.tb]).toEqual(['null', 'integer', 'real', 'text', 'blob']);
    });

    // intMode decides how the client surfaces integers; the wire format is a decimal string.
    const asString = clientFor(server, { intMode: 'string' });
    expect((await asString.execute('SELECT i FROM vals WHERE id = 1')).rows[0].i).toBe('9007199254740993');
    const asNumber = clientFor(server, { intMode: 'number' });
    await expect(asNumber.execute('SELECT i FROM vals WHERE id = 1')).rejects.toThrow(RangeError);
    asString.close();
    asNumber.close();

    // The client sends JS numbers as floats, bigint as integers, booleans as 1/0 integers.
    const types = await client.execute({ sql: 'SELECT typeof(?) AS a, typeof(?) AS b, ? AS c', args: [42, 42n, true] });
    expect(types.rows[0]).toMatchObject({ a: 'real', b: 'integer', c: 1n });
  });

  it('binds named args given with or without their :, @ or $ prefix', async () => {
    const sql = 'SELECT :a AS a, @b AS b, $c AS c, :a || @b AS ab';
    const plain = await client.execute({ sql, args: { a: 'x', b: 'ย', c: 3n } });
    expect(plain.rows[0]).toMatchObject({ a: 'x', b: 'ย', c: 3n, ab: 'xย' });
    const prefixed = await client.execute({ sql, args: { ':a': 'x', '@b': 'ย', $c: 3n } });
    expect(prefixed.rows[0]).toMatchObject({ a: 'x', b: 'ย', c: 3n, ab: 'xย' });

    // Binding is as strict as sqld's: a missing or surplus value is an error, not a NULL.
    expect(await rejection(client.execute({ sql: 'SELECT :a, :b', args: { a: 1n } }))).toMatchObject({
      code: 'ARGS_INVALID',
    });
    expect(await rejection(client.execute({ sql: 'SELECT :a', args: { a: 1n, b: 2n } }))).toMatchObject({
      code: 'ARGS_INVALID',
    });
    expect(await rejection(client.execute({ sql: 'SELECT ?, ?', args: [1n] }))).toMatchObject({ code: 'ARGS_INVALID' });
    expect(await rejection(client.execute({ sql: 'SELECT ?', args: [1n, 2n] }))).toMatchObject({
      code: 'ARGS_INVALID',
    });
    // Parameters inside strings, identifiers and comments are not parameters.
    const literal = await client.execute({ sql: `SELECT '?:x' AS "a?", ? AS b -- :c ?\n`, args: ['y'] });
    expect(literal.rows[0]).toMatchObject({ 'a?': '?:x', b: 'y' });
  });

  it('reports lastInsertRowid and rowsAffected', async () => {
    await client.execute('CREATE TABLE counters (id INTEGER PRIMARY KEY, name TEXT, hits INTEGER NOT NULL DEFAULT 0)');
    const first = await client.execute({ sql: 'INSERT INTO counters (id, name) VALUES (?, ?)', args: [41n, 'a'] });
    expect(first.rowsAffected).toBe(1);
    expect(first.lastInsertRowid).toBe(41n);

    const two = await client.execute("INSERT INTO counters (name) VALUES ('b'), ('c')");
    expect(two.rowsAffected).toBe(2);
    expect(two.lastInsertRowid).toBe(43n);

    expect((await client.execute('UPDATE counters SET hits = hits + 1')).rowsAffected).toBe(3);
    expect((await client.execute('UPDATE counters SET hits = 0 WHERE id < 0')).rowsAffected).toBe(0);
    expect((await client.execute('SELECT * FROM counters')).rowsAffected).toBe(0);

    const deleted = await client.execute({ sql: 'DELETE FROM counters WHERE id = ? RETURNING name', args: [42n] });
    expect(deleted.rowsAffected).toBe(1);
    expect(deleted.rows.map((r) => r.name)).toEqual(['b']);

    // Within one stream the SELECT after a write must not inherit the write's count.
    const [ins, sel] = await client.batch(
      ["INSERT INTO counters (name) VALUES ('d')", 'SELECT count(*) AS n FROM counters'],
      'write',
    );
    expect(ins.rowsAffected).toBe(1);
    expect(ins.lastInsertRowid).toBe(44n);
    expect(sel.rowsAffected).toBe(0);
    expect(sel.rows[0].n).toBe(3n);
  });

  it('runs batch(..., "write") atomically: one failing statement rolls the whole batch back', async () => {
    await client.execute('CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)');
    const ok = await client.batch(
      [{ sql: 'INSERT INTO accounts (email) VALUES (?)', args: ['a@example.com'] }, 'SELECT email FROM accounts'],
      'write',
    );
    expect(ok).toHaveLength(2);
    expect(ok[1].rows.map((r) => r.email)).toEqual(['a@example.com']);

    const error = await rejection(
      client.batch(
        [
          { sql: 'INSERT INTO accounts (email) VALUES (?)', args: ['x@example.com'] },
          { sql: 'INSERT INTO accounts (email) VALUES (?)', args: ['y@example.com'] },
          { sql: 'INSERT INTO accounts (email) VALUES (?)', args: ['a@example.com'] },
        ],
        'write',
      ),
    );
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 2 });
    expect(error.message).toMatch(/UNIQUE constraint failed: accounts\.email/);

    const emails = await client.execute('SELECT email FROM accounts ORDER BY id');
    expect(emails.rows.map((r) => r.email)).toEqual(['a@example.com']);
  });

  it('keeps an interactive transaction on one stream across HTTP requests and commits it', async () => {
    await client.execute('CREATE TABLE orders (id INTEGER PRIMARY KEY, ref TEXT NOT NULL)');
    const pipelinesBefore = server.stats.pipelines;

    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO orders (ref) VALUES (?)', args: ['A-1'] });
    await tx.execute({ sql: 'INSERT INTO orders (ref) VALUES (?)', args: ['A-2'] });
    expect((await tx.execute('SELECT count(*) AS n FROM orders')).rows[0].n).toBe(2n);

    // A plain execute runs on its own stream and connection while the transaction is open: it
    // neither waits for the write lock nor sees uncommitted rows.
    const [outside, autocommitOutside] = await Promise.all([count(client, 'orders'), client.execute('SELECT 1')]);
    expect(outside).toBe(0n);
    expect(autocommitOutside.rows).toHaveLength(1);

    await tx.commit();
    // BEGIN+INSERT, INSERT, SELECT, COMMIT+close, plus the two plain executes.
    expect(server.stats.pipelines - pipelinesBefore).toBe(6);
    expect(await count(client, 'orders')).toBe(2n);
  });

  it('rolls an interactive transaction back, and a transaction closed without commit writes nothing', async () => {
    await client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');

    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO notes (body) VALUES ('draft')");
    expect(await count(tx as unknown as Client, 'notes')).toBe(1n);
    await tx.rollback();
    expect(await count(client, 'notes')).toBe(0n);

    const abandoned = await client.transaction('write');
    await abandoned.execute("INSERT INTO notes (body) VALUES ('abandoned')");
    abandoned.close(); // sends a `close` request: the server rolls back and frees the write lock

    const next = await client.transaction('write');
    const started = Date.now();
    await next.execute("INSERT INTO notes (body) VALUES ('kept')");
    expect(Date.now() - started).toBeLessThan(1000);
    await next.commit();
    const rows = await client.execute('SELECT body FROM notes');
    expect(rows.rows.map((r) => r.body)).toEqual(['kept']);
  });

  it('makes a second write transaction WAIT until the first one commits (no SQLITE_BUSY)', async () => {
    await client.execute('CREATE TABLE ledger (id INTEGER PRIMARY KEY, who TEXT NOT NULL)');
    const tx1 = await client.transaction('write');
    await tx1.execute("INSERT INTO ledger (who) VALUES ('tx1')");

    const tx2 = await client.transaction('write');
    let tx2Settled = false;
    const tx2First = tx2.execute('SELECT count(*) AS n FROM ledger').finally(() => {
      tx2Settled = true;
    });

    // tx2's BEGIN IMMEDIATE is parked on the server; meanwhile other streams are served.
    await sleep(250);
    expect(tx2Settled).toBe(false);
    expect(await count(client, 'ledger')).toBe(0n);

    await tx1.commit();
    // tx2 started after tx1 committed, so its snapshot contains tx1's row.
    expect((await tx2First).rows[0].n).toBe(1n);
    await tx2.execute("INSERT INTO ledger (who) VALUES ('tx2')");
    await tx2.commit();

    const rows = await client.execute('SELECT who FROM ledger ORDER BY id');
    expect(rows.rows.map((r) => r.who)).toEqual(['tx1', 'tx2']);
  });

  it('lets a deferred transaction that read before another writer committed fail at once with SQLITE_BUSY', async () => {
    await client.execute('CREATE TABLE stock (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)');
    await client.execute("INSERT INTO stock VALUES ('A', 10)");

    // Plain SQLite WAL semantics (sqld has the same): the deferred transaction's snapshot is
    // stale once `writer` commits, so its upgrade to a write can never succeed.
    const reader = await client.transaction('deferred');
    expect((await reader.execute("SELECT qty FROM stock WHERE sku = 'A'")).rows[0].qty).toBe(10n);
    const writer = await client.transaction('write');
    await writer.execute("UPDATE stock SET qty = 9 WHERE sku = 'A'");
    await writer.commit();

    const started = Date.now();
    const error = await rejection(reader.execute("UPDATE stock SET qty = qty - 1 WHERE sku = 'A'"));
    expect(error).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeLessThan(1000);
    await reader.rollback();

    // Only that transaction failed; the client keeps working normally.
    await client.execute("UPDATE stock SET qty = qty - 1 WHERE sku = 'A'");
    expect((await client.execute("SELECT qty FROM stock WHERE sku = 'A'")).rows[0].qty).toBe(8n);
  });

  it('runs executeMultiple as a sequence, keeping trigger bodies whole and stopping at the first error', async () => {
    await client.executeMultiple(`
      CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE audit (item_id INTEGER, note TEXT); -- trailing comment; with a semicolon
      /* a trigger body has semicolons of its own */
      CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN
        INSERT INTO audit VALUES (new.id, CASE WHEN new.name = 'x' THEN 'x;' ELSE 'other' END);
      END;
      INSERT INTO items (name) VALUES ('x'), ('y');
    `);
    const audit = await client.execute('SELECT item_id, note FROM audit ORDER BY item_id');
    expect(audit.rows.map((r) => [r.item_id, r.note])).toEqual([
      [1n, 'x;'],
      [2n, 'other'],
    ]);

    const error = await rejection(
      client.executeMultiple(
        "INSERT INTO items (name) VALUES ('z'); INSERT INTO items (name) VALUES (NULL); INSERT INTO items (name) VALUES ('w')",
      ),
    );
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    // Like sqld, a sequence is not wrapped in a transaction: 'z' stays, 'w' never ran.
    const names = await client.execute('SELECT name FROM items ORDER BY id');
    expect(names.rows.map((r) => r.name)).toEqual(['x', 'y', 'z']);

    // execute() takes exactly one statement.
    expect(await rejection(client.execute('SELECT 1; SELECT 2'))).toMatchObject({ code: 'SQL_MANY_STATEMENTS' });
    expect(await rejection(client.execute('  -- nothing\n'))).toMatchObject({ code: 'SQL_NO_STATEMENT' });
  });

  it('refuses statements a hosted libSQL server does not allow, wherever they are sent', async () => {
    const forbidden = [
      'PRAGMA journal_mode = DELETE',
      'pragma JOURNAL_MODE',
      'PRAGMA main.journal_mode=WAL',
      'PRAGMA "journal_mode" = memory',
      '  /* leading comment */ VACUUM',
      `-- leading line comment\nvacuum into '${path.join(tmpDir, 'copy.db')}'`,
      'ANALYZE',
      'analyze items',
      `ATTACH DATABASE '${path.join(tmpDir, 'attached.db')}' AS other`,
      'DETACH other',
      'CREATE TEMP TABLE scratch (x)',
      'create temporary view v AS SELECT 1',
      'CREATE TEMP TRIGGER t AFTER INSERT ON items BEGIN SELECT 1; END',
    ];
    for (const sql of forbidden) {
      const error = await rejection(client.execute(sql));
      expect(error, sql).toBeInstanceOf(LibsqlError);
      expect(error, sql).toMatchObject({ code: 'SQLITE_AUTH' });
      expect(error.message, sql).toMatch(/not allowed/);
    }
    expect(server.stats.refused).toEqual(forbidden);

    // Also inside a batch (rolled back as a whole) and a sequence (stops there).
    const batchError = await rejection(client.batch(["INSERT INTO items (name) VALUES ('batch')", 'VACUUM'], 'write'));
    expect(batchError).toMatchObject({ code: 'SQLITE_AUTH', statementIndex: 1 });
    const seqError = await rejection(
      client.executeMultiple("INSERT INTO items (name) VALUES ('seq'); PRAGMA journal_mode=DELETE"),
    );
    expect(seqError).toMatchObject({ code: 'SQLITE_AUTH' });
    const names = await client.execute("SELECT name FROM items WHERE name IN ('batch', 'seq')");
    expect(names.rows.map((r) => r.name)).toEqual(['seq']);

    // Look-alikes are fine.
    await client.execute('PRAGMA foreign_keys = ON');
    await client.execute('PRAGMA journal_size_limit');
    await client.execute('CREATE TABLE temp_like (x)');
    expect((await client.execute("SELECT 'VACUUM' AS v")).rows[0].v).toBe('VACUUM');

    expect(fs.existsSync(path.join(tmpDir, 'attached.db'))).toBe(false);
    expect(fs.existsSync(path.join(tmpDir, 'copy.db'))).toBe(false);
  });

  it('enforces foreign keys on every connection, as sqld does', async () => {
    await client.execute('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    await client.execute(
      'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id))',
    );
    const error = await rejection(client.execute('INSERT INTO children (parent_id) VALUES (99)'));
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(error.message).toMatch(/FOREIGN KEY constraint failed/);
  });

  it('refuses a missing or wrong auth token with 401', async () => {
    const pipelinesBefore = server.stats.pipelines;
    for (const authToken of [undefined, 'wrong-token']) {
      const other = clientFor(server, { authToken });
      const error = await rejection(other.execute('SELECT 1'));
      expect(error).toBeInstanceOf(LibsqlError);
      expect(error.code).toBe('SERVER_ERROR');
      expect((error.cause as { status?: number }).status).toBe(401);
      other.close();
    }
    const raw = await fetch(`${server.url}/v2/pipeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ baton: null, requests: [{ type: 'close' }] }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(await raw.json()).toEqual({ error: expect.stringMatching(/Unauthorized/) });
    expect(server.stats.pipelines).toBe(pipelinesBefore);
  });

  it('speaks the raw protocol: batons, stored SQL, batch conditions, describe, per-request errors', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/v2/pipeline`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    const first = await post({
      baton: null,
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'SELECT ?1 + 1 AS x, ? AS blob' },
        {
          type: 'execute',
          stmt: {
            sql_id: 1,
            args: [
              { type: 'integer', value: '41' },
              { type: 'blob', base64: 'AQI' },
            ],
            want_rows: true,
          },
        },
        { type: 'execute', stmt: { sql: 'SELEC 1', want_rows: true } },
        { type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'integer', value: '9223372036854775808' }] } },
        { type: 'describe', sql: 'SELECT :a AS a, ? AS b, ?5 AS c' },
        {
          type: 'batch',
          batch: {
            steps: [
              { stmt: { sql: 'BEGIN' } },
              { condition: { type: 'ok', step: 0 }, stmt: { sql: 'SELECT 1' } },
              { condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 2' } },
              { condition: { type: 'error', step: 1 }, stmt: { sql: 'SELECT 3' } },
              { condition: { type: 'not', cond: { type: 'is_autocommit' } }, stmt: { sql: 'SELECT nope' } },
              {
                condition: {
                  type: 'or',
                  conds: [
                    { type: 'error', step: 4 },
                    { type: 'ok', step: 2 },
                  ],
                },
                stmt: { sql: 'SELECT 5 AS five', want_rows: true },
              },
            ],
          },
        },
        { type: 'get_autocommit' },
      ],
    });
    expect(first.status).toBe(200);
    const body1 = (await first.json()) as { baton: string | null; base_url: unknown; results: any[] };
    expect(body1.base_url).toBeNull();
    expect(typeof body1.baton).toBe('string');
    const [stored, exec, parseError, overflow, described, batch, autocommit] = body1.results;
    expect(stored).toEqual({ type: 'ok', response: { type: 'store_sql' } });
    expect(exec.response.result).toMatchObject({
      cols: [
        { name: 'x', decltype: null },
        { name: 'blob', decltype: null },
      ],
      rows: [
        [
          { type: 'integer', value: '42' },
          { type: 'blob', base64: 'AQI=' },
        ],
      ],
      affected_row_count: 0,
    });
    expect(parseError).toMatchObject({
      type: 'error',
      error: { code: 'SQLITE_ERROR', message: expect.stringMatching(/syntax error/) },
    });
    expect(overflow).toMatchObject({ type: 'error', error: { code: 'ARGS_INVALID' } });
    expect(described.response.result).toEqual({
      params: [{ name: ':a' }, { name: null }, { name: null }, { name: null }, { name: '?5' }],
      cols: [
        { name: 'a', decltype: null },
        { name: 'b', decltype: null },
        { name: 'c', decltype: null },
      ],
      is_explain: false,
      is_readonly: true,
    });
    const { step_results: results, step_errors: errors } = batch.response.result;
    expect(results.map((r: unknown) => r !== null)).toEqual([true, true, false, false, false, true]);
    expect(errors.map((e: unknown) => e !== null)).toEqual([false, false, false, false, true, false]);
    expect(results[5].rows).toEqual([[{ type: 'integer', value: '5' }]]);
    expect(autocommit.response).toEqual({ type: 'get_autocommit', is_autocommit: false });

    // The baton continues the same stream (still inside BEGIN, sql_id 1 still stored).
    const second = await post({
      baton: body1.baton,
      requests: [
        { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '1' }, { type: 'null' }] } },
        { type: 'execute', stmt: { sql: 'ROLLBACK' } },
        { type: 'get_autocommit' },
        { type: 'close_sql', sql_id: 1 },
        { type: 'execute', stmt: { sql_id: 1 } },
      ],
    });
    const body2 = (await second.json()) as { baton: string | null; results: any[] };
    expect(body2.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '2' }, { type: 'null' }]]);
    expect(body2.results[2].response.is_autocommit).toBe(true);
    expect(body2.results[4]).toMatchObject({ type: 'error', error: { code: 'SQL_NOT_FOUND' } });
    expect(body2.baton).not.toBe(body1.baton);

    // Batons are single-use.
    const replay = await post({ baton: body1.baton, requests: [{ type: 'get_autocommit' }] });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ message: expect.any(String), code: 'STREAM_EXPIRED' });

    // `close` ends the stream: no baton comes back, later requests in the pipeline fail.
    const closing = await post({ baton: body2.baton, requests: [{ type: 'close' }, { type: 'get_autocommit' }] });
    const body3 = (await closing.json()) as { baton: string | null; results: any[] };
    expect(body3.baton).toBeNull();
    expect(body3.results[0]).toEqual({ type: 'ok', response: { type: 'close' } });
    expect(body3.results[1]).toMatchObject({ type: 'error', error: { code: 'STREAM_CLOSED' } });
    expect((await post({ baton: body2.baton, requests: [] })).status).toBe(400);

    expect((await post('{not json')).status).toBe(400);
    expect((await post({ baton: null, requests: [{ type: 'frobnicate' }] })).status).toBe(400);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3/pipeline`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });

  it('has written everything into the SQLite file itself', () => {
    const db = new Database(dbPath);
    try {
      db.defaultSafeIntegers(true);
      expect(db.prepare('PRAGMA journal_mode').raw().all()).toEqual([['wal']]);
      expect(db.prepare('SELECT ref FROM orders ORDER BY id').raw().all()).toEqual([['A-1'], ['A-2']]);
      expect(db.prepare('SELECT i, t FROM vals WHERE id = 3').raw().all()).toEqual([
        [2n ** 63n - 1n, 'สวัสดีครับ ภาษาไทย ๑๒๓'],
      ]);
      expect(db.prepare('SELECT who FROM ledger ORDER BY id').raw().all()).toEqual([['tx1'], ['tx2']]);
    } finally {
      db.close();
    }
    expect(server.stats.statements).toContain("INSERT INTO ledger (who) VALUES ('tx1')");
  });
});

describe('libSQL test server lifecycle', () => {
  it('gives up with SQLITE_BUSY after busyTimeoutMs when the other write transaction does not finish', async () => {
    const file = path.join(tmpDir, 'busy.db');
    const busyServer = await startLibsqlHttpServer({ path: file, busyTimeoutMs: 300 });
    const c = clientFor(busyServer, { authToken: undefined });
    try {
      await c.execute('CREATE TABLE t (x)');
      const tx1 = await c.transaction('write');
      await tx1.execute('INSERT INTO t VALUES (1)');

      const tx2 = await c.transaction('write');
      const started = Date.now();
      const error = await rejection(tx2.execute('INSERT INTO t VALUES (2)'));
      expect(error).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      tx2.close();

      await tx1.commit();
      await c.execute('INSERT INTO t VALUES (3)');
      expect((await c.execute('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x)).toEqual([1n, 3n]);
    } finally {
      c.close();
      await busyServer.close();
    }
  });

  it('keeps a stream usable after one of its statements gave up with SQLITE_BUSY', async () => {
    const file = path.join(tmpDir, 'busy-stream.db');
    const busyServer = await startLibsqlHttpServer({ path: file, busyTimeoutMs: 100 });
    type Body = { baton: string | null; results: { type: string; error?: { code: string } }[] };
    const pipeline = async (baton: string | null, ...sqls: string[]): Promise<Body> => {
      const res = await fetch(`${busyServer.url}/v2/pipeline`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baton, requests: sqls.map((sql) => ({ type: 'execute', stmt: { sql } })) }),
      });
      return (await res.json()) as Body;
    };
    try {
      await pipeline(null, 'CREATE TABLE t (x)');
      const a = await pipeline(null, 'BEGIN IMMEDIATE', 'INSERT INTO t VALUES (1)');
      // Stream b stays open (no close request) across its failed statement.
      const b1 = await pipeline(null, 'INSERT INTO t VALUES (2)');
      expect(b1.results[0]).toMatchObject({ type: 'error', error: { code: 'SQLITE_BUSY' } });
      const b2 = await pipeline(b1.baton, 'SELECT count(*) FROM t');
      expect(b2.results[0].type).toBe('ok');
      await pipeline(a.baton, 'COMMIT', 'INSERT INTO t VALUES (3)');
      // Without a fresh connection the failed statement would pin b's old snapshot and this
      // write would fail with SQLITE_BUSY_SNAPSHOT.
      const b3 = await pipeline(b2.baton, 'INSERT INTO t VALUES (4)', 'SELECT count(*) FROM t');
      expect(b3.results.map((r) => r.type)).toEqual(['ok', 'ok']);
    } finally {
      await busyServer.close();
    }
  });

  it('closes and rolls back a stream idle longer than the idle timeout', async () => {
    const file = path.join(tmpDir, 'idle.db');
    const idleServer = await startLibsqlHttpServer({ path: file, streamIdleTimeoutMs: 200 });
    const c = clientFor(idleServer, { authToken: undefined });
    try {
      await c.execute('CREATE TABLE t (x)');
      const tx = await c.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      await sleep(500);

      const error = await rejection(tx.commit());
      expect(error.message).toMatch(/expired/);
      // The write lock went with the stream: a new write transaction starts at once.
      const next = await c.transaction('write');
      const started = Date.now();
      await next.execute('INSERT INTO t VALUES (2)');
      expect(Date.now() - started).toBeLessThan(250);
      await next.commit();
      expect((await c.execute('SELECT x FROM t')).rows.map((r) => r.x)).toEqual([2n]);
    } finally {
      c.close();
      await idleServer.close();
    }
  });

  it('creates a missing database file, and the data survives close()', async () => {
    const file = path.join(tmpDir, 'nested', 'dir', 'fresh.db');
    const fresh = await startLibsqlHttpServer({ path: file, authToken: TOKEN });
    const c = clientFor(fresh);
    await c.batch(
      [
        'CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)',
        { sql: 'INSERT INTO kv VALUES (?, ?)', args: ['ก', Uint8Array.of(7, 8, 9)] },
      ],
      'write',
    );
    // Leave a transaction open on purpose: close() must roll it back and not hang.
    const open = await c.transaction('write');
    await open.execute("INSERT INTO kv VALUES ('uncommitted', NULL)");
    await fresh.close();
    c.close();

    const db = new Database(file);
    try {
      const rows = db.prepare('SELECT k, v FROM kv').raw().all() as [string, Buffer][];
      expect(rows.map(([k, v]) => [k, [...v]])).toEqual([['ก', [7, 8, 9]]]);
    } finally {
      db.close();
    }
    await expect(fetch(`${fresh.url}/health`)).rejects.toThrow();
  });

  it('runs as a CLI and stops on SIGTERM', async () => {
    const serverFile = fileURLToPath(new URL('./libsql-http-server.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', serverFile, '--path', path.join(tmpDir, 'cli.db'), '--port', '0', '--token', 'T'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /libSQL test server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${out}`)));
      });
      const c = createClient({ url, authToken: 'T' });
      expect((await c.execute('SELECT 40 + 2 AS answer')).rows[0].answer).toBe(42);
      c.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
