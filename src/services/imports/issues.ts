// Row errors and warnings of one import, with row numbers as the user sees them (header = 1).
import { importMessage, type MessageParams, type RowErrorCode, type WarningCode } from '../../domain/imports/messages';
import type { ImportKind } from '../../domain/imports/headers';

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

  error(row: number | null, code: RowErrorCode, column: string | null = null, value: string | null = null, params: MessageParams = {}): void {
    this.errors.push({ row, column, value, code, message: importMessage(code, params, this.kind), severity: 'error' });
  }

  warn(row: number | null, code: WarningCode | string, params: MessageParams = {}, column: string | null = null, value: string | null = null, message?: string): void {
    this.warnings.push({
      row,
      column,
      value,
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
