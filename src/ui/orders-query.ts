// The filters of the orders pages and the dashboard, read from a page's query string. Pure, so
// every link (card -> list, list -> page 2, list -> action -> back) carries the same filters,
// and tested once. A browser may send anything: values the service would refuse with a 400
// are dropped here with a Thai note, so a bad link still shows a page.
import { PLATFORMS, PLATFORM_LABELS } from '../domain/platform';
import {
  DUE_FILTERS,
  isKnownStatusFilter,
  SHOW_CHANGE,
  SORT_KEYS,
  type DueFilter,
  type ShowChange,
  type SortKey,
} from '../domain/orders-view/select';
import { DATE_FILTER_LABELS, type DateFilterKey } from '../domain/orders-view/dates';
import type { OrdersView } from '../domain/orders-view/scope';
import type { OrdersQuery } from '../services/orders';
import type { Query } from './list-query';

export type ScopeMode = 'default' | 'today' | 'all_time';

export interface OrdersFilters {
  platform: string | null;
  shop: string | null;
  q: string | null;
  due: DueFilter | null;
  status: string | null;
  mode: ScopeMode | null;
  /**
   * คลังรับงาน: only orders whose group changed since they were issued (`สถานะเปลี่ยน`,
   * docs/domain/allocation.md#warehouse-receive).
   */
  showChange: ShowChange | null;
  importedFrom: string | null;
  importedTo: string | null;
  orderedFrom: string | null;
  orderedTo: string | null;
}

export const EMPTY_FILTERS: OrdersFilters = {
  platform: null,
  shop: null,
  q: null,
  due: null,
  status: null,
  mode: null,
  showChange: null,
  importedFrom: null,
  importedTo: null,
  orderedFrom: null,
  orderedTo: null,
};

/**
 * The views of GET /api/orders and the page that shows each
 * (docs/domain/allocation.md#orders-api-views,
 * docs/domain/reports.md#issued-trash-and-cancelled-views).
 */
export const ORDER_VIEW_PAGES: readonly { view: OrdersView; path: string; label: string }[] = [
  { view: 'pending', path: '/orders', label: 'งานค้าง' },
  { view: 'all', path: '/orders/all', label: 'ทั้งหมด' },
  { view: 'issued', path: '/orders/issued', label: 'Order จ่ายงานแล้ว' },
  { view: 'cancelled', path: '/orders/cancelled', label: 'ยกเลิก' },
  { view: 'packed', path: '/orders/packed', label: 'แพ็คแล้ว' },
  { view: 'trash', path: '/orders/trash', label: 'Order ที่ถูกลบ (ถังขยะ)' },
];

export const viewPath = (view: OrdersView) => ORDER_VIEW_PAGES.find((v) => v.view === view)!.path;
export const viewOfPath = (path: string): OrdersView | null =>
  ORDER_VIEW_PAGES.find((v) => v.path === path)?.view ?? null;

export const PLATFORM_OPTIONS = [
  { value: '', label: 'ทั้งหมด' },
  ...PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] })),
];

export const DUE_LABELS: Readonly<Record<DueFilter, string>> = { overdue: 'เลยกำหนด', today: 'วันนี้', tomorrow: 'พรุ่งนี้' };
export const DUE_OPTIONS = [
  { value: '', label: 'ทั้งหมด' },
  ...DUE_FILTERS.map((d) => ({ value: d, label: DUE_LABELS[d] })),
];

export const MODE_OPTIONS: readonly { value: string; label: string }[] = [
  { value: '', label: 'ปกติ (งานค้าง + งานจบวันนี้)' },
  { value: 'today', label: 'ดูเฉพาะงานวันนี้' },
  { value: 'all_time', label: 'ข้อมูลทั้งหมด (All Time)' },
];

/**
 * Status codes a person picks from (the order sets of
 * docs/domain/allocation.md#search-and-status-filter and the displayed statuses).
 */
export const STATUS_OPTIONS: readonly { value: string; label: string }[] = [
  { value: '', label: 'ทั้งหมด' },
  { value: 'ORDER_READY', label: 'กอง 1 (พร้อม/ยังไม่จ่ายงาน)' },
  { value: 'ORDER_LOW_STOCK', label: 'กอง 2 (น้อย/ยังไม่จ่ายงาน)' },
  { value: 'ORDER_PROBLEM', label: 'กอง 3 (ของขาด/ยังไม่จ่ายงาน)' },
  { value: 'READY_ACCEPT', label: 'พร้อมรับ' },
  { value: 'ACCEPTED', label: 'รับแล้ว' },
  { value: 'LOW_STOCK', label: 'สินค้าน้อย' },
  { value: 'NOT_ENOUGH', label: 'สินค้าไม่พอส่ง' },
  { value: 'SHORTAGE', label: 'ไม่มีสินค้า' },
  { value: 'BILL_EMPTY', label: 'บิลเปล่า' },
  { value: 'ORDER_NO_SALES', label: 'ยังไม่ได้แพ็ค' },
  { value: 'ORDER_NOT_IN_SBS', label: 'ยังไม่นำเข้า SBS' },
  { value: 'ORDER_NOT_SCANNED', label: 'รอ Scan Barcode' },
  { value: 'PACKED', label: 'แพ็คแล้ว' },
  { value: 'ORDER_CANCELLED', label: 'ยกเลิก(ก่อนแพ็ค)' },
  { value: 'ORDER_CANCELLED_PACKED', label: 'ยกเลิก(หลังแพ็ค)' },
  { value: 'TOTAL', label: 'รวมงานค้าง' },
];

const text = (v: string | undefined, max: number): string | null => {
  const t = (v ?? '').trim();
  return t === '' ? null : t.slice(0, max);
};

const ALL = new Set(['', 'all', 'ทั้งหมด']);

export interface ReadFilters {
  filters: OrdersFilters;
  /** Thai notes on values that were dropped. */
  dropped: string[];
}

/** The filters of a page query; unknown platforms, statuses, due days and modes are dropped. */
export function readOrdersFilters(query: Query): ReadFilters {
  const dropped: string[] = [];
  const f: OrdersFilters = { ...EMPTY_FILTERS };

  const platform = text(query.platform, 32);
  if (platform !== null && !ALL.has(platform.toLowerCase())) {
    const known = PLATFORMS.find((p) => p.toLowerCase() === platform.toLowerCase() || PLATFORM_LABELS[p] === platform);
    if (known) f.platform = known;
    else dropped.push(`ไม่รู้จักแพลตฟอร์ม '${platform}' จึงแสดงทุกแพลตฟอร์ม`);
  }
  f.shop = text(query.shop, 255);
  f.q = text(query.q, 200);
  const due = text(query.due, 16);
  if (due !== null) {
    if ((DUE_FILTERS as readonly string[]).includes(due)) f.due = due as DueFilter;
    else dropped.push(`ไม่รู้จักตัวกรองกำหนดส่ง '${due}'`);
  }
  const status = text(query.status, 64);
  if (status !== null) {
    if (isKnownStatusFilter(status)) f.status = status.toUpperCase();
    else dropped.push(`ไม่รู้จักสถานะ '${status}' จึงแสดงทุกสถานะ`);
  }
  const mode = query.all_time === '1' || query.all_time === 'true' ? 'all_time' : text(query.mode, 16);
  if (mode !== null && mode !== 'default') {
    if (mode === 'today' || mode === 'all_time') f.mode = mode;
    else dropped.push(`ไม่รู้จักมุมมอง '${mode}'`);
  }
  const change = text(query.showChange ?? query.show_change, 8);
  if (change !== null) {
    if ((SHOW_CHANGE as readonly string[]).includes(change.toUpperCase()))
      f.showChange = change.toUpperCase() as ShowChange;
    else dropped.push(`ไม่รู้จักตัวกรอง '${change}'`);
  }
  // Dates go to the service as typed: it reads both spellings and reports unreadable ones.
  for (const key of Object.keys(DATE_FILTER_LABELS) as DateFilterKey[]) f[key] = text(query[key], 32);
  return { filters: f, dropped };
}

/** The query string parameters that reproduce `f` (empty ones left out), for links and hidden fields. */
export function filtersQuery(f: OrdersFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) if (value !== null) out[key] = value;
  return out;
}

export const ORDER_PAGE_SIZES = [50, 100, 200, 500] as const;

/** The service query of a list page. */
export function ordersQueryOf(
  view: OrdersView,
  f: OrdersFilters,
  paging?: { page: number; pageSize: number },
  sort?: { key: string; dir: 'asc' | 'desc' },
): OrdersQuery {
  const q: OrdersQuery = {
    view,
    platform: f.platform ?? undefined,
    shop: f.shop ?? undefined,
    q: f.q ?? undefined,
    due: f.due ?? undefined,
    status: f.status ?? undefined,
    mode: f.mode ?? undefined,
    showChange: f.showChange ?? undefined,
    importedFrom: f.importedFrom ?? undefined,
    importedTo: f.importedTo ?? undefined,
    orderedFrom: f.orderedFrom ?? undefined,
    orderedTo: f.orderedTo ?? undefined,
  };
  if (paging) {
    q.page = paging.page;
    q.limit = paging.pageSize;
  }
  if (sort && sort.key !== 'default' && (SORT_KEYS as readonly string[]).includes(sort.key)) {
    q.sort = sort.key as SortKey;
    q.dir = sort.dir;
  }
  return q;
}

/**
 * A `back` address a form carried: only a local orders page (list or one line), so a post can
 * never send the browser elsewhere. Anything else falls back to the pending list.
 */
export function safeOrdersBack(raw: string | undefined | null): string {
  const v = (raw ?? '').trim();
  if (!v.startsWith('/orders') || v.startsWith('//')) return '/orders';
  let url: URL;
  try {
    url = new URL(v, 'http://local.invalid');
  } catch {
    return '/orders';
  }
  if (url.origin !== 'http://local.invalid') return '/orders';
  if (viewOfPath(url.pathname) === null && !/^\/orders\/\d+$/.test(url.pathname)) return '/orders';
  return url.pathname + url.search;
}
