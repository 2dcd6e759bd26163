// /api/admin/backups: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in backups.handlers.ts.
import { z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, OkSchema, PagingQuery, pagedOf } from '../schemas';

const Backup = z
  .object({
    name: z.string(),
    kind: z.string(),
    format: z.enum(['sqlite', 'ndjson']),
    storage: z.enum(['file', 'db']),
    legacy: z.boolean(),
    sizeBytes: z.number().int(),
    schemaVersion: z.string().nullable(),
    rowCounts: z.record(z.string(), z.number().int()),
    checksum: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.object({ userId: z.number().int().nullable(), username: z.string().nullable() }),
  })
  .openapi('Backup');

// Any text reaches the handler, so a bad name is 400 invalid_backup_name rather than a
// validation error.
const NameParam = z.object({
  name: z
    .string()
    .openapi({ param: { name: 'name', in: 'path' }, example: 'backup_manual_20250131T120000Z_a1b2c3.db' }),
});

export const list = secureRoute({
  method: 'get',
  path: '/api/admin/backups',
  tags: ['Admin data'],
  request: { query: PagingQuery },
  responses: { 200: json(pagedOf(Backup)), ...errorResponses(...PROTECTED, 404, 409) },
});

export const create = secureRoute({
  method: 'post',
  path: '/api/admin/backups',
  tags: ['Admin data'],
  summary:
    'Manual backup: sqlite on the file adapter by default, ndjson anywhere (409 unsupported_on_adapter for sqlite on a remote database)',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ format: z.enum(['sqlite', 'ndjson']).optional() }) } },
      required: false,
    },
  },
  responses: { 201: json(Backup, 'Created'), ...errorResponses(...PROTECTED, 404, 409) },
});

export const download = secureRoute({
  method: 'get',
  path: '/api/admin/backups/{name}',
  tags: ['Admin data'],
  request: { params: NameParam },
  responses: {
    200: {
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
      description: 'The backup file',
    },
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const remove = secureRoute({
  method: 'delete',
  path: '/api/admin/backups/{name}',
  tags: ['Admin data'],
  request: { params: NameParam },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});
