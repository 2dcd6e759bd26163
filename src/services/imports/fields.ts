// Row errors of the identifier normaliser, named for the field they concern.
import { cellToText, type Cell } from '../../domain/imports/cell';
import type { IdentifierResult } from '../../domain/imports/identifiers';
import type { Issues } from './issues';

export function identifierError(
  issues: Issues,
  rowNo: number,
  code: Extract<IdentifierResult, { ok: false }>['code'],
  missingCode: 'missing_order_id' | 'missing_sku',
  column: string | null,
  cell: Cell | undefined,
  max: number,
): void {
  const value = cellToText(cell ?? null);
  if (code === 'missing') issues.error(rowNo, missingCode, column, value);
  else if (code === 'field_too_long') issues.error(rowNo, 'field_too_long', column, value, { max });
  else issues.error(rowNo, 'id_not_exact', column, value);
}
