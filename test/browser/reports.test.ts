// The warehouse paper in chromium, through the pages: accept the ready orders, print the job
// sheet (the spec's question in the dialog), then the Picking List, and check what the paper
// says - the counts on the print view and the text of the A4 PDF chromium renders from it
// (poppler's pdftotext; its pages are also drawn to PNG with pdftoppm for a person to look at),
// the SKU totals equal to the API's. Then the reprint: refused for staff, a copy (COPY 1) for an
// admin.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/context';
import { randomPassword } from '../support/env';
import { sample } from '../support/samples';
import {
  launchBrowser,
  newPage,
  SCREENSHOT_DIR,
  screenshots,
  seriousA11yViolations,
  thaiFontLoaded,
} from './support/browser';
import { startPageServer, type PageServer } from './support/server';

let browser: Browser;
let server: PageServer;
const staff = { username: 'somsak-staff', password: randomPassword() };
const admin = { username: 'somporn-admin', password: randomPassword() };

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startPageServer()]);
  await server.services.users.create({ ...staff, role: 'staff' }, systemActor());
  await server.services.users.create({ ...admin, role: 'admin' }, systemActor());
  const run = async (
    kind: 'orders' | 'products' | 'stock',
    name: string,
    extra: { platform?: string; shop?: string } = {},
  ) =>
    server.services.imports.run(
      kind,
      { source: { type: 'file', bytes: sample(name), fileName: name }, ...extra },
      { dryRun: false, skipInvalid: false, mode: 'full', confirmZeroing: false },
      systemActor(),
    );
  await run('products', 'products.csv');
  await run('stock', 'stock.csv');
  await run('orders', 'orders_shopee.csv', { platform: 'Shopee' });
  await run('orders', 'orders_lazada.csv', { platform: 'Lazada', shop: 'Beta Home Lazada' });
  await run('orders', 'orders_tiktok.csv', { platform: 'TikTok' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto(`${server.url}/login`);
  await page.fill('#f-username', who.username);
  await page.fill('#f-password', who.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type="submit"]'),
  ]);
}

/** Confirm the dialog the print button opens; returns its question. Lands on the print view. */
async function confirmPrint(page: Page, button: string): Promise<string> {
  await page.click(button);
  const dialog = page.locator('dialog.confirm');
  await dialog.waitFor();
  const question = await dialog.locator('p').innerText();
  await Promise.all([page.waitForURL(/\/reports\/print\/\d+/), dialog.locator('button', { hasText: /^พิมพ์/ }).click()]);
  return question;
}

/** The print view as chromium prints it on A4: the PDF's text (pdftotext) and its pages as PNG (pdftoppm). */
async function printedPdf(page: Page, name: string): Promise<{ text: string; pages: number }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const file = join(SCREENSHOT_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const old of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith(`${name}-page-`)))
    rmSync(join(SCREENSHOT_DIR, old));
  if (existsSync('/usr/bin/pdftoppm'))
    execFileSync('pdftoppm', ['-png', '-r', '70', file, join(SCREENSHOT_DIR, `${name}-page`)]);
  const pages = (text.match(/\f/g) ?? []).length;
  return { text, pages };
}

describe('the warehouse paper in the browser', () => {
  it('accept, print the job sheet, then the Picking List: the paper says what the API says; reprint is an admin copy', {
    timeout: 180_000,
  }, async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, staff);

    // Accept every ready order (กอง 1) in bulk.
    await page.goto(`${server.url}/orders?status=ORDER_READY`);
    await page.check('input[data-select-all="ids"]');
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk-buttons button[value="accept"]')]);
    const accepted = Number(/กดรับงานแล้ว (\d+) ออเดอร์/.exec(await page.locator('.result').innerText())?.[1]);
    expect(accepted).toBeGreaterThan(0);

    // ใบงานคลัง: the accepted orders, one row each; print them all after the spec's question.
    await page.goto(`${server.url}/reports/warehouse`);
    expect(await page.locator('#report-form tbody input[name="ids"]').count()).toBe(accepted);
    const sheet = (await (await page.request.get(`${server.url}/api/reports/warehouse`)).json()) as {
      total: number;
      items: { orderNo: string }[];
    };
    expect(sheet.total).toBe(accepted);
    expect(await thaiFontLoaded(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'report-warehouse-rows');
    await page.check('input[data-select-all="ids"]');
    expect(await confirmPrint(page, '.bulk-buttons button[value="print"]')).toBe(
      `ต้องการพิมพ์และล็อกงาน ${accepted} ออเดอร์ใช่หรือไม่?`,
    );
    const warehouseJob = Number(/\/reports\/print\/(\d+)/.exec(page.url())![1]);
    expect(await page.locator('.print-sheet tbody tr').count()).toBe(accepted);
    expect(await page.locator('.print-totals').innerText()).toContain(`รวม ${accepted} ออเดอร์`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'report-print-warehouse');
    const whPdf = await printedPdf(page, 'report-print-warehouse');
    expect(whPdf.text).toContain('ใบงานคลัง');
    expect(whPdf.text).toContain(`ผู้พิมพ์: ${staff.username}`);
    expect(whPdf.text).toContain(`รวม ${accepted} ออเดอร์`);
    expect(whPdf.text).toMatch(/หน้า 1 \/ \d+/);
    for (const o of sheet.items) expect(whPdf.text).toContain(o.orderNo);
    // The sheet is empty now: those orders are on paper.
    expect(
      ((await (await page.request.get(`${server.url}/api/reports/warehouse`)).json()) as { total: number }).total,
    ).toBe(0);

    // Picking List: the SKUs of the printed orders; the page's totals are the API's.
    await page.goto(`${server.url}/reports/picking`);
    const picking = (await (await page.request.get(`${server.url}/api/reports/picking?limit=200`)).json()) as {
      totals: { skus: number; qty: number; shortfall: number };
      items: { sku: string; qty: number }[];
    };
    expect(picking.totals.skus).toBeGreaterThan(0);
    expect(await page.locator('.report-summary .totals').innerText()).toBe(
      `ทั้งหมด ${picking.totals.skus} SKU · ต้องหยิบรวม ${picking.totals.qty} ชิ้น · ขาดรวม ${picking.totals.shortfall} ชิ้น`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'report-picking-rows');
    expect(await confirmPrint(page, '.bulk-buttons button[value="print-all"]')).toBe(
      `ต้องการพิมพ์และล็อกงาน ${picking.totals.skus} SKU ใช่หรือไม่?`,
    );
    const printedQty = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('tr[data-sku]')].map((r) => [
          r.getAttribute('data-sku'),
          Number(r.getAttribute('data-qty')),
        ]),
      ),
    );
    expect(printedQty).toEqual(Object.fromEntries(picking.items.map((i) => [i.sku, i.qty])));
    await screenshots(page, 'report-print-picking');
    const pkPdf = await printedPdf(page, 'report-print-picking');
    expect(pkPdf.text).toContain('Picking List');
    expect(pkPdf.text).toContain(`ต้องหยิบรวม ${picking.totals.qty} ชิ้น`);
    for (const i of picking.items)
      expect(pkPdf.text).toMatch(new RegExp(`${i.sku.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*\\s${i.qty}\\s`));

    // Not enough (docs/domain/reports.md#stock-problem-reports): the round first (อัปเดตรอบ), then
    // the print (บันทึกประวัติ) and its paper.
    await page.goto(`${server.url}/reports/notenough`);
    const notEnough = (await (await page.request.get(`${server.url}/api/reports/notenough`)).json()) as {
      totals: { orders: number; skus: number };
      items: { orderNo: string; sku: string }[];
    };
    expect(notEnough.totals.orders).toBeGreaterThan(0);
    await page.fill('#f-new-round', '1');
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk-inputs button[value="round"]')]);
    expect(await page.locator('main [role="status"]').first().innerText()).toContain(
      `บันทึกรอบที่ 1 แล้ว ${notEnough.totals.orders} ออเดอร์`,
    );
    expect(await confirmPrint(page, '.bulk-buttons button[value="print-all"]')).toBe(
      `ต้องการพิมพ์และล็อกงาน ${notEnough.totals.orders} ออเดอร์ใช่หรือไม่?`,
    );
    await screenshots(page, 'report-print-notenough');
    const nePdf = await printedPdf(page, 'report-print-notenough');
    expect(nePdf.text).toContain('รายงานสินค้าไม่พอส่ง');
    expect(nePdf.text).toContain('รอบ: 1');
    expect(nePdf.text).toContain(`รวม ${notEnough.totals.orders} ออเดอร์ · ${notEnough.totals.skus} SKU`);
    for (const i of notEnough.items) expect(nePdf.text).toContain(i.orderNo);

    // History: staff see the job but no reprint button, and a posted reprint is refused in Thai.
    await page.goto(`${server.url}/reports/warehouse/printed`);
    expect(await page.locator(`a[href="/reports/print/${warehouseJob}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator('button:has-text("พิมพ์ซ้ำ")').count()).toBe(0);
    const csrf = await page.getAttribute('input[name="_csrf"]', 'value');
    const refused = await page.request.post(`${server.url}/reports/warehouse`, {
      form: {
        _csrf: csrf!,
        action: 'reprint',
        printJobId: String(warehouseJob),
        override: '1',
        idempotencyKey: `k-${randomPassword()}`,
        confirmed: '1',
        back: '/reports/warehouse/printed',
      },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('เฉพาะผู้ดูแลระบบเท่านั้นที่อนุญาตพิมพ์ซ้ำได้');
    expect(problems.filter((p) => !p.includes('403'))).toEqual([]);

    // An admin reprints it: a copy, marked on the paper.
    const adminPage = (await newPage(browser)).page;
    await signIn(adminPage, admin);
    await adminPage.goto(`${server.url}/reports/warehouse/printed`);
    await screenshots(adminPage, 'report-history-warehouse-admin');
    const reprint = adminPage.locator(`form:has(input[name="printJobId"][value="${warehouseJob}"]) button`);
    await reprint.click();
    const dialog = adminPage.locator('dialog.confirm');
    await dialog.waitFor();
    expect(await dialog.locator('p').innerText()).toBe(`ต้องการพิมพ์ซ้ำใบพิมพ์ #${warehouseJob} เป็นสำเนาใช่หรือไม่?`);
    await Promise.all([
      adminPage.waitForURL(/\/reports\/print\/\d+/),
      dialog.locator('button', { hasText: 'พิมพ์ซ้ำ' }).click(),
    ]);
    expect(await adminPage.locator('.copy-mark').innerText()).toBe('สำเนา / COPY 1');
    await screenshots(adminPage, 'report-print-warehouse-copy');
    const copyPdf = await printedPdf(adminPage, 'report-print-warehouse-copy');
    expect(copyPdf.text).toContain('COPY 1');
  });
});
