// Pure parts of the Google Sheets source (docs/domain/imports.md#google-sheets): spreadsheet ids,
// credentials precedence, default tabs and saved-URL sources, CSV export to values; and the stock
// zeroing guard (docs/domain/imports.md#wrong-file-and-the-zeroing-guard).
import { describe, expect, it } from 'vitest';
import { parseSpreadsheetId } from '../../../src/sheets/url';
import { resolveServiceAccount, unescapeKey } from '../../../src/sheets/credentials';
import { csvToValues, publicCsvUrl } from '../../../src/sheets/public-csv';
import { classifySheetsError } from '../../../src/sheets/rest';
import { tabRange } from '../../../src/sheets/types';
import { defaultTab, sheetSourceOf } from '../../../src/services/imports/source';
import { zeroingNeedsConfirmation } from '../../../src/services/imports/stock';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Qw';

describe('parseSpreadsheetId', () => {
  it.each([
    [`https://docs.google.com/spreadsheets/d/${ID}/edit#gid=0`, ID],
    [`https://docs.google.com/spreadsheets/d/${ID}`, ID],
    [`https://docs.google.com/spreadsheets/u/1/d/${ID}/edit?usp=sharing`, ID],
    [`  ${ID}  `, ID],
  ])('%s -> the id', (input, id) => expect(parseSpreadsheetId(input)).toBe(id));

  it.each([
    '',
    '   ',
    'https://example.com/sheet',
    'https://docs.google.com/document/d/abc',
    'not an id',
    null,
    undefined,
  ])('%s -> null', (input) => expect(parseSpreadsheetId(input as string)).toBeNull());
});

describe('service-account credentials (docs/domain/imports.md#service-account-credentials)', () => {
  const json = JSON.stringify({
    client_email: 'a@b.iam.gserviceaccount.com',
    private_key: '-----BEGIN PRIVATE KEY-----\\nAAA\\n-----END PRIVATE KEY-----\\n',
  });

  it('GOOGLE_CREDENTIALS_JSON first, with Google token URI by default', () => {
    const { account } = resolveServiceAccount({
      GOOGLE_CREDENTIALS_JSON: json,
      GOOGLE_CLIENT_EMAIL: 'other@x',
      GOOGLE_PRIVATE_KEY: 'k',
      GOOGLE_TOKEN_URI: undefined,
    });
    expect(account).toEqual({
      clientEmail: 'a@b.iam.gserviceaccount.com',
      privateKey: '-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n',
      tokenUri: 'https://oauth2.googleapis.com/token',
    });
  });

  it('then GOOGLE_PRIVATE_KEY + GOOGLE_CLIENT_EMAIL, literal \\n unescaped, GOOGLE_TOKEN_URI honoured', () => {
    const { account } = resolveServiceAccount({
      GOOGLE_CREDENTIALS_JSON: undefined,
      GOOGLE_CLIENT_EMAIL: 'c@d',
      GOOGLE_PRIVATE_KEY: 'line1\\nline2',
      GOOGLE_TOKEN_URI: 'https://t.example/token',
    });
    expect(account).toEqual({ clientEmail: 'c@d', privateKey: 'line1\nline2', tokenUri: 'https://t.example/token' });
    expect(unescapeKey('a\\nb\nc')).toBe('a\nb\nc');
  });

  it('then the credentials file; nothing -> no account; broken values are reported, never echoed', () => {
    expect(
      resolveServiceAccount(
        {
          GOOGLE_CREDENTIALS_JSON: undefined,
          GOOGLE_CLIENT_EMAIL: undefined,
          GOOGLE_PRIVATE_KEY: undefined,
          GOOGLE_TOKEN_URI: undefined,
        },
        json,
      ).account?.clientEmail,
    ).toBe('a@b.iam.gserviceaccount.com');
    expect(
      resolveServiceAccount({
        GOOGLE_CREDENTIALS_JSON: undefined,
        GOOGLE_CLIENT_EMAIL: undefined,
        GOOGLE_PRIVATE_KEY: undefined,
        GOOGLE_TOKEN_URI: undefined,
      }),
    ).toEqual({ account: null });
    const broken = resolveServiceAccount({
      GOOGLE_CREDENTIALS_JSON: '{"secret": "s3cr3t"',
      GOOGLE_CLIENT_EMAIL: undefined,
      GOOGLE_PRIVATE_KEY: undefined,
      GOOGLE_TOKEN_URI: undefined,
    });
    expect(broken.account).toBeNull();
    expect(broken.problem).not.toContain('s3cr3t');
    expect(
      resolveServiceAccount({
        GOOGLE_CREDENTIALS_JSON: undefined,
        GOOGLE_CLIENT_EMAIL: undefined,
        GOOGLE_PRIVATE_KEY: 'k',
        GOOGLE_TOKEN_URI: undefined,
      }).account,
    ).toBeNull();
  });
});

describe('tabs and saved sources (docs/domain/imports.md#google-sheets, docs/domain/imports.md#saved-sheet-urls)', () => {
  it('default tab per kind; orders by platform; issued gains Import_Issued', () => {
    expect(defaultTab('orders', 'Shopee')).toBe('Import_Shopee');
    expect(defaultTab('orders', 'Lazada')).toBe('Import_Lazada');
    expect(defaultTab('orders', 'TikTok')).toBe('Import_Tiktok');
    expect(defaultTab('orders', 'Other')).toBe('Import_Order_other');
    expect(defaultTab('products', null)).toBe('Import_product_master');
    expect(defaultTab('stock', null)).toBe('Import_sabuysoft_stock');
    expect(defaultTab('sales', null)).toBe('Import_sabuysoft_sales_10d');
    expect(defaultTab('cancelled', null)).toBe('Import_Cancel');
    expect(defaultTab('issued', null)).toBe('Import_Issued');
    expect(defaultTab('bill-empty', null)).toBe('Import_Scan_Bill_Empty');
  });

  it('saved-URL source keys', () => {
    expect(sheetSourceOf('orders', 'TikTok')).toBe('orders.TikTok');
    expect(sheetSourceOf('bill-empty', null)).toBe('bill_empty');
    expect(sheetSourceOf('stock', 'Shopee')).toBe('stock');
  });

  it('A1 range of a tab: quoted, quotes doubled', () => {
    expect(tabRange('Import_Shopee')).toBe("'Import_Shopee'");
    expect(tabRange("Bob's tab")).toBe("'Bob''s tab'");
  });

  it('public CSV URL and parsing (row i = sheet row i + 1, blank lines keep their place)', () => {
    expect(publicCsvUrl('https://docs.google.com/', ID, 'Import Cancel')).toBe(
      `https://docs.google.com/spreadsheets/d/${ID}/gviz/tq?tqx=out:csv&sheet=Import%20Cancel`,
    );
    expect(csvToValues('"a","b"\n"1","2"\n\n"3",""')).toEqual([['a', 'b'], ['1', '2'], [], ['3', '']]);
  });

  it('Sheets API errors', () => {
    expect(classifySheetsError(404, null)).toBe('not_found');
    expect(classifySheetsError(403, null)).toBe('forbidden');
    expect(classifySheetsError(400, { error: { message: "Unable to parse range: 'X'" } })).toBe('tab_not_found');
    expect(classifySheetsError(503, null)).toBe('unavailable');
  });
});

describe('stock zeroing guard (docs/domain/imports.md#wrong-file-and-the-zeroing-guard)', () => {
  it.each([
    [0, 0, 0, true], // no valid row
    [3, 4, 10, false], // fewer than 5
    [3, 5, 10, false], // exactly 50 %
    [3, 5, 9, true],
    [100, 6, 10, true],
    [100, 60, 200, false],
  ])('valid %i, zeroed %i of %i stocked -> %s', (valid, zeroed, stocked, required) =>
    expect(zeroingNeedsConfirmation(valid, zeroed, stocked)).toBe(required),
  );
});
