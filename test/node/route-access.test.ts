// Table-driven access test over EVERY route the app registers
// (docs/domain/auth.md#permission-table): anonymous -> 401 (public routes excepted), a role below
// the minimum -> 403, the minimum role -> neither. Routes are read from `app.routes`, so routes
// added later are covered as soon as they are mounted; a route missing from ROUTE_ROLES, or a
// ROUTE_ROLES entry with no route, fails here. Requests carry no body: a 400 from validation is a
// fine answer for the right role. Web pages (src/ui/) are walked the same way against PAGE_ROLES,
// as a browser meets them: anonymous -> redirect to /login, too low a role -> the Thai 403 page,
// allowed -> HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_ROLES, ROUTE_ROLES, type Access } from '../../src/http/route-roles';
import { roleRank } from '../../src/domain/roles';
import { isPagePath } from '../../src/ui';
import { isExportRoute } from '../../src/http/export-limit';
import { ROLES, type Role } from '../../src/db/schema';
import { ADMIN_PREFIX, specMinimumRole } from '../support/permissions';
import { registeredRoutes, walkFixture, type RegisteredRoute, type WalkFixture } from '../support/route-walk';

let fx: WalkFixture;
let routes: RegisteredRoute[];
let pages: RegisteredRoute[];

beforeAll(async () => {
  fx = await walkFixture();
  const all = registeredRoutes(fx.app);
  routes = all.filter((r) => !isPagePath(r.path));
  pages = all.filter((r) => isPagePath(r.path));
});
afterAll(async () => {
  await fx?.close();
});

async function call(route: RegisteredRoute, as: Role | 'anonymous') {
  const headers: Record<string, string> = {};
  if (as !== 'anonymous') headers.authorization = `Bearer ${await fx.tokenFor(as)}`;
  const res = await fx.app.request(route.concrete, { method: route.method, headers });
  const body = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : null;
  // A download holds an export slot until its body is read or dropped, as a browser would.
  if (body === null) await res.body?.cancel();
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
    const open = Object.entries(ROUTE_ROLES)
      .filter(([, role]) => role === 'public')
      .map(([key]) => key)
      .sort();
    expect(open).toEqual([
      'GET /api/setup/status',
      'GET /health',
      'HEAD /health',
      'POST /api/auth/login',
      'POST /api/auth/token',
      'POST /api/setup',
    ]);
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
        if (res.status !== 403 || res.code !== 'forbidden')
          failures.push(`${route.key} as ${role}: expected 403 forbidden, got ${res.status} ${res.code}`);
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
        if (res.status === 401 || res.status === 403)
          failures.push(`${route.key} as ${role}: ${res.status} ${res.code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** A browser's cookie session for the role; posts carry the CSRF token in the form field. */
async function page(route: RegisteredRoute, as: Role | 'anonymous') {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (as !== 'anonymous') {
    const { cookie, csrf } = await fx.cookieFor(as);
    headers.cookie = cookie;
    if (route.method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: csrf }).toString();
    }
  }
  const res = await fx.app.request(route.concrete, { method: route.method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return {
    status: res.status,
    location: res.headers.get('location'),
    type: res.headers.get('content-type') ?? '',
    text,
  };
}

const pageAccess = (route: RegisteredRoute): Access => PAGE_ROLES[route.key];

describe('page access table (every registered page route)', () => {
  it('registers the pages, each in PAGE_ROLES, and every PAGE_ROLES entry is a registered page', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(pages.filter((r) => !(r.key in PAGE_ROLES)).map((r) => r.key)).toEqual([]);
    const registered = new Set(pages.map((r) => r.key));
    expect(Object.keys(PAGE_ROLES).filter((key) => !registered.has(key))).toEqual([]);
    // No page hides in the API table or the other way round.
    expect(Object.keys(PAGE_ROLES).filter((key) => !isPagePath(key.split(' ')[1]))).toEqual([]);
    expect(Object.keys(ROUTE_ROLES).filter((key) => isPagePath(key.split(' ')[1]))).toEqual([]);
  });

  it('opens only static files, sign-in and setup to anonymous visitors; admin pages are admin-only', () => {
    const open = Object.entries(PAGE_ROLES)
      .filter(([, role]) => role === 'public')
      .map(([key]) => key)
      .sort();
    expect(open).toEqual(['GET /assets/{file}', 'GET /login', 'GET /setup', 'POST /login', 'POST /setup']);
    // Under /admin everything is admin-only but the shop list and its Sheet URLs, which are
    // staff+ as /api/shops and /api/settings/sheet-urls are (deleting a shop stays admin).
    const admin = Object.entries(PAGE_ROLES).filter(([key]) => /^\S+ \/admin(\/|$)/.test(key));
    expect(admin.length).toBeGreaterThan(20);
    const staffShops = (key: string) =>
      /^\S+ \/admin\/shops(\/|$)/.test(key) && key !== 'POST /admin/shops/{id}/delete';
    expect(admin.filter(([key, role]) => role !== (staffShops(key) ? 'staff' : 'admin'))).toEqual([]);
    // Imports are staff+ as the import API is (docs/domain/auth.md#permission-table).
    expect(PAGE_ROLES['GET /imports']).toBe('staff');
  });

  it('anonymous -> 303 to /login?next=<the page> on every non-public page; public pages answer as pages', async () => {
    const failures: string[] = [];
    for (const route of pages) {
      const res = await page(route, 'anonymous');
      if (pageAccess(route) === 'public') {
        if (res.status === 401 || res.status === 403 || res.location?.startsWith('/login?'))
          failures.push(`${route.key}: public but ${res.status} ${res.location}`);
        continue;
      }
      const expected =
        route.method === 'GET'
          ? route.concrete === '/'
            ? '/login'
            : `/login?next=${encodeURIComponent(route.concrete)}`
          : null;
      if (res.status !== 303 || !res.location?.startsWith('/login'))
        failures.push(`${route.key}: expected 303 to /login, got ${res.status} ${res.location}`);
      else if (expected && res.location !== expected)
        failures.push(`${route.key}: expected ${expected}, got ${res.location}`);
    }
    expect(failures).toEqual([]);
  });

  it('every role below the minimum -> the Thai 403 page (HTML, never JSON)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of pages) {
      const min = pageAccess(route);
      if (min === 'public') continue;
      for (const role of ROLES.filter((r) => roleRank(r) < roleRank(min))) {
        checked++;
        const res = await page(route, role);
        const ok =
          res.status === 403 &&
          res.type.startsWith('text/html') &&
          res.text.includes('<html lang="th">') &&
          res.text.includes('ไม่มีสิทธิ์');
        if (!ok) failures.push(`${route.key} as ${role}: expected the 403 page, got ${res.status} ${res.type}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('the minimum role (and admin) -> the page: 200 HTML for a GET, no 401/403 or sign-in redirect for a post', async () => {
    const failures: string[] = [];
    for (const route of pages) {
      const min = pageAccess(route);
      if (min === 'public') continue;
      for (const role of [...new Set([min as Role, 'admin' as const])]) {
        const res = await page(route, role);
        if (route.method === 'GET') {
          // A page of one record is walked with a placeholder id: the Thai page saying there is
          // no such record (400/404) is the right answer there.
          const ok = res.status === 200 || (route.path.includes('{') && (res.status === 400 || res.status === 404));
          // A download (the database export) answers with its file.
          const download = res.status === 200 && isExportRoute('GET', route.concrete);
          if (!ok || (!download && (!res.type.startsWith('text/html') || !res.text.startsWith('<!DOCTYPE html>'))))
            failures.push(`${route.key} as ${role}: ${res.status} ${res.type}`);
        } else if (res.status === 401 || res.status === 403 || res.location?.startsWith('/login?next')) {
          failures.push(`${route.key} as ${role}: ${res.status} ${res.location}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
