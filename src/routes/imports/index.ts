// Imports (docs/domain/imports.md#requests): run an import of a kind from a file or a Google
// Sheet, read the log, download templates, clear a kind's log. Staff and up
// (docs/domain/auth.md#permission-table).
// Routes in imports.routes.ts, handlers in imports.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './imports.handlers';
import * as routes from './imports.routes';
import { SheetBody } from './body';

export const importsRouter = new OpenAPIHono<AppEnv>()
  .openapi(routes.run, handlers.run)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.template, handlers.template)
  .openapi(routes.clearLogs, handlers.clearLogs);

// The JSON body of a sheet import is read by hand (see body.ts); list its schema in the document.
importsRouter.openAPIRegistry.register('ImportSheetRequest', SheetBody);
