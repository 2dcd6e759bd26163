// A failure of the whole attempt: answered with the error envelope and logged as `failed`, the
// log row (with its one error) and the audit row being the attempt's only writes.
import { ImportFileError } from '../../domain/imports/errors';
import { AppError, type ErrorDetail } from '../../errors';
import { SheetError } from '../../sheets/types';
import { rootCauseMessage, storageFaultOf } from '../../storage';
import { type Attempt, baseRecord, type ImportsEnv } from './attempt';
import { auditImport } from './audit';
import { type ImportRecord, insertImportRow, insertIssues } from './log';
import { rawSql } from './sql';
import { zeroCounts } from './types';

export type FileLevel = ImportFileError | SheetError | AppError;

export function isFileLevel(e: unknown): e is FileLevel {
  return (
    e instanceof ImportFileError ||
    e instanceof SheetError ||
    (e instanceof AppError && [400, 413, 422].includes(e.status))
  );
}

function toAppError(e: FileLevel): AppError {
  if (e instanceof AppError) return e;
  const details = Array.isArray(e.details) ? e.details : e.details ? [e.details] : [];
  return new AppError(e.code, e.message, details as ErrorDetail[]);
}

/** Writes the `failed` log row (its only write) and returns the error to answer with. */
export async function recordFailure(env: ImportsEnv, a: Attempt, error: FileLevel): Promise<AppError> {
  const appError = toAppError(error);
  try {
    await env.storage.transaction(async (tx, sql) => {
      const now = env.clock();
      const record: ImportRecord = {
        ...baseRecord(a, now),
        status: 'failed',
        counts: { ...zeroCounts(), rows: a.rows ?? 0 },
        errorsCount: 1,
        warningsCount: 0,
        summary: {
          shopsCreated: [],
          rejectedKeys: [],
          columnMap: a.columnMap ?? {},
          keys: {},
          failure: { code: appError.code, message: appError.message },
        },
      };
      const db = rawSql(sql);
      const id = await insertImportRow(db, record);
      await insertIssues(
        db,
        id,
        [{ row: null, column: null, value: null, code: appError.code, message: appError.message, severity: 'error' }],
        [],
      );
      await auditImport(tx, db, a, id, record, now, { code: appError.code });
    });
  } catch (logError) {
    if (storageFaultOf(logError))
      env.log.warn(`Could not write the log row of a failed ${a.kind} import: ${rootCauseMessage(logError)}`, {
        requestId: a.actor.requestId,
      });
    else env.log.error('Could not write the log row of a failed import', { error: logError as Error });
  }
  return appError;
}
