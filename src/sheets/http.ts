// HTTP to Google with the rules of imports 8: 20 s per request, one retry on 429/5xx (and on a
// dropped connection), then `sheet_unavailable`. Uses fetch only, so it runs on Node and edge.
import { SheetError } from './types';

export interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Pause before the one retry. */
  retryDelayMs: number;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

export const defaultHttp = (overrides: Partial<HttpOptions> = {}): HttpOptions => ({
  fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
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
