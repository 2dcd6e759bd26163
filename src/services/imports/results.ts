// The answer of an import and of its log entry: the row errors and warnings as the API shows them.
import type { ImportIssue } from './issues';
import type { ImportView } from './log';

export interface IssueOut {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface WarningOut {
  row: number | null;
  code: string;
  message: string;
}

export interface ImportResult {
  import: ImportView;
  errors: IssueOut[];
  warnings: WarningOut[];
}

export const errorOut = (i: Pick<ImportIssue, 'row' | 'column' | 'value' | 'code' | 'message'>): IssueOut => ({
  row: i.row,
  column: i.column,
  value: i.value,
  code: i.code,
  message: i.message,
});

export const warningOut = (i: Pick<ImportIssue, 'row' | 'code' | 'message'>): WarningOut => ({
  row: i.row,
  code: i.code,
  message: i.message,
});
