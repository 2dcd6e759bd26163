// Row errors and warnings of one import, with row numbers as the user sees them (header = 1).
import { importMessage, type MessageParams, type RowErrorCode, type WarningCode } from '../../domain/imports/messages';
import type { ImportKind } from '../../domain/imports/headers';
import { MAX_TEXT_LENGTH } from '../../domain/imports/text';
import { showForbidden } from '../../domain/safe-text';

/**
 * A cell's text as shown back in an error: at most 255 characters (a refused cell may hold
 * 32,767, and every row may refer to it), control and bidi characters made visible.
 */
export function shownValue(value: string | null): string | null {
  if (value === null) return null;
  let v = value;
  if (v.length > MAX_TEXT_LENGTH) {
    const end =
      MAX_TEXT_LENGTH -
      (v.charCodeAt(MAX_TEXT_LENGTH - 1) >= 0xd800 && v.charCodeAt(MAX_TEXT_LENGTH - 1) <= 0xdbff ? 1 : 0);
    v = v.slice(0, end) + '…';
  }
  return showForbidden(v);
}

export interface ImportIssue {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export class Issues {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];

  constructor(private readonly kind: ImportKind) {}

  error(
    row: number | null,
    code: RowErrorCode,
    column: string | null = null,
    value: string | null = null,
    params: MessageParams = {},
  ): void {
    this.errors.push({
      row,
      column,
      value: shownValue(value),
      code,
      message: importMessage(code, params, this.kind),
      severity: 'error',
    });
  }

  warn(
    row: number | null,
    code: WarningCode | string,
    params: MessageParams = {},
    column: string | null = null,
    value: string | null = null,
    message?: string,
  ): void {
    this.warnings.push({
      row,
      column,
      value: shownValue(value),
      code,
      message: message ?? importMessage(code as WarningCode, params, this.kind),
      severity: 'warning',
    });
  }

  /** Errors by row (file order), then warnings by row with file-level ones (row null) first. */
  sorted(): { errors: ImportIssue[]; warnings: ImportIssue[] } {
    const byRow = (a: ImportIssue, b: ImportIssue) => (a.row ?? 0) - (b.row ?? 0);
    return { errors: [...this.errors].sort(byRow), warnings: [...this.warnings].sort(byRow) };
  }
}
