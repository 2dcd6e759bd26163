// Row errors and warnings of the cell rules (docs/domain/imports.md#values), named for the field
// they concern: identifiers, free text, shop names, and cells no spreadsheet column can hold.
import { cellToText, type Cell } from '../../domain/imports/cell';
import type { IdentifierResult } from '../../domain/imports/identifiers';
import { thousands } from '../../domain/imports/limits';
import { cleanShopName } from '../../domain/imports/shops';
import type { TableRow } from '../../domain/imports/table';
import { cleanText, type CleanText, type TextProblem } from '../../domain/imports/text';
import { memoByText } from '../../lib/memo';
import type { Issues } from './issues';

export function identifierError(
  issues: Issues,
  rowNo: number,
  result: Extract<IdentifierResult, { ok: false }>,
  missingCode: 'missing_order_id' | 'missing_sku',
  column: string | null,
  cell: Cell | undefined,
  max: number,
): void {
  const value = cellToText(cell ?? null);
  if (result.code === 'missing') issues.error(rowNo, missingCode, column, value);
  else if (result.code === 'field_too_long') issues.error(rowNo, 'field_too_long', column, value, { max });
  else if (result.code === 'invalid_characters')
    issues.error(rowNo, 'invalid_characters', column, value, { char: result.char });
  else issues.error(rowNo, 'id_not_exact', column, value);
}

function problemError(
  issues: Issues,
  rowNo: number,
  problem: TextProblem,
  column: string | null,
  value: string | null,
): void {
  if (problem.code === 'invalid_characters')
    issues.error(rowNo, 'invalid_characters', column, value, { char: problem.char });
  else issues.error(rowNo, 'field_too_long', column, value, { max: thousands(problem.max) });
}

export interface FieldText {
  /** false: the cell is refused (a row error was recorded). */
  ok: boolean;
  value: string | null;
}

/** One text cell through its cleaning rule: a warning when cut, a row error when refused. */
function fieldText(
  issues: Issues,
  rowNo: number,
  column: string | null,
  cell: Cell | undefined,
  clean: (raw: string | null) => CleanText,
): FieldText {
  const raw = cellToText(cell ?? null);
  const r = clean(raw);
  if (r.problem) {
    problemError(issues, rowNo, r.problem, column, raw);
    return { ok: false, value: null };
  }
  if (r.truncated) issues.warn(rowNo, 'text_truncated', {}, column);
  return { ok: true, value: r.value };
}

const cleanFreeText = (raw: string | null) => cleanText(raw);

/**
 * Free text (item name, logistics, brand, model, status, note): cut past 255, refused past the cap.
 * `clean` may be a remembered copy of the rule (src/lib/memo.ts): the issues are still per row.
 */
export const textField = (
  issues: Issues,
  rowNo: number,
  column: string | null,
  cell: Cell | undefined,
  clean: (raw: string | null) => CleanText = cleanFreeText,
): FieldText => fieldText(issues, rowNo, column, cell, clean);

/** A shop name cell: the shop rules, then the identifier rule for characters. */
export const shopField = (
  issues: Issues,
  rowNo: number,
  column: string | null,
  cell: Cell | undefined,
  clean: (raw: string | null) => CleanText = cleanShopName,
): FieldText => fieldText(issues, rowNo, column, cell, clean);

/** A cleaning rule remembered per text (null passes through). */
export function rememberedCleaner(clean: (raw: string | null) => CleanText): (raw: string | null) => CleanText {
  const remembered = memoByText<CleanText>(clean);
  return (raw) => (raw === null ? clean(null) : remembered(raw));
}

export const rememberedFreeText = () => rememberedCleaner(cleanFreeText);
export const rememberedShopName = () => rememberedCleaner(cleanShopName);

/** False, with the row error, when the row holds a cell past column XFD (XLSX). */
export function rowInRange(issues: Issues, row: TableRow): boolean {
  if (row.outOfRange === undefined) return true;
  issues.error(row.rowNo, 'column_out_of_range', row.outOfRange.replace(/\d+$/, ''), null, { cell: row.outOfRange });
  return false;
}
