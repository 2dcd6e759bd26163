// A day's work in chromium, through the pages only: sign in with the keyboard, import the
// sample products, stock and orders files (dry run, then confirm), check that the dashboard
// shows the API's numbers, accept the ready orders in bulk and see them move, cancel one with
// a reason, scan an order typed with the Thai keyboard layout, sign out. And the account whose
// weak password must be changed first: every page sends it to the password page until it does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/context';
import { hashPassword } from '../../src/services/auth/passwords';
import { thaiKeysFromLatin } from '../../src/domain/scan-keys';
import { randomPassword } from '../support/env';
import { samplePath } from '../support/samples';
import { launchBrowser, newPage, seriousA11yViolations } from './support/browser';
import { startPageServer, type PageServer } from './support/server';

let browser: Browser;
let server: PageServer;
const staff = { username: 'somsri-staff', password: randomPassword() };
const problems: string[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startPageServer()]);
  await server.services.users.create({ ...staff, role: 'staff' }, systemActor());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The orders count every dashboard card shows, by card code. */
async function cardsOnPage(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-card]')].map((a) => [
        a.getAttribute('data-card'),
        Number(a.querySelector('[data-orders]')!.getAttribute('data-orders')),
      ]),
    ),
  );
}

/** Upload a sample on an import page, check it (dry run), confirm, and land on its log page. */
async function importSample(
  page: Page,
  kind: string,
  file: string,
  choose: { platform?: string; shop?: string } = {},
): Promise<Record<string, string>> {
  await page.goto(`${server.url}/imports/${kind}`);
  if (choose.platform) await page.selectOption('#file-platform', choose.platform);
  if (choose.shop) await page.fill('#file-shop', choose.shop);
  await page.setInputFiles('#f-file', samplePath(file));
  await Promise.all([page.waitForURL(`**/imports/${kind}`), page.click('#upload-form button[type="submit"]')]);
  expect(await page.getAttribute('.import-result', 'data-import-status')).toBe('validated');
  expect(
    await page.locator('.import-result [role="status"], .import-result [role="alert"]').first().innerText(),
  ).toContain('ตรวจสอบแล้ว ไม่พบข้อผิดพลาด');
  await Promise.all([page.waitForURL(`**/imports/${kind}/log/*`), page.click('#confirm-form button[type="submit"]')]);
  expect(await page.getAttribute('.import-result', 'data-import-status')).toBe('committed');
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-counter]')].map((d) => [
        d.getAttribute('data-counter'),
        d.querySelector('dd')!.textContent!,
      ]),
    ),
  );
}

/** Keys a USB scanner sends for `text` while the Thai Kedmanee layout is active: the US key codes, with the Thai characters the layout makes of them. */
async function scanWithThaiLayout(page: Page, text: string) {
  for (const ch of text) {
    const code = /\d/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`;
    await page.evaluate(
      ([key, code, shiftKey]) =>
        document.activeElement!.dispatchEvent(
          new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true }),
        ),
      [thaiKeysFromLatin(ch), code, /[A-Z]/.test(ch)] as const,
    );
  }
}

describe("a day's work in the browser", () => {
  it('sign in, import, compare the dashboard with the API, accept in bulk, cancel with a reason, scan in Thai layout, sign out', {
    timeout: 120_000,
  }, async () => {
    const { page, context, problems: own } = await newPage(browser);

    // Sign in with the keyboard alone.
    await page.goto(`${server.url}/`);
    await page.keyboard.type(staff.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(staff.password);
    await Promise.all([page.waitForURL(`${server.url}/`), page.keyboard.press('Enter')]);

    // The sample run (docs/domain/imports.md#sample-run): products add 12; stock adds 11; the three
    // orders files add 6 / 5 / 4 orders.
    expect(await importSample(page, 'products', 'products.csv')).toMatchObject({ added: '12' });
    expect(await importSample(page, 'stock', 'stock.csv')).toMatchObject({ added: '11', zeroed: '0' });
    expect(await importSample(page, 'orders', 'orders_shopee.csv', { platform: 'Shopee' })).toMatchObject({
      added: '6',
      linesAdded: '7',
    });
    expect(
      await importSample(page, 'orders', 'orders_lazada.csv', { platform: 'Lazada', shop: 'Beta Home Lazada' }),
    ).toMatchObject({ added: '5', linesAdded: '6' });
    expect(await importSample(page, 'orders', 'orders_tiktok.csv', { platform: 'TikTok' })).toMatchObject({
      added: '4',
      linesAdded: '5',
    });

    // The dashboard shows the API's numbers (the same session reads the JSON).
    await page.goto(`${server.url}/`);
    const shown = await cardsOnPage(page);
    const api = (await (await page.request.get(`${server.url}/api/dashboard`)).json()) as {
      cards: Record<string, { orders: number }>;
    };
    expect(Object.keys(shown).length).toBe(Object.keys(api.cards).length);
    for (const [code, card] of Object.entries(api.cards)) expect(shown[code], code).toBe(card.orders);
    // 15 orders imported, all pending; กอง 1 holds the ready ones.
    expect(shown.TOTAL).toBe(15);
    const ready = shown.ORDER_READY;
    expect(ready).toBeGreaterThan(0);

    // Accept every order of กอง 1 in bulk: the card leads to the list, "select all" ticks the page.
    await Promise.all([page.waitForURL('**/orders?status=ORDER_READY'), page.click('[data-card="ORDER_READY"]')]);
    const readyLines = await page.locator('input[name="ids"]').count();
    await page.check('input[data-select-all="ids"]');
    expect(await page.locator('input[name="ids"]:checked').count()).toBe(readyLines);
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk-buttons button[value="accept"]')]);
    expect(await page.locator('.result').innerText()).toContain(`กดรับงานแล้ว ${ready} ออเดอร์ (${readyLines} รายการ)`);
    // The address is the list again (a reload shows it; it does not post twice)...
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/orders?status=ORDER_READY');
    // ...and the orders have moved out of กอง 1 into รับแล้ว.
    expect(await page.locator('table.data tbody td.empty').innerText()).toBe('ไม่พบออเดอร์ตามตัวกรองนี้');
    await page.goto(`${server.url}/orders?status=ACCEPTED`);
    expect(await page.locator('input[name="ids"]').count()).toBe(readyLines);
    await page.goto(`${server.url}/`);
    expect((await cardsOnPage(page)).ORDER_READY).toBe(0);

    // Cancel one order with a reason, from its row: the line page asks for the reason, then confirms.
    await page.goto(`${server.url}/orders?q=450012345600003`);
    // From the bar, the reason is asked for before anything is posted.
    await page.check('input[name="ids"] >> nth=0');
    await page.click('.bulk-buttons button[value="cancel"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reason');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).validationMessage)).toBe(
      'กรุณาระบุสาเหตุการยกเลิก',
    );
    expect(await page.locator('dialog.confirm').count()).toBe(0);
    await Promise.all([page.waitForURL(/\/orders\/\d+#cancel$/), page.click('a.small-link:has-text("ยกเลิก Order")')]);
    const lineId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.fill('#f-reason', 'ลูกค้าขอยกเลิก');
    await page.click('#cancel button[type="submit"]');
    const dialog = page.locator('dialog.confirm');
    await dialog.waitFor();
    expect(await dialog.locator('p').innerText()).toBe('ยืนยันยกเลิก 1 ออเดอร์?');
    await Promise.all([page.waitForLoadState('load'), dialog.locator('button', { hasText: 'ยกเลิก Order' }).click()]);
    expect(await page.locator('.result').innerText()).toContain('ยกเลิก Order แล้ว 1 ออเดอร์');
    const line = (await (await page.request.get(`${server.url}/api/orders/${lineId}`)).json()).line;
    expect(line).toMatchObject({ orderNo: '450012345600003', status: 'CANCELLED', cancelReason: 'ลูกค้าขอยกเลิก' });

    // Scan with the Thai layout active: the field has the focus, the keys map back, Enter checks
    // the order without leaving the page, a tone sounds, and the scan is recorded.
    await page.goto(`${server.url}/scan`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-orderNo');
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await scanWithThaiLayout(page, '577000111122223302');
    expect(await page.inputValue('#f-orderNo')).toBe('577000111122223302');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#scan-result[data-scan-tone="ok"]');
    expect(await page.locator('#scan-result').innerText()).toContain('สแกนสำเร็จ');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.getAttribute('html', 'data-last-sound')).toBe('ok');
    expect(await page.inputValue('#f-orderNo')).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-orderNo');
    const status = (await (await page.request.get(`${server.url}/api/orders/status?orderNo=577000111122223302`)).json())
      .items[0];
    expect(status.scanned).toBe(true);
    // Thai text that arrives as text (pasted, or a page without the script) is mapped by the server.
    await page.fill('#f-orderNo', thaiKeysFromLatin('250115QX1A02'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#scan-result').innerText()).toContain('250115QX1A02');
    expect(await page.locator('#scan-result').innerText()).toContain('อ่านจากแป้นพิมพ์ภาษาไทย');
    // The cancelled order: a problem, in colour and in sound.
    await page.keyboard.type('450012345600003');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#scan-result[data-scan-tone="problem"]');
    expect(await page.locator('#scan-result').innerText()).toContain('ออเดอร์ถูกยกเลิก ห้ามแพ็คและส่ง');
    expect(await page.getAttribute('html', 'data-last-sound')).toBe('problem');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Sign out.
    await Promise.all([page.waitForURL('**/login?notice=signed_out'), page.click('.user-box button')]);
    await page.goto(`${server.url}/orders`);
    expect(new URL(page.url()).pathname).toBe('/login');
    problems.push(...own);
    await context.close();
  });

  it('an account with a weak password signs in, and every page sends it to change the password until it does', async () => {
    const weak = { username: 'weak-staff', password: 'short-pw' };
    const now = Date.now();
    await server.storage.execute(
      'INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      [weak.username, await hashPassword(weak.password), 'staff', now, now],
    );
    const { page, context, problems: own } = await newPage(browser);
    await page.goto(`${server.url}/orders`);
    await page.fill('#f-username', weak.username);
    await page.fill('#f-password', weak.password);
    await Promise.all([page.waitForURL('**/account/password**'), page.click('main button[type="submit"]')]);
    expect(await page.locator('main').innerText()).toContain('กรุณาตั้งรหัสผ่านใหม่ก่อนใช้งานต่อ');
    for (const path of ['/', '/orders', '/orders/issued', '/products', '/stock', '/imports/orders', '/scan']) {
      await page.goto(`${server.url}${path}`);
      expect(new URL(page.url()).pathname, path).toBe('/account/password');
    }
    // A form post elsewhere is held back the same way (here: a scan, which would record).
    await page.evaluate((url) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${url}/scan`;
      const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')!.cloneNode() as HTMLInputElement;
      const no = document.createElement('input');
      no.name = 'orderNo';
      no.value = '1234';
      form.append(csrf, no);
      document.body.append(form);
      form.submit();
    }, server.url);
    await page.waitForURL('**/account/password');
    // The one way on: change it.
    const next = randomPassword();
    await page.fill('#f-currentPassword', weak.password);
    await page.fill('#f-newPassword', next);
    await page.fill('#f-confirmPassword', next);
    await Promise.all([
      page.waitForURL('**/account/password?notice=password_changed'),
      page.click('main button[type="submit"]'),
    ]);
    await page.goto(`${server.url}/orders`);
    expect(new URL(page.url()).pathname).toBe('/orders');
    expect(await page.locator('h1').innerText()).toBe('รายการออเดอร์');
    problems.push(...own);
    await context.close();
  });

  it('no page above reported a CSP refusal, a script error or a failed request', () => {
    expect(problems.filter((p) => !p.startsWith('dialog'))).toEqual([]);
  });
});
