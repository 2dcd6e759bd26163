// Clock-dependent rules through the API on the Node targets (their clock is settable): SLA due
// dates and labels (docs/domain/sla.md) with holidays from the holidays API, the dashboard view
// modes and their "today" cards (docs/domain/allocation.md#view-modes,
// docs/domain/allocation.md#dashboard-cards), the cache per data version, and purge refusing to run
// without its backup.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { bkk, seed, type SeedOrder, type SeedPlatform } from '../support/seed';
import { fileTarget, remoteTarget, type Target } from '../support/targets';

type Item = Record<string, any>;

// Sessions are issued on the app's clock, and a token issued "in the future" is refused: the
// clock starts before every date used here, and sessions last the whole span (30 days).
const CLOCK_START = bkk('2025-03-01 00:00');
const clockTarget = (make: (opts: { env: Record<string, string> }) => Promise<Target>) => async () => {
  const target = await make({ env: { SESSION_TTL_HOURS: '720' } });
  target.clock!.now = CLOCK_START;
  return target;
};

function defineClockSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`orders with a set clock [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    const setNow = (wall: string | number) => {
      target.clock!.now = typeof wall === 'number' ? wall : bkk(wall);
    };

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      await api.token('user');
    });
    afterAll(async () => {
      await target?.close();
    });

    const line = async (orderNo: string): Promise<Item> => {
      const res = await api.get(`/api/orders?view=all&q=${encodeURIComponent(orderNo)}`, 'user');
      expect(res.status).toBe(200);
      const found = res.body.items.filter((i: Item) => i.orderNo === orderNo);
      expect(found).toHaveLength(1);
      return found[0];
    };

    describe('SLA (docs/domain/sla.md#worked-examples table, cut-offs, holidays, Bangkok midnight)', () => {
      const cases: [SeedPlatform, string, string, string, string][] = [
        ['Shopee', '2025-03-03 11:59', '2025-03-03', '2025-03-03', 'วันนี้'],
        ['Shopee', '2025-03-03 12:00:00', '2025-03-03', '2025-03-03', 'วันนี้'],
        ['Shopee', '2025-03-03 12:00:01', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
        ['Shopee', '2025-03-03 12:01', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
        ['Shopee', '2025-03-03 11:59', '2025-03-04', '2025-03-03', 'เลยกำหนด (1 วัน)'],
        ['Lazada', '2025-03-03 11:00:00', '2025-03-03', '2025-03-03', 'วันนี้'],
        ['Lazada', '2025-03-03 11:00:01', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
        ['Lazada', '2025-03-03 11:30', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
        ['TikTok', '2025-03-07 15:00', '2025-03-07', '2025-03-10', 'พรุ่งนี้'],
        ['Other', '2025-03-07 12:30', '2025-03-07', '2025-03-10', 'พรุ่งนี้'],
        ['Shopee', '2025-03-08 10:00', '2025-03-08', '2025-03-10', 'วันนี้'],
        ['Shopee', '2025-03-07 09:00', '2025-03-08', '2025-03-07', 'เลยกำหนด (1 วัน)'],
        ['Lazada', '2025-03-06 13:00', '2025-03-10', '2025-03-07', 'เลยกำหนด (1 วัน)'],
        ['Shopee', '2025-03-07 09:00', '2025-03-11', '2025-03-07', 'เลยกำหนด (2 วัน)'],
        ['Shopee', '2025-03-12 09:00', '2025-03-10', '2025-03-12', 'อีก 2 วัน'],
      ];

      beforeAll(async () => {
        await seed(target, {
          stock: { 'SLA-1': 1000 },
          orders: cases.map(
            ([platform, time], i): SeedOrder => ({
              platform,
              shop: `SLA ${platform}`,
              orderNo: `SLA-${i}`,
              orderTime: time,
              lines: [{ sku: 'SLA-1', qty: 1 }],
            }),
          ),
        });
      });

      it.each(cases.map((c, i) => [i, ...c] as const))(
        'case %i: %s ordered %s, today %s -> due %s, %s',
        async (i, _p, _t, today, due, label) => {
          setNow(`${today} 10:00`);
          const l = await line(`SLA-${i}`);
          expect(l.dueAt).toBe(due);
          expect(l.sla.label).toBe(label);
          expect(l.sla.overdue).toBe(label.startsWith('เลยกำหนด'));
          const expectedDays =
            label === 'วันนี้'
              ? 0
              : label === 'พรุ่งนี้'
                ? 1
                : label.startsWith('อีก')
                  ? Number(label.split(' ')[1])
                  : -Number(label.match(/\d+/)![0]);
          expect(l.sla.daysLeft).toBe(expectedDays);
        },
      );

      it('a holiday declared through the holidays API moves the due date and the label', async () => {
        await seed(target, {
          orders: [
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-HOL',
              orderTime: '2025-03-03 13:00',
              lines: [{ sku: 'SLA-1', qty: 1 }],
            },
          ],
        });
        setNow('2025-03-03 15:00');
        expect(await line('SLA-HOL')).toMatchObject({ dueAt: '2025-03-04', sla: { label: 'พรุ่งนี้' } });
        expect((await api.put('/api/admin/holidays', { holidays: ['2025-03-04'] })).status).toBe(200);
        expect(await line('SLA-HOL')).toMatchObject({ dueAt: '2025-03-05', sla: { label: 'พรุ่งนี้', daysLeft: 1 } });
        // On the holiday itself the reference day is the next business day.
        setNow('2025-03-04 10:00');
        expect((await line('SLA-HOL')).sla.label).toBe('วันนี้');
        setNow('2025-03-06 10:00');
        expect((await line('SLA-HOL')).sla.label).toBe('เลยกำหนด (1 วัน)');
        await api.put('/api/admin/holidays', { holidays: [] });
        expect((await line('SLA-HOL')).dueAt).toBe('2025-03-04');
      });

      it('uses Bangkok dates, not UTC: an order at 00:30 Bangkok is dated that day, and the day turns at 17:00 UTC', async () => {
        // 2025-03-03T17:30Z is Tuesday 2025-03-04 00:30 in Bangkok (still Monday in UTC).
        await seed(target, {
          orders: [
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-MID',
              orderTime: Date.parse('2025-03-03T17:30:00Z'),
              lines: [{ sku: 'SLA-1', qty: 1 }],
            },
          ],
        });
        setNow(Date.parse('2025-03-03T16:59:59Z'));
        expect(await line('SLA-MID')).toMatchObject({ dueAt: '2025-03-04', sla: { label: 'พรุ่งนี้' } });
        setNow(Date.parse('2025-03-03T17:00:00Z'));
        expect((await line('SLA-MID')).sla.label).toBe('วันนี้');
        // 05:00 UTC is exactly the 12:00 Bangkok cut-off.
        await seed(target, {
          orders: [
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-CUT-A',
              orderTime: Date.parse('2025-03-05T05:00:00Z'),
              lines: [{ sku: 'SLA-1', qty: 1 }],
            },
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-CUT-B',
              orderTime: Date.parse('2025-03-05T05:00:01Z'),
              lines: [{ sku: 'SLA-1', qty: 1 }],
            },
          ],
        });
        expect((await line('SLA-CUT-A')).dueAt).toBe('2025-03-05');
        expect((await line('SLA-CUT-B')).dueAt).toBe('2025-03-06');
      });

      it('no SLA without an order time, nor for packed, cancelled or bill-empty orders', async () => {
        await seed(target, {
          orders: [
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-NT',
              orderTime: null,
              lines: [{ sku: 'SLA-1', qty: 1 }],
            },
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-PK',
              lines: [{ sku: 'SLA-1', qty: 1 }],
              sales: 'opened_full',
            },
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-CX',
              lines: [{ sku: 'SLA-1', qty: 1 }],
              cancelled: 'x',
            },
            {
              platform: 'Shopee',
              shop: 'SLA Shopee',
              orderNo: 'SLA-BE',
              lines: [{ sku: 'SLA-1', qty: 1 }],
              billEmpty: true,
            },
          ],
        });
        setNow('2025-03-03 10:00');
        for (const no of ['SLA-NT', 'SLA-PK', 'SLA-CX', 'SLA-BE'])
          expect(await line(no)).toMatchObject({ sla: null, dueAt: null });
      });

      it('filters by due=today|tomorrow|overdue', async () => {
        setNow('2025-03-03 10:00');
        const nos = async (due: string) =>
          (await api.get(`/api/orders?view=all&q=SLA-&due=${due}&limit=500`, 'user')).body.items
            .map((i: Item) => i.orderNo)
            .filter((n: string) => /^SLA-\d+$/.test(n))
            .sort();
        // Today = Monday 2025-03-03: cases 0, 1, 4, 5 are due today; 2, 3, 6, 7 tomorrow.
        expect(await nos('today')).toEqual(['SLA-0', 'SLA-1', 'SLA-4', 'SLA-5']);
        expect(await nos('tomorrow')).toEqual(['SLA-2', 'SLA-3', 'SLA-6', 'SLA-7']);
        setNow('2025-03-11 10:00');
        expect(await nos('overdue')).toEqual([
          'SLA-0',
          'SLA-1',
          'SLA-10',
          'SLA-11',
          'SLA-12',
          'SLA-13',
          'SLA-2',
          'SLA-3',
          'SLA-4',
          'SLA-5',
          'SLA-6',
          'SLA-7',
          'SLA-8',
          'SLA-9',
        ]);
      });
    });

    describe('view modes and today cards (docs/domain/allocation.md#view-modes, docs/domain/allocation.md#dashboard-cards)', () => {
      let scoped: Target;
      let sapi: ApiClient;
      const today = '2025-03-12';
      const yesterday = '2025-03-11';

      beforeAll(async () => {
        scoped = await makeTarget();
        sapi = new ApiClient(scoped);
        await sapi.token('user');
        scoped.clock!.now = bkk(`${today} 15:00`);
        const o = (orderNo: string, extra: Partial<SeedOrder>): SeedOrder => ({
          platform: 'Shopee',
          shop: 'Mode Shop',
          orderNo,
          orderTime: `${yesterday} 09:00`,
          importDate: yesterday,
          lines: [{ sku: 'MODE-1', qty: 1 }],
          sales: 'ยังไม่มีการเปิดใบขาย',
          ...extra,
        });
        await seed(scoped, {
          stock: { 'MODE-1': 100 },
          orders: [
            o('M-OLD', {}),
            o('M-NEW', { importDate: today, orderTime: `${today} 09:00` }),
            o('M-PACK-T', { sales: { status: 'เปิดใบขายครบตามจำนวนแล้ว', packedAt: `${today} 10:00` } }),
            o('M-PACK-Y', { sales: { status: 'เปิดใบขายครบตามจำนวนแล้ว', packedAt: `${yesterday} 10:00` } }),
            o('M-CXL-T', { cancelled: { reason: 'วันนี้', at: `${today} 08:00` } }),
            o('M-CXL-Y', { cancelled: { reason: 'เมื่อวาน', at: `${yesterday} 08:00` } }),
            o('M-CXLP-T', {
              cancelled: { reason: 'หลังแพ็ค', at: `${today} 11:00` },
              sales: { status: 'packed', packedAt: `${yesterday} 12:00` },
            }),
            o('M-TRS-T', { trashed: { at: `${today} 09:00` } }),
            o('M-TRS-Y', { trashed: { at: `${yesterday} 09:00` } }),
            o('M-ISS-T', { issued: { at: `${today} 07:00`, source: 'print:picking' } }),
            o('M-ISS-Y', { issued: { at: `${yesterday} 07:00`, source: 'print:nostock' } }),
            o('M-ISS-NEW', { importDate: today, issued: { at: `${today} 07:30`, source: 'manual' } }),
            o('M-ISS-TRS', {
              issued: { at: `${yesterday} 07:00`, source: 'print:lowstock' },
              trashed: { at: `${yesterday} 18:00` },
            }),
          ],
        });
      });
      afterAll(async () => {
        await scoped?.close();
      });

      const dash = async (query = '') => {
        const res = await sapi.get(`/api/dashboard?${query}`, 'user');
        expect(res.status).toBe(200);
        return res.body;
      };
      const orderNos = async (query: string) => {
        const res = await sapi.get(`/api/orders?${query}${query ? '&' : ''}limit=500`, 'user');
        expect(res.status).toBe(200);
        return [...new Set(res.body.items.map((i: Item) => i.orderNo as string))].sort();
      };

      it('default view: all pending work plus orders packed or cancelled today; trashed ones only when issued', async () => {
        const body = await dash();
        expect(body).toMatchObject({ mode: 'default', today });
        expect(await orderNos('status=TOTAL')).toEqual(
          ['M-CXL-T', 'M-CXLP-T', 'M-ISS-NEW', 'M-ISS-T', 'M-ISS-TRS', 'M-ISS-Y', 'M-NEW', 'M-OLD', 'M-PACK-T'].sort(),
        );
        // The pending table hides packed and cancelled lines (and the trashed issued order).
        expect(await orderNos('')).toEqual(['M-ISS-NEW', 'M-ISS-T', 'M-ISS-Y', 'M-NEW', 'M-OLD']);
        expect(body.cards.TOTAL).toMatchObject({ orders: 5, backlog: 3, today: 2 });
        expect(body.cards.PACKED.orders).toBe(1);
        expect(body.cards.ORDER_CANCELLED.orders).toBe(1);
        expect(body.cards.ORDER_CANCELLED_PACKED.orders).toBe(1);
        expect(body.cards.TRASHED.orders).toBe(1);
        // จ่ายงานแล้ว in the default view: issued today.
        expect(body.cards.ISSUED.orders).toBe(2);
        // คลังรับงาน: split by the issue date; the trashed one carries its badge.
        expect(body.cards.WH_RECEIVE_TOTAL).toMatchObject({ orders: 4, backlog: 2, today: 2, changed: 2 });
        expect(body.cards.WH_RECEIVE_G3).toMatchObject({ orders: 1, changed: 1 });
        expect(body.cards.WH_RECEIVE_G2).toMatchObject({ orders: 1, changed: 1 });
        const whTrash = (await sapi.get('/api/orders?status=WH_RECEIVE_G2', 'user')).body.items[0];
        expect(whTrash).toMatchObject({ orderNo: 'M-ISS-TRS', warehouse: { badge: 'ถูกลบแล้ว' } });
      });

      it('today mode: lines imported today plus orders cancelled today', async () => {
        const body = await dash('mode=today');
        expect(body).toMatchObject({ mode: 'today', badge: 'ข้อมูลเฉพาะวันนี้ (Today)' });
        expect(await orderNos('mode=today&status=TOTAL')).toEqual(['M-CXL-T', 'M-CXLP-T', 'M-ISS-NEW', 'M-NEW']);
        expect(body.cards.ISSUED.orders).toBe(1);
        expect(body.cards.TOTAL).toMatchObject({ orders: 2, backlog: 0, today: 2 });
      });

      it('filtered mode: import and order dates, whole Bangkok days, inclusive', async () => {
        const body = await dash(`importedFrom=${today}&importedTo=${today}`);
        expect(body).toMatchObject({ mode: 'filtered', badge: 'มุมมองแบบกำหนดเอง (Filtered)' });
        expect(await orderNos(`importedFrom=${today}&status=TOTAL`)).toEqual(['M-ISS-NEW', 'M-NEW']);
        expect(await orderNos(`orderedFrom=${today}&orderedTo=${today}&status=TOTAL`)).toEqual(['M-NEW']);
        expect(await orderNos(`orderedTo=${yesterday}&status=PACKED`)).toEqual(['M-PACK-T', 'M-PACK-Y']);
        // DD/MM/BBBB is read as a Buddhist-era date.
        expect(await orderNos('orderedFrom=12/03/2568&status=TOTAL')).toEqual(['M-NEW']);
      });

      it('all-time view: everything but trashed orders that were never issued', async () => {
        const body = await dash('mode=all_time');
        expect(body.mode).toBe('all_time');
        expect(body.cards.PACKED.orders).toBe(2);
        expect(body.cards.ORDER_CANCELLED.orders).toBe(2);
        expect(body.cards.ISSUED.orders).toBe(4);
        expect(await orderNos('view=all')).not.toContain('M-TRS-T');
        expect(await orderNos('view=trash')).toEqual(['M-ISS-TRS', 'M-TRS-T', 'M-TRS-Y']);
        expect(await orderNos('view=issued')).toEqual(['M-ISS-NEW', 'M-ISS-T', 'M-ISS-Y']);
        expect(await orderNos('view=cancelled')).toEqual(['M-CXL-T', 'M-CXL-Y', 'M-CXLP-T']);
        expect(await orderNos('view=packed')).toEqual(['M-PACK-T', 'M-PACK-Y']);
        // Issued and trash views list the newest event first.
        const issued = (await sapi.get('/api/orders?view=issued', 'user')).body.items.map((i: Item) => i.orderNo);
        expect(issued).toEqual(['M-ISS-NEW', 'M-ISS-T', 'M-ISS-Y']);
      });

      it('a search counts only orders with a matching line; piles still judge whole orders', async () => {
        const body = await dash('q=m-old');
        expect(body.cards.TOTAL.orders).toBe(1);
        expect(body.cards.ORDER_READY.orders).toBe(1);
        expect(body.cards.PACKED.orders).toBe(0);
        expect(body.cards.ISSUED.orders).toBe(0);
        expect((await dash('q=M-ISS')).cards.ISSUED.orders).toBe(2);
      });

      it('a write moves the cards at once (the cache follows the data version)', async () => {
        const stats = () => (scoped as Target & { services: any }).services.readModel.stats;
        const loads = () => stats().fullBuilds + stats().refreshes;
        const before = loads();
        await dash();
        await dash();
        const after = loads();
        const builds = stats().fullBuilds;
        expect(after - before).toBeLessThanOrEqual(1);
        const [{ id }] = (await sapi.get('/api/orders?q=M-OLD', 'user')).body.items;
        expect(
          (await sapi.post('/api/orders/actions/cancel', { ids: [id], reason: 'ทดสอบแคช' }, 'user')).body.affected,
        ).toBe(1);
        const body = await dash();
        expect(body.cards.ORDER_CANCELLED.orders).toBe(2);
        expect(body.cards.TOTAL.orders).toBe(4);
        expect(loads()).toBe(after + 1);
        // The cancel came through the change feed: no rebuild.
        expect(stats().fullBuilds).toBe(builds);
      });
    });
  });
}

defineClockSuite('file adapter', clockTarget(fileTarget));
defineClockSuite('remote adapter', clockTarget(remoteTarget));

describe('purge without its backup', () => {
  it('answers 503 backup_failed and changes nothing when the pre_purge backup cannot be written', async () => {
    const target = await fileTarget();
    try {
      const api = new ApiClient(target);
      await api.token('user');
      const s = await seed(target, {
        orders: [{ platform: 'Shopee', shop: 'P', orderNo: 'PRG-FAIL', lines: [{ sku: 'X', qty: 1 }], trashed: true }],
      });
      // A file where the backup folder should be: the snapshot cannot be written.
      writeFileSync(join(target.dir, 'backups'), 'not a folder');
      const res = await api.post('/api/orders/actions/purge', { ids: [s.line('PRG-FAIL', 'X')] }, 'admin');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('backup_failed');
      const left = await target.sql.execute("SELECT count(*) AS n FROM orders WHERE order_no = 'PRG-FAIL'");
      expect(Number(left.rows[0].n)).toBe(1);
      const audit = await target.sql.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'order.purge'");
      expect(Number(audit.rows[0].n)).toBe(0);
    } finally {
      await target.close();
    }
  });
});
