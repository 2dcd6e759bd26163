// /api/reports: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in reports.handlers.ts.
import { secureRoute } from '../define';
import { errorResponses, json, jsonBody } from '../schemas';
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
import { xlsxResponse } from '../xlsx';

const xlsxFile = xlsxResponse();

export const rows = secureRoute({
  method: 'get',
  path: '/api/reports/{report}',
  tags: ['Reports'],
  summary: 'Rows of a report (warehouse, picking, lowstock, nostock, notenough) with totals',
  request: { params: ReportParam, query: ReportQuerySchema },
  responses: { 200: json(ReportPageSchema), ...errorResponses },
});

export const exportXlsx = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/export.xlsx',
  tags: ['Reports'],
  summary: 'The report as .xlsx: every row of the same filters and sort',
  request: { params: ReportParam, query: ExportQuerySchema },
  responses: { 200: xlsxFile, ...errorResponses },
});

export const print = secureRoute({
  method: 'post',
  path: '/api/reports/{report}/print',
  tags: ['Reports'],
  summary: 'Record a print (idempotent; a reprint needs an admin override)',
  request: { params: ReportParam, ...jsonBody(PrintBodySchema) },
  responses: { 200: json(PrintResultSchema), ...errorResponses },
});

export const printed = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/printed',
  tags: ['Reports'],
  summary: 'Printed history of a report, rendered from the print records',
  request: { params: ReportParam, query: HistoryQuerySchema },
  responses: { 200: json(HistoryPageSchema), ...errorResponses },
});

export const printedExport = secureRoute({
  method: 'get',
  path: '/api/reports/{report}/printed/export.xlsx',
  tags: ['Reports'],
  summary: 'Printed history as .xlsx',
  request: { params: ReportParam, query: HistoryQuerySchema },
  responses: { 200: xlsxFile, ...errorResponses },
});

export const round = secureRoute({
  method: 'patch',
  path: '/api/reports/{report}/round',
  tags: ['Reports'],
  summary: 'Set the page round on its listed orders (warehouse, lowstock, nostock, notenough)',
  request: { params: ReportParam, ...jsonBody(RoundBodySchema) },
  responses: { 200: json(RoundResultSchema), ...errorResponses },
});

export const dispatch = secureRoute({
  method: 'post',
  path: '/api/reports/picking/dispatch',
  tags: ['Reports'],
  summary: 'จ่ายงาน(รอบที่): round N on every order of the current Picking List, issued picking:round_N',
  request: jsonBody(DispatchBodySchema),
  responses: { 200: json(RoundResultSchema), ...errorResponses },
});
