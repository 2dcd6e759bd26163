// Paged lists (docs/api.md#paging): `page` from 1, `limit` default 50, max 500; the answer
// carries the total. The route schemas take their bounds from here.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface Page {
  page: number;
  limit: number;
  offset: number;
}

export function toPage(page = 1, limit = DEFAULT_PAGE_SIZE): Page {
  const p = Math.max(1, Math.floor(page));
  const l = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
  return { page: p, limit: l, offset: (p - 1) * l };
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export const paged = <T>(items: T[], total: number, page: Page): Paged<T> => ({
  items,
  total,
  page: page.page,
  limit: page.limit,
});

/** Escapes LIKE wildcards so a search for `50%` matches the text, not everything. */
export const likeContains = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
