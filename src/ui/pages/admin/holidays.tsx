// วันหยุด (docs/domain/sla.md#business-days-and-holidays, admin): the holidays that are not SLA
// business days. Adding or removing one date writes the whole list through the holidays service, as
// PUT /api/admin/holidays does (one settings.holidays audit row per change). Dates show as
// dd/mm/BBBB; the form takes the browser's date picker (YYYY-MM-DD) or dd/mm/BBBB typed.
import type { Context } from 'hono';
import { actorOf } from '../../../http/auth';
import { BE_OFFSET_YEARS, isoDateToEpochDay, tryIsoDateToEpochDay, weekdayOfEpochDay } from '../../../domain/time';
import { definePages, readForm } from '../../define';
import { render } from '../../render';
import { withNotice } from '../../notices';
import { formatCount } from '../../list-query';
import { thaiDate, thaiDateTime } from '../../format';
import { Badge } from '../../components/badge';
import { ErrorSummary } from '../../components/banner';
import { Field, PostForm, type FieldErrors } from '../../components/form';
import { AdminHead } from './common';
import type { AppEnv } from '../../../http/env';

const WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'];

/**
 * `YYYY-MM-DD` from the date picker, or `dd/mm/BBBB` as people type it (a year of 2400 or more
 * is Buddhist Era, as everywhere in the desk); null when it is not a real date.
 */
export function parseHolidayInput(input: string): string | null {
  const text = input.trim();
  if (tryIsoDateToEpochDay(text) !== null) return text;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const year = Number(m[3]) >= 2400 ? Number(m[3]) - BE_OFFSET_YEARS : Number(m[3]);
  const iso = `${String(year).padStart(4, '0')}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return tryIsoDateToEpochDay(iso) === null ? null : iso;
}

const weekdayOf = (date: string) => weekdayOfEpochDay(isoDateToEpochDay(date));

async function holidaysPage(
  c: Context<AppEnv>,
  problem: { value?: string; errors?: FieldErrors; message?: string } = {},
  status: 200 | 400 | 404 = 200,
) {
  const current = await c.get('services').holidays.get();
  const errors = problem.errors ?? {};
  const weekend = current.holidays.filter((d) => [0, 6].includes(weekdayOf(d))).length;
  return render(c, {
    title: 'วันหยุด',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="วันหยุด" user={ctx.user} path={ctx.path} />
        <p>วันทำการของ SLA คือวันจันทร์ถึงวันศุกร์ที่ไม่อยู่ในรายการวันหยุดนี้ การเพิ่มหรือลบวันหยุดมีผลกับกำหนดส่งของทุกออเดอร์ทันที</p>
        <ErrorSummary message={problem.message} fields={errors} />
        <section class="panel" aria-labelledby="add-holiday-title">
          <h2 id="add-holiday-title">เพิ่มวันหยุด</h2>
          <PostForm action="/admin/holidays" csrf={ctx.csrfToken} novalidate class="inline-fields">
            <Field
              name="date"
              label="วันที่"
              type="date"
              class="short"
              value={problem.value}
              error={errors.date}
              required
              hint="เลือกวันที่จากปฏิทิน"
              autofocus={!!errors.date}
            />
            <button type="submit">เพิ่มวันหยุด</button>
          </PostForm>
        </section>
        <section aria-labelledby="holiday-list-title">
          <h2 id="holiday-list-title">{`วันหยุดทั้งหมด ${formatCount(current.holidays.length)} วัน`}</h2>
          {current.updatedAt ? (
            <p class="muted">{`แก้ไขล่าสุด ${thaiDateTime(current.updatedAt)}${current.updatedBy ? ` โดย ${current.updatedBy}` : ''}`}</p>
          ) : null}
          {weekend > 0 ? <p class="muted">วันหยุดที่ตรงกับวันเสาร์หรืออาทิตย์ไม่มีผลกับ SLA เพราะไม่ใช่วันทำการอยู่แล้ว</p> : null}
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">วันหยุดทั้งหมด</caption>
              <thead>
                <tr>
                  <th scope="col">วันที่</th>
                  <th scope="col">วัน</th>
                  <th scope="col">ลบ</th>
                </tr>
              </thead>
              <tbody>
                {current.holidays.length === 0 ? (
                  <tr>
                    <td class="empty" colspan={3}>
                      ยังไม่มีวันหยุด
                    </td>
                  </tr>
                ) : (
                  current.holidays.map((date) => {
                    const day = weekdayOf(date);
                    return (
                      <tr>
                        <td>{thaiDate(date)}</td>
                        <td>
                          {`วัน${WEEKDAYS[day]}`}{' '}
                          {day === 0 || day === 6 ? <Badge tone="neutral">วันหยุดสุดสัปดาห์</Badge> : null}
                        </td>
                        <td>
                          <PostForm action="/admin/holidays/delete" csrf={ctx.csrfToken}>
                            <input type="hidden" name="date" value={date} />
                            <button type="submit" class="secondary">
                              ลบ<span class="visually-hidden">{` วันหยุด ${thaiDate(date)}`}</span>
                            </button>
                          </PostForm>
                        </td>
                      </tr>
                    );
                  })
                )}
              </tbody>
            </table>
          </div>
        </section>
      </>
    ),
  });
}

export const holidayPages = definePages((page) => {
  page.get('/admin/holidays', (c) => holidaysPage(c));

  page.post('/admin/holidays', async (c) => {
    const form = await readForm(c);
    const value = form.date ?? '';
    if (!value.trim()) return holidaysPage(c, { value, errors: { date: 'กรุณาเลือกวันที่' } }, 400);
    const date = parseHolidayInput(value);
    if (!date) return holidaysPage(c, { value, errors: { date: 'วันที่ไม่ถูกต้อง ใช้รูปแบบ วว/ดด/ปปปป เช่น 13/04/2568' } }, 400);
    const services = c.get('services');
    const { holidays } = await services.holidays.get();
    if (holidays.includes(date))
      return holidaysPage(c, { value, errors: { date: `${thaiDate(date)} อยู่ในรายการวันหยุดแล้ว` } }, 400);
    await services.holidays.set([...holidays, date], actorOf(c));
    return c.redirect(withNotice('/admin/holidays', 'holiday_added'), 303);
  });

  page.post('/admin/holidays/delete', async (c) => {
    const form = await readForm(c);
    const services = c.get('services');
    const { holidays } = await services.holidays.get();
    const date = form.date ?? '';
    if (!holidays.includes(date)) return holidaysPage(c, { message: 'ไม่พบวันหยุดนี้ในรายการ (อาจถูกลบไปแล้ว)' }, 404);
    await services.holidays.set(
      holidays.filter((d) => d !== date),
      actorOf(c),
    );
    return c.redirect(withNotice('/admin/holidays', 'holiday_removed'), 303);
  });
});
