// Pure-JS .xlsx reader (Node and edge runtimes): zip directory + string scanning of the parts.
// The worksheet and the shared strings are inflated and scanned in chunks, cell by cell, so
// memory follows the cells kept, not the XML, and every cap (inflated bytes and ratio, zip
// entries, one cell's length, a row's width) stops the reading the moment it is crossed.
import { runSteps, type Steps } from '../lib/steps';
import { parseDateStyles } from './styles';
import {
  attrByLocalName,
  attributes,
  decodeEntities,
  decodeStringText,
  elementPrefix,
  findStartTag,
  richText,
  startTags,
} from './xml';
import {
  readEntry,
  readZipDirectory,
  streamEntry,
  ZipError,
  type InflateLimits,
  type ZipEntry,
  type ZipLimit,
} from './zip';

/** A date-formatted numeric cell. `serial` is always in the 1900 date system (day 0 = 1899-12-30). */
export interface XlsxDateCell {
  kind: 'date';
  serial: number;
}

export type XlsxCell = string | number | boolean | XlsxDateCell | null;

export interface XlsxRow {
  /** The sheet row number the user sees (1-based); gaps in the sheet keep their numbers. */
  rowNo: number;
  /**
   * From column A up to the width asked for; a missing cell is null (undefined in a row of a
   * few cells far apart, which is not padded). Never ends with a missing cell.
   */
  cells: XlsxCell[];
  /** The row had a non-empty cell past the width asked for (not kept). */
  beyond?: boolean;
  /** Reference of the first cell past column XFD, Excel's last (such a cell is never kept). */
  outOfRange?: string;
}

export interface XlsxSheetInfo {
  name: string;
  /** Zip path of the worksheet part. */
  path: string;
  /** `visible` (default), `hidden` or `veryHidden`. */
  state: string;
}

export type XlsxErrorCode =
  | 'not_zip'
  | 'not_xlsx'
  | 'no_worksheet'
  | 'sheet_not_found'
  | 'corrupt'
  | 'too_large'
  | 'cell_too_long';

export type XlsxErrorDetails =
  | { limit: ZipLimit; part: string | null; max: number }
  | { limit: 'cell_chars'; max: number; part: string; row?: number; cell?: string };

/**
 * Every failure to read a workbook. `too_large` (a size cap) and `cell_too_long` carry the cap
 * crossed; the import layer maps them to their own codes and the rest to `unreadable_file`.
 */
export class XlsxError extends Error {
  constructor(
    readonly code: XlsxErrorCode,
    message: string,
    readonly details?: XlsxErrorDetails,
  ) {
    super(message);
    this.name = 'XlsxError';
  }
}

export interface XlsxLimits {
  /** Inflated worksheet XML. */
  sheetBytes: number;
  /** Inflated shared strings (held in memory while the sheet is read). */
  sharedStringsBytes: number;
  /** Any other part read: workbook, relationships, styles. */
  partBytes: number;
  /** Inflated : compressed size of a part, judged once it has inflated `ratioFloorBytes`. */
  maxRatio?: number;
  ratioFloorBytes?: number;
  maxEntries: number;
  /** Characters of one cell's text (Excel's own cap is 32,767). */
  cellChars: number;
}

export interface ReadXlsxOptions {
  /** Sheet name (exact) or 0-based index among worksheets; default the first worksheet. */
  sheet?: string | number;
  limits?: Partial<XlsxLimits>;
  /**
   * How many columns of row `rowNo` to keep (cells past it only set `beyond`); default every
   * column up to XFD. Lets a reader that knows its header drop what no field can use.
   */
  width?: (rowNo: number) => number;
}

export interface XlsxReadResult {
  sheet: XlsxSheetInfo;
  date1904: boolean;
}

const DEFAULT_LIMITS: XlsxLimits = {
  sheetBytes: 1024 * 1024 * 1024,
  sharedStringsBytes: 256 * 1024 * 1024,
  partBytes: 256 * 1024 * 1024,
  maxEntries: 65_535,
  cellChars: 32_767,
};
/** Column XFD: a cell past it does not exist in Excel. */
export const XLSX_MAX_COLUMNS = 16_384;
/** A start tag longer than this is not SpreadsheetML. */
const MAX_TAG = 64 * 1024;
/** Raw XML of one cell or shared string: its text, even all escaped (`&#x10FFFF;`), and run markup. */
const maxItemXml = (cellChars: number) => 64 * 1024 + cellChars * 16;
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
  limits: XlsxLimits;
}

const inflateLimits = (limits: XlsxLimits, maxBytes: number): InflateLimits => ({
  maxBytes,
  maxRatio: limits.maxRatio,
  ratioFloorBytes: limits.ratioFloorBytes,
});

function decodeXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder().decode(bytes); // strips a UTF-8 BOM
}

function part(wb: Pick<Workbook, 'bytes' | 'entries' | 'limits'>, path: string): string | null {
  const entry = wb.entries.get(path.toLowerCase());
  return entry ? decodeXml(readEntry(wb.bytes, entry, inflateLimits(wb.limits, wb.limits.partBytes))) : null;
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
  const limits: XlsxLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(bytes, limits.maxEntries);
  } catch (e) {
    if (e instanceof ZipError && e.limit) throw asXlsxError(e);
    throw new XlsxError('not_zip', (e as Error).message);
  }
  const base = { bytes, entries, limits };
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
      if (!rel?.type.endsWith('/worksheet')) continue;
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
  if (e instanceof ZipError)
    return e.limit ? new XlsxError('too_large', e.message, e.limit) : new XlsxError('corrupt', e.message);
  return e;
}

function cellTooLong(limits: XlsxLimits, part: string, row?: number, cell?: string): XlsxError {
  const where = row === undefined ? part : `${part} row ${row}`;
  return new XlsxError('cell_too_long', `a cell of ${where} holds more than ${limits.cellChars} characters`, {
    limit: 'cell_chars',
    max: limits.cellChars,
    part,
    ...(row === undefined ? {} : { row }),
    ...(cell ? { cell } : {}),
  });
}

/** Decodes the chunks of one part (UTF-8, or UTF-16LE when it starts with its byte-order mark). */
function chunkDecoder(): { decode(chunk: Uint8Array): string; end(): string } {
  let decoder: TextDecoder | null = null;
  return {
    decode(chunk) {
      decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : 'utf-8');
      return decoder.decode(chunk, { stream: true });
    },
    end: () => (decoder ? decoder.decode() : ''),
  };
}

/** The `<si>` items of the shared-strings part, scanned as the text arrives. */
class SharedStringsScanner {
  private buf = '';
  private prefix: string | null = null;
  private open = '';
  private close = '';
  readonly out: string[] = [];

  constructor(
    private readonly limits: XlsxLimits,
    private readonly path: string,
  ) {}

  push(text: string): void {
    this.buf += text;
    if (this.prefix === null) {
      this.prefix = elementPrefix(this.buf, 'sst');
      if (this.prefix === null) {
        if (this.buf.length > 1 << 20) throw new XlsxError('corrupt', 'shared strings part has no <sst> element');
        return;
      }
      this.open = '<' + this.prefix + 'si';
      this.close = '</' + this.prefix + 'si>';
    }
    const buf = this.buf;
    let i = 0;
    for (;;) {
      const s = findStartTag(buf, this.open, i);
      if (s < 0) {
        // Only text between items is left; keep a tail that may hold a split `<si`.
        i = Math.max(i, buf.length - 64);
        break;
      }
      const gt = buf.indexOf('>', s);
      if (gt < 0) {
        if (buf.length - s > MAX_TAG) throw new XlsxError('corrupt', 'shared strings part has an unterminated tag');
        i = s;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 0x2f) {
        this.out.push('');
        i = gt + 1;
        continue;
      }
      const e = buf.indexOf(this.close, gt);
      if (e < 0) {
        if (buf.length - gt > maxItemXml(this.limits.cellChars)) throw cellTooLong(this.limits, this.path);
        i = s;
        break;
      }
      const text = richText(buf, gt + 1, e, this.prefix);
      if (text.length > this.limits.cellChars) throw cellTooLong(this.limits, this.path);
      this.out.push(detach(text));
      i = e + this.close.length;
    }
    this.buf = buf.slice(i);
  }
}

function* readSharedStrings(wb: Workbook): Steps<string[]> {
  const entry = wb.sharedStringsPath ? wb.entries.get(wb.sharedStringsPath.toLowerCase()) : undefined;
  if (!entry) return [];
  const scanner = new SharedStringsScanner(wb.limits, entry.name);
  const text = chunkDecoder();
  yield* streamEntry(
    wb.bytes,
    entry,
    (chunk) => scanner.push(text.decode(chunk)),
    inflateLimits(wb.limits, wb.limits.sharedStringsBytes),
  );
  scanner.push(text.end());
  return scanner.out;
}

/** Worksheets of the workbook, in tab order. */
export function listSheets(bytes: Uint8Array, opts: Pick<ReadXlsxOptions, 'limits'> = {}): XlsxSheetInfo[] {
  return openWorkbook(bytes, opts).sheets;
}

// ---------------------------------------------------------------------------------------------
// Worksheet scanning

/**
 * Column index (0-based) from a cell reference such as `AB12`. Past XFD the exact value stops
 * mattering: the result is then only known to be >= XLSX_MAX_COLUMNS.
 */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower-case
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
    if (n > XLSX_MAX_COLUMNS) return n - 1;
  }
  return n - 1;
}

/** ISO text of a `t="d"` cell -> 1900-system serial (its wall-clock value). */
function isoToSerial(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?/.exec(s.trim());
  if (!m) return null;
  const ms = Date.UTC(
    +m[1],
    +m[2] - 1,
    +m[3],
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
    Math.round(+(m[7] ?? 0) * 1000),
  );
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
 * grow it without limit. A column whose texts hardly repeat (order numbers, SKUs of a product
 * master) stops being looked up once its first JUDGE_AFTER texts found fewer than one in eight
 * already there: hashing and storing every unique id cost more than reading the cell.
 */
class StringPool {
  private readonly map = new Map<string, string>();
  /** Per column (the first JUDGED_COLUMNS): texts looked up, texts found; -1 once the column is left out. */
  private readonly looked = new Int32Array(JUDGED_COLUMNS);
  private readonly found = new Int32Array(JUDGED_COLUMNS);

  constructor(private readonly max = 50_000) {}

  get(s: string, col: number): string {
    if (s.length > 64) return detach(s);
    const judged = col >= 0 && col < JUDGED_COLUMNS;
    if (judged && this.looked[col] < 0) return detach(s);
    const hit = this.map.get(s);
    if (judged && ++this.looked[col] === JUDGE_AFTER && this.found[col] * 8 < JUDGE_AFTER) this.looked[col] = -1;
    if (hit !== undefined) {
      if (judged) this.found[col]++;
      return hit;
    }
    // The key must be the detached copy: a sliced key would pin the chunk it came from.
    const own = detach(s);
    if (this.map.size < this.max) this.map.set(own, own);
    return own;
  }
}

const JUDGED_COLUMNS = 256;
const JUDGE_AFTER = 1_024;

/**
 * A cell of the plain shape (SheetScanner.plainCell): reference, style and type attributes in
 * this order, each optional, then `<v>` or an inline `<is><t>` without markup inside.
 */
const PLAIN_CELL =
  /<c(?: r="([A-Za-z]{1,3}[0-9]{1,7})")?(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?>(?:<v>([^<]*)<\/v>|<is><t>([^<]*)<\/t><\/is>)<\/c>/y;

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
  // The row being read: cells are added one by one, so a row never has to be buffered whole.
  // They are collected as (column, value) pairs in reused scratch arrays and copied out at the
  // end of the row (arrays grown by push keep spare capacity, megabytes over 100,000 rows).
  private inRow = false;
  private rowNo = 0;
  private col = -1;
  /** Column of the cell being read (becomes `col` once the cell is complete). */
  private cellCol = -1;
  private rowWidth = XLSX_MAX_COLUMNS;
  private beyond = false;
  private outOfRange: string | undefined = undefined;
  private readonly cols: number[] = [];
  private readonly vals: XlsxCell[] = [];
  private maxCol = -1;
  private readonly maxCellXml: number;

  constructor(
    private readonly sst: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
    private readonly onRow: (row: XlsxRow) => void,
    private readonly limits: XlsxLimits,
    private readonly part: string,
    private readonly width?: (rowNo: number) => number,
  ) {
    this.maxCellXml = maxItemXml(limits.cellChars);
  }

  /** Returns false once the end of the sheet data was seen: nothing after it is needed. */
  push(text: string): boolean {
    if (this.phase === 'done') return false;
    this.buf += text;
    if (this.phase === 'pre') this.findSheetData();
    if (this.phase === 'data') this.scanRows();
    return !this.done();
  }

  private done(): boolean {
    return this.phase === 'done';
  }

  finish(): void {
    if (this.phase === 'pre') {
      if (this.prefix === null) throw new XlsxError('corrupt', 'worksheet part has no <worksheet> element');
      return; // no <sheetData>: an empty sheet
    }
    // scanRows moves phase to 'done' once </sheetData> is seen.
    if (this.phase === 'data') throw new XlsxError('corrupt', 'worksheet XML is truncated');
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
    if (gt < 0) {
      if (this.buf.length - i > MAX_TAG) throw new XlsxError('corrupt', 'worksheet part has an unterminated tag');
      return;
    }
    if (this.buf.charCodeAt(gt - 1) === 0x2f) {
      this.phase = 'done';
      this.buf = '';
      return;
    }
    this.buf = this.buf.slice(gt + 1);
    this.phase = 'data';
  }

  private unterminated(buf: string, from: number): void {
    if (buf.length - from > MAX_TAG) throw new XlsxError('corrupt', 'worksheet part has an unterminated tag');
  }

  /** Reads every complete row start, cell and row end in the buffer; keeps what is incomplete. */
  private scanRows(): void {
    const buf = this.buf;
    let pos = 0;
    // End of the current row in `buf`, once searched for (-1: not in the buffer yet).
    let rowEnd = -2;
    for (;;) {
      if (!this.inRow) {
        const r = findStartTag(buf, this.rowOpen, pos);
        if (r < 0) {
          if (buf.indexOf(this.sheetDataClose, pos) >= 0) {
            this.phase = 'done';
            this.buf = '';
            return;
          }
          // Only text between rows is left; keep a tail that may hold a split `<row`.
          pos = Math.max(pos, buf.length - 64);
          break;
        }
        const gt = buf.indexOf('>', r);
        if (gt < 0) {
          this.unterminated(buf, r);
          pos = r;
          break;
        }
        this.readAttrs(buf, r + this.rowOpen.length, gt);
        const rowNo = this.aR ? parseInt(this.aR, 10) : this.lastRow + 1;
        this.lastRow = rowNo;
        pos = gt + 1;
        if (buf.charCodeAt(gt - 1) === 0x2f) continue; // <row/>: formatting only
        this.startRow(rowNo);
        rowEnd = -2;
      }
      if (rowEnd === -2 || (rowEnd >= 0 && rowEnd < pos)) rowEnd = buf.indexOf(this.rowClose, pos);
      const c = findStartTag(buf, this.cOpen, pos, rowEnd < 0 ? buf.length : rowEnd);
      if (c < 0) {
        if (rowEnd >= 0) {
          this.endRow();
          pos = rowEnd + this.rowClose.length;
          continue;
        }
        pos = Math.max(pos, buf.length - 64); // text between cells: keep a tail for a split tag
        break;
      }
      const plain = this.plainCell(buf, c);
      if (plain >= 0) {
        pos = plain;
        continue;
      }
      const gt = buf.indexOf('>', c);
      if (gt < 0) {
        this.unterminated(buf, c);
        pos = c;
        break;
      }
      this.readAttrs(buf, c + this.cOpen.length, gt);
      this.cellCol = this.aR ? columnIndex(this.aR) : this.col + 1;
      let value: XlsxCell = null;
      if (buf.charCodeAt(gt - 1) === 0x2f) {
        pos = gt + 1;
      } else {
        const end = buf.indexOf(this.cClose, gt);
        if (end < 0 || end - gt > this.maxCellXml) {
          if (end >= 0 || buf.length - gt > this.maxCellXml) throw this.cellTooLong();
          pos = c; // the rest of the cell is still to come: read it again whole
          break;
        }
        value = this.cellValue(buf.slice(gt + 1, end));
        if (typeof value === 'string' && value.length > this.limits.cellChars) throw this.cellTooLong();
        pos = end + this.cClose.length;
      }
      this.col = this.cellCol;
      this.addCell(value);
    }
    this.buf = buf.slice(pos);
  }

  /**
   * The cell at `c` when it has the plain shape most writers use (`<c r="B2" s="1" t="s"><v>..</v></c>`
   * or an inline `<is><t>..</t></is>`, attributes in that order, unprefixed): read with one
   * regular expression, which runs as native code even in a fresh process, instead of a dozen
   * searches and slices. Returns the index after the cell, or -1 for any other shape (the
   * general path below reads it, with the same result).
   */
  private plainCell(buf: string, c: number): number {
    if (this.prefix !== '') return -1;
    PLAIN_CELL.lastIndex = c;
    const m = PLAIN_CELL.exec(buf);
    if (m === null || m[0].length > this.maxCellXml) return -1;
    this.aR = m[1] ?? '';
    this.aS = m[2] ?? '';
    this.aT = m[3] ?? '';
    this.cellCol = this.aR ? columnIndex(this.aR) : this.col + 1;
    let value: XlsxCell;
    if (m[5] !== undefined) value = this.aT === 'inlineStr' ? this.pooled(decodeStringText(m[5])) : null;
    else value = this.valueOf(m[4]);
    if (typeof value === 'string' && value.length > this.limits.cellChars) throw this.cellTooLong();
    this.col = this.cellCol;
    this.addCell(value);
    return c + m[0].length;
  }

  /** A text cell's value through the pool, judged by the cell's column. */
  private pooled(s: string): string {
    return this.pool.get(s, this.cellCol);
  }

  private cellTooLong(): XlsxError {
    return cellTooLong(this.limits, this.part, this.rowNo, this.aR ? this.aR.slice(0, 16) : undefined);
  }

  private startRow(rowNo: number): void {
    this.inRow = true;
    this.rowNo = rowNo;
    this.col = -1;
    this.cols.length = 0;
    this.vals.length = 0;
    this.maxCol = -1;
    this.beyond = false;
    this.outOfRange = undefined;
    this.rowWidth = this.width ? Math.min(XLSX_MAX_COLUMNS, this.width(rowNo)) : XLSX_MAX_COLUMNS;
  }

  private addCell(value: XlsxCell): void {
    const col = this.col;
    if (value === null || col < 0) return;
    if (col >= XLSX_MAX_COLUMNS) {
      // Never a column of any array: the row only learns it holds such a cell.
      this.outOfRange ??= this.aR ? this.aR.slice(0, 16) : `column ${col + 1}`;
      return;
    }
    if (col >= this.rowWidth) {
      if (value !== '') this.beyond = true;
      return;
    }
    this.cols.push(col);
    this.vals.push(value);
    if (col > this.maxCol) this.maxCol = col;
  }

  private endRow(): void {
    this.inRow = false;
    const { cols, vals } = this;
    const n = cols.length;
    if (n === 0 && !this.beyond && this.outOfRange === undefined) return;
    let cells: XlsxCell[];
    if (this.maxCol < 2 * n + 64) {
      cells = new Array<XlsxCell>(this.maxCol + 1).fill(null);
      for (let i = 0; i < n; i++) cells[cols[i]] = vals[i];
    } else {
      // A few cells far apart (one in XFD, say): assigned by index, not padded, so the engine
      // keeps only the cells; the gaps read as undefined (a missing cell).
      cells = [];
      for (let i = 0; i < n; i++) cells[cols[i]] = vals[i];
    }
    const row: XlsxRow = { rowNo: this.rowNo, cells };
    if (this.beyond) row.beyond = true;
    if (this.outOfRange !== undefined) row.outOfRange = this.outOfRange;
    this.onRow(row);
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
        return this.pooled(richText(cell, gt + 1, e < 0 ? cell.length : e, this.prefix ?? ''));
      }
    }
    const v = this.vText(cell);
    return v === null ? null : this.valueOf(v);
  }

  /** Value of a cell from the text of its `<v>` and the attributes read. */
  private valueOf(v: string): XlsxCell {
    const t = this.aT;
    switch (t) {
      case 's':
        return this.sst[parseInt(v, 10)] ?? null;
      case 'str':
      case 'inlineStr':
      case 'e':
        return this.pooled(decodeStringText(v));
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

/** Reading one worksheet as steps (lib/steps): run them whole, or with pauses in between. */
export function* readXlsxSteps(
  bytes: Uint8Array,
  onRow: (row: XlsxRow) => void,
  opts: ReadXlsxOptions = {},
): Steps<XlsxReadResult> {
  const wb = openWorkbook(bytes, opts);
  const sheet = pickSheet(wb, opts.sheet);
  const entry = wb.entries.get(sheet.path.toLowerCase());
  if (!entry) throw new XlsxError('no_worksheet', `worksheet part ${sheet.path} is missing`);
  try {
    const sst = yield* readSharedStrings(wb);
    const stylesXml = wb.stylesPath ? part(wb, wb.stylesPath) : null;
    const dateStyles = stylesXml ? parseDateStyles(stylesXml) : [];
    const scanner = new SheetScanner(sst, dateStyles, wb.date1904, onRow, wb.limits, entry.name, opts.width);
    const text = chunkDecoder();
    yield* streamEntry(
      bytes,
      entry,
      (chunk) => scanner.push(text.decode(chunk)),
      inflateLimits(wb.limits, wb.limits.sheetBytes),
    );
    scanner.push(text.end());
    scanner.finish();
  } catch (e) {
    throw asXlsxError(e);
  }
  return { sheet, date1904: wb.date1904 };
}

/** Streams the rows of one worksheet to `onRow`, in sheet order. Errors thrown by `onRow` propagate. */
export function readXlsxRows(
  bytes: Uint8Array,
  onRow: (row: XlsxRow) => void,
  opts: ReadXlsxOptions = {},
): XlsxReadResult {
  return runSteps(readXlsxSteps(bytes, onRow, opts));
}

/** All rows of one worksheet (default the first). */
export function readXlsx(bytes: Uint8Array, opts: ReadXlsxOptions = {}): XlsxReadResult & { rows: XlsxRow[] } {
  const rows: XlsxRow[] = [];
  const res = readXlsxRows(bytes, (r) => rows.push(r), opts);
  return { ...res, rows };
}
