// /api/imports: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in imports.handlers.ts.
import { z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, IdParam, json, jsonBody, PagingQuery, pagedOf } from '../schemas';
import { IMPORT_KINDS } from '../../domain/imports/headers';
import { xlsxResponse } from '../xlsx';

const kindEnum = () => z.enum(IMPORT_KINDS);

const KindParam = z.object({ kind: kindEnum().openapi({ param: { name: 'kind', in: 'path' }, example: 'orders' }) });

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const ImportQuery = z.object({
  dryRun: flag,
  skipInvalid: flag,
  confirmZeroing: flag,
  mode: z.enum(['full', 'partial']).optional(),
});

const Issue = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

const Warning = z.object({ row: z.number().int().nullable(), code: z.string(), message: z.string() });

const Import = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    status: z.enum(['committed', 'partial', 'rejected', 'validated', 'failed']),
    source: z.enum(['file', 'sheet', 'public_csv']),
    fileName: z.string().nullable(),
    sheetUrl: z.string().nullable(),
    tab: z.string().nullable(),
    sha256: z.string().nullable(),
    platform: z.string().nullable(),
    shop: z.string().nullable(),
    mode: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    importDate: z.string(),
    rows: z.number().int(),
    added: z.number().int(),
    linesAdded: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    duplicates: z.number().int(),
    duplicatesSameDay: z.number().int(),
    duplicatesCrossDay: z.number().int(),
    notFound: z.number().int(),
    unmatched: z.number().int(),
    ordersMatched: z.number().int(),
    zeroed: z.number().int(),
    rejected: z.number().int(),
    warnings: z.number().int(),
    errors: z.number().int(),
    shopsCreated: z.array(z.string()),
    rejectedKeys: z.array(z.string()),
    columnMap: z.record(z.string(), z.string()),
    confirmZeroingRequired: z.boolean().optional(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    by: z.string().nullable(),
    byUserId: z.number().int().nullable(),
  })
  .openapi('Import');

const ImportResult = z
  .object({ import: Import, errors: z.array(Issue), warnings: z.array(Warning) })
  .openapi('ImportResult');

const ImportDetail = ImportResult.extend({ truncated: z.boolean() }).openapi('ImportDetail');

const fileResponses = errorResponses(
  'payload_too_large',
  'file_too_large_inflated',
  'unsupported_type',
  'unreadable_file',
  'missing_columns',
  'wrong_file_kind',
  'too_many_rows',
  'cell_too_long',
  'too_many_columns',
  'sheet_unavailable',
  {
    413:
      '`payload_too_large`: upload larger than MAX_UPLOAD_BYTES. `file_too_large_inflated`: the file (or a Google Sheet answer) ' +
      'grows past a cap while it is read - inflated bytes of a part, inflate ratio, zip entries; `details` names the cap',
    422:
      'the file or sheet cannot be imported: `too_many_rows` (over 100,000 data rows), `cell_too_long` (a cell over 32,767 ' +
      'characters), `too_many_columns` (a row over 16,384 columns), Google Sheet errors (`sheet_*`); reading stops at the ' +
      'first cap crossed',
    503: 'Google Sheets unreachable',
  },
);

export const run = secureRoute({
  method: 'post',
  path: '/api/imports/{kind}',
  tags: ['Imports'],
  description:
    'Body: multipart/form-data with `file` (.xlsx or .csv) and optional `platform`, `shop`, `columns` (JSON); or JSON ' +
    '`{ sheetUrl, tab, platform?, shop?, columns? }` for a Google Sheet (schema ImportSheetRequest).',
  request: { params: KindParam, query: ImportQuery },
  responses: { 200: json(ImportResult), ...errorResponses(...PROTECTED, 404, 409), ...fileResponses },
});

export const list = secureRoute({
  method: 'get',
  path: '/api/imports',
  tags: ['Imports'],
  request: {
    query: PagingQuery.extend({
      kind: kindEnum()
        .optional()
        .openapi({ param: { name: 'kind', in: 'query' } }),
    }),
  },
  responses: { 200: json(pagedOf(Import)), ...errorResponses(...PROTECTED, 404, 409) },
});

export const get = secureRoute({
  method: 'get',
  path: '/api/imports/{id}',
  tags: ['Imports'],
  request: { params: IdParam },
  responses: { 200: json(ImportDetail), ...errorResponses(...PROTECTED, 404, 409) },
});

export const template = secureRoute({
  method: 'get',
  path: '/api/imports/{kind}/template.xlsx',
  tags: ['Imports'],
  request: { params: KindParam, query: z.object({ platform: z.string().max(64).optional() }) },
  responses: {
    200: xlsxResponse('Template workbook'),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const clearLogs = secureRoute({
  method: 'post',
  path: '/api/imports/{kind}/logs/clear',
  tags: ['Imports'],
  request: {
    params: KindParam,
    ...jsonBody(
      z
        .object({
          dateFrom: z.string().max(10).optional().openapi({ example: '2025-01-15' }),
          dateTo: z.string().max(10).optional(),
          all: z.boolean().optional(),
        })
        .strict(),
    ),
  },
  responses: {
    200: json(z.object({ deleted: z.object({ imports: z.number().int(), import_errors: z.number().int() }) })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});
