// A warm read of the read model on a remote database: the data version it takes on arrival and
// its session come from one statement, one round trip (src/app.ts `admitted`); they were two, and
// the issue asks the remote adapter to stay within 3x of the file adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { sample } from '../support/samples';
import { seed } from '../support/seed';
import { remoteTarget } from '../support/targets';

describe('remote round trips of a warm read', () => {
  let target: Awaited<ReturnType<typeof remoteTarget>>;
  let api: ApiClient;
  beforeAll(async () => {
    target = await remoteTarget();
    api = new ApiClient(target);
    await api.token('user');
  });
  afterAll(async () => {
    await target?.close();
  });

  for (const path of ['/api/dashboard', '/api/orders?limit=50']) {
    it(`${path}: one statement in all, reading the version and the session`, async () => {
      expect((await api.get(path, 'user')).status).toBe(200);
      const stats = target.server!.stats;
      const from = stats.statements.length;
      expect((await api.get(path, 'user')).status).toBe(200);
      // The whole warm read: nothing else to ask once the model is at that version.
      const seen = stats.statements.slice(from);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain('revoked_sessions');
      expect(seen[0]).toContain('data_version');
    });
  }

  it('an accept asks the reads that need no other answer together: 9 round trips, not 17', async () => {
    const seeded = await seed(target, {
      stock: { 'RT-1': 5 },
      orders: [{ platform: 'Shopee', shop: 'Round trips', orderNo: 'RT-ORDER-1', lines: [{ sku: 'RT-1', qty: 1 }] }],
    });
    expect((await api.get('/api/dashboard')).status).toBe(200);
    // A change the model has not seen yet: the accept's transaction brings the model up to date.
    await seed(target, {
      stock: { 'RT-2': 5 },
      orders: [{ platform: 'Shopee', shop: 'Round trips', orderNo: 'RT-ORDER-2', lines: [{ sku: 'RT-2', qty: 1 }] }],
    });
    const stats = target.server!.stats;
    const before = stats.pipelines;
    const res = await api.post('/api/orders/actions/accept', { ids: [seeded.line('RT-ORDER-1', 'RT-1')] });
    expect(res.status).toBe(200);
    expect(res.body.accepted ?? res.body.done ?? res.body).toBeTruthy();
    // The session, BEGIN with the lines' orders, [orders, markers, lines], the version, [the feed,
    // shops, holidays, changed stock and products], the changed orders, the update, the audit
    // row, [the version bump, COMMIT], and the stream's close after the lock is let go. Asked one
    // after the other they were 17; with the bump and the COMMIT apart, 10.
    expect(stats.pipelines - before).toBeLessThanOrEqual(9);
  });

  it('an orders import writes in 10 round trips under the write lock, not 16', async () => {
    const stats = target.server!.stats;
    const form = new FormData();
    form.append('file', new Blob([sample('orders_shopee.csv') as BlobPart]), 'orders_shopee.csv');
    form.append('platform', 'Shopee');
    const staff = await api.token('staff');
    // Which pipeline each statement came in, from BEGIN to COMMIT.
    const pipelineOf: number[] = [];
    const texts: string[] = [];
    const push = stats.statements.push;
    stats.statements.push = (...items: string[]) => {
      for (const item of items) {
        pipelineOf.push(stats.pipelines);
        texts.push(item);
      }
      return push.apply(stats.statements, items);
    };
    try {
      const res = await api.target.fetch('/api/imports/orders', {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}` },
        body: form,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { import: { status: string } }).import.status).toBe('committed');
    } finally {
      stats.statements.push = push;
    }
    const begin = texts.findIndex((t) => t.startsWith('BEGIN'));
    const commit = texts.lastIndexOf('COMMIT');
    const inTransaction = new Set(pipelineOf.slice(begin, commit + 1));
    // BEGIN with the shops, [products, earlier import], the log row, [new shops, largest order
    // id], the orders, their ids, [the lines, pending cancellations, spent ones, packed numbers],
    // [the log row's totals, its issues, the audit row], [the version bump, COMMIT]. Each awaited
    // alone they were 16.
    expect(inTransaction.size).toBeLessThanOrEqual(10);
    const together = (...parts: RegExp[]) =>
      new Set(parts.map((part) => pipelineOf[texts.findIndex((t, i) => i >= begin && part.test(t))])).size;
    expect(together(/^INSERT INTO data_version/, /^COMMIT$/)).toBe(1);
    expect(together(/^UPDATE imports SET/, /^insert into "audit_log"/i)).toBe(1);
    expect(together(/^INSERT INTO order_lines/, /FROM pending_cancellations/, /FROM sales_status/)).toBe(1);
  });

  it('a token that no longer resolves is still refused on a model read', async () => {
    const res = await api.target.fetch('/api/dashboard', { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
  });
});
