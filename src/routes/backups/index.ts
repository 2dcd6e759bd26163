// Backups (API.md "Admin data operations", operations 4): list, manual backup, download,
// delete. Admin only; the name is checked against the backup name pattern (400
// invalid_backup_name) before it is used for anything.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, OkSchema, PagingQuery, pagedOf } from '../schemas';
import { actorOf } from '../../http/auth';
import { attachment, backupContentType } from '../../http/download';
import type { AppEnv } from '../../http/env';

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

const list = secureRoute({
  method: 'get',
  path: '/api/admin/backups',
  tags: ['Admin data'],
  request: { query: PagingQuery },
  responses: { 200: json(pagedOf(Backup)), ...errorResponses(...PROTECTED, 404, 409) },
});

const create = secureRoute({
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

const download = secureRoute({
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

const remove = secureRoute({
  method: 'delete',
  path: '/api/admin/backups/{name}',
  tags: ['Admin data'],
  request: { params: NameParam },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const backupsRouter = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await c.get('services').backups.list(c.req.valid('query')), 200))
  .openapi(create, async (c) => {
    const body = ((c.req.valid('json') as unknown) ?? {}) as { format?: 'sqlite' | 'ndjson' };
    return c.json(await c.get('services').backups.create({ format: body.format }, actorOf(c)), 201);
  })
  .openapi(download, async (c) => {
    const name = c.req.valid('param').name;
    const file = await c.get('services').backups.download(name, actorOf(c));
    return attachment(c, { stream: file.stream, fileName: name, contentType: backupContentType(file.format) });
  })
  .openapi(remove, async (c) => {
    await c.get('services').backups.remove(c.req.valid('param').name, actorOf(c));
    return c.json({ ok: true as const }, 200);
  });
