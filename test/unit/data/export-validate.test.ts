// Export validation before a restore (operations 4): header, schema tag (older accepted and
// migrated forward, newer or unknown refused), trailer, keys - with line numbers.
import { describe, expect, it } from 'vitest';
import { validateExport } from '../../../src/services/restore/validate';
import { buildExport } from '../../support/export-file';

const TAGS = ['0000_init', '0001_next'];
const header = (schema: string) => ({ format: 'wms-export', version: 1, schema, createdAt: '2025-01-01T00:00:00.000Z', source: 'file', tables: ['shops', 'orders', 'products'] });
const shop = { table: 'shops', row: { id: 1, platform: 'Shopee', name: 'A', name_key: 'a', created_at: 1, updated_at: 1 } };
const order = (id: number, shopId = 1) => ({ table: 'orders', row: { id, platform: 'Shopee', shop_id: shopId, order_no: `N${id}`, import_date: '2025-01-01', imported_at: 1 } });

async function failure(bytes: Uint8Array, currentTag = '0001_next') {
  try {
    await validateExport(bytes, { knownTags: TAGS, currentTag, maxBytes: 1 << 20 });
  } catch (error) {
    return error as { status: number; code: string; details: Record<string, unknown>[] };
  }
  throw new Error('expected a failure');
}

describe('validateExport', () => {
  it('accepts a file from an older schema than the database, and counts its rows', async () => {
    const summary = await validateExport(buildExport(header('0000_init'), [shop, order(1), order(2)]), { knownTags: TAGS, currentTag: '0001_next', maxBytes: 1 << 20 });
    expect(summary.counts).toEqual({ shops: 1, orders: 2 });
    expect(summary.header.schema).toBe('0000_init');
  });

  it('refuses a file from a newer or an unknown schema with incompatible_export', async () => {
    expect(await failure(buildExport(header('0001_next'), [shop]), '0000_init')).toMatchObject({ status: 422, code: 'incompatible_export', details: [{ line: 1, code: 'newer_schema' }] });
    expect(await failure(buildExport(header('0002_later'), [shop]))).toMatchObject({ code: 'incompatible_export', details: [{ code: 'unknown_schema' }] });
  });

  it('names the line of a broken reference, a duplicate key and a stray line after the trailer', async () => {
    const broken = await failure(buildExport(header('0001_next'), [shop, order(1), order(2, 9)]));
    expect(broken).toMatchObject({ code: 'invalid_export', details: [{ line: 4, table: 'orders', code: 'foreign_key' }] });
    const duplicate = await failure(buildExport(header('0001_next'), [shop, order(1), order(1)]));
    expect(duplicate.details).toContainEqual(expect.objectContaining({ line: 4, code: 'duplicate_key', firstLine: 3 }));
    const text = new TextDecoder().decode(buildExport(header('0001_next'), [shop], { plain: true })) + '{"table":"shops"}\n';
    expect((await failure(new TextEncoder().encode(text))).details).toEqual([expect.objectContaining({ line: 4, code: 'after_trailer' })]);
  });

  it('checks the trailer counts', async () => {
    const text = new TextDecoder().decode(buildExport(header('0001_next'), [shop, order(1)], { plain: true }));
    const lied = text.replace('"orders":1', '"orders":2');
    const res = await failure(new TextEncoder().encode(lied));
    expect(res.details).toEqual([expect.objectContaining({ line: 4, table: 'orders', code: 'count_mismatch' })]);
  });
});
