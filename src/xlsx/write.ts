// Minimal .xlsx writer for templates and exports (pure JS, edge-safe). Text is written as inline
// strings so Thai text and leading zeros survive exactly; the first row is bold and frozen.
// `xlsxStream` writes a large export row by row into a web stream.
import { strToU8, Zip, ZipDeflate, zipSync, type ZipInputFile } from 'fflate';
import { ByteSink } from './row-bytes';

export type WriteCell = string | number | null | undefined;

export interface WriteSheet {
  name: string;
  rows: readonly (readonly WriteCell[])[];
  /** Column widths in characters, from column A; null/undefined keeps the default. */
  colWidths?: readonly (number | null | undefined)[];
}

// Characters XML 1.0 cannot carry at all, plus lone surrogates (invalid UTF-16 -> invalid UTF-8).
const INVALID_XML_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Anything escapeXmlText may change; most texts have none of it and are returned as they are.
const NEEDS_ESCAPE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF&<>"]|_x/;

/** Strip what XML cannot hold, escape markup, and protect literal `_xHHHH_` from being decoded. */
export function escapeXmlText(s: string): string {
  if (!NEEDS_ESCAPE_RE.test(s)) return s;
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

/**
 * The shared-string table of a streamed sheet: texts of the columns that repeat (platform, shop,
 * status, ...) are written once in xl/sharedStrings.xml and referenced by number, which makes a
 * large sheet several times smaller to build, check-sum and deflate. Bounded: past `limit`
 * distinct texts, new ones are written inline.
 */
export class SharedStrings {
  readonly #index = new Map<string, number>();
  readonly list: string[] = [];
  constructor(private readonly limit = 100_000) {}

  indexOf(text: string): number {
    let i = this.#index.get(text);
    if (i === undefined) {
      if (this.list.length >= this.limit) return -1;
      i = this.list.length;
      this.#index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  xml(): string {
    const items = this.list.map((t) => `<si><t${spaceAttr(t)}>${escapeXmlText(t)}</t></si>`).join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.list.length}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

// Whitespace a reader could fold unless told to keep it.
const spaceAttr = (t: string) => (/^\s|\s$|\s\s|[\t\n\r]/.test(t) ? ' xml:space="preserve"' : '');

/**
 * One row's XML; style 1 is the bold header. Texts of `shared` columns go to the table. A cell
 * right after a non-empty left neighbour leaves out its reference (`r`): SpreadsheetML then places
 * it in the next column. The first cell of a row, a cell after a gap and a cell after an empty
 * text keep it. At 15 columns that is about a quarter of a large sheet's XML less to build,
 * deflate and check-sum, and a file less than half the size (the references defeated the
 * deflater): the dashboard export of 46,000 lines went from 2.9 MB to 1.2-1.5 MB.
 */
export function rowXml(row: readonly WriteCell[], rowNo: number, header: boolean, shared?: { strings: SharedStrings; columns: readonly boolean[] }): string {
  const style = header ? ' s="1"' : '';
  let cells = '';
  // The column the next cell may take without a reference; the first cell always carries one.
  let next = -1;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    // NaN/Infinity have no cell representation; leave the cell empty.
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    const open = c === next ? `<c${style}` : `<c r="${columnLetters(c)}${rowNo}"${style}`;
    // A reader may drop an empty text cell (ExcelJS does) and with it the place of the next one.
    next = v === '' ? -1 : c + 1;
    if (typeof v === 'number') {
      cells += `${open}><v>${v}</v></c>`;
      continue;
    }
    const i = shared && shared.columns[c] ? shared.strings.indexOf(v) : -1;
    if (i >= 0) cells += `${open} t="s"><v>${i}</v></c>`;
    else cells += `${open} t="inlineStr"><is><t${spaceAttr(v)}>${escapeXmlText(v)}</t></is></c>`;
  }
  return `<row r="${rowNo}">${cells}</row>`;
}

const letters: string[] = [];
const lettersOf = (c: number) => letters[c] ?? (letters[c] = columnLetters(c));

/** `rowXml` of a data row written into `out` as UTF-8, byte for byte the same. */
export function rowBytes(out: ByteSink, row: readonly WriteCell[], rowNo: number, shared: { strings: SharedStrings; columns: readonly boolean[] }): void {
  out.ascii('<row r="');
  out.number(rowNo);
  out.ascii('">');
  let next = -1;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    if (c === next) out.ascii('<c');
    else {
      out.ascii('<c r="');
      out.ascii(lettersOf(c));
      out.number(rowNo);
      out.ascii('"');
    }
    next = v === '' ? -1 : c + 1;
    if (typeof v === 'number') {
      out.ascii('><v>');
      out.number(v);
      out.ascii('</v></c>');
      continue;
    }
    const i = shared.columns[c] ? shared.strings.indexOf(v) : -1;
    if (i >= 0) {
      out.ascii(' t="s"><v>');
      out.number(i);
      out.ascii('</v></c>');
    } else {
      out.ascii(' t="inlineStr"><is><t');
      out.ascii(spaceAttr(v));
      out.ascii('>');
      out.text(escapeXmlText(v));
      out.ascii('</t></is></c>');
    }
  }
  out.ascii('</row>');
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
function packageParts(names: readonly string[], sharedStrings = false): Record<string, string> {
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
      (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
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
      (sharedStrings ? `<Relationship Id="rId${names.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : '') +
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
  /** Columns whose texts repeat (written once, in the shared-string table). */
  sharedColumns?: readonly boolean[];
}

/**
 * Rows encoded per pull of the stream: enough to keep the deflater busy, few enough that each
 * chunk of XML stays a small string (large ones live in V8's large-object space until a full
 * collection, which shows as resident memory).
 */
const ROWS_PER_PULL = 250;
/** Chunks handed to the deflater and not yet deflated, at most (xlsxStream). */
const MAX_IN_FLIGHT = 2;

/** A gzip compressor as a pair of web streams (a CompressionStream). */
type GzipStream = () => { writable: WritableStream<BufferSource>; readable: ReadableStream<Uint8Array<ArrayBuffer>> };

/**
 * The raw deflate data of one zip entry, written as bytes; `end` gives the CRC-32 and byte size of
 * everything written. `write` resolves once its bytes are deflated, so a caller can keep a few in
 * flight.
 */
export interface EntryDeflater {
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  end(): Promise<{ crc: number; size: number }>;
  abort(reason: unknown): Promise<void>;
}

export type MakeEntryDeflater = (onData: (chunk: Uint8Array<ArrayBuffer>) => void) => EntryDeflater;

/**
 * A gzip member's bytes as they come, turned into the raw deflate data a zip entry wants: the
 * header is skipped, the last 8 bytes held back until the end, and the trailer's CRC-32 and size
 * (ISIZE, the size modulo 2^32) handed over by `finish`.
 */
export function gzipMember(onData: (chunk: Uint8Array<ArrayBuffer>) => void) {
  let header: Uint8Array = new Uint8Array(0);
  let headerDone = false;
  let tail: Uint8Array = new Uint8Array(0);
  const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  /** Length of a complete gzip header at the start of `h`, or -1 when more bytes are needed. */
  const headerLength = (h: Uint8Array): number => {
    if (h.length < 10) return -1;
    const flags = h[3];
    let at = 10;
    if (flags & 4) {
      if (h.length < at + 2) return -1;
      at += 2 + (h[at] | (h[at + 1] << 8));
    }
    for (const bit of [8, 16]) {
      if (!(flags & bit)) continue;
      while (at < h.length && h[at] !== 0) at++;
      if (at >= h.length) return -1;
      at++;
    }
    if (flags & 2) at += 2;
    return h.length >= at ? at : -1;
  };
  const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  return {
    push(value: Uint8Array): void {
      let bytes = value;
      if (!headerDone) {
        header = concat(header, bytes);
        const n = headerLength(header);
        if (n < 0) return;
        headerDone = true;
        bytes = header.subarray(n);
      }
      const all = tail.length > 0 ? concat(tail, bytes) : bytes;
      const keep = Math.min(8, all.length);
      if (all.length > keep) onData(all.slice(0, all.length - keep));
      tail = all.slice(all.length - keep);
    },
    finish(): { crc: number; size: number } {
      if (tail.length !== 8) throw new Error('gzip stream without its trailer');
      return { crc: u32(tail, 0), size: u32(tail, 4) };
    },
  };
}

/**
 * The runtime's gzip CompressionStream as an entry deflater (native zlib, off the event loop on
 * Node; several times faster than deflating in JS); the edge runtimes use it.
 */
function compressionStreamDeflater(onData: (chunk: Uint8Array<ArrayBuffer>) => void, gzipStream: GzipStream): EntryDeflater {
  const gzip = gzipStream();
  const writer = gzip.writable.getWriter();
  const member = gzipMember(onData);
  const reader = gzip.readable.getReader();
  const done = (async () => {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      member.push(value);
    }
  })();
  done.catch(() => {});
  return {
    write: (bytes) => writer.write(bytes),
    async end() {
      await writer.close();
      await done;
      return member.finish();
    },
    abort: (reason) => writer.abort(reason).catch(() => {}),
  };
}

let makeDeflater: MakeEntryDeflater = (onData) => compressionStreamDeflater(onData, () => new CompressionStream('gzip'));

/**
 * Replaces the CompressionStream for the exports' worksheet (the Node entry: node:zlib's gzip at
 * level 3, written to directly). A CompressionStream deflates at zlib's default level 6, which
 * took longer than encoding the rows: 13 MB of sheet XML in 92-122 ms against 46 ms at level 3,
 * for a file 25 % larger; and its web-stream wrapping cost the event loop about 20 ms per
 * 46,000-line export (docs/domain/read-model.md#exports). Returns the one it replaces.
 */
export function useEntryDeflater(make: MakeEntryDeflater): MakeEntryDeflater {
  const before = makeDeflater;
  makeDeflater = make;
  return before;
}

/**
 * The workbook as a web stream (Node and the edge alike): the sheet is encoded as the reader
 * pulls and deflated on the fly by an EntryDeflater (native zlib), inside a zip written
 * by fflate with data descriptors. The sheet is never held whole, neither as XML nor as zip
 * bytes, and a slow client slows the encoding instead of filling memory.
 */
export function xlsxStream(sheet: StreamedSheet): ReadableStream<Uint8Array> {
  const [name] = sheetNames([{ name: sheet.name, rows: [] }]);
  const shared = { strings: new SharedStrings(), columns: sheet.sharedColumns ?? [] };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let failed = false;
  let enqueued = 0;
  let closing = false;
  const zip = new Zip((error, chunk, final) => {
    if (failed) return;
    if (error) {
      failed = true;
      controller.error(error);
      return;
    }
    if (chunk.length > 0) {
      controller.enqueue(chunk);
      enqueued++;
    }
    if (final) controller.close();
  });
  // The worksheet as a zip entry fed with deflated bytes; checksum and size are written after it.
  const part: ZipInputFile & { ondata: NonNullable<ZipInputFile['ondata']> } = {
    filename: 'xl/worksheets/sheet1.xml',
    size: 0,
    crc: 0,
    compression: 8,
    ondata: () => {},
  };
  const deflater = makeDeflater((chunk) => part.ondata(null, chunk, false));
  // Writes the deflater has not finished yet. A write resolves once its chunk is deflated (off
  // the loop on Node), so awaiting each one would leave the loop idle while the deflater works and
  // the deflater idle while the next rows are encoded; a few in flight let both work at once.
  const inFlight: Promise<void>[] = [];
  const feed = async (bytes: Uint8Array<ArrayBuffer>) => {
    const write = deflater.write(bytes);
    // Awaited below; a failure meanwhile must not count as unhandled.
    write.catch(() => {});
    inFlight.push(write);
    while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
  };
  const settle = async () => {
    while (inFlight.length > 0) await inFlight.shift();
  };
  let rowNo = 1;
  let finished = false;
  // Rows go into bytes directly (row-bytes.ts); each pull's bytes are copied out of it.
  const out = new ByteSink();
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const [file, text] of Object.entries(packageParts([name], true))) {
        const f = new ZipDeflate(file, { level: 6 });
        zip.add(f);
        f.push(strToU8(text), true);
      }
      zip.add(part);
      return feed(strToU8(sheetHead(sheet.colWidths, true) + rowXml(sheet.header, rowNo++, true)));
    },
    async pull() {
      // A pull must end with something queued, or the stream waits for a read that never comes;
      // the deflater holds its output until it has a block's worth, so feed it until it gives.
      const before = enqueued;
      while (!finished && enqueued === before) {
        for (let i = 0; i < ROWS_PER_PULL; i++) {
          const next = sheet.rows.next();
          if (next.done) {
            finished = true;
            break;
          }
          rowBytes(out, next.value, rowNo++, shared);
        }
        if (finished) out.ascii(SHEET_TAIL);
        await feed(out.take());
      }
      if (!finished || closing) return;
      closing = true;
      await settle();
      const { crc, size } = await deflater.end();
      part.crc = crc;
      part.size = size;
      part.ondata(null, new Uint8Array(0), true);
      const strings = new ZipDeflate('xl/sharedStrings.xml', { level: 6 });
      zip.add(strings);
      strings.push(strToU8(shared.strings.xml()), true);
      zip.end();
    },
    async cancel(reason) {
      failed = true;
      await deflater.abort(reason);
    },
  });
}
