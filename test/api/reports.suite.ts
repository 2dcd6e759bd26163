// Reports, prints, rounds, the print ledger and the report exports through HTTP only
// (docs/domain/reports.md), on every target. Expected rows are worked by hand from the chapter's
// rules on fixed data. Every test uses its own order-number prefix and SKUs and filters on them, so
// tests sharing one database stay independent.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { seed } from '../support/seed';
import type { Target } from '../support/targets';

type Item = Record<string, any>;

export function defineReportsSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`reports and prints [${name}]`, () => {
    let target: Target;
    let api: ApiClient;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      await api.token('user');
    });
    afterAll(async () => {
      await target?.close();
    });

    const count = async (sqlText: string, args: (string | number)[] = []) =>
      Number((await target.sql.execute({ sql: sqlText, args })).rows[0].n);
    const auditRows = (action: string) => count('SELECT count(*) AS n FROM audit_log WHERE action = ?', [action]);
    const jobs = () => count('SELECT count(*) AS n FROM print_jobs');
    const key = () => `k-${Math.random().toString(36).slice(2)}`;
    async function xlsx(path: string) {
      const res = await target.fetch(path, { headers: { authorization: `Bearer ${await api.token('user')}` } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      return { res, wb, ws: wb.worksheets[0] };
    }
    const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

    describe('filters are validated', () => {
      it.each([
        ['/api/reports/warehouse?acceptedFrom=2025-13-45', 'acceptedFrom'],
        ['/api/reports/warehouse?round=0', 'round'],
        ['/api/reports/warehouse?printCount=-1', 'printCount'],
        ['/api/reports/picking?warehousePrintedTo=yesterday', 'warehousePrintedTo'],
        ['/api/reports/nostock?sort=colour', 'sort'],
        ['/api/reports/lowstock?importedFrom=31/02/2568', 'importedFrom'],
        ['/api/reports/warehouse?orderedFrom=2025-03-01', 'orderedFrom'],
        ['/api/reports/nostock/printed?from=2025-02-30', 'from'],
      ])('%s -> 400 naming %s', async (path, param) => {
        const res = await api.get(path, 'user');
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(param);
        expect(res.body.error.message).toContain(param);
      });

      it('an unknown report is 404; the reports are in the OpenAPI document', async () => {
        const res = await api.get('/api/reports/bogus', 'user');
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('report_not_found');
        const doc = await api.get('/api/openapi.json', 'user');
        for (const p of [
          '/api/reports/{report}',
          '/api/reports/{report}/print',
          '/api/reports/{report}/printed',
          '/api/reports/picking/dispatch',
        ]) {
          expect(Object.keys(doc.body.paths)).toContain(p);
        }
        expect((await api.get('/api/reports/warehouse', 'anonymous')).status).toBe(401);
      });
    });

    describe('ใบงานคลัง (docs/domain/reports.md#warehouse-job-sheet)', () => {
      it('lists accepted, unprinted, not issued/packed orders sorted by platform, shop, order id, with ของไม่พอ', async () => {
        const s = await seed(target, {
          stock: { WHA: 100, WHB: 1 },
          orders: [
            {
              platform: 'Shopee',
              shop: 'WH Sp',
              orderNo: 'WHS-3',
              dispatchRound: 2,
              lines: [
                { sku: 'WHA', qty: 1, accepted: { by: 'alice' } },
                { sku: 'WHB', qty: 2, accepted: { by: 'bob' } },
              ],
            },
            {
              platform: 'Shopee',
              shop: 'WH Sp',
              orderNo: 'WHS-1',
              scannedAt: '2025-03-03 09:00',
              lines: [{ sku: 'WHA', qty: 1, accepted: { by: 'alice' } }],
            },
            {
              platform: 'Lazada',
              shop: 'WH Lz',
              orderNo: 'WHS-2',
              logistic: 'Kerry',
              lines: [{ sku: 'WHA', qty: 1, accepted: true }],
            },
            { platform: 'Shopee', shop: 'WH Sp', orderNo: 'WHS-4', lines: [{ sku: 'WHA', qty: 1 }] },
            {
              platform: 'Shopee',
              shop: 'WH Sp',
              orderNo: 'WHS-5',
              issued: true,
              lines: [{ sku: 'WHA', qty: 1, accepted: true }],
            },
            {
              platform: 'TikTok',
              shop: 'WH Tt',
              orderNo: 'WHS-6',
              cancelled: 'ลูกค้ายกเลิก',
              lines: [{ sku: 'WHA', qty: 1, accepted: true }],
            },
            {
              platform: 'Shopee',
              shop: 'WH Sp',
              orderNo: 'WHS-7',
              sales: 'แพ็คแล้ว',
              lines: [{ sku: 'WHA', qty: 1, accepted: true }],
            },
          ],
        });
        const res = await api.get('/api/reports/warehouse?q=WHS-', 'user');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items.map((i: Item) => i.orderNo)).toEqual(['WHS-2', 'WHS-1', 'WHS-3']);
        expect(res.body.totals).toEqual({ orders: 3, short: 1 });
        const [w2, w1, w3] = res.body.items;
        expect(w2).toMatchObject({
          platformLabel: 'Lazada',
          shop: { name: 'WH Lz' },
          logisticType: 'Kerry',
          printCount: 0,
          short: false,
          warning: null,
        });
        expect(w1).toMatchObject({ scanned: true, acceptedBy: ['alice'] });
        expect(w3).toMatchObject({
          acceptedBy: ['alice', 'bob'],
          dispatchRound: 2,
          short: true,
          warning: 'ของไม่พอ',
          orderId: s.order('WHS-3'),
        });
        expect(w3.lineIds).toEqual([s.line('WHS-3', 'WHA'), s.line('WHS-3', 'WHB')]);
      });

      it('prints: skips what is not on the sheet, replays a repeated key, refuses a reprint without an admin override, marks the copy, audits every request', async () => {
        const s = await seed(target, {
          stock: { WPA: 50 },
          orders: [
            { platform: 'Shopee', shop: 'WP Sp', orderNo: 'WPR-1', lines: [{ sku: 'WPA', qty: 1, accepted: true }] },
            { platform: 'Shopee', shop: 'WP Sp', orderNo: 'WPR-2', lines: [{ sku: 'WPA', qty: 1 }] },
          ],
        });
        const line1 = s.line('WPR-1', 'WPA');
        const audits = await auditRows('report.print');
        const k1 = key();
        const first = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line1, s.line('WPR-2', 'WPA')], filters: { q: 'WPR-' }, idempotencyKey: k1 },
          'user',
        );
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        expect(first.body).toMatchObject({ printed: { orders: 1, lines: 1 }, copy: 0, copyLabel: '', replayed: false });
        expect(first.body.skipped).toEqual([
          expect.objectContaining({ id: s.line('WPR-2', 'WPA'), orderNo: 'WPR-2', code: 'not_accepted' }),
        ]);
        expect(first.body.contentHash).toMatch(/^[0-9a-f]{64}$/);

        const again = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line1], filters: { q: 'WPR-' }, idempotencyKey: k1 },
          'user',
        );
        expect(again.body).toMatchObject({
          printJobId: first.body.printJobId,
          replayed: true,
          warnings: ['ตรวจพบการส่งซ้ำ ระบบจึงไม่บวกจำนวนครั้งพิมพ์เพิ่ม'],
        });
        let listed = await api.get('/api/reports/warehouse?q=WPR-&printCount=1', 'user');
        expect(listed.body.items.map((i: Item) => [i.orderNo, i.printCount])).toEqual([['WPR-1', 1]]);
        expect((await api.get('/api/reports/warehouse?q=WPR-', 'user')).body.total).toBe(0);

        const before = await jobs();
        const refused = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line1], filters: { q: 'WPR-', printCount: 1 }, idempotencyKey: key() },
          'user',
        );
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('reprint_requires_override');
        expect(refused.body.error.message).toBe('มีบางออเดอร์เคยพิมพ์ใบงานคลังไปแล้ว: WPR-1');
        const forbidden = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line1], filters: { q: 'WPR-', printCount: 1 }, idempotencyKey: key(), override: true },
          'user',
        );
        expect(forbidden.status).toBe(403);
        expect(forbidden.body.error.code).toBe('override_forbidden');
        expect(await jobs()).toBe(before);

        const copy = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line1], filters: { q: 'WPR-', printCount: 1 }, idempotencyKey: key(), override: true },
          'admin',
        );
        expect(copy.status, JSON.stringify(copy.body)).toBe(200);
        expect(copy.body).toMatchObject({
          printed: { orders: 1, lines: 1 },
          copy: 1,
          copyLabel: 'สำเนา / COPY 1',
          override: true,
        });
        // Nothing changed in between: the copy is the same paper, so the same content hash.
        expect(copy.body.contentHash).toBe(first.body.contentHash);
        listed = await api.get('/api/reports/warehouse?q=WPR-&printCount=2', 'user');
        expect(listed.body.items).toEqual([
          expect.objectContaining({ orderNo: 'WPR-1', printCount: 2, lastPrintedBy: 'admin' }),
        ]);
        // first, replay, refused, forbidden, copy: one row each.
        expect(await auditRows('report.print')).toBe(audits + 5);
      });

      it('an order cancelled after its sheet went out says so on the line, the scan check and the history', async () => {
        const s = await seed(target, {
          stock: { WCA: 50 },
          orders: [
            { platform: 'Shopee', shop: 'WC Sp', orderNo: 'WCH-1', lines: [{ sku: 'WCA', qty: 2, accepted: true }] },
          ],
        });
        const line = s.line('WCH-1', 'WCA');
        const printed = await api.post(
          '/api/reports/warehouse/print',
          { ids: [line], filters: { q: 'WCH-' }, idempotencyKey: key() },
          'user',
        );
        expect(printed.status).toBe(200);
        let detail = await api.get(`/api/orders/${line}`, 'user');
        expect(detail.body.changedAfterPrint).toBeUndefined();
        expect(
          (await api.post('/api/orders/actions/cancel', { ids: [line], reason: 'ลูกค้ายกเลิก' }, 'user')).status,
        ).toBe(200);

        detail = await api.get(`/api/orders/${line}`, 'user');
        expect(detail.body.changedAfterPrint).toEqual([
          expect.objectContaining({
            kind: 'warehouse',
            printJobId: printed.body.printJobId,
            change: 'cancelled',
            label: 'ยกเลิกหลังพิมพ์',
          }),
        ]);
        const scan = await api.get('/api/orders/status?orderNo=WCH-1', 'user');
        expect(scan.body.items[0].changedText).toBe('เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์');
        const history = await api.get('/api/reports/warehouse/printed?q=WCH-1', 'user');
        expect(history.status, JSON.stringify(history.body)).toBe(200);
        expect(history.body.items).toEqual([
          expect.objectContaining({
            orderNo: 'WCH-1',
            copy: 0,
            printCount: 1,
            changedText: 'เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์',
          }),
        ]);
        expect(history.body.jobs).toEqual([
          expect.objectContaining({ printJobId: printed.body.printJobId, verified: true }),
        ]);
        expect(history.body.items[0].lines).toEqual([
          expect.objectContaining({ sku: 'WCA', qty: 2, stock: 50, status: 'ACCEPTED' }),
        ]);
      });
    });

    describe('Picking List (docs/domain/reports.md#picking-list) and the dispatch dialog (docs/domain/reports.md#rounds-and-dispatch)', () => {
      it('aggregates per SKU with shortfall and rounds, prints per line, issues an order when its last line is printed', async () => {
        const s = await seed(target, {
          stock: { PKA: 5, PKB: 1 },
          products: [
            { sku: 'PKA', brand: 'Zeta', name: 'Alpha' },
            { sku: 'PKB', brand: 'Acme', name: 'Beta' },
          ],
          orders: [
            {
              platform: 'Shopee',
              shop: 'PK Sp',
              orderNo: 'PKS-1',
              logistic: 'Flash',
              dispatchRound: 1,
              lines: [
                { sku: 'PKA', qty: 2, accepted: true },
                { sku: 'PKB', qty: 1, accepted: true },
              ],
            },
            {
              platform: 'Lazada',
              shop: 'PK Lz',
              orderNo: 'PKS-2',
              logistic: 'Kerry',
              dispatchRound: 3,
              lines: [{ sku: 'PKA', qty: 3, accepted: true }],
            },
            { platform: 'Shopee', shop: 'PK Sp', orderNo: 'PKS-3', lines: [{ sku: 'PKB', qty: 2, accepted: true }] },
            { platform: 'Shopee', shop: 'PK Sp', orderNo: 'PKS-4', lines: [{ sku: 'PKA', qty: 1, accepted: true }] },
          ],
        });
        const ids = ['PKS-1', 'PKS-2', 'PKS-3'].map((o) => s.line(o, o === 'PKS-3' ? 'PKB' : 'PKA'));
        expect(
          (
            await api.post(
              '/api/reports/warehouse/print',
              { ids, filters: { q: 'PKS-' }, idempotencyKey: key() },
              'user',
            )
          ).body.printed,
        ).toEqual({ orders: 3, lines: 4 });

        const list = await api.get('/api/reports/picking?q=PKS-', 'user');
        expect(list.status, JSON.stringify(list.body)).toBe(200);
        // Brand Acme before Zeta; PKS-4 has no warehouse sheet printed, so it is not on the list.
        expect(list.body.items.map((i: Item) => i.sku)).toEqual(['PKB', 'PKA']);
        expect(list.body.items[0]).toMatchObject({
          brand: 'Acme',
          productName: 'Beta',
          qty: 3,
          stock: 1,
          shortfall: 2,
          left: -2,
          highlight: true,
          platforms: ['Shopee'],
          shops: ['PK Sp'],
          logistics: ['Flash'],
          roundText: '1',
          printCount: 0,
        });
        expect(list.body.items[1]).toMatchObject({
          brand: 'Zeta',
          qty: 5,
          stock: 5,
          shortfall: 0,
          left: 0,
          highlight: false,
          platforms: ['Shopee', 'Lazada'],
          shops: ['PK Lz', 'PK Sp'],
          logistics: ['Flash', 'Kerry'],
          roundText: '1-3',
        });
        expect(list.body.totals).toEqual({ skus: 2, qty: 8, shortfall: 2 });

        const partial = await api.post(
          '/api/reports/picking/print',
          { skus: ['PKB'], filters: { q: 'PKS-' }, idempotencyKey: key() },
          'user',
        );
        expect(partial.status, JSON.stringify(partial.body)).toBe(200);
        expect(partial.body.printed).toEqual({ orders: 2, lines: 2 });
        const after = await api.get('/api/reports/picking?q=PKS-', 'user');
        expect(after.body.items.map((i: Item) => [i.sku, i.qty])).toEqual([['PKA', 5]]);
        // PKS-3 had only PKB: issued by the print; PKS-1 still has PKA to pick.
        const issued3 = (await api.get(`/api/orders/${s.line('PKS-3', 'PKB')}`, 'user')).body.markers;
        expect(issued3).toEqual([expect.objectContaining({ kind: 'issued', source: 'print:picking' })]);
        expect((await api.get(`/api/orders/${s.line('PKS-1', 'PKA')}`, 'user')).body.markers).toEqual([]);

        expect(
          (await api.post('/api/reports/picking/print', { filters: { q: 'PKS-' }, idempotencyKey: key() }, 'user')).body
            .printed,
        ).toEqual({ orders: 2, lines: 2 });
        const empty = await api.get('/api/reports/picking?q=PKS-', 'user');
        expect(empty.body).toMatchObject({ total: 0, items: [], totals: { skus: 0, qty: 0, shortfall: 0 } });
        const printedOnce = await api.get('/api/reports/picking?q=PKS-&printCount=1', 'user');
        expect(printedOnce.body.items.map((i: Item) => [i.sku, i.qty, i.printCount])).toEqual([
          ['PKB', 3, 1],
          ['PKA', 5, 1],
        ]);
        expect(
          (
            await target.sql.execute({
              sql: 'SELECT picking_count AS n FROM order_lines WHERE id = ?',
              args: [s.line('PKS-1', 'PKA')],
            })
          ).rows[0].n,
        ).toBe(1);

        const reprint = await api.post(
          '/api/reports/picking/print',
          { filters: { q: 'PKS-', printCount: 1 }, skus: ['PKA'], idempotencyKey: key() },
          'user',
        );
        expect(reprint.status).toBe(409);
        expect(reprint.body.error.code).toBe('reprint_requires_override');
      });

      it('picking history renders from the record; a reprint of the record needs the admin override and is a COPY of the same content; un-accepting flags the printed line', async () => {
        const s = await seed(target, {
          stock: { PHA: 9, PHB: 9 },
          products: [{ sku: 'PHA', brand: 'B1', name: 'N1' }],
          orders: [
            {
              platform: 'Shopee',
              shop: 'PH Sp',
              orderNo: 'PCH-1',
              dispatchRound: 2,
              lines: [
                { sku: 'PHA', qty: 2, accepted: true },
                { sku: 'PHB', qty: 1, accepted: true },
              ],
            },
          ],
        });
        const lineA = s.line('PCH-1', 'PHA');
        const sheet = await api.post(
          '/api/reports/warehouse/print',
          { ids: [lineA], filters: { q: 'PCH-' }, idempotencyKey: key() },
          'user',
        );
        const first = await api.post(
          '/api/reports/picking/print',
          { skus: ['PHA'], filters: { q: 'PCH-' }, idempotencyKey: key() },
          'user',
        );
        expect(first.body.printed).toEqual({ orders: 1, lines: 1 });

        const history = await api.get('/api/reports/picking/printed?q=PCH-1', 'user');
        expect(history.body.items).toEqual([
          expect.objectContaining({
            sku: 'PHA',
            brand: 'B1',
            qty: 2,
            stock: 9,
            roundText: '2',
            printCount: 1,
            printJobIds: [first.body.printJobId],
            changedAfterPrint: [],
          }),
        ]);
        expect(history.body.jobs[0]).toMatchObject({ printJobId: first.body.printJobId, verified: true, copy: 0 });

        const refused = await api.post(
          '/api/reports/picking/print',
          { printJobId: first.body.printJobId, idempotencyKey: key() },
          'user',
        );
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('reprint_requires_override');
        const copy = await api.post(
          '/api/reports/picking/print',
          { printJobId: first.body.printJobId, override: true, idempotencyKey: key() },
          'admin',
        );
        expect(copy.status, JSON.stringify(copy.body)).toBe(200);
        expect(copy.body).toMatchObject({
          copy: 1,
          copyLabel: 'สำเนา / COPY 1',
          contentHash: first.body.contentHash,
          printed: { orders: 1, lines: 1 },
        });
        expect(
          (await target.sql.execute({ sql: 'SELECT picking_count AS n FROM order_lines WHERE id = ?', args: [lineA] }))
            .rows[0].n,
        ).toBe(2);

        // PHB is still to pick, so the order is not issued and may be un-accepted: both papers that
        // listed the accepted work are stale - the warehouse sheet (both lines) and the picking copy (PHA).
        expect((await api.post('/api/orders/actions/unaccept', { ids: [lineA] }, 'user')).body.affected).toBe(1);
        const detail = await api.get(`/api/orders/${lineA}`, 'user');
        expect(detail.body.changedAfterPrint).toEqual([
          expect.objectContaining({
            kind: 'warehouse',
            printJobId: sheet.body.printJobId,
            change: 'unaccepted',
            label: 'ถอยรับหลังพิมพ์',
          }),
          expect.objectContaining({
            kind: 'picking',
            printJobId: copy.body.printJobId,
            change: 'unaccepted',
            label: 'ถอยรับหลังพิมพ์',
          }),
        ]);
        expect((await api.get(`/api/orders/${s.line('PCH-1', 'PHB')}`, 'user')).body.changedAfterPrint).toEqual([
          expect.objectContaining({ kind: 'warehouse', printJobId: sheet.body.printJobId, change: 'unaccepted' }),
        ]);
        const after = await api.get('/api/reports/picking/printed?q=PCH-1', 'user');
        expect(after.body.items[0].changedText).toBe('เปลี่ยนหลังพิมพ์: ถอยรับหลังพิมพ์');
      });

      it('a print shows on the orders list at the next read: the warehouse count, then the Picking count of the printed line only', async () => {
        const s = await seed(target, {
          stock: { PCT: 10, PCU: 10 },
          orders: [
            {
              platform: 'Shopee',
              shop: 'PC Sp',
              orderNo: 'PCT-1',
              lines: [
                { sku: 'PCT', qty: 1, accepted: true },
                { sku: 'PCU', qty: 2, accepted: true },
              ],
            },
          ],
        });
        const a = s.line('PCT-1', 'PCT');
        const b = s.line('PCT-1', 'PCU');
        const counts = async () => {
          const res = await api.get('/api/orders?view=all&q=PCT-1', 'user');
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          return res.body.items.map((i: { id: number; printCounts: Record<string, number> }) => [
            i.id,
            i.printCounts.warehouse,
            i.printCounts.picking,
          ]);
        };
        // Read first, so the model holds the order before the print (the next read must move it on).
        expect(await counts()).toEqual([
          [a, 0, 0],
          [b, 0, 0],
        ]);
        const w = await api.post('/api/reports/warehouse/print', { ids: [a, b], idempotencyKey: key() }, 'user');
        expect(w.body.printed).toEqual({ orders: 1, lines: 2 });
        expect(await counts()).toEqual([
          [a, 1, 0],
          [b, 1, 0],
        ]);
        const p = await api.post('/api/reports/picking/print', { ids: [a], idempotencyKey: key() }, 'user');
        expect(p.body.printed).toEqual({ orders: 1, lines: 1 });
        expect(await counts()).toEqual([
          [a, 1, 1],
          [b, 1, 0],
        ]);
        expect((await api.get(`/api/orders/${a}`, 'user')).body.order.printCounts.warehouse).toBe(1);
      });

      it('dispatch sets round N and issues picking:round_N; the order stays listed until printed', async () => {
        const s = await seed(target, {
          stock: { DSA: 9 },
          orders: [
            { platform: 'TikTok', shop: 'DS Tt', orderNo: 'DSP-1', lines: [{ sku: 'DSA', qty: 1, accepted: true }] },
          ],
        });
        const line = s.line('DSP-1', 'DSA');
        await api.post(
          '/api/reports/warehouse/print',
          { ids: [line], filters: { q: 'DSP-' }, idempotencyKey: key() },
          'user',
        );
        const bad = await api.post('/api/reports/picking/dispatch', { filters: { q: 'DSP-' }, round: 0 }, 'user');
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('round_invalid');
        const audits = await auditRows('report.dispatch');
        const res = await api.post('/api/reports/picking/dispatch', { filters: { q: 'DSP-' }, round: 4 }, 'user');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body).toMatchObject({ round: 4, affected: 1, issued: 1 });
        expect(await auditRows('report.dispatch')).toBe(audits + 1);
        const detail = await api.get(`/api/orders/${line}`, 'user');
        expect(detail.body.order.dispatchRound).toBe(4);
        expect(detail.body.markers).toEqual([expect.objectContaining({ kind: 'issued', source: 'picking:round_4' })]);
        expect((await api.get('/api/reports/picking?q=DSP-', 'user')).body.items).toEqual([
          expect.objectContaining({ sku: 'DSA', roundText: '4' }),
        ]);
      });
    });

    describe('stock problem reports (docs/domain/reports.md#stock-problem-reports) and why a line is short', () => {
      // Example B (docs/domain/allocation.md#example-b-skip-and-continue-shortage-cancellation):
      // stock 5; M1 NOT_ENOUGH, M2 and M3 LOW_STOCK, M4 SHORTAGE.
      let s: Awaited<ReturnType<typeof seed>>;
      beforeAll(async () => {
        s = await seed(target, {
          stock: { STB: 5 },
          orders: [
            {
              platform: 'Shopee',
              shop: 'ST Sp',
              orderNo: 'STK-M1',
              orderTime: '2025-03-03 09:00',
              lines: [{ sku: 'STB', qty: 6 }],
            },
            {
              platform: 'Shopee',
              shop: 'ST Sp',
              orderNo: 'STK-M2',
              orderTime: '2025-03-03 10:00',
              lines: [{ sku: 'STB', qty: 2 }],
            },
            {
              platform: 'TikTok',
              shop: 'ST Tt',
              orderNo: 'STK-M3',
              orderTime: '2025-03-03 08:00',
              lines: [{ sku: 'STB', qty: 3 }],
            },
            {
              platform: 'Lazada',
              shop: 'ST Lz',
              orderNo: 'STK-M4',
              orderTime: '2025-03-03 07:00',
              lines: [{ sku: 'STB', qty: 1 }],
            },
            {
              platform: 'Shopee',
              shop: 'ST Sp',
              orderNo: 'STK-M5',
              orderTime: '2025-03-03 08:30',
              cancelled: 'ลูกค้ายกเลิก',
              lines: [{ sku: 'STB', qty: 4 }],
            },
          ],
        });
      });

      it('each report lists exactly the lines of its status, AllQty over the listed lines', async () => {
        const low = await api.get('/api/reports/lowstock?q=STK-', 'user');
        expect(low.status, JSON.stringify(low.body)).toBe(200);
        expect(low.body.items.map((i: Item) => [i.orderNo, i.qty, i.stock, i.allQty, i.status])).toEqual([
          ['STK-M2', 2, 5, 5, 'LOW_STOCK'],
          ['STK-M3', 3, 5, 5, 'LOW_STOCK'],
        ]);
        expect(low.body.totals).toEqual({ orders: 2, skus: 1 });
        const none = await api.get('/api/reports/nostock?q=STK-', 'user');
        expect(none.body.items.map((i: Item) => [i.orderNo, i.allQty])).toEqual([['STK-M4', 1]]);
        const notEnough = await api.get('/api/reports/notenough?q=STK-&sort=qty&dir=desc', 'user');
        expect(notEnough.body.items.map((i: Item) => [i.orderNo, i.allQty])).toEqual([['STK-M1', 6]]);
        const byQty = await api.get('/api/reports/lowstock?q=STK-&sort=qty&dir=desc', 'user');
        expect(byQty.body.items.map((i: Item) => i.orderNo)).toEqual(['STK-M3', 'STK-M2']);
      });

      it('shortage: the lines ahead that hold the stock and the pieces missing (worked from 1.4)', async () => {
        const m4 = s.line('STK-M4', 'STB');
        const detail = await api.get(`/api/orders/${m4}`, 'user');
        // Ready needs 5 in front of M4 (1 + threshold 3 + 1): with 16 on hand M1 takes 6, M2 2, M3 3.
        // To fit at all it needs 1 in front: with 7, M1 takes 6 and M2, M3 no longer fit.
        expect(detail.body.shortage).toEqual({
          missing: 11,
          missingToFit: 2,
          heldBy: [
            {
              lineId: s.line('STK-M2', 'STB'),
              orderNo: 'STK-M2',
              shop: 'ST Sp',
              platform: 'Shopee',
              qty: 2,
              committed: false,
            },
            {
              lineId: s.line('STK-M3', 'STB'),
              orderNo: 'STK-M3',
              shop: 'ST Tt',
              platform: 'TikTok',
              qty: 3,
              committed: false,
            },
          ],
        });
        const rows = await api.get('/api/reports/nostock?q=STK-&shortage=1', 'user');
        expect(rows.body.items[0].shortage).toEqual(detail.body.shortage);
        expect((await api.get(`/api/orders/${s.line('STK-M2', 'STB')}`, 'user')).body.shortage).toMatchObject({
          heldBy: [],
        });
      });

      it('print needs a round; the round PATCH, then the print issues with the report source and leaves the report', async () => {
        const noRound = await api.post(
          '/api/reports/lowstock/print',
          { filters: { q: 'STK-' }, idempotencyKey: key() },
          'user',
        );
        expect(noRound.status).toBe(409);
        expect(noRound.body.error).toMatchObject({ code: 'round_required', message: 'กรุณาบันทึกรอบก่อนพิมพ์' });
        const badRound = await api.patch('/api/reports/lowstock/round', { filters: { q: 'STK-' }, round: 0 }, 'user');
        expect(badRound.status).toBe(400);
        expect(badRound.body.error.code).toBe('round_invalid');
        const audits = await auditRows('report.round');
        const round = await api.patch('/api/reports/lowstock/round', { filters: { q: 'STK-' }, round: 2 }, 'user');
        expect(round.body).toMatchObject({ round: 2, affected: 2 });
        expect(await auditRows('report.round')).toBe(audits + 1);
        expect((await api.get('/api/reports/lowstock?q=STK-', 'user')).body.items.map((i: Item) => i.round)).toEqual([
          2, 2,
        ]);

        const outside = await api.post(
          '/api/reports/lowstock/print',
          { ids: [s.line('STK-M4', 'STB')], filters: { q: 'STK-' }, idempotencyKey: key() },
          'user',
        );
        expect(outside.status).toBe(409);
        expect(outside.body.error.code).toBe('not_in_report');

        const printed = await api.post(
          '/api/reports/lowstock/print',
          { filters: { q: 'STK-' }, idempotencyKey: key() },
          'user',
        );
        expect(printed.status, JSON.stringify(printed.body)).toBe(200);
        expect(printed.body.printed).toEqual({ orders: 2, lines: 2 });
        expect((await api.get('/api/reports/lowstock?q=STK-', 'user')).body.total).toBe(0);
        expect((await api.get(`/api/orders/${s.line('STK-M3', 'STB')}`, 'user')).body.markers).toEqual([
          expect.objectContaining({ kind: 'issued', source: 'print:lowstock' }),
        ]);
        // The issued view (GET /api/orders?view=issued, docs/domain/allocation.md#orders-api-views)
        // now lists them.
        const issuedView = await api.get('/api/orders?view=issued&q=STK-&limit=500', 'user');
        expect(issuedView.body.items.map((i: Item) => i.orderNo).sort()).toEqual(['STK-M2', 'STK-M3']);
        const history = await api.get('/api/reports/lowstock/printed?q=STK-', 'user');
        expect(history.body.items.map((i: Item) => [i.orderNo, i.round, i.allQty, i.copy])).toEqual([
          ['STK-M2', 2, 5, 0],
          ['STK-M3', 2, 5, 0],
        ]);
        expect(history.body.dates.length).toBeGreaterThan(0);
      });
    });

    describe('exports (docs/domain/reports.md#excel-exports)', () => {
      it('the warehouse sheet as xlsx: sheet, Thai headers, rows of the page, numbers as numbers, frozen header', async () => {
        await seed(target, {
          stock: { XWA: 10 },
          orders: [
            {
              platform: 'Shopee',
              shop: 'XW Sp',
              orderNo: 'XWH-2',
              dispatchRound: 3,
              lines: [{ sku: 'XWA', qty: 1, accepted: { by: 'carol' } }],
            },
            {
              platform: 'Shopee',
              shop: 'XW Sp',
              orderNo: 'XWH-1',
              scannedAt: '2025-03-03 09:00',
              lines: [{ sku: 'XWA', qty: 1, accepted: { by: 'dave' } }],
            },
          ],
        });
        const { res, ws } = await xlsx('/api/reports/warehouse/export.xlsx?q=XWH-');
        expect(res.headers.get('content-disposition')).toMatch(
          /filename\*=UTF-8''%E0%B9%83%E0%B8%9A%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%84%E0%B8%A5%E0%B8%B1%E0%B8%87_Warehouse_\d{8}_\d{4}\.xlsx/,
        );
        expect(ws.name).toBe('Warehouse');
        expect(values(ws.getRow(1))).toEqual([
          'แพลตฟอร์ม',
          'ร้าน',
          'เลข Order',
          'ประเภทขนส่ง',
          'ผู้กดรับ',
          'Scan Order',
          'จ่ายงาน(รอบที่)',
          'พิมพ์แล้ว(ครั้ง)',
          'วัน/เดือน/ปี/เวลา ที่พิมพ์',
        ]);
        expect(ws.rowCount).toBe(3);
        expect(ws.getRow(2).getCell(3).value).toBe('XWH-1');
        expect(ws.getRow(2).getCell(5).value).toBe('dave');
        expect(ws.getRow(2).getCell(6).value).toBe('✓ แล้ว');
        expect(ws.getRow(3).getCell(7).value).toBe(3);
        expect(ws.getRow(3).getCell(8).value).toBe(0);
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      });

      it('an empty stock report still gives its sheet with the header row; the history export has the copy and change columns', async () => {
        const { res, ws } = await xlsx('/api/reports/notenough/export.xlsx?q=NOTHING-MATCHES-THIS');
        expect(res.headers.get('content-disposition')).toMatch(/filename="notenough_\d{8}_\d{6}\.xlsx"/);
        expect(ws.name).toBe('NotEnough');
        expect(ws.rowCount).toBe(1);
        expect(values(ws.getRow(1))).toEqual([
          'แพลตฟอร์ม',
          'ร้าน',
          'เลข Order',
          'SKU',
          'Brand',
          'ชื่อสินค้า',
          'Stock',
          'Qty',
          'AllQty',
          'เวลาที่ลูกค้าสั่ง',
          'กำหนดส่ง',
          'SLA',
          'ประเภทขนส่ง',
          'จ่ายงาน(รอบที่)',
          'พิมพ์แล้ว(ครั้ง)',
        ]);
        const h = await xlsx('/api/reports/warehouse/printed/export.xlsx?q=WCH-1');
        expect(h.ws.name).toBe('Warehouse History');
        expect(values(h.ws.getRow(1)).slice(-2)).toEqual(['สำเนา', 'เปลี่ยนหลังพิมพ์']);
        expect(h.ws.getRow(2).getCell(3).value).toBe('WCH-1');
        expect(h.ws.getRow(2).getCell(11).value).toBe('เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์');
      });
    });
  });
}
