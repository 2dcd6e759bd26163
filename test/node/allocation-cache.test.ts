// The read model follows the data version: one refresh per version, and a write (a transaction,
// a raw batch, or another process writing the same database) is applied as a change (the change
// feed), not as a rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { seed } from '../support/seed';
import { fileTarget, remoteTarget, type Target } from '../support/targets';

for (const [name, make] of [
  ['file adapter', () => fileTarget()],
  ['remote adapter', () => remoteTarget()],
] as const) {
  describe(`allocation cache [${name}]`, () => {
    let target: Awaited<ReturnType<typeof make>>;
    let api: ApiClient;
    beforeAll(async () => {
      target = await make();
      api = new ApiClient(target as Target);
      await api.token('user');
      await seed(target, {
        stock: { 'CCH-1': 5 },
        orders: [{ platform: 'Shopee', shop: 'Cache', orderNo: 'CCH-A', lines: [{ sku: 'CCH-1', qty: 1 }] }],
      });
    });
    afterAll(async () => {
      await target?.close();
    });

    const status = async () => (await api.get('/api/orders?view=all&q=CCH-A', 'user')).body.items[0].status;
    const stats = () => target.services.readModel.stats;
    const loads = () => stats().fullBuilds + stats().refreshes;

    it('reads once per data version however many requests come', async () => {
      await status();
      const before = loads();
      for (let i = 0; i < 3; i++) expect(await status()).toBe('READY_ACCEPT');
      await api.get('/api/dashboard', 'user');
      expect(loads()).toBe(before);
    });

    it('sees a raw batch write at once: storage.batch bumps the data version too', async () => {
      const version = await target.storage!.dataVersion();
      await target.storage!.batch([{ sql: "UPDATE stock SET qty = 2 WHERE sku = 'CCH-1'" }]);
      expect(await target.storage!.dataVersion()).toBeGreaterThan(version);
      expect(await status()).toBe('LOW_STOCK');
    });

    it('sees a write made by another connection (another process) once it bumps the version', async () => {
      const before = loads();
      await target.sql.batch(
        [
          "UPDATE stock SET qty = 0 WHERE sku = 'CCH-1'",
          'INSERT INTO data_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1',
        ],
        'write',
      );
      const builds = stats().fullBuilds;
      expect(await status()).toBe('SHORTAGE');
      expect(loads()).toBe(before + 1);
      // Applied from the feed (the stock row's SKU), not by reading everything again.
      expect(stats().fullBuilds).toBe(builds);
    });
  });
}
