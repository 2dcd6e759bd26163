// Schemas shared by route modules: the error envelope, paging, common parameters.
import { z } from '@hono/zod-openapi';
import { CLEAN_PATTERN, forbiddenCharacterMessage, type TextKind } from '../domain/safe-text';
import { ERROR_STATUS, statusesOf, type ErrorCode, type ErrorStatus, type StatusOfCode } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/paging';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.array(z.record(z.string(), z.unknown())),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

/** What a status means on every route; a route adds its own codes and notes. */
const STATUS_MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input',
  401: 'Not signed in',
  403: 'Signed in without the required role, or CSRF check failed',
  404: 'Not found',
  409: 'State conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'A file that cannot be processed',
  429: 'Too many at once (Retry-After)',
  500: 'Internal error',
  503: 'Not available now',
  507: 'The volume is full',
};

type ErrorResponse = { content: { 'application/json': { schema: typeof ErrorSchema } }; description: string };
/** A status, a code (its status, with the code named), or notes per status. */
type ErrorSpec = ErrorStatus | ErrorCode | Partial<Record<ErrorStatus, string>>;
type StatusesOf<S> = S extends ErrorCode
  ? StatusOfCode<S>
  : S extends ErrorStatus
    ? S
    : S extends Partial<Record<ErrorStatus, string>>
      ? keyof S & ErrorStatus
      : never;

/**
 * The OpenAPI error responses of a route, all in the one envelope:
 * `errorResponses(400, 401, 403, 'payload_too_large', { 413: 'why' })`. Codes come from the one
 * table (src/errors.ts), so a documented code always has the status the service answers with.
 */
export function errorResponses<const T extends readonly ErrorSpec[]>(
  ...specs: T
): { [S in StatusesOf<T[number]>]: ErrorResponse } {
  const codes = new Map<ErrorStatus, ErrorCode[]>();
  const notes = new Map<ErrorStatus, string>();
  for (const spec of specs) {
    if (typeof spec === 'number') codes.set(spec, codes.get(spec) ?? []);
    else if (typeof spec === 'string') {
      for (const status of statusesOf(spec) as ErrorStatus[]) codes.set(status, [...(codes.get(status) ?? []), spec]);
    } else {
      for (const [status, note] of Object.entries(spec) as [string, string][]) {
        const key = Number(status) as ErrorStatus;
        codes.set(key, codes.get(key) ?? []);
        notes.set(key, note);
      }
    }
  }
  const out: Record<number, ErrorResponse> = {};
  for (const [status, named] of [...codes].sort(([a], [b]) => a - b)) {
    const parts = [STATUS_MEANING[status]];
    if (named.length) parts.push(named.map((c) => `\`${c}\``).join(', '));
    if (notes.has(status)) parts.push(notes.get(status)!);
    out[status] = { content: { 'application/json': { schema: ErrorSchema } }, description: parts.join(': ') };
  }
  return out as { [S in StatusesOf<T[number]>]: ErrorResponse };
}

/** The error responses every signed-in route can give, and those of a resource by id or with state. */
export const PROTECTED = [400, 401, 403] as const;

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const PagingQuery = z.object({
  page: z.coerce.number().int().min(1).optional().openapi({ example: 1 }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional().openapi({ example: DEFAULT_PAGE_SIZE }),
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
