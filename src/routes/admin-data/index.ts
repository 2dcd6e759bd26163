// Export and restore (docs/domain/data-safety.md#export, #restore) and the legacy-table drop
// (docs/domain/data-safety.md#legacy-adoption). Admin only.
// Routes in admin-data.routes.ts, handlers in admin-data.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './admin-data.handlers';
import * as routes from './admin-data.routes';

export const dataRouter = new OpenAPIHono<AppEnv>()
  .openapi(routes.exportRoute, handlers.exportRoute)
  .openapi(routes.restoreUpload, handlers.restoreUpload)
  .openapi(routes.restoreBackup, handlers.restoreBackup)
  .openapi(routes.legacyDrop, handlers.legacyDrop);
