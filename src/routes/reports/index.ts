// Reports and exports (docs/domain/reports.md): every signed-in user reads, prints and sets
// rounds; the reprint override is the admin's, checked by the print plan
// (docs/domain/reports.md#reprints-and-the-override).
// Routes in reports.routes.ts, handlers in reports.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import * as handlers from './reports.handlers';
import * as routes from './reports.routes';

export const reportsRouter = new OpenAPIHono<AppEnv>()
  // Registered before /api/reports/{report}/print so that `picking/dispatch` is never a report.
  .openapi(routes.dispatch, handlers.dispatch)
  .openapi(routes.rows, handlers.rows)
  .openapi(routes.exportXlsx, handlers.exportXlsx)
  .openapi(routes.print, handlers.print)
  .openapi(routes.printed, handlers.printed)
  .openapi(routes.printedExport, handlers.printedExport)
  .openapi(routes.round, handlers.round);
