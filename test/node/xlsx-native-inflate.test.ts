// The Node entry inflates workbook parts of up to 4 MB with zlib in one call
// (docs/domain/imports.md#performance): the rows must be exactly those fflate gives, the caps
// must stop the same files with the same answer, and a part larger than 4 MB, one past the
// ratio's floor whose declared sizes break the ratio, or one that inflates to more than its zip
// entry declares, must go the streamed way.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readXlsx, XlsxError } from '../../src/xlsx/read';
import { writeXlsx } from '../../src/xlsx/write';
import { type InflateRaw, useNativeInflate } from '../../src/xlsx/zip';
import { deflateRepeated, workbook } from '../support/hostile-uploads';
import { thrown } from '../support/thrown';

const MB = 1 << 20;
const SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** zlib as the Node entry passes it, counting the calls and the bytes it inflated. */
function countingZlib() {
  const seen = { calls: 0, bytes: 0 };
  const inflate: InflateRaw = (raw, maxBytes) => {
    seen.calls++;
    try {
      const out = inflateRawSync(raw, { maxOutputLength: maxBytes });
      seen.bytes += out.length;
      return out;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw error;
    }
  };
  return { seen, inflate };
}

const rowsOf = (bytes: Uint8Array) => readXlsx(bytes).rows;

function readBoth(bytes: Uint8Array) {
  useNativeInflate(null);
  const js = rowsOf(bytes);
  const { seen, inflate } = countingZlib();
  useNativeInflate(inflate);
  return { js, native: rowsOf(bytes), seen };
}

const plainRows = (n: number) => {
  const text = (i: number) =>
    `<c r="A${i}" t="inlineStr"><is><t>SKU-${i} สินค้า &amp; ทดสอบ</t></is></c><c r="B${i}"><v>${i}</v></c>`;
  return Array.from({ length: n }, (_, k) => `<row r="${k + 1}">${text(k + 1)}</row>`).join('');
};

afterEach(() => useNativeInflate(null));

describe('workbook parts inflated by node:zlib', () => {
  it('a 2,000-row workbook reads exactly as with fflate, every part inflated natively', () => {
    const bytes = writeXlsx([
      {
        name: 'Import_product_master',
        rows: [
          ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า'],
          ...Array.from({ length: 2_000 }, (_, i) => [`SKU-${i}`, `Brand ${i % 60}`, `สินค้าทดสอบ รุ่น ${i}`]),
        ],
      },
    ]);
    const { js, native, seen } = readBoth(bytes);
    expect(native).toEqual(js);
    expect(native).toHaveLength(2_001);
    // rels, workbook, workbook rels, styles and the sheet.
    expect(seen.calls).toBeGreaterThanOrEqual(5);
    expect(seen.bytes).toBeGreaterThan(400_000);
  });

  it('a sheet of 1-4 MB within the ratio is inflated natively, with the same rows', () => {
    const sheet = deflateRepeated(SHEET_HEAD, plainRows(2_000), 6, SHEET_TAIL);
    expect(sheet.size).toBeGreaterThan(MB);
    expect(sheet.size).toBeLessThan(4 * MB);
    const { js, native, seen } = readBoth(workbook(sheet));
    expect(native).toEqual(js);
    expect(native).toHaveLength(12_000);
    expect(seen.bytes).toBeGreaterThan(MB);
  });

  it('a sheet over 4 MB is streamed through fflate (only the small parts go to zlib)', () => {
    const sheet = deflateRepeated(SHEET_HEAD, plainRows(2_000), 24, SHEET_TAIL);
    expect(sheet.size).toBeGreaterThan(4 * MB);
    const { js, native, seen } = readBoth(workbook(sheet));
    expect(native).toEqual(js);
    expect(seen.bytes).toBeLessThan(10_000);
  });

  it('a 3 MB bomb past the ratio floor is not inflated in one call and stops at the ratio, as streamed', () => {
    const bomb = deflateRepeated(SHEET_HEAD, ' '.repeat(MB), 3, SHEET_TAIL);
    expect(bomb.size).toBeLessThan(4 * MB);
    expect(bomb.size).toBeGreaterThan(200 * bomb.data.length);
    const limits = { limits: { maxRatio: 200, ratioFloorBytes: MB, sheetBytes: 200 * MB } };
    for (const native of [false, true]) {
      const zlib = countingZlib();
      useNativeInflate(native ? zlib.inflate : null);
      const e = thrown(() => readXlsx(workbook(bomb), limits), XlsxError);
      expect(e.details).toMatchObject({ limit: 'inflate_ratio', part: 'xl/worksheets/sheet1.xml', max: 200 });
      expect(zlib.seen.bytes).toBeLessThan(10_000);
    }
  });

  it('an entry that inflates to more than it declares is read the streamed way, with the same rows', () => {
    const xml = SHEET_HEAD + plainRows(50) + SHEET_TAIL;
    // Declares half its real size: zlib stops at the declared size and fflate reads it whole.
    const lying = { data: deflateRawSync(Buffer.from(xml)), size: Math.floor(Buffer.byteLength(xml) / 2) };
    const { js, native, seen } = readBoth(workbook(lying));
    expect(native).toEqual(js);
    expect(native).toHaveLength(50);
    expect(seen.calls).toBeGreaterThan(3);
  });

  it('the caps answer as before: a whitespace bomb is too_large (ratio), a corrupt part corrupt', () => {
    const bomb = workbook(deflateRepeated(SHEET_HEAD, ' '.repeat(MB), 64, SHEET_TAIL));
    // A valid sheet whose deflate data is then overwritten with an invalid block type.
    const sheet = { data: deflateRawSync(Buffer.from(SHEET_HEAD + plainRows(50) + SHEET_TAIL)), size: 0 };
    sheet.size = inflateRawSync(sheet.data).length;
    const corrupt = workbook(sheet);
    const at = Buffer.from(corrupt).indexOf(Buffer.from(sheet.data));
    corrupt.fill(0xff, at, at + 4);
    const limits = { limits: { maxRatio: 200, ratioFloorBytes: MB, sheetBytes: 200 * MB } };
    for (const inflate of [null, countingZlib().inflate]) {
      useNativeInflate(inflate);
      const e = thrown(() => readXlsx(bomb, limits), XlsxError);
      expect(e.code).toBe('too_large');
      expect(e.details).toMatchObject({ limit: 'inflate_ratio', part: 'xl/worksheets/sheet1.xml', max: 200 });
      expect(thrown(() => readXlsx(corrupt), XlsxError).code).toBe('corrupt');
    }
  });
});
