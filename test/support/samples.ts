// The spec's sample files, vendored into the repository (test/fixtures/samples is a copy of
// ../shared/samples) so that tests run on any clean clone.
import { join } from 'node:path';

export const SAMPLES_DIR = join(import.meta.dirname, '..', 'fixtures', 'samples');
export const sample = (name: string) => join(SAMPLES_DIR, name);
