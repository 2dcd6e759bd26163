// A warm read of the read model on a remote database: the data version it takes on arrival and
// its session come from one statement, one round trip (src/app.ts `admitted`); they were two, and
// the issue asks the remote adapter to stay within 3x of the file adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { sample } from '../support/samples';
import { seed } from '../support/seed';
import { remoteTarget } from '../support/targets';

/** Which request (pipeline) of the server each statement came in, from now until `stop`. */
function recordPipelines(stats: { pipelines: number; statements: string[] }) {
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
  return {
    pipelineOf,
    texts,
    stop: () => {
      stats.statements.push = push;
    },
    /** How many requests the first statements matching `parts` came in. */
    together: (...parts: RegExp[]) =>
      new Set(
        parts.map((part) => {
          const i = texts.findIndex((t) => part.test(t.trim()));
          if (i < 0) throw new Error(`no statement matches ${part}`);
          return pipelineOf[i];
        }),
      ).size,
  };
}

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

  for (const withKey of [false, true])
    it(`an accept${withKey ? ' with an idempotency key' : ''} asks what needs no other answer together: 8 round trips, not ${withKey ? 11 : 9}`, async () => {
      const no = withKey ? 'K' : 'N';
      const seeded = await seed(target, {
        stock: { [`RT-1${no}`]: 5 },
        orders: [
          {
            platform: 'Shopee',
            shop: 'Round trips',
            orderNo: `RT-ORDER-1${no}`,
            lines: [{ sku: `RT-1${no}`, qty: 1 }],
          },
        ],
      });
      expect((await api.get('/api/dashboard')).status).toBe(200);
      // A change the model has not seen yet: the accept's transaction brings the model up to date.
      await seed(target, {
        stock: { [`RT-2${no}`]: 5 },
        orders: [
          {
            platform: 'Shopee',
            shop: 'Round trips',
            orderNo: `RT-ORDER-2${no}`,
            lines: [{ sku: `RT-2${no}`, qty: 1 }],
          },
        ],
      });
      const stats = target.server!.stats;
      const before = stats.pipelines;
      const seen = recordPipelines(stats);
      let res: Awaited<ReturnType<ApiClient['post']>>;
      try {
        res = await api.post('/api/orders/actions/accept', {
          ids: [seeded.line(`RT-ORDER-1${no}`, `RT-1${no}`)],
          ...(withKey ? { idempotencyKey: 'rt-accept-1' } : {}),
        });
      } finally {
        seen.stop();
      }
      expect(res.status).toBe(200);
      expect(res.body.affected).toBe(1);
      // The session, BEGIN with the lines' orders (with a key: BEGIN, the expired keys' clean-up
      // and the key's look-up, then the lines' orders), the version, [orders, markers, lines],
      // [the feed, shops, holidays, changed stock and products], the changed orders, [the
      // update, the audit row, the stored answer], [the version bump, COMMIT], and the stream's
      // close after the lock is let go. Asked one after the other they were 17; with the bump and
      // the COMMIT together 9, and 11 with a key.
      expect(stats.pipelines - before).toBeLessThanOrEqual(8);
      const writes = [/^UPDATE order_lines SET accepted = 1/, /^insert into "audit_log"/i];
      if (withKey) {
        writes.push(/^INSERT INTO idempotency_keys/);
        expect(
          seen.together(/^DELETE FROM idempotency_keys/, /^SELECT kind, user_id, response FROM idempotency_keys/),
        ).toBe(1);
      }
      expect(seen.together(...writes)).toBe(1);
      // A second request with the key answers the stored answer, and changes nothing.
      if (withKey) {
        const again = await api.post('/api/orders/actions/accept', {
          ids: [seeded.line(`RT-ORDER-1${no}`, `RT-1${no}`)],
          idempotencyKey: 'rt-accept-1',
        });
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ affected: 1, replayed: true });
      }
    });

  it('an orders import writes in 10 round trips under the write lock, not 16', async () => {
    const stats = target.server!.stats;
    const form = new FormData();
    form.append('file', new Blob([sample('orders_shopee.csv') as BlobPart]), 'orders_shopee.csv');
    form.append('platform', 'Shopee');
    const staff = await api.token('staff');
    // Which pipeline each statement came in, from BEGIN to COMMIT.
    const recorded = recordPipelines(stats);
    const { pipelineOf, texts } = recorded;
    try {
      const res = await api.target.fetch('/api/imports/orders', {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}` },
        body: form,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { import: { status: string } }).import.status).toBe('committed');
    } finally {
      recorded.stop();
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
