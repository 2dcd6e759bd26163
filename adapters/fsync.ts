// Durability on disk: a renamed file is only safe once its bytes have reached the disk.
import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';

/** Flushes `temp` to disk, then atomically renames it to `target`. */
export function fsyncAndRename(temp: string, target: string): void {
  const fd = openSync(temp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
}
