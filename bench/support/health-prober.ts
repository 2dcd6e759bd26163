// A health check like Railway's, in a process of its own: GET /health over plain http on a fresh
// connection, the next one 20 ms after the previous answered, each timed here. The year-one bench
// runs it during the concurrent burst, so the times do not include the bench's own event loop
// (which sends the burst and parses its large answers). Probes until its stdin closes, then prints
// the times (ms) as JSON: `{times, connectTimes}`.
//   node --import tsx bench/support/health-prober.ts <base url>
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

const base = process.argv[2];
if (!base) throw new Error('usage: health-prober.ts <base url>');
const url = new URL('/health', base);
const times: number[] = [];
/** Per probe: until the TCP connection was made (a full accept queue shows here, not in the server). */
const connectTimes: number[] = [];
let stop = false;
process.stdin.on('end', () => {
  stop = true;
});
process.stdin.resume();

function probe(): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let connected = NaN;
    const since = (t: number) => Math.round((t - t0) * 10) / 10;
    const done = () => {
      times.push(since(performance.now()));
      connectTimes.push(connected);
      resolve();
    };
    const req = request(url, { agent: false, headers: { connection: 'close', 'x-health-prober': '1' } }, (res) => {
      res.resume();
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', done);
    req.on('socket', (socket) => socket.once('connect', () => (connected = since(performance.now()))));
    req.end();
  });
}

process.stdout.write('ready\n');
while (!stop) {
  await probe();
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write(`${JSON.stringify({ times, connectTimes })}\n`);
