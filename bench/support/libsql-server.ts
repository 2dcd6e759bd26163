// The libSQL HTTP server the tests use (test/support/libsql-http-server.ts), in a process of its
// own: the year-one bench's remote variant (BENCH_REMOTE=1) runs the service against it, so the
// database work is not on the server's thread. Prints its URL, serves until killed.
//   node --import tsx bench/support/libsql-server.ts <database file>
import { startLibsqlHttpServer } from '../../test/support/libsql-http-server';

const path = process.argv[2];
if (!path) throw new Error('usage: libsql-server.ts <database file>');
const server = await startLibsqlHttpServer({ path, streamIdleTimeoutMs: 60_000 });
process.stdout.write(`${server.url}\n`);
