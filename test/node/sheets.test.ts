// Google Sheets readers (docs/domain/imports.md#google-sheets) against a local stand-in for Google:
// the requests the Node (googleapis) and edge (REST + jose JWT) readers send, the parsing of a
// recorded values.get answer, the fallbacks (API key, public CSV export) and every error code; then
// sheet imports through the HTTP API with the reader injected.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSheetsReader } from '../../src/sheets/googleapis';
import { createRestSheetsReader } from '../../src/sheets/reader';
import { SheetError, GOOGLE_TOKEN_URI, type SheetsReader } from '../../src/sheets/types';
import { ImportFileError } from '../../src/domain/imports/errors';
import { statusOf } from '../../src/errors';
import { ApiClient } from '../support/api-client';
import { startFakeGoogle, type FakeGoogle, type RecordedRequest } from '../support/fake-google';
import { fileTarget } from '../support/targets';

const RECORDED = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sheets', 'values-import-shopee.json'), 'utf8'),
);
const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Qw';
const SHEET_URL = `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0`;
const EMAIL = 'order-desk-bot@example-project.iam.gserviceaccount.com';
const SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let google: FakeGoogle;
let tokensIssued = 0;

/** Google as it answers when the sheet exists and is shared with the bot. */
function googleHappy(req: RecordedRequest) {
  if (req.method === 'POST' && req.path === '/token') {
    tokensIssued++;
    return { body: { access_token: `tok-${tokensIssued}`, expires_in: 3600, token_type: 'Bearer' } };
  }
  if (req.path === `/v4/spreadsheets/${SHEET_ID}/values/'Import_Shopee'`) return { body: RECORDED };
  if (req.path === `/v4/spreadsheets/${SHEET_ID}`)
    return {
      body: { sheets: [{ properties: { title: 'Import_Shopee' } }, { properties: { title: 'Import_Lazada' } }] },
    };
  if (req.path.startsWith(`/v4/spreadsheets/${SHEET_ID}/values/`)) {
    return {
      status: 400,
      body: {
        error: {
          code: 400,
          message: `Unable to parse range: ${decodeURIComponent(req.path.split('/values/')[1])}`,
          status: 'INVALID_ARGUMENT',
        },
      },
    };
  }
  if (req.path.startsWith('/v4/spreadsheets/'))
    return {
      status: 404,
      body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } },
    };
  return { status: 404, body: 'not found' };
}

const valuesRequests = () => google.requests.filter((r) => r.path.includes('/values/'));
const tokenRequests = () => google.requests.filter((r) => r.path === '/token');

const account = (tokenUri = `${google.url}/token`) => ({
  GOOGLE_CREDENTIALS_JSON: JSON.stringify({
    type: 'service_account',
    client_email: EMAIL,
    private_key: keys.privateKey,
    token_uri: tokenUri,
  }),
});

const edge = (config: Record<string, string | undefined>, clock?: { now: number }) =>
  createRestSheetsReader(config, {
    sheetsBaseUrl: google.url,
    docsBaseUrl: google.url,
    retryDelayMs: 0,
    timeoutMs: 2000,
    clock: clock ? () => clock.now : undefined,
  });

const node = (config: Record<string, string | undefined>) =>
  createNodeSheetsReader(config, {
    sheetsBaseUrl: google.url,
    docsBaseUrl: google.url,
    retryDelayMs: 0,
    timeoutMs: 2000,
  });

async function sheetError(p: Promise<unknown>): Promise<SheetError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SheetError) return e;
    throw e;
  }
  throw new Error('expected a SheetError');
}

beforeAll(async () => {
  google = await startFakeGoogle(googleHappy);
});
afterAll(() => google.close());
afterEach(() => {
  google.handler = googleHappy;
  google.requests.length = 0;
});

async function verifyAssertion(body: string, audience: string, now = Date.now()) {
  const form = new URLSearchParams(body);
  expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
  const assertion = form.get('assertion')!;
  expect(decodeProtectedHeader(assertion).alg).toBe('RS256');
  const { payload } = await jwtVerify(assertion, await importSPKI(keys.publicKey, 'RS256'), {
    issuer: EMAIL,
    audience,
    currentDate: new Date(now),
  });
  expect(payload.scope).toBe(SCOPE);
  expect(payload.exp! - payload.iat!).toBe(3600);
  return payload;
}

describe('edge reader: Sheets REST API with a jose-signed service-account JWT', () => {
  it('exchanges a JWT (iss, scope, aud = token URI, iat, exp = iat + 3600) and reads the tab with FORMATTED_VALUE and the bearer token', async () => {
    const clock = { now: Date.parse('2025-01-16T03:00:00Z') };
    const reader = edge(account(), clock);
    const result = await reader.read(SHEET_ID, 'Import_Shopee');
    expect(result).toEqual({ values: RECORDED.values, source: 'sheet', warnings: [] });

    const [token] = tokenRequests();
    expect(token.method).toBe('POST');
    expect(token.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const payload = await verifyAssertion(token.body, `${google.url}/token`, clock.now);
    expect(payload.iat).toBe(Math.floor(clock.now / 1000));

    const [values] = valuesRequests();
    expect(values.method).toBe('GET');
    expect(values.path).toBe(`/v4/spreadsheets/${SHEET_ID}/values/'Import_Shopee'`);
    expect(values.query.get('valueRenderOption')).toBe('FORMATTED_VALUE');
    expect(values.headers.authorization).toBe('Bearer tok-1');
  });

  it('caches the token until 60 s before it expires', async () => {
    tokensIssued = 0;
    const clock = { now: Date.parse('2025-01-16T03:00:00Z') };
    const reader = edge(account(), clock);
    await reader.read(SHEET_ID, 'Import_Shopee');
    clock.now += 3600_000 - 61_000;
    await reader.read(SHEET_ID, 'Import_Shopee');
    expect(tokenRequests()).toHaveLength(1);
    clock.now += 2_000; // now within the last 60 s
    await reader.read(SHEET_ID, 'Import_Shopee');
    expect(tokenRequests()).toHaveLength(2);
    expect(valuesRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('split credentials: GOOGLE_CLIENT_EMAIL + GOOGLE_PRIVATE_KEY with literal \\n, and GOOGLE_TOKEN_URI', async () => {
    const reader = edge({
      GOOGLE_CLIENT_EMAIL: EMAIL,
      GOOGLE_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
      GOOGLE_TOKEN_URI: `${google.url}/token`,
    });
    expect((await reader.read(SHEET_ID, 'Import_Shopee')).values).toEqual(RECORDED.values);
    await verifyAssertion(tokenRequests()[0].body, `${google.url}/token`);
  });

  it('tab missing: sheet_tab_not_found listing the existing tabs', async () => {
    const e = await sheetError(edge(account()).read(SHEET_ID, 'Import_Nope'));
    expect(e).toMatchObject({
      code: 'sheet_tab_not_found',
      message: "ไม่พบ Tab ชื่อ 'Import_Nope' ใน Google Sheet นี้",
    });
    expect(statusOf(e.code)).toBe(422);
    expect(e.details).toEqual([{ tab: 'Import_Nope', existingTabs: ['Import_Shopee', 'Import_Lazada'] }]);
  });

  it('unknown spreadsheet: sheet_not_found', async () => {
    const e = await sheetError(edge(account()).read('1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ', 'Import_Shopee'));
    expect(e).toMatchObject({ code: 'sheet_not_found', message: 'ไม่พบ Google Sheet ตามลิงก์นี้' });
  });

  it('one retry on 429/5xx: a second 503 is sheet_unavailable (503); 429 then 200 reads', async () => {
    google.handler = (req) =>
      req.path === '/token' ? googleHappy(req) : { status: 503, body: { error: { code: 503 } } };
    const e = await sheetError(edge(account()).read(SHEET_ID, 'Import_Shopee'));
    expect(e).toMatchObject({
      code: 'sheet_unavailable',
      message: 'เชื่อมต่อ Google Sheets ไม่ได้ กรุณาลองใหม่',
    });
    expect(statusOf(e.code)).toBe(503);
    expect(valuesRequests()).toHaveLength(2);

    google.requests.length = 0;
    let calls = 0;
    google.handler = (req) =>
      req.path.includes('/values/') && calls++ === 0 ? { status: 429, body: {} } : googleHappy(req);
    expect((await edge(account()).read(SHEET_ID, 'Import_Shopee')).values).toEqual(RECORDED.values);
    expect(valuesRequests()).toHaveLength(2);
  });

  it('a request that outlasts the timeout is sheet_unavailable', async () => {
    google.handler = (req) => (req.path === '/token' ? googleHappy(req) : { delayMs: 400, body: RECORDED });
    const reader = createRestSheetsReader(account(), {
      sheetsBaseUrl: google.url,
      docsBaseUrl: google.url,
      retryDelayMs: 0,
      timeoutMs: 100,
    });
    expect((await sheetError(reader.read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_unavailable');
  });

  it('403 for the bot: falls back to GOOGLE_API_KEY (values.get with key=)', async () => {
    google.handler = (req) => {
      if (req.path.includes('/values/') && req.headers.authorization)
        return { status: 403, body: { error: { code: 403, message: 'The caller does not have permission' } } };
      return googleHappy(req);
    };
    const reader = edge({ ...account(), GOOGLE_API_KEY: 'test-api-key' });
    const result = await reader.read(SHEET_ID, 'Import_Shopee');
    expect(result.source).toBe('sheet');
    const [withToken, withKey] = valuesRequests();
    expect(withToken.headers.authorization).toBe('Bearer tok-' + tokensIssued);
    expect(withKey.query.get('key')).toBe('test-api-key');
    expect(withKey.headers.authorization).toBeUndefined();
  });

  it('403 for the bot and the sheet is not public: sheet_no_access naming the bot e-mail', async () => {
    google.handler = (req) => {
      if (req.path.includes('/values/'))
        return { status: 403, body: { error: { code: 403, message: 'The caller does not have permission' } } };
      if (req.path.includes('/gviz/'))
        return { status: 302, headers: { location: 'https://accounts.google.com/ServiceLogin' }, body: '' };
      return googleHappy(req);
    };
    const e = await sheetError(edge(account()).read(SHEET_ID, 'Import_Shopee'));
    expect(e.code).toBe('sheet_no_access');
    expect(e.message).toBe(`บอทเข้าถึงไฟล์ไม่ได้! กรุณาแชร์ Google Sheet ให้ ${EMAIL} (สิทธิ์ผู้ดู)`);
  });

  it('credentials the token endpoint refuses count as no access', async () => {
    google.handler = (req) => {
      if (req.path === '/token')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      if (req.path.includes('/gviz/'))
        return { status: 302, headers: { location: 'https://accounts.google.com/ServiceLogin' }, body: '' };
      return googleHappy(req);
    };
    expect((await sheetError(edge(account()).read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_no_access');
    expect(valuesRequests()).toHaveLength(0);
  });
});

describe('no credentials: the public CSV export', () => {
  const csvOf = (values: string[][]) =>
    values.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');

  it('reads gviz/tq?tqx=out:csv&sheet=<tab> and warns sheet_public_csv', async () => {
    google.handler = (req) =>
      req.path.includes('/gviz/')
        ? { headers: { 'content-type': 'text/csv; charset=utf-8' }, body: csvOf(RECORDED.values) }
        : googleHappy(req);
    const result = await edge({}).read(SHEET_ID, 'Import_Shopee');
    expect(result).toEqual({ values: RECORDED.values, source: 'public_csv', warnings: ['sheet_public_csv'] });
    const [req] = google.requests;
    expect(req.path).toBe(`/spreadsheets/d/${SHEET_ID}/gviz/tq`);
    expect(req.query.get('tqx')).toBe('out:csv');
    expect(req.query.get('sheet')).toBe('Import_Shopee');
    expect(req.headers.authorization).toBeUndefined();
  });

  it('a sheet that is not shared by link: sheet_not_public (redirect to sign-in, or a sign-in page)', async () => {
    google.handler = () => ({
      status: 302,
      headers: { location: 'https://accounts.google.com/ServiceLogin' },
      body: '',
    });
    const e = await sheetError(edge({}).read(SHEET_ID, 'Import_Shopee'));
    expect(e).toMatchObject({
      code: 'sheet_not_public',
      message: 'ยังไม่ได้ตั้งค่า Google Service Account และชีตนี้ไม่ได้แชร์แบบ "ทุกคนที่มีลิงก์"',
    });
    google.handler = () => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html>Sign in</html>' });
    expect((await sheetError(edge({}).read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_not_public');
    google.handler = () => ({ status: 404, body: 'no' });
    expect((await sheetError(edge({}).read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_not_found');
  });
});

describe('Node reader: googleapis Sheets v4 spreadsheets.values.get with the service account', () => {
  it('sends values.get for the quoted tab with FORMATTED_VALUE and the bearer token from the JWT exchange', async () => {
    const reader = node(account());
    const result = await reader.read(SHEET_ID, 'Import_Shopee');
    expect(result).toEqual({ values: RECORDED.values, source: 'sheet', warnings: [] });
    const [token] = tokenRequests();
    expect(token.method).toBe('POST');
    // google-auth-library signs for Google's token URL; the configured token URI receives it.
    await verifyAssertion(token.body, GOOGLE_TOKEN_URI);
    const [values] = valuesRequests();
    expect(values.path).toBe(`/v4/spreadsheets/${SHEET_ID}/values/'Import_Shopee'`);
    expect(values.query.get('valueRenderOption')).toBe('FORMATTED_VALUE');
    expect(values.headers.authorization).toMatch(/^Bearer tok-\d+$/);
  });

  it('maps Google errors to the same codes as the edge reader', async () => {
    const reader = node(account());
    const tab = await sheetError(reader.read(SHEET_ID, 'Import_Nope'));
    expect(tab.code).toBe('sheet_tab_not_found');
    expect(tab.details).toEqual([{ tab: 'Import_Nope', existingTabs: ['Import_Shopee', 'Import_Lazada'] }]);
    expect((await sheetError(reader.read('1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ', 'Import_Shopee'))).code).toBe(
      'sheet_not_found',
    );

    google.handler = (req) =>
      req.path === '/token' ? googleHappy(req) : { status: 500, body: { error: { code: 500 } } };
    google.requests.length = 0;
    expect((await sheetError(reader.read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_unavailable');
    expect(valuesRequests()).toHaveLength(2);

    google.handler = (req) => {
      if (req.path.includes('/values/'))
        return { status: 403, body: { error: { code: 403, message: 'The caller does not have permission' } } };
      if (req.path.includes('/gviz/'))
        return { status: 302, headers: { location: 'https://accounts.google.com/' }, body: '' };
      return googleHappy(req);
    };
    const denied = await sheetError(reader.read(SHEET_ID, 'Import_Shopee'));
    expect(denied.code).toBe('sheet_no_access');
    expect(denied.message).toContain(EMAIL);

    google.handler = (req) => {
      if (req.path === '/token')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      if (req.path.includes('/gviz/'))
        return { status: 302, headers: { location: 'https://accounts.google.com/' }, body: '' };
      return googleHappy(req);
    };
    google.requests.length = 0;
    expect((await sheetError(node(account()).read(SHEET_ID, 'Import_Shopee'))).code).toBe('sheet_no_access');
    expect(valuesRequests()).toHaveLength(0);
  });
});

describe('sheet imports through the HTTP API', () => {
  let target: Awaited<ReturnType<typeof fileTarget>>;
  let api: ApiClient;
  let reader: SheetsReader;

  beforeAll(async () => {
    reader = createRestSheetsReader(account(), {
      sheetsBaseUrl: google.url,
      docsBaseUrl: google.url,
      retryDelayMs: 0,
      timeoutMs: 2000,
    });
    target = await fileTarget({ sheets: { read: (id, tab) => reader.read(id, tab) } });
    api = new ApiClient(target);
  });
  afterAll(() => target.close());

  it('imports orders from the default tab of the platform, logs the sheet and saves its URL after success', async () => {
    const res = await api.post('/api/imports/orders', { sheetUrl: SHEET_URL, platform: 'Shopee' }, 'staff');
    expect(res.status).toBe(200);
    expect(res.body.import).toMatchObject({
      status: 'committed',
      source: 'sheet',
      tab: 'Import_Shopee',
      sheetUrl: SHEET_URL,
      added: 6,
      linesAdded: 7,
    });
    expect(res.body.import.shopsCreated).toEqual(['Shopee / Alpha Gadget Shop']);
    expect(valuesRequests()[0].path).toBe(`/v4/spreadsheets/${SHEET_ID}/values/'Import_Shopee'`);
    const saved = await api.get('/api/settings/sheet-urls', 'staff');
    expect(saved.body.items.find((i: any) => i.source === 'orders.Shopee')).toMatchObject({ url: SHEET_URL });
    // Date texts are parsed (BE year), ids keep their text.
    const o = (await target.sql.execute("SELECT order_time FROM orders WHERE order_no = '250115QX1A01'")).rows[0];
    expect(Number(o.order_time)).toBe(Date.parse('2025-01-15T09:12:00+07:00'));

    // Without sheetUrl the saved source is used; the same values are a repeat.
    const again = await api.post('/api/imports/orders', { platform: 'Shopee' }, 'staff');
    expect(again.body.import).toMatchObject({ status: 'committed', added: 0, duplicates: 6, sheetUrl: SHEET_URL });
    expect(again.body.warnings.map((w: any) => w.code)).toContain('file_already_imported');
  });

  it('with a shop, the URL is saved on that shop', async () => {
    const res = await api.post(
      '/api/imports/orders',
      { sheetUrl: SHEET_ID, tab: 'Import_Shopee', platform: 'Shopee', shop: 'Alpha Gadget Shop' },
      'staff',
    );
    expect(res.body.import.status).toBe('committed');
    const shops = await api.get('/api/shops?platform=Shopee', 'staff');
    expect(shops.body.items.find((s: any) => s.name === 'Alpha Gadget Shop')).toMatchObject({ sheetUrl: SHEET_ID });
  });

  it('sheet errors answer in the envelope and are logged as failed attempts', async () => {
    const bad = await api.post('/api/imports/products', { sheetUrl: 'https://example.com/not-a-sheet' }, 'staff');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'sheet_invalid_url', message: 'ลิงก์ Google Sheet ไม่ถูกต้อง' });
    const noUrl = await api.post('/api/imports/issued', {}, 'staff');
    expect(noUrl.body.error.code).toBe('sheet_invalid_url');

    google.handler = (req) =>
      req.path.includes('/values/')
        ? { body: { range: "'Import_product_master'!A1:C1", majorDimension: 'ROWS', values: [['รหัสสินค้า', 'Brand']] } }
        : googleHappy(req);
    const empty = await api.post('/api/imports/products', { sheetUrl: SHEET_URL }, 'staff');
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'sheet_empty', message: "Tab 'Import_product_master' ไม่มีข้อมูล" });

    google.handler = (req) => (req.path === '/token' ? googleHappy(req) : { status: 503, body: {} });
    const down = await api.post('/api/imports/stock', { sheetUrl: SHEET_URL }, 'staff');
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('sheet_unavailable');

    const log = await api.get('/api/imports?limit=4', 'staff');
    expect(log.body.items.map((i: any) => [i.kind, i.status, i.source])).toEqual([
      ['stock', 'failed', 'sheet'],
      ['products', 'failed', 'sheet'],
      ['issued', 'failed', 'sheet'],
      ['products', 'failed', 'sheet'],
    ]);
    // A failed read saves nothing.
    const saved = await api.get('/api/settings/sheet-urls', 'staff');
    expect(saved.body.items.find((i: any) => i.source === 'products').url).toBeNull();
  });

  it('reads the Import_Issued tab for issued, and the public CSV export when the bot has no access', async () => {
    await api.put('/api/settings/sheet-urls/issued', { url: SHEET_URL }, 'staff');
    google.handler = (req) => {
      if (req.path.includes('/values/')) return { status: 403, body: { error: { code: 403, message: 'denied' } } };
      if (req.path.includes('/gviz/'))
        return { headers: { 'content-type': 'text/csv' }, body: '"order_id"\n"250115QX1A02"\n"NOPE-1"' };
      return googleHappy(req);
    };
    const res = await api.post('/api/imports/issued', {}, 'staff');
    expect(res.status).toBe(200);
    expect(res.body.import).toMatchObject({
      status: 'committed',
      source: 'public_csv',
      tab: 'Import_Issued',
      added: 1,
      notFound: 1,
    });
    expect(res.body.warnings.map((w: any) => w.code)).toEqual(['sheet_public_csv']);
    expect(google.requests.find((r) => r.path.includes('/gviz/'))!.query.get('sheet')).toBe('Import_Issued');
  });
});

describe('answers past the reading caps (issue 17): refused like a file, never retried', () => {
  const bigAnswer = (req: RecordedRequest) =>
    req.path.includes('/values/')
      ? {
          body: {
            values: [['Order ID', 'SKU'], ...Array.from({ length: 20_000 }, (_, i) => [`BIG-${i}`, 'AL-CASE-001'])],
          },
        }
      : googleHappy(req);

  it('an answer over the byte cap is 413 file_too_large_inflated, on the edge and the Node reader alike', async () => {
    google.handler = bigAnswer;
    const opts = {
      sheetsBaseUrl: google.url,
      docsBaseUrl: google.url,
      retryDelayMs: 0,
      timeoutMs: 2000,
      maxResponseBytes: 64 * 1024,
    };
    for (const reader of [
      createRestSheetsReader(account(), opts),
      createNodeSheetsReader(account(), opts),
      createRestSheetsReader({ GOOGLE_API_KEY: 'k' }, opts),
    ]) {
      google.requests.length = 0;
      const error = await reader.read(SHEET_ID, 'Import_Shopee').then(
        () => null,
        (e: unknown) => e as ImportFileError,
      );
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error).toMatchObject({
        code: 'file_too_large_inflated',
        details: [{ limit: 'response_bytes', max: 64 * 1024 }],
      });
      expect(statusOf(error!.code)).toBe(413);
      expect(valuesRequests()).toHaveLength(1);
    }
    // The same sheet is read whole under the default cap.
    const whole = await createRestSheetsReader(account(), { ...opts, maxResponseBytes: undefined }).read(
      SHEET_ID,
      'Import_Shopee',
    );
    expect(whole.values).toHaveLength(20_001);
  });

  describe('through the HTTP API', () => {
    let target: Awaited<ReturnType<typeof fileTarget>>;
    let api: ApiClient;
    beforeAll(async () => {
      const reader = createRestSheetsReader(account(), {
        sheetsBaseUrl: google.url,
        docsBaseUrl: google.url,
        retryDelayMs: 0,
        timeoutMs: 2000,
      });
      target = await fileTarget({ sheets: { read: (id, tab) => reader.read(id, tab) } });
      api = new ApiClient(target);
    });
    afterAll(() => target.close());

    it('a cell over 32,767 characters is 422 cell_too_long; a row over 16,384 columns is 422 too_many_columns; both logged', async () => {
      google.handler = (req) =>
        req.path.includes('/values/')
          ? {
              body: {
                values: [
                  ['Order ID', 'SKU'],
                  ['X-1', 'y'.repeat(32_768)],
                ],
              },
            }
          : googleHappy(req);
      const long = await api.post('/api/imports/orders', { sheetUrl: SHEET_URL, platform: 'Shopee' }, 'staff');
      expect(long.status).toBe(422);
      expect(long.body.error).toMatchObject({
        code: 'cell_too_long',
        message: 'ไฟล์มีเซลล์ที่มีข้อความยาวเกิน 32,767 ตัวอักษร (แถว 2) จึงไม่ได้อ่านต่อ',
      });

      google.handler = (req) =>
        req.path.includes('/values/')
          ? { body: { values: [['Order ID', ...Array.from({ length: 16_384 }, (_, i) => `c${i}`)]] } }
          : googleHappy(req);
      const wide = await api.post('/api/imports/orders', { sheetUrl: SHEET_URL, platform: 'Shopee' }, 'staff');
      expect(wide.status).toBe(422);
      expect(wide.body.error.code).toBe('too_many_columns');

      const log = await api.get('/api/imports?kind=orders&limit=2', 'staff');
      expect(log.body.items.map((i: any) => [i.status, i.source])).toEqual([
        ['failed', 'sheet'],
        ['failed', 'sheet'],
      ]);
    });

    it('the public CSV export: a cell over the cap is cell_too_long, not an empty sheet', async () => {
      google.handler = (req) => {
        if (req.path.includes('/values/')) return { status: 403, body: { error: { code: 403, message: 'denied' } } };
        if (req.path.includes('/gviz/'))
          return { headers: { 'content-type': 'text/csv' }, body: `"order_id"\n"${'z'.repeat(40_000)}"\n` };
        return googleHappy(req);
      };
      const res = await api.post('/api/imports/cancelled', { sheetUrl: SHEET_URL }, 'staff');
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('cell_too_long');
    });
  });
});
