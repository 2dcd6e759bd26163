// Table-driven access test over EVERY route the app registers (operations 6.3 "Permissions"):
// anonymous -> 401 (public routes excepted), a role below the minimum -> 403, the minimum role
// -> neither. Routes are read from `app.routes`, so routes added later are covered as soon as
// they are mounted; a route missing from ROUTE_ROLES, or a ROUTE_ROLES entry with no route,
// fails here. Requests carry no body: a 400 from validation is a fine answer for the right role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ROLES, roleRank, type Access } from '../../src/auth/route-roles';
import { ROLES, type Role } from '../../src/db/schema';
import { ADMIN_PREFIX, specMinimumRole } from '../support/permissions';
import { registeredRoutes, walkFixture, type RegisteredRoute, type WalkFixture } from '../support/route-walk';

let fx: WalkFixture;
let routes: RegisteredRoute[];

beforeAll(async () => {
  fx = await walkFixture();
  routes = registeredRoutes(fx.app);
});
afterAll(async () => {
  await fx?.close();
});

async function call(route: RegisteredRoute, as: Role | 'anonymous') {
  const headers: Record<string, string> = {};
  if (as !== 'anonymous') headers.authorization = `Bearer ${await fx.tokenFor(as)}`;
  const res = await fx.app.request(route.concrete, { method: route.method, headers });
  const body = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : null;
  return { status: res.status, code: (body as { error?: { code?: string } } | null)?.error?.code };
}

const access = (route: RegisteredRoute): Access => ROUTE_ROLES[route.key];

describe('route access table (every registered route)', () => {
  it('registers a sane number of routes, each with a concrete path', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const r of routes) expect(r.concrete, r.key).not.toMatch(/[{}:*]/);
  });

  it('every registered route has a ROUTE_ROLES entry', () => {
    const missing = routes.filter((r) => !(r.key in ROUTE_ROLES)).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it('every ROUTE_ROLES entry is a registered route (HEAD entries are served by their GET)', () => {
    const registered = new Set(routes.map((r) => r.key));
    const orphans = Object.keys(ROUTE_ROLES).filter((key) => {
      const [method, path] = key.split(' ');
      return !registered.has(key) && !(method === 'HEAD' && registered.has(`GET ${path}`));
    });
    expect(orphans).toEqual([]);
  });

  it('every entry follows the permission table of 6.3, and everything under /api/admin/ is admin', () => {
    const wrong = Object.entries(ROUTE_ROLES)
      .map(([key, role]) => ({ key, role, spec: specMinimumRole(key) }))
      .filter((e) => e.spec !== undefined && e.spec !== e.role);
    expect(wrong).toEqual([]);
    const admin = Object.entries(ROUTE_ROLES).filter(([key]) => key.split(' ')[1].startsWith(ADMIN_PREFIX));
    expect(admin.length).toBeGreaterThan(0);
    expect(admin.filter(([, role]) => role !== 'admin')).toEqual([]);
    // Only sign-in, setup and health are open to anonymous callers.
    const open = Object.entries(ROUTE_ROLES).filter(([, role]) => role === 'public').map(([key]) => key).sort();
    expect(open).toEqual(['GET /api/setup/status', 'GET /health', 'HEAD /health', 'POST /api/auth/login', 'POST /api/auth/token', 'POST /api/setup']);
  });

  it('anonymous -> 401 unauthenticated on every non-public route; public routes answer without 401/403', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(route, 'anonymous');
      if (access(route) === 'public') {
        if (res.status === 401 || res.status === 403) failures.push(`${route.key}: public but ${res.status}`);
      } else if (res.status !== 401 || res.code !== 'unauthenticated') {
        failures.push(`${route.key}: expected 401 unauthenticated, got ${res.status} ${res.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('every role below the minimum -> 403 forbidden', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const min = access(route);
      if (min === 'public') continue;
      for (const role of ROLES.filter((r) => roleRank(r) < roleRank(min))) {
        checked++;
        const res = await call(route, role);
        if (res.status !== 403 || res.code !== 'forbidden') failures.push(`${route.key} as ${role}: expected 403 forbidden, got ${res.status} ${res.code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('the minimum role (and admin) -> neither 401 nor 403', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const min = access(route);
      const roles: (Role | 'anonymous')[] = min === 'public' ? ['anonymous'] : [...new Set([min, 'admin' as const])];
      for (const role of roles) {
        const res = await call(route, role);
        if (res.status === 401 || res.status === 403) failures.push(`${route.key} as ${role}: ${res.status} ${res.code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
