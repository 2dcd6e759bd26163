// The value of one spreadsheet cell, as both readers produce it (CSV gives only strings).
import type { XlsxCell, XlsxDateCell } from '../../xlsx/read';

export type DateCell = XlsxDateCell;
export type Cell = XlsxCell;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD[ HH:mm:ss]` wall-clock text of a date cell (what a text column would have shown). */
export function dateCellText(cell: DateCell): string {
  const ms = Math.round((cell.serial - 25569) * 86_400) * 1000;
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Text of a cell for free-text fields and headers. Numbers use JS's shortest round-trip form
 * (1001, not 1001.0); booleans are TRUE/FALSE as Excel shows them. Null stays null.
 */
export function cellToText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return dateCellText(cell);
}

/**
 * A raw cell with nothing in it (the "every raw cell is empty" row rule,
 * docs/domain/imports.md#reading-a-file).
 */
export function isEmptyCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || cell === '';
}
