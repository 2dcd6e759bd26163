// A proxy's kept connection survives a pause longer than Node's default 5 s idle timeout, on the
// real server process over one real socket (README: Behind a proxy). Node's default would close
// it after 5 s, and a proxy sending its next request as it closed would answer that request 502.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { randomPassword, tempDir } from '../support/env';
import { serverPool } from '../support/spawn-server';

const pool = serverPool();
afterEach(() => pool.killAll());

/** Sends one GET /health on the socket and resolves with the raw response head. */
function get(socket: Socket, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
      if (text.length < end + 4 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(text.slice(0, end));
    };
    const onClose = () => reject(new Error(`connection closed after ${JSON.stringify(text)}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe('kept-alive connections', () => {
  it('an idle connection is kept 65 s, so a request after a 6 s pause is answered on it', async () => {
    const s = await pool.start({ ADMIN_PASSWORD: randomPassword() }, tempDir('wms-keepalive-'));
    const socket = connect(s.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    try {
      const first = await get(socket, s.port);
      expect(first).toMatch(/^HTTP\/1\.1 200/);
      expect(first).toMatch(/\r\nkeep-alive: timeout=65(\r\n|$)/i);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(socket.destroyed).toBe(false);
      const second = await get(socket, s.port);
      expect(second).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  }, 30_000);
});
