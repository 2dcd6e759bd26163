// /api/admin/export, /api/admin/restore, /api/admin/legacy/drop: the route declarations (path,
// request and response schemas; the role comes from src/http/route-roles.ts through secureRoute).
// The handlers are in admin-data.handlers.ts.
import { z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json } from '../schemas';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const RestoreQuery = z.object({ dryRun: flag, includeUsers: flag });

const RestoreResult = z
  .object({
    dryRun: z.boolean(),
    backup: z.string().nullable(),
    restored: z.record(z.string(), z.number().int()),
    skipped: z.record(z.string(), z.number().int()),
    schema: z.string(),
    auditId: z.number().int().nullable(),
  })
  .openapi('RestoreResult');

const restoreErrors = errorResponses(
  ...PROTECTED,
  404,
  409,
  'payload_too_large',
  'restore_too_large',
  'file_too_large_inflated',
  'incompatible_export',
  'invalid_export',
  'invalid_backup',
  {
    413: 'the export decompresses past MAX_RESTORE_BYTES, or past 200 times its compressed size, or has a line over 32 MB',
    422: '`invalid_export` with line numbers; `invalid_backup`: a catalogued backup file that is truncated, changed or missing',
  },
);

export const exportRoute = secureRoute({
  method: 'get',
  path: '/api/admin/export',
  tags: ['Admin data'],
  summary: 'Download the whole database: NDJSON.gz logical export, or ?format=sqlite on the file adapter',
  request: { query: z.object({ format: z.enum(['ndjson', 'sqlite']).optional() }) },
  responses: {
    200: {
      content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } },
      description: 'export_<YYYYMMDD>T<HHmmss>Z.ndjson.gz',
    },
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const restoreUpload = secureRoute({
  method: 'post',
  path: '/api/admin/restore',
  tags: ['Admin data'],
  summary:
    'Restore from an uploaded export (multipart `file`, .ndjson or .ndjson.gz); a pre_restore backup is taken first',
  description:
    'Body: multipart/form-data with the field `file`. Read by the handler so that its size is checked before it is parsed.',
  request: { query: RestoreQuery },
  responses: { 200: json(RestoreResult), ...restoreErrors },
});

export const restoreBackup = secureRoute({
  method: 'post',
  path: '/api/admin/restore/from-backup/{name}',
  tags: ['Admin data'],
  summary: 'Restore from a catalogued backup (sqlite backups on Node only)',
  request: {
    params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) }),
    query: RestoreQuery,
  },
  responses: { 200: json(RestoreResult), ...restoreErrors },
});

export const legacyDrop = secureRoute({
  method: 'post',
  path: '/api/admin/legacy/drop',
  tags: ['Admin data'],
  summary: 'Drop the legacy_* tables kept after a legacy adoption (409 nothing_to_drop)',
  responses: {
    200: json(
      z.object({
        dropped: z.array(z.string()),
        counts: z.record(z.string(), z.number().int()),
        backup: z.string(),
        auditId: z.number().int(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});
