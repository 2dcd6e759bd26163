// RFC 4180 CSV over bytes, chunk by chunk (docs/domain/imports.md#reading-a-file).
//
// Encoding: UTF-8 with or without BOM; anything that is not valid UTF-8 is 422 `unreadable_file`
// (a Thai file saved as "CSV" by Excel is TIS-620/Windows-874 and would otherwise import as
// mojibake). One exception: a file starting with a UTF-16 byte-order mark (FF FE or FE FF) is
// decoded as UTF-16 - that is what Excel's "Unicode Text" export writes - and, because that
// export is tab-separated, its rows are split on tabs when its first line holds a tab.
//
// Row numbers are the rows a spreadsheet shows: the header is row 1, a quoted field spanning
// lines is still one row, and a blank line is a row too (so later numbers match Excel).
// Rows whose every field is empty are not delivered.
//
// Caps (limits.ts) are checked as the text is scanned, before a record is complete: a field
// longer than a cell may be is 422 `cell_too_long`, a record with more fields than a sheet has
// columns is 422 `too_many_columns`; nothing after it is read.
import type { Steps } from '../../lib/steps';
import { cellTooLong, ImportFileError, tooManyColumns } from './errors';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits';
import { CSV_NOT_UTF8_MESSAGE } from './messages';

export interface CsvRow {
  rowNo: number;
  cells: string[];
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface CsvLimits {
  maxFieldChars: number;
  maxFields: number;
}

export const CSV_LIMITS: CsvLimits = { maxFieldChars: MAX_CELL_CHARS, maxFields: MAX_COLUMNS };

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Splits text into records; text may arrive in pieces cut anywhere. */
export class CsvTextParser {
  private buf = '';
  private rowNo = 0;
  /** Reused per record; rows get an exact-size copy (a pushed-to array keeps spare capacity). */
  private readonly scratch: string[] = [];

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    private readonly delimiter = ',',
    private readonly limits: CsvLimits = CSV_LIMITS,
  ) {}

  private fieldTooLong(): ImportFileError {
    return cellTooLong(this.limits.maxFieldChars, this.rowNo + 1);
  }

  private tooManyFields(): ImportFileError {
    return tooManyColumns(this.limits.maxFields, this.rowNo + 1);
  }

  push(text: string): void {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.parse(false);
  }

  end(): void {
    this.parse(true);
    this.buf = '';
  }

  private parse(final: boolean): void {
    const s = this.buf;
    let pos = 0;
    while (pos < s.length) {
      const next = this.record(s, pos, final);
      if (next < 0) break;
      pos = next;
    }
    this.buf = pos === 0 ? s : s.slice(pos);
  }

  /** Reads one record at `start`; returns the index after it, or -1 when it is not complete yet. */
  private record(s: string, start: number, final: boolean): number {
    const n = s.length;
    const d = this.delimiter.charCodeAt(0);
    const cells = this.scratch;
    cells.length = 0;
    let i = start;
    for (;;) {
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (value.length + ((q < 0 ? n : q) - j) > this.limits.maxFieldChars) throw this.fieldTooLong();
          if (q < 0) {
            if (!final) return -1;
            value += s.slice(j); // unterminated quote: keep the rest, as spreadsheets do
            i = n;
            break;
          }
          if (q + 1 >= n && !final) return -1; // cannot tell `"` from `""` yet
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += s.slice(j, q);
          i = q + 1;
          break;
        }
        // Text after the closing quote (`"a"b`) is not RFC 4180; keep it rather than fail.
        let k = i;
        while (k < n) {
          const c = s.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        if (k > i) value += s.slice(i, k);
        if (value.length > this.limits.maxFieldChars) throw this.fieldTooLong();
        cells.push(value);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = s.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        if (k - i > this.limits.maxFieldChars) throw this.fieldTooLong();
        cells.push(s.slice(i, k));
        i = k;
      }
      if (cells.length > this.limits.maxFields) throw this.tooManyFields();
      if (i >= n) {
        if (!final) return -1;
        this.emit(cells);
        return n;
      }
      const c = s.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return -1; // CR LF may be split across pieces
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      this.emit(cells);
      return i;
    }
  }

  private emit(cells: string[]): void {
    this.rowNo++;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== '') {
        this.onRow({ rowNo: this.rowNo, cells: cells.slice() });
        return;
      }
    }
  }
}

function notUtf8(): ImportFileError {
  return new ImportFileError('unreadable_file', CSV_NOT_UTF8_MESSAGE);
}

/** UTF-16 without relying on the runtime's TextDecoder labels (edge runtimes vary). */
class Utf16Decoder {
  private carry = -1;

  constructor(private readonly littleEndian: boolean) {}

  decode(bytes: Uint8Array, final: boolean): string {
    let start = 0;
    let out = '';
    const units: number[] = [];
    if (this.carry >= 0 && bytes.length > 0) {
      units.push(this.unit(this.carry, bytes[0]));
      start = 1;
      this.carry = -1;
    }
    const end = start + ((bytes.length - start) & ~1);
    const CHUNK = 8192;
    for (let i = start; i < end; i += 2) {
      units.push(this.unit(bytes[i], bytes[i + 1]));
      if (units.length === CHUNK) {
        out += String.fromCharCode.apply(null, units);
        units.length = 0;
      }
    }
    out += String.fromCharCode.apply(null, units);
    if (end < bytes.length) this.carry = bytes[end];
    if (final && this.carry >= 0) throw notUtf8(); // odd byte count
    return out;
  }

  private unit(a: number, b: number): number {
    return this.littleEndian ? a | (b << 8) : (a << 8) | b;
  }
}

/** Byte-level CSV reader: detects the encoding from the first bytes, then streams. */
export class CsvReader {
  private head: Uint8Array | null = new Uint8Array(0);
  private decode: ((bytes: Uint8Array, final: boolean) => string) | null = null;
  private parser: CsvTextParser | null = null;
  /** UTF-16 only: text held until the first line shows whether it is tab-separated. */
  private pendingFirstLine: string | null = null;
  encoding: CsvEncoding = 'utf-8';
  delimiter = ',';

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    private readonly limits: CsvLimits = CSV_LIMITS,
  ) {}

  push(bytes: Uint8Array): void {
    if (this.head) {
      const merged = new Uint8Array(this.head.length + bytes.length);
      merged.set(this.head);
      merged.set(bytes, this.head.length);
      if (merged.length < 3) {
        this.head = merged;
        return;
      }
      this.head = null;
      bytes = this.start(merged);
    }
    this.feed(this.decodeChunk(bytes, false));
  }

  end(): void {
    if (this.head) {
      const rest = this.start(this.head);
      this.head = null;
      this.feed(this.decodeChunk(rest, true));
    } else {
      this.feed(this.decodeChunk(new Uint8Array(0), true));
    }
    if (this.pendingFirstLine !== null) this.openParser(this.pendingFirstLine);
    this.parser?.end();
  }

  /** Picks the decoder from the byte-order mark; returns the bytes after it. */
  private start(bytes: Uint8Array): Uint8Array {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      this.encoding = 'utf-16le';
      const d = new Utf16Decoder(true);
      this.decode = (b, f) => d.decode(b, f);
      this.pendingFirstLine = '';
      return bytes.subarray(2);
    }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      this.encoding = 'utf-16be';
      const d = new Utf16Decoder(false);
      this.decode = (b, f) => d.decode(b, f);
      this.pendingFirstLine = '';
      return bytes.subarray(2);
    }
    // fatal: invalid UTF-8 must fail, not become U+FFFD. The default ignoreBOM=false drops a BOM.
    const td = new TextDecoder('utf-8', { fatal: true });
    this.decode = (b, f) => td.decode(b, { stream: !f });
    return bytes;
  }

  private decodeChunk(bytes: Uint8Array, final: boolean): string {
    try {
      return this.decode!(bytes, final);
    } catch (e) {
      if (e instanceof ImportFileError) throw e;
      throw notUtf8();
    }
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (this.pendingFirstLine !== null) {
      this.pendingFirstLine += text;
      const nl = this.pendingFirstLine.search(/[\r\n]/);
      if (nl < 0) return;
      const held = this.pendingFirstLine;
      this.pendingFirstLine = null;
      this.openParser(held, held.slice(0, nl).includes('\t'));
      return;
    }
    if (!this.parser) this.parser = new CsvTextParser(this.onRow, this.delimiter, this.limits);
    this.parser.push(text);
  }

  private openParser(text: string, tabs = text.includes('\t')): void {
    this.pendingFirstLine = null;
    if (tabs) this.delimiter = '\t';
    this.parser = new CsvTextParser(this.onRow, this.delimiter, this.limits);
    this.parser.push(text);
  }
}

export interface CsvParseResult {
  rows: CsvRow[];
  encoding: CsvEncoding;
  delimiter: string;
}

/** Whole file at once; `onRow` (optional) sees each row as it is parsed and may throw to stop. */
export function parseCsv(bytes: Uint8Array, onRow?: (row: CsvRow) => void, limits?: CsvLimits): CsvParseResult {
  const rows: CsvRow[] = [];
  const reader = new CsvReader(onRow ?? ((r) => rows.push(r)), limits);
  // One decode for the whole buffer is fastest; the chunked path is for uploads read in steps.
  reader.push(bytes);
  reader.end();
  return { rows, encoding: reader.encoding, delimiter: reader.delimiter };
}

/** Bytes decoded and parsed per step: a few milliseconds of work between two pauses. */
export const CSV_STEP_BYTES = 256 * 1024;

/**
 * The same in steps (lib/steps), yielding the bytes read by each. `stepBytes`: smaller when each
 * row is also checked as it is read (the rows' work then falls in the same step).
 */
export function* csvSteps(
  bytes: Uint8Array,
  onRow: (row: CsvRow) => void,
  limits?: CsvLimits,
  stepBytes = CSV_STEP_BYTES,
): Steps<void> {
  const reader = new CsvReader(onRow, limits);
  for (let i = 0; i < bytes.length; i += stepBytes) {
    const piece = bytes.subarray(i, i + stepBytes);
    reader.push(piece);
    yield piece.length;
  }
  reader.end();
}
