// Reading and writing the query of list pages: sort, page, page size. Pure functions, so the
// links of every table sort and page the same way (and are tested once).

export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: string;
  dir: SortDir;
}

export type Query = Readonly<Record<string, string | undefined>>;

/**
 * `path?query` with `changes` applied: a null value removes the parameter, others set it.
 * Parameters keep their order; new ones go last. No `?` when nothing is left.
 */
export function hrefWith(
  path: string,
  query: Query,
  changes: Readonly<Record<string, string | number | null>> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || key in changes) continue;
    params.append(key, value);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The sort asked for, when its key is one the page allows; else the page's default. */
export function readSort(query: Query, allowed: readonly string[], fallback: Sort): Sort {
  const key = query.sort;
  if (!key || !allowed.includes(key)) return fallback;
  return { key, dir: query.dir === 'desc' ? 'desc' : 'asc' };
}

/** The link of a sortable header: ascending first, the other way when it is already sorted by it. */
export function sortHref(path: string, query: Query, current: Sort | null, key: string): string {
  const dir: SortDir = current?.key === key && current.dir === 'asc' ? 'desc' : 'asc';
  return hrefWith(path, query, { sort: key, dir, page: null });
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** Page (from 1) and page size (one of `sizes`, else the first). Garbage falls back, never throws. */
export function readPaging(query: Query, sizes: readonly number[] = [50, 100, 200]): Paging {
  const size = Number(query.size);
  const pageSize = sizes.includes(size) ? size : sizes[0];
  const page = Number(query.page);
  return { page: Number.isSafeInteger(page) && page >= 1 ? page : 1, pageSize };
}

export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/**
 * The page numbers a pager shows: the first, the last, and `around` pages either side of the
 * current one, with `null` where pages are left out (`1 … 4 5 6 … 20`).
 */
export function pageWindow(page: number, pages: number, around = 2): (number | null)[] {
  const shown = new Set<number>([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    // A gap of exactly one page shows that page rather than an ellipsis standing for it.
    if (typeof last === 'number' && p - last === 2) out.push(last + 1);
    else if (typeof last === 'number' && p - last > 2) out.push(null);
    out.push(p);
  }
  return out;
}

const NUMBER = new Intl.NumberFormat('en-US');
/** Counts and quantities as staff read them: 1,234. */
export const formatCount = (n: number) => NUMBER.format(n);
