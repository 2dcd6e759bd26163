// HTTP to Google with the rules of docs/domain/imports.md#google-sheets: 20 s per request, one
// retry on 429/5xx (and on a dropped connection), then `sheet_unavailable`. Uses fetch only, so it
// runs on Node and edge. Every answer is read under a byte cap (domain/imports/limits.ts): past it
// the download stops and the import is refused with 413 `file_too_large_inflated`, never retried.
import { ImportFileError } from '../domain/imports/errors';
import { readLimits } from '../domain/imports/limits';
import { SheetError } from './types';

export interface HttpOptions {
  /** Capped: the body of its answers errors past `maxResponseBytes`. */
  fetch: typeof fetch;
  timeoutMs: number;
  /** Pause before the one retry. */
  retryDelayMs: number;
}

export function responseTooLarge(maxBytes: number): ImportFileError {
  return new ImportFileError('file_too_large_inflated', undefined, [
    { limit: 'response_bytes', part: 'google_sheets', max: maxBytes },
  ]);
}

/** The cap error behind `error` (a client library may wrap it as a cause), if any. */
export function capErrorOf(error: unknown): ImportFileError | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ImportFileError) return e;
  }
  return null;
}

/** A fetch whose answers' bodies fail with `responseTooLarge` once they pass `maxBytes`. */
export function cappedFetch(base: typeof fetch, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    if (!res.body || res.status === 204 || res.status === 304) return res;
    let seen = 0;
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          // Erroring the stream also cancels the download.
          if (seen > maxBytes) controller.error(responseTooLarge(maxBytes));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

export const defaultHttp = (overrides: Partial<HttpOptions> & { maxResponseBytes?: number } = {}): HttpOptions => ({
  fetch: cappedFetch(
    overrides.fetch ?? ((input, init) => fetch(input, init)),
    overrides.maxResponseBytes ?? readLimits().sheetsResponseBytes,
  ),
  timeoutMs: overrides.timeoutMs ?? 20_000,
  retryDelayMs: overrides.retryDelayMs ?? 500,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const retryable = (status: number) => status === 429 || status >= 500;

async function once(http: HttpOptions, url: string, init: RequestInit): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), http.timeoutMs);
  try {
    const res = await http.fetch(url, { ...init, signal: controller.signal });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  } finally {
    clearTimeout(timer);
  }
}

/** One request with one retry; a timeout or a second network failure is `sheet_unavailable`. */
export async function request(http: HttpOptions, url: string, init: RequestInit = {}): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await once(http, url, init);
      if (attempt === 0 && retryable(res.status)) {
        await sleep(http.retryDelayMs);
        continue;
      }
      return res;
    } catch (error) {
      const cap = capErrorOf(error);
      if (cap) throw cap;
      const timedOut = (error as Error)?.name === 'AbortError';
      if (attempt === 0 && !timedOut) {
        await sleep(http.retryDelayMs);
        continue;
      }
      throw new SheetError('sheet_unavailable', undefined, [{ reason: timedOut ? 'timeout' : 'network' }]);
    }
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
