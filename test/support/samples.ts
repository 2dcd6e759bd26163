// The sample files (docs/domain/imports.md#sample-run), vendored in test/fixtures/samples so tests
// run on any clean clone. SAMPLES_DIR overrides the location.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES_DIR = process.env.SAMPLES_DIR ?? join(import.meta.dirname, '..', 'fixtures', 'samples');

export const samplePath = (name: string): string => join(SAMPLES_DIR, name);

export const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(samplePath(name)));
