import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../../src/domain/imports/errors';
import { statusOf } from '../../../src/errors';
import { cellAt, detectFileType, readTable, tableFromValues } from '../../../src/domain/imports/table';
import { writeXlsx } from '../../../src/xlsx/write';

const enc = (s: string) => new TextEncoder().encode(s);

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('expected an ImportFileError');
}

describe('file type detection (docs/domain/imports.md#reading-a-file)', () => {
  const xlsx = writeXlsx([{ name: 'S', rows: [['a']] }]);
  it('xlsx by zip magic, csv otherwise', () => {
    expect(detectFileType(xlsx, 'orders.xlsx')).toBe('xlsx');
    expect(detectFileType(xlsx, 'ORDERS.XLSX')).toBe('xlsx');
    expect(detectFileType(enc('a,b'), 'orders.csv')).toBe('csv');
    expect(detectFileType(xlsx)).toBe('xlsx');
    expect(detectFileType(enc('a,b'))).toBe('csv');
  });
  it('an .xlsx renamed .csv is still read as a workbook', () =>
    expect(detectFileType(xlsx, 'orders.csv')).toBe('xlsx'));
  it('.xls (OLE magic) and other types are unsupported_type with the Thai message', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    for (const [bytes, name] of [
      [ole, 'orders.xls'],
      [ole, 'orders.xlsx'],
      [ole, undefined],
      [enc('<html>'), 'orders.xls'],
      [enc('%PDF-1.4'), 'orders.pdf'],
      [xlsx, 'orders.xlsm'],
      [enc('a,b'), 'orders.txt'],
      [enc('a,b'), 'orders'],
    ] as const) {
      const e = fileError(() => detectFileType(bytes, name));
      expect(e.code).toBe('unsupported_type');
      expect(statusOf(e.code)).toBe(422);
      expect(e.message).toBe('รองรับเฉพาะไฟล์ .xlsx หรือ .csv (กรุณาบันทึกไฟล์ .xls เป็น .xlsx)');
    }
  });
  it('a named .xlsx that is not a zip is unreadable_file', () => {
    expect(fileError(() => detectFileType(enc('a,b'), 'orders.xlsx')).code).toBe('unreadable_file');
  });
  it('a zip that is not a workbook is unreadable_file', () => {
    const zip = zipSync({ 'hello.txt': enc('hi') });
    expect(fileError(() => readTable(zip, { fileName: 'x.xlsx' })).code).toBe('unreadable_file');
    const truncated = writeXlsx([{ name: 'S', rows: [['a']] }]).subarray(0, 200);
    expect(fileError(() => readTable(truncated, { fileName: 'x.xlsx' })).code).toBe('unreadable_file');
  });
});

describe('one table shape from both readers', () => {
  const rows = [
    ['Order ID', 'SKU', 'Qty'],
    ['A1', 'S1', 2],
    [null, null, null],
    ['A2', 'S2', null],
  ];
  it('csv and xlsx give the same header, row numbers and text', () => {
    const csv = readTable(enc('Order ID,SKU,Qty\r\nA1,S1,2\r\n,,\r\nA2,S2,\r\n'), { fileName: 'a.csv' });
    const xlsx = readTable(writeXlsx([{ name: 'Data', rows }]), { fileName: 'a.xlsx' });
    expect(csv.header).toEqual(['Order ID', 'SKU', 'Qty']);
    expect(xlsx.header).toEqual(['Order ID', 'SKU', 'Qty']);
    expect(csv.rows.map((r) => r.rowNo)).toEqual([2, 4]);
    expect(xlsx.rows.map((r) => r.rowNo)).toEqual([2, 4]);
    expect(csv.rows[0].cells).toEqual(['A1', 'S1', '2']);
    expect(xlsx.rows[0].cells).toEqual(['A1', 'S1', 2]);
    expect(xlsx.sheetName).toBe('Data');
    expect(cellAt(xlsx.rows[1], 2)).toBeNull();
    expect(cellAt(xlsx.rows[1], undefined)).toBeNull();
    expect(cellAt(csv.rows[1], 9)).toBeNull();
  });
  it('row 1 empty: the header is empty and row 2 is data, kept to column A (the only one read without a header)', () => {
    const t = readTable(enc('\r\nA,B\r\n'));
    expect(t.header).toEqual([]);
    expect(t.rows).toEqual([{ rowNo: 2, cells: ['A'] }]);
    // A row whose only text lies past the kept columns is still a data row
    // (docs/domain/imports.md#limits-while-reading).
    expect(readTable(enc('\r\n,B\r\n')).rows).toEqual([{ rowNo: 2, cells: [''] }]);
  });
  it('Google Sheets values: row i is sheet row i + 1', () => {
    const t = tableFromValues([['เลข Order', 'หมายเหตุ'], ['00123'], [], ['', ''], ['B', 'x']]);
    expect(t.header).toEqual(['เลข Order', 'หมายเหตุ']);
    expect(t.rows).toEqual([
      { rowNo: 2, cells: ['00123'] },
      { rowNo: 5, cells: ['B', 'x'] },
    ]);
  });
});

describe('100,000 data-row limit', () => {
  it('exactly the limit passes, one more is too_many_rows; empty rows do not count', () => {
    const body = (n: number) => 'h\n' + 'x\n\n'.repeat(n);
    expect(readTable(enc(body(10)), { maxRows: 10 }).rows).toHaveLength(10);
    const e = fileError(() => readTable(enc(body(11)), { maxRows: 10 }));
    expect(e.code).toBe('too_many_rows');
    expect(statusOf(e.code)).toBe(422);
  });
  it('the default limit is 100,000 (csv and xlsx)', () => {
    const csv = enc('h\n' + 'x\n'.repeat(100_000));
    expect(readTable(csv).rows).toHaveLength(100_000);
    expect(fileError(() => readTable(enc('h\n' + 'x\n'.repeat(100_001)))).code).toBe('too_many_rows');
    const xlsx = writeXlsx([{ name: 'S', rows: [['h'], ...Array.from({ length: 100_001 }, () => ['x'])] }]);
    expect(fileError(() => readTable(xlsx)).code).toBe('too_many_rows');
  });
});
