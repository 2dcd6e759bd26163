// The admin pages over HTTP, on every target (file, remote, worker): what a browser gets and
// what each form does. Every action is checked against the API's own view of the data (the
// same service behind both) and leaves exactly one audit row; refusals come back as Thai pages.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { auditRows, newRequestId } from '../support/auth-helpers';
import { ADMIN_PASSWORD, randomPassword } from '../support/env';
import { importFile } from '../support/imports';
import { get, post, signIn, type Browser, type PageResponse } from './pages.suite';
import type { Target } from '../support/targets';

const EVIL = '<script>alert(1)</script>';

/** A form post from a signed-in browser: its CSRF field, and a request id to find its audit rows. */
async function submit(target: Target, browser: Browser, path: string, fields: Record<string, string | string[]> = {}) {
  const requestId = newRequestId();
  const body = new URLSearchParams({ _csrf: browser.csrf });
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie, 'x-request-id': requestId },
    body: body.toString(),
    redirect: 'manual',
  });
  const page: PageResponse = {
    status: res.status,
    location: res.headers.get('location'),
    headers: res.headers,
    text: await res.text(),
  };
  return { ...page, requestId };
}

async function upload(
  target: Target,
  browser: Browser,
  path: string,
  file: { bytes: Uint8Array; name: string },
  fields: Record<string, string>,
) {
  const form = new FormData();
  form.append('_csrf', browser.csrf);
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([file.bytes as BlobPart]), file.name);
  const requestId = newRequestId();
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { cookie: browser.cookie, 'x-request-id': requestId },
    body: form,
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), requestId };
}

/** The numbers in the row of a table (by its `<code>` name) of the per-table counts. */
function countIn(page: string, table: string, column = 0): number | null {
  const row = new RegExp(`<code class="muted">${table}</code></th>((?:<td class="num">[^<]*</td>)+)`).exec(page);
  if (!row) return null;
  const cells = [...row[1].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
  return cells[column] === '-' ? null : Number(cells[column].replaceAll(',', ''));
}

const actions = async (target: Target, requestId: string) => (await auditRows(target, requestId)).map((r) => r.action);
const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
const backupNameIn = (page: string) => /<code class="backup-name">([^<]+)<\/code>/.exec(page)?.[1];

export function defineAdminPagesSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`admin pages [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    let admin: Browser;
    let adminId: number;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      // The one admin of this target: the last-admin rule applies to it.
      admin = await signIn(target, { username: 'admin', password: ADMIN_PASSWORD });
      adminId = (await api.get('/api/auth/me')).body.user.id;
      expect((await importFile(api, 'orders', 'orders_shopee.csv', { platform: 'Shopee' })).status).toBe(200);
    });
    afterAll(async () => {
      await target?.close();
    });

    it('users: create one (its policy errors by the fields), who then signs in; change the role; reset the password', async () => {
      const page = await get(target, '/admin/users', admin.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<label for="f-username">ชื่อผู้ใช้');
      expect(page.text).toContain('<label for="f-role">บทบาท');

      const weak = await submit(target, admin, '/admin/users', {
        username: 'nid',
        role: 'user',
        password: 'password123',
        confirmPassword: 'password123',
      });
      expect(weak.status).toBe(400);
      expect(weak.text).toContain('<span class="field-error" id="f-password-error">รหัสผ่านนี้ง่ายเกินไป');
      const mismatch = await submit(target, admin, '/admin/users', {
        username: 'nid',
        role: 'user',
        password: 'a-long-password-1',
        confirmPassword: 'a-long-password-2',
      });
      expect(mismatch.text).toContain(
        '<span class="field-error" id="f-confirmPassword-error">รหัสผ่านทั้งสองช่องไม่ตรงกัน</span>',
      );
      const short = await submit(target, admin, '/admin/users', {
        username: 'nid',
        role: 'user',
        password: 'short',
        confirmPassword: 'short',
      });
      expect(short.text).toContain('รหัสผ่านต้องมีอย่างน้อย 10 ตัวอักษร');
      const badName = await submit(target, admin, '/admin/users', {
        username: EVIL,
        role: 'user',
        password: 'a-long-password-1',
        confirmPassword: 'a-long-password-1',
      });
      expect(badName.text).toContain('<span class="field-error" id="f-username-error">ชื่อผู้ใช้ต้องยาว 3-32 ตัว');
      expect(badName.text).not.toContain('<script>alert');
      const badRole = await submit(target, admin, '/admin/users', {
        username: 'nid',
        role: 'boss',
        password: 'a-long-password-1',
        confirmPassword: 'a-long-password-1',
      });
      expect(badRole.text).toContain(
        '<span class="field-error" id="f-role-error">บทบาทต้องเป็น user, staff หรือ admin</span>',
      );

      const password = randomPassword();
      const created = await submit(target, admin, '/admin/users', {
        username: 'Nid.Packer',
        role: 'user',
        password,
        confirmPassword: password,
      });
      expect(created.status).toBe(303);
      const id = Number(/^\/admin\/users\/(\d+)\?notice=user_created$/.exec(created.location!)![1]);
      expect(await actions(target, created.requestId)).toEqual(['user.create']);
      const users = (await api.get('/api/admin/users')).body.items as { id: number; username: string; role: string }[];
      expect(users.find((u) => u.id === id)).toMatchObject({ username: 'nid.packer', role: 'user' });
      const detail = await get(target, created.location!, admin.cookie);
      expect(detail.text).toContain('<h1>ผู้ใช้ nid.packer</h1>');
      expect(detail.text).toContain('สร้างผู้ใช้แล้ว');
      const again = await submit(target, admin, '/admin/users', {
        username: 'nid.packer',
        role: 'user',
        password,
        confirmPassword: password,
      });
      expect(again.status).toBe(409);
      expect(again.text).toContain('<span class="field-error" id="f-username-error">มีชื่อผู้ใช้นี้อยู่แล้ว</span>');

      const nid = await signIn(target, { username: 'nid.packer', password });
      expect((await get(target, '/', nid.cookie)).text).not.toContain('href="/admin"');

      const role = await submit(target, admin, `/admin/users/${id}/role`, { role: 'staff' });
      expect(role.status).toBe(303);
      expect(role.location).toBe(`/admin/users/${id}?notice=user_role_saved`);
      expect(await actions(target, role.requestId)).toEqual(['user.update']);
      expect(
        ((await api.get('/api/admin/users')).body.items as { id: number; role: string }[]).find((u) => u.id === id)!
          .role,
      ).toBe('staff');
      // A role change ends the sessions signed for the old role.
      expect((await get(target, '/', nid.cookie)).location).toBe('/login');
      const asStaff = await signIn(target, { username: 'nid.packer', password });
      const staffHome = await get(target, '/', asStaff.cookie);
      expect(staffHome.text).toContain('href="/admin/shops"');
      expect(staffHome.text).not.toContain('href="/admin"');

      const weakReset = await submit(target, admin, `/admin/users/${id}/password`, {
        password: 'nid.packer',
        confirmPassword: 'nid.packer',
      });
      expect(weakReset.status).toBe(400);
      expect(weakReset.text).toContain('<span class="field-error" id="f-password-error">รหัสผ่านต้องไม่เหมือนชื่อผู้ใช้</span>');
      const next = randomPassword();
      const reset = await submit(target, admin, `/admin/users/${id}/password`, {
        password: next,
        confirmPassword: next,
      });
      expect(reset.location).toBe(`/admin/users/${id}?notice=user_password_reset`);
      expect(await actions(target, reset.requestId)).toEqual(['user.password_reset']);
      expect((await post(target, '/login', { username: 'nid.packer', password })).status).toBe(401);
      expect((await signIn(target, { username: 'nid.packer', password: next })).location).toBe('/');
    });

    it('users: the last admin is kept (409 last_admin in Thai, by the role); nobody deletes or disables themselves', async () => {
      const demote = await submit(target, admin, `/admin/users/${adminId}/role`, { role: 'staff' });
      expect(demote.status).toBe(409);
      expect(demote.text).toContain(
        '<div class="banner banner-error" role="alert">ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน</div>',
      );
      expect(demote.text).toContain(
        '<span class="field-error" id="f-role-error">ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน</span>',
      );
      // The select shows the refused choice, so it is plain what was refused.
      expect(demote.text).toMatch(/<option value="staff" selected="">Staff/);
      expect((await api.get('/api/auth/me')).body.user.role).toBe('admin');

      // Nothing changed, and the refusal is not dressed up as a write: no audit row.
      expect(await actions(target, demote.requestId)).toEqual([]);
      const self = await get(target, `/admin/users/${adminId}`, admin.cookie);
      expect(self.text).toContain('ลบตัวเองไม่ได้');
      expect(self.text).not.toContain(`action="/admin/users/${adminId}/delete"`);
      const del = await submit(target, admin, `/admin/users/${adminId}/delete`, { confirmed: '1' });
      expect(del.status).toBe(409);
      expect(del.text).toContain('ลบตัวเองไม่ได้');
      const disable = await submit(target, admin, `/admin/users/${adminId}/status`, { disabled: '1', confirmed: '1' });
      expect(disable.status).toBe(409);
      expect(disable.text).toContain('ปิดการใช้งานบัญชีของตัวเองไม่ได้');

      // With a second admin the last-admin rule is met, and the role of one's own account is
      // still another admin's to change.
      const second = (
        await api.post('/api/admin/users', { username: 'second-admin', password: randomPassword(), role: 'admin' })
      ).body.user as { id: number };
      const own = await submit(target, admin, `/admin/users/${adminId}/role`, { role: 'user' });
      expect(own.status).toBe(409);
      expect(own.text).toContain(
        '<span class="field-error" id="f-role-error">เปลี่ยนบทบาทของตัวเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นทำแทน</span>',
      );
      expect((await submit(target, admin, `/admin/users/${second.id}/delete`, { confirmed: '1' })).status).toBe(303);
    });

    it('users: disable (after a confirmation) and enable; unlock a locked account; delete', async () => {
      const password = randomPassword();
      const user = (await api.post('/api/admin/users', { username: 'lek', password, role: 'user' })).body.user as {
        id: number;
      };
      const ask = await submit(target, admin, `/admin/users/${user.id}/status`, { disabled: '1' });
      expect(ask.status).toBe(200);
      expect(ask.text).toContain('ปิดการใช้งานผู้ใช้ lek?');
      expect(await actions(target, ask.requestId)).toEqual([]);
      const off = await submit(target, admin, `/admin/users/${user.id}/status`, { disabled: '1', confirmed: '1' });
      expect(off.location).toBe(`/admin/users/${user.id}?notice=user_disabled`);
      expect(await actions(target, off.requestId)).toEqual(['user.disable']);
      expect((await post(target, '/login', { username: 'lek', password })).status).toBe(401);
      const on = await submit(target, admin, `/admin/users/${user.id}/status`, { disabled: '0' });
      expect(on.location).toBe(`/admin/users/${user.id}?notice=user_enabled`);

      for (let i = 0; i < 5; i++) await post(target, '/login', { username: 'lek', password: `wrong-password-${i}` });
      expect((await post(target, '/login', { username: 'lek', password })).status).toBe(429);
      const locked = await get(target, `/admin/users/${user.id}`, admin.cookie);
      expect(locked.text).toMatch(/ถูกล็อกอีก 1[45] นาที/);
      const unlock = await submit(target, admin, `/admin/users/${user.id}/unlock`);
      expect(unlock.location).toBe(`/admin/users/${user.id}?notice=user_unlocked`);
      expect(await actions(target, unlock.requestId)).toEqual(['user.unlock']);
      expect((await get(target, `/admin/users/${user.id}`, admin.cookie)).text).toContain('บัญชีนี้ไม่ได้ถูกล็อก');
      expect((await signIn(target, { username: 'lek', password })).location).toBe('/');

      const del = await submit(target, admin, `/admin/users/${user.id}/delete`, { confirmed: '1' });
      expect(del.location).toBe('/admin/users?notice=user_deleted');
      expect(await actions(target, del.requestId)).toEqual(['user.delete']);
      expect(((await api.get('/api/admin/users')).body.items as { id: number }[]).some((u) => u.id === user.id)).toBe(
        false,
      );
      expect((await get(target, `/admin/users/${user.id}`, admin.cookie)).status).toBe(404);
    });

    it('shops (staff+): the list per platform with the API order counts; add, edit, the Sheet URL of each source; delete is admin', async () => {
      const staff = await signIn(
        target,
        await (async () => {
          const password = randomPassword();
          await api.post('/api/admin/users', { username: 'shop-staff', password, role: 'staff' });
          return { username: 'shop-staff', password };
        })(),
      );
      const apiShops = (await api.get('/api/shops', 'staff')).body.items as {
        id: number;
        name: string;
        orderCount: number;
        platform: string;
      }[];
      const alpha = apiShops.find((s) => s.name === 'Alpha Gadget Shop')!;
      const list = await get(target, '/admin/shops', staff.cookie);
      expect(list.status).toBe(200);
      expect(list.text).toContain('<h2 id="platform-Shopee">Shopee <span class="muted">(1 ร้าน)</span></h2>');
      expect(list.text).toContain(
        `<a href="/admin/shops/${alpha.id}">Alpha Gadget Shop</a></td><td class="num">${alpha.orderCount}</td>`,
      );
      expect(alpha.orderCount).toBe(6);

      const created = await submit(target, staff, '/admin/shops', { platform: 'Lazada', name: EVIL, sheetUrl: '' });
      expect(created.location).toBe('/admin/shops?notice=shop_created');
      expect(await actions(target, created.requestId)).toEqual(['shop.create']);
      const evil = ((await api.get('/api/shops', 'staff')).body.items as { id: number; name: string }[]).find(
        (s) => s.name === EVIL,
      )!;
      const shown = await get(target, '/admin/shops', staff.cookie);
      expect(shown.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(shown.text).not.toContain(EVIL);
      const dup = await submit(target, staff, '/admin/shops', { platform: 'Lazada', name: EVIL });
      expect(dup.status).toBe(409);
      expect(dup.text).toContain('<span class="field-error" id="f-name-error">มีร้านนี้ในแพลตฟอร์มนี้อยู่แล้ว</span>');

      const url = 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit';
      const badUrl = await submit(target, staff, `/admin/shops/${evil.id}`, {
        name: 'Lazada One',
        sheetUrl: `${url}\u202E`,
      });
      expect(badUrl.status).toBe(400);
      expect(badUrl.text).toContain(
        '<span class="field-error" id="f-sheetUrl-error">มีอักขระควบคุมหรืออักขระสลับทิศทางข้อความ (U+202E)',
      );
      const edit = await submit(target, staff, `/admin/shops/${evil.id}`, { name: 'Lazada One', sheetUrl: url });
      expect(edit.location).toBe(`/admin/shops/${evil.id}?notice=shop_saved`);
      expect(await actions(target, edit.requestId)).toEqual(['shop.update']);
      expect(
        ((await api.get('/api/shops', 'staff')).body.items as { id: number; name: string; sheetUrl: string }[]).find(
          (s) => s.id === evil.id,
        ),
      ).toMatchObject({ name: 'Lazada One', sheetUrl: url });

      // Deleting a shop is admin: staff see no button and get the 403 page.
      expect((await get(target, `/admin/shops/${evil.id}`, staff.cookie)).text).not.toContain('/delete"');
      expect((await submit(target, staff, `/admin/shops/${evil.id}/delete`, { confirmed: '1' })).status).toBe(403);
      const withOrders = await submit(target, admin, `/admin/shops/${alpha.id}/delete`, { confirmed: '1' });
      expect(withOrders.status).toBe(409);
      expect(withOrders.text).toContain('ไม่สามารถลบได้: มีออเดอร์ผูกกับร้านนี้อยู่');
      const del = await submit(target, admin, `/admin/shops/${evil.id}/delete`, { confirmed: '1' });
      expect(del.location).toBe('/admin/shops?notice=shop_deleted');
      expect(await actions(target, del.requestId)).toEqual(['shop.delete']);

      const sheet = 'https://docs.google.com/spreadsheets/d/1StockSheet0123456789abcdefghijklmnopq/edit';
      const notSheet = await submit(target, staff, '/admin/shops/sheet-urls/stock', {
        url: 'https://example.com/not-a-sheet',
      });
      expect(notSheet.status).toBe(400);
      expect(notSheet.text).toContain('ลิงก์ Google Sheet ไม่ถูกต้อง');
      const saved = await submit(target, staff, '/admin/shops/sheet-urls/stock', { url: sheet });
      expect(saved.location).toBe('/admin/shops?notice=sheet_url_saved');
      expect(await actions(target, saved.requestId)).toEqual(['settings.sheet_url_save']);
      const sources = (await api.get('/api/settings/sheet-urls', 'staff')).body.items as {
        source: string;
        url: string | null;
      }[];
      expect(sources.find((s) => s.source === 'stock')!.url).toBe(sheet);
      expect((await get(target, '/admin/shops', staff.cookie)).text).toContain(`value="${sheet}"`);
      const removed = await submit(target, staff, '/admin/shops/sheet-urls/stock/delete', { confirmed: '1' });
      expect(removed.location).toBe('/admin/shops?notice=sheet_url_deleted');
      expect(
        (
          (await api.get('/api/settings/sheet-urls', 'staff')).body.items as { source: string; url: string | null }[]
        ).find((s) => s.source === 'stock')!.url,
      ).toBeNull();
      expect((await submit(target, staff, '/admin/shops/sheet-urls/nowhere', { url: sheet })).status).toBe(404);
    });

    it('holidays: added by picker date or dd/mm/BBBB, shown dd/mm/BBBB, removed; the API sees the same list', async () => {
      const picked = await submit(target, admin, '/admin/holidays', { date: '2025-04-14' });
      expect(picked.location).toBe('/admin/holidays?notice=holiday_added');
      expect(await actions(target, picked.requestId)).toEqual(['settings.holidays']);
      expect((await submit(target, admin, '/admin/holidays', { date: '13/04/2568' })).status).toBe(303);
      expect((await api.get('/api/admin/holidays')).body.holidays).toEqual(['2025-04-13', '2025-04-14']);
      const page = await get(target, '/admin/holidays', admin.cookie);
      expect(page.text).toContain(
        '<td>13/04/2568</td><td>วันอาทิตย์ <span class="badge badge-neutral">วันหยุดสุดสัปดาห์</span></td>',
      );
      expect(page.text).toContain('<td>14/04/2568</td><td>วันจันทร์ </td>');
      const dup = await submit(target, admin, '/admin/holidays', { date: '14/04/2568' });
      expect(dup.status).toBe(400);
      expect(dup.text).toContain('14/04/2568 อยู่ในรายการวันหยุดแล้ว');
      expect((await submit(target, admin, '/admin/holidays', { date: '31/02/2568' })).text).toContain(
        '<span class="field-error" id="f-date-error">วันที่ไม่ถูกต้อง',
      );
      const removed = await submit(target, admin, '/admin/holidays/delete', { date: '2025-04-13' });
      expect(removed.location).toBe('/admin/holidays?notice=holiday_removed');
      expect((await api.get('/api/admin/holidays')).body.holidays).toEqual(['2025-04-14']);
      expect((await submit(target, admin, '/admin/holidays/delete', { date: '2025-04-13' })).status).toBe(404);
    });

    it('clear: the preview counts the API counts, the typed name and the single-use token, the pre_clear backup named; then restored from it, the counts back on the status page', async () => {
      const before = (await api.get('/api/admin/system-status')).body.tables as Record<string, number>;
      expect(before.orders).toBe(6);
      const status = await get(target, '/admin/system-status', admin.cookie);
      expect(countIn(status.text, 'orders')).toBe(6);
      expect(countIn(status.text, 'order_lines')).toBe(before.order_lines);

      const noTargets = await submit(target, admin, '/admin/clear/preview', {
        scope: 'date_range',
        dateFrom: '2025-01-01',
        dateTo: '2025-01-31',
      });
      expect(noTargets.status).toBe(400);
      expect(noTargets.text).toContain('<span class="field-error" id="f-targets-error">ต้องเลือกอย่างน้อยหนึ่งรายการ');
      const reversed = await submit(target, admin, '/admin/clear/preview', {
        scope: 'date_range',
        dateFrom: '2025-02-01',
        dateTo: '2025-01-01',
        targets: ['orders'],
      });
      expect(reversed.text).toContain('<span class="field-error" id="f-dateFrom-error">วันที่เริ่มต้องไม่อยู่หลังวันที่สิ้นสุด</span>');

      const preview = await submit(target, admin, '/admin/clear/preview', { scope: 'all' });
      expect(preview.status).toBe(200);
      expect(preview.text).toContain('คุณแน่ใจหรือไม่ว่าต้องการล้างข้อมูล?');
      const apiPreview = (await api.post('/api/admin/clear/preview', { scope: 'all' })).body as {
        counts: Record<string, number>;
      };
      for (const [table, n] of Object.entries(apiPreview.counts)) expect(countIn(preview.text, table), table).toBe(n);
      expect(await actions(target, preview.requestId)).toEqual([]);
      const token = hidden(preview.text, 'confirmToken')!;

      const mistyped = await submit(target, admin, '/admin/clear', {
        scope: 'all',
        confirmToken: token,
        typed: 'everything',
      });
      expect(mistyped.status).toBe(400);
      expect(mistyped.text).toContain('<span class="field-error" id="f-typed-error">พิมพ์ไม่ตรงกับ all กรุณาพิมพ์ใหม่</span>');
      expect((await api.get('/api/admin/system-status')).body.tables.orders).toBe(6);

      const cleared = await submit(target, admin, '/admin/clear', { scope: 'all', confirmToken: token, typed: 'all' });
      expect(cleared.status).toBe(200);
      expect(cleared.text).toContain('<h1>ล้างข้อมูลแล้ว</h1>');
      const backup = backupNameIn(cleared.text)!;
      expect(backup).toMatch(/^backup_pre_clear_\d{8}T\d{6}Z_[a-z0-9]{6}\.(db|ndjson\.gz)$/);
      expect(countIn(cleared.text, 'orders')).toBe(6);
      expect(await actions(target, cleared.requestId)).toEqual(['data.clear']);
      expect((await api.get('/api/admin/backups')).body.items.map((b: { name: string }) => b.name)).toContain(backup);
      const reused = await submit(target, admin, '/admin/clear', { scope: 'all', confirmToken: token, typed: 'all' });
      expect(reused.status).toBe(409);
      expect(reused.text).toContain('confirmToken นี้ถูกใช้ไปแล้ว');
      expect(countIn((await get(target, '/admin/system-status', admin.cookie)).text, 'orders')).toBe(0);

      // The result links to the restore of its backup: a dry run first, which changes nothing.
      expect(cleared.text).toContain(`href="/admin/backups/${encodeURIComponent(backup)}/restore"`);
      const check = await submit(target, admin, `/admin/backups/${encodeURIComponent(backup)}/restore`, {
        step: 'check',
      });
      expect(check.status).toBe(200);
      expect(check.text).toContain('ผลการตรวจสอบ (Dry run): ไฟล์ถูกต้อง กู้คืนได้');
      expect(countIn(check.text, 'orders', 0)).toBe(6);
      expect(countIn(check.text, 'orders', 1)).toBe(0);
      expect(await actions(target, check.requestId)).toEqual([]);
      const unticked = await submit(target, admin, `/admin/backups/${encodeURIComponent(backup)}/restore`, {
        step: 'apply',
      });
      expect(unticked.status).toBe(400);
      expect(unticked.text).toContain('<span class="field-error" id="f-confirmed-error">กรุณาติ๊กยืนยันก่อนกู้คืน</span>');
      expect((await api.get('/api/admin/system-status')).body.tables.orders).toBe(0);

      const restored = await submit(target, admin, `/admin/backups/${encodeURIComponent(backup)}/restore`, {
        step: 'apply',
        confirmed: '1',
      });
      expect(restored.status).toBe(200);
      expect(restored.text).toContain(`กู้คืนข้อมูลจาก ${backup} แล้ว`);
      expect(backupNameIn(restored.text)).toMatch(/^backup_pre_restore_/);
      expect(await actions(target, restored.requestId)).toEqual(['data.restore']);
      const after = (await api.get('/api/admin/system-status')).body.tables as Record<string, number>;
      const statusAfter = await get(target, '/admin/system-status', admin.cookie);
      for (const table of ['orders', 'order_lines', 'shops', 'imports']) {
        expect(after[table], table).toBe(before[table]);
        expect(countIn(statusAfter.text, table), table).toBe(before[table]);
      }
    });

    it('backups: take one now, download it (the same bytes as the API), delete; the export; restore from an upload with its dry run first', async () => {
      const taken = await submit(target, admin, '/admin/backups', { format: 'ndjson' });
      expect(taken.location).toBe('/admin/backups?notice=backup_created');
      expect(await actions(target, taken.requestId)).toEqual(['backup.create']);
      const newest = (await api.get('/api/admin/backups')).body.items[0] as { name: string; kind: string };
      expect(newest).toMatchObject({ kind: 'manual' });
      expect(newest.name).toMatch(/\.ndjson\.gz$/);
      const list = await get(target, '/admin/backups', admin.cookie);
      expect(list.text).toContain(`<code class="backup-name">${newest.name}</code>`);
      expect(list.text).toContain(`href="/admin/backups/${newest.name}/download"`);

      const requestId = newRequestId();
      const file = await target.fetch(`/admin/backups/${newest.name}/download`, {
        headers: { cookie: admin.cookie, 'x-request-id': requestId },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${newest.name}"`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      expect(JSON.parse(gunzipSync(bytes).toString('utf8').split('\n')[0])).toMatchObject({
        format: 'wms-export',
        version: 1,
      });
      expect(await actions(target, requestId)).toEqual(['backup.download']);
      const viaApi = await target.fetch(`/api/admin/backups/${newest.name}`, {
        headers: { authorization: `Bearer ${await api.token('admin')}` },
      });
      expect(Buffer.from(await viaApi.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

      const exported = await target.fetch('/admin/export', { headers: { cookie: admin.cookie } });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toMatch(
        /^attachment; filename="export_\d{8}T\d{6}Z\.ndjson\.gz"$/,
      );
      const exportBytes = new Uint8Array(await exported.arrayBuffer());

      // Restore from the uploaded export: the dry run reports, the real restore needs the same file.
      const check = await upload(
        target,
        admin,
        '/admin/restore',
        { bytes: exportBytes, name: 'export.ndjson.gz' },
        { step: 'check' },
      );
      expect(check.status).toBe(200);
      expect(check.text).toContain('ผลการตรวจสอบ (Dry run): ไฟล์ถูกต้อง กู้คืนได้');
      expect(countIn(check.text, 'orders', 0)).toBe(6);
      const sha256 = hidden(check.text, 'sha256')!;
      expect(sha256).toMatch(/^[0-9a-f]{64}$/);
      const other = await upload(
        target,
        admin,
        '/admin/restore',
        { bytes, name: newest.name },
        { step: 'apply', sha256, confirmed: '1' },
      );
      expect(other.status).toBe(400);
      expect(other.text).toContain('ไฟล์ที่เลือกไม่ใช่ไฟล์เดียวกับที่ตรวจสอบแล้ว');
      const broken = await upload(
        target,
        admin,
        '/admin/restore',
        { bytes: exportBytes.slice(0, exportBytes.length - 40), name: 'cut.ndjson.gz' },
        { step: 'check' },
      );
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(broken.text).toContain('ผลการตรวจสอบ (Dry run): กู้คืนไม่ได้ ไม่มีข้อมูลใดถูกเปลี่ยน');
      expect(broken.text).not.toContain('name="step" value="apply"');
      const applied = await upload(
        target,
        admin,
        '/admin/restore',
        { bytes: exportBytes, name: 'export.ndjson.gz' },
        { step: 'apply', sha256, confirmed: '1' },
      );
      expect(applied.status).toBe(200);
      expect(applied.text).toContain('กู้คืนข้อมูลจาก export.ndjson.gz แล้ว');
      expect(await actions(target, applied.requestId)).toEqual(['data.restore']);
      expect((await api.get('/api/admin/system-status')).body.tables.orders).toBe(6);

      const ask = await submit(target, admin, `/admin/backups/${newest.name}/delete`);
      expect(ask.text).toContain(`ลบไฟล์สำรอง ${newest.name}?`);
      const del = await submit(target, admin, `/admin/backups/${newest.name}/delete`, { confirmed: '1' });
      expect(del.location).toBe('/admin/backups?notice=backup_deleted');
      expect(await actions(target, del.requestId)).toEqual(['backup.delete']);
      expect((await get(target, `/admin/backups/${newest.name}/download`, admin.cookie)).status).toBe(404);
      expect((await get(target, '/admin/backups/..%2F..%2Fetc%2Fpasswd/download', admin.cookie)).status).toBe(400);
    });

    it('downloads from the pages are exports under the same limits: one at a time per account, a Thai page with Retry-After', async () => {
      const backup = ((await api.get('/api/admin/backups')).body.items as { name: string }[])[0].name;
      // As the API suite holds an export: its first read held at the libSQL test server, its body unread.
      const gate = target.hold?.(/SELECT name FROM sqlite_master WHERE type = 'table'"/);
      const held = await target.fetch('/admin/export', { headers: { cookie: admin.cookie } });
      expect(held.status).toBe(200);
      for (const path of [`/admin/backups/${backup}/download`, '/admin/export', '/api/admin/export']) {
        const refused = await get(target, path, admin.cookie);
        expect(refused.status, path).toBe(429);
        expect(Number(refused.headers.get('retry-after')), path).toBeGreaterThan(0);
        if (!path.startsWith('/api/')) expect(refused.text, path).toContain('บัญชีนี้มีการส่งออกข้อมูลที่ยังทำงานอยู่');
      }
      gate?.release();
      await held.arrayBuffer();
      const after = await target.fetch(`/admin/backups/${backup}/download`, { headers: { cookie: admin.cookie } });
      expect(after.status).toBe(200);
      await after.arrayBuffer();
    });

    it('audit: who did what, filtered by user, action and dates; paged with the cursor exactly as the API pages', async () => {
      const page = await get(target, '/admin/audit?action=data.clear', admin.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('1 รายการที่ตรงเงื่อนไข');
      expect(page.text).toMatch(
        /<td>admin<span class="hint">Admin \(ผู้ดูแลระบบ\)<\/span><\/td><td>ล้างข้อมูล <span class="badge badge-success">สำเร็จ<\/span>/,
      );
      const byUser = await get(target, `/admin/audit?userId=${adminId}&action=user.create`, admin.cookie);
      expect(byUser.text).toContain('สร้างผู้ใช้');
      expect(byUser.text).toContain('nid.packer');

      for (let i = 0; i < 55; i++)
        await api.put('/api/admin/holidays', { holidays: [`2026-01-${String((i % 28) + 1).padStart(2, '0')}`] });
      const apiFirst = (await api.get('/api/admin/audit?action=settings.holidays&limit=50')).body as {
        items: { id: number }[];
        nextCursor: number;
        total: number;
      };
      const first = await get(target, '/admin/audit?action=settings.holidays', admin.cookie);
      const ids = (text: string) => [...text.matchAll(/ของรายการ (\d+)/g)].map((m) => Number(m[1]));
      expect(ids(first.text)).toEqual(apiFirst.items.map((e) => e.id));
      const nextHref = /<a href="([^"]+)" rel="next">รายการเก่ากว่า<\/a>/.exec(first.text)![1].replaceAll('&amp;', '&');
      expect(nextHref).toBe(`/admin/audit?action=settings.holidays&cursor=${apiFirst.nextCursor}`);
      const second = await get(target, nextHref, admin.cookie);
      const apiSecond = (
        await api.get(`/api/admin/audit?action=settings.holidays&limit=50&cursor=${apiFirst.nextCursor}`)
      ).body as { items: { id: number }[] };
      expect(ids(second.text)).toEqual(apiSecond.items.map((e) => e.id));
      expect(ids(first.text).length + ids(second.text).length).toBe(apiFirst.total);
      expect(second.text).not.toContain('rel="next"');

      const future = await get(target, '/admin/audit?from=2099-01-01', admin.cookie);
      expect(future.text).toContain('0 รายการที่ตรงเงื่อนไข');
      const reversed = await get(target, '/admin/audit?from=2025-02-01&to=2025-01-01', admin.cookie);
      expect(reversed.status).toBe(400);
      expect(reversed.text).toContain('<span class="field-error" id="f-from-error">วันที่เริ่มต้องไม่อยู่หลังวันที่สิ้นสุด</span>');
    });

    it('system status: where the data is, that it survives a deploy, the schema, backups, every table; a pending migration shows its button', async () => {
      const s = (await api.get('/api/admin/system-status')).body;
      const page = await get(target, '/admin/system-status', admin.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('ข้อมูลอยู่รอดหลัง deploy');
      expect(page.text).toContain(`<code>${s.storage.location}</code>`);
      expect(page.text).toContain(`<code>${s.schema.current}</code>`);
      for (const [table, n] of Object.entries(s.tables as Record<string, number>)) {
        if (table !== 'audit_log' && table !== 'login_attempts') expect(countIn(page.text, table), table).toBe(n);
      }
      expect(page.text).toContain('<code>JWT_SECRET</code></th><td><code class="url">not set</code>');
      expect(page.text).not.toContain(ADMIN_PASSWORD);

      // A pending migration (its journal row gone, as on a database a newer build has not
      // migrated yet): the other pages answer 503, this one shows what is pending and the button.
      const journal = await target.sql.execute(
        'SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1',
      );
      const last = journal.rows[0];
      await target.sql.execute({ sql: 'DELETE FROM __drizzle_migrations WHERE id = ?', args: [last.id] });
      try {
        const pending = await get(target, '/admin/system-status', admin.cookie);
        expect(pending.status).toBe(200);
        expect(pending.text).toContain('มี migration ค้าง 1 รายการ');
        expect(pending.text).toContain('<form method="post" action="/admin/migrations/apply"');
        const blocked = await get(target, '/admin/users', admin.cookie);
        expect(blocked.status).toBe(503);
        expect(blocked.text).toContain('migration ค้างอยู่');
        expect((await get(target, '/login')).status).not.toBe(503);
      } finally {
        await target.sql.execute({
          sql: 'INSERT INTO __drizzle_migrations (id, hash, created_at) VALUES (?, ?, ?)',
          args: [last.id, last.hash, last.created_at],
        });
      }
      expect((await get(target, '/admin/users', admin.cookie)).status).toBe(200);
      const none = await submit(target, admin, '/admin/migrations/apply');
      expect(none.status).toBe(200);
      expect(none.text).toContain('ไม่มี migration ค้าง');
    });

    it('role rules: a user gets the 403 page on every admin page; staff on every one but the shop pages', async () => {
      const password = randomPassword();
      for (const [username, role] of [
        ['role-user', 'user'],
        ['role-staff', 'staff'],
      ] as const) {
        await api.post('/api/admin/users', { username, password, role });
      }
      const user = await signIn(target, { username: 'role-user', password });
      const staff = await signIn(target, { username: 'role-staff', password });
      const shopId = ((await api.get('/api/shops', 'staff')).body.items as { id: number }[])[0].id;
      const backup = ((await api.get('/api/admin/backups')).body.items as { name: string }[])[0].name;
      const pages = [
        '/admin',
        '/admin/users',
        `/admin/users/${adminId}`,
        '/admin/shops',
        `/admin/shops/${shopId}`,
        '/admin/holidays',
        '/admin/clear',
        '/admin/backups',
        `/admin/backups/${backup}/restore`,
        `/admin/backups/${backup}/download`,
        '/admin/export',
        '/admin/system-status',
        '/admin/audit',
      ];
      for (const path of pages) {
        const asUser = await get(target, path, user.cookie);
        expect(asUser.status, path).toBe(403);
        expect(asUser.text, path).toContain('<h1 id="error-title">ไม่มีสิทธิ์เข้าถึงหน้านี้</h1>');
        expect(asUser.text, path).not.toContain('href="/admin');
        const asStaff = await get(target, path, staff.cookie);
        expect(asStaff.status, path).toBe(path.startsWith('/admin/shops') ? 200 : 403);
      }
      // Forms refuse the same way, and nothing is written.
      const refused = await submit(target, user, '/admin/users', {
        username: 'sneaky',
        role: 'admin',
        password,
        confirmPassword: password,
      });
      expect(refused.status).toBe(403);
      expect(await actions(target, refused.requestId)).toEqual(['access.denied']);
      expect(
        ((await api.get('/api/admin/users')).body.items as { username: string }[]).some((u) => u.username === 'sneaky'),
      ).toBe(false);
      expect((await submit(target, staff, '/admin/clear', { scope: 'all', typed: 'all' })).status).toBe(403);
      expect((await get(target, '/admin', admin.cookie)).text).toContain('<a href="/admin/users">จัดการผู้ใช้งาน</a>');
    });
  });
}
