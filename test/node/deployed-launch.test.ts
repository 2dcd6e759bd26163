// How the image starts the server, for resident memory (docs/domain/read-model.md#memory-form): two
// malloc arenas, and a young generation of at most 2 x 8 MB. Both are read when the process
// starts, so they are in the Dockerfile, and the year-one bench starts the server the same way
// (bench/support/deployed.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedLaunch } from '../../bench/support/deployed';

const DOCKERFILE = readFileSync(join(import.meta.dirname, '..', '..', 'Dockerfile'), 'utf8');

/** The young generation's size (MB) after allocating a good deal of short-lived objects. */
function youngGenerationMb(nodeArgs: string[]): number {
  const script = `
    const v8 = require('node:v8');
    let keep = [];
    for (let i = 0; i < 3e6; i++) { const o = { a: i, b: 'x' + i }; if (i % 10 === 0) keep.push(o); if (keep.length > 50000) keep = []; }
    const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(String(s.space_size / 1048576));`;
  return Number(execFileSync(process.execPath, [...nodeArgs, '-e', script], { encoding: 'utf8' }));
}

describe('the deployed launch (Dockerfile)', () => {
  it('sets two malloc arenas and the young generation flag; the bench reads the same', () => {
    const launch = deployedLaunch(DOCKERFILE);
    expect(launch.env).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(launch.nodeArgs).toEqual(['--max-semi-space-size=8']);
  });

  it('the flag keeps the young generation at 16 MB, where V8 would let it grow to 32', () => {
    expect(youngGenerationMb(deployedLaunch(DOCKERFILE).nodeArgs)).toBeLessThanOrEqual(16);
    expect(youngGenerationMb([])).toBeGreaterThan(16);
  });
});
