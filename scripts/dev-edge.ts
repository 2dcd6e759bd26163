// `npm run dev:edge`: the worker under wrangler/miniflare on this machine. Without a
// DATABASE_URL in .dev.vars it also starts a local libSQL HTTP server on ./edge-dev.db (the same
// one the tests use), so the edge build can be tried with no account anywhere.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startLibsqlHttpServer } from '../test/support/libsql-http-server';

const devVars = existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8') : '';
const args = ['wrangler', 'dev', '--port', process.env.PORT ?? '8787'];
let server: Awaited<ReturnType<typeof startLibsqlHttpServer>> | null = null;
if (!/^DATABASE_URL\s*=/m.test(devVars)) {
  server = await startLibsqlHttpServer({ path: 'edge-dev.db', port: 8081 });
  console.log(`Local libSQL server for the worker: ${server.url} (file ./edge-dev.db)`);
  args.push('--var', `DATABASE_URL:${server.url}`);
}
if (!/^SETUP_TOKEN\s*=/m.test(devVars) && !/^ADMIN_PASSWORD\s*=/m.test(devVars)) {
  console.log('Tip: put ADMIN_PASSWORD=... or SETUP_TOKEN=... in .dev.vars to create the first admin.');
}
args.push('--var', 'NODE_ENV:development', '--var', 'COOKIE_SECURE:false');
const child = spawn('npx', args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
const stop = async () => {
  child.kill('SIGINT');
  await server?.close();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code) => {
  await server?.close();
  process.exit(code ?? 0);
});
