// The imports service: runs an import (run.ts: phase 1 in prepare.ts, phase 2 in commit.ts), logs
// an upload refused before reading (failure.ts), and reads and clears the import log (queries.ts).
import type { Actor } from '../context';
import type { ImportHooks, ImportsDeps, ImportsEnv } from './attempt';
import { newAttempt } from './attempt';
import { recordFailure } from './failure';
import { createImportLogService } from './queries';
import { quietRefresh } from './quiet-refresh';
import { runImport } from './run';
import type { AppError } from '../../errors';
import type { ImportInput, ImportKind, ImportOptions } from './types';

export type { ImportKind, ImportOptions, ImportInput } from './types';
export type { ImportView } from './log';

export function createImportsService(deps: ImportsDeps) {
  const { storage, clock } = deps;
  const hooks: ImportHooks = {};
  const env: ImportsEnv = {
    ...deps,
    checkpoint: deps.checkpoint ?? (async () => {}),
    hooks,
    activity: deps.refreshAfter && quietRefresh(deps.refreshAfter),
  };

  return {
    hooks,
    run: (kind: ImportKind, input: ImportInput, options: ImportOptions, actor: Actor) =>
      runImport(env, kind, input, options, actor),
    /** Logs an attempt refused before its file was read (413 and the like) and returns the error. */
    failUpload: (kind: ImportKind, input: ImportInput, options: ImportOptions, actor: Actor, error: AppError) =>
      recordFailure(env, newAttempt(kind, input, options, actor, clock()), error),
    ...createImportLogService({ storage, clock }),
    /** The imports' clock: the pages hold an uploaded file until a time read from it (a test clock moves both). */
    now: () => clock(),
  };
}
