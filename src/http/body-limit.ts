// Request body size limits (docs/api.md#body-limits; W14 of
// docs/domain/auth.md#legacy-security-weaknesses): no route accepts an unlimited body.
//
// How it works
//   - `requestBodyLimit(config)` is mounted in src/app.ts for every request (its declared-length
//     check on arrival, its counting after admission). It picks the limit from BODY_LIMITS by
//     path prefix, else DEFAULT_BODY_LIMIT_BYTES (capped by MAX_UPLOAD_BYTES), and answers
//     `413 payload_too_large` in the error envelope.
//   - A declared Content-Length over the limit is refused before a byte is read. A body without
//     one (chunked) is counted as it streams; the moment it passes the limit, reading fails and
//     the request ends with the same 413, whatever the handler was doing with the body.
//
// For route authors
//   - Imports (`/api/imports/...`) already get MAX_UPLOAD_BYTES, restore uploads
//     (`/api/admin/restore...`) MAX_RESTORE_BYTES. A new route that needs more than the default
//     adds one line to BODY_LIMITS (a registration edit, like ROUTE_ROLES).
//   - `bodyLimit(bytes)` is the same check for one router, when a route wants a limit tighter
//     than the global one: `router.use('/api/x/*', bodyLimit(64 * 1024))` before its routes.
//   - Read the body through Hono (`c.req.json()`, `c.req.formData()`, `c.req.valid(...)`,
//     `c.req.raw.body`): all of them see the counted stream.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { AppEnv } from './env';

/** JSON bodies of ordinary API calls: far more than any of them needs (1 MiB). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Boundaries and part headers of a multipart upload around its file. */
export const MULTIPART_MARGIN_BYTES = 64 * 1024;

type LimitConfig = Pick<Config, 'MAX_UPLOAD_BYTES' | 'MAX_RESTORE_BYTES'>;

/** Path prefixes whose bodies may be larger than the default (first match wins). */
export const BODY_LIMITS: readonly { prefix: string; limit: (config: LimitConfig) => number }[] = [
  // The import routes enforce MAX_UPLOAD_BYTES themselves, so that a refused upload is still
  // written to the import log; this is the backstop, with room for the multipart framing.
  { prefix: '/api/imports/', limit: (config) => config.MAX_UPLOAD_BYTES + MULTIPART_MARGIN_BYTES },
  { prefix: '/api/admin/restore', limit: (config) => config.MAX_RESTORE_BYTES },
  // The import pages post the same files as a form; the page checks MAX_UPLOAD_BYTES itself.
  { prefix: '/imports/', limit: (config) => config.MAX_UPLOAD_BYTES + MULTIPART_MARGIN_BYTES },
  // The restore page's upload form (multipart: the file, its framing and a few fields).
  { prefix: '/admin/restore', limit: (config) => config.MAX_RESTORE_BYTES + MULTIPART_MARGIN_BYTES },
];

export function bodyLimitFor(path: string, config: LimitConfig): number {
  const entry = BODY_LIMITS.find((e) => path === e.prefix || path.startsWith(e.prefix));
  return entry ? entry.limit(config) : Math.min(DEFAULT_BODY_LIMIT_BYTES, config.MAX_UPLOAD_BYTES);
}

export function payloadTooLarge(limit: number): AppError {
  return new AppError('payload_too_large', 'ไฟล์หรือข้อมูลมีขนาดใหญ่เกินกำหนด', [{ maxBytes: limit }]);
}

class BodyTooLarge extends Error {
  constructor() {
    super('request body over the limit');
  }
}

/** The declared length over the limit: refused before a byte is read. Headers only. */
function refuseDeclared(c: Context<AppEnv>, limit: number): void {
  const declared = c.req.header('content-length');
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw payloadTooLarge(limit);
}

async function enforce(c: Context<AppEnv>, next: () => Promise<void>, limit: number): Promise<void> {
  const request = c.req.raw;
  if (!request.body) return next();

  // Counted even when a length was declared: the limit must not depend on the transport
  // enforcing Content-Length.
  let seen = 0;
  let exceeded = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          exceeded = true;
          controller.error(new BodyTooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  c.req.raw = new Request(request, { body: counted, duplex: 'half' } as RequestInit);
  try {
    await next();
  } catch (error) {
    if (exceeded) throw payloadTooLarge(limit);
    throw error;
  }
  // The body parser turned the failed read into its own error (400 malformed JSON, ...), or a
  // handler caught it: either way the answer is 413.
  if (exceeded) throw payloadTooLarge(limit);
}

// GET and HEAD carry no body; asking a Node request for it builds the whole web Request (a good
// part of what a small request costs, and 200 of them arrive together).
const bodiless = (c: Context<AppEnv>) => c.req.method === 'GET' || c.req.method === 'HEAD';

/**
 * The global limit in two parts, by path (mounted in src/app.ts). `onArrival` refuses a declared
 * length over the limit at once, from the headers. `counted` counts the body as it streams; it is
 * mounted after admission, because wrapping the body builds the web Request, a stream and its
 * transform (about 0.4 ms a request), and before admission that work delays every other
 * arrival of a burst, /health among them (docs/domain/read-model.md#the-event-loop). Nothing reads
 * a body before admission.
 */
export function requestBodyLimit(config: LimitConfig): {
  onArrival: MiddlewareHandler<AppEnv>;
  counted: MiddlewareHandler<AppEnv>;
} {
  const limitOf = (c: Context<AppEnv>) => bodyLimitFor(new URL(c.req.url).pathname, config);
  return {
    onArrival: (c, next) => {
      if (!bodiless(c)) refuseDeclared(c, limitOf(c));
      return next();
    },
    counted: (c, next) => (bodiless(c) ? next() : enforce(c, next, limitOf(c))),
  };
}
