// User management, admin only (docs/domain/auth.md#users).
// Routes in users.routes.ts, handlers in users.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './users.handlers';
import * as routes from './users.routes';

export const usersRouter = new OpenAPIHono<AppEnv>()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.update, handlers.update)
  .openapi(routes.resetPassword, handlers.resetPassword)
  .openapi(routes.unlock, handlers.unlock)
  .openapi(routes.remove, handlers.remove);
