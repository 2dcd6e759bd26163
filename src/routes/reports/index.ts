// Reports and exports (API.md "Reports and exports"): thin handlers over services.reports. Every
// signed-in user reads, prints and sets rounds; the reprint override is the admin's, checked by
// the print plan (operations 6.3).
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, json, jsonBody } from '../schemas';
import { actorOf } from '../../http/auth';
import {
  DispatchBodySchema,
  ExportQuerySchema,
  HistoryPageSchema,
  HistoryQuerySchema,
  PrintBodySchema,
  PrintResultSchema,
  ReportPageSchema,
  ReportParam,
  ReportQuerySchema,
  RoundBodySchema,
  RoundResultSchema,
} from './schemas';
import type { ReportQuery } from '../../services/reports';
import { sendXlsx, xlsxResponse } from '../xlsx';
import type { AppEnv } from '../../http/env';

const xlsxFile = xlsxResponse();
const yes = (v: string | undefined) => v === '1' || v === 'true';

function reportQuery(q: z.infer<typeof ReportQuerySchema>): ReportQuery {
  const { skus, shortage, ...rest } = q;
  return {
    ...rest,
    skus: skus
      ? skus
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    shortage: yes(shortage) || undefined,
  };
}

/** File names are Thai: the RFC 5987 form carries them, the plain one is an ASCII fallback. */
const rows = secureRoute({
  method: 'get',
  path: '/api/reports/{report}',
  tags: ['Reports'],
  summary: 'Rows of a report (warehouse, picking, lowstock, nostock, notenough) with totals',
  request: { params: ReportParam, query: ReportQuerySchema },
  responses: { 200: json(ReportPageSchema), ...errorResponses },
});

const exportXlsx = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/export.xlsx',
  tags: ['Reports'],
  summary: 'The report as .xlsx: every row of the same filters and sort',
  request: { params: ReportParam, query: ExportQuerySchema },
  responses: { 200: xlsxFile, ...errorResponses },
});

const print = secureRoute({
  method: 'post',
  path: '/api/reports/{report}/print',
  tags: ['Reports'],
  summary: 'Record a print (idempotent; a reprint needs an admin override)',
  request: { params: ReportParam, ...jsonBody(PrintBodySchema) },
  responses: { 200: json(PrintResultSchema), ...errorResponses },
});

const printed = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/printed',
  tags: ['Reports'],
  summary: 'Printed history of a report, rendered from the print records',
  request: { params: ReportParam, query: HistoryQuerySchema },
  responses: { 200: json(HistoryPageSchema), ...errorResponses },
});

const printedExport = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/printed/export.xlsx',
  tags: ['Reports'],
  summary: 'Printed history as .xlsx',
  request: { params: ReportParam, query: HistoryQuerySchema },
  responses: { 200: xlsxFile, ...errorResponses },
});

const round = secureRoute({
  method: 'patch',
  path: '/api/reports/{report}/round',
  tags: ['Reports'],
  summary: 'Set the page round on its listed orders (warehouse, lowstock, nostock, notenough)',
  request: { params: ReportParam, ...jsonBody(RoundBodySchema) },
  responses: { 200: json(RoundResultSchema), ...errorResponses },
});

const dispatch = secureRoute({
  method: 'post',
  path: '/api/reports/picking/dispatch',
  tags: ['Reports'],
  summary: 'จ่ายงาน(รอบที่): round N on every order of the current Picking List, issued picking:round_N',
  request: jsonBody(DispatchBodySchema),
  responses: { 200: json(RoundResultSchema), ...errorResponses },
});

export const reportsRouter = new OpenAPIHono<AppEnv>()
  // Registered before /api/reports/{report}/print so that `picking/dispatch` is never a report.
  .openapi(dispatch, async (c) =>
    c.json(await c.get('services').reports.dispatch(c.req.valid('json'), actorOf(c)), 200),
  )
  .openapi(rows, async (c) =>
    c.json(await c.get('services').reports.rows(c.req.valid('param').report, reportQuery(c.req.valid('query'))), 200),
  )
  .openapi(exportXlsx, async (c) => {
    const q = c.req.valid('query');
    const file = await c
      .get('services')
      .reports.exportXlsx(c.req.valid('param').report, reportQuery(q), { unfiltered: yes(q.unfiltered) });
    return sendXlsx(c, file);
  })
  .openapi(print, async (c) =>
    c.json(await c.get('services').reports.print(c.req.valid('param').report, c.req.valid('json'), actorOf(c)), 200),
  )
  .openapi(printed, async (c) =>
    c.json(await c.get('services').reports.printed(c.req.valid('param').report, c.req.valid('query')), 200),
  )
  .openapi(printedExport, async (c) =>
    sendXlsx(c, await c.get('services').reports.printedExport(c.req.valid('param').report, c.req.valid('query'))),
  )
  .openapi(round, async (c) =>
    c.json(await c.get('services').reports.setRound(c.req.valid('param').report, c.req.valid('json'), actorOf(c)), 200),
  );
