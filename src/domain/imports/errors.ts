// File-level failure of the reading phase: the service turns it into the error envelope
// (`{ error: { code, message, details } }`, the status of its code in src/errors.ts), writes the
// `failed` log row, and stops.
import { thousands } from './limits';
import { importMessage, type FileErrorCode, type MessageParams } from './messages';

export class ImportFileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message?: string,
    readonly details?: unknown,
    params?: MessageParams,
  ) {
    super(message ?? importMessage(code, params));
    this.name = 'ImportFileError';
  }
}

/** 422 `cell_too_long`: a cell over `max` characters (row and cell reference when known). */
export function cellTooLong(max: number, row?: number, cell?: string): ImportFileError {
  const detail = { row: row ?? null, ...(cell ? { cell } : {}), maxChars: max };
  return new ImportFileError('cell_too_long', undefined, [detail], {
    max: thousands(max),
    ...(row === undefined ? {} : { row }),
  });
}

/** 422 `too_many_columns`: a row over `max` columns. */
export function tooManyColumns(max: number, row: number): ImportFileError {
  return new ImportFileError('too_many_columns', undefined, [{ row, maxColumns: max }], { max: thousands(max), row });
}
