// Routes are declared once with @hono/zod-openapi (validation, types and the OpenAPI document
// come from one schema) and always carry their access check from the role table.
import { createRoute, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { accessFor, routeKey } from '../http/route-roles';
import { requireAccess } from '../http/auth';

export function secureRoute<R extends Omit<RouteConfig, 'middleware'>>(config: R) {
  const access = accessFor(config.method, config.path);
  return createRoute({ ...config, middleware: [requireAccess(access, routeKey(config.method, config.path))] as const });
}

/** A handler written apart from its route (`<resource>.handlers.ts`), typed by the route's declaration. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
