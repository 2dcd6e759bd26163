// The pure pieces of the daily pages: reading the filters of a page link, the order actions'
// confirmations, roles and results, the chart data, the held upload, the scan station's words,
// and the scanner key mapping the scan page relies on.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  filtersQuery,
  ordersQueryOf,
  readOrdersFilters,
  safeOrdersBack,
} from '../../../src/ui/orders-query';
import { confirmationOf, mayRun, resultText, VIEW_ACTIONS } from '../../../src/ui/order-actions';
import { dayLabel, ordersPerDayChart, slaChart, troubleChart } from '../../../src/ui/charts/dashboard-data';
import { UploadHold } from '../../../src/ui/held-uploads';
import { nextStep, scanTone } from '../../../src/ui/pages/scan';
import { cardHref } from '../../../src/ui/pages/dashboard';
import { importHeadline, ordersMessage } from '../../../src/ui/pages/imports';
import { normaliseScan } from '../../../src/domain/piles';
import { scannerText, thaiKeysFromLatin } from '../../../src/domain/scan-keys';
import { ROUTE_ROLES } from '../../../src/http/route-roles';

describe('filters of a page link', () => {
  it('keeps known values, takes Thai and lower-case spellings, and drops what the API would refuse, with a Thai note', () => {
    const { filters, dropped } = readOrdersFilters({
      platform: 'อื่นๆ',
      status: 'order_ready',
      due: 'overdue',
      q: '  DP-1 ',
      mode: 'today',
      showChange: 'g2',
    });
    expect(filters).toMatchObject({
      platform: 'Other',
      status: 'ORDER_READY',
      due: 'overdue',
      q: 'DP-1',
      mode: 'today',
      showChange: 'G2',
    });
    expect(dropped).toEqual([]);
    const bad = readOrdersFilters({
      platform: 'Amazon',
      status: 'NOPE',
      due: 'someday',
      mode: 'forever',
      showChange: 'G9',
    });
    expect(bad.filters).toEqual(EMPTY_FILTERS);
    expect(bad.dropped).toHaveLength(5);
    expect(bad.dropped[0]).toBe("ไม่รู้จักแพลตฟอร์ม 'Amazon' จึงแสดงทุกแพลตฟอร์ม");
    // `ทั้งหมด` and `all` are no filter; the legacy all_time=1 is the all-time mode.
    expect(readOrdersFilters({ platform: 'ทั้งหมด', all_time: '1' }).filters).toMatchObject({
      platform: null,
      mode: 'all_time',
    });
  });

  it('round-trips through a link and becomes the service query of the view', () => {
    const { filters } = readOrdersFilters({ platform: 'Lazada', shop: 'Beta Home', importedFrom: '15/01/2568' });
    expect(filtersQuery(filters)).toEqual({ platform: 'Lazada', shop: 'Beta Home', importedFrom: '15/01/2568' });
    expect(readOrdersFilters(filtersQuery(filters)).filters).toEqual(filters);
    const q = ordersQueryOf('trash', filters, { page: 2, pageSize: 100 }, { key: 'qty', dir: 'desc' });
    expect(q).toMatchObject({
      view: 'trash',
      platform: 'Lazada',
      shop: 'Beta Home',
      importedFrom: '15/01/2568',
      page: 2,
      limit: 100,
      sort: 'qty',
      dir: 'desc',
    });
    // The default order is the service's own: no sort parameter.
    expect(ordersQueryOf('pending', filters, undefined, { key: 'default', dir: 'asc' }).sort).toBeUndefined();
  });

  it('`back` may only name a local orders page', () => {
    for (const ok of ['/orders', '/orders/issued?q=a%20b&page=2', '/orders/123']) expect(safeOrdersBack(ok)).toBe(ok);
    for (const bad of [
      '//evil.example/orders',
      'https://evil.example/orders',
      '/ordersx',
      '/orders/../admin',
      '/orders/abc',
      '/admin',
      '',
      null,
      '/\\evil.example',
    ]) {
      expect(safeOrdersBack(bad), String(bad)).toBe('/orders');
    }
  });

  it('a dashboard card leads to the orders list of its code, keeping the filters', () => {
    const f = readOrdersFilters({ platform: 'Shopee', q: 'x', due: 'today' }).filters;
    expect(cardHref('ORDER_READY', f)).toBe('/orders?platform=Shopee&q=x&due=today&status=ORDER_READY');
    expect(cardHref('ISSUED', f)).toBe('/orders/issued?platform=Shopee&q=x');
    expect(cardHref('TRASHED', f)).toBe('/orders/trash?platform=Shopee');
  });
});

describe('order actions on the pages', () => {
  it("asks the spec's questions with the number of orders", () => {
    expect(confirmationOf('trash', 3, false)).toBe('ยืนยันลบ 3 รายการ? (กู้คืนได้)');
    expect(confirmationOf('restore', 2, false)).toBe('ยืนยันกู้คืน 2 ออเดอร์ กลับไปหน้าหลัก?');
    expect(confirmationOf('unissue', 1, false)).toBe('ยืนยันยกเลิกจ่ายงาน 1 ออเดอร์?');
    expect(confirmationOf('accept', 5, false)).toBeNull();
    expect(confirmationOf('accept', 5, true)).toBe('ทำรายการ "กดรับงาน" กับทั้งหมด 5 ออเดอร์ที่ตรงกับตัวกรอง?');
  });

  it('offers each role what the API route allows (docs/domain/auth.md#permission-table)', () => {
    expect(ROUTE_ROLES['POST /api/orders/actions/trash']).toBe('staff');
    expect(
      (['accept', 'unaccept', 'cancel', 'trash', 'restore', 'unissue', 'purge'] as const).map((a) => mayRun('user', a)),
    ).toEqual([true, true, true, false, false, false, false]);
    expect((['trash', 'restore', 'unissue', 'uncancel', 'purge'] as const).map((a) => mayRun('staff', a))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(mayRun('admin', 'purge')).toBe(true);
    expect(VIEW_ACTIONS.trash.filter((a) => mayRun('user', a))).toEqual([]);
  });

  it('names five skipped orders, then how many more (docs/domain/allocation.md#action-preconditions, bulk accept)', () => {
    const skipped = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, orderNo: `SO-${i + 1}`, reason: 'ไม่อยู่ในกอง 1' }));
    const r = resultText('accept', { affected: 3, linesAffected: 4, skipped });
    expect(r.headline).toBe('กดรับงานแล้ว 3 ออเดอร์ (4 รายการ)');
    expect(r.tone).toBe('warning');
    expect(r.skipped).toEqual([
      'SO-1: ไม่อยู่ในกอง 1',
      'SO-2: ไม่อยู่ในกอง 1',
      'SO-3: ไม่อยู่ในกอง 1',
      'SO-4: ไม่อยู่ในกอง 1',
      'SO-5: ไม่อยู่ในกอง 1',
    ]);
    expect(r.more).toBe('... และอีก 2 รายการที่ไม่สามารถกดรับได้');
    expect(resultText('dispatch-round', { affected: 1, linesAffected: 2, skipped: [] }, 3)).toMatchObject({
      headline: 'บันทึกรอบจ่ายงานแล้ว (รอบที่ 3) 1 ออเดอร์ (2 รายการ)',
      tone: 'success',
      more: null,
    });
  });
});

describe('dashboard chart data', () => {
  const days = Array.from({ length: 14 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);
  const zero = () => new Array<number>(14).fill(0);

  it('one bar per day, platforms with orders only, and a sentence with the total, today and the busiest day', () => {
    const shopee = zero();
    const lazada = zero();
    shopee[13] = 4;
    shopee[2] = 7;
    lazada[2] = 2;
    const chart = ordersPerDayChart({
      days,
      counts: { Shopee: shopee, TikTok: zero(), Lazada: lazada, Other: zero() },
    });
    expect(chart.categories[0]).toBe('01/03');
    expect(chart.categories).toHaveLength(14);
    expect(chart.series.map((s) => s.name)).toEqual(['Shopee', 'Lazada']);
    expect(chart.values).toEqual([shopee, lazada]);
    expect(chart.summary).toBe('นำเข้ารวม 13 ออเดอร์ใน 14 วัน วันนี้ 4 ออเดอร์ มากที่สุดวันที่ 03/03 (9 ออเดอร์)');
    expect(
      ordersPerDayChart({ days, counts: { Shopee: zero(), TikTok: zero(), Lazada: zero(), Other: zero() } }),
    ).toMatchObject({
      summary: 'ไม่มีออเดอร์นำเข้าใน 14 วันที่ผ่านมา',
      series: [{ name: 'Shopee' }, { name: 'TikTok' }, { name: 'Lazada' }, { name: 'อื่นๆ' }],
    });
    expect(dayLabel('2025-12-31')).toBe('31/12');
  });

  it('SLA and stock trouble bars in the order a person reads them', () => {
    expect(slaChart({ overdue: 4, today: 12, tomorrow: 1 })).toMatchObject({
      items: [
        { label: 'เลยกำหนด', value: 4 },
        { label: 'ครบกำหนดวันนี้', value: 12 },
        { label: 'พรุ่งนี้', value: 1 },
      ],
      summary: 'งานค้าง: เลยกำหนด 4 ออเดอร์ ครบกำหนดวันนี้ 12 ออเดอร์ พรุ่งนี้ 1 ออเดอร์',
    });
    expect(troubleChart({ low: 9, shortage: 3, notEnough: 2 }).items.map((i) => [i.label, i.value])).toEqual([
      ['กอง 2: สินค้าน้อย', 9],
      ['กอง 3: ไม่มีสินค้า', 3],
      ['กอง 3: ไม่พอส่ง', 2],
    ]);
  });
});

describe('the held upload of a dry run', () => {
  const file = (n: number) => ({ fileName: `f${n}.csv`, bytes: new Uint8Array(n) });
  const staff = { userId: 7, kind: 'orders' };

  it('gives the file back only to the user and kind that checked it, until it expires or is dropped', () => {
    const hold = new UploadHold({ ttlMs: 1000, maxEntries: 4, maxBytes: 100 });
    const token = hold.put(staff, file(10), 0)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(hold.get(token, staff, 999)?.fileName).toBe('f10.csv');
    expect(hold.get(token, { userId: 8, kind: 'orders' }, 999)).toBeNull();
    expect(hold.get(token, { userId: 7, kind: 'stock' }, 999)).toBeNull();
    expect(hold.get(token, staff, 1000)).toBeNull();
    const again = hold.put(staff, file(10), 0)!;
    hold.drop(again);
    expect(hold.get(again, staff, 1)).toBeNull();
  });

  it('keeps within its budget: the oldest go first; a file over the budget is not held', () => {
    const hold = new UploadHold({ ttlMs: 1000, maxEntries: 2, maxBytes: 100 });
    const a = hold.put(staff, file(40), 0)!;
    const b = hold.put(staff, file(40), 0)!;
    const c = hold.put(staff, file(40), 0)!;
    expect([hold.get(a, staff, 1), hold.get(b, staff, 1)?.bytes.length, hold.get(c, staff, 1)?.bytes.length]).toEqual([
      null,
      40,
      40,
    ]);
    const d = hold.put(staff, file(70), 0)!;
    expect(hold.size).toBe(1);
    expect(hold.get(d, staff, 1)?.bytes.length).toBe(70);
    expect(hold.put(staff, file(101), 0)).toBeNull();
  });
});

describe('import results in words (docs/domain/imports.md#what-the-page-shows-after-an-import)', () => {
  it('the headline of each status and the legacy orders message', () => {
    expect(importHeadline({ status: 'committed', errors: 0 })).toBe('นำเข้าสำเร็จ');
    expect(importHeadline({ status: 'partial', errors: 2 })).toBe('นำเข้าบางส่วน');
    expect(importHeadline({ status: 'rejected', errors: 7 })).toBe('ไม่ได้นำเข้า — พบข้อผิดพลาด 7 แถว');
    expect(ordersMessage({ added: 2, duplicatesCrossDay: 0, duplicatesSameDay: 1, rejected: 7 })).toBe(
      'นำเข้า: เพิ่ม 2 | ซ้ำข้ามวัน 0 (ซ้ำวันนี้ 1 - ไม่นับ) | ไม่สำเร็จ 7',
    );
    expect(ordersMessage({ added: 6, duplicatesCrossDay: 0, duplicatesSameDay: 0, rejected: 0 })).toBe(
      'นำเข้า: เพิ่ม 6 | ซ้ำข้ามวัน 0 | ไม่สำเร็จ 0',
    );
  });
});

describe('the scan station', () => {
  it('maps a number typed with the Thai layout back before the scan normalisation, as the page does', () => {
    expect(scannerText('ๅ/-ภ')).toBe('1234');
    // Shifted Thai keys are capital letters: a Shopee number with letters.
    const typed = thaiKeysFromLatin('261204T7NT2X01');
    expect(typed).not.toMatch(/[A-Za-z0-9]/);
    expect(normaliseScan(scannerText(typed))).toBe('261204T7NT2X01');
    expect(normaliseScan(scannerText(' shopee order no. 2612-04t7 '))).toBe('261204T7');
  });

  it('says what to do next and sounds a problem only for what must stop', () => {
    expect(nextStep({ flags: ['CANCELLED'], stock: 'READY', trashed: false })).toBe(
      'ออเดอร์ถูกยกเลิก ห้ามแพ็คและส่ง แยกสินค้าออก',
    );
    expect(nextStep({ flags: [], stock: 'SHORTAGE', trashed: false })).toBe('ไม่มีสินค้า รอสินค้าเข้า (กอง 3)');
    expect(nextStep({ flags: ['NOT_IN_SBS'], stock: 'READY', trashed: false })).toBe('พร้อม ส่งต่อใบงานคลัง (กอง 1)');
    expect(nextStep({ flags: [], stock: null, trashed: true })).toBe('ออเดอร์นี้อยู่ในถังขยะ ไม่ต้องแพ็ค');
    expect(scanTone([])).toBe('problem');
    expect(scanTone([{ colour: 'success' }, { colour: 'warning' }])).toBe('ok');
    expect(scanTone([{ colour: 'success' }, { colour: 'danger' }])).toBe('problem');
  });
});
