// The sample files of shared/samples (imports 13), found beside the checkout (CI lays a copy of
// shared/ next to the clone) or at the workplace path; SAMPLES_DIR overrides both.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const candidates = [
  process.env.SAMPLES_DIR,
  join(import.meta.dirname, '..', '..', '..', 'shared', 'samples'),
  '/work/shared/samples',
].filter((p): p is string => !!p);

export const SAMPLES_DIR = candidates.find((p) => existsSync(join(p, 'README.md'))) ?? candidates[candidates.length - 1];

export const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES_DIR, name)));
