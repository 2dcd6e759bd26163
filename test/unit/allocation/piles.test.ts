// Order piles (docs/domain/allocation.md#piles, docs/domain/allocation.md#pile-examples), warehouse
// receive (docs/domain/allocation.md#warehouse-receive), row action
// (docs/domain/allocation.md#row-action), action preconditions
// (docs/domain/allocation.md#action-preconditions), scan normaliser and status check
// (docs/domain/allocation.md#scan-station).
import { describe, expect, it } from 'vitest';
import {
  computeAllocation,
  type ComputedStatus,
  type DisplayStatus,
  type OrderFlags,
} from '../../../src/domain/allocation';
import {
  backlogOrToday,
  canonicalStatusCode,
  changeBadge,
  checkOrderAction,
  currentGroup,
  issueSourceGroup,
  normaliseScan,
  orderSets,
  pileOf,
  pileTags,
  rowAction,
  scanCommand,
  statusCheck,
  warehouseReceive,
  type OrderSetInput,
  type PileLine,
} from '../../../src/domain/piles';
import { buildExample, OPEN } from './helpers';

/** A line whose displayed status equals its computed one (open, not accepted). */
const line = (s: ComputedStatus): PileLine => ({ computedStatus: s, displayStatus: s, accepted: false });
const accepted = (s: ComputedStatus): PileLine => ({ computedStatus: s, displayStatus: 'ACCEPTED', accepted: true });
const marked = (s: DisplayStatus, acc = false): PileLine => ({ computedStatus: null, displayStatus: s, accepted: acc });

function order(lines: PileLine[], flags: Partial<OrderFlags> = {}, extra: Partial<OrderSetInput> = {}): OrderSetInput {
  return { ...OPEN, ...flags, lines, sales: { status: '' }, scanned: false, issueSource: null, ...extra };
}

describe('pile examples X, Y, Z, W (docs/domain/allocation.md#pile-examples)', () => {
  it.each([
    ['X = {A READY_ACCEPT, B LOW_STOCK} -> กอง 2', order([line('READY_ACCEPT'), line('LOW_STOCK')]), 2],
    ['Y = {A READY_ACCEPT, B SHORTAGE} -> กอง 3', order([line('READY_ACCEPT'), line('SHORTAGE')]), 3],
    [
      'Z bill-empty (every line BILL_EMPTY) -> กอง 1',
      order([marked('BILL_EMPTY'), marked('BILL_EMPTY')], { billEmpty: true }),
      1,
    ],
    ['W = {A ACCEPTED, B READY_ACCEPT} -> no pile', order([accepted('READY_ACCEPT'), line('READY_ACCEPT')]), null],
  ] as const)('%s', (_, o, pile) => {
    expect(pileOf(o)).toBe(pile);
  });
  it('W still counts in รวมงานค้าง', () => {
    expect(orderSets(order([accepted('READY_ACCEPT'), line('READY_ACCEPT')])).pending).toBe(true);
  });
});

describe('pile example order 1001 (docs/domain/allocation.md#pile-examples)', () => {
  it('A-1 READY + B-7 LOW -> กอง 2; B-7 SHORTAGE -> กอง 3; A-1 accepted -> neither 1 nor 2', () => {
    expect(pileOf(order([line('READY_ACCEPT'), line('LOW_STOCK')]))).toBe(2);
    expect(pileOf(order([line('READY_ACCEPT'), line('SHORTAGE')]))).toBe(3);
    expect(pileOf(order([accepted('READY_ACCEPT'), line('LOW_STOCK')]))).toBeNull();
  });
});

describe('pile rules (docs/domain/allocation.md#piles)', () => {
  it.each([
    ['every line READY_ACCEPT', order([line('READY_ACCEPT'), line('READY_ACCEPT')]), 1],
    ['only LOW_STOCK', order([line('LOW_STOCK')]), 2],
    ['NOT_ENOUGH -> 3', order([line('NOT_ENOUGH'), line('LOW_STOCK')]), 3],
    [
      'accepted line + SHORTAGE line is still กอง 3 (rule has no accepted condition)',
      order([accepted('READY_ACCEPT'), line('SHORTAGE')]),
      3,
    ],
    [
      'an accepted line whose computed status is SHORTAGE displays ACCEPTED: not กอง 3',
      order([accepted('SHORTAGE')]),
      null,
    ],
    ['issued orders are in none', order([line('READY_ACCEPT')], { issued: true }), null],
    ['issued with a shortage: none', order([line('SHORTAGE')], { issued: true }), null],
    ['cancelled: none', order([marked('CANCELLED')], { cancelled: true }), null],
    ['packed: none', order([marked('PACKED')], { packed: true }), null],
    ['trashed: none', order([line('READY_ACCEPT')], { trashed: true }), null],
    ['bill-empty already accepted: none', order([marked('BILL_EMPTY', true)], { billEmpty: true }), null],
    ['bill-empty and issued: none', order([marked('BILL_EMPTY')], { billEmpty: true, issued: true }), null],
    ['an order without lines: none', order([]), null],
  ] as const)('%s', (_, o, pile) => {
    expect(pileOf(o)).toBe(pile);
  });

  it('the full set of an open, unscanned order in กอง 1 with a blank sales status', () => {
    expect(orderSets(order([line('READY_ACCEPT')])).sets).toEqual({
      ORDER_READY: true,
      ORDER_LOW_STOCK: false,
      ORDER_PROBLEM: false,
      BILL_EMPTY: false,
      ORDER_NO_SALES: true,
      ORDER_NOT_IN_SBS: false,
      ORDER_NOT_SCANNED: true,
      PACKED: false,
      ORDER_CANCELLED: false,
      ORDER_CANCELLED_PACKED: false,
      WH_RECEIVE_TOTAL: false,
      WH_RECEIVE_G1: false,
      WH_RECEIVE_G2: false,
      WH_RECEIVE_G3: false,
    });
  });
  it('sales-based sets', () => {
    const s = (sales: { status: string | null } | null, flags: Partial<OrderFlags> = {}) =>
      orderSets(order([line('READY_ACCEPT')], flags, { sales })).sets;
    expect(s(null)).toMatchObject({ ORDER_NOT_IN_SBS: true, ORDER_NO_SALES: false });
    expect(s({ status: null })).toMatchObject({ ORDER_NOT_IN_SBS: false, ORDER_NO_SALES: true });
    expect(s({ status: 'ยังไม่มีการเปิดใบขาย' })).toMatchObject({ ORDER_NO_SALES: true });
    // a partial invoice: neither packed nor "not packed yet"
    // (docs/domain/allocation.md#packed-predicate)
    expect(s({ status: 'เปิดใบขายบางส่วน' })).toMatchObject({ ORDER_NO_SALES: false, ORDER_NOT_IN_SBS: false });
    expect(s(null, { cancelled: true })).toMatchObject({ ORDER_NOT_IN_SBS: false });
    expect(s(null, { trashed: true })).toMatchObject({ ORDER_NOT_IN_SBS: false });
    // issued and bill-empty orders are pending, so they can still be "not in SBS"
    expect(s(null, { issued: true })).toMatchObject({ ORDER_NOT_IN_SBS: true });
  });
  it('bill-empty, scan, packed and cancelled sets', () => {
    const be = orderSets(order([marked('BILL_EMPTY')], { billEmpty: true, issued: true }, { scanned: true })).sets;
    expect(be).toMatchObject({ BILL_EMPTY: true, ORDER_NOT_SCANNED: false, ORDER_READY: false });
    expect(orderSets(order([marked('PACKED')], { packed: true })).sets).toMatchObject({
      PACKED: true,
      ORDER_NOT_SCANNED: false,
      ORDER_CANCELLED: false,
    });
    expect(orderSets(order([marked('CANCELLED')], { cancelled: true })).sets).toMatchObject({
      ORDER_CANCELLED: true,
      ORDER_CANCELLED_PACKED: false,
      PACKED: false,
    });
    expect(orderSets(order([marked('CANCELLED')], { cancelled: true, packed: true })).sets).toMatchObject({
      ORDER_CANCELLED: false,
      ORDER_CANCELLED_PACKED: true,
      PACKED: false,
    });
    const trashed = orderSets(order([marked('CANCELLED')], { cancelled: true, packed: true, trashed: true }));
    expect(Object.values(trashed.sets).some(Boolean)).toBe(false);
    expect(trashed.pending).toBe(false);
  });
  it('pile tags per order (docs/domain/allocation.md#orders-table)', () => {
    expect(pileTags(order([line('LOW_STOCK')], {}, { sales: null }))).toEqual(['กอง 2', 'ยังไม่นำเข้าSBS']);
    expect(pileTags(order([marked('BILL_EMPTY')], { billEmpty: true }))).toEqual(['กอง 1', 'บิลเปล่า', 'ยังไม่แพ็ค']);
    expect(
      pileTags(order([marked('CANCELLED')], { cancelled: true, packed: true }, { sales: { status: 'packed' } })),
    ).toEqual(['ยกเลิก(หลังแพ็ค)']);
    expect(pileTags(order([marked('PACKED')], { packed: true }, { sales: { status: 'packed' } }))).toEqual(['แพ็คแล้ว']);
  });
  it('status code aliases', () => {
    expect(canonicalStatusCode('ORDER_LOW')).toBe('ORDER_LOW_STOCK');
    expect(canonicalStatusCode('ORDER_SCAN_BARCODE')).toBe('ORDER_NOT_SCANNED');
    expect(canonicalStatusCode('SHORTAGE')).toBe('SHORTAGE');
  });
  it('ค้าง / วันนี้: earliest import date before today is ค้าง; missing or future is วันนี้', () => {
    expect(backlogOrToday('2025-03-02', '2025-03-03')).toBe('backlog');
    expect(backlogOrToday('2025-03-03', '2025-03-03')).toBe('today');
    expect(backlogOrToday('2025-03-04', '2025-03-03')).toBe('today');
    expect(backlogOrToday(null, '2025-03-03')).toBe('today');
  });
});

describe('piles over a real allocation (example C orders)', () => {
  it('N2 (SHORTAGE) -> กอง 3; N1 (accepted) -> none; N3 (issued) -> none, in คลังรับงาน G1', () => {
    const { lines, orders, idOf } = buildExample(
      [
        { name: 'N1', platform: 'Lazada', time: '08:00', qty: 3, accepted: true },
        { name: 'N2', platform: 'Shopee', time: '09:30', qty: 2 },
        { name: 'N3', platform: 'TikTok', time: '10:00', qty: 1, flags: { issued: true } },
      ],
      'C',
    );
    const r = computeAllocation({ lines, orders, stock: new Map([['C', 4]]) });
    const sets = (name: string, issueSource: string | null = null) => {
      const l = r.byLineId(idOf.get(name)!)!;
      return orderSets({ ...orders.get(l.orderId)!, lines: [l], sales: null, scanned: false, issueSource });
    };
    expect(sets('N2').pile).toBe(3);
    expect(sets('N1').pile).toBeNull();
    expect(sets('N3', 'manual')).toMatchObject({ pile: null, warehouseGroup: 'G1' });
    // N3 computed LOW_STOCK, issued from the Picking list (G1): now G2
    const n3 = r.byLineId(idOf.get('N3')!)!;
    expect(warehouseReceive({ ...orders.get(n3.orderId)!, issueSource: 'print:picking', lines: [n3] })).toEqual({
      group: 'G1',
      current: 'G2',
      badge: 'สถานะเปลี่ยน (G1→G2)',
    });
  });
});

describe('warehouse receive (docs/domain/allocation.md#warehouse-receive)', () => {
  it.each([
    ['print:lowstock', 'G2'],
    ['print:nostock', 'G3'],
    ['print:notenough', 'G3'],
    ['print:picking', 'G1'],
    ['picking:round_2', 'G1'],
    ['import', 'G1'],
    ['manual', 'G1'],
    [null, 'G1'],
  ] as const)('source %s -> %s', (source, group) => {
    expect(issueSourceGroup(source)).toBe(group);
  });
  it('members: issued and not packed, including cancelled and trashed', () => {
    const wh = (flags: Partial<OrderFlags>) =>
      warehouseReceive({ ...OPEN, issued: true, ...flags, issueSource: 'print:nostock', lines: [line('SHORTAGE')] });
    expect(wh({})).toEqual({ group: 'G3', current: 'G3', badge: null });
    expect(wh({ cancelled: true })).toEqual({ group: 'G3', current: 'CANCELLED', badge: 'ยกเลิกแล้ว' });
    expect(wh({ trashed: true, cancelled: true })).toEqual({ group: 'G3', current: 'DELETED', badge: 'ถูกลบแล้ว' });
    expect(wh({ packed: true })).toBeNull();
    expect(wh({ issued: false })).toBeNull();
  });
  it('current group: worst computed status of the lines', () => {
    const g = (...s: ComputedStatus[]) => currentGroup({ ...OPEN, lines: s.map(line) });
    expect(g('READY_ACCEPT', 'READY_ACCEPT')).toBe('G1');
    expect(g('READY_ACCEPT', 'LOW_STOCK')).toBe('G2');
    expect(g('LOW_STOCK', 'NOT_ENOUGH')).toBe('G3');
    expect(g('SHORTAGE')).toBe('G3');
    // bill-empty lines take no part in allocation (computed null): G1
    expect(currentGroup({ ...OPEN, lines: [marked('BILL_EMPTY')] })).toBe('G1');
  });
  it.each([
    ['G3', 'G1', 'ของเข้าแล้ว (G3→G1)'],
    ['G3', 'G2', 'ของเข้าแล้ว (G3→G2)'],
    ['G1', 'G3', 'ของหมด/ไม่พอ (G1→G3)'],
    ['G2', 'G3', 'ของหมด/ไม่พอ (G2→G3)'],
    ['G1', 'G2', 'สถานะเปลี่ยน (G1→G2)'],
    ['G2', 'G1', 'สถานะเปลี่ยน (G2→G1)'],
    ['G1', 'DELETED', 'ถูกลบแล้ว'],
    ['G2', 'CANCELLED', 'ยกเลิกแล้ว'],
    ['G1', 'G1', null],
    ['G3', 'G3', null],
  ] as const)('%s -> %s: %s', (from, to, badge) => {
    expect(changeBadge(from, to)).toBe(badge);
  });
});

describe('row action (docs/domain/allocation.md#row-action)', () => {
  it.each([
    [
      'cancelled -> -',
      marked('CANCELLED'),
      order([marked('CANCELLED')], { cancelled: true }),
      'none',
      '-',
      false,
      false,
    ],
    [
      'issued -> disabled จ่ายแล้ว',
      line('READY_ACCEPT'),
      order([line('READY_ACCEPT')], { issued: true }),
      'issued',
      'จ่ายแล้ว',
      false,
      true,
    ],
    ['accepted -> ถอย', accepted('READY_ACCEPT'), order([accepted('READY_ACCEPT')]), 'unaccept', 'ถอย', true, true],
    ['order in กอง 1 -> รับ', line('READY_ACCEPT'), order([line('READY_ACCEPT')]), 'accept', 'รับ', true, true],
    [
      'bill-empty order in กอง 1 -> รับ',
      marked('BILL_EMPTY'),
      order([marked('BILL_EMPTY')], { billEmpty: true }),
      'accept',
      'รับ',
      true,
      true,
    ],
    [
      'READY line of a กอง 2 order -> รอครบ',
      line('READY_ACCEPT'),
      order([line('READY_ACCEPT'), line('LOW_STOCK')]),
      'wait',
      'รอครบ',
      false,
      true,
    ],
    [
      'READY line beside an accepted line (W) -> รอครบ',
      line('READY_ACCEPT'),
      order([accepted('READY_ACCEPT'), line('READY_ACCEPT')]),
      'wait',
      'รอครบ',
      false,
      true,
    ],
    [
      'LOW line -> disabled รับ',
      line('LOW_STOCK'),
      order([line('READY_ACCEPT'), line('LOW_STOCK')]),
      'accept',
      'รับ',
      false,
      true,
    ],
    ['SHORTAGE line -> disabled รับ', line('SHORTAGE'), order([line('SHORTAGE')]), 'accept', 'รับ', false, true],
    [
      'PACKED line -> disabled รับ, no cancel button',
      marked('PACKED'),
      order([marked('PACKED')], { packed: true }),
      'accept',
      'รับ',
      false,
      false,
    ],
    [
      'accepted line of a packed order -> ถอย disabled (server refuses)',
      marked('PACKED', true),
      order([marked('PACKED', true)], { packed: true }),
      'unaccept',
      'ถอย',
      false,
      false,
    ],
  ] as const)('%s', (_, l, o, kind, label, enabled, cancelButton) => {
    expect(rowAction(l, o)).toEqual({ kind, label, enabled, cancelButton });
  });
});

describe('action preconditions and skip reasons (docs/domain/allocation.md#action-preconditions)', () => {
  const ready = [line('READY_ACCEPT')];
  it.each([
    ['accept: cancelled', 'accept', order(ready, { cancelled: true }), 'ถูกยกเลิก'],
    ['accept: issued', 'accept', order(ready, { issued: true }), 'จ่ายงานแล้ว'],
    ['accept: packed', 'accept', order(ready, { packed: true }), 'ถูกแพ็คแล้ว'],
    ['accept: กอง 2', 'accept', order([line('LOW_STOCK')]), 'ไม่อยู่ในกอง 1'],
    [
      'accept: partial acceptance (W)',
      'accept',
      order([accepted('READY_ACCEPT'), line('READY_ACCEPT')]),
      'ไม่อยู่ในกอง 1',
    ],
    ['accept: trashed', 'accept', order(ready, { trashed: true }), 'ถูกลบแล้ว'],
    ['unaccept: issued', 'unaccept', order([accepted('READY_ACCEPT')], { issued: true }), 'จ่ายงานแล้ว'],
    ['unaccept: packed', 'unaccept', order([accepted('READY_ACCEPT')], { packed: true }), 'ถูกแพ็คแล้ว'],
    ['unaccept: cancelled', 'unaccept', order([accepted('READY_ACCEPT')], { cancelled: true }), 'ถูกยกเลิก'],
    ['unaccept: nothing accepted', 'unaccept', order(ready), 'ยังไม่ได้กดรับ'],
    ['uncancel: not cancelled', 'uncancel', order(ready), 'ไม่ได้ถูกยกเลิก'],
    ['restore: not trashed', 'restore', order(ready), 'ไม่อยู่ในถังขยะ'],
    ['purge: not trashed', 'purge', order(ready), 'ไม่อยู่ในถังขยะ'],
    ['unissue: not issued', 'unissue', order(ready), 'ยังไม่ได้จ่ายงาน'],
  ] as const)('%s -> %s', (_, action, o, reason) => {
    expect(checkOrderAction(action, o)).toMatchObject({ ok: false, reason });
  });
  it.each([
    ['accept: กอง 1', 'accept', order(ready)],
    ['accept: bill-empty in กอง 1 (README)', 'accept', order([marked('BILL_EMPTY')], { billEmpty: true })],
    ['unaccept: accepted, open', 'unaccept', order([accepted('LOW_STOCK')])],
    ['uncancel: cancelled', 'uncancel', order([marked('CANCELLED')], { cancelled: true })],
    ['restore: trashed', 'restore', order(ready, { trashed: true })],
    ['purge: trashed', 'purge', order(ready, { trashed: true })],
    ['unissue: issued', 'unissue', order(ready, { issued: true })],
    ['cancel after packing', 'cancel', order([marked('PACKED')], { packed: true, issued: true })],
    ['trash twice (idempotent)', 'trash', order(ready, { trashed: true })],
  ] as const)('%s -> ok', (_, action, o) => {
    expect(checkOrderAction(action, o)).toEqual({ ok: true });
  });
});

describe('scan normaliser, the same on both sides (docs/domain/allocation.md#scan-station)', () => {
  it.each([
    ['  2503-03_abc  ', '250303ABC'],
    ['Shopee Order No. 2503 03ABC', '250303ABC'],
    ['LAZADA ORDER NUMBER: 1234-5678', '12345678'],
    ['lazada order number:1234_5678', '12345678'],
    ['Order No. TT-99', 'TT99'],
    ['order: x 1', 'X1'],
    ['\t880001\n', '880001'],
    // only a LEADING prefix is stripped, and only one
    ['ABC ORDER: 1', 'ABCORDER:1'],
    ['ORDER: ORDER: 5', 'ORDER:5'],
  ])('%j -> %j', (raw, normalised) => {
    expect(normaliseScan(raw)).toBe(normalised);
  });
  it('matches an order id normalised the same way', () => {
    expect(normaliseScan('SHOPEE ORDER NO. 250303-abc')).toBe(normaliseScan('250303ABC'));
  });
  it('page commands', () => {
    expect(scanCommand(' ALL ')).toBe('all');
    expect(scanCommand('reset')).toBe('reset');
    expect(scanCommand('12345')).toBeNull();
  });
});

describe('status check summary (docs/domain/allocation.md#scan-station)', () => {
  const check = (flags: Partial<OrderFlags>, statuses: (ComputedStatus | null)[], hasSalesRecord = true) =>
    statusCheck({ ...OPEN, ...flags, hasSalesRecord, lines: statuses.map((computedStatus) => ({ computedStatus })) });
  it('worst computed status: SHORTAGE > NOT_ENOUGH > LOW_STOCK > READY', () => {
    expect(check({}, ['READY_ACCEPT', 'LOW_STOCK', 'SHORTAGE', 'NOT_ENOUGH']).stock).toBe('SHORTAGE');
    expect(check({}, ['READY_ACCEPT', 'NOT_ENOUGH', 'LOW_STOCK']).stock).toBe('NOT_ENOUGH');
    expect(check({}, ['LOW_STOCK', 'READY_ACCEPT']).stock).toBe('LOW_STOCK');
    expect(check({}, ['READY_ACCEPT']).stock).toBe('READY');
    expect(check({ cancelled: true }, [null]).stock).toBeNull();
  });
  it.each([
    ['cancelled -> danger', { cancelled: true }, [null], true, 'danger', ['ยกเลิก'], false],
    ['shortage -> danger', {}, ['SHORTAGE'], true, 'danger', ['กอง3_ไม่มีสินค้า'], true],
    ['not enough -> danger', {}, ['NOT_ENOUGH'], true, 'danger', ['กอง3_สินค้าไม่พอส่ง'], true],
    ['not in SBS -> warning', {}, ['READY_ACCEPT'], false, 'warning', ['ยังไม่นำเข้า SBS', 'กอง1_ใบงานคลัง'], true],
    ['low stock -> warning', {}, ['LOW_STOCK'], true, 'warning', ['กอง2_สินค้าน้อย'], true],
    ['packed -> dark', { packed: true }, [null], true, 'dark', ['แพ็คแล้ว'], false],
    ['issued -> info', { issued: true }, ['READY_ACCEPT'], true, 'info', ['จ่ายงานแล้ว', 'กอง1_ใบงานคลัง'], true],
    ['ready -> success', {}, ['READY_ACCEPT'], true, 'success', ['กอง1_ใบงานคลัง'], true],
    [
      'issued + low stock -> warning',
      { issued: true },
      ['LOW_STOCK'],
      true,
      'warning',
      ['จ่ายงานแล้ว', 'กอง2_สินค้าน้อย'],
      true,
    ],
  ] as const)('%s', (_, flags, statuses, sbs, colour, names, recordScan) => {
    const c = check(flags, [...statuses], sbs);
    expect({ colour: c.colour, names: c.names, recordScan: c.recordScan }).toEqual({ colour, names, recordScan });
  });
  it('links to the matching report', () => {
    expect(check({}, ['SHORTAGE']).report).toBe('nostock');
    expect(check({}, ['NOT_ENOUGH']).report).toBe('notenough');
    expect(check({}, ['LOW_STOCK']).report).toBe('lowstock');
    expect(check({}, ['READY_ACCEPT']).report).toBe('warehouse');
  });
});
