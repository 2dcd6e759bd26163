// Pure-JS .xlsx reader (Node and edge runtimes): zip directory + string scanning of the parts.
// The worksheet is inflated and scanned in chunks, so memory follows the rows kept, not the XML.
import { parseDateStyles } from './styles';
import { attrByLocalName, attributes, decodeEntities, decodeStringText, elementPrefix, findStartTag, richText, startTags } from './xml';
import { readEntry, readZipDirectory, streamEntry, ZipError, type ZipEntry } from './zip';

/** A date-formatted numeric cell. `serial` is always in the 1900 date system (day 0 = 1899-12-30). */
export interface XlsxDateCell {
  kind: 'date';
  serial: number;
}

export type XlsxCell = string | number | boolean | XlsxDateCell | null;

export interface XlsxRow {
  /** The sheet row number the user sees (1-based); gaps in the sheet keep their numbers. */
  rowNo: number;
  /** Dense from column A; a missing cell is null. Never ends with null. */
  cells: XlsxCell[];
}

export interface XlsxSheetInfo {
  name: string;
  /** Zip path of the worksheet part. */
  path: string;
  /** `visible` (default), `hidden` or `veryHidden`. */
  state: string;
}

export type XlsxErrorCode = 'not_zip' | 'not_xlsx' | 'no_worksheet' | 'sheet_not_found' | 'corrupt' | 'too_large';

/** Every failure to read a workbook; the import layer maps it to 422 `unreadable_file`. */
export class XlsxError extends Error {
  constructor(
    readonly code: XlsxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxError';
  }
}

export interface ReadXlsxOptions {
  /** Sheet name (exact) or 0-based index among worksheets; default the first worksheet. */
  sheet?: string | number;
  /** Cap on inflated workbook/styles/sharedStrings parts (decompression-bomb guard). */
  maxPartBytes?: number;
  /** Cap on the inflated worksheet XML. */
  maxSheetBytes?: number;
}

export interface XlsxReadResult {
  sheet: XlsxSheetInfo;
  date1904: boolean;
}

const DEFAULT_MAX_PART = 256 * 1024 * 1024;
const DEFAULT_MAX_SHEET = 1024 * 1024 * 1024;
/** Days between the 1900 and 1904 epochs. */
const DAYS_1904 = 1462;

// ---------------------------------------------------------------------------------------------
// Workbook structure

interface Workbook {
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
  sheets: XlsxSheetInfo[];
  date1904: boolean;
  sharedStringsPath: string | null;
  stylesPath: string | null;
  maxPart: number;
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder().decode(bytes); // strips a UTF-8 BOM
}

function part(wb: Pick<Workbook, 'bytes' | 'entries' | 'maxPart'>, path: string): string | null {
  const entry = wb.entries.get(path.toLowerCase());
  return entry ? decodeXml(readEntry(wb.bytes, entry, wb.maxPart)) : null;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/** Resolve a relationship target against the folder of the part that owns the rels file. */
function resolveTarget(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

interface Rel {
  type: string;
  target: string;
}

function parseRels(xml: string | null, baseDir: string): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  if (!xml) return rels;
  const p = elementPrefix(xml, 'Relationships') ?? '';
  for (const tag of startTags(xml, p + 'Relationship')) {
    const a = attributes(tag);
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
    rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(baseDir, a.Target) });
  }
  return rels;
}

function relOfType(rels: Map<string, Rel>, suffix: string): string | null {
  for (const r of rels.values()) if (r.type.endsWith(suffix)) return r.target;
  return null;
}

function openWorkbook(bytes: Uint8Array, opts: ReadXlsxOptions): Workbook {
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(bytes);
  } catch (e) {
    throw new XlsxError('not_zip', (e as Error).message);
  }
  const maxPart = opts.maxPartBytes ?? DEFAULT_MAX_PART;
  const base = { bytes, entries, maxPart };
  try {
    const rootRels = parseRels(part(base, '_rels/.rels'), '');
    const workbookPath = relOfType(rootRels, '/officeDocument') ?? 'xl/workbook.xml';
    const workbookXml = part(base, workbookPath);
    if (workbookXml === null) throw new XlsxError('not_xlsx', 'no workbook part: not an .xlsx file');
    const baseDir = dirOf(workbookPath);
    const wbRels = parseRels(part(base, baseDir + '_rels/' + workbookPath.slice(baseDir.length) + '.rels'), baseDir);
    const p = elementPrefix(workbookXml, 'workbook') ?? '';

    let date1904 = false;
    for (const tag of startTags(workbookXml, p + 'workbookPr')) {
      const v = attributes(tag).date1904;
      date1904 = v === '1' || v === 'true';
    }

    const sheets: XlsxSheetInfo[] = [];
    for (const tag of startTags(workbookXml, p + 'sheet')) {
      const a = attributes(tag);
      const rel = wbRels.get(attrByLocalName(a, 'id') ?? '');
      // Chart sheets and dialog sheets are listed too; only worksheets hold cells.
      if (!rel || !rel.type.endsWith('/worksheet')) continue;
      sheets.push({ name: a.name ?? '', path: rel.target, state: a.state ?? 'visible' });
    }
    if (sheets.length === 0 && entries.has('xl/worksheets/sheet1.xml')) {
      sheets.push({ name: 'Sheet1', path: 'xl/worksheets/sheet1.xml', state: 'visible' });
    }
    return {
      ...base,
      sheets,
      date1904,
      sharedStringsPath: relOfType(wbRels, '/sharedStrings') ?? 'xl/sharedStrings.xml',
      stylesPath: relOfType(wbRels, '/styles') ?? 'xl/styles.xml',
    };
  } catch (e) {
    throw asXlsxError(e);
  }
}

function asXlsxError(e: unknown): unknown {
  if (e instanceof ZipError) return new XlsxError(/too large/.test(e.message) ? 'too_large' : 'corrupt', e.message);
  return e;
}

function parseSharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const p = elementPrefix(xml, 'sst') ?? '';
  const open = '<' + p + 'si';
  const close = '</' + p + 'si>';
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const s = findStartTag(xml, open, i);
    if (s < 0) break;
    const gt = xml.indexOf('>', s);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 0x2f) {
      out.push('');
      i = gt + 1;
      continue;
    }
    const e = xml.indexOf(close, gt);
    if (e < 0) break;
    out.push(detach(richText(xml, gt + 1, e, p)));
    i = e + close.length;
  }
  return out;
}

/** Worksheets of the workbook, in tab order. */
export function listSheets(bytes: Uint8Array): XlsxSheetInfo[] {
  return openWorkbook(bytes, {}).sheets;
}

// ---------------------------------------------------------------------------------------------
// Worksheet scanning

/** Column index (0-based) from a cell reference such as `AB12`. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower-case
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
  }
  return n - 1;
}

/** ISO text of a `t="d"` cell -> 1900-system serial (its wall-clock value). */
function isoToSerial(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?/.exec(s.trim());
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Math.round(+(m[7] ?? 0) * 1000));
  return ms / 86_400_000 + 25569;
}

/**
 * V8 keeps a substring as a view on its parent string. Cell strings would then pin every
 * decoded chunk of the sheet; concatenating and slicing makes a flat copy of just the value.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Inline strings repeat a lot (shop, logistics, status on every row); sharing one copy keeps the
 * rows' memory close to a shared-strings workbook's. Bounded so a sheet of unique ids cannot
 * grow it without limit.
 */
class StringPool {
  private readonly map = new Map<string, string>();

  constructor(private readonly max = 50_000) {}

  get(s: string): string {
    if (s.length > 64) return detach(s);
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    // The key must be the detached copy: a sliced key would pin the chunk it came from.
    const own = detach(s);
    if (this.map.size < this.max) this.map.set(own, own);
    return own;
  }
}

class SheetScanner {
  private buf = '';
  private phase: 'pre' | 'data' | 'done' = 'pre';
  private prefix: string | null = null;
  private lastRow = 0;
  private rowOpen = '';
  private rowClose = '';
  private cOpen = '';
  private cClose = '';
  private vOpen = '';
  private vClose = '';
  private isOpen = '';
  private isClose = '';
  private sheetDataClose = '';
  // Attributes of the tag being read, set by readAttrs (avoids an object per cell).
  private aR = '';
  private aT = '';
  private aS = '';
  private readonly pool = new StringPool();
  private readonly scratch: XlsxCell[] = [];

  constructor(
    private readonly sst: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
    private readonly onRow: (row: XlsxRow) => void,
  ) {}

  push(text: string): void {
    if (this.phase === 'done') return;
    this.buf += text;
    if (this.phase === 'pre') this.findSheetData();
    if (this.phase === 'data') this.scanRows(false);
  }

  finish(): void {
    if (this.phase === 'pre') {
      if (this.prefix === null) throw new XlsxError('corrupt', 'worksheet part has no <worksheet> element');
      return; // no <sheetData>: an empty sheet
    }
    if (this.phase === 'data') {
      // scanRows moves phase to 'done' once </sheetData> is seen.
      if (!this.scanRows(true)) throw new XlsxError('corrupt', 'worksheet XML is truncated');
    }
  }

  private findSheetData(): void {
    if (this.prefix === null) {
      this.prefix = elementPrefix(this.buf, 'worksheet');
      if (this.prefix === null) {
        if (this.buf.length > 1 << 20) throw new XlsxError('corrupt', 'worksheet part has no <worksheet> element');
        return;
      }
      const p = this.prefix;
      this.rowOpen = '<' + p + 'row';
      this.rowClose = '</' + p + 'row>';
      this.cOpen = '<' + p + 'c';
      this.cClose = '</' + p + 'c>';
      this.vOpen = '<' + p + 'v';
      this.vClose = '</' + p + 'v>';
      this.isOpen = '<' + p + 'is';
      this.isClose = '</' + p + 'is>';
      this.sheetDataClose = '</' + p + 'sheetData>';
    }
    const i = findStartTag(this.buf, '<' + this.prefix + 'sheetData', 0);
    if (i < 0) {
      // Keep a tail long enough to hold a split `<x:sheetData` tag.
      if (this.buf.length > 256) this.buf = this.buf.slice(-64);
      return;
    }
    const gt = this.buf.indexOf('>', i);
    if (gt < 0) return;
    if (this.buf.charCodeAt(gt - 1) === 0x2f) {
      this.phase = 'done';
      this.buf = '';
      return;
    }
    this.buf = this.buf.slice(gt + 1);
    this.phase = 'data';
  }

  /** Returns true once the end of sheetData was reached. */
  private scanRows(final: boolean): boolean {
    const buf = this.buf;
    let pos = 0;
    for (;;) {
      const r = findStartTag(buf, this.rowOpen, pos);
      if (r < 0) {
        if (buf.indexOf(this.sheetDataClose, pos) >= 0) {
          this.phase = 'done';
          this.buf = '';
          return true;
        }
        // Only text between rows is left; keep a tail that may hold a split `<row`.
        this.buf = final ? '' : buf.slice(Math.max(pos, buf.length - 64));
        return false;
      }
      const gt = buf.indexOf('>', r);
      if (gt < 0) break;
      this.readAttrs(buf, r + this.rowOpen.length, gt);
      const rowNo = this.aR ? parseInt(this.aR, 10) : this.lastRow + 1;
      this.lastRow = rowNo;
      if (buf.charCodeAt(gt - 1) === 0x2f) {
        pos = gt + 1; // <row/>: formatting only
        continue;
      }
      const close = buf.indexOf(this.rowClose, gt);
      if (close < 0) {
        this.lastRow = rowNo - 1; // re-read when the rest arrives
        pos = r;
        break;
      }
      // A slice bounds every search inside the row (indexOf has no end bound).
      const cells = this.readCells(buf.slice(gt + 1, close));
      if (cells.length > 0) this.onRow({ rowNo, cells });
      pos = close + this.rowClose.length;
    }
    this.buf = buf.slice(pos);
    return false;
  }

  /** Sets aR/aT/aS from the attributes between `from` and the tag end `to`. */
  private readAttrs(buf: string, from: number, to: number): void {
    this.aR = '';
    this.aT = '';
    this.aS = '';
    let k = from;
    while (k < to) {
      const eq = buf.indexOf('=', k);
      if (eq < 0 || eq >= to) return;
      let q = eq + 1;
      while (buf.charCodeAt(q) === 0x20) q++;
      const quote = buf[q];
      const end = buf.indexOf(quote, q + 1);
      if (end < 0 || end > to) return;
      let ns = k;
      while (ns < eq && buf.charCodeAt(ns) <= 0x20) ns++;
      let ne = eq;
      while (ne > ns && buf.charCodeAt(ne - 1) <= 0x20) ne--;
      if (ne - ns === 1) {
        const c = buf.charCodeAt(ns);
        if (c === 0x72) this.aR = buf.slice(q + 1, end);
        else if (c === 0x74) this.aT = buf.slice(q + 1, end);
        else if (c === 0x73) this.aS = buf.slice(q + 1, end);
      }
      k = end + 1;
    }
  }

  private readCells(buf: string): XlsxCell[] {
    // Built in a reused scratch array, then copied at its exact size: arrays grown by push keep
    // spare capacity, which for 100,000 rows is megabytes of nothing.
    const cells = this.scratch;
    cells.length = 0;
    let col = -1;
    let i = 0;
    for (;;) {
      const c = findStartTag(buf, this.cOpen, i);
      if (c < 0) break;
      const gt = buf.indexOf('>', c);
      if (gt < 0) break;
      this.readAttrs(buf, c + this.cOpen.length, gt);
      col = this.aR ? columnIndex(this.aR) : col + 1;
      let value: XlsxCell = null;
      if (buf.charCodeAt(gt - 1) === 0x2f) {
        i = gt + 1;
      } else {
        const end = buf.indexOf(this.cClose, gt);
        if (end < 0) break;
        value = this.cellValue(buf.slice(gt + 1, end));
        i = end + this.cClose.length;
      }
      if (value === null || col < 0) continue;
      while (cells.length < col) cells.push(null);
      cells[col] = value;
    }
    return cells.slice();
  }

  /** Text of `<v>` in a cell's content, or null when absent. */
  private vText(cell: string): string | null {
    const v = findStartTag(cell, this.vOpen, 0);
    if (v < 0) return null;
    const gt = cell.indexOf('>', v);
    if (cell.charCodeAt(gt - 1) === 0x2f) return '';
    const e = cell.indexOf(this.vClose, gt);
    return e < 0 ? null : cell.slice(gt + 1, e);
  }

  /** Value of one cell from its content (between `<c ...>` and `</c>`) and the attributes read. */
  private cellValue(cell: string): XlsxCell {
    const t = this.aT;
    if (t === 'inlineStr') {
      const is = findStartTag(cell, this.isOpen, 0);
      if (is >= 0) {
        const gt = cell.indexOf('>', is);
        if (cell.charCodeAt(gt - 1) === 0x2f) return '';
        const e = cell.indexOf(this.isClose, gt);
        return this.pool.get(richText(cell, gt + 1, e < 0 ? cell.length : e, this.prefix ?? ''));
      }
    }
    const v = this.vText(cell);
    if (v === null) return null;
    switch (t) {
      case 's':
        return this.sst[parseInt(v, 10)] ?? null;
      case 'str':
      case 'inlineStr':
      case 'e':
        return this.pool.get(decodeStringText(v));
      case 'b':
        return v.trim() === '1' || v.trim() === 'true';
      case 'd': {
        const serial = isoToSerial(decodeEntities(v));
        return serial === null ? detach(decodeEntities(v)) : { kind: 'date', serial };
      }
      default: {
        if (v.length === 0) return null;
        const n = Number(v);
        if (Number.isNaN(n)) return detach(decodeEntities(v));
        if (this.aS && this.dateStyles[parseInt(this.aS, 10)]) {
          return { kind: 'date', serial: this.date1904 ? n + DAYS_1904 : n };
        }
        return n;
      }
    }
  }
}

function pickSheet(wb: Workbook, sel: string | number | undefined): XlsxSheetInfo {
  if (wb.sheets.length === 0) throw new XlsxError('no_worksheet', 'the workbook has no worksheet');
  if (sel === undefined) return wb.sheets[0];
  const found = typeof sel === 'number' ? wb.sheets[sel] : wb.sheets.find((s) => s.name === sel);
  if (!found) throw new XlsxError('sheet_not_found', `no worksheet ${JSON.stringify(sel)}`);
  return found;
}

/** Streams the rows of one worksheet to `onRow`, in sheet order. Errors thrown by `onRow` propagate. */
export function readXlsxRows(bytes: Uint8Array, onRow: (row: XlsxRow) => void, opts: ReadXlsxOptions = {}): XlsxReadResult {
  const wb = openWorkbook(bytes, opts);
  const sheet = pickSheet(wb, opts.sheet);
  const entry = wb.entries.get(sheet.path.toLowerCase());
  if (!entry) throw new XlsxError('no_worksheet', `worksheet part ${sheet.path} is missing`);
  let sst: string[];
  let dateStyles: boolean[];
  try {
    sst = parseSharedStrings(wb.sharedStringsPath ? part(wb, wb.sharedStringsPath) : null);
    const stylesXml = wb.stylesPath ? part(wb, wb.stylesPath) : null;
    dateStyles = stylesXml ? parseDateStyles(stylesXml) : [];
  } catch (e) {
    throw asXlsxError(e);
  }
  const scanner = new SheetScanner(sst, dateStyles, wb.date1904, onRow);
  let decoder: TextDecoder | null = null;
  try {
    streamEntry(
      bytes,
      entry,
      (chunk) => {
        if (!decoder) decoder = new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : 'utf-8');
        scanner.push(decoder.decode(chunk, { stream: true }));
      },
      opts.maxSheetBytes ?? DEFAULT_MAX_SHEET,
    );
    if (decoder) scanner.push((decoder as TextDecoder).decode());
    scanner.finish();
  } catch (e) {
    throw asXlsxError(e);
  }
  return { sheet, date1904: wb.date1904 };
}

/** All rows of one worksheet (default the first). */
export function readXlsx(bytes: Uint8Array, opts: ReadXlsxOptions = {}): XlsxReadResult & { rows: XlsxRow[] } {
  const rows: XlsxRow[] = [];
  const res = readXlsxRows(bytes, (r) => rows.push(r), opts);
  return { ...res, rows };
}
