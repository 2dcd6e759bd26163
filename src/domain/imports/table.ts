// One table shape for every source (CSV, XLSX, Google Sheets values), plus file-type detection
// and the row limit (imports 1 and 2.1).
import { readXlsxRows, XlsxError } from '../../xlsx/read';
import { cellToText, isEmptyCell, type Cell } from './cell';
import { parseCsv } from './csv';
import { ImportFileError } from './errors';

export type { Cell } from './cell';

export interface TableRow {
  /** Sheet row number as the user sees it; the header is row 1. */
  rowNo: number;
  /** Not padded: a column past the end is an absent (null) cell, see `cellAt`. */
  cells: Cell[];
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

export const MAX_DATA_ROWS = 100_000;

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

/** Collects rows: row 1 is the header, empty rows are dropped, more than `max` data rows throws. */
class TableBuilder {
  header: string[] = [];
  rows: TableRow[] = [];

  constructor(private readonly max: number) {}

  add(rowNo: number, cells: Cell[]): void {
    if (rowNo === 1) {
      this.header = cells.map((c) => cellToText(c) ?? '');
      return;
    }
    if (rowNo < 1 || cells.every(isEmptyCell)) return;
    if (this.rows.length >= this.max) throw new ImportFileError('too_many_rows', undefined, { max: this.max });
    this.rows.push({ rowNo, cells });
  }
}

export interface ReadTableOptions {
  fileName?: string;
  /** XLSX sheet name or 0-based index; default the first worksheet (imports 2.1). */
  sheet?: string | number;
  maxRows?: number;
}

/** Reads an uploaded file. Throws ImportFileError (unsupported_type, unreadable_file, too_many_rows). */
export function readTable(bytes: Uint8Array, opts: ReadTableOptions = {}): Table {
  const fileType = detectFileType(bytes, opts.fileName);
  const builder = new TableBuilder(opts.maxRows ?? MAX_DATA_ROWS);
  if (fileType === 'csv') {
    parseCsv(bytes, (r) => builder.add(r.rowNo, r.cells));
    return { header: builder.header, rows: builder.rows, fileType };
  }
  try {
    const res = readXlsxRows(bytes, (r) => builder.add(r.rowNo, r.cells), { sheet: opts.sheet });
    return { header: builder.header, rows: builder.rows, fileType, sheetName: res.sheet.name };
  } catch (e) {
    if (e instanceof XlsxError) throw new ImportFileError('unreadable_file', undefined, { reason: e.code });
    throw e;
  }
}

/**
 * Google Sheets `values.get` (FORMATTED_VALUE) or the public CSV export parsed elsewhere: row i
 * of `values` is sheet row i + 1. Cells stay text, so ids keep their zeros.
 */
export function tableFromValues(values: readonly (readonly (string | null | undefined)[])[], maxRows = MAX_DATA_ROWS): Omit<Table, 'fileType'> {
  const builder = new TableBuilder(maxRows);
  values.forEach((row, i) => builder.add(i + 1, row.map((c) => c ?? null)));
  return { header: builder.header, rows: builder.rows };
}
