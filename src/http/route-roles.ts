// Who may call what (docs/domain/auth.md#permission-table): one table, route -> minimum role. Every
// route the app registers must appear here; `secureRoute` refuses to build a route that does
// not, and a test walks every registered route against this table.
import type { Role } from '../domain/roles';

export type Access = 'public' | Role;

export const ROUTE_ROLES: Readonly<Record<string, Access>> = {
  // Health, setup, documentation
  'GET /health': 'public',
  'HEAD /health': 'public',
  'GET /api/setup/status': 'public',
  'POST /api/setup': 'public',
  'GET /api/openapi.json': 'user',

  // Auth
  'POST /api/auth/login': 'public',
  'POST /api/auth/token': 'public',
  'POST /api/auth/logout': 'user',
  'GET /api/auth/me': 'user',
  'POST /api/auth/password': 'user',

  // Users, audit, status, migrations (admin)
  'GET /api/admin/users': 'admin',
  'POST /api/admin/users': 'admin',
  'PATCH /api/admin/users/{id}': 'admin',
  'POST /api/admin/users/{id}/password': 'admin',
  'POST /api/admin/users/{id}/unlock': 'admin',
  'DELETE /api/admin/users/{id}': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/system-status': 'admin',
  'GET /api/admin/migrations': 'admin',
  'POST /api/admin/migrations/apply': 'admin',

  // Data operations: clear, backups, export, restore, legacy drop (admin)
  'GET /api/admin/clear/stats': 'admin',
  'POST /api/admin/clear/preview': 'admin',
  'POST /api/admin/clear': 'admin',
  'GET /api/admin/backups': 'admin',
  'POST /api/admin/backups': 'admin',
  'GET /api/admin/backups/{name}': 'admin',
  'DELETE /api/admin/backups/{name}': 'admin',
  'GET /api/admin/export': 'admin',
  'POST /api/admin/restore': 'admin',
  'POST /api/admin/restore/from-backup/{name}': 'admin',
  'POST /api/admin/legacy/drop': 'admin',

  // Master data
  'GET /api/shops': 'staff',
  'POST /api/shops': 'staff',
  'PATCH /api/shops/{id}': 'staff',
  'DELETE /api/shops/{id}': 'admin',
  'GET /api/products': 'user',
  'POST /api/products': 'staff',
  'PATCH /api/products/{sku}': 'staff',
  'DELETE /api/products/{sku}': 'staff',
  'GET /api/stock': 'user',
  'PUT /api/stock/{sku}': 'staff',

  // Orders, allocation, dashboard (read user+; actions per docs/domain/auth.md#permission-table)
  'GET /api/orders': 'user',
  'GET /api/orders/status': 'user',
  'GET /api/orders/{id}': 'user',
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
  // Reports and exports (docs/domain/auth.md#permission-table: user+; the reprint override is
  // admin, checked by the plan)
  'GET /api/reports/{report}': 'user',
  'GET /api/reports/{report}/export.xlsx': 'user',
  'POST /api/reports/{report}/print': 'user',
  'GET /api/reports/{report}/printed': 'user',
  'GET /api/reports/{report}/printed/export.xlsx': 'user',
  'PATCH /api/reports/{report}/round': 'user',
  'POST /api/reports/picking/dispatch': 'user',
  'GET /api/admin/holidays': 'admin',
  'PUT /api/admin/holidays': 'admin',
  // Imports, their templates, logs and log clears; saved Sheet URLs (staff+,
  // docs/domain/auth.md#permission-table)
  'POST /api/imports/{kind}': 'staff',
  'GET /api/imports': 'staff',
  'GET /api/imports/{id}': 'staff',
  'GET /api/imports/{kind}/template.xlsx': 'staff',
  'POST /api/imports/{kind}/logs/clear': 'staff',
  'GET /api/settings/sheet-urls': 'staff',
  'PUT /api/settings/sheet-urls/{source}': 'staff',
  'DELETE /api/settings/sheet-urls/{source}': 'staff',
};

/**
 * What an account with a weak password may still do (docs/domain/auth.md#passwords): see who it is,
 * change the password, sign out. Every other route answers 403 password_change_required. A web page
 * that changes the password (or shows the sign-in state) goes here too, by its method and path.
 */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/auth/password',
  'GET /api/auth/me',
  'POST /api/auth/logout',
]);

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/**
 * The web pages (src/ui/), by the same rule: path -> minimum role, every page route registered
 * here and nowhere else. An anonymous visit is sent to /login?next=..., a role below the minimum
 * gets the 403 page; test/node/route-access.test.ts walks every page route as it walks the API.
 * A page shows what its API route may show, so its role is never lower than that route's.
 */
export const PAGE_ROLES: Readonly<Record<string, Access>> = {
  // Static files (CSS, font, script) and the pages that work without a session
  'GET /assets/{file}': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'GET /setup': 'public',
  'POST /setup': 'public',

  // Every signed-in user
  'POST /logout': 'user',
  'GET /account/password': 'user',
  'POST /account/password': 'user',
  'GET /': 'user',
  'GET /orders': 'user',
  'GET /products': 'user',
  'GET /stock': 'user',
  'GET /scan': 'user',
  'GET /reports': 'user',

  // Imports (staff+, as the import API) and administration
  'GET /imports': 'staff',
  'GET /admin': 'admin',

  // The daily pages (issue 15): order views and actions, scan, stock and imports. An action
  // post also checks the API route's role of the action it runs (src/ui/order-actions.ts).
  'GET /orders/all': 'user',
  'GET /orders/issued': 'user',
  'GET /orders/cancelled': 'user',
  'GET /orders/packed': 'user',
  'GET /orders/trash': 'user',
  'GET /orders/{id}': 'user',
  'POST /orders/actions': 'user',
  'POST /scan': 'user',
  'POST /stock': 'staff',
  'GET /imports/{kind}': 'staff',
  'POST /imports/{kind}': 'staff',
  'GET /imports/{kind}/log/{id}': 'staff',
  'GET /imports/{kind}/log/{id}/errors.csv': 'staff',
  'POST /imports/{kind}/sheet-url': 'staff',
  'POST /imports/{kind}/logs/clear': 'staff',

  // Report and print pages (issue 16): every signed-in user reads, prints and sets rounds, as
  // on the API; the reprint override is the admin's, refused by the print service for others.
  'GET /reports/{report}': 'user',
  'POST /reports/{report}': 'user',
  'GET /reports/{report}/printed': 'user',
  'GET /reports/print/{id}': 'user',

  // Admin pages (issue 16), each at the role of the API route it calls. The shop list and its
  // Sheet URLs are staff+, as /api/shops and /api/settings/sheet-urls; deleting a shop is admin.
  'GET /admin/users': 'admin',
  'POST /admin/users': 'admin',
  'GET /admin/users/{id}': 'admin',
  'POST /admin/users/{id}/role': 'admin',
  'POST /admin/users/{id}/status': 'admin',
  'POST /admin/users/{id}/password': 'admin',
  'POST /admin/users/{id}/unlock': 'admin',
  'POST /admin/users/{id}/delete': 'admin',
  'GET /admin/shops': 'staff',
  'POST /admin/shops': 'staff',
  'GET /admin/shops/{id}': 'staff',
  'POST /admin/shops/{id}': 'staff',
  'POST /admin/shops/{id}/delete': 'admin',
  'POST /admin/shops/sheet-urls/{source}': 'staff',
  'POST /admin/shops/sheet-urls/{source}/delete': 'staff',
  'GET /admin/holidays': 'admin',
  'POST /admin/holidays': 'admin',
  'POST /admin/holidays/delete': 'admin',
  'GET /admin/clear': 'admin',
  'POST /admin/clear/preview': 'admin',
  'POST /admin/clear': 'admin',
  'GET /admin/backups': 'admin',
  'POST /admin/backups': 'admin',
  'GET /admin/backups/{name}/download': 'admin',
  'GET /admin/backups/{name}/restore': 'admin',
  'POST /admin/backups/{name}/restore': 'admin',
  'POST /admin/backups/{name}/delete': 'admin',
  'GET /admin/export': 'admin',
  'POST /admin/restore': 'admin',
  'GET /admin/system-status': 'admin',
  'POST /admin/migrations/apply': 'admin',
  'GET /admin/audit': 'admin',
};

export function accessFor(method: string, path: string): Access {
  const key = routeKey(method, path);
  const access = ROUTE_ROLES[key];
  if (!access) throw new Error(`Route ${key} is missing from ROUTE_ROLES (src/http/route-roles.ts)`);
  return access;
}

export function pageAccessFor(method: string, path: string): Access {
  const key = `${method.toUpperCase()} ${path}`;
  const access = PAGE_ROLES[key];
  if (!access) throw new Error(`Page ${key} is missing from PAGE_ROLES (src/http/route-roles.ts)`);
  return access;
}
