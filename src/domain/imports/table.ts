// One table shape for every source (CSV, XLSX, Google Sheets values), plus file-type detection
// and the caps on reading (docs/domain/imports.md#reading-a-file, limits.ts).
import { runSteps, runStepsAsync, type Steps } from '../../lib/steps';
import { readXlsxSteps, XlsxError } from '../../xlsx/read';
import { cellToText, isEmptyCell, type Cell } from './cell';
import { CSV_STEP_BYTES, csvSteps } from './csv';
import { cellTooLong, ImportFileError, tooManyColumns } from './errors';
import { MAX_DATA_ROWS, readLimits, type ReadLimits } from './limits';

export type { Cell } from './cell';

export interface TableRow {
  /** Sheet row number as the user sees it; the header is row 1. */
  rowNo: number;
  /**
   * Not padded: a column past the end is an absent (null) cell, see `cellAt`. Only the header's
   * columns are kept: no field can be read from a column without a header.
   */
  cells: Cell[];
  /** XLSX: reference of a cell past column XFD (a row error, `column_out_of_range`). */
  outOfRange?: string;
}

export interface Table {
  /** Row 1 as text ('' for an empty cell); empty when row 1 is empty. */
  header: string[];
  /** Data rows (row 2 on), without the rows whose every cell is empty. */
  rows: TableRow[];
  fileType: FileType;
  /** XLSX: the worksheet read. */
  sheetName?: string;
}

export type FileType = 'csv' | 'xlsx';

export function cellAt(row: TableRow, col: number | undefined): Cell {
  return col === undefined ? null : (row.cells[col] ?? null);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function extension(fileName: string): string {
  const m = /\.([^./\\]+)$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : '';
}

/**
 * `.xlsx` or `.csv` by name; the content decides when they disagree (an .xlsx renamed .csv is
 * still read as a workbook). An old binary workbook (OLE magic, `.xls`) or any other name is
 * `unsupported_type`. Without a name the bytes decide alone.
 */
export function detectFileType(bytes: Uint8Array, fileName?: string): FileType {
  if (startsWith(bytes, OLE_MAGIC)) throw new ImportFileError('unsupported_type');
  const ext = fileName === undefined ? '' : extension(fileName);
  if (fileName !== undefined && ext !== 'xlsx' && ext !== 'csv') throw new ImportFileError('unsupported_type');
  if (startsWith(bytes, ZIP_MAGIC)) return 'xlsx';
  // A named .xlsx that is not a zip cannot be a workbook.
  if (ext === 'xlsx') throw new ImportFileError('unreadable_file');
  return 'csv';
}

/** Every cell empty. A wide row may be sparse (XLSX cells far apart): only its present cells are visited. */
function allEmpty(cells: Cell[]): boolean {
  if (cells.length <= 256) return cells.every(isEmptyCell);
  for (const k in cells) if (!isEmptyCell(cells[k as unknown as number])) return false;
  return true;
}

/** Takes the data rows as they are read, instead of a table holding them all. */
export interface RowSink {
  row(row: TableRow): void;
}

/**
 * Asked once the header is known (before the first data row): a sink for the data rows, or null
 * to collect them in the table.
 */
export type SinkForHeader = (header: string[]) => RowSink | null;

/**
 * Collects rows: row 1 is the header, empty rows are dropped, more than `max` data rows throws.
 * Data rows keep the header's columns only (at least column A, the fallback of
 * docs/domain/imports.md#order-number-lists); a cell past them still makes its row a data row.
 * With `sinkFor`, the data rows go to the sink it gives (the table keeps none of them).
 */
class TableBuilder {
  header: string[] = [];
  rows: TableRow[] = [];
  /** Data rows read (collected or handed to the sink). */
  count = 0;
  /** Known once the first row arrived (rows come in order; without a row 1 there is no header). */
  private keep = 0;
  /** undefined until the first data row asks for it. */
  sink: RowSink | null | undefined = undefined;

  constructor(
    private readonly max: number,
    private readonly sinkFor?: SinkForHeader,
  ) {}

  /** Columns to keep of row `rowNo`. */
  width(rowNo: number): number {
    return rowNo === 1 || this.keep === 0 ? Number.MAX_SAFE_INTEGER : this.keep;
  }

  add(rowNo: number, cells: Cell[], beyond = false, outOfRange?: string): void {
    if (this.keep === 0) this.keep = Math.max(1, rowNo === 1 ? cells.length : 0);
    if (rowNo === 1) {
      this.header = Array.from(cells, (c) => cellToText(c) ?? '');
      return;
    }
    if (cells.length > this.keep) {
      for (let i = this.keep; i < cells.length && !beyond; i++) beyond = !isEmptyCell(cells[i]);
      cells = cells.slice(0, this.keep);
    }
    if (rowNo < 1 || (!beyond && outOfRange === undefined && allEmpty(cells))) return;
    if (this.count >= this.max) throw new ImportFileError('too_many_rows', undefined, { max: this.max });
    this.count++;
    const row: TableRow = outOfRange === undefined ? { rowNo, cells } : { rowNo, cells, outOfRange };
    if (this.sink === undefined) this.sink = this.sinkFor?.(this.header) ?? null;
    if (this.sink) this.sink.row(row);
    else this.rows.push(row);
  }
}

export interface ReadTableOptions {
  fileName?: string;
  /**
   * XLSX sheet name or 0-based index; default the first worksheet
   * (docs/domain/imports.md#reading-a-file).
   */
  sheet?: string | number;
  maxRows?: number;
}

/** The caps an XLSX reader error stands for, as the import's file-level error. */
function fromXlsxError(e: XlsxError): ImportFileError {
  const d = e.details;
  if (e.code === 'too_large' && d) return new ImportFileError('file_too_large_inflated', undefined, [{ ...d }]);
  if (e.code === 'cell_too_long' && d && d.limit === 'cell_chars') return cellTooLong(d.max, d.row, d.cell);
  return new ImportFileError('unreadable_file', undefined, { reason: e.code });
}

function* tableSteps(bytes: Uint8Array, opts: ReadTableOptions, sinkFor?: SinkForHeader): Steps<StreamedTable> {
  const fileType = detectFileType(bytes, opts.fileName);
  const limits: ReadLimits = readLimits(opts.maxRows ?? MAX_DATA_ROWS);
  const builder = new TableBuilder(limits.maxRows, sinkFor);
  if (fileType === 'csv') {
    // Rows checked as they are read make a step about twice the work: half the bytes keep it as short.
    const stepBytes = sinkFor ? CSV_STEP_BYTES / 2 : CSV_STEP_BYTES;
    yield* csvSteps(
      bytes,
      (r) => builder.add(r.rowNo, r.cells),
      { maxFieldChars: limits.maxCellChars, maxFields: limits.maxColumns },
      stepBytes,
    );
    return { header: builder.header, rows: builder.rows, fileType, count: builder.count, sunk: !!builder.sink };
  }
  try {
    const res = yield* readXlsxSteps(bytes, (r) => builder.add(r.rowNo, r.cells, r.beyond, r.outOfRange), {
      sheet: opts.sheet,
      width: (rowNo) => builder.width(rowNo),
      limits: {
        sheetBytes: limits.sheetBytes,
        sharedStringsBytes: limits.sharedStringsBytes,
        partBytes: limits.partBytes,
        maxRatio: limits.maxInflateRatio,
        ratioFloorBytes: limits.ratioFloorBytes,
        maxEntries: limits.maxZipEntries,
        cellChars: limits.maxCellChars,
      },
    });
    return {
      header: builder.header,
      rows: builder.rows,
      fileType,
      sheetName: res.sheet.name,
      count: builder.count,
      sunk: !!builder.sink,
    };
  } catch (e) {
    if (e instanceof XlsxError) throw fromXlsxError(e);
    throw e;
  }
}

/**
 * Reads an uploaded file. Throws ImportFileError (unsupported_type, unreadable_file,
 * too_many_rows, and the caps of limits.ts).
 */
export function readTable(bytes: Uint8Array, opts: ReadTableOptions = {}): Table {
  return plain(runSteps(tableSteps(bytes, opts)));
}

/** The same, giving the event loop a turn between slices of the work (lib/steps). */
export async function readTableAsync(bytes: Uint8Array, opts: ReadTableOptions = {}): Promise<Table> {
  return plain(await runStepsAsync(tableSteps(bytes, opts)));
}

/** A table read with its data rows handed to a sink as they came (`rows` then holds none of them). */
export interface StreamedTable extends Table {
  /** Data rows read. */
  count: number;
  /** Whether a sink took the data rows (false: no data row, or `sinkFor` gave none; they are in `rows`). */
  sunk: boolean;
}

const plain = ({ count: _count, sunk: _sunk, ...table }: StreamedTable): Table => table;

/**
 * Reads an uploaded file handing each data row to the sink `sinkFor` gives for the header, while
 * it is read: checking the rows as they come, nothing holds all of them (the same caps, the same
 * errors, in the same slices as readTableAsync).
 */
export function streamTableAsync(
  bytes: Uint8Array,
  opts: ReadTableOptions,
  sinkFor: SinkForHeader,
): Promise<StreamedTable> {
  return runStepsAsync(tableSteps(bytes, opts, sinkFor));
}

/**
 * Google Sheets `values.get` (FORMATTED_VALUE) or the public CSV export parsed elsewhere: row i
 * of `values` is sheet row i + 1. Cells stay text, so ids keep their zeros. The same caps as a
 * file: a cell longer than a cell may be, a row wider than a sheet, too many rows.
 */
export function tableFromValues(
  values: readonly (readonly (string | null | undefined)[])[],
  maxRows = MAX_DATA_ROWS,
): Omit<Table, 'fileType'> {
  const limits = readLimits(maxRows);
  const builder = new TableBuilder(maxRows);
  values.forEach((row, i) => {
    const rowNo = i + 1;
    if (row.length > limits.maxColumns) throw tooManyColumns(limits.maxColumns, rowNo);
    for (const c of row)
      if (typeof c === 'string' && c.length > limits.maxCellChars) throw cellTooLong(limits.maxCellChars, rowNo);
    builder.add(
      rowNo,
      row.map((c) => c ?? null),
    );
  });
  return { header: builder.header, rows: builder.rows };
}
