// The web pages over HTTP, on every target (file, remote, worker): what a browser gets for each
// request, without a browser. Sign-in, the return to the page asked for, CSRF in form fields,
// sign-out, change of password, setup, the 403/404 pages, escaping, and the static files, which
// must be served by the worker as well as by Node (no file system at request time).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { createAccount, parseSetCookies, type Account } from '../support/auth-helpers';
import { randomPassword } from '../support/env';
import type { Target } from '../support/targets';

const EVIL = '<script>alert(1)</script>';
const PAGE_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

export interface PageResponse {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

export async function get(
  target: Target,
  path: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<PageResponse> {
  const res = await target.fetch(path, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

export async function post(
  target: Target,
  path: string,
  fields: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<PageResponse> {
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

/** The browser's side of a sign-in: the cookies it keeps and the CSRF token the page forms carry. */
export interface Browser {
  cookie: string;
  csrf: string;
}

export function cookiesFrom(res: PageResponse): Browser {
  const cookies = parseSetCookies(res.headers);
  const session = cookies.find((c) => c.name === 'wms_session')!.value;
  const csrf = cookies.find((c) => c.name === 'wms_csrf')!.value;
  return { cookie: `wms_session=${session}; wms_csrf=${csrf}`, csrf };
}

export async function signIn(
  target: Target,
  account: Pick<Account, 'username' | 'password'>,
  next?: string,
): Promise<Browser & { location: string | null }> {
  const res = await post(target, '/login', {
    username: account.username,
    password: account.password,
    ...(next ? { next } : {}),
  });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return { ...cookiesFrom(res), location: res.location };
}

/** The value of the hidden CSRF field a page's forms carry. */
export const csrfField = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];

export function definePagesSuite(
  name: string,
  makeTarget: (opts?: { env?: Record<string, string> }) => Promise<Target>,
) {
  describe(`web pages [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    const accounts = {} as Record<'user' | 'staff' | 'admin', Account>;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      for (const role of ['user', 'staff', 'admin'] as const)
        accounts[role] = await createAccount(api, role, `page-${role}`);
    });
    afterAll(async () => {
      await target?.close();
    });

    it('serves the sign-in page as Thai HTML under the page CSP, with its CSS, script and font from the app', async () => {
      const page = await get(target, '/login');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text.startsWith('<!DOCTYPE html><html lang="th">')).toBe(true);
      expect(page.text).toContain('<label for="f-username">ชื่อผู้ใช้');
      expect(page.text).toContain('<label for="f-password">รหัสผ่าน');
      // Nothing inline for the CSP to refuse: no style attribute, no script without a src.
      expect(page.text).not.toMatch(/\sstyle=/);
      expect(page.text.match(/<script[^>]*>/g)).toEqual([
        expect.stringMatching(/^<script src="\/assets\/app\.[0-9a-f]{12}\.js" defer="">$/),
      ]);

      const urls = [...page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
      expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
      expect(urls.some((u) => u.endsWith('.woff2'))).toBe(true);
      for (const url of urls) {
        const res = await target.fetch(url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(res.status, url).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const etag = res.headers.get('etag')!;
        expect(url).toContain(etag.replaceAll('"', ''));
        const type = res.headers.get('content-type');
        if (url.endsWith('.css')) expect(type).toBe('text/css; charset=utf-8');
        if (url.endsWith('.js')) expect(type).toBe('text/javascript; charset=utf-8');
        if (url.endsWith('.woff2')) {
          expect(type).toBe('font/woff2');
          expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('wOF2');
        }
        const again = await target.fetch(url, { headers: { 'if-none-match': etag } });
        expect(again.status).toBe(304);
      }
      // The stylesheet points at fonts the app serves, not at a CDN.
      const css = await (await target.fetch(urls.find((u) => u.endsWith('.css'))!)).text();
      const fonts = [...css.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(fonts).toHaveLength(6);
      for (const font of fonts) {
        expect(font).toMatch(/^\/assets\/sarabun-(thai|latin)-[0-9]{3}\.[0-9a-f]{12}\.woff2$/);
        expect((await target.fetch(font)).status).toBe(200);
      }
      expect((await get(target, '/assets/app.000000000000.css')).status).toBe(404);
    });

    it('an anonymous visit goes to /login?next=..., and signing in comes back to the page asked for', async () => {
      const visit = await get(target, '/orders?view=trash&q=a%20b');
      expect(visit.status).toBe(303);
      // The path and query exactly as requested (still percent-encoded), encoded once more.
      expect(visit.location).toBe(`/login?next=${encodeURIComponent('/orders?view=trash&q=a%20b')}`);
      const login = await get(target, visit.location!);
      expect(login.text).toContain('<input type="hidden" name="next" value="/orders?view=trash&amp;q=a%20b"/>');
      const browser = await signIn(target, accounts.user, '/orders?view=trash&q=a%20b');
      expect(browser.location).toBe('/orders?view=trash&q=a%20b');
      const back = await get(target, browser.location!, browser.cookie);
      expect(back.status).toBe(200);
      expect(back.text).toContain(accounts.user.username);
      expect(back.text).toContain('<a href="/orders" aria-current="page">รายการออเดอร์</a>');
      // Signed in already: /login sends the browser on.
      expect((await get(target, '/login?next=/products', browser.cookie)).location).toBe('/products');
    });

    it('sets the same session cookies as the API sign-in', async () => {
      const res = await post(target, '/login', {
        username: accounts.staff.username,
        password: accounts.staff.password,
      });
      const cookies = parseSetCookies(res.headers);
      const session = cookies.find((c) => c.name === 'wms_session')!;
      const csrf = cookies.find((c) => c.name === 'wms_csrf')!;
      expect(session.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
      expect(csrf.attributes.httponly).toBeUndefined();
      expect(Number(session.attributes['max-age'])).toBe(12 * 3600);
    });

    it('a wrong password comes back as the page with the Thai error, the username kept and escaped; never JSON', async () => {
      const res = await post(target, '/login', { username: EVIL, password: 'not-the-password' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
      expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).not.toContain('not-the-password');
      expect(parseSetCookies(res.headers)).toEqual([]);

      // Sign-in has no session yet: the Origin check is its CSRF protection, as for the API.
      const foreign = await post(
        target,
        '/login',
        { username: accounts.user.username, password: accounts.user.password },
        undefined,
        { origin: 'https://evil.example' },
      );
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get('content-type')).toMatch(/^text\/html/);
      expect(parseSetCookies(foreign.headers)).toEqual([]);

      const empty = await post(target, '/login', { username: '  ', password: '' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('<span class="field-error" id="f-username-error">กรุณากรอกชื่อผู้ใช้</span>');
      expect(empty.text).toContain('<span class="field-error" id="f-password-error">กรุณากรอกรหัสผ่าน</span>');
    });

    it('locks sign-in after five failures and says how many minutes to wait (429)', async () => {
      const account = await createAccount(api, 'user', 'page-lock');
      for (let i = 0; i < 5; i++)
        expect(
          (await post(target, '/login', { username: account.username, password: `wrong-${i}-password` })).status,
        ).toBe(401);
      const locked = await post(target, '/login', { username: account.username, password: account.password });
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(locked.text).toContain('กรุณารออีก 15 นาทีแล้วลองใหม่');
    });

    it('`next` may only name a local path', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
        expect((await signIn(target, accounts.user, next)).location, next).toBe('/');
      }
      const login = await get(target, `/login?next=${encodeURIComponent(`/"><script>alert(1)</script>`)}`);
      expect(login.text).not.toContain('<script>alert');
    });

    it('page forms carry the CSRF token in a field, checked as the API checks the header', async () => {
      const browser = await signIn(target, accounts.user);
      const page = await get(target, '/account/password', browser.cookie);
      expect(csrfField(page.text)).toBe(browser.csrf);
      for (const [fields, headers] of [
        [{}, {}],
        [{ _csrf: 'forged' }, {}],
        [{ _csrf: browser.csrf }, { origin: 'https://evil.example' }],
      ] as const) {
        const refused = await post(target, '/account/password', fields, browser.cookie, headers);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
        expect(refused.text).toContain('CSRF');
      }
      // Cookie and field must agree: another session's token does not pass.
      const other = await signIn(target, accounts.user);
      expect((await post(target, '/account/password', { _csrf: other.csrf }, browser.cookie)).status).toBe(403);
      // The right token gets through to the form's own checks.
      const ok = await post(target, '/account/password', { _csrf: browser.csrf }, browser.cookie);
      expect(ok.status).toBe(400);
      expect(ok.text).toContain('กรุณากรอกรหัสผ่านปัจจุบัน');
    });

    it('changing the password: field errors in Thai, then a fresh session here and the old one ended', async () => {
      const account = await createAccount(api, 'user', 'page-pw');
      const browser = await signIn(target, account);
      const wrong = await post(
        target,
        '/account/password',
        {
          _csrf: browser.csrf,
          currentPassword: 'nope-nope-nope',
          newPassword: 'a-new-secret-123',
          confirmPassword: 'a-new-secret-123',
        },
        browser.cookie,
      );
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('<span class="field-error" id="f-currentPassword-error">รหัสผ่านปัจจุบันไม่ถูกต้อง</span>');
      const mismatch = await post(
        target,
        '/account/password',
        {
          _csrf: browser.csrf,
          currentPassword: account.password,
          newPassword: 'a-new-secret-123',
          confirmPassword: 'a-new-secret-124',
        },
        browser.cookie,
      );
      expect(mismatch.text).toContain('รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน');
      const weak = await post(
        target,
        '/account/password',
        {
          _csrf: browser.csrf,
          currentPassword: account.password,
          newPassword: 'password123',
          confirmPassword: 'password123',
        },
        browser.cookie,
      );
      expect(weak.text).toContain('<span class="field-error" id="f-newPassword-error">รหัสผ่านนี้ง่ายเกินไป');

      const newPassword = randomPassword();
      const done = await post(
        target,
        '/account/password',
        { _csrf: browser.csrf, currentPassword: account.password, newPassword, confirmPassword: newPassword },
        browser.cookie,
      );
      expect(done.status).toBe(303);
      expect(done.location).toBe('/account/password?notice=password_changed');
      const fresh = cookiesFrom(done);
      expect((await get(target, done.location!, fresh.cookie)).text).toContain('เปลี่ยนรหัสผ่านแล้ว');
      expect((await get(target, '/', browser.cookie)).location).toBe('/login');
      expect((await signIn(target, { username: account.username, password: newPassword })).location).toBe('/');
    });

    it('signing out is a form post: the session ends, the cookies go, the sign-in page says so', async () => {
      const browser = await signIn(target, accounts.staff);
      const home = await get(target, '/', browser.cookie);
      expect(home.text).toContain('<form method="post" action="/logout">');
      const out = await post(target, '/logout', { _csrf: csrfField(home.text)! }, browser.cookie);
      expect(out.status).toBe(303);
      expect(out.location).toBe('/login?notice=signed_out');
      const cleared = parseSetCookies(out.headers);
      expect(cleared.map((c) => [c.name, c.attributes['max-age']])).toEqual([
        ['wms_session', '0'],
        ['wms_csrf', '0'],
      ]);
      expect((await get(target, '/', browser.cookie)).location).toBe('/login');
      expect((await get(target, out.location!)).text).toContain('ออกจากระบบแล้ว');
      // A link cannot put words on the page: unknown notices show nothing.
      expect((await get(target, `/login?notice=${encodeURIComponent(EVIL)}`)).text).not.toContain('alert');
    });

    it('navigation follows the role; a user gets the Thai 403 page on an admin page', async () => {
      const user = await signIn(target, accounts.user);
      const home = await get(target, '/', user.cookie);
      expect(home.text).toContain('User (ผู้ใช้ทั่วไป)');
      expect(home.text).not.toContain('href="/admin"');
      expect(home.text).not.toContain('href="/imports"');
      const denied = await get(target, '/admin', user.cookie);
      expect(denied.status).toBe(403);
      expect(denied.headers.get('content-type')).toMatch(/^text\/html/);
      expect(denied.text).toContain('ไม่มีสิทธิ์เข้าถึงหน้านี้');
      expect(denied.text).toContain(`<code>${denied.headers.get('x-request-id')}</code>`);

      const staff = await signIn(target, accounts.staff);
      const staffHome = await get(target, '/', staff.cookie);
      expect(staffHome.text).toContain('href="/imports"');
      expect(staffHome.text).not.toContain('href="/admin"');
      const admin = await signIn(target, accounts.admin);
      const adminPage = await get(target, '/admin', admin.cookie);
      expect(adminPage.status).toBe(200);
      expect(adminPage.text).toContain('<a href="/admin" aria-current="page">ผู้ดูแลระบบ</a>');
    });

    it('an unknown page is the Thai 404 page; unknown API paths stay JSON', async () => {
      const browser = await signIn(target, accounts.user);
      const page = await get(target, '/no-such-page', browser.cookie);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('ไม่พบหน้าที่ต้องการ');
      expect(page.text).toContain(accounts.user.username);
      const anonymous = await get(target, `/${encodeURIComponent(EVIL)}`);
      expect(anonymous.status).toBe(404);
      expect(anonymous.text).not.toContain('<script>alert');
      const api404 = await get(target, '/api/no-such-thing');
      expect(api404.headers.get('content-type')).toMatch(/json/);
      expect(JSON.parse(api404.text).error.code).toBe('not_found');
    });

    describe('setup mode', () => {
      let fresh: Target;
      const setupToken = `setup-${randomBytes(16).toString('hex')}`;
      beforeAll(async () => {
        fresh = await makeTarget({ env: { ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken } });
      });
      afterAll(async () => {
        await fresh?.close();
      });

      it('every page leads to /setup, whose form creates the first admin with the token; then it closes', async () => {
        for (const path of ['/', '/login', '/orders', '/account/password'])
          expect((await get(fresh, path)).location, path).toBe('/setup');
        const form = await get(fresh, '/setup');
        expect(form.status).toBe(200);
        expect(form.text).toContain('<label for="f-setupToken">Setup token');
        const css = /href="(\/assets\/app\.[0-9a-f]+\.css)"/.exec(form.text)![1];
        expect((await get(fresh, css)).status).toBe(200);

        const password = randomPassword();
        const wrong = await post(fresh, '/setup', {
          setupToken: 'wrong-token',
          username: 'owner',
          password,
          confirmPassword: password,
        });
        expect(wrong.status).toBe(403);
        expect(wrong.text).toContain('<span class="field-error" id="f-setupToken-error">Setup token ไม่ถูกต้อง</span>');
        const mismatch = await post(fresh, '/setup', {
          setupToken,
          username: 'owner',
          password,
          confirmPassword: `${password}x`,
        });
        expect(mismatch.status).toBe(400);
        expect(mismatch.text).toContain('รหัสผ่านทั้งสองช่องไม่ตรงกัน');
        const weak = await post(fresh, '/setup', {
          setupToken,
          username: 'owner',
          password: 'admin123',
          confirmPassword: 'admin123',
        });
        expect(weak.text).toContain('id="f-password-error"');

        const done = await post(fresh, '/setup', {
          setupToken,
          username: 'Owner',
          password,
          confirmPassword: password,
        });
        expect(done.status).toBe(303);
        expect(done.location).toBe('/login?notice=setup_done');
        expect((await get(fresh, '/setup')).location).toBe('/login');
        expect(
          (await post(fresh, '/setup', { setupToken, username: 'second', password, confirmPassword: password }))
            .location,
        ).toBe('/login');
        const admin = await signIn(fresh, { username: 'owner', password });
        const adminPage = await get(fresh, '/admin', admin.cookie);
        expect(adminPage.status).toBe(200);
        expect(adminPage.text).toContain('Admin (ผู้ดูแลระบบ)');
      });
    });
  });
}
