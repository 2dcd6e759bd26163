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
export async function spawnServer(
  env: Record<string, string>,
  opts: { cwd: string; waitForListen?: boolean; uid?: number; gid?: number; entry?: string },
): Promise<Spawned> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [opts.entry ?? SERVER_ENTRY], {
    cwd: opts.cwd,
    // Only what the test gives, plus PATH: the developer's own variables must not leak in.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Root runs the process as another user where a file permission must bite (root ignores them).
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
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

/**
 * Servers started by one test file, all killed after each test (call `killAll` in afterEach) so
 * a failed assertion never leaves a process behind.
 */
export function serverPool() {
  const running: Spawned[] = [];
  return {
    async start(env: Record<string, string>, cwd: string): Promise<Spawned> {
      const s = await spawnServer(env, { cwd });
      running.push(s);
      return s;
    },
    killAll() {
      for (const s of running.splice(0)) s.child.kill('SIGKILL');
    },
  };
}

/** One HTTP call to a spawned server: JSON or FormData in, JSON (or raw bytes) out. */
export async function callServer(s: Spawned, method: string, path: string, token?: string, body?: unknown) {
  const isForm = body instanceof FormData;
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body && !isForm ? { 'content-type': 'application/json' } : {}),
    },
    body: isForm ? body : body ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    body: type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()),
  } as { status: number; body: any };
}
