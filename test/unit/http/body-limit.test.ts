// The global body limit's two parts (src/http/body-limit.ts): the declared length refused on
// arrival from the headers alone, the body counted after admission
// (docs/domain/read-model.md#the-event-loop).
import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors';
import { requestBodyLimit } from '../../../src/http/body-limit';
import type { AppEnv } from '../../../src/http/env';

const LIMIT = 2048;
const config = { MAX_UPLOAD_BYTES: LIMIT, MAX_RESTORE_BYTES: LIMIT };

/** A request whose body is counted when asked for: on Node, asking builds the whole web Request. */
function watched(init: RequestInit & { duplex?: 'half' }): { request: Request; bodyAsked: () => number } {
  const request = new Request('http://desk.test/api/shops', { method: 'POST', ...init } as RequestInit);
  const body = request.body;
  let asked = 0;
  Object.defineProperty(request, 'body', {
    get: () => {
      asked++;
      return body;
    },
  });
  return { request, bodyAsked: () => asked };
}

function appWith(between: MiddlewareHandler<AppEnv>) {
  const limit = requestBodyLimit(config);
  const app = new Hono<AppEnv>();
  app.use('*', limit.onArrival);
  app.use('*', between);
  app.use('*', limit.counted);
  app.post('/api/shops', async (c) => c.json({ bytes: (await c.req.text()).length }));
  app.onError((error, c) =>
    error instanceof AppError ? c.json({ code: error.code }, error.status) : c.json({ code: 'internal' }, 500),
  );
  return app;
}

const stream = (bytes: number) => new Blob(['x'.repeat(bytes)]).stream();

describe('request body limit: declared on arrival, counted after admission', () => {
  it('does not touch the body before admission; a declared length over the limit is refused there', async () => {
    let askedBeforeAdmission = -1;
    let watch = watched({ body: 'x'.repeat(LIMIT + 1), headers: { 'content-length': String(LIMIT + 1) } });
    let reachedAdmission = false;
    const app = appWith(async (_c, next) => {
      reachedAdmission = true;
      askedBeforeAdmission = watch.bodyAsked();
      await next();
    });

    const refused = await app.request(watch.request);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ code: 'payload_too_large' });
    expect(reachedAdmission).toBe(false);
    expect(watch.bodyAsked()).toBe(0);

    watch = watched({ body: 'x'.repeat(100), headers: { 'content-length': '100' } });
    const ok = await app.request(watch.request);
    expect(await ok.json()).toEqual({ bytes: 100 });
    expect(askedBeforeAdmission).toBe(0);
    expect(watch.bodyAsked()).toBeGreaterThan(0);
  });

  it('counts a body without a declared length after admission: over the limit is 413, under it reads whole', async () => {
    const app = appWith((_c, next) => next());
    const over = await app.request(watched({ body: stream(LIMIT + 1), duplex: 'half' }).request);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ code: 'payload_too_large' });
    const under = await app.request(watched({ body: stream(LIMIT), duplex: 'half' }).request);
    expect(await under.json()).toEqual({ bytes: LIMIT });
  });

  it('a declared length the transport does not keep is still counted', async () => {
    const app = appWith((_c, next) => next());
    const lying = await app.request(
      watched({ body: stream(LIMIT + 10), duplex: 'half', headers: { 'content-length': '10' } }).request,
    );
    expect(lying.status).toBe(413);
  });
});
