// `npm run bench`: runs every bench/*.bench.ts in its own process (so one benchmark's memory
// does not skew the next) and passes its JSON through. Benchmarks are measurements, not tests.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
for (const file of files) {
  process.stderr.write(`# ${file}\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(out);
}
