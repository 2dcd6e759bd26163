// The year-one bench (issue 13) at a tiny volume, so that it never rots: it must run the whole
// flow against the built server and write every target of the issue with a number. Its timings
// are not asserted here (a loaded machine makes them noise); the targets are read from the JSON.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/env';

const ROOT = join(import.meta.dirname, '..', '..');
const N = 300;

// Every target of the issue, by the name the bench records it under.
const TARGETS = [
  'orders import csv',
  'orders import xlsx',
  'first dashboard after the imports',
  'dashboard, warm',
  'orders first page, warm',
  'first dashboard after a 500-line bulk accept',
  'first orders page after a 500-line write',
  'dashboard export .xlsx (every line)',
  '200 concurrent mixed requests: dashboard',
  '200 concurrent mixed requests: health',
  '200 concurrent mixed requests: health from a separate prober',
  'peak RSS of the server over the flow',
  'boot to a served dashboard',
];

describe('bench/year-one.bench.ts at a tiny n', () => {
  it('runs the flow and writes every target with its median and the peak RSS', () => {
    const out = join(tempDir('bench-smoke-'), 'latest.json');
    // global-setup.ts has built dist/server.js.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'year-one.bench.ts')], {
      cwd: ROOT,
      // BENCH_MEMORY: the server's memory sampler runs too, so that it never rots either.
      env: { ...process.env, BENCH_N: String(N), BENCH_OUT: out, BENCH_SKIP_BUILD: '1', BENCH_MEMORY: '1' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      n: number;
      lines: number;
      results: { name: string; n: number; medianMs: number; peakRssMb: number; [k: string]: unknown }[];
    };
    expect(json.n).toBe(N);
    // Every generated line reached the desk (the all-time view of every line counts them).
    expect(json.lines).toBe(N);
    const names = json.results.map((r) => r.name);
    for (const t of TARGETS) expect(names, t).toContain(t);
    for (const r of json.results) {
      expect(r.n).toBe(N);
      expect(r.peakRssMb, r.name).toBeGreaterThan(0);
      if (r.name !== 'peak RSS of the server over the flow') expect(Number.isFinite(r.medianMs), r.name).toBe(true);
    }
    const byName = new Map(json.results.map((r) => [r.name, r]));
    expect(byName.get('200 concurrent mixed requests: dashboard')!.status5xx).toBe(0);
    expect(names.some((n) => n.startsWith('first dashboard after importing a '))).toBe(true);
    // The server's own figures per step: the first step (the first import) saw the server running.
    const memory = json.results[0].memoryMb as Record<string, number>;
    for (const field of ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'])
      expect(memory[field], field).toBeGreaterThan(0);
    // The separate prober probed at least once, and the server's side of its requests was recorded.
    const probed = byName.get('200 concurrent mixed requests: health from a separate prober')!;
    const runs = probed.runsMs as number[];
    expect(runs.length).toBeGreaterThan(0);
    expect((probed.serverSide as { requestToResponseMs: number[] }).requestToResponseMs.length).toBeGreaterThan(0);
  }, 300_000);
});
