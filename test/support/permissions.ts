// The permission table of docs/domain/auth.md#permission-table, written out from the rules,
// route by route. Tests compare src/http/route-roles.ts with it:
// whoever registers one of these routes must give it exactly this minimum role.
// `{}` stands for one path segment (a parameter or a fixed value such as an import kind).
import type { Access } from '../../src/http/route-roles';

export const SPEC_MINIMUM_ROLE: Readonly<Record<string, Access>> = {
  'GET /health': 'public',
  'HEAD /health': 'public',
  'GET /api/setup/status': 'public',
  'POST /api/setup': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/token': 'public',
  'POST /api/auth/logout': 'user',
  'GET /api/auth/me': 'user',
  'POST /api/auth/password': 'user',
  // Issue 19.7, not (yet) in the spec's 6.3 table: lifting a sign-in lock is user management.
  'POST /api/admin/users/{}/unlock': 'admin',

  // Master data
  'GET /api/shops': 'staff',
  'POST /api/shops': 'staff',
  'PATCH /api/shops/{}': 'staff',
  'DELETE /api/shops/{}': 'admin',
  'GET /api/products': 'user',
  'POST /api/products': 'staff',
  'PATCH /api/products/{}': 'staff',
  'DELETE /api/products/{}': 'staff',
  'GET /api/stock': 'user',
  'PUT /api/stock/{}': 'staff',
  'GET /api/settings/sheet-urls': 'staff',
  'PUT /api/settings/sheet-urls/{}': 'staff',
  'DELETE /api/settings/sheet-urls/{}': 'staff',

  // Imports: every kind, its templates, log pages and log clears are staff+ (W11)
  'POST /api/imports/{}': 'staff',
  'GET /api/imports': 'staff',
  'GET /api/imports/{}': 'staff',
  'GET /api/imports/{}/template.xlsx': 'staff',
  'POST /api/imports/{}/logs/clear': 'staff',

  // Orders and dashboard
  'GET /api/orders': 'user',
  'GET /api/orders/{}': 'user',
  'GET /api/orders/status': 'user',
  'GET /api/dashboard': 'user',
  'GET /api/dashboard/export.xlsx': 'user',
  'POST /api/orders/actions/accept': 'user',
  'POST /api/orders/actions/unaccept': 'user',
  'POST /api/orders/actions/cancel': 'user',
  'POST /api/orders/actions/scan': 'user',
  'POST /api/orders/actions/reset-scans': 'user',
  'POST /api/orders/actions/dispatch-round': 'user',
  'POST /api/orders/actions/uncancel': 'staff',
  'POST /api/orders/actions/trash': 'staff',
  'POST /api/orders/actions/restore': 'staff',
  'POST /api/orders/actions/unissue': 'staff',
  'POST /api/orders/actions/purge': 'admin',

  // Reports (a reprint override is checked inside, for admins)
  'GET /api/reports/{}': 'user',
  'GET /api/reports/{}/export.xlsx': 'user',
  'POST /api/reports/{}/print': 'user',
  'GET /api/reports/{}/printed': 'user',
  'GET /api/reports/{}/printed/export.xlsx': 'user',
  'PATCH /api/reports/{}/round': 'user',
  'POST /api/reports/picking/dispatch': 'user',
};

/** Every route under /api/admin/ is admin-only (users, audit, status, clears, backups, export, restore, migrations, holidays). */
export const ADMIN_PREFIX = '/api/admin/';

const toPattern = (key: string) => key.replace(/\{[^}]*\}/g, '{}');

function matches(pattern: string, key: string): boolean {
  const p = pattern.split(/[ /]/);
  const k = toPattern(key).split(/[ /]/);
  return p.length === k.length && p.every((seg, i) => seg === '{}' || seg === k[i]);
}

/**
 * The spec's minimum role for a ROUTE_ROLES key (`POST /api/imports/{kind}` or
 * `POST /api/imports/orders`), or undefined when the spec names no such route. The most
 * specific pattern wins (fewest `{}`), so `GET /api/orders/status` is not read as `/api/orders/{id}`.
 */
export function specMinimumRole(key: string): Access | undefined {
  const path = key.slice(key.indexOf(' ') + 1);
  if (path.startsWith(ADMIN_PREFIX)) return 'admin';
  const candidates = Object.keys(SPEC_MINIMUM_ROLE).filter((pattern) => matches(pattern, key));
  candidates.sort((a, b) => a.split('{}').length - b.split('{}').length);
  return candidates.length ? SPEC_MINIMUM_ROLE[candidates[0]] : undefined;
}
