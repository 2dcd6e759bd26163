// Characters no stored text may carry, for imports and JSON bodies alike.
//
// - C0 and C1 control characters (U+0000-001F, U+007F-009F), NUL included: a SKU
//   `AL-CASE-001<NUL>shadow` is stored whole but reads back as `AL-CASE-001` in some clients, so
//   it passes the duplicate check and then shows up as a second `AL-CASE-001`.
// - Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069): they make text display
//   in another order than it compares, so two "equal-looking" order numbers differ.
//
// Identifiers (order numbers, SKUs, PO numbers, shop names) refuse all of them. Free text
// (product names, notes, carriers, statuses) keeps tab, line feed and carriage return: Excel
// itself puts a line break in a cell (Alt+Enter), and they cannot hide or reorder anything.

export type TextKind = 'identifier' | 'text';

const BIDI = '\\u202A-\\u202E\\u2066-\\u2069';
const IDENTIFIER_CLASS = `\\u0000-\\u001F\\u007F-\\u009F${BIDI}`;
const TEXT_CLASS = `\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI}`;

const FORBIDDEN: Record<TextKind, RegExp> = {
  identifier: new RegExp(`[${IDENTIFIER_CLASS}]`),
  text: new RegExp(`[${TEXT_CLASS}]`),
};

/** Whole-string patterns for request schemas (they also appear in the OpenAPI document). */
export const CLEAN_PATTERN: Record<TextKind, RegExp> = {
  identifier: new RegExp(`^[^${IDENTIFIER_CLASS}]*$`),
  text: new RegExp(`^[^${TEXT_CLASS}]*$`),
};

const codePointLabel = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first forbidden character as `U+XXXX`, or null when the text is clean. */
export function forbiddenCharacter(s: string, kind: TextKind): string | null {
  const m = FORBIDDEN[kind].exec(s);
  return m ? codePointLabel(m[0]) : null;
}

/** Thai message naming the character, for row errors and 400 answers alike. */
export function forbiddenCharacterMessage(label?: string): string {
  return `มีอักขระควบคุมหรืออักขระสลับทิศทางข้อความ${label ? ` (${label})` : ''} ซึ่งไม่อนุญาต กรุณาลบออกแล้วลองใหม่`;
}

const ANY_FORBIDDEN = new RegExp(`[${IDENTIFIER_CLASS}]`, 'g');

/**
 * The text with every control or bidi character written as `<U+XXXX>`, for showing a refused
 * value back (error lists, logs) without the character doing what it was put there to do.
 */
export function showForbidden(s: string): string {
  return FORBIDDEN.identifier.test(s) ? s.replace(ANY_FORBIDDEN, (c) => `<${codePointLabel(c)}>`) : s;
}
