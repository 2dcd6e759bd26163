// The report and print pages over HTTP, on every target (file, remote, worker), as a browser
// without script meets them: the report pages show the API's rows and totals, the print form
// asks the spec's question, commits through the same service (a repeated form replays instead
// of printing twice) and opens the print view rendered from the ledger record; rounds, the
// Picking dispatch, the printed histories and the admin-only reprint (a copy). Thai errors on the
// page, never JSON; every shown value escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { createAccount, type Account } from '../support/auth-helpers';
import { seed, type Seeded } from '../support/seed';
import { get, signIn, type Browser, type PageResponse } from './pages.suite';
import type { Target } from '../support/targets';

const EVIL = '<script>alert(1)</script>';

async function postForm(target: Target, path: string, fields: [string, string][], who: Browser): Promise<PageResponse> {
  const res = await target.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
    body: new URLSearchParams([['_csrf', who.csrf], ...fields]).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The hidden idempotency key the page's print form carries. */
const formKey = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

export function defineReportPagesSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`report pages [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    let s: Seeded;
    const who = {} as Record<'user' | 'staff' | 'admin', Browser>;
    const accounts = {} as Record<'user' | 'staff' | 'admin', Account>;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      for (const role of ['user', 'staff', 'admin'] as const) {
        accounts[role] = await createAccount(api, role, `rp-${role}`);
        who[role] = await signIn(target, accounts[role]);
      }
      s = await seed(target, {
        stock: { 'RP-A': 10, 'RP-B': 1, 'RP-N': 0, 'RP-S': 3 },
        products: [
          { sku: 'RP-A', brand: 'Rp', name: EVIL },
          { sku: 'RP-B', brand: 'Rp', name: 'สินค้า B' },
        ],
        orders: [
          {
            platform: 'Shopee',
            shop: `Shop ${EVIL}`,
            orderNo: 'RPW-1',
            lines: [{ sku: 'RP-A', qty: 2, accepted: { by: 'alice' } }],
          },
          {
            platform: 'Shopee',
            shop: `Shop ${EVIL}`,
            orderNo: 'RPW-2',
            lines: [
              { sku: 'RP-A', qty: 3, accepted: { by: 'alice' } },
              { sku: 'RP-B', qty: 2, accepted: { by: 'alice' } },
            ],
          },
          {
            platform: 'Lazada',
            shop: 'Lz Rp',
            orderNo: 'RPW-3',
            lines: [{ sku: 'RP-A', qty: 1, accepted: { by: 'bob' } }],
          },
          { platform: 'Shopee', shop: 'Sp Rp', orderNo: 'RPN-1', lines: [{ sku: 'RP-N', qty: 1 }] },
          { platform: 'Shopee', shop: 'Sp Rp', orderNo: 'RPN-2', lines: [{ sku: 'RP-N', qty: 2 }] },
          { platform: 'TikTok', shop: 'Tt Rp', orderNo: 'RPS-1', lines: [{ sku: 'RP-S', qty: 2, accepted: true }] },
          { platform: 'TikTok', shop: 'Tt Rp', orderNo: 'RPS-2', lines: [{ sku: 'RP-S', qty: 2 }] },
        ],
      });
    });
    afterAll(async () => {
      await target?.close();
    });

    const count = async (sqlText: string, args: (string | number)[] = []) =>
      Number((await target.sql.execute({ sql: sqlText, args })).rows[0].n);
    const jobs = () => count('SELECT count(*) AS n FROM print_jobs');

    it('every report page opens for a user, with the API totals, escaped values and the Excel link; an unknown report is the Thai 404 page', async () => {
      for (const kind of ['warehouse', 'picking', 'lowstock', 'nostock', 'notenough']) {
        const page = await get(target, `/reports/${kind}?q=RP`, who.user.cookie);
        expect(page.status, kind).toBe(200);
        expect(page.text.startsWith('<!DOCTYPE html>')).toBe(true);
        const totals = JSON.parse((/data-totals="([^"]+)"/.exec(page.text)?.[1] ?? '{}').replace(/&quot;/g, '"'));
        expect(totals, kind).toEqual((await api.get(`/api/reports/${kind}?q=RP`, 'user')).body.totals);
        expect(page.text).toContain(`href="/api/reports/${kind}/export.xlsx?q=RP"`);
        expect(page.text).not.toContain(EVIL);
      }
      // ใบงานคลัง by hand: RPW-1, RPW-2 (Shopee, the escaped shop), RPW-3 (Lazada) accepted and unprinted.
      const wh = await get(target, '/reports/warehouse?q=RPW', who.user.cookie);
      expect(text(wh.text)).toContain('ทั้งหมด 3 ออเดอร์');
      expect(wh.text).toContain('Shop &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text(wh.text)).toContain('พิมพ์และล็อกงานที่เลือก');
      expect(text(wh.text)).toContain('พิมพ์และล็อกงานทั้งหมด');
      // No stock by hand: RPN-1 and RPN-2 on RP-N (0 on hand), 2 orders, 1 SKU.
      expect(text((await get(target, '/reports/nostock?q=RPN', who.user.cookie)).text)).toContain(
        'ทั้งหมด 2 ออเดอร์ · 1 SKU',
      );
      const missing = await get(target, '/reports/bogus', who.user.cookie);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('ไม่พบรายงานนี้');
      const anonymous = await get(target, '/reports/warehouse');
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe('/login?next=%2Freports%2Fwarehouse');
      // A bad filter is a Thai banner on the page, not JSON.
      const bad = await get(target, '/reports/warehouse?acceptedFrom=2025-13-45', who.user.cookie);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('acceptedFrom');
      expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('prints the selected warehouse orders after the spec question, opens the print view, and a repeated form replays', async () => {
      const page = await get(target, '/reports/warehouse?q=RPW', who.user.cookie);
      const key = formKey(page.text)!;
      expect(key).toBeTruthy();
      const fields: [string, string][] = [
        ['q', 'RPW'],
        ['back', '/reports/warehouse?q=RPW'],
        ['idempotencyKey', key],
        ['action', 'print'],
        ['ids', String(s.line('RPW-1', 'RP-A'))],
        ['ids', String(s.line('RPW-2', 'RP-A'))],
      ];
      const before = await jobs();
      const ask = await postForm(target, '/reports/warehouse', fields, who.user);
      expect(ask.status).toBe(200);
      expect(text(ask.text)).toContain('ต้องการพิมพ์และล็อกงาน 2 ออเดอร์ใช่หรือไม่?');
      expect(await jobs()).toBe(before);
      const done = await postForm(target, '/reports/warehouse', [...fields, ['confirmed', '1']], who.user);
      expect(done.status).toBe(303);
      const id = /^\/reports\/print\/(\d+)$/.exec(done.location ?? '')?.[1];
      expect(id).toBeTruthy();
      expect(await jobs()).toBe(before + 1);
      const view = await get(target, done.location!, who.user.cookie);
      expect(view.status).toBe(200);
      const t = text(view.text);
      expect(t).toContain('ใบงานคลัง');
      expect(t).toContain(`ผู้พิมพ์: ${accounts.user.username}`);
      expect(t).toContain('รวม 2 ออเดอร์ · 3 รายการ · 7 ชิ้น');
      expect(view.text).toContain('Shop &lt;script&gt;');
      expect(t).not.toContain('COPY');
      // The same form again (a double click, a reload): the stored job, nothing printed twice.
      const again = await postForm(target, '/reports/warehouse', [...fields, ['confirmed', '1']], who.user);
      expect(again.status).toBe(303);
      expect(again.location).toBe(`/reports/print/${id}?replayed=1`);
      expect(await jobs()).toBe(before + 1);
      expect(text((await get(target, again.location!, who.user.cookie)).text)).toContain(
        'ตรวจพบการส่งซ้ำ ระบบจึงไม่บวกจำนวนครั้งพิมพ์เพิ่ม',
      );
      // Printed orders leave the sheet; the API agrees.
      expect((await api.get('/api/reports/warehouse?q=RPW', 'user')).body.total).toBe(1);
      expect(text((await get(target, '/reports/warehouse?q=RPW', who.user.cookie)).text)).toContain('ทั้งหมด 1 ออเดอร์');
    });

    it('says in Thai what is missing: nothing chosen, an expired form, a stock report without its round', async () => {
      const none = await postForm(
        target,
        '/reports/warehouse',
        [
          ['idempotencyKey', 'k-none'],
          ['action', 'print'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(none.status).toBe(400);
      expect(text(none.text)).toContain('กรุณาเลือกรายการอย่างน้อย 1 รายการ');
      const noKey = await postForm(
        target,
        '/reports/warehouse',
        [
          ['action', 'print-all'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(noKey.status).toBe(400);
      expect(text(noKey.text)).toContain('แบบฟอร์มนี้หมดอายุ');
      const before = await jobs();
      const noRound = await postForm(
        target,
        '/reports/nostock',
        [
          ['q', 'RPN'],
          ['idempotencyKey', `k-${Math.random()}`],
          ['action', 'print-all'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(noRound.status).toBe(409);
      expect(text(noRound.text)).toContain('กรุณาบันทึกรอบก่อนพิมพ์');
      expect(await jobs()).toBe(before);
      // อัปเดตรอบ on every listed order, then the print goes through.
      const round = await postForm(
        target,
        '/reports/nostock',
        [
          ['q', 'RPN'],
          ['back', '/reports/nostock?q=RPN'],
          ['action', 'round'],
          ['newRound', '2'],
        ],
        who.user,
      );
      expect(round.status).toBe(200);
      expect(text(round.text)).toContain('บันทึกรอบที่ 2 แล้ว 2 ออเดอร์');
      const rows = (await api.get('/api/reports/nostock?q=RPN', 'user')).body.items as { round: number }[];
      expect(rows.map((r) => r.round)).toEqual([2, 2]);
      const printed = await postForm(
        target,
        '/reports/nostock',
        [
          ['q', 'RPN'],
          ['idempotencyKey', `k-${Math.random()}`],
          ['action', 'print-all'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(printed.status).toBe(303);
      const view = text((await get(target, printed.location!, who.user.cookie)).text);
      expect(view).toContain('รายงานไม่มีสินค้า');
      expect(view).toContain('รอบ: 2');
      expect(view).toContain('รวม 2 ออเดอร์ · 1 SKU · 3 ชิ้น');
    });

    it('the Picking List shows the API totals, prints all SKUs with their sums, and dispatches a round', async () => {
      // RPW-1 and RPW-2 are on the warehouse sheet's paper now: RP-A 2 + 3 = 5, RP-B 2 (1 on hand: 1 short).
      const page = await get(target, '/reports/picking?q=RP', who.staff.cookie);
      const api0 = (await api.get('/api/reports/picking?q=RP', 'user')).body;
      expect(api0.totals).toEqual({ skus: 2, qty: 7, shortfall: 1 });
      expect(text(page.text)).toContain('ทั้งหมด 2 SKU · ต้องหยิบรวม 7 ชิ้น · ขาดรวม 1 ชิ้น');
      const printed = await postForm(
        target,
        '/reports/picking',
        [
          ['q', 'RP'],
          ['idempotencyKey', formKey(page.text)!],
          ['action', 'print-all'],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect(printed.status).toBe(303);
      const view = await get(target, printed.location!, who.staff.cookie);
      const qty = [...view.text.matchAll(/data-sku="([^"]+)" data-qty="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
      expect(qty).toEqual([
        ['RP-A', 5],
        ['RP-B', 2],
      ]);
      expect(text(view.text)).toContain('รวม 2 SKU · ต้องหยิบรวม 7 ชิ้น · ขาดรวม 1 ชิ้น');
      // RPW-3 goes on paper, then the dispatch: round 3 on every order of the list, issued.
      await api.post(
        '/api/reports/warehouse/print',
        { ids: [s.line('RPW-3', 'RP-A')], idempotencyKey: `k-${Math.random()}` },
        'user',
      );
      const ask = await postForm(
        target,
        '/reports/picking',
        [
          ['q', 'RPW-3'],
          ['back', '/reports/picking?q=RPW-3'],
          ['action', 'dispatch'],
          ['newRound', '3'],
        ],
        who.user,
      );
      expect(text(ask.text)).toContain('ยืนยันจ่ายงานรอบที่ 3');
      const done = await postForm(
        target,
        '/reports/picking',
        [
          ['q', 'RPW-3'],
          ['back', '/reports/picking?q=RPW-3'],
          ['action', 'dispatch'],
          ['newRound', '3'],
          ['confirmed', '1'],
        ],
        who.user,
      );
      expect(done.status).toBe(200);
      expect(text(done.text)).toContain('จ่ายงานรอบที่ 3 แล้ว 1 ออเดอร์');
      const line = (await api.get(`/api/orders/${s.line('RPW-3', 'RP-A')}`, 'user')).body;
      expect(JSON.stringify(line)).toContain('picking:round_3');
    });

    it('the history lists what was printed; reprint is for admins only and makes a copy', async () => {
      const staffView = await get(target, '/reports/warehouse/printed?q=RPW-1', who.staff.cookie);
      expect(staffView.status).toBe(200);
      expect(text(staffView.text)).toContain('RPW-1');
      expect(staffView.text).not.toContain('value="reprint"');
      const jobId = /href="\/reports\/print\/(\d+)"/.exec(staffView.text)?.[1];
      expect(jobId).toBeTruthy();
      const before = await jobs();
      const refused = await postForm(
        target,
        '/reports/warehouse',
        [
          ['action', 'reprint'],
          ['printJobId', jobId!],
          ['override', '1'],
          ['idempotencyKey', `k-${Math.random()}`],
          ['back', '/reports/warehouse/printed?q=RPW-1'],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect(refused.status).toBe(403);
      expect(text(refused.text)).toContain('เฉพาะผู้ดูแลระบบเท่านั้นที่อนุญาตพิมพ์ซ้ำได้');
      expect(await jobs()).toBe(before);
      const withoutOverride = await postForm(
        target,
        '/reports/warehouse',
        [
          ['action', 'reprint'],
          ['printJobId', jobId!],
          ['idempotencyKey', `k-${Math.random()}`],
          ['confirmed', '1'],
        ],
        who.staff,
      );
      expect(withoutOverride.status).toBe(409);
      expect(text(withoutOverride.text)).toContain('มีบางออเดอร์เคยพิมพ์ใบงานคลังไปแล้ว');

      const adminView = await get(target, '/reports/warehouse/printed?q=RPW-1', who.admin.cookie);
      expect(adminView.text).toContain('value="reprint"');
      const copy = await postForm(
        target,
        '/reports/warehouse',
        [
          ['action', 'reprint'],
          ['printJobId', jobId!],
          ['override', '1'],
          ['idempotencyKey', formKey(adminView.text)!],
          ['back', '/reports/warehouse/printed?q=RPW-1'],
          ['confirmed', '1'],
        ],
        who.admin,
      );
      expect(copy.status).toBe(303);
      expect(await jobs()).toBe(before + 1);
      const view = text((await get(target, copy.location!, who.admin.cookie)).text);
      expect(view).toContain('สำเนา / COPY 1');
      expect(view).toContain('RPW-1');
    });

    it('a line changed after printing is marked on its print view', async () => {
      // Cancel RPW-1 (printed on the warehouse sheet and picked): the paper is stale.
      const cancel = await api.post(
        '/api/orders/actions/cancel',
        { ids: [s.line('RPW-1', 'RP-A')], reason: 'ลูกค้ายกเลิก' },
        'staff',
      );
      expect(cancel.body.affected).toBe(1);
      const hist = await get(target, '/reports/warehouse/printed?q=RPW-1', who.user.cookie);
      const jobId = /href="\/reports\/print\/(\d+)"/.exec(hist.text)?.[1];
      const view = text((await get(target, `/reports/print/${jobId}`, who.user.cookie)).text);
      expect(view).toContain('เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์');
      // The line page says so too.
      const line = text((await get(target, `/orders/${s.line('RPW-1', 'RP-A')}`, who.user.cookie)).text);
      expect(line).toContain('ออเดอร์นี้เปลี่ยนไปหลังพิมพ์');
      expect(line).toContain('ยกเลิกหลังพิมพ์');
      const missing = await get(target, '/reports/print/999999', who.user.cookie);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('ไม่พบประวัติการพิมพ์นี้');
    });

    it('why is this line short: the line page names the accepted line ahead holding the stock and the pieces missing, as the API does', async () => {
      // RP-S: 3 on hand; RPS-1 (2, accepted) consumes first, 1 is left for RPS-2 (2): not enough.
      const apiLine = (await api.get(`/api/orders/${s.line('RPS-2', 'RP-S')}`, 'user')).body;
      const shortage = apiLine.shortage ?? apiLine.line?.shortage;
      expect(shortage.heldBy.map((h: { orderNo: string }) => h.orderNo)).toEqual(['RPS-1']);
      const page = await get(target, `/orders/${s.line('RPS-2', 'RP-S')}`, who.user.cookie);
      const t = text(page.text);
      expect(t).toContain('ทำไมของไม่พอ');
      expect(t).toContain(`ต้องการสินค้าเพิ่มอีก ${shortage.missing} ชิ้น`);
      expect(page.text).toContain(`href="/orders/${s.line('RPS-1', 'RP-S')}"`);
    });
  });
}
