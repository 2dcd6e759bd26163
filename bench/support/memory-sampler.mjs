// Preloaded into the server under measurement (BENCH_MEMORY=1, `node --import`): writes the
// process's memory figures to stderr every 50 ms, so the bench can say which part (V8 heap,
// external buffers, the rest: native code, SQLite's caches, malloc) each step's peak comes from;
// the longest the event loop was held meanwhile; and, per request of the health prober (its own
// connection each), the time from its connection to its request event and from its request event
// to the response's end (`@health`).
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const mb = (n) => Math.round((n / 1048576) * 10) / 10;
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
setInterval(() => {
  const m = process.memoryUsage();
  const heldMs = Math.round(delay.max / 1e6);
  delay.reset();
  process.stderr.write(
    `@mem ${mb(m.rss)} ${mb(m.heapTotal)} ${mb(m.heapUsed)} ${mb(m.external)} ${mb(m.arrayBuffers)} ${heldMs} ${Date.now()}\n`,
  );
}, 50).unref();

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'connection') args[0].connectedAt ??= performance.now();
  if (event === 'request' && args[0].headers['x-health-prober']) {
    const [req, res] = args;
    const at = performance.now();
    const connectedAt = req.socket.connectedAt ?? at;
    res.on('finish', () => {
      const end = performance.now();
      process.stderr.write(
        `@health ${Math.round(at - connectedAt)} ${Math.round(end - at)} ${Math.round(performance.timeOrigin + connectedAt)} ${Math.round(performance.timeOrigin + end)}\n`,
      );
    });
  }
  return emit.call(this, event, ...args);
};
