// The xlsx reader's caps (issue 17, 19.0): each stops the reading with the cap it crossed, and
// reading is done in steps that each cost a bounded amount of work.
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../../src/lib/steps';
import { readXlsx, readXlsxSteps, XlsxError, type XlsxLimits } from '../../../src/xlsx/read';
import { deflateRepeated, workbook } from '../../support/hostile-uploads';
import { thrown } from '../../support/thrown';
import { buildXlsx, sheetXml, sst } from './helpers';

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

const xlsxError = (fn: () => unknown) => thrown(fn, XlsxError);

const limits = (l: Partial<XlsxLimits>) => ({ limits: l });

describe('one cell: at most 32,767 characters (Excel)', () => {
  it('an inline string of exactly the limit is read; one more is cell_too_long naming the row and cell', () => {
    const ok = buildXlsx({
      sheets: [{ name: 'S', xml: sheetXml(`<row r="1">${inline('A1', 'a'.repeat(32_767))}</row>`) }],
    });
    expect((readXlsx(ok).rows[0].cells[0] as string).length).toBe(32_767);
    const long = buildXlsx({
      sheets: [
        {
          name: 'S',
          xml: sheetXml(`<row r="1"><c r="A1"><v>1</v></c></row><row r="7">${inline('C7', 'a'.repeat(32_768))}</row>`),
        },
      ],
    });
    const e = xlsxError(() => readXlsx(long));
    expect(e.code).toBe('cell_too_long');
    expect(e.details).toMatchObject({ limit: 'cell_chars', max: 32_767, row: 7, cell: 'C7' });
  });

  it('a shared string over the limit is cell_too_long, even if no cell uses it', () => {
    const book = buildXlsx({
      sheets: [{ name: 'S', xml: sheetXml('') }],
      sharedStrings: sst([`<si><t>ok</t></si>`, `<si><t>${'ก'.repeat(40_000)}</t></si>`]),
    });
    expect(xlsxError(() => readXlsx(book)).details).toMatchObject({
      limit: 'cell_chars',
      part: 'xl/sharedStrings.xml',
    });
  });

  it('a cell whose XML never ends is refused once it is far longer than any cell could be, not buffered to the end', () => {
    const sheet = deflateRepeated(
      `<worksheet xmlns="x"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
      'b'.repeat(1 << 20),
      64,
      '</t></is></c></row></sheetData></worksheet>',
    );
    let inflated = 0;
    const steps = readXlsxSteps(workbook(sheet), () => {});
    const e = xlsxError(() => {
      for (let r = steps.next(); !r.done; r = steps.next()) inflated += r.value;
    });
    expect(e.code).toBe('cell_too_long');
    expect(inflated).toBeLessThan(2 << 20);
  });
});

describe('columns: no array sized by a column letter', () => {
  it('a cell in XFD is kept without padding the row; past XFD only marks the row (19.0)', () => {
    const rows = `<row r="1">${inline('A1', 'a')}${inline('XFD1', 'far')}</row><row r="2">${inline('A2', 'b')}${inline('ZZZZZZ2', 'x')}</row><row r="3">${inline('XFE3', 'y')}</row>`;
    const res = readXlsx(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }));
    const [r1, r2, r3] = res.rows;
    expect(r1.cells.length).toBe(16_384);
    expect(r1.cells[16_383]).toBe('far');
    expect(r1.cells[5000] ?? null).toBeNull();
    // Only the two cells exist: the engine keeps a row of cells far apart sparse.
    expect(Object.keys(r1.cells)).toEqual(['0', '16383']);
    expect(r2).toEqual({ rowNo: 2, cells: ['b'], outOfRange: 'ZZZZZZ2' });
    expect(r3).toEqual({ rowNo: 3, cells: [], outOfRange: 'XFE3' });
  });

  it('`width` keeps only the first columns; a non-empty cell past them sets `beyond`', () => {
    const rows = `<row r="1">${inline('A1', 'h1')}${inline('B1', 'h2')}</row><row r="2">${inline('A2', 'a')}${inline('D2', 'd')}</row><row r="3">${inline('C3', '')}</row>`;
    const res = readXlsx(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }), {
      width: (rowNo) => (rowNo === 1 ? Infinity : 2),
    });
    expect(res.rows).toEqual([
      { rowNo: 1, cells: ['h1', 'h2'] },
      { rowNo: 2, cells: ['a'], beyond: true },
    ]);
  });
});

describe('sizes: inflated bytes, inflate ratio, zip entries', () => {
  const book = buildXlsx({
    sheets: [
      {
        name: 'S',
        xml: sheetXml(
          Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}">${inline(`A${i + 1}`, `value ${i}`)}</row>`).join(
            '',
          ),
        ),
      },
    ],
    sharedStrings: sst(Array.from({ length: 500 }, (_, i) => `<si><t>shared ${i}</t></si>`)),
  });

  it('within the caps the book reads', () =>
    expect(
      readXlsx(book, limits({ sheetBytes: 1 << 20, sharedStringsBytes: 1 << 20, partBytes: 1 << 20, maxEntries: 10 }))
        .rows,
    ).toHaveLength(2000));

  it.each([
    ['the sheet', { sheetBytes: 10_000 }, 'inflated_bytes', 'xl/worksheets/sheet1.xml'],
    ['the shared strings', { sharedStringsBytes: 5_000 }, 'inflated_bytes', 'xl/sharedStrings.xml'],
    ['any other part', { partBytes: 200 }, 'inflated_bytes', '_rels/.rels'],
    ['the ratio', { maxRatio: 2, ratioFloorBytes: 1000 }, 'inflate_ratio', 'xl/sharedStrings.xml'],
    ['the number of zip entries', { maxEntries: 5 }, 'zip_entries', null],
  ] as const)('%s: too_large naming the cap and the part', (_label, l, limit, part) => {
    const e = xlsxError(() => readXlsx(book, limits(l)));
    expect(e.code).toBe('too_large');
    expect(e.details).toMatchObject({ limit, part });
  });

  it('whitespace between rows and cells is skipped, however long', () => {
    const sheet = deflateRepeated(
      `<worksheet xmlns="x"><sheetData><row r="1">${inline('A1', 'a')}`,
      ' '.repeat(1 << 20),
      8,
      `${inline('B1', 'b')}</row>${' '.repeat(5000)}<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>`,
    );
    expect(readXlsx(workbook(sheet)).rows).toEqual([
      { rowNo: 1, cells: ['a', 'b'] },
      { rowNo: 2, cells: [2] },
    ]);
  });

  it('a bomb is refused after about a megabyte of work, each step inflating a bounded amount', () => {
    const sheet = deflateRepeated(
      '<worksheet xmlns="x"><sheetData>',
      ' '.repeat(1 << 20),
      1000,
      '</sheetData></worksheet>',
    );
    const steps: number[] = [];
    const gen = readXlsxSteps(workbook(sheet), () => {}, limits({ maxRatio: 200, ratioFloorBytes: 1 << 20 }));
    const e = xlsxError(() => {
      for (let r = gen.next(); !r.done; r = gen.next()) steps.push(r.value);
    });
    expect(e.details).toMatchObject({ limit: 'inflate_ratio' });
    expect(steps.reduce((a, b) => a + b, 0)).toBeLessThan(4 << 20);
    expect(Math.max(...steps)).toBeLessThan(2 << 20);
  });

  it('reading stops at </sheetData>: what follows is never inflated', () => {
    const sheet = deflateRepeated(
      `<worksheet xmlns="x"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
      ' '.repeat(1 << 20),
      2000,
      '</worksheet>',
    );
    let inflated = 0;
    const res = runSteps(
      (function* () {
        const gen = readXlsxSteps(workbook(sheet), () => {});
        for (let r = gen.next(); ; r = gen.next()) {
          if (r.done) return r.value;
          inflated += r.value;
          yield r.value;
        }
      })(),
    );
    expect(res.sheet.name).toBe('Sheet1');
    expect(inflated).toBeLessThan(4 << 20);
  });
});
