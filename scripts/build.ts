// Builds the Node server bundle (dist/server.js). Dependencies stay external: they are installed
// by `npm ci` (the libSQL driver has a native part), our own code is bundled into one file.
import { build } from 'esbuild';
import { execSync } from 'node:child_process';

function commit(): string {
  if (process.env.RAILWAY_GIT_COMMIT_SHA) return process.env.RAILWAY_GIT_COMMIT_SHA;
  try {
    return execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'dev';
  }
}

await build({
  entryPoints: ['src/server.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  outfile: 'dist/server.js',
  sourcemap: true,
  logLevel: 'warning',
  define: { __BUILD_COMMIT__: JSON.stringify(commit()) },
});
console.log('Built dist/server.js');
