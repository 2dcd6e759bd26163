// Spawns the built Node server (dist/server.js, what Docker runs) as a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const SERVER_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'server.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Spawned {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the server; resolves once it logs `Listening on`, rejects if it exits first. */
export async function spawnServer(env: Record<string, string>, opts: { cwd: string; waitForListen?: boolean } ): Promise<Spawned> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: opts.cwd,
    // Only what the test gives, plus PATH: the developer's own variables must not leak in.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const spawned: Spawned = { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
  if (opts.waitForListen === false) return spawned;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Listening on')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then(({ code }) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return spawned;
}

export async function stopWith(s: Spawned, signal: NodeJS.Signals) {
  s.child.kill(signal);
  return s.exited;
}
