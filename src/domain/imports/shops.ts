// Shop names (docs/domain/imports.md#shop-resolution, docs/domain/data-model.md#shops). Shops are
// identified by (platform, name_key), never by name alone.
import { cleanText, MAX_TEXT_LENGTH, type TextProblem } from './text';

// Only the datalist labels are cut: the legacy cut any trailing `(...)`, merging e.g.
// `Alpha (Official)` into `Alpha`.
const PLATFORM_SUFFIX_RE = /\s\((?:shopee|lazada|tiktok|อื่นๆ)\)$/i;

export interface CleanShopName {
  /** null when blank (the row then falls back to the form's shop, else `missing_shop`). */
  value: string | null;
  truncated: boolean;
  /** The name must be refused (a control or bidi character, or far too long). */
  problem?: TextProblem;
}

/**
 * Trim, `•` -> space, collapse spaces, drop a trailing ` (Shopee)`-style label, max 255. A name
 * identifies its shop, so it follows the identifier rule of safe-text.ts (tabs and line breaks
 * have become spaces by then).
 */
export function cleanShopName(input: string | null | undefined): CleanShopName {
  if (input == null) return { value: null, truncated: false };
  const spaced = input.replace(/•/g, ' ').replace(/\s+/g, ' ');
  const base = cleanText(spaced, Number.MAX_SAFE_INTEGER, 'identifier');
  if (base.value === null || base.problem) return base;
  const stripped = base.value.replace(PLATFORM_SUFFIX_RE, '').trim();
  if (stripped === '') return { value: null, truncated: false };
  return cleanText(stripped, MAX_TEXT_LENGTH, 'identifier');
}

/** Lookup key: the cleaned name, NFC, whitespace collapsed, lower-cased. */
export function shopNameKey(cleanedName: string): string {
  return cleanedName.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}
