// Reading caps of CSV files and sheet values (issue 17): a field longer than a cell may be, a
// record wider than a sheet, checked while scanning - before the record is even complete - and
// the table keeping only the columns a field can be read from.
import { describe, expect, it } from 'vitest';
import { csvSteps, parseCsv } from '../../../src/domain/imports/csv';
import { ImportFileError } from '../../../src/domain/imports/errors';
import { statusOf } from '../../../src/errors';
import { readLimits } from '../../../src/domain/imports/limits';
import { cellAt, readTable, tableFromValues } from '../../../src/domain/imports/table';
import { hugeSharedStrings, pastXfdColumns, whitespaceBomb, xfdColumns } from '../../support/hostile-uploads';
import { thrown } from '../../support/thrown';

const enc = (s: string) => new TextEncoder().encode(s);

const fileError = (fn: () => unknown) => thrown(fn, ImportFileError);

describe('CSV: cell length and columns', () => {
  const small = { maxFieldChars: 5, maxFields: 3 };
  it('fields up to the limits are read', () => {
    expect(parseCsv(enc('abcde,"ab""c",x\r\n'), undefined, small).rows).toEqual([
      { rowNo: 1, cells: ['abcde', 'ab"c', 'x'] },
    ]);
  });
  it.each([
    ['an unquoted field', 'a\r\nabcdef\r\n', 2],
    ['a quoted field', 'a\r\n"abc""def"\r\n', 2],
    ['an unterminated quote', 'a\r\nb\r\n"abcdef', 3],
  ])('%s over the limit is cell_too_long with its row', (_l, text, row) => {
    const e = fileError(() => parseCsv(enc(text), undefined, small));
    expect(e).toMatchObject({ code: 'cell_too_long', details: [{ row, maxChars: 5 }] });
    expect(statusOf(e.code)).toBe(422);
    expect(e.message).toBe(`ไฟล์มีเซลล์ที่มีข้อความยาวเกิน 5 ตัวอักษร (แถว ${row}) จึงไม่ได้อ่านต่อ`);
  });
  it('a record with more fields than the limit is too_many_columns', () => {
    expect(fileError(() => parseCsv(enc('a,b,c\r\n1,2,3,4\r\n'), undefined, small))).toMatchObject({
      code: 'too_many_columns',
      details: [{ row: 2, maxColumns: 3 }],
    });
  });
  it('the default limits are Excel’s: 32,767 characters, 16,384 columns', () => {
    expect(parseCsv(enc(`${'x'.repeat(32_767)}\r\n`)).rows[0].cells[0]).toHaveLength(32_767);
    expect(fileError(() => parseCsv(enc(`${'x'.repeat(32_768)}\r\n`))).code).toBe('cell_too_long');
    expect(parseCsv(enc(`${','.repeat(16_383)}x\r\n`)).rows[0].cells).toHaveLength(16_384);
    expect(fileError(() => parseCsv(enc(`${','.repeat(16_384)}x\r\n`))).code).toBe('too_many_columns');
  });
  it('in steps, a huge field is refused in its first step, not after the whole file was read', () => {
    const bytes = new Uint8Array(8 << 20).fill(0x61);
    const gen = csvSteps(bytes, () => {});
    let read = 0;
    const e = fileError(() => {
      for (let r = gen.next(); !r.done; r = gen.next()) read += r.value;
    });
    expect(e.code).toBe('cell_too_long');
    expect(read).toBe(0);
  });
  it('in steps of the bytes asked for: 300 KB as 128 + 128 + 44 KB, every row delivered once', () => {
    const line = enc('A-0001,SKU-1,1\r\n'); // 16 bytes
    const bytes = new Uint8Array(300 * 1024);
    for (let i = 0; i < bytes.length; i += line.length) bytes.set(line, i);
    let rows = 0;
    const steps = [...csvSteps(bytes, () => rows++, undefined, 128 * 1024)];
    expect(steps).toEqual([128 * 1024, 128 * 1024, 44 * 1024]);
    expect(rows).toBe((300 * 1024) / 16);
  });
});

describe('the table keeps the header columns only', () => {
  it('cells past the header are dropped, but still make the row a data row', () => {
    const t = readTable(enc('Order ID,SKU\r\nA1,S1,extra\r\n,,only-extra\r\n,,\r\n'));
    expect(t.rows).toEqual([
      { rowNo: 2, cells: ['A1', 'S1'] },
      { rowNo: 3, cells: ['', ''] },
    ]);
  });
  it('an xlsx with a note in XFD on 2,000 rows: the rows are read, the far column is a column like any other', async () => {
    const t = readTable(xfdColumns().bytes);
    expect(t.header[16_383]).toBe('note');
    expect(t.rows).toHaveLength(2000);
    expect(cellAt(t.rows[0], 0)).toBe('XFD-2');
    expect(cellAt(t.rows[0], 16_383)).toBe('far 2');
    expect(cellAt(t.rows[0], 9_000)).toBeNull();
  });
  it('cells past XFD are kept as a mark on the row (its row error is the import’s)', () => {
    expect(readTable(pastXfdColumns().bytes).rows.map((r) => [r.rowNo, r.outOfRange])).toEqual([
      [2, 'ZZZZZZ2'],
      [3, 'ZZZZZ3'],
    ]);
  });
});

describe('file-level caps of an upload', () => {
  it('inflated size: 413 file_too_large_inflated naming the part and the cap', () => {
    const inflated = fileError(() => readTable(whitespaceBomb().bytes, { fileName: 'w.xlsx' }));
    expect(inflated).toMatchObject({
      code: 'file_too_large_inflated',
      details: [{ limit: 'inflate_ratio', part: 'xl/worksheets/sheet1.xml', max: 200 }],
    });
    expect(statusOf(inflated.code)).toBe(413);
    expect(fileError(() => readTable(hugeSharedStrings().bytes)).details).toEqual([
      expect.objectContaining({ part: 'xl/sharedStrings.xml' }),
    ]);
  });
  it('the byte caps follow the row limit (2 KB of sheet XML per row, 640 B of shared strings)', () => {
    expect(readLimits()).toMatchObject({
      maxRows: 100_000,
      sheetBytes: 204_800_000,
      sharedStringsBytes: 64_000_000,
      maxCellChars: 32_767,
      maxColumns: 16_384,
    });
    expect(readLimits(10).sheetBytes).toBe(16 << 20);
  });
});

describe('Google Sheets values get the same caps', () => {
  it('a cell over 32,767 characters; a row over 16,384 columns', () => {
    expect(fileError(() => tableFromValues([['a'], ['x'.repeat(32_768)]]))).toMatchObject({
      code: 'cell_too_long',
      details: [{ row: 2 }],
    });
    expect(fileError(() => tableFromValues([Array.from({ length: 16_385 }, () => 'h')]))).toMatchObject({
      code: 'too_many_columns',
      details: [{ row: 1 }],
    });
    expect(tableFromValues([['a'], ['x'.repeat(32_767)]]).rows).toHaveLength(1);
  });
});
