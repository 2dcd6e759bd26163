// An import attempt from request to answer: phase 1 (prepare.ts) reads and validates the whole
// input without writing; phase 2 (commit.ts) writes everything in ONE transaction. Every attempt
// leaves exactly one `imports` row: for a failed, rejected or dry-run attempt that row (with its
// errors and the audit row) is the only write (docs/domain/imports.md#transactions-and-statuses).
import { AppError } from '../../errors';
import { storageFaultError } from '../../storage-faults';
import { storageFaultOf } from '../../storage';
import type { Actor } from '../context';
import { type Attempt, type ImportsEnv, newAttempt } from './attempt';
import { type CommitOutcome, commit } from './commit';
import { isFileLevel, recordFailure } from './failure';
import { type Prepared, prepare } from './prepare';
import type { ImportResult } from './results';
import type { ImportInput, ImportKind, ImportOptions } from './types';

/** Phase 1; a file-level failure is logged and answered with its error. */
async function prepareOrFail(env: ImportsEnv, a: Attempt): Promise<Prepared> {
  try {
    return await prepare(env, a);
  } catch (e) {
    if (isFileLevel(e)) throw await recordFailure(env, a, e);
    throw e;
  }
}

/** Phase 2; when the transaction rolled back (no data, no log row), the attempt is logged on its own. */
async function commitOrFail(env: ImportsEnv, a: Attempt, prepared: Prepared): Promise<CommitOutcome> {
  try {
    return await commit(env, a, prepared);
  } catch (error) {
    const fault = storageFaultOf(error);
    const recorded =
      error instanceof AppError
        ? error
        : fault
          ? storageFaultError(fault)
          : new AppError('internal_error', 'เกิดข้อผิดพลาดภายในระบบระหว่างนำเข้า ไม่มีข้อมูลใดถูกบันทึก');
    await recordFailure(env, a, recorded);
    throw error;
  }
}

export async function runImport(
  env: ImportsEnv,
  kind: ImportKind,
  input: ImportInput,
  options: ImportOptions,
  actor: Actor,
): Promise<ImportResult> {
  const a = newAttempt(kind, input, options, actor, env.clock());
  env.activity?.started();
  try {
    const prepared = await prepareOrFail(env, a);
    await env.checkpoint();
    const outcome = await commitOrFail(env, a, prepared);
    if ('conflict' in outcome) throw outcome.conflict;
    if (!a.options.dryRun) env.activity?.committed();
    return outcome.result;
  } finally {
    env.activity?.ended();
  }
}
