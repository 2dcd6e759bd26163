// Node only (imported by src/node/boot/app.ts, never reachable from src/app.ts): the service account
// through the official client, `googleapis` Sheets v4 `spreadsheets.values.get` (published per
// API as @googleapis/sheets), with google-auth-library's JWT client. The fallbacks (API key,
// public CSV) are the same fetch-based ones the edge uses.
import { capErrorOf, defaultHttp } from './http';
import { composeSheetsReader, resolveCredentials, type SheetsConfig, type SheetsReaderOptions } from './reader';
import { classifySheetsError, restValuesSource, valuesToText } from './rest';
import {
  DOCS_BASE_URL,
  GOOGLE_TOKEN_URI,
  SHEETS_BASE_URL,
  SHEETS_READONLY_SCOPE,
  SheetError,
  tabRange,
  type SheetsReader,
  type ValuesSource,
} from './types';
import type { ServiceAccount } from './credentials';

interface GoogleError {
  status?: number;
  code?: number | string;
  response?: { status?: number; data?: unknown };
  name?: string;
}

const REFUSED_GRANT = /invalid_grant|invalid_client|unauthorized_client|invalid_scope/i;

function tokenRefused(error: unknown): boolean {
  const e = error as GoogleError & { message?: string };
  const data = e?.response?.data as { error?: unknown } | undefined;
  const status = statusOf(error);
  if (typeof data?.error === 'string' && REFUSED_GRANT.test(data.error)) return true;
  return (status === null || status === 400 || status === 401) && REFUSED_GRANT.test(String(e?.message ?? ''));
}

function statusOf(error: unknown): number | null {
  const e = error as GoogleError;
  const status = e?.response?.status ?? e?.status ?? (typeof e?.code === 'number' ? e.code : undefined);
  return typeof status === 'number' ? status : null;
}

/**
 * google-auth-library posts to Google's fixed token URL; a configured token URI (and, in tests,
 * a local stand-in) is honoured by rewriting that one URL.
 */
function rewritingFetch(base: typeof fetch, tokenUri: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = url === GOOGLE_TOKEN_URI && tokenUri !== GOOGLE_TOKEN_URI ? tokenUri : url;
    return base(target === url ? input : target, init);
  };
}

export function googleapisValuesSource(
  account: ServiceAccount,
  opts: { fetch: typeof fetch; sheetsBaseUrl: string; timeoutMs: number; retryDelayMs: number },
): ValuesSource {
  // The client library is loaded at the first read, not at start: loading it takes a few hundred
  // ms of the start-up (issue 13: boot to a served dashboard), for a feature most starts never use.
  let client: ReturnType<typeof loadClient> | null = null;
  const loadClient = async () => {
    const { auth: googleAuth, sheets: sheetsApi } = await import('@googleapis/sheets');
    const jwt = new googleAuth.JWT({
      email: account.clientEmail,
      key: account.privateKey,
      scopes: [SHEETS_READONLY_SCOPE],
      transporterOptions: {
        timeout: opts.timeoutMs,
        fetchImplementation: rewritingFetch(opts.fetch, account.tokenUri),
      },
    });
    return sheetsApi({ version: 'v4', auth: jwt, rootUrl: `${opts.sheetsBaseUrl.replace(/\/+$/, '')}/` });
  };
  const sheetsClient = () => (client ??= loadClient());
  // Our retry rule (one retry on 429/5xx), not the client's default of three.
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const cap = capErrorOf(error);
      if (cap) throw cap;
      const status = statusOf(error);
      if (status !== null && status !== 429 && status < 500) throw error;
      await new Promise((r) => setTimeout(r, opts.retryDelayMs));
      return fn();
    }
  };
  // The capped fetch (http.ts) for the answers too, so a huge one stops downloading at the cap.
  const method = { retry: false, timeout: opts.timeoutMs, fetchImplementation: opts.fetch } as const;

  return {
    async getValues(spreadsheetId, tab) {
      const api = await sheetsClient();
      try {
        const res = await call(() =>
          api.spreadsheets.values.get(
            { spreadsheetId, range: tabRange(tab), valueRenderOption: 'FORMATTED_VALUE' },
            method,
          ),
        );
        return { ok: true, values: valuesToText(res.data.values) };
      } catch (error) {
        const cap = capErrorOf(error);
        if (cap) throw cap;
        // The token exchange refusing the key (invalid_grant, ...) is "no access", like a 403.
        if (tokenRefused(error)) return { ok: false, reason: 'forbidden' };
        const status = statusOf(error);
        if (status === null) throw new SheetError('sheet_unavailable', undefined, [{ reason: 'network' }]);
        return { ok: false, reason: classifySheetsError(status, (error as GoogleError).response?.data) };
      }
    },

    async getTitles(spreadsheetId) {
      const api = await sheetsClient();
      try {
        const res = await call(() =>
          api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties.title' }, method),
        );
        return (res.data.sheets ?? []).map((s) => s.properties?.title ?? '').filter((t) => t !== '');
      } catch {
        return null;
      }
    },
  };
}

export function createNodeSheetsReader(
  config: SheetsConfig,
  opts: SheetsReaderOptions & { credentialsFileText?: string | null } = {},
): SheetsReader {
  const http = defaultHttp(opts);
  const sheetsBase = opts.sheetsBaseUrl ?? SHEETS_BASE_URL;
  const account = resolveCredentials(config, opts.log, opts.credentialsFileText);
  return composeSheetsReader({
    serviceAccount: account
      ? {
          source: googleapisValuesSource(account, {
            fetch: http.fetch,
            sheetsBaseUrl: sheetsBase,
            timeoutMs: http.timeoutMs,
            retryDelayMs: http.retryDelayMs,
          }),
          clientEmail: account.clientEmail,
        }
      : undefined,
    apiKey: config.GOOGLE_API_KEY ? restValuesSource(http, sheetsBase, { apiKey: config.GOOGLE_API_KEY }) : undefined,
    http,
    docsBaseUrl: opts.docsBaseUrl ?? DOCS_BASE_URL,
  });
}
