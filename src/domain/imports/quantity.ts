// Quantities (docs/domain/imports.md#quantities). The legacy turned anything odd into 1 (orders) or
// 0 (stock); a warehouse then picks the wrong amount, so every unclear value is a row error here.
import type { Cell } from './cell';
import { isBlankToken, removeZeroWidth, trimCell } from './text';

export const ORDER_QTY_MIN = 1;
export const ORDER_QTY_MAX = 100_000;
export const STOCK_QTY_MIN = 0;
export const STOCK_QTY_MAX = 10_000_000;

export type QtyResult = { ok: true; value: number; warning?: 'qty_blank_as_zero' } | { ok: false; code: 'qty_invalid' };

const INVALID = { ok: false, code: 'qty_invalid' } as const;

// Optional sign, digits (plain or grouped by thousands commas), optional all-zero fraction.
const QTY_RE = /^([+-]?)(\d+|\d{1,3}(?:,\d{3})+)(?:\.0+)?$/;

function thaiDigitsToAscii(s: string): string {
  // ๐..๙ are U+0E50..U+0E59.
  return s.replace(/[\u0E50-\u0E59]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0e50 + 0x30));
}

/** Up to nine ASCII digits: the form of nearly every quantity, read without the rules below. */
const PLAIN_QTY_RE = /^[0-9]{1,9}$/;

/** Integer value of a quantity text, or null when the text is not an accepted form. */
export function parseQuantityText(text: string): number | null {
  if (PLAIN_QTY_RE.test(text)) return Number(text);
  const m = QTY_RE.exec(thaiDigitsToAscii(text));
  if (!m) return null;
  const n = Number(m[2].replace(/,/g, ''));
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' && n !== 0 ? -n : n;
}

type Parsed = { blank: true } | { blank: false; value: number | null };

function parseCell(cell: Cell | undefined): Parsed {
  if (cell === null || cell === undefined) return { blank: true };
  if (typeof cell === 'number') return { blank: false, value: Number.isInteger(cell) ? cell : null };
  if (typeof cell !== 'string') return { blank: false, value: null };
  // Plain digits, the form of nearly every quantity: nothing to remove or trim, never a blank word.
  // Read before the cleaning steps, which in a fresh process cost more than the rest of the row
  // (docs/domain/imports.md#performance).
  if (PLAIN_QTY_RE.test(cell)) return { blank: false, value: Number(cell) };
  const s = trimCell(removeZeroWidth(cell));
  if (isBlankToken(s)) return { blank: true };
  return { blank: false, value: parseQuantityText(s) };
}

function inRange(v: number | null, min: number, max: number): QtyResult {
  return v !== null && v >= min && v <= max ? { ok: true, value: v } : INVALID;
}

/** Order line quantity: blank = 1 (Lazada has no qty column: one row per unit); 1 .. 100,000. */
export function parseOrderQty(cell: Cell | undefined): QtyResult {
  const p = parseCell(cell);
  return p.blank ? { ok: true, value: 1 } : inRange(p.value, ORDER_QTY_MIN, ORDER_QTY_MAX);
}

/** Stock quantity: blank = 0 with warning `qty_blank_as_zero`; 0 .. 10,000,000, never negative. */
export function parseStockQty(cell: Cell | undefined): QtyResult {
  const p = parseCell(cell);
  return p.blank
    ? { ok: true, value: 0, warning: 'qty_blank_as_zero' }
    : inRange(p.value, STOCK_QTY_MIN, STOCK_QTY_MAX);
}
