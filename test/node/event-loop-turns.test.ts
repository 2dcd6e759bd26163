// The event loop keeps turning while long work runs (issue 13: "never block the event loop for
// long"). The local libSQL driver runs each statement synchronously, so a long run of statements
// (an import's inserts in its one transaction) held the loop from the first to the last: no
// timer, no /health, nothing. The file adapter now gives the loop turns between statements, and
// the write stays all-or-nothing: nobody sees a row of it before the commit, and a failure at
// the end leaves nothing.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { giveWayIfHeld, noteConnection } from '../../src/lib/steps';
import type { StoragePort } from '../../src/storage';
import { createAdmission } from '../../src/http/admission';
import { tempDir } from '../support/env';

const ROWS_PER_STATEMENT = 500;
const STATEMENTS = 120;

let storage: StoragePort | null = null;
afterEach(async () => {
  await storage?.close();
  storage = null;
});

async function openWithTable(): Promise<StoragePort> {
  const s = await openFileStorage({
    path: join(tempDir(), 'data.db'),
    persistent: true,
    beforeStatement: () => giveWayIfHeld(5),
  });
  await s.transaction(async (_tx, sql) => {
    await sql.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });
  return s;
}

/** 60,000 rows in one transaction, 500 per statement, as an import writes them; then `end`. */
async function bigWrite(s: StoragePort, end: () => void) {
  await s.transaction(async (_tx, sql) => {
    for (let k = 0; k < STATEMENTS; k++) {
      const rows = Array.from({ length: ROWS_PER_STATEMENT }, (_, i) => [
        k * ROWS_PER_STATEMENT + i + 1,
        `value ${'x'.repeat(80)} ${i}`,
      ]);
      await sql.execute({
        sql: 'INSERT INTO t (id, v) SELECT value ->> 0, value ->> 1 FROM json_each(?)',
        args: [JSON.stringify(rows)],
      });
    }
    end();
  });
}

describe('event loop turns during long work', () => {
  it('a 60,000-row write transaction lets timers run, readers see none of it until the commit', async () => {
    storage = await openWithTable();
    const s = storage;
    let ticks = 0;
    const seenByReaders: number[] = [];
    const timer = setInterval(() => {
      ticks++;
      void s.execute('SELECT count(*) FROM t').then((rs) => seenByReaders.push(Number(rs.rows[0][0])));
    }, 1);
    let ticksBeforeEnd = 0;
    const started = performance.now();
    await bigWrite(s, () => {
      ticksBeforeEnd = ticks;
    });
    const ms = performance.now() - started;
    clearInterval(timer);
    // Long enough for the question to matter; without turns not one timer would fire inside it.
    expect(ms).toBeGreaterThan(50);
    expect(ticksBeforeEnd).toBeGreaterThan(3);
    expect(seenByReaders.length).toBeGreaterThan(0);
    expect(seenByReaders.every((n) => n === 0 || n === STATEMENTS * ROWS_PER_STATEMENT)).toBe(true);
    expect(Number((await s.execute('SELECT count(*) FROM t')).rows[0][0])).toBe(STATEMENTS * ROWS_PER_STATEMENT);
  });

  it('a failure after the last chunk leaves nothing written', async () => {
    storage = await openWithTable();
    const s = storage;
    await expect(
      bigWrite(s, () => {
        throw new Error('a bad row found at the end');
      }),
    ).rejects.toThrow('a bad row found at the end');
    expect(Number((await s.execute('SELECT count(*) FROM t')).rows[0][0])).toBe(0);
  });
});

describe('read transactions across turns of the loop', () => {
  it('eight open together (the model, closed sets, an export), and a short read beside them, all succeed', async () => {
    storage = await openWithTable();
    const s = storage;
    await bigWrite(s, () => {});
    let open = 0;
    let most = 0;
    const reader = () =>
      s.readTransaction(async (_tx, sql) => {
        open++;
        most = Math.max(most, open);
        let n = 0;
        // Each statement may give the loop a turn: the others open theirs meanwhile.
        for (let k = 0; k < 20; k++) {
          n += Number((await sql.execute('SELECT count(*) FROM t WHERE id % 7 = 0')).rows[0][0]);
          await new Promise((r) => setImmediate(r));
        }
        open--;
        return n;
      });
    const results = await Promise.all([...Array.from({ length: 8 }, reader), s.execute('SELECT 1').then(() => -1)]);
    expect(most).toBe(8);
    expect(results.slice(0, 8)).toEqual(Array(8).fill(20 * Math.floor((STATEMENTS * ROWS_PER_STATEMENT) / 7)));
  });
});

describe('admission', () => {
  it('lets at most `concurrency` work at once, reads before writes', async () => {
    const admission = createAdmission({ concurrency: 2, maxWaitMs: 60_000 });
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const job = async (name: string, kind: 'read' | 'write') => {
      const leave = await admission.enter(kind);
      inside++;
      most = Math.max(most, inside);
      order.push(name);
      // Held work: a few turns of the loop.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      inside--;
      leave();
    };
    await Promise.all([
      job('w1', 'write'),
      job('r1', 'read'),
      job('w2', 'write'),
      job('r2', 'read'),
      job('r3', 'read'),
    ]);
    expect(most).toBe(2);
    // Everything waits one turn; then reads go first, writes after.
    expect(order).toEqual(['r1', 'r2', 'r3', 'w1', 'w2']);
    expect(admission.waiting).toBe(0);
    expect(admission.running).toBe(0);
  });

  it('a write waiting longer than maxWaitMs goes before the reads', async () => {
    let clock = 0;
    const admission = createAdmission({ concurrency: 1, maxWaitMs: 100, now: () => clock });
    const order: string[] = [];
    const first = await admission.enter('read');
    const jobs = [
      admission.enter('write').then((leave) => (order.push('w'), leave())),
      admission.enter('read').then((leave) => (order.push('r'), leave())),
    ];
    clock = 150;
    first();
    await Promise.all(jobs);
    expect(order).toEqual(['w', 'r']);
  });
});

describe('a burst of new connections during long work', () => {
  /** Turns of the loop in which longWork ran (it resumed after giving way). */
  let workTurns = 0;

  /** Work that holds the loop 1 ms at a time and gives way every 5 ms, as imports and the model do. */
  function longWork(ms: number): Promise<void> {
    const until = performance.now() + ms;
    return (async () => {
      while (performance.now() < until) {
        const slice = performance.now() + 1;
        while (performance.now() < slice);
        // Queued before giving way, so it runs only if the work really left the loop a turn.
        let left = false;
        const mark = setImmediate(() => {
          left = true;
        });
        await giveWayIfHeld(5);
        clearImmediate(mark);
        if (left) workTurns++;
      }
    })();
  }

  it('150 connections are all answered long before 150 slices of work have run', async () => {
    // libuv accepts one connection per turn: a 5 ms slice of work in each turn would make the
    // 150th connection wait 150 x 5 = 750 ms. With the work stepping aside while connections
    // arrive, the burst is accepted and answered in turns that run no work. Counted in turns of
    // work, not milliseconds, so a loaded machine does not change the answer.
    const server = createServer((_req, res) => res.end('ok'));
    server.on('connection', noteConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const work = longWork(3_000);
      await new Promise((r) => setTimeout(r, 50));
      const turnsBefore = workTurns;
      let turnsAtLast = 0;
      const answered = await Promise.all(
        Array.from(
          { length: 150 },
          () =>
            new Promise<number>((resolve, reject) => {
              const req = request({ port, host: '127.0.0.1', path: '/health', agent: false }, (res) => {
                res.resume();
                res.on('end', () => {
                  turnsAtLast = workTurns - turnsBefore;
                  resolve(1);
                });
              });
              req.on('error', reject);
              req.end();
            }),
        ),
      );
      expect(answered).toHaveLength(150);
      expect(turnsAtLast).toBeLessThan(40);
      await work;
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
