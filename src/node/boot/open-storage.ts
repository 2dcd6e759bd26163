// Steps 2 and 3: inspect a database file read-only and refuse what must not be opened
// (src/node/preflight.ts: a refused file stays byte for byte as it was), then open the storage,
// failing fast (a read-only file too, an unreachable remote).
import { openFileStorage, type WriterIdentity } from '../../../adapters/libsql-file';
import { openRemoteStorage, redactDatabaseUrl } from '../../../adapters/libsql-remote';
import type { Config } from '../../config';
import { rootCauseMessage, type StoragePort, storageFaultOf } from '../../storage';
import { PreflightRefusal, preflightDatabaseFile } from '../preflight';
import { BootError } from './error';
import type { ResolvedLocation } from './location';
import { giveWayIfHeld } from '../../lib/steps';

export async function preflight(
  { location }: ResolvedLocation,
  config: Config,
  me: WriterIdentity,
  now: number,
): Promise<void> {
  if (location.kind !== 'file') return;
  try {
    await preflightDatabaseFile(location, { legacyAdopt: config.LEGACY_ADOPT, me, now });
  } catch (error) {
    if (error instanceof PreflightRefusal) throw new BootError(error.message);
    throw error;
  }
}

/** The refusal when another process holds the file's write lock. */
export const anotherWriter = (path: string, error: unknown) =>
  new BootError(
    `Another process is writing the database ${path} (${rootCauseMessage(error)}): a database file has exactly one writer process; stop the other one first.`,
  );

export async function openStorage(
  { location, persistence }: ResolvedLocation,
  maxPageCount: number | undefined,
): Promise<StoragePort> {
  try {
    if (location.kind === 'file') {
      return await openFileStorage({
        path: location.path,
        persistent: persistence.persistent,
        maxPageCount,
        // The local driver runs each statement on this thread: give the loop a turn between them.
        beforeStatement: () => giveWayIfHeld(),
        // Nor copy the WAL back into the file on it (the checkpoint's fsyncs).
        checkpointOffThread: true,
      });
    }
    const storage = await openRemoteStorage({ url: location.url, authToken: location.authToken });
    await storage.execute('SELECT 1');
    return storage;
  } catch (error) {
    if (location.kind === 'file' && storageFaultOf(error) === 'busy') throw anotherWriter(location.path, error);
    throw new BootError(
      location.kind === 'file'
        ? `Cannot open the database at ${location.path}: ${(error as Error).message}`
        : `The remote database ${redactDatabaseUrl(location.url)} is unreachable: ${(error as Error).message}`,
    );
  }
}
