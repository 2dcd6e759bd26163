// Cell-level rules for legacy values: the ONE identifier normaliser
// (docs/domain/data-model.md#identifiers), free text, counts.
import { normalizeIdentifier, type IdentifierKind } from '../domain/imports/identifiers';
import { cleanText, trimCell, removeZeroWidth } from '../domain/imports/text';

export type LegacyIdentifier =
  | { ok: true; value: string /** Kept as stored: not exact (`id_not_exact`) or too long. */; inexact: boolean }
  | { ok: false };

/**
 * An order number, SKU or PO number of a legacy row through the imports' identifier normaliser:
 * `1001.0` -> `1001`, blanks (`nan`, `-`, ...) are missing. A value the normaliser would refuse as
 * possibly rounded (`2.30526E+14`) is already stored data, so it is kept as the legacy stored it
 * (trimmed) and listed in the report rather than dropped with its order.
 */
export function legacyIdentifier(raw: unknown, kind: IdentifierKind): LegacyIdentifier {
  if (raw === null || raw === undefined) return { ok: false };
  const cell = typeof raw === 'number' ? raw : String(raw);
  const result = normalizeIdentifier(cell, kind);
  if (result.ok) return { ok: true, value: result.value, inexact: false };
  if (result.code === 'missing') return { ok: false };
  const kept = trimCell(removeZeroWidth(String(raw)));
  return kept === '' ? { ok: false } : { ok: true, value: kept, inexact: true };
}

/** Free text (names, notes, logistics, statuses): trimmed, legacy `nan`/`None` -> null, <= 255. */
export function legacyText(raw: unknown, max?: number): string | null {
  if (raw === null || raw === undefined) return null;
  return cleanText(String(raw), max).value;
}

/** A legacy integer column (counts, rounds); text and NULL read as null. */
export function legacyInt(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : null;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return Math.trunc(Number(raw));
  return null;
}

/** SQLAlchemy BOOLEAN: 1/0, sometimes text. */
export function legacyBool(raw: unknown, fallback: boolean): boolean {
  if (raw === null || raw === undefined) return fallback;
  if (typeof raw === 'number' || typeof raw === 'bigint') return Number(raw) !== 0;
  const s = String(raw).trim().toLowerCase();
  if (['1', 'true', 't', 'yes'].includes(s)) return true;
  if (['0', 'false', 'f', 'no', ''].includes(s)) return false;
  return fallback;
}

/** A URL or other raw text where only blank-ness matters (sheet URLs). */
export function legacyUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const t = raw.trim();
  return t === '' || t.toLowerCase() === 'nan' || t.toLowerCase() === 'none' ? null : t;
}
