import { describe, expect, it } from 'vitest';
import { CsvReader, CsvTextParser, parseCsv, type CsvRow } from '../../../src/domain/imports/csv';
import { ImportFileError } from '../../../src/domain/imports/errors';
import { statusOf } from '../../../src/errors';

const enc = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out[2 + i * 2] = littleEndian ? u & 0xff : u >> 8;
    out[3 + i * 2] = littleEndian ? u >> 8 : u & 0xff;
  }
  return out;
}

describe('RFC 4180 parsing', () => {
  it('LF and CRLF, with and without a final newline', () => {
    for (const text of ['a,b\n1,2\n', 'a,b\r\n1,2\r\n', 'a,b\r\n1,2']) {
      expect(parseCsv(enc(text)).rows).toEqual([
        { rowNo: 1, cells: ['a', 'b'] },
        { rowNo: 2, cells: ['1', '2'] },
      ]);
    }
  });
  it('quoted fields with commas, doubled quotes and newlines', () => {
    const text = 'id,name,note\r\n1,"Smith, J","He said ""hi"""\r\n2,"line1\r\nline2",x\r\n';
    expect(parseCsv(enc(text)).rows).toEqual([
      { rowNo: 1, cells: ['id', 'name', 'note'] },
      { rowNo: 2, cells: ['1', 'Smith, J', 'He said "hi"'] },
      { rowNo: 3, cells: ['2', 'line1\r\nline2', 'x'] },
    ]);
  });
  it('a quoted field spanning lines is ONE row; later rows keep spreadsheet numbers', () => {
    const text = 'h1,h2\n"a\nb\nc",1\nnext,2\n';
    expect(parseCsv(enc(text)).rows.map((r) => [r.rowNo, r.cells[1]])).toEqual([
      [1, 'h2'],
      [2, '1'],
      [3, '2'],
    ]);
  });
  it('blank rows are skipped but still counted in the numbering', () => {
    const text = 'h\r\nA\r\n\r\n,\r\n"",""\r\nB\r\n';
    expect(parseCsv(enc(text)).rows).toEqual([
      { rowNo: 1, cells: ['h'] },
      { rowNo: 2, cells: ['A'] },
      { rowNo: 6, cells: ['B'] },
    ]);
  });
  it('a row holding only nan is a data row (validated later)', () => {
    expect(parseCsv(enc('h\nnan\n')).rows[1]).toEqual({ rowNo: 2, cells: ['nan'] });
  });
  it('empty trailing field and empty middle fields', () => {
    expect(parseCsv(enc('a,,c,\n')).rows).toEqual([{ rowNo: 1, cells: ['a', '', 'c', ''] }]);
  });
  it('lenient with text after a closing quote and an unterminated quote', () => {
    expect(parseCsv(enc('"ab"c,d\n"open,x\n')).rows).toEqual([
      { rowNo: 1, cells: ['abc', 'd'] },
      { rowNo: 2, cells: ['open,x\n'] },
    ]);
  });
  it('keeps leading zeros and surrounding spaces as raw text', () => {
    expect(parseCsv(enc('00123, x \n')).rows[0].cells).toEqual(['00123', ' x ']);
  });
  it('a lone CR ends a row too', () => {
    expect(parseCsv(enc('a\rb\r')).rows.map((r) => r.cells[0])).toEqual(['a', 'b']);
  });
});

describe('chunked input gives the same rows wherever the chunks are cut', () => {
  const text = 'ชื่อร้าน,เลข Order,"note, ""q"""\r\nร้าน A,"0012\r\n34",x\r\n\r\nB,2,"y"\r\n';
  const expected = parseCsv(enc('\uFEFF' + text)).rows;
  it('byte chunks of every size (UTF-8 sequences split)', () => {
    const bytes = enc('\uFEFF' + text);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const rows: CsvRow[] = [];
      const r = new CsvReader((row) => rows.push(row));
      for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
      r.end();
      expect(rows, `chunk ${size}`).toEqual(expected);
    }
  });
  it('text pieces cut at every position', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const rows: CsvRow[] = [];
      const p = new CsvTextParser((row) => rows.push(row));
      p.push(text.slice(0, cut));
      p.push(text.slice(cut));
      p.end();
      expect(rows, `cut ${cut}`).toEqual(expected);
    }
  });
});

describe('encodings', () => {
  it('UTF-8 BOM is removed from the first header', () => {
    const { rows, encoding } = parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('ชื่อร้าน,x\n')]));
    expect(encoding).toBe('utf-8');
    expect(rows[0].cells[0]).toBe('ชื่อร้าน');
  });
  it('invalid UTF-8 (e.g. a TIS-620 "CSV" from Excel) is unreadable_file with the Thai hint', () => {
    // "ชื่อ" in TIS-620 / Windows-874
    const tis620 = new Uint8Array([0xaa, 0xd7, 0xe8, 0xcd, 0x2c, 0x41, 0x0a]);
    let err: unknown;
    try {
      parseCsv(tis620);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).code).toBe('unreadable_file');
    expect(statusOf((err as ImportFileError).code)).toBe(422);
    expect((err as ImportFileError).message).toBe('ไฟล์ CSV ต้องเป็น UTF-8 (ใน Excel เลือก "CSV UTF-8")');
  });
  it('a truncated UTF-8 sequence at the end is rejected too', () => {
    expect(() => parseCsv(new Uint8Array([0x41, 0x0a, 0xe0, 0xb8]))).toThrow(ImportFileError);
  });
  it('UTF-16 LE with BOM (Excel "Unicode Text") is accepted, tab separated', () => {
    const { rows, encoding, delimiter } = parseCsv(utf16('เลข Order\tSKU\r\n0012\tAB-1\r\n', true));
    expect(encoding).toBe('utf-16le');
    expect(delimiter).toBe('\t');
    expect(rows).toEqual([
      { rowNo: 1, cells: ['เลข Order', 'SKU'] },
      { rowNo: 2, cells: ['0012', 'AB-1'] },
    ]);
  });
  it('UTF-16 BE with BOM, comma separated', () => {
    const { rows, encoding } = parseCsv(utf16('a,b\n😀,ก\n', false));
    expect(encoding).toBe('utf-16be');
    expect(rows[1].cells).toEqual(['😀', 'ก']);
  });
  it('UTF-16 with an odd number of bytes is unreadable', () => {
    const b = utf16('a,b\n', true);
    expect(() => parseCsv(b.subarray(0, b.length - 1))).toThrow(ImportFileError);
  });
  it('an empty file has no rows', () => expect(parseCsv(new Uint8Array(0)).rows).toEqual([]));
});

describe('speed (informational, never asserted)', () => {
  it('parses simple 7-column rows', () => {
    const line = '250115QX1A01,AL-CASE-001,เคสโทรศัพท์ใส รุ่น A1,1,15/01/2568 09:12,SPX Express,Alpha Gadget Shop\r\n';
    const n = 200_000;
    const bytes = enc('Order ID,SKU,Item Name,Qty,Order Time,Logistics,Shop\r\n' + line.repeat(n));
    parseCsv(bytes.subarray(0, 100_000)); // warm-up
    const t0 = performance.now();
    const { rows } = parseCsv(bytes);
    const ms = performance.now() - t0;
    expect(rows.length).toBe(n + 1);
    console.log(
      `CSV: ${n} rows x 7 columns in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000).toLocaleString('en')} rows/s`,
    );
  });
});
