// Walks every route the app registers (Hono's `app.routes`), so tests cover routes other
// engineers add later without being told about them.
import { eq } from 'drizzle-orm';
import { join } from 'node:path';
import { openFileStorage } from '../../adapters/libsql-file';
import { users } from '../../src/db/schema';
import { systemActor } from '../../src/services/context';
import type { StoragePort } from '../../src/storage';
import { randomPassword, tempDir } from './env';
import { nodeApp } from './targets';

export interface RegisteredRoute {
  method: string;
  /** ROUTE_ROLES spelling: `/api/shops/{id}`. */
  path: string;
  /** A concrete path with every parameter filled with a placeholder. */
  concrete: string;
  key: string;
}

export const PLACEHOLDER = '1';

/** Hono `:name` and `:name{regex}` parameters become `{name}`; `*` stays (and is reported). */
export const toOpenApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

export function registeredRoutes(app: { routes: { method: string; path: string }[] }): RegisteredRoute[] {
  const seen = new Map<string, RegisteredRoute>();
  for (const r of app.routes) {
    // `ALL` entries are app.use() middleware (request id, headers, gates, authentication).
    if (r.method === 'ALL') continue;
    const path = toOpenApiPath(r.path);
    const key = `${r.method} ${path}`;
    if (!seen.has(key))
      seen.set(key, { method: r.method, path, concrete: path.replace(/\{[^}]*\}/g, PLACEHOLDER), key });
  }
  return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export type WalkApp = Awaited<ReturnType<typeof nodeApp>>;

export interface WalkFixture extends WalkApp {
  storage: StoragePort;
  accounts: Record<'admin' | 'staff' | 'user', number>;
  /** A fresh session token for the role (no password hashing: minted by the auth service). */
  tokenFor(role: 'admin' | 'staff' | 'user'): Promise<string>;
  /** A fresh browser session for the role: the Cookie header and the CSRF token for forms. */
  cookieFor(role: 'admin' | 'staff' | 'user'): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

/** The Node app over a fresh file database, with one account per role. */
export async function walkFixture(env: Record<string, string> = {}): Promise<WalkFixture> {
  const dir = tempDir();
  const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: true });
  const built = await nodeApp(storage, { env, backupDir: join(dir, 'backups') });
  const { services } = built;
  const staff = await services.users.create(
    { username: 'walk-staff', password: randomPassword(), role: 'staff' },
    systemActor(),
  );
  const user = await services.users.create(
    { username: 'walk-user', password: randomPassword(), role: 'user' },
    systemActor(),
  );
  const [admin] = await storage.db.select().from(users).where(eq(users.role, 'admin'));
  const accounts = { admin: admin.id, staff: staff.id, user: user.id };
  const session = async (role: 'admin' | 'staff' | 'user') => {
    const [u] = await storage.db.select().from(users).where(eq(users.id, accounts[role]));
    return services.auth.issueSession({ id: u.id, username: u.username, role: u.role, tokenVersion: u.tokenVersion });
  };
  return {
    ...built,
    storage,
    accounts,
    tokenFor: async (role) => (await session(role)).token,
    async cookieFor(role) {
      const s = await session(role);
      return { cookie: `wms_session=${s.token}; wms_csrf=${s.csrfToken}`, csrf: s.csrfToken };
    },
    close: () => storage.close(),
  };
}
