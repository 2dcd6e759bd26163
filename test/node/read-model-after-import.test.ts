// Once imports have stopped for a moment, the read model is brought up to date in the background on Node
// (docs/domain/read-model.md#after-an-import): the first read after the import finds the change
// applied (or waits for the same refresh) and shows what a model built from nothing shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { seed } from '../support/seed';
import { fileTarget, nodeApp, type Target } from '../support/targets';

const csv = (rows: string[][]) => new Blob([`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`], { type: 'text/csv' });
const HEADER = ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ'];

async function until(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('read model: brought up to date after an import', () => {
  let target: Awaited<ReturnType<typeof fileTarget>>;
  let api: ApiClient;
  beforeAll(async () => {
    target = await fileTarget();
    api = new ApiClient(target as Target);
    await api.token('staff');
    // AFT-1: 10 in stock. The model is built before the import.
    await seed(target, { stock: { 'AFT-1': 10 }, orders: [] });
  });
  afterAll(async () => {
    await target?.close();
  });

  const postImport = async (rows: string[][], dryRun = false) => {
    const form = new FormData();
    form.append('file', csv([HEADER, ...rows]), 'orders.csv');
    form.append('platform', 'Shopee');
    const res = await target.fetch(`/api/imports/orders${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.token('staff')}` },
      body: form,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { import: { status: string } };
  };

  it('applies a committed import without a read, as a change, and the first read finds it applied', async () => {
    const model = target.services.readModel;
    await model.current();
    const { fullBuilds, refreshes } = model.stats;
    // Two orders of AFT-1 against 10 in stock (allocation.md): the first (by time) takes 2 and leaves
    // 8, more than 3 after it: ready; the second asks 9 of the 8 left: not enough.
    const result = await postImport([
      ['ร้านหลัง', 'AFT-A', 'AFT-1', 'สินค้า A', '2', '01/03/2568 10:00'],
      ['ร้านหลัง', 'AFT-B', 'AFT-1', 'สินค้า A', '9', '01/03/2568 11:00'],
    ]);
    expect(result.import.status).toBe('committed');
    // No read asked for it: the import's end started the refresh, after the quiet time (250 ms).
    await until(async () => model.store.version === (await target.storage!.dataVersion()));
    expect(model.stats.refreshes).toBe(refreshes + 1);
    expect(model.stats.fullBuilds).toBe(fullBuilds);

    const page = await api.get('/api/orders?view=all&q=AFT-', 'staff');
    const statusOf = (no: string) =>
      (page.body.items as { orderNo: string; status: string }[]).find((i) => i.orderNo === no)?.status;
    expect(statusOf('AFT-A')).toBe('READY_ACCEPT');
    expect(statusOf('AFT-B')).toBe('NOT_ENOUGH');
    // The read did not refresh again.
    expect(model.stats.refreshes).toBe(refreshes + 1);

    // The same as a model built from nothing on the same database.
    const fresh = await nodeApp(target.storage!, {});
    const built = await fresh.services.readModel.current();
    const lines = (v: typeof built) =>
      [...v.orders.values()]
        .filter((o) => o.orderNo.startsWith('AFT-'))
        .flatMap((o) => o.lines.map((l) => [o.orderNo, l.sku, l.alloc.computedStatus, l.alloc.stockBefore]));
    expect(lines(model.store)).toEqual(lines(built));
  });

  it('a read asked at once sees the import; the refresh after the quiet time finds nothing left', async () => {
    const model = target.services.readModel;
    const refreshes = model.stats.refreshes;
    await postImport([['ร้านหลัง', 'AFT-C', 'AFT-1', 'สินค้า A', '1', '01/03/2568 12:00']]);
    // Asked at once, within the quiet time: the read brings the model up to date itself.
    const page = await api.get('/api/orders?view=all&q=AFT-C', 'staff');
    expect((page.body.items as { orderNo: string }[]).map((i) => i.orderNo)).toEqual(['AFT-C']);
    await until(async () => model.store.version === (await target.storage!.dataVersion()));
    await new Promise((r) => setTimeout(r, 400));
    // One refresh for the import: the read's.
    expect(model.stats.refreshes).toBe(refreshes + 1);
  });

  it('a dry run changes no order and starts no refresh', async () => {
    const model = target.services.readModel;
    await model.current();
    const { refreshes, fullBuilds } = model.stats;
    const result = await postImport([['ร้านหลัง', 'AFT-D', 'AFT-1', 'สินค้า A', '1', '01/03/2568 13:00']], true);
    expect(result.import.status).toBe('validated');
    await new Promise((r) => setTimeout(r, 400));
    expect(model.stats.refreshes + model.stats.fullBuilds).toBe(refreshes + fullBuilds);
  });
});
