// The main navigation. Each item shows only to roles its page admits (PAGE_ROLES), so the menu
// and the access rules cannot disagree: a `user` never sees an admin link.
import { roleRank } from '../domain/roles';
import { pageAccessFor } from '../http/route-roles';
import type { AuthUser } from '../services/context';

type Role = AuthUser['role'];

export interface NavItem {
  href: string;
  label: string;
  /** One line for the home page's list of sections. */
  summary: string;
}

// Labels as staff know them from the legacy menus (docs/domain/data-model.md#glossary); English
// where they say it in English.
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'แดชบอร์ด', summary: 'ภาพรวมงานค้าง กอง 1/2/3 และงานวันนี้' },
  { href: '/orders', label: 'รายการออเดอร์', summary: 'ค้นหา รับงาน ยกเลิก และจ่ายงานออเดอร์' },
  { href: '/products', label: 'สินค้า', summary: 'รายการสินค้า (SKU)' },
  { href: '/stock', label: 'สต็อก', summary: 'สต็อกคงเหลือ จอง และพร้อมขาย' },
  { href: '/imports', label: 'นำเข้า', summary: 'นำเข้า Orders สินค้า สต็อก สั่งขาย ยกเลิก จ่ายงานแล้ว บิลเปล่า' },
  { href: '/scan', label: 'สแกน', summary: 'สแกน Barcode เลข Order' },
  { href: '/reports', label: 'รายงาน', summary: 'ใบงานคลัง Picking List และรายงานสต็อก' },
  { href: '/admin', label: 'ผู้ดูแลระบบ', summary: 'ผู้ใช้งาน ร้านค้า สำรองข้อมูล และ System Status' },
  // Staff keep the shop list (docs/domain/auth.md#permission-table); admins reach it from the admin
  // pages as well.
  { href: '/admin/shops', label: 'ร้านค้า', summary: 'จัดการรายชื่อร้านและลิงก์ Google Sheet' },
];

/** The items whose page this role may open (PAGE_ROLES). */
export function visibleTo<T extends { href: string }>(items: readonly T[], role: Role): T[] {
  return items.filter((item) => roleRank(role) >= roleRank(pageAccessFor('GET', item.href) as Role));
}

export function navFor(role: Role): NavItem[] {
  return visibleTo(NAV_ITEMS, role);
}

const within = (href: string, path: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

/** The item the page belongs to: the longest menu path that contains it (/admin/shops, not /admin). */
export function isCurrent(item: NavItem, path: string): boolean {
  if (!within(item.href, path)) return false;
  return !NAV_ITEMS.some((other) => other.href.length > item.href.length && within(other.href, path));
}

/** Role names as the legacy user page showed them (docs/domain/auth.md#role-names-on-pages). */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  user: 'User (ผู้ใช้ทั่วไป)',
  staff: 'Staff (พนักงาน)',
  admin: 'Admin (ผู้ดูแลระบบ)',
};
