// Runs every bench/*.bench.ts in its own process (fresh heap, no cross-talk) and passes their
// JSON lines through. `npm run bench` (or `npx tsx bench/run.ts [filter]`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  process.stderr.write(`# ${file}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`# ${file} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
