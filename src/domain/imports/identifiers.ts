// The one identifier normaliser (docs/domain/data-model.md#identifiers) for order ids, SKUs and PO
// numbers. Excel keeps only 15 significant digits, so any id that may already have lost digits is
// refused rather than guessed: a wrong order number silently matches nothing (or the wrong order).
import { forbiddenCharacter } from '../safe-text';
import type { Cell } from './cell';
import { exceedsLength, isBlankToken, removeZeroWidth, trimCell } from './text';

export type IdentifierKind = 'order_id' | 'sku' | 'po';

export const ID_MAX_LENGTH: Readonly<Record<IdentifierKind, number>> = { order_id: 128, sku: 64, po: 128 };

export type IdentifierResult =
  | { ok: true; value: string; warning?: 'id_trailing_zero_removed' }
  | { ok: false; code: 'missing' | 'id_not_exact' | 'field_too_long' }
  /** A control or bidi character (safe-text.ts), named as `U+XXXX`. */
  | { ok: false; code: 'invalid_characters'; char: string };

const MISSING = { ok: false, code: 'missing' } as const;
const NOT_EXACT = { ok: false, code: 'id_not_exact' } as const;
const TOO_LONG = { ok: false, code: 'field_too_long' } as const;

/** Largest integer Excel stores exactly (15 digits). */
const MAX_EXACT = 1e15;

/**
 * Letters, digits, `-` and `_`, a letter or digit first, and not an exponent (`12E-3`): what most
 * ids look like, and such a text has nothing to remove, trim or refuse and no decimal to check, so
 * only the blank words and the length are left. One regular expression instead of five: a fresh
 * process runs the checks unoptimised, and 14,000 ids of a sales-status file cost about 10 ms
 * that way (docs/domain/imports.md#performance). Any other text takes the full path below.
 */
const PLAIN_ID_RE = /^(?!\d+[eE]-\d+$)[0-9A-Za-z][0-9A-Za-z_-]*$/;

// Excel always writes the exponent sign (5.77E+17), so requiring it keeps SKUs such as `12E3`.
const EXPONENT_RE = /^[+-]?\d+(?:\.\d*)?[eE][+-]\d+$/;
const DECIMAL_RE = /^(\d+)\.(\d+)$/;

/** Significant digits of `int.frac`: leading zeros and trailing zeros after the point excluded. */
function significantDigits(int: string, frac: string): number {
  const f = frac.replace(/0+$/, '');
  const i = int.replace(/^0+/, '');
  // With no integer part the fraction's leading zeros are not significant either (0.00123).
  return i.length > 0 ? i.length + f.length : f.replace(/^0+/, '').length;
}

function withLimit(value: string, kind: IdentifierKind, warning?: 'id_trailing_zero_removed'): IdentifierResult {
  if (exceedsLength(value, ID_MAX_LENGTH[kind])) return TOO_LONG;
  return warning ? { ok: true, value, warning } : { ok: true, value };
}

/**
 * `missing` maps to `missing_order_id` / `missing_sku` for the caller (a blank PO is simply absent).
 * Case and inner spaces are kept: ids compare exactly.
 */
export function normalizeIdentifier(cell: Cell | undefined, kind: IdentifierKind): IdentifierResult {
  if (cell === null || cell === undefined) return MISSING;
  if (typeof cell === 'number') {
    if (Number.isNaN(cell)) return MISSING;
    if (!Number.isInteger(cell) || Math.abs(cell) >= MAX_EXACT) return NOT_EXACT;
    return withLimit(String(cell), kind);
  }
  // Excel turned the id into a date (e.g. `1-2-2025`): the original text is gone.
  if (typeof cell === 'object') return NOT_EXACT;
  if (typeof cell === 'boolean') return withLimit(cell ? 'TRUE' : 'FALSE', kind);

  if (PLAIN_ID_RE.test(cell)) return isBlankToken(cell) ? MISSING : withLimit(cell, kind);

  let s = trimCell(removeZeroWidth(cell));
  // A leading apostrophe is Excel's "store as text" marker, not part of the id. Trim again so
  // `' 123` cannot produce an id with a leading space.
  if (s.charCodeAt(0) === 0x27) s = trimCell(s.slice(1));
  const char = forbiddenCharacter(s, 'identifier');
  if (char !== null) return { ok: false, code: 'invalid_characters', char };
  if (isBlankToken(s)) return MISSING;
  if (EXPONENT_RE.test(s)) return NOT_EXACT;
  const m = DECIMAL_RE.exec(s);
  if (m) {
    if (significantDigits(m[1], m[2]) > 15) return NOT_EXACT;
    // An integral float such as `1001.0`: pandas-era files wrote ids of blank-holding columns so.
    if (/^0+$/.test(m[2])) return withLimit(m[1], kind, 'id_trailing_zero_removed');
  }
  return withLimit(s, kind);
}
