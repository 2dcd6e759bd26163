// Export and restore (API.md "Admin data operations", operations 4), and the legacy-table drop
// (operations 2). Admin only.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json } from '../schemas';
import { actorOf } from '../../http/auth';
import { badRequest } from '../../errors';
import { MULTIPART_MARGIN_BYTES } from '../../http/body-limit';
import { attachment } from '../../http/download';
import { yieldToEventLoop } from '../../lib/steps';
import { tooLarge } from '../../services/restore/validate';
import type { AppEnv } from '../../http/env';

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

const exportRoute = secureRoute({
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

const restoreUpload = secureRoute({
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

const restoreBackup = secureRoute({
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

const legacyDrop = secureRoute({
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

export const dataRouter = new OpenAPIHono<AppEnv>()
  .openapi(exportRoute, async (c) => {
    return attachment(c, await c.get('services').exports.download(c.req.valid('query').format ?? 'ndjson', actorOf(c)));
  })
  .openapi(restoreUpload, async (c) => {
    const services = c.get('services');
    const max = c.get('config').MAX_RESTORE_BYTES;
    // Refuse before reading the body when the client says it is too big; multipart framing
    // adds a little, so the file itself is checked again below.
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > max + MULTIPART_MARGIN_BYTES) throw tooLarge();
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw badRequest('invalid_request', 'ต้องส่งไฟล์แบบ multipart/form-data ในช่อง file', [{ field: 'file' }]);
    }
    // Duck-typed: runtimes do not always share one File class with the body parser.
    const file = form.file as File | string | undefined;
    if (!file || typeof file === 'string' || typeof file.arrayBuffer !== 'function') {
      throw badRequest('invalid_request', 'ต้องส่งไฟล์ในช่อง file (.ndjson หรือ .ndjson.gz)', [{ field: 'file' }]);
    }
    if (file.size > max) throw tooLarge();
    // Parsing a large multipart body runs as one chain of microtasks: let other requests in.
    await yieldToEventLoop();
    const bytes = new Uint8Array(await file.arrayBuffer());
    return c.json(
      await services.restore.fromUpload({ bytes, name: file.name || 'upload' }, c.req.valid('query'), actorOf(c)),
      200,
    );
  })
  .openapi(restoreBackup, async (c) =>
    c.json(
      await c.get('services').restore.fromBackup(c.req.valid('param').name, c.req.valid('query'), actorOf(c)),
      200,
    ),
  )
  .openapi(legacyDrop, async (c) => c.json(await c.get('services').legacy.drop(actorOf(c)), 200));
