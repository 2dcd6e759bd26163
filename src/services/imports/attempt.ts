// One import attempt as it goes through the phases, what every step runs with, and the log row
// that every attempt leaves (docs/domain/imports.md#transactions-and-statuses).
import type { Platform } from '../../domain/platform';
import { bangkokDate } from '../../domain/time';
import type { Logger } from '../../log';
import type { SheetsReader } from '../../sheets/types';
import type { StoragePort } from '../../storage';
import type { Actor } from '../context';
import type { Checkpoint } from '../system/shutdown';
import { actorFields, type ImportRecord } from './log';
import type { ReadResult } from './source';
import type { ImportActivity } from './quiet-refresh';
import type { ImportInput, ImportKind, ImportOptions } from './types';

export interface ImportsDeps {
  storage: StoragePort;
  clock: () => number;
  log: Logger;
  sheets: SheetsReader;
  /** Called between phases and batches: throws 503 shutting_down once the service drains. */
  checkpoint?: Checkpoint;
  /** Brings the read model up to date in the background; called once imports have stopped for a moment (quiet-refresh.ts). */
  refreshAfter?: () => void;
}

/** Test seam: lets a test fail the transaction after N rows of a table were written. */
export interface ImportHooks {
  afterBatch?: (table: string, written: number) => void;
}

/** What the import steps run with: the dependencies, the checkpoint (a no-op by default), the hooks. */
export interface ImportsEnv extends ImportsDeps {
  checkpoint: Checkpoint;
  hooks: ImportHooks;
  /** Imports starting, committing and ending, for the refresh after them (absent: none). */
  activity?: ImportActivity;
}

export interface Attempt {
  kind: ImportKind;
  input: ImportInput;
  options: ImportOptions;
  actor: Actor;
  startedAt: number;
  platform: Platform | null;
  shop: string | null;
  read?: ReadResult;
  /** Data rows read (kept when the table itself is released). */
  rows?: number;
  columnMap?: Record<string, string>;
}

export const newAttempt = (
  kind: ImportKind,
  input: ImportInput,
  options: ImportOptions,
  actor: Actor,
  startedAt: number,
): Attempt => ({ kind, input, options, actor, startedAt, platform: null, shop: null });

/** The log row's fields that do not depend on the outcome. */
export function baseRecord(
  a: Attempt,
  now: number,
): Omit<ImportRecord, 'status' | 'counts' | 'errorsCount' | 'warningsCount' | 'summary'> {
  const source = a.read?.source ?? (a.input.source.type === 'file' ? 'file' : 'sheet');
  return {
    kind: a.kind,
    source,
    fileName: a.read?.fileName ?? (a.input.source.type === 'file' ? a.input.source.fileName || null : null),
    sheetUrl: a.read?.sheetUrl ?? (a.input.source.type === 'sheet' ? (a.input.source.sheetUrl ?? null) : null),
    tab: a.read?.tab ?? (a.input.source.type === 'sheet' ? (a.input.source.tab ?? null) : null),
    sha256: a.read?.sha256 ?? null,
    platform: a.platform ?? (a.input.platform?.trim().slice(0, 64) || null),
    shopName: a.shop,
    mode: a.kind === 'stock' ? a.options.mode : null,
    options: {
      dryRun: a.options.dryRun,
      skipInvalid: a.options.skipInvalid,
      ...(a.kind === 'stock' ? { mode: a.options.mode, confirmZeroing: a.options.confirmZeroing } : {}),
      ...(a.input.columns ? { columns: a.input.columns } : {}),
    },
    importDate: bangkokDate(now),
    startedAt: a.startedAt,
    finishedAt: now,
    ...actorFields(a.actor),
  };
}
