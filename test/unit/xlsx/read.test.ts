import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDateCell } from '../../../src/domain/imports/dates';
import { columnIndex, listSheets, readXlsx, XlsxError, type XlsxCell } from '../../../src/xlsx/read';
import { isDateFormatCode } from '../../../src/xlsx/styles';
import { buildXlsx, sheetXml, sst, styles } from './helpers';

const bkk = (wall: string) => Date.parse(`${wall}+07:00`);

async function excel(
  build: (wb: ExcelJS.Workbook) => void,
  opts: { useSharedStrings?: boolean } = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer(opts as Partial<ExcelJS.XlsxWriteOptions>));
}

function rowsOf(bytes: Uint8Array, sheet?: string | number): Record<number, XlsxCell[]> {
  return Object.fromEntries(readXlsx(bytes, { sheet }).rows.map((r) => [r.rowNo, r.cells]));
}

function fillSample(ws: ExcelJS.Worksheet): void {
  ws.getCell('A1').value = 'เลข Order';
  ws.getCell('B1').value = 'SKU';
  ws.getCell('C1').value = 'จำนวน';
  ws.getCell('D1').value = 'วันที่สั่งซื้อ';
  ws.getCell('A2').value = '00123';
  ws.getCell('B2').value = 'สินค้า & <ทดสอบ> "quoted"';
  ws.getCell('C2').value = 2;
  ws.getCell('D2').value = new Date(Date.UTC(2025, 0, 16, 8, 2, 19));
  ws.getCell('D2').numFmt = 'dd/mm/yyyy hh:mm:ss';
  // Gaps: rows 3-4 empty, columns A-B empty on row 5.
  ws.getCell('C5').value = 1.5;
  ws.getCell('F5').value = true;
  ws.getCell('A6').value = { formula: 'C2*10', result: 20 } as ExcelJS.CellFormulaValue;
  ws.getCell('B6').value = { formula: 'A2&"-X"', result: '00123-X' } as ExcelJS.CellFormulaValue;
  ws.getCell('C6').value = { richText: [{ text: 'ตัว' }, { font: { bold: true }, text: 'หนา' }, { text: ' ok' }] };
  ws.getCell('D6').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
  ws.getCell('AB7').value = 577000111122223304n.toString();
}

describe('reading workbooks written by ExcelJS', () => {
  for (const useSharedStrings of [true, false]) {
    it(`shared strings=${useSharedStrings}: text, numbers, dates, formulas, rich text, gaps, Thai`, async () => {
      const bytes = await excel((wb) => fillSample(wb.addWorksheet('Import_Shopee')), { useSharedStrings });
      const { sheet, date1904 } = readXlsx(bytes);
      expect(sheet.name).toBe('Import_Shopee');
      expect(date1904).toBe(false);
      const rows = rowsOf(bytes);
      expect(Object.keys(rows).map(Number)).toEqual([1, 2, 5, 6, 7]);
      expect(rows[1]).toEqual(['เลข Order', 'SKU', 'จำนวน', 'วันที่สั่งซื้อ']);
      expect(rows[2].slice(0, 3)).toEqual(['00123', 'สินค้า & <ทดสอบ> "quoted"', 2]);
      expect(rows[2][3]).toMatchObject({ kind: 'date' });
      expect(parseDateCell(rows[2][3])).toBe(bkk('2025-01-16T08:02:19'));
      expect(rows[5]).toEqual([null, null, 1.5, null, null, true]);
      expect(rows[6]).toEqual([20, '00123-X', 'ตัวหนา ok', '#N/A']);
      expect(rows[7]).toHaveLength(columnIndex('AB') + 1);
      expect(rows[7][27]).toBe('577000111122223304');
    });
  }

  it('1904 date system: the same wall-clock instant', async () => {
    const bytes = await excel((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = 'Paid Time';
      ws.getCell('A2').value = new Date(Date.UTC(2025, 0, 16, 8, 2, 19));
      ws.getCell('A2').numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    const res = readXlsx(bytes);
    expect(res.date1904).toBe(true);
    const cell = res.rows[1].cells[0];
    expect(cell).toMatchObject({ kind: 'date' });
    expect(parseDateCell(cell)).toBe(bkk('2025-01-16T08:02:19'));
  });

  it('first worksheet by default; a named sheet or index on request', async () => {
    const bytes = await excel((wb) => {
      wb.addWorksheet('First').getCell('A1').value = 'one';
      wb.addWorksheet('ชีตสอง').getCell('A1').value = 'two';
    });
    expect(listSheets(bytes).map((s) => s.name)).toEqual(['First', 'ชีตสอง']);
    expect(rowsOf(bytes)[1]).toEqual(['one']);
    expect(rowsOf(bytes, 'ชีตสอง')[1]).toEqual(['two']);
    expect(rowsOf(bytes, 1)[1]).toEqual(['two']);
    expect(() => readXlsx(bytes, { sheet: 'nope' })).toThrow(XlsxError);
  });
});

describe('reading hand-built XML', () => {
  it('shared strings with rich runs, phonetic runs skipped, entities and _xHHHH_ escapes', () => {
    const bytes = buildXlsx({
      sharedStrings: sst([
        '<si><t>plain</t></si>',
        '<si><r><rPr><b/><color rgb="FF0000"/></rPr><t xml:space="preserve">ก </t></r><r><t>ข</t></r><rPh sb="0" eb="1"><t>PHON</t></rPh></si>',
        '<si><t>A&amp;B &lt;x&gt; &quot;q&quot; &apos;s&apos; &#x0E01;&#3586;</t></si>',
        '<si><t>line1_x000D_&#10;line2 _x005F_x0041_</t></si>',
        '<si><t/></si>',
      ]),
      sheets: [
        {
          name: 'S',
          xml: sheetXml(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>',
          ),
        },
      ],
    });
    expect(readXlsx(bytes).rows[0].cells).toEqual([
      'plain',
      'ก ข',
      'A&B <x> "q" \'s\' กข',
      'line1\r\nline2 _x0041_',
      '',
    ]);
  });

  it('inline strings, formula strings, booleans, errors, t="d", cells and rows without references', () => {
    const rows =
      '<row><c t="inlineStr"><is><t>in&amp;line</t></is></c><c t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c></row>' +
      '<row><c t="str"><f>A1</f><v>calc &lt;1&gt;</v></c><c t="b"><v>0</v></c><c t="e"><v>#DIV/0!</v></c><c t="d"><v>2025-01-16T08:02:19</v></c><c><f>1+1</f></c></row>' +
      '<row r="9" spans="1:3"><c r="C9"><v>1.25E3</v></c><c r="B9" s="0"/></row><row r="10"/><row r="11"><c r="A11" s="0"/></row>';
    const res = readXlsx(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }));
    expect(res.rows).toEqual([
      { rowNo: 1, cells: ['in&line', 'rich'] },
      {
        rowNo: 2,
        cells: ['calc <1>', false, '#DIV/0!', { kind: 'date', serial: 45673 + (8 * 3600 + 2 * 60 + 19) / 86400 }],
      },
      { rowNo: 9, cells: [null, null, 1250] },
    ]);
  });

  it('namespace-prefixed elements (x:row, x:c)', () => {
    const xml = sheetXml(
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>pre</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row>',
      'x',
    );
    expect(readXlsx(buildXlsx({ sheets: [{ name: 'S', xml }] })).rows).toEqual([{ rowNo: 1, cells: ['pre', 7] }]);
  });

  it('plain cells read with one expression give what the general path gives (the same cells prefixed)', () => {
    // The unprefixed cells take the plain path (SheetScanner.plainCell) where they can; with an
    // `x:` prefix every cell goes the general way. Shapes on and off the plain path, side by side.
    const cells = [
      '<c r="A1" t="inlineStr"><is><t>a &amp; b _x000D_ &#3585;</t></is></c>',
      '<c t="inlineStr"><is><t></t></is></c>',
      '<c s="1"><v>45672.5</v></c>',
      '<c r="E1" s="0"><v>7</v></c>',
      '<c t="s"><v>1</v></c>',
      '<c t="s"><v>9</v></c>',
      '<c t="str"><v>calc &lt;1&gt;</v></c>',
      '<c t="b"><v>1</v></c>',
      '<c t="e"><v>#N/A</v></c>',
      '<c t="d"><v>2025-01-15T09:12:00</v></c>',
      '<c t="inlineStr"><v>inline as v</v></c>',
      '<c t="n"><is><t>ignored</t></is></c>',
      '<c><v></v></c>',
      '<c><v>12abc</v></c>',
      '<c r="Q1" t="s" s="1"><v>0</v></c>',
      '<c r="R1" t="inlineStr"><is><t xml:space="preserve"> sp </t></is></c>',
      '<c r="S1"><f>A1</f><v>3</v></c>',
      '<c r="T1" s="1"/>',
      '<c r="U1"><v>8</v></c>',
      '<c r="XFE1"><v>1</v></c>',
    ].join('');
    const prefixed = cells.replace(/<(\/?)(c|v|is|t|f)([ >/])/g, '<$1x:$2$3');
    const book = (xml: string) =>
      buildXlsx({
        sheets: [{ name: 'S', xml }],
        sharedStrings: sst(['<si><t>zero</t></si>', '<si><t>one</t></si>']),
        styles: styles([], [0, 14]),
      });
    const plain = readXlsx(book(sheetXml(`<row r="1">${cells}</row>`))).rows;
    const general = readXlsx(book(sheetXml(`<x:row r="1">${prefixed}</x:row>`, 'x'))).rows;
    expect(plain).toEqual(general);
    expect(plain[0].cells.slice(0, 5)).toEqual(['a & b \r ก', '', { kind: 'date', serial: 45672.5 }, null, 7]);
    expect(plain[0].outOfRange).toBe('XFE1');
  });

  it('date styles: built-in ids, custom formats, 1904 flag, stored (uncompressed) entries', () => {
    const rows =
      '<row r="1">' +
      [0, 1, 2, 3, 4, 5, 6]
        .map((s, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>45672.5</v></c>`)
        .join('') +
      '</row>';
    const bytes = buildXlsx({
      stored: true,
      workbookPr: '<workbookPr date1904="true"/>',
      styles: styles(
        [
          [164, '[$-th-TH]d/m/bbbb'],
          [165, '0.00 &quot;days&quot;'],
          [166, '[h]:mm'],
          [14, '#,##0'],
        ],
        [0, 14, 22, 164, 165, 166, 49],
      ),
      sheets: [{ name: 'S', xml: sheetXml(rows) }],
    });
    const res = readXlsx(bytes);
    expect(res.date1904).toBe(true);
    const d = { kind: 'date', serial: 45672.5 + 1462 };
    // id 14 redefined as a number format: not a date.
    expect(res.rows[0].cells).toEqual([45672.5, 45672.5, d, d, 45672.5, d, 45672.5]);
  });

  it('skips a chart sheet listed first; missing sharedStrings/styles parts are fine', () => {
    const bytes = buildXlsx({
      sheets: [
        { name: 'Chart', xml: '<chartsheet/>', type: 'chartsheet' },
        { name: 'Data', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') },
      ],
    });
    expect(listSheets(bytes).map((s) => s.name)).toEqual(['Data']);
    expect(readXlsx(bytes).rows).toEqual([{ rowNo: 1, cells: [1] }]);
  });

  it('an empty sheet has no rows', () => {
    expect(readXlsx(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml('') }] })).rows).toEqual([]);
    const selfClosing = '<worksheet xmlns="x"><sheetData/></worksheet>';
    expect(readXlsx(buildXlsx({ sheets: [{ name: 'S', xml: selfClosing }] })).rows).toEqual([]);
  });
});

describe('errors are typed (the import maps them to 422 unreadable_file)', () => {
  const code = (bytes: Uint8Array) => {
    try {
      readXlsx(bytes);
    } catch (e) {
      if (e instanceof XlsxError) return e.code;
      throw e;
    }
    return 'ok';
  };
  it('not a zip', () => expect(code(strToU8('a,b\n1,2'))).toBe('not_zip'));
  it('a zip without a workbook', () => expect(code(zipSync({ 'a.txt': strToU8('x') }))).toBe('not_xlsx'));
  it('a workbook without worksheets', () => expect(code(buildXlsx({ sheets: [] }))).toBe('no_worksheet'));
  it('a worksheet part that is missing', () =>
    expect(code(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml('') }], omit: ['xl/worksheets/sheet1.xml'] }))).toBe(
      'no_worksheet',
    ));
  it('truncated or damaged files', () => {
    const good = buildXlsx({
      sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(50)) }],
    });
    expect(code(good.subarray(0, good.length - 30))).toBe('not_zip');
    const damaged = good.slice();
    // Corrupt the middle of the deflate stream of the (last-written) worksheet entry.
    for (let i = 300; i < 340; i++) damaged[i] ^= 0xff;
    expect(['corrupt', 'not_zip', 'not_xlsx']).toContain(code(damaged));
    const cut = '<worksheet xmlns="x"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c';
    expect(code(buildXlsx({ sheets: [{ name: 'S', xml: cut }] }))).toBe('corrupt');
  });
});

describe('number format classification', () => {
  it.each([
    ['yyyy-mm-dd h:mm:ss', true],
    ['dd/mm/yyyy hh:mm:ss', true],
    ['[$-th-TH,107]d mmm yy', true],
    ['ว/ด/ปปปป', true],
    ['h:mm AM/PM', true],
    ['[h]:mm:ss', true],
    ['General', false],
    ['0.00', false],
    ['#,##0 "ชิ้น"', false],
    ['0.00E+00', false],
    ['[Red]#,##0;[Blue]-#,##0', false],
    ['"day" 0', false],
    ['\\d0', false],
    ['@', false],
  ])('%j -> %s', (code, isDate) => expect(isDateFormatCode(code)).toBe(isDate));
});
