// Cell text rules shared by every import kind (docs/domain/imports.md#blank-cells,
// docs/domain/imports.md#free-text).
import { forbiddenCharacter } from '../safe-text';

/** Zero-width space/non-joiner/joiner, word joiner and BOM: invisible, but they break exact matches. */
const ZERO_WIDTH_RE = /[\u200B-\u200D\u2060\uFEFF]/g;
const ZERO_WIDTH_TEST = /[\u200B-\u200D\u2060\uFEFF]/;
// `\s` already covers space, tab, NBSP, BOM and the Unicode spaces; the zero-width set is added
// because it is not whitespace to JS.
const EDGE_RE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

const BLANK_TOKENS = new Set(['', 'nan', 'none', 'null', 'undefined', '#n/a', '-']);

export const MAX_TEXT_LENGTH = 255;
/**
 * Free text is kept up to 255 characters and cut past it (docs/domain/imports.md#free-text); past
 * this length it is refused instead (`field_too_long`): no product name, shop, carrier, status or
 * note is that long, such a cell is another column's data or a paste gone wrong.
 */
export const MAX_TEXT_INPUT_LENGTH = 1_000;

// Conservative: true for every code unit `EDGE_RE` could strip (and some it would not).
function mayBeEdgeSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x85 || c === 0x1680 || c >= 0x2000;
}

/** Trim spaces, tabs, NBSP, zero-width characters and BOM from both ends. */
export function trimCell(s: string): string {
  // Fast path: most cells have nothing to trim.
  if (s.length === 0) return s;
  if (!mayBeEdgeSpace(s.charCodeAt(0)) && !mayBeEdgeSpace(s.charCodeAt(s.length - 1))) return s;
  return s.replace(EDGE_RE, '');
}

/** Remove zero-width characters anywhere in the text (docs/domain/imports.md#free-text). */
export function removeZeroWidth(s: string): string {
  return ZERO_WIDTH_TEST.test(s) ? s.replace(ZERO_WIDTH_RE, '') : s;
}

/** Blank rule (docs/domain/imports.md#blank-cells): applied to an already trimmed string. */
export function isBlankToken(trimmed: string): boolean {
  return trimmed.length <= 9 && BLANK_TOKENS.has(trimmed.toLowerCase());
}

/** Trim, then the blank rule; for raw strings. */
export function isBlankText(s: string | null | undefined): boolean {
  return s == null || isBlankToken(trimCell(removeZeroWidth(s)));
}

/**
 * Header normalisation (docs/domain/imports.md#header-matching); aliases go through the same
 * function.
 */
export function normalizeHeader(s: string): string {
  return removeZeroWidth(s.normalize('NFC')).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Length in code points, so a surrogate pair (emoji) counts once and is never split. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

export function exceedsLength(s: string, max: number): boolean {
  return s.length > max && codePointLength(s) > max;
}

function cutCodePoints(s: string, max: number): string {
  return Array.from(s).slice(0, max).join('');
}

/** Why a text cell is refused (a row error of that name). */
export type TextProblem = { code: 'invalid_characters'; char: string } | { code: 'field_too_long'; max: number };

export interface CleanText {
  /** null when blank. */
  value: string | null;
  /** The value was cut to the limit: the caller adds warning `text_truncated`. */
  truncated: boolean;
  /** Set when the cell must be refused; `value` is then only informative. */
  problem?: TextProblem;
}

/**
 * Free text (item name, logistics, shop, status, note): trim, remove zero-width characters,
 * blank -> null, cut to 255 characters. Case and inner spaces are kept. A control or bidi
 * character (safe-text.ts), or more than MAX_TEXT_INPUT_LENGTH characters, is a `problem`.
 */
export function cleanText(
  s: string | null | undefined,
  max = MAX_TEXT_LENGTH,
  kind: 'text' | 'identifier' = 'text',
): CleanText {
  if (s == null) return { value: null, truncated: false };
  const t = trimCell(removeZeroWidth(s));
  if (isBlankToken(t)) return { value: null, truncated: false };
  const char = forbiddenCharacter(t, kind);
  const problem: TextProblem | undefined =
    char !== null
      ? { code: 'invalid_characters', char }
      : exceedsLength(t, MAX_TEXT_INPUT_LENGTH)
        ? { code: 'field_too_long', max: MAX_TEXT_INPUT_LENGTH }
        : undefined;
  if (!exceedsLength(t, max)) return problem ? { value: t, truncated: false, problem } : { value: t, truncated: false };
  // Cutting may leave a trailing space; trim so the stored value still obeys the trim rule.
  const cut = { value: trimCell(cutCodePoints(t, max)), truncated: true };
  return problem ? { ...cut, problem } : cut;
}
