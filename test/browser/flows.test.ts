// The page flows in a real browser (Debian chromium via playwright-core): sign-in with the
// mouse and with the keyboard only, the return to the page asked for, sign-out, the password
// change, the 403 page, escaping, setup of the first admin, and the progressive parts of the
// components (confirmation with and without script, drag and drop, the scanner field). Every
// page visited is also watched for CSP refusals and script errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/context';
import { randomPassword } from '../support/env';
import { launchBrowser, newPage } from './support/browser';
import { startPageServer, type PageServer } from './support/server';

const EVIL = '<script>alert(1)</script>';

let browser: Browser;
let server: PageServer;
// Filled by beforeAll, one entry per role.
const accounts = {} as Record<'user' | 'staff' | 'admin', { username: string; password: string }>;
const problems: string[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startPageServer()]);
  for (const role of ['user', 'staff', 'admin'] as const) {
    accounts[role] = { username: `flow-${role}`, password: randomPassword() };
    await server.services.users.create({ ...accounts[role], role }, systemActor());
  }
  await server.services.products.create(
    { sku: 'SKU-<b>1</b>', name: EVIL, brand: '"><img src=x onerror=alert(2)>' },
    systemActor(),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new browser context; `collect()` hands what its page reported to the last test. */
async function fresh(opts: { javaScriptEnabled?: boolean } = {}) {
  const made = await newPage(browser, opts);
  return { ...made, collect: () => problems.push(...made.problems) };
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.fill('#f-username', who.username);
  await page.fill('#f-password', who.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type="submit"]'),
  ]);
}

describe('signing in', () => {
  it('a wrong password shows the Thai error on the page; the right one lands on the page asked for', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/products?q=abc`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/products?q=abc');

    await page.fill('#f-username', accounts.user.username);
    await page.fill('#f-password', 'not-my-password');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('[role="alert"]').innerText()).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
    expect(await page.inputValue('#f-username')).toBe(accounts.user.username);
    expect(await page.inputValue('#f-password')).toBe('');

    await page.fill('#f-password', accounts.user.password);
    await Promise.all([page.waitForURL('**/products?q=abc'), page.click('button[type="submit"]')]);
    expect(await page.locator('h1').innerText()).toBe('สินค้า');
    expect(await page.locator('.user-box').innerText()).toContain(accounts.user.username);
    collect();
    await context.close();
  });

  it('works with the keyboard alone: the name field has focus, Tab to the password, Enter to sign in', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/login`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-username');
    await page.keyboard.type(accounts.staff.username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-password');
    await page.keyboard.type(accounts.staff.password);
    await Promise.all([page.waitForURL(`${server.url}/`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe('แดชบอร์ด');
    // The first Tab on a page reaches the skip link, and it shows where the focus is.
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        text: el.textContent,
        outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        top: el.getBoundingClientRect().top,
      };
    });
    expect(focus).toMatchObject({ text: 'ข้ามไปยังเนื้อหา', outline: 'solid' });
    expect(focus.width).toBeGreaterThanOrEqual(2);
    expect(focus.top).toBeGreaterThanOrEqual(0);
    collect();
    await context.close();
  });

  it('shows a hostile username as text and runs no script from it', async () => {
    const { page, context, problems: own, collect } = await fresh();
    await page.goto(`${server.url}/login`);
    await page.fill('#f-username', EVIL);
    await page.fill('#f-password', 'whatever-password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[role="alert"]');
    expect(await page.inputValue('#f-username')).toBe(EVIL);
    expect(await page.locator('script').count()).toBe(1);
    expect(own.filter((p) => p.startsWith('dialog'))).toEqual([]);
    collect();
    await context.close();
  });
});

describe('signed in', () => {
  it('signing out ends the session: the sign-in page says so and pages ask to sign in again', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/`);
    await signIn(page, accounts.user);
    await Promise.all([page.waitForURL('**/login?notice=signed_out'), page.click('.user-box button')]);
    expect(await page.locator('[role="status"]').innerText()).toContain('ออกจากระบบแล้ว');
    await page.goto(`${server.url}/orders`);
    expect(new URL(page.url()).pathname).toBe('/login');
    collect();
    await context.close();
  });

  it('changing the password: a mismatch is shown by the field, then the new password works', async () => {
    const account = { username: 'flow-pw', password: randomPassword() };
    await server.services.users.create({ ...account, role: 'user' }, systemActor());
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/account/password`);
    await signIn(page, account);
    expect(new URL(page.url()).pathname).toBe('/account/password');
    const next = randomPassword();
    await page.fill('#f-currentPassword', account.password);
    await page.fill('#f-newPassword', next);
    await page.fill('#f-confirmPassword', `${next}x`);
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.locator('#f-confirmPassword-error').innerText()).toBe('รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน');
    expect(await page.getAttribute('#f-confirmPassword', 'aria-invalid')).toBe('true');

    await page.fill('#f-currentPassword', account.password);
    await page.fill('#f-newPassword', next);
    await page.fill('#f-confirmPassword', next);
    await Promise.all([
      page.waitForURL('**/account/password?notice=password_changed'),
      page.click('main button[type="submit"]'),
    ]);
    expect(await page.locator('[role="status"]').first().innerText()).toContain('เปลี่ยนรหัสผ่านแล้ว');
    // Still signed in here (a fresh session), and the new password signs in elsewhere.
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/');
    const other = await fresh();
    await other.page.goto(`${server.url}/`);
    await signIn(other.page, { username: account.username, password: next });
    expect(new URL(other.page.url()).pathname).toBe('/');
    collect();
    other.collect();
    await other.context.close();
    await context.close();
  });

  it('a user sees no admin link and gets the Thai 403 page on an admin page', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/`);
    await signIn(page, accounts.user);
    const nav = await page.locator('nav.main-nav').innerText();
    expect(nav).toContain('รายการออเดอร์');
    expect(nav).not.toContain('ผู้ดูแลระบบ');
    expect(nav).not.toContain('นำเข้า');
    const response = await page.goto(`${server.url}/admin`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('ไม่มีสิทธิ์เข้าถึงหน้านี้');
    collect();
    await context.close();
  });

  it('a product named <script> shows as text in the data table', async () => {
    const { page, context, problems: own, collect } = await fresh();
    await page.goto(`${server.url}/__test/gallery`);
    await signIn(page, accounts.staff);
    const cell = page.locator('table.data tbody tr').filter({ hasText: 'SKU-<b>1</b>' });
    expect(await cell.locator('td').nth(1).innerText()).toBe(EVIL);
    expect(await cell.locator('td').nth(2).innerText()).toBe('"><img src=x onerror=alert(2)>');
    expect(await page.locator('table.data img, table.data b').count()).toBe(0);
    expect(own.filter((p) => p.startsWith('dialog'))).toEqual([]);
    collect();
    await context.close();
  });
});

describe('progressive components', () => {
  it('confirmation: with script a dialog asks first; without script a confirmation page does', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/__test/gallery`);
    await signIn(page, accounts.user);
    await page.click('text=ลบ 2 รายการ');
    const dialog = page.locator('dialog.confirm');
    await dialog.waitFor();
    expect(await dialog.locator('p').innerText()).toBe('ยืนยันลบ 2 รายการ? (กู้คืนได้)');
    // Cancel keeps the page; confirming posts.
    await dialog.locator('button', { hasText: 'ยกเลิก' }).click();
    await expect.poll(() => page.locator('dialog.confirm').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/__test/gallery');
    await page.click('text=ลบ 2 รายการ');
    await Promise.all([
      page.waitForURL('**/__test/confirm'),
      page.locator('dialog.confirm button', { hasText: 'ลบ' }).click(),
    ]);
    expect(await page.locator('[role="status"]').innerText()).toBe('ลบแล้ว 2 รายการ: 11, 12');
    collect();
    await context.close();

    const noScript = await fresh({ javaScriptEnabled: false });
    await noScript.page.goto(`${server.url}/__test/gallery`);
    await signIn(noScript.page, accounts.user);
    await Promise.all([noScript.page.waitForURL('**/__test/confirm'), noScript.page.click('text=ลบ 2 รายการ')]);
    expect(await noScript.page.locator('h1').innerText()).toBe('ยืนยันการลบ');
    await Promise.all([
      noScript.page.waitForResponse((r) => r.url().endsWith('/__test/confirm') && r.request().method() === 'POST'),
      noScript.page.click('main button[type="submit"]'),
    ]);
    await noScript.page.waitForLoadState();
    expect(await noScript.page.locator('[role="status"]').innerText()).toBe('ลบแล้ว 2 รายการ: 11, 12');
    noScript.collect();
    await noScript.context.close();
  });

  it('upload: a file dropped on the zone goes into the field and is posted', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/__test/gallery`);
    await signIn(page, accounts.staff);
    await page.evaluate(() => {
      const zone = document.querySelector('.dropzone')!;
      const data = new DataTransfer();
      data.items.add(new File(['order_id\n1001\n'], 'orders.csv', { type: 'text/csv' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    expect(await page.locator('.dropzone-name').innerText()).toBe('orders.csv');
    expect(await page.locator('.dropzone').getAttribute('class')).toBe('dropzone');
    const form = page.locator('form[action="/__test/upload"]');
    await Promise.all([page.waitForURL('**/__test/upload'), form.locator('button[type="submit"]').click()]);
    expect(await page.locator('[role="status"]').innerText()).toBe('ได้รับไฟล์ orders.csv (14 ไบต์)');
    collect();
    await context.close();
  });

  it('the progress note appears while a form posts', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/__test/gallery`);
    await signIn(page, accounts.staff);
    await page.setInputFiles('#f-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a\n1\n') });
    // The page cannot be inspected while its navigation is pending, so it notes its own state
    // just after the submit (app.js has run by then) in sessionStorage, which the next page of
    // the same origin can still read. The request is held until then.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/__test/upload', async (route) => {
      await held;
      await route.continue();
    });
    expect(await page.locator('[data-progress-note]').isVisible()).toBe(false);
    await page.evaluate(() => {
      window.addEventListener('submit', (event) => {
        const form = event.target as HTMLFormElement;
        setTimeout(() => {
          const note = form.querySelector<HTMLElement>('[data-progress-note]')!;
          const state = {
            shown: !note.hidden && note.getBoundingClientRect().height > 0,
            busy: form.getAttribute('aria-busy'),
            disabled: form.querySelector('button')!.disabled,
          };
          sessionStorage.setItem('while-posting', JSON.stringify(state));
        }, 50);
      });
    });
    await page.locator('form[action="/__test/upload"] button[type="submit"]').click({ noWaitAfter: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await page.waitForURL('**/__test/upload');
    expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem('while-posting')))!)).toEqual({
      shown: true,
      busy: 'true',
      disabled: true,
    });
    expect(await page.locator('[role="status"]').innerText()).toBe('ได้รับไฟล์ x.csv (4 ไบต์)');
    collect();
    await context.close();
  });

  it('a scanner typing with the Thai layout active fills the field with the keys it pressed', async () => {
    const { page, context, collect } = await fresh();
    await page.goto(`${server.url}/__test/gallery`);
    await signIn(page, accounts.user);
    await page.focus('#f-scan');
    // What a USB scanner sends for `26T` with Kedmanee active: the key codes of the US keys,
    // with the Thai characters the layout makes of them.
    for (const [key, code, shiftKey] of [
      ['/', 'Digit2', false],
      ['ุ', 'Digit6', false],
      ['ธ', 'KeyT', true],
    ] as const) {
      await page.evaluate(
        ([k, c, s]) =>
          document.activeElement!.dispatchEvent(
            new KeyboardEvent('keydown', { key: k, code: c, shiftKey: s, bubbles: true, cancelable: true }),
          ),
        [key, code, shiftKey] as const,
      );
    }
    expect(await page.inputValue('#f-scan')).toBe('26T');
    // Ordinary typing is left alone.
    await page.keyboard.type('x1');
    expect(await page.inputValue('#f-scan')).toBe('26Tx1');
    // Caps Lock gives a capital without Shift: still the letter typed.
    await page.evaluate(() =>
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Q', code: 'KeyQ', bubbles: true, cancelable: true }),
      ),
    );
    expect(await page.inputValue('#f-scan')).toBe('26Tx1');
    collect();
    await context.close();
  });
});

describe('setup of the first admin', () => {
  it('every page leads to /setup; the token creates the admin, who signs in; a red banner warns of non-persistent storage', async () => {
    const setupToken = `setup-${randomPassword()}`;
    const setup = await startPageServer({ env: { ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken }, persistent: false });
    try {
      const { page, context, collect } = await fresh();
      await page.goto(`${setup.url}/orders`);
      expect(new URL(page.url()).pathname).toBe('/setup');
      expect(await page.locator('.storage-alert').innerText()).toContain('ข้อมูลทั้งหมดจะหายเมื่อ deploy ครั้งถัดไป');
      const password = randomPassword();
      await page.fill('#f-setupToken', 'not-the-token');
      await page.fill('#f-username', 'owner');
      await page.fill('#f-password', password);
      await page.fill('#f-confirmPassword', password);
      await page.click('button[type="submit"]');
      await expect.poll(() => page.locator('#f-setupToken-error').innerText()).toBe('Setup token ไม่ถูกต้อง');

      await page.fill('#f-setupToken', setupToken);
      await page.fill('#f-password', password);
      await page.fill('#f-confirmPassword', password);
      await Promise.all([page.waitForURL('**/login?notice=setup_done'), page.click('button[type="submit"]')]);
      await signIn(page, { username: 'owner', password });
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.locator('nav.main-nav').innerText()).toContain('ผู้ดูแลระบบ');
      expect(await page.locator('.storage-alert').count()).toBe(1);
      await page.goto(`${setup.url}/setup`);
      expect(new URL(page.url()).pathname).toBe('/');
      collect();
      await context.close();
    } finally {
      await setup.close();
    }
  });
});

describe('content security policy', () => {
  it('no page above reported a CSP refusal, a script error or a failed request', () => {
    expect(problems.filter((p) => !p.startsWith('dialog'))).toEqual([]);
  });
});
