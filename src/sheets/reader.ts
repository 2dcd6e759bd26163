// The one Sheets reader the import service sees (docs/domain/imports.md#google-sheets): the service
// account first (Node: googleapis; edge: REST + jose); on 403, or with no credentials at all,
// GOOGLE_API_KEY if set, else the public CSV export. Every failure becomes a SheetError with its
// documented code.
import type { Config } from '../config';
import type { Logger } from '../log';
import { resolveServiceAccount, type ServiceAccount } from './credentials';
import { defaultHttp, type HttpOptions } from './http';
import { readPublicCsv } from './public-csv';
import { restValuesSource } from './rest';
import { serviceAccountTokens } from './token';
import {
  DOCS_BASE_URL,
  SHEETS_BASE_URL,
  SheetError,
  sheetMessage,
  type SheetsReader,
  type SheetValues,
  type ValuesSource,
} from './types';

export interface ReaderParts {
  /** The service-account source; absent when no credentials are configured. */
  serviceAccount?: { source: ValuesSource; clientEmail: string };
  apiKey?: ValuesSource;
  http: HttpOptions;
  docsBaseUrl: string;
}

export function composeSheetsReader(parts: ReaderParts): SheetsReader {
  const fail = async (
    source: ValuesSource,
    spreadsheetId: string,
    tab: string,
    reason: 'not_found' | 'tab_not_found' | 'unavailable',
  ): Promise<never> => {
    if (reason === 'not_found') throw new SheetError('sheet_not_found');
    if (reason === 'unavailable') throw new SheetError('sheet_unavailable');
    const titles = await source.getTitles(spreadsheetId).catch(() => null);
    throw new SheetError('sheet_tab_not_found', sheetMessage('sheet_tab_not_found', { tab }), [
      { tab, existingTabs: titles ?? [] },
    ]);
  };
  const noAccess = () =>
    parts.serviceAccount
      ? new SheetError(
          'sheet_no_access',
          sheetMessage('sheet_no_access', { clientEmail: parts.serviceAccount.clientEmail }),
          [{ clientEmail: parts.serviceAccount.clientEmail }],
        )
      : new SheetError('sheet_not_public');

  return {
    async read(spreadsheetId, tab): Promise<SheetValues> {
      if (parts.serviceAccount) {
        const r = await parts.serviceAccount.source.getValues(spreadsheetId, tab);
        if (r.ok) return { values: r.values, source: 'sheet', warnings: [] };
        if (r.reason !== 'forbidden') return fail(parts.serviceAccount.source, spreadsheetId, tab, r.reason);
      }
      if (parts.apiKey) {
        const r = await parts.apiKey.getValues(spreadsheetId, tab);
        if (r.ok) return { values: r.values, source: 'sheet', warnings: [] };
        if (r.reason !== 'forbidden') return fail(parts.apiKey, spreadsheetId, tab, r.reason);
        throw noAccess();
      }
      const csv = await readPublicCsv(parts.http, parts.docsBaseUrl, spreadsheetId, tab);
      if (csv.ok) return { values: csv.values, source: 'public_csv', warnings: ['sheet_public_csv'] };
      if (csv.reason === 'not_found') throw new SheetError('sheet_not_found');
      if (csv.reason === 'unavailable') throw new SheetError('sheet_unavailable');
      throw noAccess();
    },
  };
}

export interface SheetsReaderOptions {
  fetch?: typeof fetch;
  /** Cap on one answer's bytes (default from domain/imports/limits.ts). */
  maxResponseBytes?: number;
  sheetsBaseUrl?: string;
  docsBaseUrl?: string;
  timeoutMs?: number;
  retryDelayMs?: number;
  clock?: () => number;
  log?: Logger;
}

export type SheetsConfig = Pick<
  Config,
  'GOOGLE_CREDENTIALS_JSON' | 'GOOGLE_CLIENT_EMAIL' | 'GOOGLE_PRIVATE_KEY' | 'GOOGLE_TOKEN_URI' | 'GOOGLE_API_KEY'
>;

/**
 * Runtime-neutral reader (the worker's, and the default when no reader is injected): the
 * service account through the REST API with a jose-signed JWT.
 */
export function createRestSheetsReader(
  config: SheetsConfig,
  opts: SheetsReaderOptions & { account?: ServiceAccount | null } = {},
): SheetsReader {
  const http = defaultHttp(opts);
  const sheetsBase = opts.sheetsBaseUrl ?? SHEETS_BASE_URL;
  const account = opts.account !== undefined ? opts.account : resolveCredentials(config, opts.log);
  const tokens = account ? serviceAccountTokens(account, http, opts.clock ?? Date.now) : null;
  return composeSheetsReader({
    serviceAccount:
      account && tokens
        ? {
            source: restValuesSource(http, sheetsBase, { bearer: () => tokens.token() }),
            clientEmail: account.clientEmail,
          }
        : undefined,
    apiKey: config.GOOGLE_API_KEY ? restValuesSource(http, sheetsBase, { apiKey: config.GOOGLE_API_KEY }) : undefined,
    http,
    docsBaseUrl: opts.docsBaseUrl ?? DOCS_BASE_URL,
  });
}

function resolveCredentials(config: SheetsConfig, log?: Logger, fileText?: string | null): ServiceAccount | null {
  const { account, problem } = resolveServiceAccount(config, fileText);
  if (problem) log?.warn(`Google Sheets credentials ignored: ${problem}`);
  return account;
}

export { resolveCredentials };
