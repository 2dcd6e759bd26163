// Facts about the machine's disk that only Node can read: whether the Railway volume path is a
// real mount point, and free space (docs/domain/data-safety.md#persistence-warning,
// docs/domain/data-safety.md#health-and-system-status).
import { statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** True when `path` is a mount point (its device id differs from its parent's); null if unknown. */
export function isMountPoint(path: string | undefined): boolean | null {
  if (!path) return null;
  try {
    const own = statSync(resolve(path));
    const parent = statSync(dirname(resolve(path)));
    return own.dev !== parent.dev;
  } catch {
    return null;
  }
}

export function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
