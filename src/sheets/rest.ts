// The Sheets v4 REST calls (`spreadsheets.values.get`, and `spreadsheets.get` for tab names),
// authorised by a bearer token (service account on the edge) or an API key (fallback).
import { parseJson, request, retryable, type HttpOptions } from './http';
import { tabRange, type ValuesOutcome, type ValuesSource } from './types';

export type RestAuth = { bearer: () => Promise<string | null> } | { apiKey: string };

/** Maps a Sheets API error answer to what the import needs to know. */
export function classifySheetsError(status: number, body: unknown): Exclude<ValuesOutcome, { ok: true }>['reason'] {
  const message = String((body as { error?: { message?: unknown } } | null)?.error?.message ?? '');
  if (status === 404) return 'not_found';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 400 && /unable to parse range/i.test(message)) return 'tab_not_found';
  if (status === 400 && /api key/i.test(message)) return 'forbidden';
  if (retryable(status)) return 'unavailable';
  return 'unavailable';
}

/** Cells as text: FORMATTED_VALUE already gives strings; anything else is stringified. */
export function valuesToText(values: unknown): string[][] {
  if (!Array.isArray(values)) return [];
  return values.map((row) =>
    Array.isArray(row) ? row.map((c) => (c === null || c === undefined ? '' : String(c))) : [],
  );
}

export function restValuesSource(http: HttpOptions, baseUrl: string, auth: RestAuth): ValuesSource {
  const base = baseUrl.replace(/\/+$/, '');

  async function get(url: string): Promise<{ status: number; body: unknown } | { status: 'no_token' }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let target = url;
    if ('apiKey' in auth) target += `${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(auth.apiKey)}`;
    else {
      const token = await auth.bearer();
      if (token === null) return { status: 'no_token' };
      headers.authorization = `Bearer ${token}`;
    }
    const res = await request(http, target, { headers });
    return { status: res.status, body: parseJson(res.text) };
  }

  return {
    async getValues(spreadsheetId, tab) {
      const url = `${base}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(tabRange(tab))}?valueRenderOption=FORMATTED_VALUE`;
      const res = await get(url);
      if (res.status === 'no_token') return { ok: false, reason: 'forbidden' };
      if (res.status === 200)
        return { ok: true, values: valuesToText((res.body as { values?: unknown } | null)?.values) };
      return { ok: false, reason: classifySheetsError(res.status, res.body) };
    },

    async getTitles(spreadsheetId) {
      const res = await get(
        `${base}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}?fields=sheets.properties.title`,
      );
      if (res.status !== 200) return null;
      const sheets = (res.body as { sheets?: { properties?: { title?: unknown } }[] } | null)?.sheets ?? [];
      return sheets.map((s) => String(s.properties?.title ?? '')).filter((t) => t !== '');
    },
  };
}
