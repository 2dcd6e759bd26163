// A sheet shared as "anyone with the link" read without credentials through its CSV export
// (docs/domain/imports.md#google-sheets). The export answers with the first tab when the named one
// does not exist, so the result always carries the warning `sheet_public_csv`.
import { parseCsv } from '../domain/imports/csv';
import { ImportFileError } from '../domain/imports/errors';
import { request, retryable, type HttpOptions } from './http';

export type PublicCsvOutcome =
  | { ok: true; values: string[][] }
  | { ok: false; reason: 'login_required' | 'not_found' | 'unavailable' };

export function publicCsvUrl(baseUrl: string, spreadsheetId: string, tab: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/spreadsheets/d/${encodeURIComponent(spreadsheetId)}/gviz/tq?tqx=out:csv&sheet=${encodeURIComponent(tab)}`;
}

/** CSV text to sheet values: row i is sheet row i + 1 (blank lines keep their place). */
export function csvToValues(text: string): string[][] {
  const values: string[][] = [];
  try {
    parseCsv(new TextEncoder().encode(text), (row) => {
      while (values.length < row.rowNo - 1) values.push([]);
      values.push(row.cells);
    });
  } catch (error) {
    // The caps (a cell too long, a row too wide) refuse the sheet like a file; the text cannot
    // be anything but UTF-8 here, so no other reading error exists.
    if (error instanceof ImportFileError && error.code === 'unreadable_file') return [];
    throw error;
  }
  return values;
}

export async function readPublicCsv(
  http: HttpOptions,
  baseUrl: string,
  spreadsheetId: string,
  tab: string,
): Promise<PublicCsvOutcome> {
  // A private sheet redirects to the sign-in page: do not follow it.
  const res = await request(http, publicCsvUrl(baseUrl, spreadsheetId, tab), { redirect: 'manual' });
  if (res.status === 200 && !/text\/html/i.test(res.contentType)) return { ok: true, values: csvToValues(res.text) };
  if (res.status === 404) return { ok: false, reason: 'not_found' };
  if (retryable(res.status)) return { ok: false, reason: 'unavailable' };
  // 3xx to the sign-in page, 401/403, or an HTML sign-in page served with 200.
  return { ok: false, reason: 'login_required' };
}
