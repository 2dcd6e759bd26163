// Limits on the costly downloads (issue 19.5): the xlsx exports, the database export and backup
// downloads read or build a whole data set, so one account runs one at a time and the app runs
// at most EXPORT_MAX_CONCURRENT at once. Anything over gets 429 with Retry-After.
//
// How it works
//   - `exportLimit(config)` is mounted once in src/app.ts, after authentication. It applies to
//     the GET routes EXPORT_ROUTES matches; a new export route whose path ends in
//     `/export.xlsx` is covered without an edit, another kind adds a pattern there.
//   - A slot is held until the response body has been sent (or the client went away), not just
//     until the handler returns, so a streamed export counts for as long as it streams.
//   - Anonymous requests take no slot (the route answers 401); a refused or failed request gives
//     its slot back at once.
//   - The counters live in this app instance: one Node process has one set. On the edge each
//     isolate has its own, so with several isolates an account may run one export per isolate
//     and the global limit applies per isolate.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { AppEnv } from '../context';

/** GET paths that are exports: xlsx exports, the database export, one backup file. */
export const EXPORT_ROUTES: readonly RegExp[] = [/\/export\.xlsx$/, /^\/api\/admin\/export$/, /^\/api\/admin\/backups\/[^/]+$/];

/** What a refused client is told to wait; exports of a desk's data take seconds. */
export const EXPORT_RETRY_AFTER_S = 5;

export const isExportRoute = (method: string, path: string) => method === 'GET' && EXPORT_ROUTES.some((r) => r.test(path));

const busy = (code: string, message: string) =>
  new AppError(429, code, message, [{ retryAfterS: EXPORT_RETRY_AFTER_S }], { 'Retry-After': String(EXPORT_RETRY_AFTER_S) });

/** The body of `res` with `done` called once it has been read to the end, failed or been cancelled. */
function onBodyDone(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          done();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
}

export function exportLimit(config: Pick<Config, 'EXPORT_MAX_CONCURRENT'>): MiddlewareHandler<AppEnv> {
  const byAccount = new Set<number>();
  let running = 0;

  return async (c, next) => {
    const auth = c.get('auth');
    if (!auth || !isExportRoute(c.req.method, new URL(c.req.url).pathname)) return next();
    const account = auth.user.id;
    if (byAccount.has(account)) {
      throw busy('export_in_progress', 'บัญชีนี้มีการส่งออกข้อมูลที่ยังทำงานอยู่ กรุณารอให้เสร็จก่อนแล้วลองใหม่');
    }
    if (running >= config.EXPORT_MAX_CONCURRENT) {
      throw busy('exports_busy', 'ระบบกำลังส่งออกข้อมูลหลายรายการพร้อมกัน กรุณาลองใหม่อีกครั้งในอีกสักครู่');
    }
    byAccount.add(account);
    running++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      byAccount.delete(account);
      running--;
    };
    let handedOver = false;
    try {
      await next();
      const body = c.res.body;
      if (c.res.status < 400 && body) {
        c.res = new Response(onBodyDone(body, release), c.res);
        handedOver = true;
      }
    } finally {
      if (!handedOver) release();
    }
  };
}
