// A data table with sortable headers (links: they work without script and can be bookmarked)
// and a pager. The page reads the query with readSort/readPaging (list-query.ts), asks its
// service for one page, and renders these with the same query.
import type { Child } from 'hono/jsx';
import { formatCount, hrefWith, pageCount, pageWindow, sortHref, type Query, type Sort } from '../list-query';

export interface Column<T> {
  key: string;
  label: string;
  cell: (row: T) => Child;
  sortable?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** What the header cell shows instead of the label (a "select all" box); the label stays its name. */
  header?: Child;
  /** A class on the column's cells (e.g. one the narrow layout hides). */
  class?: string;
  /** Kept on one line (dates, short labels) when the table is narrow. */
  nowrap?: boolean;
}

export interface DataTableProps<T> {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** The list's own path and current query, for the sort links. */
  path: string;
  query: Query;
  sort?: Sort | null;
  empty?: string;
  rowClass?: (row: T) => string | undefined;
  /** Show the caption to sighted users too (else it is for screen readers only). */
  showCaption?: boolean;
  /** Extra class of the table (e.g. `fixed`: the same column widths in tables shown one under another). */
  class?: string;
}

const cellClass = (col: { numeric?: boolean; nowrap?: boolean; class?: string }) =>
  [col.numeric ? 'num' : '', col.nowrap ? 'nowrap' : '', col.class ?? ''].filter(Boolean).join(' ') || undefined;

function SortableHeader(props: {
  label: string;
  href: string;
  active: Sort | null;
  numeric?: boolean;
  class?: string;
}) {
  const dir = props.active?.dir;
  return (
    <th scope="col" class={cellClass(props)} aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={props.href}>
        {props.label}
        <span class="sort-mark" aria-hidden="true">
          {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
        </span>
        <span class="visually-hidden">{dir === 'asc' ? ' (เรียงจากน้อยไปมาก กดเพื่อเรียงกลับ)' : ' (กดเพื่อเรียง)'}</span>
      </a>
    </th>
  );
}

export function DataTable<T>(props: DataTableProps<T>) {
  const sort = props.sort ?? null;
  return (
    <div class="table-wrap">
      <table class={props.class ? `data ${props.class}` : 'data'}>
        <caption class={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((col) =>
              col.sortable ? (
                <SortableHeader
                  label={col.label}
                  numeric={col.numeric}
                  class={col.class}
                  href={sortHref(props.path, props.query, sort, col.key)}
                  active={sort?.key === col.key ? sort : null}
                />
              ) : (
                <th scope="col" class={cellClass(col)}>
                  {col.header ?? col.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td class="empty" colspan={props.columns.length}>
                {props.empty ?? 'ไม่พบข้อมูล'}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr class={props.rowClass?.(row)}>
                {props.columns.map((col) => (
                  <td class={cellClass(col)}>{col.cell(row)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  path: string;
  query: Query;
  sizes?: readonly number[];
}

export function Pager(props: PagerProps) {
  const pages = pageCount(props.total, props.pageSize);
  const page = Math.min(props.page, pages);
  const from = props.total === 0 ? 0 : (page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, page * props.pageSize);
  const link = (p: number) => hrefWith(props.path, props.query, { page: p === 1 ? null : p });
  return (
    <nav class="pager" aria-label="เลือกหน้า">
      <p class="muted">
        แสดง {formatCount(from)}–{formatCount(to)} จาก {formatCount(props.total)} รายการ
      </p>
      <ul>
        {page > 1 ? (
          <li>
            <a href={link(page - 1)} rel="prev">
              ก่อนหน้า
            </a>
          </li>
        ) : null}
        {pageWindow(page, pages).map((p) =>
          p === null ? (
            <li class="gap" aria-hidden="true">
              …
            </li>
          ) : p === page ? (
            <li>
              <span class="current" aria-current="page">
                <span class="visually-hidden">หน้า </span>
                {p}
              </span>
            </li>
          ) : (
            <li>
              <a href={link(p)}>
                <span class="visually-hidden">หน้า </span>
                {p}
              </a>
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={link(page + 1)} rel="next">
              ถัดไป
            </a>
          </li>
        ) : null}
      </ul>
      {props.sizes && props.sizes.length > 1 ? (
        <div class="sizes">
          <span class="muted" aria-hidden="true">
            ต่อหน้า
          </span>
          <ul aria-label="จำนวนต่อหน้า">
            {props.sizes.map((size) =>
              size === props.pageSize ? (
                <li>
                  <span class="current" aria-current="true">
                    {size}
                    <span class="visually-hidden"> รายการต่อหน้า</span>
                  </span>
                </li>
              ) : (
                <li>
                  <a href={hrefWith(props.path, props.query, { size, page: null })}>
                    {size}
                    <span class="visually-hidden"> รายการต่อหน้า</span>
                  </a>
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}
