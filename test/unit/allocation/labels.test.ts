// Label table and precedence (docs/domain/allocation.md#labels), packed predicate
// (docs/domain/allocation.md#packed-predicate), sales text
// (docs/domain/allocation.md#allqty-and-sales-text).
import { describe, expect, it } from 'vitest';
import {
  isPackedStatus,
  salesText,
  STATUS_LABELS,
  statusLabel,
  type DisplayStatus,
} from '../../../src/domain/allocation';

describe('STATUS_LABELS (docs/domain/allocation.md#labels)', () => {
  it.each([
    ['READY_ACCEPT', 'พร้อมรับ'],
    ['ACCEPTED', 'รับแล้ว'],
    ['LOW_STOCK', 'สินค้าน้อย'],
    ['SHORTAGE', 'ไม่มีสินค้า'],
    ['NOT_ENOUGH', 'สินค้าไม่พอส่ง'],
    ['BILL_EMPTY', 'บิลเปล่า'],
    ['PACKED', 'แพ็คแล้ว'],
    ['CANCELLED', 'ยกเลิก'],
  ] as const)('%s -> %s', (code, label) => {
    expect(STATUS_LABELS[code]).toBe(label);
  });
  it('has exactly the eight codes', () => {
    expect(Object.keys(STATUS_LABELS)).toHaveLength(8);
  });
});

describe('statusLabel precedence: ยกเลิก > แพ็คแล้ว > จ่ายแล้ว > displayed status', () => {
  const flags = (f: Partial<{ cancelled: boolean; packed: boolean; issued: boolean }>) => ({
    cancelled: false,
    packed: false,
    issued: false,
    ...f,
  });
  it.each<[string, DisplayStatus | null, Partial<{ cancelled: boolean; packed: boolean; issued: boolean }>, string]>([
    ['cancelled + issued (legacy export showed จ่ายแล้ว, 7.17)', 'CANCELLED', { cancelled: true, issued: true }, 'ยกเลิก'],
    ['cancelled + packed', 'CANCELLED', { cancelled: true, packed: true }, 'ยกเลิก'],
    ['packed + issued', 'PACKED', { packed: true, issued: true }, 'แพ็คแล้ว'],
    ['issued, accepted', 'ACCEPTED', { issued: true }, 'จ่ายแล้ว'],
    ['issued, not accepted', 'SHORTAGE', { issued: true }, 'จ่ายแล้ว'],
    ['accepted', 'ACCEPTED', {}, 'รับแล้ว'],
    ['bill-empty', 'BILL_EMPTY', {}, 'บิลเปล่า'],
    ['ready', 'READY_ACCEPT', {}, 'พร้อมรับ'],
    ['not enough', 'NOT_ENOUGH', {}, 'สินค้าไม่พอส่ง'],
    ['trashed, no marker status', null, {}, '-'],
  ])('%s', (_, display, f, label) => {
    expect(statusLabel({ displayStatus: display }, flags(f))).toBe(label);
  });
});

describe('isPackedStatus: trimmed, case-insensitive contains', () => {
  it.each([
    ['เปิดใบขายครบตามจำนวนแล้ว', true],
    ['ครบตามจำนวน', true],
    ['แพ็คแล้ว', true],
    ['  PACKED  ', true],
    ['Packed', true],
    ['OPENED_FULL', true],
    ['status: opened_full (2)', true],
    ['ยังไม่แพ็ค', false],
    ['ยังไม่มีการเปิดใบขาย', false],
    ['เปิดใบขายบางส่วน', false],
    ['', false],
    ['   ', false],
  ])('%j -> %s', (text, packed) => {
    expect(isPackedStatus(text)).toBe(packed);
  });
  it('no sales record is never packed', () => {
    expect(isPackedStatus(null)).toBe(false);
    expect(isPackedStatus(undefined)).toBe(false);
  });
});

describe('salesText', () => {
  it.each([
    [null, 'Orderยังไม่นำเข้าSBS'],
    [{ status: null }, 'ยังไม่มีการเปิดใบขาย'],
    [{ status: '  ' }, 'ยังไม่มีการเปิดใบขาย'],
    [{ status: 'เปิดใบขายครบตามจำนวนแล้ว' }, 'เปิดใบขายครบตามจำนวนแล้ว'],
    [{ status: 'ยังไม่มีการเปิดใบขาย' }, 'ยังไม่มีการเปิดใบขาย'],
  ])('%j -> %s', (record, text) => {
    expect(salesText(record)).toBe(text);
  });
});
