// บันทึกการใช้งาน (admin; docs/domain/auth.md#audit-log): GET /api/admin/audit as a page. Filters
// by who (the account), what (the actions the log holds) and Bangkok dates from/to; newest
// first, walked with the API's cursor (the id the next page starts below), so rows written
// while someone reads do not shift the pages.
import type { Context } from 'hono';
import { definePages } from '../../define';
import { render } from '../../render';
import { formatCount, hrefWith, type Query } from '../../list-query';
import { ROLE_LABELS } from '../../nav';
import { thaiDateTime } from '../../format';
import { Badge, type Tone } from '../../components/badge';
import { ErrorSummary } from '../../components/banner';
import { Field, SelectField, type FieldErrors } from '../../components/form';
import { AdminHead, attempt, TABLE_LABELS } from './common';
import type { AppEnv } from '../../../http/env';
import type { readAuditLog } from '../../../services/audit/log';

const PAGE_SIZE = 50;

const ORDER_ACTIONS: Readonly<Record<string, string>> = {
  accept: 'รับงาน',
  unaccept: 'ยกเลิกรับงาน',
  cancel: 'ยกเลิกออเดอร์',
  uncancel: 'ยกเลิกการยกเลิก',
  trash: 'ลบไปถังขยะ',
  restore: 'กู้คืนจากถังขยะ',
  unissue: 'ยกเลิกจ่ายงาน',
  scan: 'สแกน',
  'reset-scans': 'ล้างการสแกน',
  'dispatch-round': 'ตั้งรอบจ่ายงาน',
  purge: 'ลบออเดอร์ถาวร',
};

const IMPORT_KINDS: Readonly<Record<string, string>> = {
  orders: 'Orders',
  products: 'สินค้า',
  stock: 'สต็อก',
  sales: 'สั่งขาย',
  cancelled: 'Orders ยกเลิก',
  issued: 'Orders จ่ายงานแล้ว',
  bill_empty: 'บิลเปล่า',
  'bill-empty': 'บิลเปล่า',
};

const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': 'เข้าสู่ระบบ',
  'auth.login_failed': 'เข้าสู่ระบบไม่สำเร็จ',
  'auth.logout': 'ออกจากระบบ',
  'auth.password_change': 'เปลี่ยนรหัสผ่านของตัวเอง',
  'setup.complete': 'สร้างผู้ดูแลระบบคนแรก',
  'user.create': 'สร้างผู้ใช้',
  'user.update': 'แก้ไขผู้ใช้',
  'user.disable': 'ปิดการใช้งานผู้ใช้',
  'user.delete': 'ลบผู้ใช้',
  'user.password_reset': 'ตั้งรหัสผ่านใหม่ให้ผู้ใช้',
  'user.unlock': 'ปลดล็อกการเข้าสู่ระบบ',
  'shop.create': 'เพิ่มร้านค้า',
  'shop.update': 'แก้ไขร้านค้า',
  'shop.delete': 'ลบร้านค้า',
  'product.create': 'เพิ่มสินค้า',
  'product.update': 'แก้ไขสินค้า',
  'product.delete': 'ลบสินค้า',
  'stock.set': 'ตั้งจำนวนสต็อก',
  'settings.sheet_url_save': 'บันทึกลิงก์ Google Sheet',
  'settings.sheet_url_delete': 'ลบลิงก์ Google Sheet',
  'settings.holidays': 'แก้ไขวันหยุด',
  'import.logs_clear': 'ล้างประวัติการนำเข้า',
  'data.clear': 'ล้างข้อมูล',
  'data.export': 'ส่งออกฐานข้อมูล',
  'data.restore': 'กู้คืนข้อมูล',
  'backup.create': 'สร้างไฟล์สำรอง',
  'backup.download': 'ดาวน์โหลดไฟล์สำรอง',
  'backup.delete': 'ลบไฟล์สำรอง',
  'migration.apply': 'ปรับปรุงฐานข้อมูล',
  'legacy.adopt': 'แปลงฐานข้อมูลระบบเดิม',
  'legacy.drop': 'ลบตารางของระบบเดิม',
  'access.denied': 'ถูกปฏิเสธสิทธิ์',
};

/** The Thai name of an audit action; actions this page does not know show their code. */
export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const [area, name] = action.split('.', 2);
  if (area === 'order' && ORDER_ACTIONS[name]) return `ออเดอร์: ${ORDER_ACTIONS[name]}`;
  if (area === 'import' && IMPORT_KINDS[name]) return `นำเข้า ${IMPORT_KINDS[name]}`;
  return action;
}

const OUTCOME_TONES: Readonly<Record<string, Tone>> = {
  ok: 'success',
  denied: 'danger',
  error: 'danger',
  rejected: 'warning',
};
const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  ok: 'สำเร็จ',
  denied: 'ถูกปฏิเสธ',
  error: 'ผิดพลาด',
  rejected: 'ไม่ผ่าน',
};

type Entry = Awaited<ReturnType<typeof readAuditLog>>['items'][number];

const MAX_VALUE = 300;

/** A JSON value as one short line of text (hono/jsx escapes it where it is shown). */
function shortJson(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** Counts shown in the row itself; longer lists (a backup's every table) go in the disclosure. */
const INLINE_COUNTS = 3;

function EntryDetails(props: { entry: Entry }) {
  const { entry } = props;
  const counts =
    entry.counts && typeof entry.counts === 'object'
      ? Object.entries(entry.counts as Record<string, unknown>).filter(([, n]) => n !== 0)
      : [];
  const details =
    entry.details && typeof entry.details === 'object'
      ? Object.entries(entry.details as Record<string, unknown>).filter(([k]) => k !== 'outcome')
      : [];
  const countList = (
    <ul class="compact">
      {counts.map(([table, n]) => (
        <li>{`${TABLE_LABELS[table] ?? table}: ${typeof n === 'number' ? formatCount(n) : shortJson(n)}`}</li>
      ))}
    </ul>
  );
  const inline = counts.length > 0 && counts.length <= INLINE_COUNTS;
  return (
    <>
      {inline ? countList : null}
      <details>
        <summary>
          ดูรายละเอียด<span class="visually-hidden">{` ของรายการ ${entry.id}`}</span>
        </summary>
        {!inline && counts.length ? countList : null}
        <dl class="compact-facts">
          {details.map(([key, value]) => (
            <>
              <dt>{key}</dt>
              <dd>{shortJson(value)}</dd>
            </>
          ))}
          <dt>IP</dt>
          <dd>{entry.ip ?? '-'}</dd>
          <dt>Request ID</dt>
          <dd>
            <code>{entry.requestId ?? '-'}</code>
          </dd>
        </dl>
      </details>
    </>
  );
}

function Outcome(props: { details: unknown }) {
  const outcome =
    props.details && typeof props.details === 'object' ? (props.details as { outcome?: unknown }).outcome : undefined;
  if (typeof outcome !== 'string') return null;
  return <Badge tone={OUTCOME_TONES[outcome] ?? 'neutral'}>{OUTCOME_LABELS[outcome] ?? outcome}</Badge>;
}

/** The filters as the API takes them: empty fields are no filter. */
function filtersOf(query: Query) {
  const userId = Number(query.userId);
  const cursor = Number(query.cursor);
  return {
    userId: Number.isSafeInteger(userId) && userId > 0 ? userId : undefined,
    action: query.action || undefined,
    from: query.from || undefined,
    to: query.to || undefined,
    cursor: Number.isSafeInteger(cursor) && cursor > 0 ? cursor : undefined,
  };
}

async function auditPage(c: Context<AppEnv>) {
  const services = c.get('services');
  const query = c.req.query() as Query;
  const filters = filtersOf(query);
  const [result, actions, users] = await Promise.all([
    attempt(() => services.audit.list({ ...filters, limit: PAGE_SIZE })),
    services.audit.actions(),
    services.users.list({ limit: 500 }),
  ]);
  const errors: FieldErrors = {};
  if (!result.ok && result.error.code === 'invalid_date_range') errors.from = result.error.message;
  const message = !result.ok && !errors.from ? result.error.message : null;
  const page = result.ok ? result.value : { items: [], total: 0, nextCursor: null };
  const actionOptions = [...new Set([...actions, ...(filters.action ? [filters.action] : [])])].sort();
  const base = { userId: query.userId, action: query.action, from: query.from, to: query.to };
  return render(c, {
    title: 'บันทึกการใช้งาน',
    status: result.ok ? 200 : 400,
    body: (ctx) => (
      <>
        <AdminHead title="บันทึกการใช้งาน (Audit log)" user={ctx.user} path={ctx.path} />
        <ErrorSummary message={message} fields={errors} />
        <section class="panel" aria-labelledby="filter-title">
          <h2 id="filter-title">ตัวกรอง</h2>
          <form method="get" action="/admin/audit" class="inline-fields">
            <SelectField
              name="userId"
              label="ผู้ใช้"
              value={filters.userId ? String(filters.userId) : ''}
              options={[
                { value: '', label: 'ทุกคน' },
                ...users.items.map((u) => ({ value: String(u.id), label: u.username })),
              ]}
            />
            <SelectField
              name="action"
              label="การกระทำ"
              value={filters.action ?? ''}
              options={[
                { value: '', label: 'ทั้งหมด' },
                ...actionOptions.map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` })),
              ]}
            />
            <Field name="from" label="ตั้งแต่วันที่" type="date" class="short" value={query.from} error={errors.from} />
            <Field name="to" label="ถึงวันที่" type="date" class="short" value={query.to} />
            <button type="submit">กรอง</button>
            <a href="/admin/audit">ล้างตัวกรอง</a>
          </form>
        </section>
        <p class="muted">{`${formatCount(page.total)} รายการที่ตรงเงื่อนไข ใหม่สุดก่อน${filters.cursor ? ' (หน้าถัดไป)' : ''}`}</p>
        <div class="table-wrap">
          <table class="data audit">
            <caption class="visually-hidden">บันทึกการใช้งาน</caption>
            <thead>
              <tr>
                <th scope="col">เวลา</th>
                <th scope="col">ผู้ใช้</th>
                <th scope="col">การกระทำ</th>
                <th scope="col">เป้าหมาย</th>
                <th scope="col">รายละเอียด</th>
              </tr>
            </thead>
            <tbody>
              {page.items.length === 0 ? (
                <tr>
                  <td class="empty" colspan={5}>
                    ไม่พบรายการ
                  </td>
                </tr>
              ) : (
                page.items.map((e) => (
                  <tr>
                    <td class="nowrap">{thaiDateTime(e.at, { seconds: true })}</td>
                    <td>
                      {e.username ?? '-'}
                      {e.role ? (
                        <span class="hint">{ROLE_LABELS[e.role as keyof typeof ROLE_LABELS] ?? e.role}</span>
                      ) : null}
                    </td>
                    <td>
                      {actionLabel(e.action)} <Outcome details={e.details} />
                      <span class="hint">
                        <code>{e.action}</code>
                      </span>
                    </td>
                    <td>
                      {e.targetLabel ?? (e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` : '-')}
                    </td>
                    <td>
                      <EntryDetails entry={e} />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="เลือกหน้า">
          <ul>
            {filters.cursor ? (
              <li>
                <a href={hrefWith('/admin/audit', base)}>หน้าแรก (ใหม่สุด)</a>
              </li>
            ) : null}
            {page.nextCursor ? (
              <li>
                <a href={hrefWith('/admin/audit', base, { cursor: page.nextCursor })} rel="next">
                  รายการเก่ากว่า
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      </>
    ),
  });
}

export const auditPages = definePages((page) => {
  page.get('/admin/audit', (c) => auditPage(c));
});
