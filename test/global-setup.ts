// Builds what the tests run for real: the worker bundle (run under miniflare) and the Node
// server bundle (spawned by the redeploy and shutdown tests). Both are the production builds.
// Every temporary folder of the run (databases, backups, browser profiles) is made under one
// folder of its own, removed when the run ends: the runs' folders used to stay behind.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' };
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist/edge'], { stdio: 'pipe', env });
  execFileSync('npx', ['tsx', 'scripts/build.ts'], { stdio: 'pipe', env });
  // The test workers start after this and inherit it: os.tmpdir() follows TMPDIR.
  const root = mkdtempSync(join(tmpdir(), 'wms-run-'));
  // Passable, not listable, by other users: the entrypoint test runs a command as the app user
  // inside a folder of its own here.
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
