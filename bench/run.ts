// Runs every benchmark in bench/ (`*.bench.ts`), one process each, in name order; each prints
// its own JSON. `npm run bench` points here; `npm run bench -- imports` runs only the matching ones.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  console.error(`# ${file}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, file)], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    console.error(`# ${file} failed (exit ${res.status})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
