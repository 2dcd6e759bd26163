// Builds the Node server bundle (dist/server.js): our code and the plain JavaScript packages in one
// file. The libSQL driver stays external (it has a native part, installed by `npm ci`), and so does
// the Google Sheets client (large, loaded only when a sheet is read). Resolving and reading the
// ~480 module files of drizzle-orm, zod, hono and jose one by one was about 150 ms of the server's
// CPU at every start, before it could build the read model (docs/domain/read-model.md#boot).
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
  external: ['libsql', '@libsql/*', '@googleapis/sheets'],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  outfile: 'dist/server.js',
  sourcemap: true,
  logLevel: 'warning',
  define: { __BUILD_COMMIT__: JSON.stringify(commit()) },
});
console.log('Built dist/server.js');
