// Minimal .xlsx writer for templates and exports (pure JS, edge-safe). Text is written as inline
// strings so Thai text and leading zeros survive exactly; the first row is bold and frozen.
// `xlsxStream` writes a large export row by row into a web stream.
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';

export type WriteCell = string | number | null | undefined;

export interface WriteSheet {
  name: string;
  rows: readonly (readonly WriteCell[])[];
  /** Column widths in characters, from column A; null/undefined keeps the default. */
  colWidths?: readonly (number | null | undefined)[];
}

// Characters XML 1.0 cannot carry at all, plus lone surrogates (invalid UTF-16 -> invalid UTF-8).
const INVALID_XML_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strip what XML cannot hold, escape markup, and protect literal `_xHHHH_` from being decoded. */
export function escapeXmlText(s: string): string {
  let out = s.replace(INVALID_XML_RE, '');
  if (out.indexOf('_x') >= 0) out = out.replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1');
  if (/[&<>"]/.test(out)) out = out.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return out;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel's sheet-name rules: 1-31 characters, none of : \ / ? * [ ], unique (case-insensitive). */
function sheetNames(sheets: readonly WriteSheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((sh, i) => {
    let base = sh.name.replace(/[:\\/?*[\]]/g, ' ').replace(INVALID_XML_RE, '').trim().replace(/^'+|'+$/g, '');
    if (base === '') base = `Sheet${i + 1}`;
    base = Array.from(base).slice(0, 31).join('');
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = Array.from(base).slice(0, 31 - suffix.length).join('') + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Opening of a worksheet part: the header row frozen (it stays on screen), column widths. */
function sheetHead(colWidths: readonly (number | null | undefined)[] | undefined, freeze: boolean): string {
  let out = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  if (freeze) {
    out += '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  }
  const cols: string[] = [];
  (colWidths ?? []).forEach((w, i) => {
    if (w != null && Number.isFinite(w) && w > 0) cols.push(`<col min="${i + 1}" max="${i + 1}" width="${Math.min(w, 255)}" customWidth="1"/>`);
  });
  if (cols.length > 0) out += `<cols>${cols.join('')}</cols>`;
  return out + '<sheetData>';
}

const SHEET_TAIL = '</sheetData></worksheet>';

/** One row's XML; style 1 is the bold header. */
export function rowXml(row: readonly WriteCell[], rowNo: number, header: boolean): string {
  const style = header ? ' s="1"' : '';
  let cells = '';
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    // NaN/Infinity have no cell representation; leave the cell empty.
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    const ref = `${columnLetters(c)}${rowNo}`;
    if (typeof v === 'number') cells += `<c r="${ref}"${style}><v>${v}</v></c>`;
    else cells += `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXmlText(v)}</t></is></c>`;
  }
  return `<row r="${rowNo}">${cells}</row>`;
}

function sheetXml(sheet: WriteSheet): string {
  const parts: string[] = [sheetHead(sheet.colWidths, sheet.rows.length > 0)];
  sheet.rows.forEach((row, r) => parts.push(rowXml(row, r + 1, r === 0)));
  parts.push(SHEET_TAIL);
  return parts.join('');
}

const STYLES = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>',
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>',
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>',
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
  '</styleSheet>',
].join('');

/** The package parts besides the worksheets (content types, relationships, workbook, styles). */
function packageParts(names: readonly string[]): Record<string, string> {
  const sheetOverrides = names
    .map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheetOverrides +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<bookViews><workbookView/></bookViews><sheets>' +
      names.map((n, i) => `<sheet name="${escapeXmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      names
        .map((_s, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('') +
      `<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      '</Relationships>',
    'xl/styles.xml': STYLES,
  };
}

/** Workbook bytes; throws on an empty sheet list (Excel rejects a workbook without sheets). */
export function writeXlsx(sheets: readonly WriteSheet[]): Uint8Array {
  if (sheets.length === 0) throw new Error('writeXlsx: at least one sheet is required');
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(packageParts(sheetNames(sheets)))) files[name] = strToU8(text);
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s));
  });
  return zipSync(files, { level: 6 });
}

/** A one-sheet workbook written row by row: the header, then rows as the iterator gives them. */
export interface StreamedSheet {
  name: string;
  header: readonly WriteCell[];
  rows: Iterator<readonly WriteCell[]>;
  colWidths?: readonly (number | null | undefined)[];
}

/** Rows encoded per pull of the stream: enough to keep the deflater busy, little to hold. */
const ROWS_PER_PULL = 2_000;

/**
 * The workbook as a web stream (Node and the edge alike), deflated as the rows are encoded: the
 * sheet is never held whole, neither as XML nor as zip bytes. Rows are taken from the iterator
 * only as the reader pulls, so a slow client slows the encoding instead of filling memory.
 * Level 1: for a large export, deflating is most of the time and level 6 gains little in size.
 */
export function xlsxStream(sheet: StreamedSheet, opts: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } = {}): ReadableStream<Uint8Array> {
  const [name] = sheetNames([{ name: sheet.name, rows: [] }]);
  const level = opts.level ?? 1;
  let zip: Zip;
  let part: ZipDeflate;
  let rowNo = 1;
  let finished = false;
  const out: Uint8Array[] = [];
  return new ReadableStream<Uint8Array>({
    start() {
      zip = new Zip((error, chunk) => {
        if (error) throw error;
        if (chunk.length > 0) out.push(chunk);
      });
      for (const [file, text] of Object.entries(packageParts([name]))) {
        const f = new ZipDeflate(file, { level: 6 });
        zip.add(f);
        f.push(strToU8(text), true);
      }
      part = new ZipDeflate('xl/worksheets/sheet1.xml', { level });
      zip.add(part);
      part.push(strToU8(sheetHead(sheet.colWidths, true) + rowXml(sheet.header, rowNo++, true)));
    },
    pull(controller) {
      while (out.length === 0 && !finished) {
        const xml: string[] = [];
        for (let i = 0; i < ROWS_PER_PULL; i++) {
          const next = sheet.rows.next();
          if (next.done) {
            finished = true;
            break;
          }
          xml.push(rowXml(next.value, rowNo++, false));
        }
        if (finished) xml.push(SHEET_TAIL);
        part.push(strToU8(xml.join('')), finished);
        if (finished) zip.end();
      }
      for (const chunk of out.splice(0)) controller.enqueue(chunk);
      if (finished && out.length === 0) controller.close();
    },
  });
}
