// Backups, admin only (docs/domain/data-safety.md#backups): list, manual backup, download,
// delete. The name is checked against the backup name pattern (400 invalid_backup_name) before
// it is used for anything.
// Routes in backups.routes.ts, handlers in backups.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './backups.handlers';
import * as routes from './backups.routes';

export const backupsRouter = new OpenAPIHono<AppEnv>()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.download, handlers.download)
  .openapi(routes.remove, handlers.remove);
