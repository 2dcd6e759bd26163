// Sign in and out (docs/domain/auth.md#sessions): cookie sessions for browsers, bearer tokens
// for HTTP clients.
// Routes in auth.routes.ts, handlers in auth.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './auth.handlers';
import * as routes from './auth.routes';

export const authRouter = new OpenAPIHono<AppEnv>()
  .openapi(routes.login, handlers.login)
  .openapi(routes.token, handlers.token)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.me, handlers.me)
  .openapi(routes.password, handlers.password);
