// createApp(deps) -> Hono app. Runtime-neutral: no fs, no process.env; the entry points
// (src/server.ts on Node, src/worker.ts on the edge) build the deps.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, errorBody, issueDetails } from './errors';
import { storageFaultError } from './storage-faults';
import { rootCauseMessage, storageFaultOf } from './storage';

import { SHUTTING_DOWN_MESSAGE } from './services/system/shutdown';
import { authenticate, credentialOf, requireAccess } from './http/auth';
import { accessFor } from './http/route-roles';
import { requestBodyLimit } from './http/body-limit';
import { exportLimits } from './http/export-limit';
import { forwardedClientIp, parseIp } from './lib/ip';
import { createAdmission } from './http/admission';
import { answeredWithoutDatabase } from './http/paths';
import { createServices, type AppDeps, type Services } from './services';
import { apiRouters } from './routes';
import { isPagePath, loginUrl, PASSWORD_CHANGE_PAGE, renderErrorPage, uiRouter } from './ui';
import type { AppEnv } from './http/env';

export type { AppDeps } from './services';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

function requestContext(services: Services, deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('services', services);
    c.set('config', deps.config);
    c.set('auth', null);
    c.set('ip', clientIp(c, deps));
    c.header('X-Request-Id', requestId);
    await next();
  };
}

/**
 * The one client address the throttle and the audit log use. Behind TRUST_PROXY it is the entry
 * TRUST_PROXY_HOPS from the right of X-Forwarded-For (what our own proxies appended), never the
 * client-written left end; anything that is not an address falls back to the socket.
 */
function clientIp(c: Context<AppEnv>, deps: AppDeps): string | null {
  if (deps.config.runtime === 'edge') return parseIp(c.req.header('cf-connecting-ip'));
  if (deps.config.TRUST_PROXY) {
    const forwarded = forwardedClientIp(c.req.header('x-forwarded-for'), deps.config.TRUST_PROXY_HOPS);
    if (forwarded) return forwarded;
  }
  const socket = deps.remoteAddress?.(c) ?? null;
  return socket && (parseIp(socket) ?? socket);
}

const API_CSP = "default-src 'self'; frame-ancestors 'none'";
// Pages: the same, plus no <base>, no plugins and forms that post only here. Nothing inline:
// no script, no style attribute (default-src covers script-src and style-src).
const PAGE_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

// Security headers on every response, errors included
// (docs/domain/auth.md#security-rules-beyond-sign-in).
const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const url = new URL(c.req.url);
  const page = isPagePath(url.pathname);
  const headers: [string, string][] = [
    ['Content-Security-Policy', page ? PAGE_CSP : API_CSP],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'same-origin'],
    ['X-Frame-Options', 'DENY'],
  ];
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  if (proto === 'https') headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  // API answers and pages are per user (and carry tokens): never kept by a browser or proxy
  // cache. Static files set their own long cache.
  if ((url.pathname.startsWith('/api/') || page) && !c.res.headers.has('cache-control'))
    headers.push(['Cache-Control', 'no-store']);
  setOnResponse(c, headers);
};

/**
 * Sets headers on the finished response in place. Hono's `c.header` after the handler copies the
 * whole response on each call (six copies per request were a third of a small request's cost
 * under a burst: docs/domain/read-model.md#the-event-loop); a response whose headers cannot change
 * (a redirect, a fetched one) is copied once.
 */
function setOnResponse(c: Context<AppEnv>, headers: [string, string][]): void {
  try {
    for (const [name, value] of headers) c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    for (const [name, value] of headers) c.res.headers.set(name, value);
  }
}

function accessLog(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    await next();
    // Path only: query strings may carry search terms; headers may carry credentials.
    deps.log.info(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Date.now() - started}ms`, {
      requestId: c.get('requestId'),
    });
  };
}

const startsWithAny = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(p));

/**
 * Every request but /health and static files is admitted (http/admission.ts): a few at a time,
 * let in one per turn of the event loop, so /health is answered at once however many requests
 * arrive together (a health check that times out restarts a service that is only busy).
 */
function admitted(services: Services, deps: AppDeps): MiddlewareHandler<AppEnv> {
  const admission = createAdmission({ concurrency: ADMITTED_AT_ONCE, maxWaitMs: WRITE_MAX_WAIT_MS });
  // A Worker isolate must not hold one request waiting on another's progress (the runtime cancels
  // it as hung), and its database is remote: every request works as it comes.
  const queued = deps.config.runtime !== 'edge';
  const remote = deps.storage.kind === 'remote';
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (answeredWithoutDatabase(path)) return next();
    if (!queued) return next();
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    // The version on arrival, not after the wait: any result of it or newer answers the request,
    // so a burst of reads is answered by one computation even while writes commit in between.
    if (read && MODEL_READS.has(path)) {
      // With a remote database each statement is a round trip: the session lookup reads the
      // version too, so a warm read costs one before admission instead of two (or two in a row).
      // A local file answers both at once, and a burst's lookups are better done once admitted.
      const token = remote ? credentialOf(c).token : undefined;
      const lookup = token ? services.auth.lookUpSession(token) : null;
      if (lookup) {
        const session = lookup.then((l) => l.session);
        // Awaited by `authenticate`; a failure here must not surface as unhandled before that.
        session.catch(() => {});
        c.set('sessionLookup', session);
      }
      const version = lookup ? await lookup.then((l) => l.version).catch(() => null) : null;
      c.set('arrivedAtVersion', version ?? (await services.readModel.committedVersion()));
    }
    const leave = await admission.enter(read ? 'read' : 'write');
    try {
      await next();
    } finally {
      leave();
    }
  };
}

/** Requests working at once; more only interleave their slices (one event loop, one database thread). */
const ADMITTED_AT_ONCE = 4;
/** A write waiting behind reads goes next after this long. */
const WRITE_MAX_WAIT_MS = 1_000;
/** Reads answered from the read model's cached results (services/orders). */
const MODEL_READS = new Set(['/api/dashboard', '/api/orders']);

/**
 * Draining, pending migrations and setup mode gate every route but the few that must keep
 * working (docs/domain/data-safety.md#migrations, docs/domain/data-safety.md#graceful-shutdown,
 * docs/domain/auth.md#first-admin-and-setup).
 */
function gates(services: Services, deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    // Static files need no database, and the error pages below need their stylesheet.
    if (answeredWithoutDatabase(path)) return next();
    if (deps.lifecycle.draining) {
      c.header('Connection', 'close');
      throw new AppError('shutting_down', SHUTTING_DOWN_MESSAGE);
    }
    if (await services.migrations.isPending()) {
      // The pages that sign in and out, and the status page with its button that applies them.
      const pages = ['/login', '/logout', '/admin/system-status', '/admin/migrations/apply'];
      if (!startsWithAny(path, ['/api/auth/', '/api/setup', '/api/admin/migrations']) && !pages.includes(path)) {
        throw new AppError('schema_out_of_date', 'ฐานข้อมูลยังไม่ได้ปรับปรุงเป็นเวอร์ชันล่าสุด (migration ค้างอยู่)');
      }
      return next();
    }
    if (!startsWithAny(path, ['/api/setup']) && path !== '/setup' && (await services.auth.isSetupRequired())) {
      if (isPagePath(path)) return c.redirect('/setup', 303);
      throw new AppError('setup_required', 'ยังไม่ได้สร้างผู้ดูแลระบบคนแรก กรุณาตั้งค่าที่ /api/setup');
    }
    return next();
  };
}

/** Hono's own refusals (a malformed body, a body over a limit, a wrong content type) in our codes. */
const HTTP_EXCEPTION_ERRORS: Partial<Record<number, () => AppError>> = {
  400: () => new AppError('invalid_request', 'คำขอไม่ถูกต้อง'),
  413: () => new AppError('payload_too_large', 'ไฟล์หรือข้อมูลมีขนาดใหญ่เกินกำหนด'),
  415: () => new AppError('unsupported_media_type', 'ชนิดของข้อมูลที่ส่งมาไม่รองรับ'),
};

/** The error as the client may see it, or null for an unexpected one (a 500). */
function clientError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) return HTTP_EXCEPTION_ERRORS[error.status]?.() ?? null;
  return null;
}

export function createApp(deps: AppDeps) {
  const { services, parts } = createServices(deps);
  const exports = exportLimits(deps.config);
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues =
          (result.error as { issues?: { path: PropertyKey[]; message: string; code?: string }[] }).issues ?? [];
        const details = issueDetails(issues, result.target);
        const fields = [...new Set(details.map((d) => d.field).filter(Boolean))];
        // The message names the parameters, so a person sees which one to fix.
        throw new AppError(
          'invalid_request',
          fields.length ? `ข้อมูลที่ส่งมาไม่ถูกต้อง: ${fields.join(', ')}` : 'ข้อมูลที่ส่งมาไม่ถูกต้อง',
          details,
        );
      }
    },
  });

  app.use('*', requestContext(services, deps));
  app.use('*', securityHeaders);
  app.use('*', accessLog(deps));
  const bodyLimit = requestBodyLimit(deps.config);
  app.use('*', bodyLimit.onArrival);
  // Counted on arrival, before anything awaits: a burst of exports is refused, not queued.
  app.use('*', exports.onArrival);
  app.use('*', admitted(services, deps));
  app.use('*', bodyLimit.counted);
  app.use('*', gates(services, deps));
  app.use('*', authenticate);
  app.use('*', exports.perAccount);
  app.use('/api/openapi.json', requireAccess(accessFor('GET', '/api/openapi.json')));

  for (const router of apiRouters) app.route('/', router);
  app.route('/', uiRouter);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: `${deps.config.APP_NAME} API`, version: deps.build.version },
  });

  app.notFound((c) => {
    if (isPagePath(new URL(c.req.url).pathname)) return renderErrorPage(c, 404, 'ไม่พบหน้าที่ต้องการ');
    return c.json(errorBody('not_found', 'ไม่พบหน้าที่ต้องการ', [], c.get('requestId') ?? ''), 404);
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    const url = new URL(c.req.url);
    // Pages answer a browser: an HTML page (or a redirect), never the JSON envelope.
    const known = clientError(error);
    if (isPagePath(url.pathname)) {
      if (known) {
        if (known.code === 'unauthenticated') return c.redirect(loginUrl('/'), 303);
        if (known.code === 'password_change_required') return c.redirect(PASSWORD_CHANGE_PAGE, 303);
        return renderErrorPage(c, known.status, known.message, known.headers);
      }
      deps.log.error(`Unhandled error in ${c.req.method} ${url.pathname}`, { requestId, error });
      return renderErrorPage(c, 500, 'เกิดข้อผิดพลาดภายในระบบ');
    }
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) c.header(k, v);
      return c.json(errorBody(known.code, known.message, known.details, requestId), known.status);
    }
    const fault = storageFaultOf(error);
    if (fault) {
      // A known storage fault: its code and one line for the operator, never a stack trace.
      parts.storageCondition.noteFault(error);
      const answer = storageFaultError(fault);
      const line = `Storage ${fault.replace('_', '-')}: ${c.req.method} ${new URL(c.req.url).pathname} answered ${answer.status} ${answer.code} (${rootCauseMessage(error)})`;
      if (fault === 'busy') deps.log.warn(line, { requestId });
      else deps.log.error(line, { requestId });
      for (const [k, v] of Object.entries(answer.headers)) c.header(k, v);
      return c.json(errorBody(answer.code, answer.message, answer.details, requestId), answer.status);
    }
    deps.log.error(`Unhandled error in ${c.req.method} ${new URL(c.req.url).pathname}`, { requestId, error });
    return c.json(errorBody('internal_error', 'เกิดข้อผิดพลาดภายในระบบ กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ', [], requestId), 500);
  });

  return { app, services, parts };
}
