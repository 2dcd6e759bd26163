// The Node entry deflates exports with node:zlib at level 3, written to directly, instead of the
// CompressionStream (docs/domain/read-model.md#exports): the workbook must read back exactly, with
// our reader and with ExcelJS, and give the same cells as the CompressionStream.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { zlibEntryDeflater } from '../../src/node/zlib-deflater';
import { readXlsx } from '../../src/xlsx/read';
import { useEntryDeflater, xlsxStream } from '../../src/xlsx/write';
import { unzipSync } from 'fflate';

const compressionStream = useEntryDeflater(zlibEntryDeflater);
afterEach(() => useEntryDeflater(compressionStream));

async function exportOf(rows: number): Promise<Uint8Array> {
  let i = 0;
  const stream = xlsxStream({
    name: 'Dashboard',
    header: ['เลข Order', 'ร้าน', 'Qty'],
    sharedColumns: [false, true, false],
    rows: {
      next: () =>
        i < rows ? { done: false, value: [`SO-${i}`, `ร้าน ${i % 7}`, i++] } : { done: true, value: undefined },
    },
  });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('exports deflated by node:zlib', () => {
  it('20,000 rows at level 3 read back exactly with our reader and ExcelJS', async () => {
    useEntryDeflater(zlibEntryDeflater);
    const bytes = await exportOf(20_000);
    const back = readXlsx(bytes);
    expect(back.rows).toHaveLength(20_001);
    expect(back.rows[1].cells).toEqual(['SO-0', 'ร้าน 0', 0]);
    expect(back.rows[20_000].cells).toEqual(['SO-19999', `ร้าน ${19_999 % 7}`, 19_999]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('Dashboard')!;
    expect(ws.getCell('A20001').value).toBe('SO-19999');
    expect(ws.getCell('C12346').value).toBe(12_344);
  });

  it('gives the same cells as the CompressionStream', async () => {
    useEntryDeflater(compressionStream);
    const viaCompressionStream = readXlsx(await exportOf(3_000)).rows;
    useEntryDeflater(zlibEntryDeflater);
    const viaZlib = await exportOf(3_000);
    expect(readXlsx(viaZlib).rows).toEqual(viaCompressionStream);
    // The sheet's size and CRC-32 come from the gzip trailer: fflate checks both on unzip.
    const sheet = unzipSync(viaZlib)['xl/worksheets/sheet1.xml'];
    expect(sheet.length).toBeGreaterThan(100_000);
    expect(new TextDecoder().decode(sheet.subarray(sheet.length - 24))).toBe('</sheetData></worksheet>');
  });
});
