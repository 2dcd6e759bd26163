// Schemas shared by route modules: the error envelope, paging, common parameters.
import { z } from '@hono/zod-openapi';
import { CLEAN_PATTERN, forbiddenCharacterMessage, type TextKind } from '../domain/safe-text';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.array(z.record(z.string(), z.unknown())),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: ErrorSchema } },
  description,
});

/** The error responses every protected route can give. */
export const commonErrors = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Signed in without the required role, or CSRF check failed'),
} as const;

export const notFoundError = { 404: errorResponse('Not found') } as const;
export const conflictError = { 409: errorResponse('State conflict') } as const;
export const errorResponses = { ...commonErrors, ...notFoundError, ...conflictError };

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const PagingQuery = z.object({
  page: z.coerce.number().int().min(1).optional().openapi({ example: 1 }),
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ example: 50 }),
});

export const pagedOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), limit: z.number().int() });

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const OkSchema = z.object({ ok: z.literal(true) });

/**
 * Text a body field stores: trimmed, at most `max` characters and no control or bidi
 * characters (domain/safe-text.ts; identifiers refuse tab and line breaks too). A refusal is the
 * 400 `invalid_request` naming the field.
 */
export const safeText = (max: number, kind: TextKind = 'text') =>
  z.string().trim().max(max).regex(CLEAN_PATTERN[kind], { message: forbiddenCharacterMessage() });
