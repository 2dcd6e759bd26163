// Hostile uploads of issue 17 (and 19.0), generated on the fly - never committed as blobs - and
// the measurement of one upload against a spawned server: the answer, its time, the latency of
// /health requests sent while it runs, and the server's peak RSS (VmHWM, reset before each
// upload through /proc/<pid>/clear_refs). Used by test/node/hostile-uploads.test.ts and
// bench/hostile-uploads.bench.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../src/db/logical-export';
import { writeXlsx } from '../../src/xlsx/write';

const enc = new TextEncoder();
const bytesOf = (s: string | Uint8Array) => (typeof s === 'string' ? enc.encode(s) : s);

/** Raw deflate data and the size it inflates to. */
interface Deflated {
  data: Uint8Array;
  size: number;
}

/**
 * Raw deflate of `prefix + unit x repeat + suffix`, built without ever holding the whole text:
 * the unit is compressed once, ending in a full flush (a block that refers to nothing before
 * it), and those bytes are repeated. This is how a 1 MB file inflates to a gigabyte.
 */
export function deflateRepeated(
  prefix: string | Uint8Array,
  unit: string | Uint8Array,
  repeat: number,
  suffix: string | Uint8Array,
): Deflated {
  const full = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const [p, u, s] = [bytesOf(prefix), bytesOf(unit), bytesOf(suffix)];
  const head = deflateRawSync(p, full);
  const body = deflateRawSync(u, full);
  const tail = deflateRawSync(s);
  const out = new Uint8Array(head.length + body.length * repeat + tail.length);
  out.set(head, 0);
  for (let i = 0; i < repeat; i++) out.set(body, head.length + i * body.length);
  out.set(tail, head.length + body.length * repeat);
  return { data: out, size: p.length + u.length * repeat + s.length };
}

const deflated = (text: string | Uint8Array): Deflated => {
  const b = bytesOf(text);
  return { data: deflateRawSync(b), size: b.length };
};

interface ZipPart {
  name: string;
  /** Deflated, or stored when `data` is raw bytes. */
  content: Deflated | Uint8Array;
}

/**
 * A zip written by hand, so an entry can be pre-compressed (and lie about nothing but its CRC,
 * which no part of the reader checks). Up to 65,535 entries (no zip64).
 */
export function zipParts(parts: ZipPart[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = enc.encode(part.name);
    const stored = part.content instanceof Uint8Array;
    const data = stored ? (part.content as Uint8Array) : (part.content as Deflated).data;
    const size = stored ? data.length : (part.content as Deflated).size;
    const crc = stored || size < 1 << 24 ? crc32(stored ? data : inflateForCrc(part.content as Deflated)) : 0;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, stored ? 0 : 8, true);
    local.setUint16(12, 0x21, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, stored ? 0 : 8, true);
    cd.setUint16(14, 0x21, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, data.length, true);
    cd.setUint32(24, size, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, data);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new DataView(new ArrayBuffer(22));
  eocd.setUint32(0, 0x06054b50, true);
  eocd.setUint16(8, parts.length, true);
  eocd.setUint16(10, parts.length, true);
  eocd.setUint32(12, cdSize, true);
  eocd.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(eocd.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Only small parts get a real CRC; the bombs keep 0. */
const inflateForCrc = (d: Deflated): Uint8Array => new Uint8Array(inflateRawSync(d.data));

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook of one sheet (and shared strings if given), plus any extra entries. */
export function workbook(sheet: Deflated, opts: { sharedStrings?: Deflated; extra?: ZipPart[] } = {}): Uint8Array {
  const rels = [`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`];
  if (opts.sharedStrings) rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  const parts: ZipPart[] = [
    {
      name: '_rels/.rels',
      content: deflated(
        `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      content: deflated(
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: deflated(`<Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`),
    },
    { name: 'xl/worksheets/sheet1.xml', content: sheet },
  ];
  if (opts.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', content: opts.sharedStrings });
  return zipParts([...parts, ...(opts.extra ?? [])]);
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';
const MB = 1 << 20;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

export interface HostileFile {
  name: string;
  /** What the issue calls it. */
  label: string;
  bytes: Uint8Array;
  fileName: string;
  /** Import kind, or `restore`. */
  target: 'orders' | 'products' | 'restore';
  fields?: Record<string, string>;
  /** The answer expected after the fix. */
  expect: { status: number; code?: string; importStatus?: string; rowCodes?: string[] };
}

/** 1.1 MB .xlsx: a sheet XML of ~1.15 GB of whitespace inside <sheetData>. */
export function whitespaceBomb(): HostileFile {
  const sheet = deflateRepeated(SHEET_HEAD, ' '.repeat(MB), 1100, SHEET_TAIL);
  return {
    name: 'whitespace-bomb',
    label: 'sheet XML of 1.15 GB whitespace',
    bytes: workbook(sheet),
    fileName: 'whitespace.xlsx',
    target: 'orders',
    fields: { platform: 'Shopee' },
    expect: { status: 413, code: 'file_too_large_inflated' },
  };
}

/** One cell whose inline string is 256 MB of text. */
export function hugeInlineString(): HostileFile {
  const sheet = deflateRepeated(
    `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>`,
    'a'.repeat(MB),
    256,
    `</t></is></c></row>${SHEET_TAIL}`,
  );
  return {
    name: 'huge-inline-string',
    label: 'one 256 MB inline string',
    bytes: workbook(sheet),
    fileName: 'inline.xlsx',
    target: 'orders',
    fields: { platform: 'Shopee' },
    expect: { status: 422, code: 'cell_too_long' },
  };
}

/** A shared-strings part of ~1 GB (short distinct-looking items), the sheet refers to item 0. */
export function hugeSharedStrings(): HostileFile {
  const item = '<si><t>สินค้าทดสอบ รุ่นพิเศษ</t></si>';
  const unit = item.repeat(Math.floor(MB / item.length));
  const sst = deflateRepeated(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`, unit, 1000, '</sst>');
  const sheet = deflated(`${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}`);
  return {
    name: 'huge-shared-strings',
    label: 'shared strings of ~1 GB',
    bytes: workbook(sheet, { sharedStrings: sst }),
    fileName: 'sst.xlsx',
    target: 'orders',
    fields: { platform: 'Shopee' },
    expect: { status: 413, code: 'file_too_large_inflated' },
  };
}

/** 2,000 rows, each with a cell in XFD (the last column) besides a valid order line. */
export function xfdColumns(): HostileFile {
  const rows = [`<row r="1">${inline('A1', 'Order ID')}${inline('B1', 'SKU')}${inline('XFD1', 'note')}</row>`];
  for (let r = 2; r <= 2001; r++)
    rows.push(
      `<row r="${r}">${inline(`A${r}`, `XFD-${r}`)}${inline(`B${r}`, 'AL-CASE-001')}${inline(`XFD${r}`, `far ${r}`)}</row>`,
    );
  const sheet = deflated(`${SHEET_HEAD}${rows.join('')}${SHEET_TAIL}`);
  return {
    name: 'xfd-columns',
    label: '2,000 rows with a cell in XFD',
    bytes: workbook(sheet),
    fileName: 'xfd.xlsx',
    target: 'orders',
    fields: { platform: 'Shopee', shop: 'Far Shop' },
    expect: { status: 200, importStatus: 'validated' },
  };
}

/** Issue 19.0: cells at ZZZZZZ2 and ZZZZZ3 (past XFD), 1.5 KB: each is a row error. */
export function pastXfdColumns(): HostileFile {
  const rows = [
    `<row r="1">${inline('A1', 'SKU')}</row>`,
    `<row r="2">${inline('A2', 'ZZ-SKU-2')}${inline('ZZZZZZ2', 'x')}</row>`,
    `<row r="3">${inline('A3', 'ZZ-SKU-3')}${inline('ZZZZZ3', 'x')}</row>`,
  ];
  const sheet = deflated(`${SHEET_HEAD}${rows.join('')}${SHEET_TAIL}`);
  return {
    name: 'past-xfd-columns',
    label: 'cells at ZZZZZZ2 and ZZZZZ3',
    bytes: workbook(sheet),
    fileName: 'zzzzzz.xlsx',
    target: 'products',
    expect: { status: 200, importStatus: 'validated', rowCodes: ['column_out_of_range', 'column_out_of_range'] },
  };
}

/** A workbook zip with 50,000 extra (empty) entries. */
export function manyZipEntries(): HostileFile {
  const extra: ZipPart[] = Array.from({ length: 50_000 }, (_, i) => ({
    name: `xl/media/e${i}.bin`,
    content: new Uint8Array(0),
  }));
  const sheet = deflated(`${SHEET_HEAD}<row r="1">${inline('A1', 'Order ID')}</row>${SHEET_TAIL}`);
  return {
    name: 'many-zip-entries',
    label: '50,000 zip entries',
    bytes: workbook(sheet, { extra }),
    fileName: 'entries.xlsx',
    target: 'orders',
    fields: { platform: 'Shopee' },
    expect: { status: 413, code: 'file_too_large_inflated' },
  };
}

/** NDJSON.gz for POST /api/admin/restore: a valid header line, then 1 GB of one endless line. */
export function restoreGzipBomb(): HostileFile {
  const header = JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    schema: bundledMigrations.at(-1)!.tag,
    createdAt: new Date(0).toISOString(),
    source: 'file',
    tables: ['products'],
  });
  const raw = deflateRepeated(`${header}\n`, new Uint8Array(MB).fill(0x61), 1024, '\n');
  const gzipHeader = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const trailer = new DataView(new ArrayBuffer(8));
  trailer.setUint32(4, raw.size >>> 0, true); // CRC left 0: nothing reads that far
  const bytes = new Uint8Array(gzipHeader.length + raw.data.length + 8);
  bytes.set(gzipHeader);
  bytes.set(raw.data, gzipHeader.length);
  bytes.set(new Uint8Array(trailer.buffer), gzipHeader.length + raw.data.length);
  return {
    name: 'restore-gzip-bomb',
    label: 'NDJSON.gz inflating to 1 GB',
    bytes,
    fileName: 'export.ndjson.gz',
    target: 'restore',
    expect: { status: 413, code: 'file_too_large_inflated' },
  };
}

/** A 20 MB CSV whose one product name is 20 million characters. */
export function csvHugeField(): HostileFile {
  const head = 'Order ID,SKU,Item Name\r\nCSV-1,AL-CASE-001,';
  const bytes = new Uint8Array(head.length + 20_000_000 + 2).fill(0x61);
  bytes.set(enc.encode(head));
  bytes.set(enc.encode('\r\n'), bytes.length - 2);
  return {
    name: 'csv-huge-field',
    label: 'CSV with a 20-million-character field',
    bytes,
    fileName: 'huge.csv',
    target: 'orders',
    fields: { platform: 'Shopee', shop: 'Csv Shop' },
    expect: { status: 422, code: 'cell_too_long' },
  };
}

/** A CSV whose header has 200,000 columns. */
export function csvWideHeader(): HostileFile {
  const header = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
  return {
    name: 'csv-200k-columns',
    label: 'CSV with 200,000 columns',
    bytes: enc.encode(`${header}\r\n1,2\r\n`),
    fileName: 'wide.csv',
    target: 'orders',
    fields: { platform: 'Shopee' },
    expect: { status: 422, code: 'too_many_columns' },
  };
}

export const HOSTILE_FILES = [
  whitespaceBomb,
  hugeInlineString,
  hugeSharedStrings,
  xfdColumns,
  pastXfdColumns,
  manyZipEntries,
  restoreGzipBomb,
  csvHugeField,
  csvWideHeader,
];

/** The legitimate file at the row limit: 100,000 order lines (Shopee-like, inline strings). */
export function limitOrdersXlsx(rows = 100_000): Uint8Array {
  const data: (string | number)[][] = [['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง']];
  for (let i = 0; i < rows; i++) {
    const order = Math.floor(i / 3); // three lines per order
    data.push([
      `ร้านทดสอบ ${order % 10}`,
      `LIMIT${String(order).padStart(8, '0')}`,
      `SKU-${String(i % 3).padStart(5, '0')}`,
      `สินค้าทดสอบ รุ่น ${i % 500}`,
      1 + (i % 3),
      '15/01/2568 09:12',
      'SPX Express',
    ]);
  }
  return writeXlsx([{ name: 'Import_Shopee', rows: data }]);
}

// ---------------------------------------------------------------------------------------------
// Measuring one upload against a spawned server

/** Peak RSS of a process since the last reset, in MB (VmHWM). */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

export interface UploadMeasure {
  status: number | null;
  body: any;
  ms: number;
  /** /health latencies of the requests sent while the upload ran (the first right after it started). */
  healthMs: number[];
  /** Their statuses (0: the connection failed while the server was still running). */
  healthStatus: number[];
  peakRssMb: number;
  /** The connection failed (the server died, say). */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function measureUpload(opts: {
  url: string;
  pid: number;
  token: string;
  file: HostileFile;
  timeoutMs?: number;
}): Promise<UploadMeasure> {
  const { url, pid, token, file } = opts;
  const form = new FormData();
  form.append('file', new Blob([file.bytes as BlobPart]), file.fileName);
  for (const [k, v] of Object.entries(file.fields ?? {})) form.append(k, v);
  const path = file.target === 'restore' ? '/api/admin/restore?dryRun=true' : `/api/imports/${file.target}?dryRun=true`;
  resetPeakRss(pid);
  let done = false;
  const t0 = performance.now();
  const upload = fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
  })
    .then(async (res) => ({ status: res.status, body: await res.json().catch(() => null) }))
    .catch((e: Error) => ({ status: null, body: null, error: e.message }))
    .finally(() => (done = true));
  const healthMs: number[] = [];
  const healthStatus: number[] = [];
  // Give the upload a head start to reach the server, then probe until it has answered.
  await sleep(20);
  do {
    const h0 = performance.now();
    // A new connection per probe: a kept-alive one can be reset by a server whose event loop was
    // blocked past its keep-alive timeout, which would hide how long it was blocked.
    const status = await fetch(`${url}/health`, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(120_000),
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 0 && !alive(pid)) break;
    healthMs.push(Math.round(performance.now() - h0));
    healthStatus.push(status);
    await sleep(25);
  } while (!done);
  const res = await upload;
  const ms = Math.round(performance.now() - t0);
  let peak = NaN;
  try {
    peak = peakRssMb(pid);
  } catch {
    // the process is gone
  }
  return { ...res, ms, healthMs, healthStatus, peakRssMb: peak };
}
