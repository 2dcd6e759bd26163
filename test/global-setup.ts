// Builds what the tests run for real: the worker bundle (run under miniflare) and the Node
// server bundle (spawned by the redeploy and shutdown tests). Both are the production builds.
import { execFileSync } from 'node:child_process';

export default function setup() {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' };
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist/edge'], { stdio: 'pipe', env });
  execFileSync('npx', ['tsx', 'scripts/build.ts'], { stdio: 'pipe', env });
}
