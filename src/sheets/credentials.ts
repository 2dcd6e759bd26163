// Service-account credentials from configuration
// (docs/domain/imports.md#service-account-credentials; legacy order kept): GOOGLE_CREDENTIALS_JSON,
// else GOOGLE_PRIVATE_KEY + GOOGLE_CLIENT_EMAIL (literal \n unescaped), else a credentials file's
// text (Node: GOOGLE_CREDENTIALS_FILE or ./credentials.json).
import type { Config } from '../config';
import { GOOGLE_TOKEN_URI } from './types';

export interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  tokenUri: string;
}

export type CredentialsConfig = Pick<
  Config,
  'GOOGLE_CREDENTIALS_JSON' | 'GOOGLE_CLIENT_EMAIL' | 'GOOGLE_PRIVATE_KEY' | 'GOOGLE_TOKEN_URI'
>;

/** Environment variables often carry the PEM with literal `\n` sequences. */
export const unescapeKey = (key: string) => key.replace(/\\n/g, '\n');

function fromJson(text: string, tokenUri: string | undefined): ServiceAccount | null {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const clientEmail = typeof json.client_email === 'string' ? json.client_email : '';
    const privateKey = typeof json.private_key === 'string' ? unescapeKey(json.private_key) : '';
    if (!clientEmail || !privateKey) return null;
    return {
      clientEmail,
      privateKey,
      tokenUri: typeof json.token_uri === 'string' && json.token_uri ? json.token_uri : (tokenUri ?? GOOGLE_TOKEN_URI),
    };
  } catch {
    return null;
  }
}

export interface CredentialsResult {
  account: ServiceAccount | null;
  /** Why configured credentials were not usable (never the values themselves). */
  problem?: string;
}

export function resolveServiceAccount(config: CredentialsConfig, fileText?: string | null): CredentialsResult {
  if (config.GOOGLE_CREDENTIALS_JSON) {
    const account = fromJson(config.GOOGLE_CREDENTIALS_JSON, config.GOOGLE_TOKEN_URI);
    return account
      ? { account }
      : {
          account: null,
          problem: 'GOOGLE_CREDENTIALS_JSON is not a service-account key (client_email and private_key)',
        };
  }
  if (config.GOOGLE_PRIVATE_KEY) {
    if (!config.GOOGLE_CLIENT_EMAIL)
      return { account: null, problem: 'GOOGLE_PRIVATE_KEY is set without GOOGLE_CLIENT_EMAIL' };
    return {
      account: {
        clientEmail: config.GOOGLE_CLIENT_EMAIL,
        privateKey: unescapeKey(config.GOOGLE_PRIVATE_KEY),
        tokenUri: config.GOOGLE_TOKEN_URI ?? GOOGLE_TOKEN_URI,
      },
    };
  }
  if (fileText) {
    const account = fromJson(fileText, config.GOOGLE_TOKEN_URI);
    return account ? { account } : { account: null, problem: 'the credentials file is not a service-account key' };
  }
  return { account: null };
}
