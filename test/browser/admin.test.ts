// The admin pages in a real browser (Debian chromium via playwright-core): a supervisor creates
// an account and the new person signs in with it, changes its role and password, meets the
// last-admin rule; clears a scope and restores it from the backup the clear took, and sees the
// counts come back on the status page; takes a backup and downloads it; reads the audit log.
// A `user` gets the 403 page on every admin page. Every page visited is watched for CSP
// refusals and script errors.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/context';
import { PAGE_ROLES } from '../../src/http/route-roles';
import { ADMIN_PASSWORD, randomPassword } from '../support/env';
import { sample } from '../support/samples';
import { launchBrowser, newPage } from './support/browser';
import { startPageServer, type PageServer } from './support/server';

let browser: Browser;
let server: PageServer;
let admin: Page;
const problems: string[] = [];

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto(`${server.url}/login`);
  await page.fill('#f-username', who.username);
  await page.fill('#f-password', who.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type="submit"]'),
  ]);
}

/** A fresh signed-in browser context for someone other than the admin. */
async function other(who: { username: string; password: string }) {
  const made = await newPage(browser);
  await signIn(made.page, who);
  return {
    ...made,
    done: async () => {
      problems.push(...made.problems);
      await made.context.close();
    },
  };
}

/** The number in the status page's row of a table (by its code name). */
async function statusCount(page: Page, table: string): Promise<number> {
  await page.goto(`${server.url}/admin/system-status`);
  const cell = page
    .locator('#tables-title ~ .table-wrap tr', { has: page.locator(`code:text-is("${table}")`) })
    .locator('td.num');
  return Number((await cell.innerText()).replaceAll(',', ''));
}

const click = (page: Page, selector: string) => Promise.all([page.waitForLoadState('load'), page.click(selector)]);

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startPageServer()]);
  // The sample files with the parameters of test/fixtures/samples/README.md (6 + 5 orders).
  const run = (kind: 'orders' | 'products', file: string, platform?: string, shop?: string) =>
    server.services.imports.run(
      kind,
      { source: { type: 'file', bytes: sample(file), fileName: file }, platform, shop },
      { dryRun: false, skipInvalid: false, mode: 'full', confirmZeroing: false },
      systemActor(),
    );
  await run('products', 'products.csv');
  await run('orders', 'orders_shopee.csv', 'Shopee');
  await run('orders', 'orders_lazada.csv', 'Lazada', 'Beta Home Lazada');
  const made = await newPage(browser);
  admin = made.page;
  problems.push(...made.problems);
  // The bootstrap admin is the only admin: the last-admin rule is about it.
  await signIn(admin, { username: 'admin', password: ADMIN_PASSWORD });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('admin pages in the browser', () => {
  it('creates an account that then signs in; changes its role and its password; the last admin is refused in Thai', async () => {
    await admin.goto(`${server.url}/admin/users`);
    const password = randomPassword();
    await admin.fill('#f-username', 'Malee');
    await admin.selectOption('#f-role', 'user');
    await admin.fill('#f-password', password);
    await admin.fill('#f-confirmPassword', password);
    await Promise.all([
      admin.waitForURL(/\/admin\/users\/\d+\?notice=user_created$/),
      admin.click('button:text-is("เพิ่มผู้ใช้")'),
    ]);
    expect(await admin.locator('h1').innerText()).toBe('ผู้ใช้ malee');
    expect(await admin.locator('main [role="status"]').first().innerText()).toBe('สร้างผู้ใช้แล้ว');
    const userPage = admin.url().replace(/\?.*$/, '');

    const malee = await other({ username: 'malee', password });
    expect(new URL(malee.page.url()).pathname).toBe('/');
    expect(await malee.page.locator('.main-nav a[href^="/admin"]').count()).toBe(0);

    await admin.selectOption('#f-role', 'staff');
    await Promise.all([admin.waitForURL('**?notice=user_role_saved'), admin.click('text=บันทึกบทบาท')]);
    expect(await admin.locator('.facts').first().innerText()).toContain('Staff (พนักงาน)');
    // Signed out by the change; signed in again, the shop list is hers now.
    await malee.page.goto(`${server.url}/admin/shops`);
    expect(new URL(malee.page.url()).pathname).toBe('/login');
    await malee.page.fill('#f-username', 'malee');
    await malee.page.fill('#f-password', password);
    await Promise.all([malee.page.waitForURL('**/admin/shops'), malee.page.click('main button[type="submit"]')]);
    expect(await malee.page.locator('h1').innerText()).toBe('จัดการรายชื่อร้าน');
    expect(await malee.page.locator('.main-nav a[aria-current="page"]').innerText()).toBe('ร้านค้า');

    await admin.fill('#f-password', 'malee');
    await admin.fill('#f-confirmPassword', 'malee');
    await click(admin, 'button:text-is("ตั้งรหัสผ่านใหม่")');
    expect(await admin.locator('#f-password-error').innerText()).toContain('รหัสผ่านต้องมีอย่างน้อย 10 ตัวอักษร');
    expect(await admin.getAttribute('#f-password', 'aria-invalid')).toBe('true');
    const next = randomPassword();
    await admin.fill('#f-password', next);
    await admin.fill('#f-confirmPassword', next);
    await Promise.all([
      admin.waitForURL('**?notice=user_password_reset'),
      admin.click('button:text-is("ตั้งรหัสผ่านใหม่")'),
    ]);
    await malee.page.goto(`${server.url}/`);
    expect(new URL(malee.page.url()).pathname).toBe('/login');
    await signIn(malee.page, { username: 'malee', password: next });
    expect(new URL(malee.page.url()).pathname).toBe('/');
    await malee.done();

    // The only admin may not make itself staff.
    await admin.goto(`${server.url}/admin/users`);
    await click(admin, 'a:text-is("admin")');
    await admin.selectOption('#f-role', 'staff');
    await click(admin, 'text=บันทึกบทบาท');
    expect(await admin.locator('main [role="alert"]').first().innerText()).toBe('ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน');
    expect(await admin.locator('#f-role-error').innerText()).toContain('ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน');
    expect(await admin.locator('text=ลบตัวเองไม่ได้').count()).toBe(1);
    expect(userPage).toMatch(/\/admin\/users\/\d+$/);
  });

  it('clears a scope, then restores it from the backup the clear took: the counts come back on the status page', async () => {
    const orders = await statusCount(admin, 'orders');
    const lines = await statusCount(admin, 'order_lines');
    const api = await server.services.status.tableCounts();
    expect([orders, lines]).toEqual([api.orders, api.order_lines]);
    expect(orders).toBe(11);

    await admin.goto(`${server.url}/admin/clear`);
    await admin.check('#f-scope-all');
    await click(admin, 'text=ดูจำนวนที่จะถูกลบ');
    expect(await admin.locator('h1').innerText()).toBe('ยืนยันการล้างข้อมูล');
    const previewRow = admin.locator('tr', { has: admin.locator('code:text-is("orders")') }).locator('td.num');
    expect(await previewRow.innerText()).toBe(String(orders));
    await admin.fill('#f-typed', 'everything');
    await click(admin, 'button:text-is("ล้างข้อมูล")');
    expect(await admin.locator('#f-typed-error').innerText()).toContain('พิมพ์ไม่ตรงกับ all');
    await admin.fill('#f-typed', 'all');
    await click(admin, 'button:text-is("ล้างข้อมูล")');
    expect(await admin.locator('h1').innerText()).toBe('ล้างข้อมูลแล้ว');
    const backup = await admin.locator('.banner code.backup-name').innerText();
    expect(backup).toMatch(/^backup_pre_clear_\d{8}T\d{6}Z_[a-z0-9]{6}\.db$/);
    await click(admin, 'text=กู้คืนจากไฟล์สำรองนี้');
    expect(await statusCount(admin, 'orders')).toBe(0);

    await admin.goBack();
    expect(await admin.locator('.facts').first().innerText()).toContain(backup);
    await click(admin, 'text=ตรวจสอบ (Dry run)');
    expect(await admin.locator('.banner-success').innerText()).toContain('ไฟล์ถูกต้อง กู้คืนได้');
    const report = admin.locator('tr', { has: admin.locator('code:text-is("orders")') }).locator('td.num');
    expect(await report.allInnerTexts()).toEqual([String(orders), '0']);
    await admin.check('#f-confirmed');
    await click(admin, 'button:text-is("กู้คืนข้อมูล")');
    expect(await admin.locator('h1').innerText()).toBe('กู้คืนข้อมูลแล้ว');
    expect(await admin.locator('.banner code.backup-name').innerText()).toMatch(/^backup_pre_restore_/);
    await click(admin, 'text=ดูจำนวนข้อมูลที่ System Status');
    expect(await statusCount(admin, 'orders')).toBe(orders);
    expect(await statusCount(admin, 'order_lines')).toBe(lines);
  });

  it('takes a backup and downloads it', async () => {
    await admin.goto(`${server.url}/admin/backups`);
    await admin.selectOption('#f-format', 'ndjson');
    await Promise.all([admin.waitForURL('**?notice=backup_created'), admin.click('button:text-is("สำรองข้อมูลตอนนี้")')]);
    const name = await admin.locator('table.data tbody tr').first().locator('code.backup-name').innerText();
    expect(name).toMatch(/^backup_manual_\d{8}T\d{6}Z_[a-z0-9]{6}\.ndjson\.gz$/);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.locator('table.data tbody tr').first().locator('text=ดาวน์โหลด').click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    const lines = gunzipSync(readFileSync((await download.path())!))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'wms-export', version: 1 });
    const counts = JSON.parse(lines.at(-1)!).counts as Record<string, number>;
    expect(counts.orders).toBe((await server.services.status.tableCounts()).orders);
  });

  it('the audit log shows who did what, filtered by person and action', async () => {
    await admin.goto(`${server.url}/admin/audit`);
    await admin.selectOption('#f-action', 'data.clear');
    await click(admin, 'button:text-is("กรอง")');
    expect(new URL(admin.url()).searchParams.get('action')).toBe('data.clear');
    const rows = admin.locator('table.audit tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/admin[\s\S]*ล้างข้อมูล[\s\S]*สำเร็จ[\s\S]*all/);
    await rows.first().locator('summary').click();
    expect(await rows.first().locator('.compact-facts').innerText()).toContain('backup_pre_clear_');

    await admin.selectOption('#f-action', 'user.password_reset');
    await click(admin, 'button:text-is("กรอง")');
    expect(await rows.first().innerText()).toMatch(
      /^\d\d\/\d\d\/25\d\d \d\d:\d\d:\d\d\s+admin[\s\S]*ตั้งรหัสผ่านใหม่ให้ผู้ใช้[\s\S]*malee/,
    );
  });

  it('a user gets the 403 page on every admin page, and sees no admin link', async () => {
    const password = randomPassword();
    await server.services.users.create({ username: 'porn', password, role: 'user' }, systemActor());
    const porn = await other({ username: 'porn', password });
    const paths = Object.keys(PAGE_ROLES)
      .filter((key) => key.startsWith('GET /admin'))
      .map((key) => key.slice(4).replace('{id}', '1').replace('{name}', 'backup_manual_20250101T000000Z_abc123.db'));
    expect(paths.length).toBeGreaterThanOrEqual(10);
    for (const path of paths) {
      const res = await porn.page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await porn.page.locator('h1').innerText(), path).toBe('ไม่มีสิทธิ์เข้าถึงหน้านี้');
      expect(await porn.page.locator('a[href^="/admin"]').count(), path).toBe(0);
    }
    await porn.done();
    expect(problems).toEqual([]);
  });
});
