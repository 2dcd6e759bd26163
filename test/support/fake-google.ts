// A local HTTP server standing in for Google (token endpoint, Sheets API, the public CSV export):
// there is no network here. It records every request and answers with the current handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Percent-decoded path (clients differ in whether they encode `'`). */
  path: string;
  rawPath: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  delayMs?: number;
}

export type Handler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeGoogle {
  url: string;
  requests: RecordedRequest[];
  handler: Handler;
  close(): Promise<void>;
}

export async function startFakeGoogle(handler: Handler): Promise<FakeGoogle> {
  const state: FakeGoogle = { url: '', requests: [], handler, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        rawPath: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(recorded);
      try {
        const reply = await state.handler(recorded);
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
        res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
        res.end(body);
      } catch {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
