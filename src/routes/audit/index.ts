import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, PagingQuery } from '../schemas';
import { auditBound } from '../../services/audit/log';
import type { AppEnv } from '../../http/env';

const AuditRow = z
  .object({
    id: z.number().int(),
    at: z.string(),
    requestId: z.string().nullable(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
    ip: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetLabel: z.string().nullable(),
    counts: z.unknown(),
    details: z.unknown(),
  })
  .openapi('AuditEntry');

const bound = (edge: 'start' | 'end') =>
  z
    .string()
    .max(40)
    .optional()
    .refine((v) => v === undefined || auditBound(v, edge) !== null, {
      message: 'วันที่ต้องเป็น YYYY-MM-DD หรือ ISO 8601 พร้อมเขตเวลา',
    })
    .openapi({ description: 'Bangkok date YYYY-MM-DD (the whole day) or an ISO 8601 instant with its zone' });

const list = secureRoute({
  method: 'get',
  path: '/api/admin/audit',
  tags: ['Admin'],
  summary: 'The audit log, newest first (cursor = nextCursor of the previous page; or page/limit)',
  request: {
    query: PagingQuery.extend({
      from: bound('start'),
      to: bound('end'),
      action: z.string().max(64).optional(),
      userId: z.coerce.number().int().positive().optional(),
      cursor: z.coerce.number().int().positive().optional(),
    }),
  },
  responses: {
    200: json(
      z.object({
        items: z.array(AuditRow),
        total: z.number().int(),
        page: z.number().int().nullable(),
        limit: z.number().int(),
        nextCursor: z.number().int().nullable(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const auditRouter = new OpenAPIHono<AppEnv>().openapi(list, async (c) =>
  c.json(await c.get('services').audit.list(c.req.valid('query')), 200),
);
