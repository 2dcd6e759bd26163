// Hand-built workbooks for reader tests: exact control over the XML (prefixes, rich text,
// missing parts) that no writer library gives.
import { strToU8, zipSync } from 'fflate';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawBook {
  sheets?: { name: string; xml: string; type?: 'worksheet' | 'chartsheet' }[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  /** Store entries uncompressed (zip method 0). */
  stored?: boolean;
  omit?: string[];
}

export function sheetXml(rows: string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const ns = prefix ? `xmlns:${prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}><${p}dimension ref="A1"/><${p}sheetData>${rows}</${p}sheetData><${p}pageMargins left="0.7"/></${p}worksheet>`;
}

export function sst(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
}

export function styles(numFmts: [number, string][], xfNumFmtIds: number[]): string {
  const fmts = numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`).join('');
  return (
    `<styleSheet xmlns="${MAIN}"><numFmts count="${numFmts.length}">${fmts}</numFmts>` +
    `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
    `<cellXfs count="${xfNumFmtIds.length}">${xfNumFmtIds.map((id) => `<xf numFmtId="${id}" fontId="0"/>`).join('')}</cellXfs></styleSheet>`
  );
}

export function buildXlsx(book: RawBook): Uint8Array {
  const sheets = book.sheets ?? [];
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${book.workbookPr ?? ''}<sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/${s.type ?? 'worksheet'}" Target="/xl/worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
  };
  for (const [i, s] of sheets.entries()) files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml);
  if (book.sharedStrings) files['xl/sharedStrings.xml'] = strToU8(book.sharedStrings);
  if (book.styles) files['xl/styles.xml'] = strToU8(book.styles);
  for (const o of book.omit ?? []) delete files[o];
  return zipSync(files, { level: book.stored ? 0 : 6 });
}
