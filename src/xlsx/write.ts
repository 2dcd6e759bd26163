// Minimal .xlsx writer for templates and exports (pure JS, edge-safe). Text is written as inline
// strings so Thai text and leading zeros survive exactly; the first row is bold.
import { strToU8, zipSync } from 'fflate';

export type WriteCell = string | number | null | undefined;

export interface WriteSheet {
  name: string;
  rows: readonly (readonly WriteCell[])[];
  /** Column widths in characters, from column A; null/undefined keeps the default. */
  colWidths?: readonly (number | null | undefined)[];
  /** Keep the first row in view while scrolling (report exports: the Thai headers). */
  freezeHeader?: boolean;
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

function sheetXml(sheet: WriteSheet): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
  ];
  // sheetViews must come before cols (CT_Worksheet order).
  if (sheet.freezeHeader) {
    parts.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
  }
  const widths = sheet.colWidths ?? [];
  const cols: string[] = [];
  widths.forEach((w, i) => {
    if (w != null && Number.isFinite(w) && w > 0) cols.push(`<col min="${i + 1}" max="${i + 1}" width="${Math.min(w, 255)}" customWidth="1"/>`);
  });
  if (cols.length > 0) parts.push(`<cols>${cols.join('')}</cols>`);
  parts.push('<sheetData>');
  sheet.rows.forEach((row, r) => {
    const rowNo = r + 1;
    // Style 1 is bold: the header row.
    const style = r === 0 ? ' s="1"' : '';
    let cells = '';
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const ref = columnLetters(c) + rowNo;
      if (typeof v === 'number') {
        // NaN/Infinity have no cell representation; leave the cell empty.
        if (Number.isFinite(v)) cells += `<c r="${ref}"${style}><v>${v}</v></c>`;
      } else {
        cells += `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXmlText(v)}</t></is></c>`;
      }
    }
    parts.push(`<row r="${rowNo}">${cells}</row>`);
  });
  parts.push('</sheetData></worksheet>');
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

/** Workbook bytes; throws on an empty sheet list (Excel rejects a workbook without sheets). */
export function writeXlsx(sheets: readonly WriteSheet[]): Uint8Array {
  if (sheets.length === 0) throw new Error('writeXlsx: at least one sheet is required');
  const names = sheetNames(sheets);
  const files: Record<string, Uint8Array> = {};
  const sheetOverrides = sheets
    .map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  files['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheetOverrides +
      '</Types>',
  );
  files['_rels/.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  );
  files['xl/workbook.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<bookViews><workbookView/></bookViews><sheets>' +
      names.map((n, i) => `<sheet name="${escapeXmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets
        .map((_s, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
  files['xl/styles.xml'] = strToU8(STYLES);
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s));
  });
  return zipSync(files, { level: 6 });
}
