// The daily pages over HTTP, on every target (file, remote, worker), as a browser without
// script meets them: the dashboard shows the API's numbers, the orders pages act through the
// same services with the API's roles and the spec's confirmations, products and stock show the
// allocation of the chapter's example A, an import is checked first and then imported from the
// held file, and the scan station finds an order typed with the Thai keyboard layout. Nothing
// depends on the clock (the worker cannot set it): the seeded orders are all of 2025.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { createAccount, type Account } from '../support/auth-helpers';
import { sample } from '../support/samples';
import { seed, type Seeded } from '../support/seed';
import { thaiKeysFromLatin } from '../../src/domain/scan-keys';
import { csrfField, get, signIn, type Browser, type PageResponse } from './pages.suite';
import type { Target } from '../support/targets';

const EVIL = '<script>alert(1)</script>';

/** A form post with repeated fields (`ids`), as a browser sends it. */
async function postForm(target: Target, path: string, fields: [string, string][], who: Browser): Promise<PageResponse> {
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
    body: new URLSearchParams([['_csrf', who.csrf], ...fields]).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

async function postFile(
  target: Target,
  path: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array } | null,
  who: Browser,
): Promise<PageResponse> {
  const form = new FormData();
  form.set('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file)
    form.set('file', new Blob([new Uint8Array(file.bytes).buffer as ArrayBuffer], { type: 'text/csv' }), file.name);
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { cookie: who.cookie },
    body: form,
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

/** `data-card="CODE"` -> the orders number the card shows. */
function cardNumbers(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-card="([A-Z_0-9]+)"[\s\S]*?data-orders="(\d+)"/g)) out[m[1]] = Number(m[2]);
  return out;
}

/** The text of the cells of the table row whose first cell contains `key`. */
function rowCells(html: string, key: string): string[] {
  for (const row of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      c[1].replace(/<[^>]+>/g, '').trim(),
    );
    if (cells[0]?.includes(key)) return cells;
  }
  return [];
}

/** What a person reads: tags gone, entities back to characters, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

export function defineDailyPagesSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`daily pages [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    let s: Seeded;
    const who = {} as Record<'user' | 'staff' | 'admin', Browser>;
    const accounts = {} as Record<'user' | 'staff' | 'admin', Account>;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      for (const role of ['user', 'staff', 'admin'] as const) {
        accounts[role] = await createAccount(api, role, `daily-${role}`);
        who[role] = await signIn(target, accounts[role]);
      }
      // Example A (docs/domain/allocation.md#example-a-priority-and-the-threshold) on SKU EXA-A;
      // every other test has its own orders.
      s = await seed(target, {
        stock: { 'EXA-A': 10, 'DP-B': 100, 'DP-SCAN': 5 },
        products: [
          { sku: 'EXA-A', brand: 'Example', name: 'สินค้าตัวอย่าง A' },
          { sku: 'DP-B', brand: 'Daily', name: EVIL },
        ],
        orders: [
          {
            platform: 'Lazada',
            shop: 'Lz One',
            orderNo: 'A-L1',
            orderTime: '2025-03-03 09:00',
            lines: [{ sku: 'EXA-A', qty: 2 }],
          },
          {
            platform: 'Shopee',
            shop: 'Sp One',
            orderNo: 'A-L2',
            orderTime: '2025-03-03 10:00',
            lines: [{ sku: 'EXA-A', qty: 3 }],
          },
          {
            platform: 'TikTok',
            shop: 'Tt One',
            orderNo: 'A-L3',
            orderTime: '2025-03-03 08:00',
            lines: [{ sku: 'EXA-A', qty: 4 }],
          },
          {
            platform: 'Shopee',
            shop: 'Sp One',
            orderNo: 'A-L4',
            orderTime: '2025-03-03 11:00',
            lines: [{ sku: 'EXA-A', qty: 2 }],
          },
          { platform: 'Shopee', shop: 'Shop <b>B</b>', orderNo: 'DP-1', lines: [{ sku: 'DP-B', qty: 1 }] },
          { platform: 'Shopee', shop: 'Shop <b>B</b>', orderNo: 'DP-2', lines: [{ sku: 'DP-B', qty: 1 }] },
          { platform: 'Shopee', shop: 'Shop <b>B</b>', orderNo: 'DP-3', lines: [{ sku: 'DP-B', qty: 1 }] },
          { platform: 'Shopee', shop: 'Shop <b>B</b>', orderNo: 'DP-4', lines: [{ sku: 'DP-B', qty: 1 }] },
          { platform: 'Shopee', shop: 'Shop <b>B</b>', orderNo: 'DP-5', lines: [{ sku: 'DP-B', qty: 1 }] },
          {
            platform: 'Shopee',
            shop: 'Shop <b>B</b>',
            orderNo: 'DP-6',
            issued: true,
            lines: [{ sku: 'DP-B', qty: 1 }],
          },
          { platform: 'Shopee', shop: 'Scan Shop', orderNo: '1234', lines: [{ sku: 'DP-SCAN', qty: 1 }] },
          { platform: 'Shopee', shop: 'Scan Shop', orderNo: '261204T7NT2X01', lines: [{ sku: 'DP-SCAN', qty: 1 }] },
        ],
      });
    });
    afterAll(async () => {
      await target?.close();
    });

    const line = (orderNo: string, sku: string) => s.line(orderNo, sku);
    const apiLine = async (orderNo: string, sku: string) =>
      (await api.get(`/api/orders/${line(orderNo, sku)}`, 'user')).body.line;
    const auditCount = async (action: string) =>
      Number(
        (await target.sql.execute({ sql: 'SELECT count(*) AS n FROM audit_log WHERE action = ?', args: [action] }))
          .rows[0].n,
      );

    it('the dashboard shows the API numbers on every card, with and without filters, and the piles worked by hand', async () => {
      const page = await get(target, '/', who.user.cookie);
      expect(page.status).toBe(200);
      const shown = cardNumbers(page.text);
      const fromApi = (await api.get('/api/dashboard', 'user')).body.cards as Record<string, { orders: number }>;
      expect(Object.keys(shown).sort()).toEqual(Object.keys(fromApi).sort());
      for (const [code, card] of Object.entries(fromApi)) expect(shown[code], code).toBe(card.orders);
      // By hand: กอง 1 = A-L2, A-L4 (example A: ready), DP-1..DP-5 (100 on hand), 1234 (DP-SCAN
      // 5 -> 4); กอง 2 = A-L3 (5 - 4 = 1 left) and 261204T7NT2X01 (4 - 1 = 3 left: low,
      // docs/domain/allocation.md#consumption; after 1234 by order number); กอง 3 = A-L1 (not
      // enough); DP-6 is issued, in no pile; 12 pending in all.
      expect([shown.ORDER_READY, shown.ORDER_LOW_STOCK, shown.ORDER_PROBLEM, shown.TOTAL]).toEqual([8, 2, 1, 12]);
      // Every card leads into the orders list filtered by its code.
      expect(page.text).toContain('href="/orders?status=ORDER_READY"');
      // The charts: all 12 pending orders are of 2025, long overdue; stock trouble as the piles.
      expect(text(page.text)).toContain('งานค้าง: เลยกำหนด 12 ออเดอร์ ครบกำหนดวันนี้ 0 ออเดอร์ พรุ่งนี้ 0 ออเดอร์');
      expect(text(page.text)).toContain(
        'ปัญหาสต็อก: กอง 2: สินค้าน้อย 2 ออเดอร์ กอง 3: ไม่มีสินค้า 0 ออเดอร์ กอง 3: ไม่พอส่ง 1 ออเดอร์',
      );

      for (const query of [
        'platform=Lazada',
        'due=overdue',
        'due=today',
        'q=DP-',
        'shop=Scan%20Shop',
        'mode=all_time',
      ]) {
        const filtered = cardNumbers((await get(target, `/?${query}`, who.user.cookie)).text);
        const cards = (await api.get(`/api/dashboard?${query}`, 'user')).body.cards as Record<
          string,
          { orders: number }
        >;
        for (const [code, card] of Object.entries(cards)) expect(filtered[code], `${query} ${code}`).toBe(card.orders);
      }
      expect(cardNumbers((await get(target, '/?platform=Lazada', who.user.cookie)).text).TOTAL).toBe(1);
      expect(cardNumbers((await get(target, '/?due=today', who.user.cookie)).text).TOTAL).toBe(0);
      // A value the API would refuse is dropped with a note: still a page, never a 400.
      const bad = await get(target, '/?platform=Amazon&due=soon', who.user.cookie);
      expect(bad.status).toBe(200);
      expect(bad.text).toContain('ไม่รู้จักแพลตฟอร์ม');
    });

    it('every orders view answers, with the summary of GET /api/orders and escaped shop names', async () => {
      for (const [path, view] of [
        ['/orders', 'pending'],
        ['/orders/all', 'all'],
        ['/orders/issued', 'issued'],
        ['/orders/cancelled', 'cancelled'],
        ['/orders/packed', 'packed'],
        ['/orders/trash', 'trash'],
      ]) {
        const page = await get(target, path, who.user.cookie);
        expect(page.status, path).toBe(200);
        const summary = (await api.get(`/api/orders?view=${view}`, 'user')).body.summary;
        expect(/data-summary-orders="(\d+)"/.exec(page.text)?.[1], path).toBe(String(summary.orders));
        expect(/data-summary-rows="(\d+)"/.exec(page.text)?.[1], path).toBe(String(summary.rows));
      }
      const pending = await get(target, '/orders?q=DP-', who.user.cookie);
      expect(pending.text).toContain('Shop &lt;b&gt;B&lt;/b&gt;');
      expect(pending.text).not.toContain('<b>B</b>');
      expect(pending.text).not.toContain(EVIL);
      expect(pending.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      // The issued order is on the issued view, with its issue date column.
      const issued = await get(target, '/orders/issued', who.user.cookie);
      expect(issued.text).toContain('>DP-6<');
      expect(issued.text).toContain('วันที่จ่ายงาน');
    });

    it('bulk accept through the form: the eligible orders are accepted, the rest listed with the reason; one audit row', async () => {
      const before = await auditCount('order.accept');
      const res = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders?q=DP-'],
          ['action', 'accept'],
          ['ids', String(line('DP-1', 'DP-B'))],
          ['ids', String(line('DP-2', 'DP-B'))],
          ['ids', String(line('A-L3', 'EXA-A'))],
        ],
        who.user,
      );
      expect(res.status).toBe(200);
      expect(text(res.text)).toContain('กดรับงานแล้ว 2 ออเดอร์ (2 รายการ)');
      expect(text(res.text)).toContain('A-L3: ไม่อยู่ในกอง 1');
      expect(res.text).toContain('data-replace-url="/orders?q=DP-"');
      expect(await auditCount('order.accept')).toBe(before + 1);
      expect(await apiLine('DP-1', 'DP-B')).toMatchObject({ status: 'ACCEPTED', acceptedBy: accounts.user.username });
      expect(await apiLine('DP-2', 'DP-B')).toMatchObject({ status: 'ACCEPTED' });
      expect(await apiLine('A-L3', 'EXA-A')).toMatchObject({ status: 'LOW_STOCK', accepted: false });

      // A row's own button (ถอย) acts on its line alone.
      const back = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['row', `unaccept:${line('DP-2', 'DP-B')}`],
        ],
        who.user,
      );
      expect(text(back.text)).toContain('ยกเลิกรับแล้ว 1 ออเดอร์ (1 รายการ)');
      expect(await apiLine('DP-2', 'DP-B')).toMatchObject({ status: 'READY_ACCEPT', accepted: false });

      const none = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['action', 'accept'],
        ],
        who.user,
      );
      expect(none.status).toBe(400);
      expect(none.text).toContain('กรุณาเลือกรายการอย่างน้อย 1 รายการ');
    });

    it('every line that matches the filters: asked first with the count, then done', async () => {
      const ask = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders?q=DP-3'],
          ['action', 'accept'],
          ['scope', 'all'],
        ],
        who.user,
      );
      expect(ask.status).toBe(200);
      expect(text(ask.text)).toContain('ทำรายการ "กดรับงาน" กับทั้งหมด 1 ออเดอร์ที่ตรงกับตัวกรอง?');
      expect((await apiLine('DP-3', 'DP-B')).accepted).toBe(false);
      const done = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders?q=DP-3'],
          ['action', 'accept'],
          ['scope', 'all'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(text(done.text)).toContain('กดรับงานแล้ว 1 ออเดอร์');
      expect((await apiLine('DP-3', 'DP-B')).status).toBe('ACCEPTED');
    });

    it('cancel needs a reason; with one it asks, then cancels with the reason kept as text', async () => {
      const id = String(line('DP-4', 'DP-B'));
      const missing = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['action', 'cancel'],
          ['ids', id],
          ['reason', '  '],
        ],
        who.user,
      );
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('กรุณาระบุสาเหตุการยกเลิก');
      const reason = 'ลูกค้า <b>ขอยกเลิก</b>';
      const ask = await postForm(
        target,
        '/orders/actions',
        [
          ['back', `/orders/${id}`],
          ['action', 'cancel'],
          ['ids', id],
          ['reason', reason],
        ],
        who.user,
      );
      expect(text(ask.text)).toContain('ยืนยันยกเลิก 1 ออเดอร์?');
      expect(ask.text).toContain('ลูกค้า &lt;b&gt;ขอยกเลิก&lt;/b&gt;');
      const done = await postForm(
        target,
        '/orders/actions',
        [
          ['back', `/orders/${id}`],
          ['action', 'cancel'],
          ['ids', id],
          ['reason', reason],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(done.status).toBe(200);
      expect(text(done.text)).toContain('ยกเลิก Order แล้ว 1 ออเดอร์');
      expect(await apiLine('DP-4', 'DP-B')).toMatchObject({
        status: 'CANCELLED',
        cancelled: true,
        cancelReason: reason,
      });
      // The line page: the marker, the reason (escaped) and the history of who did what.
      const detail = await get(target, `/orders/${id}`, who.user.cookie);
      expect(detail.text).toContain('สาเหตุ: ลูกค้า &lt;b&gt;ขอยกเลิก&lt;/b&gt;');
      expect(detail.text).not.toContain('<b>ขอยกเลิก</b>');
      expect(rowCells(detail.text, '/').slice(1, 3).join(' ')).toBe(`${accounts.user.username} ยกเลิก Order`);
    });

    it('trash and restore: the spec confirmations, the API roles (a user may not), the trash view', async () => {
      const id = String(line('DP-5', 'DP-B'));
      const denied = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['action', 'trash'],
          ['ids', id],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(denied.status).toBe(403);
      expect(denied.text).toContain('ไม่มีสิทธิ์');
      expect((await apiLine('DP-5', 'DP-B')).trashed).toBe(false);

      const ask = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['action', 'trash'],
          ['ids', id],
        ],
        who.staff,
      );
      expect(text(ask.text)).toContain('ยืนยันลบ 1 รายการ? (กู้คืนได้)');
      await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders'],
          ['action', 'trash'],
          ['ids', id],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect((await apiLine('DP-5', 'DP-B')).trashed).toBe(true);
      expect((await get(target, '/orders/trash', who.user.cookie)).text).toContain('>DP-5<');

      const restore = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders/trash'],
          ['action', 'restore'],
          ['ids', id],
        ],
        who.staff,
      );
      expect(text(restore.text)).toContain('ยืนยันกู้คืน 1 ออเดอร์ กลับไปหน้าหลัก?');
      await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders/trash'],
          ['action', 'restore'],
          ['ids', id],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect((await apiLine('DP-5', 'DP-B')).trashed).toBe(false);

      const unissue = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '/orders/issued'],
          ['action', 'unissue'],
          ['ids', String(line('DP-6', 'DP-B'))],
        ],
        who.staff,
      );
      expect(text(unissue.text)).toContain('ยืนยันยกเลิกจ่ายงาน 1 ออเดอร์?');
      // The list shows only the buttons the role may use.
      expect((await get(target, '/orders', who.user.cookie)).text).not.toContain('value="trash"');
      expect((await get(target, '/orders', who.staff.cookie)).text).toContain('value="trash"');
      // A `back` elsewhere is never followed.
      const away = await postForm(
        target,
        '/orders/actions',
        [
          ['back', '//evil.example/x'],
          ['action', 'accept'],
        ],
        who.user,
      );
      expect(away.text).toContain('data-replace-url="/orders"');
    });

    it('products and stock show on hand, allocated and free as example A allocates them; staff set stock through the form', async () => {
      // Example A: on hand 10; A-L2 (3), A-L4 (2), A-L3 (4) take 9; A-L1 (2) does not fit.
      for (const path of ['/products?q=EXA-A', '/stock?q=EXA-A']) {
        const page = await get(target, path, who.user.cookie);
        expect(page.status, path).toBe(200);
        const cells = rowCells(page.text, 'EXA-A');
        const numbers = cells.filter((c) => /^[\d,]+$/.test(c));
        expect(numbers.slice(0, 4), path).toEqual(['10', '9', '1', '11']);
      }
      expect((await get(target, '/products?q=DP-B', who.user.cookie)).text).toContain('&lt;script&gt;');

      const set = await postForm(
        target,
        '/stock',
        [
          ['sku', 'DP-NEW'],
          ['qty', '7'],
          ['back', '/stock?q=DP'],
        ],
        who.staff,
      );
      expect(set.status).toBe(303);
      expect(set.location).toBe('/stock?q=DP&notice=stock_saved');
      expect((await api.get('/api/stock?q=DP-NEW', 'user')).body.items).toMatchObject([{ sku: 'DP-NEW', qty: 7 }]);
      const bad = await postForm(
        target,
        '/stock',
        [
          ['sku', 'DP-NEW'],
          ['qty', '-1'],
        ],
        who.staff,
      );
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('จำนวนคงเหลือต้องเป็นจำนวนเต็ม');
      expect(
        (
          await postForm(
            target,
            '/stock',
            [
              ['sku', 'DP-NEW'],
              ['qty', '9'],
            ],
            who.user,
          )
        ).status,
      ).toBe(403);
      expect((await api.get('/api/stock?q=DP-NEW', 'user')).body.items[0].qty).toBe(7);
      // A user reads stock but gets no edit form.
      expect((await get(target, '/stock', who.user.cookie)).text).not.toContain('method="post" action="/stock"');
      expect((await get(target, '/stock', who.staff.cookie)).text).toContain('method="post" action="/stock"');
    });

    it('imports: a dry run writes nothing; confirming imports the held file; the result and the log are the API ones', async () => {
      const file = { name: 'products.csv', bytes: sample('products.csv') };
      const checked = await postFile(target, '/imports/products', { step: 'check', source: 'file' }, file, who.staff);
      expect(checked.status).toBe(200);
      expect(checked.text).toContain('ตรวจสอบแล้ว ไม่พบข้อผิดพลาด');
      expect(checked.text).toContain('data-import-status="validated"');
      expect((await api.get('/api/products?q=AL-CASE-001', 'user')).body.total).toBe(0);
      const held = /name="held" value="([^"]+)"/.exec(checked.text)?.[1];
      expect(held).toBeTruthy();

      const done = await postFile(
        target,
        '/imports/products',
        { step: 'commit', source: 'file', held: held! },
        null,
        who.staff,
      );
      expect(done.status).toBe(303);
      const id = /^\/imports\/products\/log\/(\d+)$/.exec(done.location ?? '')?.[1];
      expect(id).toBeTruthy();
      const log = await get(target, done.location!, who.staff.cookie);
      expect(log.text).toContain('นำเข้าสำเร็จ');
      // Sample run step 1 (docs/domain/imports.md#sample-run): products.csv adds 12 SKUs.
      expect(/data-counter="added"><dt>[^<]*<\/dt><dd>(\d+)</.exec(log.text)?.[1]).toBe('12');
      expect((await api.get(`/api/imports/${id}`, 'staff')).body.import).toMatchObject({
        status: 'committed',
        added: 12,
      });
      // The same token does not import twice.
      const again = await postFile(
        target,
        '/imports/products',
        { step: 'commit', source: 'file', held: held! },
        null,
        who.staff,
      );
      expect(again.status).toBe(409);
      expect(again.text).toContain('ไฟล์ที่ตรวจสอบไว้หมดเวลาแล้ว');
      // Another user cannot use it either (a new check, a new token, someone else).
      const other = await postFile(target, '/imports/products', { step: 'check', source: 'file' }, file, who.staff);
      const token = /name="held" value="([^"]+)"/.exec(other.text)![1];
      expect(
        (await postFile(target, '/imports/products', { step: 'commit', source: 'file', held: token }, null, who.admin))
          .status,
      ).toBe(409);

      // A file the kind cannot read: the Thai refusal on the page (422), and a log row.
      const wrong = await postFile(
        target,
        '/imports/stock',
        { step: 'check', source: 'file', mode: 'full' },
        file,
        who.staff,
      );
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('ใช้หัวคอลัมน์ได้');
      const list = (await api.get('/api/imports?kind=stock', 'staff')).body.items;
      expect(list[0]).toMatchObject({ status: 'failed', fileName: 'products.csv' });
      expect((await get(target, '/imports/stock', who.staff.cookie)).text).toContain('products.csv');
      // A user has no import pages, as no import API.
      expect((await get(target, '/imports/products', who.user.cookie)).status).toBe(403);
    });

    it('saved Sheet URLs and the log clear of an import page: staff only, asked first, the same services as the API', async () => {
      const url = 'https://docs.google.com/spreadsheets/d/1DailyPagesSheet0123456789abcdef/edit';
      const saved = await postForm(
        target,
        '/imports/stock/sheet-url',
        [
          ['op', 'save'],
          ['source', 'stock'],
          ['url', url],
        ],
        who.staff,
      );
      expect(saved.status).toBe(303);
      expect(saved.location).toBe('/imports/stock?notice=sheet_url_saved');
      const urls = (await api.get('/api/settings/sheet-urls', 'staff')).body.items as {
        source: string;
        url: string | null;
      }[];
      expect(urls.find((u) => u.source === 'stock')?.url).toBe(url);
      expect((await get(target, '/imports/stock', who.staff.cookie)).text).toContain(url);
      const bad = await postForm(
        target,
        '/imports/stock/sheet-url',
        [
          ['op', 'save'],
          ['source', 'stock'],
          ['url', 'not a sheet'],
        ],
        who.staff,
      );
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('ลิงก์ Google Sheet ไม่ถูกต้อง');
      // A source of another kind is not this page's.
      expect(
        (
          await postForm(
            target,
            '/imports/stock/sheet-url',
            [
              ['op', 'save'],
              ['source', 'products'],
              ['url', url],
            ],
            who.staff,
          )
        ).status,
      ).toBe(400);
      const ask = await postForm(
        target,
        '/imports/stock/sheet-url',
        [
          ['op', 'delete'],
          ['source', 'stock'],
        ],
        who.staff,
      );
      expect(text(ask.text)).toContain('ลบลิงก์ที่บันทึกไว้ของ สต็อก?');
      expect(
        (
          await postForm(
            target,
            '/imports/stock/sheet-url',
            [
              ['op', 'delete'],
              ['source', 'stock'],
              ['confirmed', '1'],
            ],
            who.staff,
          )
        ).location,
      ).toBe('/imports/stock?notice=sheet_url_deleted');
      expect(
        (
          (await api.get('/api/settings/sheet-urls', 'staff')).body.items as { source: string; url: string | null }[]
        ).find((u) => u.source === 'stock')?.url,
      ).toBeNull();

      // Log clear: this kind's log only, after a question.
      const before = (await api.get('/api/imports?kind=stock', 'staff')).body.total as number;
      expect(before).toBeGreaterThan(0);
      const products = (await api.get('/api/imports?kind=products', 'staff')).body.total as number;
      const question = await postForm(target, '/imports/stock/logs/clear', [['scope', 'all']], who.staff);
      expect(text(question.text)).toContain('ล้างประวัติการนำเข้าทั้งหมดของ นำเข้า: สต็อก – Sabuy Soft?');
      expect((await api.get('/api/imports?kind=stock', 'staff')).body.total).toBe(before);
      const cleared = await postForm(
        target,
        '/imports/stock/logs/clear',
        [
          ['scope', 'all'],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect(cleared.location).toBe('/imports/stock?notice=logs_cleared');
      expect((await api.get('/api/imports?kind=stock', 'staff')).body.total).toBe(0);
      expect((await api.get('/api/imports?kind=products', 'staff')).body.total).toBe(products);
      const range = await postForm(
        target,
        '/imports/stock/logs/clear',
        [
          ['scope', 'range'],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect(range.status).toBe(400);
      expect(range.text).toContain('กรุณาระบุช่วงวันที่');
      expect(
        (
          await postForm(
            target,
            '/imports/stock/logs/clear',
            [
              ['scope', 'all'],
              ['confirmed', '1'],
            ],
            who.user,
          )
        ).status,
      ).toBe(403);
    });

    it('scan: a number typed with the Thai layout finds the order and records the scan; again it says so; unknown says not found', async () => {
      const page = await get(target, '/scan', who.user.cookie);
      expect(page.text).toMatch(/<input id="f-orderNo" name="orderNo"[^>]*autofocus=""[^>]*data-scanner=""/);
      // `1234` typed on the Kedmanee layout arrives as `ๅ/-ภ`.
      expect(thaiKeysFromLatin('1234')).toBe('ๅ/-ภ');
      const first = await postForm(target, '/scan', [['orderNo', 'ๅ/-ภ']], who.user);
      expect(first.status).toBe(200);
      expect(first.text).toContain('data-scan-tone="ok"');
      expect(text(first.text)).toContain('สแกนสำเร็จ');
      expect(text(first.text)).toContain('อ่านจากแป้นพิมพ์ภาษาไทย: ๅ/-ภ → 1234');
      expect((await api.get('/api/orders/status?orderNo=1234', 'user')).body.items[0]).toMatchObject({
        orderNo: '1234',
        scanned: true,
      });
      const second = await postForm(target, '/scan', [['orderNo', '1234']], who.user);
      expect(text(second.text)).toContain('สแกนไปแล้ว');
      // A Shopee number with letters, typed with Thai active (shifted and not).
      const shopee = await postForm(target, '/scan', [['orderNo', thaiKeysFromLatin('261204T7NT2X01')]], who.user);
      expect(shopee.text).toContain('>261204T7NT2X01<');
      expect(text(shopee.text)).toContain('สแกนสำเร็จ');
      const unknown = await postForm(target, '/scan', [['orderNo', 'NO-SUCH-ORDER']], who.user);
      expect(unknown.text).toContain('data-scan-tone="problem"');
      expect(text(unknown.text)).toContain('ไม่พบข้อมูลในระบบ');
      const empty = await postForm(target, '/scan', [['orderNo', '']], who.user);
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('กรุณาสแกนหรือพิมพ์เลข Order');
      expect(csrfField(empty.text)).toBe(who.user.csrf);
    });
  });
}
