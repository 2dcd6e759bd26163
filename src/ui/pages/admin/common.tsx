// What the admin pages share: their own menu (each section shown only to roles PAGE_ROLES
// admits, so staff see the shop list and nothing else), Thai names for tables and backup kinds,
// a table of per-table counts, and `attempt`, which turns a refusal of a service into a value
// the page can show beside the form.
import type { Child } from 'hono/jsx';
import { AppError } from '../../../errors';
import { formatCount } from '../../list-query';
import { visibleTo, type NavItem } from '../../nav';
import type { AuthUser } from '../../../services/context';

// Labels from the legacy admin menu where it had one
// (docs/domain/data-model.md#pages-imports-and-admin): จัดการผู้ใช้งาน, จัดการรายชื่อร้าน,
// ล้างข้อมูล (Reset), System Status.
export const ADMIN_SECTIONS: readonly NavItem[] = [
  { href: '/admin/users', label: 'จัดการผู้ใช้งาน', summary: 'เพิ่มผู้ใช้ เปลี่ยนบทบาท ปิดการใช้งาน ตั้งรหัสผ่านใหม่ ปลดล็อก' },
  { href: '/admin/shops', label: 'จัดการรายชื่อร้าน', summary: 'ร้านค้าแยกตาม Platform จำนวนออเดอร์ และลิงก์ Google Sheet' },
  { href: '/admin/holidays', label: 'วันหยุด', summary: 'วันหยุดที่ไม่นับเป็นวันทำการของ SLA' },
  { href: '/admin/clear', label: 'ล้างข้อมูล (Reset)', summary: 'ลบข้อมูลตามขอบเขต พร้อมสำรองข้อมูลก่อนลบทุกครั้ง' },
  { href: '/admin/backups', label: 'สำรองและกู้คืนข้อมูล', summary: 'ไฟล์สำรอง ดาวน์โหลด ส่งออก และกู้คืนข้อมูล' },
  {
    href: '/admin/system-status',
    label: 'System Status',
    summary: 'ข้อมูลเก็บที่ไหน อยู่รอดหลัง deploy หรือไม่ schema ไฟล์สำรอง และจำนวนข้อมูล',
  },
  { href: '/admin/audit', label: 'บันทึกการใช้งาน (Audit log)', summary: 'ใครทำอะไร เมื่อไร' },
];

export const sectionsFor = (role: AuthUser['role']): NavItem[] => visibleTo(ADMIN_SECTIONS, role);

/** The admin area's own menu, under the page title. */
export function AdminNav(props: { user: AuthUser | null; path: string }) {
  if (!props.user) return null;
  const sections = sectionsFor(props.user.role);
  if (sections.length < 2) return null;
  return (
    <nav class="sub-nav" aria-label="เมนูผู้ดูแลระบบ">
      <ul>
        {props.user.role === 'admin' ? (
          <li>
            <a href="/admin" aria-current={props.path === '/admin' ? 'page' : undefined}>
              ภาพรวม
            </a>
          </li>
        ) : null}
        {sections.map((s) => (
          <li>
            <a
              href={s.href}
              aria-current={props.path === s.href || props.path.startsWith(`${s.href}/`) ? 'page' : undefined}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The heading of an admin page with the admin menu under it. */
export function AdminHead(props: { title: string; user: AuthUser | null; path: string; children?: Child }) {
  return (
    <>
      <div class="page-head">
        <h1>{props.title}</h1>
        {props.children}
      </div>
      <AdminNav user={props.user} path={props.path} />
    </>
  );
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Runs a service call; a refusal (AppError) comes back as a value, anything else is thrown. */
export async function attempt<T>(fn: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}

/** Thai names of the tables (docs/domain/data-model.md#tables), for counts people read. */
export const TABLE_LABELS: Readonly<Record<string, string>> = {
  users: 'ผู้ใช้งาน',
  settings: 'การตั้งค่า (ลิงก์ Google Sheet วันหยุด)',
  shops: 'ร้านค้า',
  imports: 'ประวัติการนำเข้า',
  import_errors: 'ข้อผิดพลาดของการนำเข้า',
  products: 'สินค้า',
  stock: 'สต็อก',
  sales_status: 'ใบสั่งขาย (Sales)',
  orders: 'ออเดอร์',
  order_lines: 'รายการสินค้าในออเดอร์',
  order_markers: 'สถานะออเดอร์ (ยกเลิก จ่ายแล้ว ถังขยะ บิลเปล่า)',
  pending_cancellations: 'รายการยกเลิกที่ยังไม่พบออเดอร์',
  print_jobs: 'งานที่พิมพ์',
  print_job_orders: 'ออเดอร์ในงานที่พิมพ์',
  print_job_skus: 'SKU ในงานที่พิมพ์',
  order_print_counters: 'จำนวนครั้งที่พิมพ์',
  idempotency_keys: 'คีย์กันการทำรายการซ้ำ',
  login_attempts: 'การเข้าสู่ระบบ',
  revoked_sessions: 'เซสชันที่ยกเลิกแล้ว',
  leases: 'สิทธิ์การทำงาน (lease)',
  data_version: 'เวอร์ชันข้อมูล',
  backups: 'รายการไฟล์สำรอง',
  audit_log: 'บันทึกการใช้งาน (Audit log)',
};

/** Backup kinds (docs/domain/data-safety.md#backups). */
export const BACKUP_KIND_LABELS: Readonly<Record<string, string>> = {
  scheduled: 'อัตโนมัติรายวัน',
  manual: 'สร้างเอง',
  pre_clear: 'ก่อนล้างข้อมูล',
  pre_restore: 'ก่อนกู้คืน',
  pre_purge: 'ก่อนลบออเดอร์ถาวร',
  pre_migration: 'ก่อนปรับปรุงฐานข้อมูล',
};

export interface CountColumn {
  label: string;
  counts: Readonly<Record<string, number | undefined>>;
}

/**
 * Counts per table, one column per set of counts (e.g. "in the file" beside "now"). Rows are the
 * tables of the first column, in its order; `hideZero` leaves out tables that are 0 everywhere.
 */
export function CountsTable(props: {
  caption: string;
  columns: readonly CountColumn[];
  hideZero?: boolean;
  showCaption?: boolean;
  total?: boolean;
}) {
  const tables = Object.keys(props.columns[0]?.counts ?? {}).filter(
    (t) => !props.hideZero || props.columns.some((col) => (col.counts[t] ?? 0) !== 0),
  );
  return (
    <div class="table-wrap spaced">
      <table class="data">
        <caption class={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">ข้อมูล</th>
            {props.columns.map((col) => (
              <th scope="col" class="num">
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tables.length === 0 ? (
            <tr>
              <td class="empty" colspan={props.columns.length + 1}>
                ไม่มีข้อมูล
              </td>
            </tr>
          ) : (
            tables.map((t) => (
              <tr>
                <th scope="row">
                  {TABLE_LABELS[t] ?? t} <code class="muted">{t}</code>
                </th>
                {props.columns.map((col) => (
                  <td class="num">{col.counts[t] === undefined ? '-' : formatCount(col.counts[t]!)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {props.total && tables.length > 0 ? (
          <tfoot>
            <tr>
              <th scope="row">รวม</th>
              {props.columns.map((col) => (
                <td class="num">{formatCount(tables.reduce((sum, t) => sum + (col.counts[t] ?? 0), 0))}</td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
