// Routes are declared once with @hono/zod-openapi (validation, types and the OpenAPI document
// come from one schema) and always carry their access check from the role table.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { accessFor, routeKey } from '../http/route-roles';
import { requireAccess } from '../http/auth';

export function secureRoute<R extends Omit<RouteConfig, 'middleware'>>(config: R) {
  const access = accessFor(config.method, config.path);
  return createRoute({ ...config, middleware: [requireAccess(access, routeKey(config.method, config.path))] as const });
}
