// Export validation before a restore (docs/domain/data-safety.md#restore-validation): header,
// schema tag (older accepted and migrated forward, newer or unknown refused), trailer, keys - with
// line numbers.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { validateExport } from '../../../src/services/restore/validate';
import { buildExport } from '../../support/export-file';

const TAGS = ['0000_init', '0001_next'];
const header = (schema: string) => ({
  format: 'wms-export',
  version: 1,
  schema,
  createdAt: '2025-01-01T00:00:00.000Z',
  source: 'file',
  tables: ['shops', 'orders', 'products'],
});
const shop = {
  table: 'shops',
  row: { id: 1, platform: 'Shopee', name: 'A', name_key: 'a', created_at: 1, updated_at: 1 },
};
const order = (id: number, shopId = 1) => ({
  table: 'orders',
  row: { id, platform: 'Shopee', shop_id: shopId, order_no: `N${id}`, import_date: '2025-01-01', imported_at: 1 },
});

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
    const summary = await validateExport(buildExport(header('0000_init'), [shop, order(1), order(2)]), {
      knownTags: TAGS,
      currentTag: '0001_next',
      maxBytes: 1 << 20,
    });
    expect(summary.counts).toEqual({ shops: 1, orders: 2 });
    expect(summary.header.schema).toBe('0000_init');
  });

  it('refuses a file from a newer or an unknown schema with incompatible_export', async () => {
    expect(await failure(buildExport(header('0001_next'), [shop]), '0000_init')).toMatchObject({
      status: 422,
      code: 'incompatible_export',
      details: [{ line: 1, code: 'newer_schema' }],
    });
    expect(await failure(buildExport(header('0002_later'), [shop]))).toMatchObject({
      code: 'incompatible_export',
      details: [{ code: 'unknown_schema' }],
    });
  });

  it('names the line of a broken reference, a duplicate key and a stray line after the trailer', async () => {
    const broken = await failure(buildExport(header('0001_next'), [shop, order(1), order(2, 9)]));
    expect(broken).toMatchObject({
      code: 'invalid_export',
      details: [{ line: 4, table: 'orders', code: 'foreign_key' }],
    });
    const duplicate = await failure(buildExport(header('0001_next'), [shop, order(1), order(1)]));
    expect(duplicate.details).toContainEqual(expect.objectContaining({ line: 4, code: 'duplicate_key', firstLine: 3 }));
    const text =
      new TextDecoder().decode(buildExport(header('0001_next'), [shop], { plain: true })) + '{"table":"shops"}\n';
    expect((await failure(new TextEncoder().encode(text))).details).toEqual([
      expect.objectContaining({ line: 4, code: 'after_trailer' }),
    ]);
  });

  it('checks the trailer counts', async () => {
    const text = new TextDecoder().decode(buildExport(header('0001_next'), [shop, order(1)], { plain: true }));
    const lied = text.replace('"orders":1', '"orders":2');
    const res = await failure(new TextEncoder().encode(lied));
    expect(res.details).toEqual([expect.objectContaining({ line: 4, table: 'orders', code: 'count_mismatch' })]);
  });
});

describe('caps while decompressing (gzip bombs, issue 17)', () => {
  const gzip = (text: string | Uint8Array) =>
    new Uint8Array(gzipSync(typeof text === 'string' ? Buffer.from(text) : text));
  const head = `${JSON.stringify(header('0001_next'))}\n`;

  it('a file inflating past 200 times its size is 413 file_too_large_inflated (inflate_ratio), before MAX_RESTORE_BYTES', async () => {
    // Blank lines after the trailer are no problem of their own: only the ratio stops them.
    const bomb = gzip(
      new TextDecoder().decode(buildExport(header('0001_next'), [shop], { plain: true })) + '\n'.repeat(8 << 20),
    );
    const res = await validateExport(bomb, { knownTags: TAGS, currentTag: '0001_next', maxBytes: 1 << 30 }).catch(
      (e) => e,
    );
    expect(res).toMatchObject({
      status: 413,
      code: 'file_too_large_inflated',
      details: [{ limit: 'inflate_ratio', max: 200 }],
    });
  });

  it('past MAX_RESTORE_BYTES: inflated_bytes; one line longer than 32 MB: line_bytes', async () => {
    // Random bytes hardly compress: the size cap, not the ratio, is what stops them.
    const noise = new Uint8Array(3 << 20).map(() => 0x20 + Math.floor(Math.random() * 90));
    const big = await validateExport(gzip(Buffer.concat([Buffer.from(head), noise])), {
      knownTags: TAGS,
      currentTag: '0001_next',
      maxBytes: 2 << 20,
    }).catch((e) => e);
    expect(big).toMatchObject({
      status: 413,
      code: 'file_too_large_inflated',
      details: [{ limit: 'inflated_bytes', max: 2 << 20 }],
    });
    const line = new Uint8Array(33 << 20).fill(0x61);
    line.set(Buffer.from(head));
    const long = await validateExport(line, { knownTags: TAGS, currentTag: '0001_next', maxBytes: 1 << 30 }).catch(
      (e) => e,
    );
    expect(long).toMatchObject({ status: 413, code: 'file_too_large_inflated', details: [{ limit: 'line_bytes' }] });
  });

  it('stops reading once the answer holds its 100 problems', async () => {
    const lines = head + 'not json\n'.repeat(50_000);
    const res = await failure(new TextEncoder().encode(lines));
    expect(res.details).toHaveLength(100);
    expect(res.details.at(-1)).toMatchObject({ line: 101, code: 'not_json' });
  });
});
