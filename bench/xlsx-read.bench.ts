// Throughput of the xlsx reader on 100,000 rows x 7 columns, for a shared-strings workbook as
// Excel writes it and an inline-strings one as our writer makes it. Prints one JSON line. Not a
// test (it was one, printing without asserting, and cost the unit suite about 20 s).
//   npx tsx bench/xlsx-read.bench.ts
import { performance } from 'node:perf_hooks';
import { strToU8, zipSync } from 'fflate';
import { readXlsxRows } from '../src/xlsx/read';
import { writeXlsx } from '../src/xlsx/write';

const N = 100_000;

/** A shared-strings workbook as Excel writes it (ids and names in sst, qty numeric, a date style). */
function sharedStringsBook(): Uint8Array {
  const strings = new Map<string, number>();
  const id = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const rows: string[] = [];
  const header = ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง'];
  rows.push(
    `<row r="1">${header.map((h, c) => `<c r="${String.fromCharCode(65 + c)}1" t="s"><v>${id(h)}</v></c>`).join('')}</row>`,
  );
  for (let i = 0; i < N; i++) {
    const r = i + 2;
    rows.push(
      `<row r="${r}" spans="1:7"><c r="A${r}" t="s"><v>${id('Alpha Gadget Shop')}</v></c><c r="B${r}" t="s"><v>${id(`2501${String(i).padStart(8, '0')}`)}</v></c>` +
        `<c r="C${r}" t="s"><v>${id(`SKU-${i % 500}`)}</v></c><c r="D${r}" t="s"><v>${id(`สินค้า ${i % 500}`)}</v></c><c r="E${r}"><v>${(i % 5) + 1}</v></c>` +
        `<c r="F${r}" s="1"><v>${45672 + (i % 1440) / 1440}</v></c><c r="G${r}" t="s"><v>${id('SPX Express')}</v></c></row>`,
    );
  }
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const sst = [...strings.keys()].map((s) => `<si><t>${s}</t></si>`).join('');
  return zipSync({
    '_rels/.rels': strToU8(
      `<Relationships><Relationship Id="r1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<worksheet xmlns="${main}"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    ),
    'xl/sharedStrings.xml': strToU8(`<sst xmlns="${main}" uniqueCount="${strings.size}">${sst}</sst>`),
    'xl/styles.xml': strToU8(
      `<styleSheet xmlns="${main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>`,
    ),
  });
}

function inlineBook(): Uint8Array {
  return writeXlsx([
    {
      name: 'S',
      rows: [
        ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง'],
        ...Array.from({ length: N }, (_, i) => [
          'Alpha Gadget Shop',
          `2501${String(i).padStart(8, '0')}`,
          `SKU-${i % 500}`,
          `สินค้า ${i % 500}`,
          (i % 5) + 1,
          '15/01/2568 09:12',
          'SPX Express',
        ]),
      ],
    },
  ]);
}

const RUNS = 3;
const results = [];
for (const [label, make] of [
  ['shared strings', sharedStringsBook],
  ['inline strings', inlineBook],
] as const) {
  const bytes = make();
  readXlsxRows(bytes.slice(), () => {}); // warm-up
  const ms: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    let n = 0;
    readXlsxRows(bytes, (r) => {
      if (r.cells.length === 7) n++;
    });
    ms.push(Math.round(performance.now() - t0));
    // A reader that drops rows would look fast: fail the bench instead of printing a number.
    if (n !== N + 1) throw new Error(`${label}: read ${n} rows of 7 cells, expected ${N + 1}`);
  }
  const best = Math.min(...ms);
  results.push({ book: label, rows: N, bytes: bytes.length, ms, rowsPerSecond: Math.round((N / best) * 1000) });
}

console.log(
  JSON.stringify({
    bench: 'xlsx-read',
    node: process.version,
    runs: RUNS,
    results,
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  }),
);
