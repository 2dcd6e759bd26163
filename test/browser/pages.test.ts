// Every page, as each role sees it, in chromium: accessibility with axe-core (no serious or
// critical violation), the Thai text drawn in the self-hosted Sarabun, no CSP refusal or script
// error, and a full-page screenshot at 1280 and at 800 px (tablet) in artifacts/screenshots/ for
// a person to look at. One browser; one signed-in context per role, reused page to page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemActor } from '../../src/services/context';
import { randomPassword } from '../support/env';
import { launchBrowser, newPage, screenshots, seriousA11yViolations, thaiFontLoaded } from './support/browser';
import { startPageServer, type PageServer } from './support/server';

type Who = 'anonymous' | 'user' | 'staff' | 'admin' | 'no-script' | 'setup';

let browser: Browser;
let server: PageServer;
let setupServer: PageServer;
const setupToken = `setup-${randomPassword()}`;
const sessions = new Map<Who, { context: BrowserContext; page: Page; problems: string[] }>();

async function signIn(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type="submit"]'),
  ]);
}

beforeAll(async () => {
  [browser, server, setupServer] = await Promise.all([
    launchBrowser(),
    startPageServer(),
    // Setup mode, on storage that will not survive a deploy: the red banner's pages.
    startPageServer({ env: { ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken }, persistent: false }),
  ]);
  const passwords: Record<string, string> = {};
  for (const role of ['user', 'staff', 'admin'] as const) {
    passwords[role] = randomPassword();
    await server.services.users.create({ username: `somchai-${role}`, password: passwords[role], role }, systemActor());
  }
  for (const [sku, name, brand] of [
    ['SKU-1001', 'เสื้อยืดคอกลม สีขาว ไซซ์ M', 'ThaiCotton'],
    ['SKU-1002', 'กางเกงยีนส์ขายาว เอว 32', 'Denim.co'],
    ['SKU-1003', '<script>alert(1)</script>', 'Test'],
    ['SKU-1004', 'แก้วน้ำสแตนเลส เก็บความเย็น 900 ml', null],
    ['SKU-1005', 'หมวกแก๊ป ปักโลโก้', 'CapCap'],
    ['SKU-1006', 'ถุงเท้าข้อสั้น แพ็ค 3 คู่', null],
  ] as const) {
    await server.services.products.create({ sku, name, brand }, systemActor());
  }
  for (const who of ['anonymous', 'user', 'staff', 'admin', 'setup'] as const)
    sessions.set(who, await newPage(browser));
  sessions.set('no-script', await newPage(browser, { javaScriptEnabled: false }));
  for (const role of ['user', 'staff', 'admin'] as const)
    await signIn(sessions.get(role)!.page, server.url, `somchai-${role}`, passwords[role]);
  await signIn(sessions.get('no-script')!.page, server.url, 'somchai-staff', passwords.staff);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.close(), setupServer?.close()]);
});

interface PageCase {
  name: string;
  who: Who;
  path: string;
  status: number;
  /** The h1 the page must show. */
  heading: string;
  /** Something to do on the page before it is checked (fill a form, press Tab...). */
  act?: (page: Page) => Promise<unknown>;
}

// Without script a page cannot be evaluated, so axe and the font check run on the same page
// reached with script (the form posted without the dialog) as `confirm-page`.
const scripted = (c: PageCase) => c.who !== 'no-script';

const submit = (page: Page) => Promise.all([page.waitForLoadState('load'), page.click('main button[type="submit"]')]);

const CASES: PageCase[] = [
  { name: 'login', who: 'anonymous', path: '/login', status: 200, heading: 'เข้าสู่ระบบ' },
  {
    name: 'login-error',
    who: 'anonymous',
    path: '/login',
    status: 200,
    heading: 'เข้าสู่ระบบ',
    act: async (page) => {
      await page.fill('#f-username', 'somchai-user');
      await page.fill('#f-password', 'wrong-password-here');
      await submit(page);
      await page.waitForSelector('[role="alert"]');
    },
  },
  { name: 'setup', who: 'setup', path: '/setup', status: 200, heading: 'ตั้งค่าผู้ดูแลระบบคนแรก' },
  {
    name: 'setup-errors',
    who: 'setup',
    path: '/setup',
    status: 200,
    heading: 'ตั้งค่าผู้ดูแลระบบคนแรก',
    act: async (page) => {
      await page.fill('#f-setupToken', 'not-the-token');
      await page.fill('#f-username', 'owner');
      await page.fill('#f-password', 'short');
      await page.fill('#f-confirmPassword', 'other');
      await submit(page);
      await page.waitForSelector('.field-error');
    },
  },
  { name: 'home-user', who: 'user', path: '/', status: 200, heading: 'แดชบอร์ด' },
  {
    name: 'home-keyboard-focus',
    who: 'user',
    path: '/',
    status: 200,
    heading: 'แดชบอร์ด',
    // Skip link, app name, then the first menu item: focus must be plain to see.
    act: (page) =>
      page.keyboard
        .press('Tab')
        .then(() => page.keyboard.press('Tab'))
        .then(() => page.keyboard.press('Tab')),
  },
  { name: 'home-admin', who: 'admin', path: '/', status: 200, heading: 'แดชบอร์ด' },
  { name: 'account-password', who: 'user', path: '/account/password', status: 200, heading: 'เปลี่ยนรหัสผ่าน' },
  {
    name: 'account-password-errors',
    who: 'user',
    path: '/account/password',
    status: 200,
    heading: 'เปลี่ยนรหัสผ่าน',
    act: async (page) => {
      await page.fill('#f-currentPassword', 'not-my-password');
      await page.fill('#f-newPassword', 'a-new-password-1');
      await page.fill('#f-confirmPassword', 'a-new-password-2');
      await submit(page);
      await page.waitForSelector('.field-error');
    },
  },
  { name: 'orders', who: 'user', path: '/orders', status: 200, heading: 'รายการออเดอร์' },
  { name: 'products', who: 'user', path: '/products', status: 200, heading: 'สินค้า' },
  { name: 'stock', who: 'user', path: '/stock', status: 200, heading: 'สต็อก' },
  { name: 'imports', who: 'staff', path: '/imports', status: 200, heading: 'นำเข้า' },
  { name: 'scan', who: 'user', path: '/scan', status: 200, heading: 'สแกน' },
  { name: 'reports', who: 'user', path: '/reports', status: 200, heading: 'รายงาน' },
  { name: 'admin', who: 'admin', path: '/admin', status: 200, heading: 'ผู้ดูแลระบบ' },
  { name: 'error-403', who: 'user', path: '/admin', status: 403, heading: 'ไม่มีสิทธิ์เข้าถึงหน้านี้' },
  { name: 'error-404', who: 'user', path: '/orders/no/such/page', status: 404, heading: 'ไม่พบหน้าที่ต้องการ' },
  { name: 'error-500', who: 'user', path: '/__test/boom', status: 500, heading: 'เกิดข้อผิดพลาดภายในระบบ' },
  { name: 'components', who: 'staff', path: '/__test/gallery?size=5', status: 200, heading: 'ส่วนประกอบหน้าจอ' },
  {
    name: 'confirm-without-script',
    who: 'no-script',
    path: '/__test/gallery',
    status: 200,
    heading: 'ยืนยันการลบ',
    act: (page) => Promise.all([page.waitForURL('**/__test/confirm'), page.click('text=ลบ 2 รายการ')]),
  },
  {
    name: 'confirm-page',
    who: 'staff',
    path: '/__test/gallery',
    status: 200,
    heading: 'ยืนยันการลบ',
    act: (page) =>
      Promise.all([
        page.waitForURL('**/__test/confirm'),
        // form.submit() fires no submit event, so the post arrives unconfirmed, as without script.
        page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector('form[data-confirm]'))),
      ]),
  },
  {
    name: 'confirm-dialog',
    who: 'staff',
    path: '/__test/gallery',
    status: 200,
    heading: 'ส่วนประกอบหน้าจอ',
    act: async (page) => {
      await page.click('text=ลบ 2 รายการ');
      await page.locator('dialog.confirm').waitFor();
    },
  },
];

describe('every page: accessibility, font, CSP and screenshots at 1280 and 800 px', () => {
  for (const c of CASES) {
    it(`${c.name} (${c.who} at ${c.path})`, async () => {
      const session = sessions.get(c.who)!;
      const base = c.who === 'setup' ? setupServer.url : server.url;
      const response = await session.page.goto(`${base}${c.path}`);
      expect(response?.status()).toBe(c.status);
      await c.act?.(session.page);
      expect(await session.page.locator('h1').first().innerText()).toBe(c.heading);
      expect(await session.page.getAttribute('html', 'lang')).toBe('th');
      if (scripted(c)) {
        expect(await thaiFontLoaded(session.page)).toBe(true);
        expect(await seriousA11yViolations(session.page)).toEqual([]);
      }
      const files = await screenshots(session.page, c.name);
      expect(files).toHaveLength(2);
      expect(session.problems).toEqual([]);
    });
  }

  it('the storage banner shows on every page of a deployment that will lose its data', async () => {
    const page = sessions.get('setup')!.page;
    const password = randomPassword();
    await page.goto(`${setupServer.url}/setup`);
    await page.fill('#f-setupToken', setupToken);
    await page.fill('#f-username', 'owner');
    await page.fill('#f-password', password);
    await page.fill('#f-confirmPassword', password);
    await Promise.all([page.waitForURL('**/login?notice=setup_done'), page.click('main button[type="submit"]')]);
    await signIn(page, setupServer.url, 'owner', password);
    expect(await page.locator('.storage-alert').innerText()).toContain('ข้อมูลไม่ได้เก็บบนพื้นที่ถาวร');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'home-storage-warning');
    expect(sessions.get('setup')!.problems).toEqual([]);
  });
});
