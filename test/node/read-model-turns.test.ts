// A view computed in slices (docs/domain/read-model.md#the-event-loop) gives the event loop turns,
// and a change applied in one of them would move records under it. `withoutApplies` runs the
// computation while no change can be applied; a change committed meanwhile is applied after it.
import { afterEach, describe, expect, it } from 'vitest';
import { fileTarget } from '../support/targets';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('read model: views in slices and changes', () => {
  it('a change committed while a view computes is applied after it, not during', async () => {
    const t = await fileTarget();
    close = t.close;
    const model = t.services.readModel;
    const putStock = (sku: string, qty: number) =>
      t.storage!.transaction(async (_tx, sql) => {
        await sql.execute({
          sql: 'INSERT OR REPLACE INTO stock (sku, qty, updated_at) VALUES (?, ?, ?)',
          args: [sku, qty, 1],
        });
      });
    await putStock('TURN-A', 5);
    const before = (await model.current()).version;
    let reader: Promise<{ version: number }> | null = null;
    const seen = await model.withoutApplies(model.applies(), async () => {
      const versions = [model.store.version];
      await putStock('TURN-A', 9);
      // Another request asks for the latest version meanwhile: it waits for this computation.
      reader = model.current();
      for (let turn = 0; turn < 5; turn++) {
        await new Promise((r) => setImmediate(r));
        versions.push(model.store.version);
      }
      return { versions, stockDuring: model.store.stock.get('TURN-A') };
    });
    expect(seen).toEqual({ versions: Array(6).fill(before), stockDuring: 5 });
    const after = await reader!;
    expect(after.version).toBeGreaterThan(before);
    expect(model.store.stock.get('TURN-A')).toBe(9);
  });

  it('a computation that began from an older model is not run: it reads the model again', async () => {
    const t = await fileTarget();
    close = t.close;
    const model = t.services.readModel;
    await model.current();
    const stale = model.applies();
    await t.storage!.transaction(async (_tx, sql) => {
      await sql.execute({ sql: 'INSERT INTO stock (sku, qty, updated_at) VALUES (?, ?, ?)', args: ['TURN-B', 3, 1] });
    });
    await model.current();
    let ran = false;
    expect(
      await model.withoutApplies(stale, async () => {
        ran = true;
        return 1;
      }),
    ).toBeNull();
    expect(ran).toBe(false);
    expect(await model.withoutApplies(model.applies(), async () => 2)).toBe(2);
  });
});
