// SLA and due dates (docs/domain/sla.md). Table rows copied from
// docs/domain/sla.md#worked-examples.
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../src/domain/allocation';
import {
  BusinessCalendar,
  businessCalendar,
  computeDue,
  hasSla,
  isBusinessDate,
  isOverdueLabel,
  lineSla,
  slaLabel,
} from '../../../src/domain/sla';
import { bkk } from './helpers';

const NONE = new Set<string>();

describe('worked examples (docs/domain/sla.md#worked-examples; 2025-03-03 is a Monday; no holidays)', () => {
  const rows: [Platform, string, string, string, string][] = [
    ['Shopee', '2025-03-03 11:59', '2025-03-03', '2025-03-03', 'วันนี้'],
    ['Shopee', '2025-03-03 12:00:00', '2025-03-03', '2025-03-03', 'วันนี้'],
    ['Shopee', '2025-03-03 12:01', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
    ['Shopee', '2025-03-03 11:59', '2025-03-04', '2025-03-03', 'เลยกำหนด (1 วัน)'],
    ['Lazada', '2025-03-03 11:30', '2025-03-03', '2025-03-04', 'พรุ่งนี้'],
    ['TikTok', '2025-03-07 15:00', '2025-03-07', '2025-03-10', 'พรุ่งนี้'],
    ['Shopee', '2025-03-08 10:00', '2025-03-08', '2025-03-10', 'วันนี้'],
    ['Shopee', '2025-03-07 09:00', '2025-03-08', '2025-03-07', 'เลยกำหนด (1 วัน)'],
    ['Lazada', '2025-03-06 13:00', '2025-03-10', '2025-03-07', 'เลยกำหนด (1 วัน)'],
    ['Shopee', '2025-03-07 09:00', '2025-03-11', '2025-03-07', 'เลยกำหนด (2 วัน)'],
    ['Shopee', '2025-03-12 09:00', '2025-03-10', '2025-03-12', 'อีก 2 วัน'],
  ];
  it.each(rows)('%s ordered %s, today %s -> due %s, %s', (platform, ordered, today, due, label) => {
    expect(computeDue(platform, bkk(ordered), NONE)).toBe(due);
    // "Today" is a Bangkok date: its first and last instants and midday give the same label.
    for (const now of [bkk(`${today} 00:00:00`), bkk(`${today} 12:34`), bkk(`${today} 23:59:59.999`)]) {
      expect(slaLabel(due, now, NONE).label).toBe(label);
    }
  });

  it('holiday 2025-03-04: Shopee Mon 03-03 13:00 is due Wed 03-05', () => {
    expect(computeDue('Shopee', bkk('2025-03-03 13:00'), new Set(['2025-03-04']))).toBe('2025-03-05');
  });
});

describe('cut-off edges (inclusive, exact Bangkok time, docs/domain/sla.md#cut-offs)', () => {
  it.each<[Platform, string, string]>([
    ['Shopee', '2025-03-03 11:59:59', '2025-03-03'],
    ['Shopee', '2025-03-03 12:00:00', '2025-03-03'],
    ['Shopee', '2025-03-03 12:00:01', '2025-03-04'],
    ['TikTok', '2025-03-03 12:00:00', '2025-03-03'],
    ['TikTok', '2025-03-03 12:00:01', '2025-03-04'],
    ['Other', '2025-03-03 12:00:00', '2025-03-03'],
    ['Other', '2025-03-03 12:00:01', '2025-03-04'],
    ['Lazada', '2025-03-03 10:59:59', '2025-03-03'],
    ['Lazada', '2025-03-03 11:00:00', '2025-03-03'],
    ['Lazada', '2025-03-03 11:00:01', '2025-03-04'],
    // legacy's +06:42 offset made 12:10 on time; it is late now
    ['Shopee', '2025-03-03 12:10', '2025-03-04'],
    ['Lazada', '2025-03-03 11:10', '2025-03-04'],
    // Friday after the cut-off -> Monday; Saturday and Sunday at any time -> Monday
    ['Shopee', '2025-03-07 12:00:01', '2025-03-10'],
    ['Lazada', '2025-03-07 11:00:01', '2025-03-10'],
    ['Shopee', '2025-03-07 12:00:00', '2025-03-07'],
    ['Shopee', '2025-03-08 23:59', '2025-03-10'],
    ['Shopee', '2025-03-09 08:00', '2025-03-10'],
  ])('%s %s -> %s', (platform, ordered, due) => {
    expect(computeDue(platform, bkk(ordered), NONE)).toBe(due);
  });

  it('labels at the edges, seen on Monday 03-03', () => {
    const now = bkk('2025-03-03 15:00');
    const label = (p: Platform, t: string) => slaLabel(computeDue(p, bkk(t), NONE)!, now, NONE);
    expect(label('Shopee', '2025-03-03 11:59:59')).toEqual({ label: 'วันนี้', daysLeft: 0, overdue: false });
    expect(label('Shopee', '2025-03-03 12:00:00')).toEqual({ label: 'วันนี้', daysLeft: 0, overdue: false });
    expect(label('Shopee', '2025-03-03 12:00:01')).toEqual({ label: 'พรุ่งนี้', daysLeft: 1, overdue: false });
    expect(label('Lazada', '2025-03-03 11:00:00')).toEqual({ label: 'วันนี้', daysLeft: 0, overdue: false });
    expect(label('Lazada', '2025-03-03 11:00:01')).toEqual({ label: 'พรุ่งนี้', daysLeft: 1, overdue: false });
    expect(label('Shopee', '2025-02-28 12:00:01')).toEqual({ label: 'วันนี้', daysLeft: 0, overdue: false });
    expect(label('Shopee', '2025-02-28 09:00')).toEqual({ label: 'เลยกำหนด (1 วัน)', daysLeft: -1, overdue: true });
  });
});

describe('Bangkok vs UTC around midnight', () => {
  it('2025-03-03T17:30Z is Tuesday 00:30 in Bangkok: due Tuesday, not Monday', () => {
    const t = Date.parse('2025-03-03T17:30:00Z');
    expect(computeDue('Shopee', t, NONE)).toBe('2025-03-04');
    expect(computeDue('Lazada', t, NONE)).toBe('2025-03-04');
  });
  it('2025-03-03T04:59:59Z is Monday 11:59:59 Bangkok (on time); 05:00:01Z is 12:00:01 (late)', () => {
    expect(computeDue('Shopee', Date.parse('2025-03-03T04:59:59Z'), NONE)).toBe('2025-03-03');
    expect(computeDue('Shopee', Date.parse('2025-03-03T05:00:01Z'), NONE)).toBe('2025-03-04');
  });
  it('a Monday due date seen at 2025-03-03T17:30Z is already one day overdue', () => {
    expect(slaLabel('2025-03-03', Date.parse('2025-03-03T17:30:00Z'), NONE).label).toBe('เลยกำหนด (1 วัน)');
    expect(slaLabel('2025-03-03', Date.parse('2025-03-03T16:59:59Z'), NONE).label).toBe('วันนี้');
  });
});

describe('reference day and business-day distance (docs/domain/sla.md#reference-day, docs/domain/sla.md#sla-label)', () => {
  it('on Saturday and Sunday the reference day is Monday', () => {
    expect(slaLabel('2025-03-10', bkk('2025-03-08 10:00'), NONE).label).toBe('วันนี้');
    expect(slaLabel('2025-03-10', bkk('2025-03-09 10:00'), NONE).label).toBe('วันนี้');
    expect(slaLabel('2025-03-07', bkk('2025-03-09 10:00'), NONE).label).toBe('เลยกำหนด (1 วัน)');
  });
  it('weekends between due and today are not counted', () => {
    // due Thu 02-27, today Tue 03-04: Fri, Mon, Tue -> 3
    expect(slaLabel('2025-02-27', bkk('2025-03-04 10:00'), NONE)).toEqual({
      label: 'เลยกำหนด (3 วัน)',
      daysLeft: -3,
      overdue: true,
    });
    // due Tue 03-11, today Fri 03-07: Mon, Tue -> in 2 days
    expect(slaLabel('2025-03-11', bkk('2025-03-07 10:00'), NONE).label).toBe('อีก 2 วัน');
  });
  it('long overdue spans count weekdays only (4 weeks = 20 business days)', () => {
    expect(slaLabel('2025-02-03', bkk('2025-03-03 09:00'), NONE).label).toBe('เลยกำหนด (20 วัน)');
  });
  it('holidays are skipped in the reference day and the distance', () => {
    const h = new Set(['2025-03-04']);
    // today is the holiday Tue 03-04 -> reference Wed 03-05; (Mon 03-03, Wed 03-05] = Wed -> 1
    expect(slaLabel('2025-03-03', bkk('2025-03-04 10:00'), h).label).toBe('เลยกำหนด (1 วัน)');
    // the holiday-moved due date (Wed 03-05) seen on Mon 03-03: (Mon, Wed] = Wed -> tomorrow
    expect(slaLabel('2025-03-05', bkk('2025-03-03 13:00'), h).label).toBe('พรุ่งนี้');
    expect(slaLabel('2025-03-05', bkk('2025-03-04 13:00'), h).label).toBe('วันนี้');
    // a weekend holiday changes nothing
    expect(computeDue('Shopee', bkk('2025-03-07 13:00'), new Set(['2025-03-08']))).toBe('2025-03-10');
  });
  it('a calendar built once behaves like the raw holiday set', () => {
    const list = ['2025-03-04', '2025-03-10', '2025-03-11'];
    const cal = businessCalendar(list);
    expect(cal).toBeInstanceOf(BusinessCalendar);
    expect(computeDue('Shopee', bkk('2025-03-07 13:00'), cal)).toBe('2025-03-12');
    expect(computeDue('Shopee', bkk('2025-03-07 13:00'), new Set(list))).toBe('2025-03-12');
    // due Fri 03-07 seen Thu 03-13: (Fri, Thu] = Mon, Tue (holidays), Wed, Thu -> 2
    expect(slaLabel('2025-03-07', bkk('2025-03-13 09:00'), cal).label).toBe('เลยกำหนด (2 วัน)');
    expect(isBusinessDate('2025-03-04', cal)).toBe(false);
    expect(isBusinessDate('2025-03-05', list)).toBe(true);
    expect(isBusinessDate('2025-03-08', NONE)).toBe(false);
  });
  it('rejects a malformed holiday', () => {
    expect(() => computeDue('Shopee', bkk('2025-03-03 13:00'), new Set(['04/03/2025']))).toThrow(RangeError);
  });
});

describe('lines without SLA, bill-empty too (docs/domain/sla.md#lines-without-an-sla)', () => {
  const now = bkk('2025-03-03 15:00');
  it('no order time -> no due date', () => {
    expect(computeDue('Shopee', null, NONE)).toBeNull();
    expect(lineSla({ platform: 'Shopee', orderTime: null, displayStatus: 'READY_ACCEPT' }, now, NONE)).toBeNull();
  });
  it.each(['PACKED', 'CANCELLED', 'BILL_EMPTY'] as const)('%s -> shown -', (status) => {
    expect(hasSla({ orderTime: bkk('2025-03-03 09:00'), displayStatus: status })).toBe(false);
    expect(
      lineSla({ platform: 'Shopee', orderTime: bkk('2025-03-03 09:00'), displayStatus: status }, now, NONE),
    ).toBeNull();
  });
  it.each(['READY_ACCEPT', 'LOW_STOCK', 'NOT_ENOUGH', 'SHORTAGE', 'ACCEPTED'] as const)('%s has an SLA', (status) => {
    expect(
      lineSla({ platform: 'Shopee', orderTime: bkk('2025-03-03 12:01'), displayStatus: status }, now, NONE),
    ).toEqual({
      dueDate: '2025-03-04',
      label: 'พรุ่งนี้',
      daysLeft: 1,
      overdue: false,
    });
  });
  it('overdue highlighting follows the label prefix', () => {
    expect(isOverdueLabel('เลยกำหนด (2 วัน)')).toBe(true);
    expect(isOverdueLabel('วันนี้')).toBe(false);
  });
});
