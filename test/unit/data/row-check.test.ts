// Row schemas of export lines, derived from the drizzle tables
// (docs/domain/data-safety.md#restore-validation): every CHECK of the schema is enforced before
// insert, and columns a file from an older schema lacks take their defaults.
import { describe, expect, it } from 'vitest';
import { ROW_CHECKS, checkRow } from '../../../src/db/row-check';
import { TABLE_META, tableMeta } from '../../../src/db/table-meta';

const line = (over: Record<string, unknown> = {}) => ({ id: 1, order_id: 2, sku: 'A', qty: 1, created_at: 5, ...over });

describe('row schemas', () => {
  it('know every CHECK constraint of the schema', () => {
    const declared = [...TABLE_META.values()].flatMap((m) => m.checks);
    expect(declared.filter((name) => !(name in ROW_CHECKS))).toEqual([]);
  });

  it('fill a missing defaulted or nullable column and keep the column order', () => {
    const meta = tableMeta('order_lines');
    const { values, problems } = checkRow(meta, line());
    expect(problems).toEqual([]);
    const row = Object.fromEntries(meta.columns.map((c, i) => [c.name, values![i]]));
    expect(row).toMatchObject({
      id: 1,
      order_id: 2,
      sku: 'A',
      qty: 1,
      accepted: 0,
      picking_count: 0,
      item_name: null,
      accepted_at: null,
    });
  });

  it('take booleans as 0/1 or true/false', () => {
    const meta = tableMeta('order_lines');
    const accepted = meta.columns.findIndex((c) => c.name === 'accepted');
    expect(checkRow(meta, line({ accepted: true })).values![accepted]).toBe(1);
    expect(checkRow(meta, line({ accepted: 0 })).values![accepted]).toBe(0);
    expect(checkRow(meta, line({ accepted: 'yes' })).problems[0]).toMatchObject({
      column: 'accepted',
      code: 'wrong_type',
    });
  });

  it('refuse what the database would refuse, and more', () => {
    const meta = tableMeta('order_lines');
    expect(checkRow(meta, line({ qty: 0 })).problems).toEqual([expect.objectContaining({ code: 'check_failed' })]);
    expect(checkRow(meta, line({ qty: 1.5 })).problems[0]).toMatchObject({ column: 'qty', code: 'wrong_type' });
    expect(checkRow(meta, line({ sku: null })).problems[0]).toMatchObject({ column: 'sku', code: 'not_null' });
    expect(checkRow(meta, line({ extra: 1 })).problems[0]).toMatchObject({ column: 'extra', code: 'unknown_column' });
    const { id: _id, ...noId } = line();
    expect(checkRow(meta, noId).problems[0]).toMatchObject({ column: 'id', code: 'missing_column' });
    expect(checkRow(meta, [1, 2]).problems[0].code).toBe('not_an_object');
    expect(
      checkRow(tableMeta('orders'), {
        id: 1,
        platform: 'Amazon',
        shop_id: 1,
        order_no: 'x',
        import_date: '2025-01-01',
        imported_at: 1,
      }).problems[0],
    ).toMatchObject({
      column: 'platform',
      code: 'not_in_enum',
    });
    expect(
      checkRow(tableMeta('users'), { id: 1, username: 'Admin', password_hash: 'x', created_at: 1, updated_at: 1 })
        .problems[0].code,
    ).toBe('check_failed');
    expect(checkRow(tableMeta('stock'), { sku: 'A', qty: -1, updated_at: 1 }).problems[0].code).toBe('check_failed');
  });

  it('keep text exactly as given, SQL included', () => {
    const meta = tableMeta('products');
    const name = "'); DROP TABLE orders; --";
    const { values } = checkRow(meta, { id: 1, sku: 'A', name, created_at: 1, updated_at: 1 });
    expect(values![meta.columns.findIndex((c) => c.name === 'name')]).toBe(name);
  });
});
