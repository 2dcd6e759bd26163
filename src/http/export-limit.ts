// Limits on the costly downloads (issue 19.5): the xlsx exports, the database export and backup
// downloads read or build a whole data set, so one account runs one at a time and the app runs
// at most EXPORT_MAX_CONCURRENT at once. Anything over gets 429 with Retry-After.
//
// How it works
//   - `exportLimits(config)` gives two middlewares, mounted in src/app.ts: `onArrival` before
//     anything awaits (a request is counted the moment it arrives, so a burst of parallel
//     exports is refused at once instead of queueing behind the first one's CPU work), and
//     `perAccount` after authentication. They apply to the GET routes EXPORT_ROUTES matches; a
//     new export route whose path ends in `/export.xlsx` is covered without an edit.
//   - On arrival a request takes a global slot and its credential (the bearer token or session
//     cookie it presents); another export presenting the same credential is refused at once.
//     After authentication the account is checked too, so two sessions of one account do not
//     run two exports. Anonymous requests are counted globally until their 401.
//   - A slot is held until the response body has been sent (or the client went away), not just
//     until the handler returns, so a streamed export counts for as long as it streams. A
//     refused or failed request gives its slot back at once.
//   - The counters live in this app instance: one Node process has one set. On the edge each
//     isolate has its own, so with several isolates an account may run one export per isolate
//     and the global limit applies per isolate.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import { credentialOf } from './auth';
import type { Config } from '../config';
import type { AppEnv } from './env';

/** GET paths that are exports: xlsx exports, the database export, one backup file. */
export const EXPORT_ROUTES: readonly RegExp[] = [
  /\/export\.xlsx$/,
  /^\/api\/admin\/export$/,
  /^\/api\/admin\/backups\/[^/]+$/,
  // The same downloads from the admin pages.
  /^\/admin\/export$/,
  /^\/admin\/backups\/[^/]+\/download$/,
];

/** What a refused client is told to wait; exports of a desk's data take seconds. */
export const EXPORT_RETRY_AFTER_S = 5;

export const isExportRoute = (method: string, path: string) =>
  method === 'GET' && EXPORT_ROUTES.some((r) => r.test(path));

const busy = (code: 'export_in_progress' | 'exports_busy', message: string) =>
  new AppError(code, message, [{ retryAfterS: EXPORT_RETRY_AFTER_S }], {
    headers: { 'Retry-After': String(EXPORT_RETRY_AFTER_S) },
  });
const inProgress = () => busy('export_in_progress', 'บัญชีนี้มีการส่งออกข้อมูลที่ยังทำงานอยู่ กรุณารอให้เสร็จก่อนแล้วลองใหม่');

/** `body` with `done` called once it has been read to the end, failed or been cancelled. */
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

/** The request's session token as a slot key (the same token by header or cookie is two keys, as before). */
function slotKeyOf(c: Context<AppEnv>): string | null {
  const { token, method } = credentialOf(c);
  return token ? `${method} ${token}` : null;
}

interface Slot {
  credential: string | null;
  account: number | null;
}

export function exportLimits(config: Pick<Config, 'EXPORT_MAX_CONCURRENT'>) {
  const slots = new WeakMap<Request, Slot>();
  const credentials = new Set<string>();
  const accounts = new Set<number>();
  let running = 0;

  const release = (slot: Slot) => {
    if (slot.credential) credentials.delete(slot.credential);
    if (slot.account !== null) accounts.delete(slot.account);
    running--;
  };

  const onArrival: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!isExportRoute(c.req.method, new URL(c.req.url).pathname)) return next();
    const credential = slotKeyOf(c);
    if (credential && credentials.has(credential)) throw inProgress();
    if (running >= config.EXPORT_MAX_CONCURRENT) {
      throw busy('exports_busy', 'ระบบกำลังส่งออกข้อมูลหลายรายการพร้อมกัน กรุณาลองใหม่อีกครั้งในอีกสักครู่');
    }
    const slot: Slot = { credential, account: null };
    if (credential) credentials.add(credential);
    running++;
    slots.set(c.req.raw, slot);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      release(slot);
    };
    let handedOver = false;
    try {
      await next();
      const body = c.res.body;
      if (c.res.status < 400 && body) {
        c.res = new Response(onBodyDone(body, done), c.res);
        handedOver = true;
      }
    } finally {
      if (!handedOver) done();
    }
  };

  const perAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
    const slot = slots.get(c.req.raw);
    const auth = c.get('auth');
    if (slot && auth) {
      if (accounts.has(auth.user.id)) throw inProgress();
      accounts.add(auth.user.id);
      slot.account = auth.user.id;
    }
    return next();
  };

  return { onArrival, perAccount };
}
