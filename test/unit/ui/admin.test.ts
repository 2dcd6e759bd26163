// The pure pieces of the admin pages: how times, sizes and durations are written, the holiday
// date input, audit action names, the menu's current item, and the new components' escaping
// and ARIA wiring. Expected values are worked by hand (Bangkok = UTC+7, BE = CE + 543).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, thaiDate, thaiDateTime } from '../../../src/ui/format';
import { parseHolidayInput } from '../../../src/ui/pages/admin/holidays';
import { actionLabel } from '../../../src/ui/pages/admin/audit';
import { isCurrent, NAV_ITEMS } from '../../../src/ui/nav';
import { CheckField } from '../../../src/ui/components/form';
import { Facts } from '../../../src/ui/components/facts';

const html = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());
const EVIL = '<script>alert(1)</script>';

describe('times, sizes and durations', () => {
  it('an instant in Bangkok with the Buddhist year: 2025-03-03 07:05:09 UTC is 03/03/2568 14:05', () => {
    expect(thaiDateTime('2025-03-03T07:05:09.000Z')).toBe('03/03/2568 14:05');
    expect(thaiDateTime('2025-03-03T07:05:09.000Z', { seconds: true })).toBe('03/03/2568 14:05:09');
    expect(thaiDateTime(Date.UTC(2024, 11, 31, 17, 0))).toBe('01/01/2568 00:00');
    // A Bangkok ISO time names its offset (next scheduled backup).
    expect(thaiDateTime('2025-03-03T19:00:00+07:00')).toBe('03/03/2568 19:00');
    expect(thaiDateTime(null)).toBe('-');
    expect(thaiDate('2025-04-13')).toBe('13/04/2568');
  });

  it('sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 ไบต์');
    expect(formatBytes(1023)).toBe('1,023 ไบต์');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(296 * 1024)).toBe('296.0 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatBytes(null)).toBe('-');
  });

  it('durations: the two largest parts', () => {
    expect(formatDuration(900)).toBe('15 นาที');
    expect(formatDuration(899)).toBe('14 นาที 59 วินาที');
    expect(formatDuration(86400 + 3600 + 61)).toBe('1 วัน 1 ชั่วโมง');
    expect(formatDuration(0)).toBe('0 วินาที');
  });
});

describe('holiday input', () => {
  it('takes the date picker value and dd/mm/BBBB (year >= 2400 is BE) or dd/mm/YYYY', () => {
    expect(parseHolidayInput('2025-04-14')).toBe('2025-04-14');
    expect(parseHolidayInput(' 13/04/2568 ')).toBe('2025-04-13');
    expect(parseHolidayInput('1/5/2025')).toBe('2025-05-01');
  });
  it('refuses what is not a real date', () => {
    for (const bad of ['31/02/2568', '2025-02-30', '29/02/2567x', 'tomorrow', '', '14-04-2568'])
      expect(parseHolidayInput(bad), bad).toBeNull();
    // 2567 BE is 2024, a leap year.
    expect(parseHolidayInput('29/02/2567')).toBe('2024-02-29');
  });
});

describe('audit action names', () => {
  it('Thai names, with order actions and import kinds built from their parts; unknown ones as their code', () => {
    expect(actionLabel('data.clear')).toBe('ล้างข้อมูล');
    expect(actionLabel('order.accept')).toBe('ออเดอร์: รับงาน');
    expect(actionLabel('order.dispatch-round')).toBe('ออเดอร์: ตั้งรอบจ่ายงาน');
    expect(actionLabel('import.bill_empty')).toBe('นำเข้า บิลเปล่า');
    expect(actionLabel('report.print')).toBe('report.print');
  });
});

describe('the menu item of a page', () => {
  const current = (path: string) => NAV_ITEMS.filter((item) => isCurrent(item, path)).map((item) => item.href);
  it('is the longest menu path that contains the page', () => {
    expect(current('/admin/shops')).toEqual(['/admin/shops']);
    expect(current('/admin/shops/3')).toEqual(['/admin/shops']);
    expect(current('/admin/users/3')).toEqual(['/admin']);
    expect(current('/admin')).toEqual(['/admin']);
    expect(current('/')).toEqual(['/']);
    expect(current('/administrator')).toEqual([]);
  });
});

describe('components', () => {
  it('CheckField: label for the box, hint and error wired to it, text escaped', async () => {
    const out = await html(
      CheckField({ name: 'confirmed', label: EVIL, hint: 'คำอธิบาย', error: 'กรุณาติ๊ก', required: true }),
    );
    expect(out).toContain(
      '<input type="checkbox" id="f-confirmed" name="confirmed" value="1" required="" aria-invalid="true" aria-describedby="f-confirmed-hint f-confirmed-error"/>',
    );
    expect(out).toContain('<label for="f-confirmed">&lt;script&gt;alert(1)&lt;/script&gt;</label>');
    expect(out).toContain('<span class="field-error" id="f-confirmed-error">กรุณาติ๊ก</span>');
  });

  it('Facts: a description list, values escaped, empty items left out', async () => {
    const out = await html(
      Facts({ items: [{ label: 'ไฟล์', value: EVIL, code: true }, null, false, { label: 'ขนาด', value: '1.5 KB' }] }),
    );
    expect(out).toBe(
      '<dl class="facts"><div><dt>ไฟล์</dt><dd><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></dd></div><div><dt>ขนาด</dt><dd>1.5 KB</dd></div></dl>',
    );
  });
});
