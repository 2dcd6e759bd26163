// The Node entry deflates exports with zlib at level 3 instead of the CompressionStream
// (docs/domain/read-model.md#exports): the workbook must read back exactly, with our reader and
// with ExcelJS, and the stream must carry its gzip framing the way the CompressionStream does.
import { Duplex } from 'node:stream';
import { createGzip } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/xlsx/read';
import { type GzipStream, useGzipStream, xlsxStream } from '../../src/xlsx/write';

afterEach(() => useGzipStream(() => new CompressionStream('gzip')));

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
    useGzipStream(() => Duplex.toWeb(createGzip({ level: 3 })) as ReturnType<GzipStream>);
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
    const viaCompressionStream = readXlsx(await exportOf(3_000)).rows;
    useGzipStream(() => Duplex.toWeb(createGzip({ level: 3 })) as ReturnType<GzipStream>);
    expect(readXlsx(await exportOf(3_000)).rows).toEqual(viaCompressionStream);
  });
});
