// The file's writer lease: one writer process per database file. Taken before anything writes
// when the table exists, else once migrations have created it; released at shutdown.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  claimWriterLease,
  type WriterIdentity,
  type WriterLease,
  type WriterLeaseHolder,
} from '../../../adapters/libsql-file';
import type { DatabaseLocation } from '../../config';
import type { Logger } from '../../log';
import { rootCauseMessage, storageFaultOf } from '../../storage';
import { heldByMessage } from '../preflight';
import { BootError } from './error';
import { anotherWriter } from './open-storage';

export const writerIdentity = (): WriterIdentity => ({ pid: process.pid, host: hostname(), id: randomUUID() });

/** One line when renewals start failing (a full volume, say), then at most one a minute. */
function renewErrorLogger(log: Logger) {
  let last = 0;
  return (error: unknown) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    log.warn(`Could not renew the writer lease (kept until it expires; retried): ${rootCauseMessage(error)}`);
  };
}

/** Takes the lease once (a no-op for a remote database or when already held). */
export function writerLeaseTaker(
  location: DatabaseLocation,
  me: WriterIdentity,
  log: Logger,
  onWriterLeaseLost?: () => void,
) {
  let lease: WriterLease | null = null;
  const onLost = (holder: WriterLeaseHolder | null) => {
    log.error(
      `The writer lease of ${location.kind === 'file' ? location.path : null} was taken by ${holder ? `pid ${holder.pid} on host ${holder.host}` : 'another process'}: stopping, a file has one writer`,
    );
    onWriterLeaseLost?.();
  };

  async function take(): Promise<void> {
    if (location.kind !== 'file' || lease) return;
    let claimed: Awaited<ReturnType<typeof claimWriterLease>>;
    try {
      claimed = await claimWriterLease(location.path, me, { onLost, onRenewError: renewErrorLogger(log) });
    } catch (error) {
      const fault = storageFaultOf(error);
      if (fault === 'busy') throw anotherWriter(location.path, error);
      // A full volume must not keep the service from starting (reads and the rescue export work).
      if (fault === 'full')
        return log.warn(
          `Could not take the writer lease of ${location.path}: the volume is full (${rootCauseMessage(error)})`,
        );
      throw error;
    }
    if (!claimed.ok) throw new BootError(heldByMessage(location.path, claimed.holder));
    lease = claimed.lease;
  }

  return { take, held: () => lease };
}
