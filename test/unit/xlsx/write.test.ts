import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FIELD_SPECS, IMPORT_KINDS, templateHeaders } from '../../../src/domain/imports/headers';
import { readXlsx } from '../../../src/xlsx/read';
import { columnLetters, escapeXmlText, writeXlsx, xlsxStream } from '../../../src/xlsx/write';

async function loadWithExcelJS(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

describe('writeXlsx', () => {
  const rows = [
    ['เลข Order', 'SKU', 'จำนวน', 'หมายเหตุ'],
    ['00123', 'AB-1', 2, 'ร้าน A & B <ok> "x"'],
    ['577000111122223304', null, 1.5, 'bad\u0001char\u0000s'],
    [null, undefined, -3, ''],
  ];

  it('opens in ExcelJS: names, bold header, text stays text, numbers stay numbers', async () => {
    const bytes = writeXlsx([
      { name: 'Orders', rows, colWidths: [20, null, 8] },
      { name: 'ว่าง', rows: [['only header']] },
    ]);
    const wb = await loadWithExcelJS(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Orders', 'ว่าง']);
    const ws = wb.getWorksheet('Orders')!;
    expect(ws.getCell('A1').value).toBe('เลข Order');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A2').font?.bold).toBeFalsy();
    expect(ws.getCell('A2').value).toBe('00123');
    expect(ws.getCell('A3').value).toBe('577000111122223304');
    expect(ws.getCell('C2').value).toBe(2);
    expect(ws.getCell('C3').value).toBe(1.5);
    expect(ws.getCell('D2').value).toBe('ร้าน A & B <ok> "x"');
    expect(ws.getCell('D3').value).toBe('badchars');
    expect(ws.getCell('B3').value).toBeNull();
    expect(ws.getColumn(1).width).toBe(20);
    expect(ws.getColumn(3).width).toBe(8);
  });

  it('reads back with our reader', () => {
    const res = readXlsx(writeXlsx([{ name: 'Orders', rows }]));
    expect(res.rows).toEqual([
      { rowNo: 1, cells: ['เลข Order', 'SKU', 'จำนวน', 'หมายเหตุ'] },
      { rowNo: 2, cells: ['00123', 'AB-1', 2, 'ร้าน A & B <ok> "x"'] },
      { rowNo: 3, cells: ['577000111122223304', null, 1.5, 'badchars'] },
      { rowNo: 4, cells: [null, null, -3, ''] },
    ]);
  });

  it('has the package parts Excel requires', () => {
    const files = unzipSync(writeXlsx([{ name: 'S', rows: [['a']] }]));
    expect(Object.keys(files).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ].sort(),
    );
    expect(strFromU8(files['[Content_Types].xml'])).toContain('/xl/worksheets/sheet1.xml');
  });

  it('sheet names follow Excel rules (forbidden characters, 31 characters, unique)', async () => {
    const bytes = writeXlsx([
      { name: 'a/b:c*?[d]', rows: [] },
      { name: 'x'.repeat(40), rows: [] },
      { name: 'X'.repeat(40), rows: [] },
      { name: '', rows: [] },
    ]);
    const names = (await loadWithExcelJS(bytes)).worksheets.map((w) => w.name);
    expect(names[0]).toBe('a b c   d');
    expect(names[1]).toBe('x'.repeat(31));
    expect(names[2]).toHaveLength(31);
    expect(names[2].toLowerCase()).not.toBe(names[1]);
    expect(names[3]).toBe('Sheet4');
  });

  it('escapes markup, strips characters XML cannot hold, protects literal _xHHHH_', () => {
    expect(escapeXmlText('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(escapeXmlText('x\u0000\u0008\u000B\u001F\uFFFEy\tz\n')).toBe('xy\tz\n');
    expect(escapeXmlText('lone \uD800 surrogate 😀')).toBe('lone  surrogate 😀');
    expect(escapeXmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(readXlsx(writeXlsx([{ name: 'S', rows: [['_x0041_ & _x000D_']] }])).rows[0].cells).toEqual([
      '_x0041_ & _x000D_',
    ]);
  });

  it('column letters', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });

  it('property: any text and finite numbers survive a write/read round trip', () => {
    const xmlSafe = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
    const cell = fc.oneof(
      xmlSafe,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 20 }), (rows) => {
        const back = readXlsx(writeXlsx([{ name: 'P', rows }])).rows;
        const expected = rows
          .map((r, i) => {
            const cells = r.map((c) => (typeof c === 'number' && Object.is(c, -0) ? 0 : (c ?? null)));
            while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
            return { rowNo: i + 1, cells };
          })
          .filter((r) => r.cells.length > 0);
        expect(back).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('template downloads', () => {
  it.each(IMPORT_KINDS)('%s: canonical headers, no data rows, readable by Excel', async (kind) => {
    const bytes = writeXlsx([{ name: kind, rows: [templateHeaders(kind)] }]);
    const res = readXlsx(bytes);
    expect(res.rows).toEqual([{ rowNo: 1, cells: FIELD_SPECS[kind].map((f) => f.aliases[0]) }]);
    const ws = (await loadWithExcelJS(bytes)).worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, ...templateHeaders(kind)]);
  });
});

describe('cell references (left out after a non-empty neighbour)', () => {
  const cell = fc.oneof(
    fc.constant(null),
    fc.constant(''),
    fc.constant(' '),
    fc.integer({ min: -5, max: 500 }),
    fc.constantFrom('Shopee', 'ร้าน A & B', 'x'),
  );
  it('every cell lands in its column in ExcelJS and in our reader, with gaps, empty texts and numbers anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), async (body) => {
        const rows = [['h'], ...body];
        const bytes = writeXlsx([{ name: 'S', rows }]);
        const ws = (await loadWithExcelJS(bytes)).worksheets[0];
        const ours = readXlsx(bytes).rows;
        body.forEach((row, r) => {
          row.forEach((v, c) => {
            // An empty text reads as '' or as no value, depending on the reader; either way in place.
            const ok = v === '' ? ['', null] : [v];
            expect(ok).toContain(ws.getCell(r + 2, c + 1).value);
            expect(ok).toContain(ours.find((x) => x.rowNo === r + 2)?.cells[c] ?? null);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a row of values carries one reference, its first cell', () => {
    const bytes = writeXlsx([
      {
        name: 'S',
        rows: [
          ['a', 'b', 'c'],
          ['x', 1, 'y'],
        ],
      },
    ]);
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c><c t="inlineStr">');
    expect(xml.match(/<c r=/g)).toHaveLength(2);
  });
});

describe('xlsxStream (large exports, row by row)', () => {
  async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  const rowsOf = (n: number) => {
    let i = 0;
    return {
      taken: () => i,
      next: (): IteratorResult<(string | number | null)[]> =>
        i < n
          ? {
              done: false,
              value: [`SO-${i}`, i % 3 === 0 ? 'Shopee' : 'ร้าน A & B <x>', i, i % 5 === 0 ? null : ' สองช่องว่าง  '],
            }
          : { done: true, value: undefined },
      count: () => i++,
    };
  };

  it('reads back exactly with our reader and ExcelJS: shared texts, inline texts, numbers, blanks, the frozen bold header', async () => {
    const rows = rowsOf(3000);
    const it = {
      next: () => {
        const r = rows.next();
        if (!r.done) rows.count();
        return r;
      },
    };
    const bytes = await drain(
      xlsxStream({
        name: 'Dashboard',
        header: ['เลข Order', 'ร้าน', 'Qty', 'หมายเหตุ'],
        rows: it,
        sharedColumns: [false, true, false, true],
        colWidths: [20],
      }),
    );
    const back = readXlsx(bytes);
    expect(back.sheet.name).toBe('Dashboard');
    expect(back.rows).toHaveLength(3001);
    expect(back.rows[0].cells).toEqual(['เลข Order', 'ร้าน', 'Qty', 'หมายเหตุ']);
    expect(back.rows[1].cells).toEqual(['SO-0', 'Shopee', 0]);
    expect(back.rows[2].cells).toEqual(['SO-1', 'ร้าน A & B <x>', 1, ' สองช่องว่าง  ']);
    expect(back.rows[3000].cells).toEqual(['SO-2999', 'ร้าน A & B <x>', 2999, ' สองช่องว่าง  ']);
    const files = unzipSync(bytes);
    // The repeated texts are stored once.
    expect(strFromU8(files['xl/sharedStrings.xml'])).toContain('uniqueCount="3"');
    expect(strFromU8(files['xl/worksheets/sheet1.xml'])).toContain('state="frozen"');
    const ws = (await loadWithExcelJS(bytes)).getWorksheet('Dashboard')!;
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('B2').value).toBe('Shopee');
    expect(ws.getCell('D3').value).toBe(' สองช่องว่าง  ');
    expect(ws.getCell('C3001').value).toBe(2999);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('an empty export is a workbook with the header only', async () => {
    const bytes = await drain(
      xlsxStream({ name: 'E', header: ['a'], rows: { next: () => ({ done: true, value: undefined }) } }),
    );
    expect(readXlsx(bytes).rows).toEqual([{ rowNo: 1, cells: ['a'] }]);
    expect((await loadWithExcelJS(bytes)).worksheets[0].getCell('A1').value).toBe('a');
  });

  it('takes rows only as the reader pulls: a reader that stops early leaves most rows unread', async () => {
    let taken = 0;
    const n = 200_000;
    const stream = xlsxStream({
      name: 'Big',
      header: ['n'],
      rows: {
        next: () =>
          taken < n ? { done: false, value: [`row ${taken++} ${'x'.repeat(40)}`] } : { done: true, value: undefined },
      },
    });
    const reader = stream.getReader();
    for (let i = 0; i < 200 && taken === 0; i++) await reader.read();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel();
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(n / 2);
  });
});
