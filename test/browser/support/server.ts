// The app served in-process on a loopback port for the browser: the real Node app (file adapter,
// real auth, real pages) as tests build it elsewhere (test/support/targets.ts nodeApp), plus a
// few routes only these tests mount (a gallery of the components, a failing page).
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { openFileStorage } from '../../../adapters/libsql-file';
import { nodeApp } from '../../support/targets';
import type { StoragePort } from '../../../src/storage';
import { tempDir } from '../../support/env';
import { mountTestPages } from './gallery';

export interface PageServer {
  url: string;
  services: Awaited<ReturnType<typeof nodeApp>>['services'];
  /** The storage port under the app, for rows no page or service writes (a weak legacy password). */
  storage: StoragePort;
  close(): Promise<void>;
}

export async function startPageServer(
  opts: { env?: Record<string, string>; persistent?: boolean } = {},
): Promise<PageServer> {
  const dir = tempDir('wms-browser-');
  const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: opts.persistent ?? true });
  const { app, services } = await nodeApp(storage, { env: opts.env, backupDir: join(dir, 'backups') });
  mountTestPages(app);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // Node closes a kept-alive connection after 5 s idle; on a loaded machine the browser's request
  // context sent its next request on such a connection as it closed (ECONNRESET, seen once in a
  // full run). Tests pause longer than that between requests; keep the connections open meanwhile.
  (server as import('node:http').Server).keepAliveTimeout = 65_000;
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    storage,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}
