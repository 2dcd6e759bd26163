// The orders pages (docs/domain/allocation.md#orders-table,
// docs/domain/allocation.md#orders-api-views, docs/domain/allocation.md#order-actions,
// docs/domain/reports.md#issued-trash-and-cancelled-views): one table for every view of GET
// /api/orders (งานค้าง, ทั้งหมด, จ่ายงานแล้ว, ยกเลิก, แพ็คแล้ว, ถังขยะ) with its filters, badges,
// SLA labels and row action; bulk actions on the chosen lines or on every line that matches; and
// one line's page with its order, markers and history. Every action posts to /orders/actions, which
// runs the same service method as POST /api/orders/actions/<action>, with the API route's role.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { actorOf, assertRole } from '../../http/auth';
import { AppError } from '../../errors';
import type { OrderActionName } from '../../domain/piles';
import type { OrdersView } from '../../domain/orders-view/scope';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { formatCount, hrefWith, readPaging, readSort, type Query } from '../list-query';
import { thaiDate, thaiDateTime } from '../format';
import {
  filtersQuery,
  ORDER_PAGE_SIZES,
  ORDER_VIEW_PAGES,
  ordersQueryOf,
  readOrdersFilters,
  safeOrdersBack,
  viewOfPath,
  viewPath,
} from '../orders-query';
import {
  actionRole,
  confirmationOf,
  CONFIRM_ALL,
  isActionName,
  mayRun,
  PAGE_ACTIONS,
  resultText,
  VIEW_ACTIONS,
  type ActionOutcome,
} from '../order-actions';
import { Badge, IssuedBadge, StatusBadge } from '../components/badge';
import { Banner } from '../components/banner';
import { Field, Hidden, PostForm } from '../components/form';
import { DataTable, Pager, type Column } from '../components/table';
import { OrderFilters } from '../components/order-filters';
import { renderConfirmation, isConfirmed } from '../components/confirm';
import type { OrderItem, OrdersService } from '../../services/orders';
import type { Services } from '../../services';
import type { PageContext } from '../context';
import type { AppEnv } from '../../http/env';
import type { AuthUser } from '../../services/context';

type Role = AuthUser['role'];

const SORTABLE = [
  'orderNo',
  'platform',
  'shop',
  'sku',
  'brand',
  'stockQty',
  'qty',
  'allQty',
  'orderedAt',
  'dueAt',
  'importDate',
  'markedAt',
] as const;

/** Stock cell colour by the line's computed status (docs/domain/allocation.md#orders-table). */
const STOCK_CLASS: Record<string, string> = {
  SHORTAGE: 'stock-short',
  NOT_ENOUGH: 'stock-notenough',
  LOW_STOCK: 'stock-low',
  READY_ACCEPT: 'stock-ok',
};

const MARKED_AT_LABEL: Partial<Record<OrdersView, string>> = {
  issued: 'วันที่จ่ายงาน',
  trash: 'วันที่ลบ',
  cancelled: 'วันที่ยกเลิก',
  packed: 'วันที่แพ็ค',
};

export interface Banners {
  /** Shown above the page (an action's result or refusal). */
  banner?: Child;
  status?: 200 | 400 | 403 | 409 | 503;
  /** The address the browser should show (the post rendered the page it came from). */
  replaceUrl?: string;
}

function markedAt(item: OrderItem, view: OrdersView): string | null {
  switch (view) {
    case 'issued':
      return item.issuedAt;
    case 'trash':
      return item.trashedAt;
    case 'cancelled':
      return item.cancelledAt;
    case 'packed':
      return item.packedAt;
    default:
      return null;
  }
}

function StatusCell(props: { item: OrderItem }) {
  const i = props.item;
  return (
    <span class="status-cell">
      {i.warehouse?.badge ? <Badge tone="orange">{i.warehouse.badge}</Badge> : null}
      {i.tags
        .filter((t) => t !== i.statusLabel)
        .map((t) => (
          <Badge tone="neutral">{t}</Badge>
        ))}
      {i.status === 'CANCELLED' || i.status === 'PACKED' || !i.issued ? (
        i.status ? (
          <StatusBadge status={i.status} />
        ) : (
          <span>{i.statusLabel}</span>
        )
      ) : (
        <IssuedBadge />
      )}
      {i.committedShort ? <Badge tone="danger">ของไม่พอ</Badge> : null}
    </span>
  );
}

function RowAction(props: { item: OrderItem; role: Role }) {
  const { action, id } = props.item;
  const label = `${action.label} ${props.item.orderNo}`;
  let main: Child = null;
  // A line in the trash has nothing to do but restore, which the bar offers.
  // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the dash stands in the actions column; the label says what it means to a screen reader
  if (props.item.trashed) return <span aria-label="ไม่มีการกระทำ">-</span>;
  if (action.kind === 'accept' && action.enabled && mayRun(props.role, 'accept')) {
    main = (
      <button type="submit" name="row" value={`accept:${id}`} class="small" aria-label={label}>
        {action.label}
      </button>
    );
  } else if (action.kind === 'unaccept' && action.enabled && mayRun(props.role, 'unaccept')) {
    main = (
      <button type="submit" name="row" value={`unaccept:${id}`} class="small secondary" aria-label={label}>
        {action.label}
      </button>
    );
  } else if (action.kind === 'none') {
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the dash stands in the actions column; the label says what it means to a screen reader
    main = <span aria-label="ไม่มีการกระทำ">-</span>;
  } else {
    main = (
      <button type="button" class="small" disabled>
        {action.label}
      </button>
    );
  }
  return (
    <span class="row-act">
      {main}
      {action.cancelButton ? (
        <a class="small-link" href={`/orders/${id}#cancel`}>
          ยกเลิก Order<span class="visually-hidden"> {props.item.orderNo}</span>
        </a>
      ) : null}
    </span>
  );
}

function columns(view: OrdersView, role: Role, selectable: boolean): Column<OrderItem>[] {
  const cols: Column<OrderItem>[] = [];
  // The views of one marker show its date instead of what only the open work needs.
  const marked = MARKED_AT_LABEL[view];
  if (selectable) {
    cols.push({
      key: 'select',
      label: 'เลือก',
      header: (
        <label class="tick">
          <input type="checkbox" data-select-all="ids" />
          <span class="visually-hidden">เลือกทุกแถวในหน้านี้</span>
        </label>
      ),
      cell: (i) => (
        <label class="tick">
          <input type="checkbox" name="ids" value={String(i.id)} data-group={String(i.orderId)} />
          <span class="visually-hidden">
            เลือก {i.orderNo} {i.sku}
          </span>
        </label>
      ),
    });
  }
  cols.push(
    {
      key: 'shop',
      label: 'Platform / ร้าน',
      sortable: true,
      cell: (i) => (
        <>
          {i.platformLabel}
          <span class="sub">{i.shop.name}</span>
        </>
      ),
    },
    {
      key: 'orderNo',
      label: 'เลข Order',
      sortable: true,
      cell: (i) => (
        <a href={`/orders/${i.id}`} class="order-no">
          {i.orderNo}
        </a>
      ),
    },
    {
      key: 'sku',
      label: 'สินค้า (SKU)',
      sortable: true,
      cell: (i) => (
        <>
          <code>{i.sku}</code>
          {i.productName ? <span class="sub">{i.productName}</span> : null}
        </>
      ),
    },
    ...(marked
      ? []
      : [{ key: 'brand', label: 'Brand', sortable: true, class: 'col-wide', cell: (i: OrderItem) => i.brand ?? '-' }]),
    {
      key: 'stockQty',
      label: 'Stock',
      sortable: true,
      numeric: true,
      cell: (i) => (
        <span class={i.computedStatus ? STOCK_CLASS[i.computedStatus] : undefined}>{formatCount(i.stockQty)}</span>
      ),
    },
    { key: 'qty', label: 'Qty', sortable: true, numeric: true, cell: (i) => formatCount(i.qty) },
    ...(marked
      ? []
      : [
          {
            key: 'allQty',
            label: 'AllQty',
            sortable: true,
            numeric: true,
            class: 'col-wide',
            cell: (i: OrderItem) => formatCount(i.allQty),
          },
        ]),
    {
      key: 'orderedAt',
      label: 'เวลาสั่ง / SLA',
      sortable: true,
      cell: (i) => (
        <>
          <span class="nowrap">{thaiDateTime(i.orderedAt)}</span>
          <span class={i.sla?.overdue ? 'sub nowrap sla-overdue' : 'sub nowrap'}>
            <span class="visually-hidden">SLA </span>
            {i.sla ? i.sla.label : '-'}
          </span>
        </>
      ),
    },
    { key: 'logistic', label: 'ขนส่ง', class: 'col-wide', cell: (i) => i.logisticType ?? '-' },
  );
  if (marked)
    cols.push({
      key: 'markedAt',
      label: marked,
      sortable: true,
      cell: (i) => <span class="nowrap">{thaiDateTime(markedAt(i, view))}</span>,
    });
  cols.push(
    {
      key: 'status',
      label: 'สถานะ / หมายเหตุ',
      cell: (i) => (
        <>
          <StatusCell item={i} />
          {i.cancelled && i.cancelReason ? <span class="sub">หมายเหตุ: {i.cancelReason}</span> : null}
        </>
      ),
    },
    { key: 'action', label: 'การกระทำ', cell: (i) => <RowAction item={i} role={role} /> },
    {
      key: 'scan',
      label: 'Scan',
      cell: (i) =>
        i.scannedAt ? (
          <span title="สแกนแล้ว">
            ✓<span class="visually-hidden">สแกนแล้ว</span>
          </span>
        ) : (
          <span class="visually-hidden">ยังไม่สแกน</span>
        ),
    },
    { key: 'acceptedBy', label: 'ผู้รับ', class: 'col-wide', cell: (i) => i.acceptedBy ?? '' },
  );
  return cols;
}

function ResultBanner(props: { action: OrderActionName; result: ActionOutcome; round?: number | null }) {
  const text = resultText(props.action, props.result, props.round);
  return (
    <div class="result">
      <Banner tone={text.tone} title={text.headline}>
        {props.result.skipped.length > 0 ? (
          <>
            <p>ข้าม {props.result.skipped.length} ออเดอร์:</p>
            <ul>
              {text.skipped.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
            {text.more ? <p>{text.more}</p> : null}
          </>
        ) : null}
      </Banner>
    </div>
  );
}

interface BulkBarProps {
  view: OrdersView;
  role: Role;
  totalOrders: number;
  totalLines: number;
}

function BulkBar(props: BulkBarProps) {
  const actions = VIEW_ACTIONS[props.view].filter((a) => mayRun(props.role, a));
  if (actions.length === 0) return null;
  return (
    <div class="bulk-bar">
      {/* Enter in a text field of this form must not run the first action: the default button does nothing. */}
      <button type="submit" disabled hidden>
        ไม่ทำรายการ
      </button>
      <label class="tick all-matching">
        <input type="checkbox" name="scope" value="all" data-total={String(props.totalOrders)} />
        <span>
          เลือกทั้งหมดที่ตรงกับตัวกรอง ({formatCount(props.totalOrders)} ออเดอร์, {formatCount(props.totalLines)} รายการ)
        </span>
      </label>
      <div class="bulk-inputs">
        {actions.includes('cancel') ? (
          <Field name="reason" label="สาเหตุการยกเลิก (สำหรับ ยกเลิก Order)" maxlength={1000} autocomplete="off" />
        ) : null}
        {actions.includes('dispatch-round') ? (
          <Field name="round" label="จ่ายงาน(รอบที่)" type="number" min={1} inputmode="numeric" />
        ) : null}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the button bar; role=group names it the same */}
      <div class="bulk-buttons" role="group" aria-label="ทำรายการกับที่เลือก">
        {actions.map((name) => {
          const a = PAGE_ACTIONS[name];
          return (
            <button
              type="submit"
              name="action"
              value={name}
              class={a.danger ? 'danger' : name === 'accept' ? undefined : 'secondary'}
              data-confirm={a.confirm}
              data-confirm-all={a.confirm ? undefined : CONFIRM_ALL.replace('{label}', a.label)}
              data-confirm-ok={a.label}
              data-confirm-danger={a.danger ? '' : undefined}
              data-count="ids"
              data-requires={a.needs}
              data-requires-message={a.needsMessage}
            >
              {a.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function ViewTabs(props: { current: OrdersView; query: Record<string, string> }) {
  const keep = new URLSearchParams(props.query).toString();
  return (
    <nav class="tabs" aria-label="มุมมองรายการออเดอร์">
      <ul>
        {ORDER_VIEW_PAGES.map((v) => (
          <li>
            <a href={keep ? `${v.path}?${keep}` : v.path} aria-current={v.view === props.current ? 'page' : undefined}>
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const heading = (view: OrdersView) =>
  view === 'pending' ? 'รายการออเดอร์' : `รายการออเดอร์: ${ORDER_VIEW_PAGES.find((v) => v.view === view)!.label}`;

export async function renderOrdersList(
  c: Context<AppEnv>,
  view: OrdersView,
  query: Query,
  extra: Banners = {},
): Promise<Response> {
  const services = c.get('services');
  const role = c.get('auth')!.user.role;
  const path = viewPath(view);
  const { filters, dropped } = readOrdersFilters(query);
  const paging = readPaging(query, ORDER_PAGE_SIZES);
  const sort = readSort(query, SORTABLE, { key: 'default', dir: 'asc' });
  const [list, shops] = await Promise.all([
    services.orders.list(ordersQueryOf(view, filters, paging, sort)),
    services.shops.list({ limit: 500 }),
  ]);
  const fq = filtersQuery(filters);
  const listQuery: Query = {
    ...fq,
    ...(query.size ? { size: query.size } : {}),
    ...(sort.key !== 'default' ? { sort: sort.key, dir: sort.dir } : {}),
  };
  // Where an action's result is shown: this page, as it is now.
  const back = hrefWith(path, listQuery, { page: paging.page > 1 ? paging.page : null });
  const selectable = VIEW_ACTIONS[view].some((a) => mayRun(role, a));
  const groupStarts = new Set<number>();
  list.items.forEach((item, k) => {
    if (k === 0 || list.items[k - 1].orderId !== item.orderId) groupStarts.add(item.id);
  });
  const exportHref = `/api/dashboard/export.xlsx?${new URLSearchParams({ view, ...fq }).toString()}`;
  const s = list.summary;
  return render(c, {
    title: heading(view),
    status: extra.status,
    body: (ctx: PageContext) => (
      <>
        <div class="page-head">
          <h1>{heading(view)}</h1>
          <p class="head-meta">
            <Badge tone="info">{list.badge}</Badge>{' '}
            <a href={exportHref} class="button secondary small">
              ส่งออก Excel
            </a>
          </p>
        </div>
        {extra.banner}
        <ViewTabs current={view} query={fq} />
        {[...dropped, ...list.warnings].length > 0 ? (
          <Banner tone="warning">
            <ul>
              {[...dropped, ...list.warnings].map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          </Banner>
        ) : null}
        <OrderFilters
          action={path}
          filters={filters}
          shops={shops.items}
          status
          dates
          mode={view === 'pending'}
          keep={{ size: query.size }}
          clearHref={path}
        />
        <p class="table-summary" data-summary-orders={String(s.orders)} data-summary-rows={String(s.rows)}>
          ออเดอร์ {formatCount(s.orders)} · แถว {formatCount(s.rows)} · Brand {formatCount(s.brands)} · รวม Stock{' '}
          {formatCount(s.stockQty)} · รวม Qty {formatCount(s.qty)} · รวม AllQty {formatCount(s.allQty)}
        </p>
        <PostForm action="/orders/actions" csrf={ctx.csrfToken} id="orders-form" class="orders-form">
          <input type="hidden" name="back" value={back} />
          {selectable ? <BulkBar view={view} role={role} totalOrders={s.orders} totalLines={s.rows} /> : null}
          <DataTable<OrderItem>
            caption={`${heading(view)} (${formatCount(list.total)} รายการ)`}
            columns={columns(view, role, selectable)}
            rows={list.items}
            path={path}
            query={listQuery}
            sort={sort.key === 'default' ? null : sort}
            empty="ไม่พบออเดอร์ตามตัวกรองนี้"
            rowClass={(i) =>
              [groupStarts.has(i.id) ? 'order-start' : '', i.cancelled ? 'struck' : '', i.sla?.overdue ? 'overdue' : '']
                .filter(Boolean)
                .join(' ') || undefined
            }
          />
        </PostForm>
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          total={list.total}
          path={path}
          query={listQuery}
          sizes={ORDER_PAGE_SIZES}
        />
      </>
    ),
  });
}

// ---- one line ------------------------------------------------------------------------------

type Detail = Awaited<ReturnType<OrdersService['get']>>;

const HISTORY_LABELS: Record<string, string> = {
  'order.accept': 'กดรับงาน',
  'order.unaccept': 'ยกเลิกรับ',
  'order.cancel': 'ยกเลิก Order',
  'order.uncancel': 'ยกเลิกการยกเลิก',
  'order.trash': 'ย้ายไปถังขยะ',
  'order.restore': 'กู้คืน',
  'order.unissue': 'ยกเลิกจ่ายงาน',
  'order.scan': 'สแกน',
  'order.reset-scans': 'รีเซ็ตสแกน',
  'order.dispatch-round': 'ตั้งรอบจ่ายงาน',
  'order.purge': 'ลบถาวร',
};

const MARKER_LABELS: Record<string, string> = {
  cancelled: 'ยกเลิก',
  issued: 'จ่ายงานแล้ว',
  trashed: 'อยู่ในถังขยะ',
  bill_empty: 'บิลเปล่า',
};

function historyDetail(details: Record<string, unknown> | null): string {
  if (!details) return '';
  const parts: string[] = [];
  if (typeof details.reason === 'string') parts.push(`สาเหตุ: ${details.reason}`);
  if (typeof details.round === 'number') parts.push(`รอบที่ ${details.round}`);
  if (details.replayed === true) parts.push('ส่งซ้ำ (ไม่มีการเปลี่ยนแปลง)');
  return parts.join(' · ');
}

function DetailActions(props: { d: Detail; role: Role; csrf: string | null; back: string }) {
  const { d, role } = props;
  const o = d.order;
  const line = d.line;
  const lineIds = (o.lines as OrderItem[]).map((l) => l.id);
  const candidates: OrderActionName[] = [];
  if (line.action.kind === 'accept' && line.action.enabled) candidates.push('accept');
  if (line.action.kind === 'unaccept' && line.action.enabled) candidates.push('unaccept');
  if (line.cancelled) candidates.push('uncancel');
  if (line.issued) candidates.push('unissue');
  if (line.scannedAt) candidates.push('reset-scans');
  if (line.trashed) candidates.push('restore', 'purge');
  else candidates.push('trash');
  const actions = candidates.filter((a) => mayRun(role, a));
  const fields = { back: props.back, ids: String(lineIds[0] ?? line.id) };
  return (
    <section class="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">ทำรายการกับออเดอร์นี้</h2>
      <p class="muted">ทุกคำสั่งมีผลกับทั้งออเดอร์ ({lineIds.length} รายการ)</p>
      <div class="actions">
        {actions.map((name) => {
          const a = PAGE_ACTIONS[name];
          return (
            <PostForm
              action="/orders/actions"
              csrf={props.csrf}
              confirm={a.confirm?.replace('{n}', '1')}
              confirmOk={a.label}
              danger={a.danger}
              class="inline"
            >
              <Hidden fields={{ ...fields, action: name }} />
              <button type="submit" class={a.danger ? 'danger' : name === 'accept' ? undefined : 'secondary'}>
                {a.label}
              </button>
            </PostForm>
          );
        })}
      </div>
      {mayRun(role, 'dispatch-round') && !line.trashed ? (
        <PostForm action="/orders/actions" csrf={props.csrf} class="inline-fields round-form">
          <Hidden fields={{ ...fields, action: 'dispatch-round' }} />
          <Field
            name="round"
            label="จ่ายงาน(รอบที่)"
            type="number"
            min={1}
            value={o.dispatchRound ?? ''}
            inputmode="numeric"
          />
          <button type="submit" class="secondary">
            บันทึกรอบจ่ายงาน
          </button>
        </PostForm>
      ) : null}
      {!line.cancelled && line.status !== 'PACKED' && !line.trashed && mayRun(role, 'cancel') ? (
        <PostForm
          action="/orders/actions"
          csrf={props.csrf}
          class="cancel-form"
          id="cancel"
          confirm={PAGE_ACTIONS.cancel.confirm!.replace('{n}', '1')}
          confirmOk="ยกเลิก Order"
          danger
        >
          <Hidden fields={{ ...fields, action: 'cancel' }} />
          <Field name="reason" label="ระบุสาเหตุการยกเลิก *" required maxlength={1000} autocomplete="off" />
          <button type="submit" class="danger">
            ยกเลิก Order
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}

function DetailPage(props: { d: Detail; ctx: PageContext; banner?: Child }) {
  const { d, ctx } = props;
  const o = d.order;
  const line = d.line;
  const role = ctx.user!.role;
  const lines = o.lines as OrderItem[];
  const prints = o.printCounts as Record<string, number>;
  const back = `/orders/${line.id}`;
  return (
    <>
      <div class="page-head">
        <h1>
          ออเดอร์ <span class="order-no">{String(o.orderNo)}</span>
        </h1>
        <p class="head-meta">
          <a href="/orders">กลับไปรายการออเดอร์</a>
        </p>
      </div>
      {props.banner}
      <section class="panel" aria-labelledby="order-title">
        <h2 id="order-title">ข้อมูลออเดอร์</h2>
        <dl class="facts">
          <dt>แพลตฟอร์ม</dt>
          <dd>{String(o.platformLabel)}</dd>
          <dt>ร้าน</dt>
          <dd>{(o.shop as { name: string }).name}</dd>
          <dt>เวลาสั่ง</dt>
          <dd>{thaiDateTime(o.orderedAt as string | null)}</dd>
          <dt>กำหนดส่ง / SLA</dt>
          <dd>
            {line.dueAt ? thaiDate(line.dueAt) : '-'}{' '}
            {line.sla ? <span class={line.sla.overdue ? 'sla-overdue' : undefined}>({line.sla.label})</span> : null}
          </dd>
          <dt>ขนส่ง</dt>
          <dd>{(o.logisticType as string | null) ?? '-'}</dd>
          <dt>วันที่นำเข้า</dt>
          <dd>{thaiDate(o.importDate as string)}</dd>
          <dt>สถานะ</dt>
          <dd>
            <StatusCell item={line} />
          </dd>
          <dt>จ่ายงาน(รอบที่)</dt>
          <dd>{o.dispatchRound ?? '-'}</dd>
          <dt>Scan Order</dt>
          <dd>
            {o.scannedAt
              ? `สแกนแล้ว ${thaiDateTime(o.scannedAt as string)}${o.scannedBy ? ` โดย ${o.scannedBy}` : ''}`
              : 'ยังไม่สแกน'}
          </dd>
          <dt>ใบขาย (SBS)</dt>
          <dd>{line.salesStatus}</dd>
          <dt>พิมพ์แล้ว (ครั้ง)</dt>
          <dd>
            ใบงานคลัง {prints.warehouse ?? 0} · สินค้าน้อย {prints.lowstock ?? 0} · ไม่มีสินค้า {prints.nostock ?? 0} · ไม่พอส่ง{' '}
            {prints.notenough ?? 0}
          </dd>
        </dl>
        {d.markers.length > 0 ? (
          <ul class="markers">
            {(
              d.markers as {
                kind: string;
                at: string | null;
                by: string | null;
                note: string | null;
                source: string | null;
              }[]
            ).map((m) => (
              <li>
                <strong>{MARKER_LABELS[m.kind] ?? m.kind}</strong> {thaiDateTime(m.at)}
                {m.by ? ` โดย ${m.by}` : ''}
                {m.kind === 'cancelled' && m.note ? ` · สาเหตุ: ${m.note}` : ''}
                {m.kind === 'issued' && m.source ? ` · ที่มา: ${m.source}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <DataTable<OrderItem>
        caption="รายการสินค้าในออเดอร์นี้"
        showCaption
        path={back}
        query={{}}
        rows={lines}
        rowClass={(l) => (l.id === line.id ? 'current-line' : undefined)}
        columns={[
          { key: 'sku', label: 'สินค้า (SKU)', cell: (l) => <code>{l.sku}</code> },
          { key: 'name', label: 'ชื่อสินค้า', cell: (l) => l.productName ?? l.itemName ?? '-' },
          { key: 'brand', label: 'Brand', cell: (l) => l.brand ?? '-' },
          { key: 'qty', label: 'Qty', numeric: true, cell: (l) => formatCount(l.qty) },
          {
            key: 'stock',
            label: 'Stock',
            numeric: true,
            cell: (l) => (
              <span class={l.computedStatus ? STOCK_CLASS[l.computedStatus] : undefined}>
                {formatCount(l.stockQty)}
              </span>
            ),
          },
          { key: 'allQty', label: 'AllQty', numeric: true, cell: (l) => formatCount(l.allQty) },
          {
            key: 'status',
            label: 'สถานะ',
            cell: (l) => (l.status ? <StatusBadge status={l.status} /> : l.statusLabel),
          },
          {
            key: 'accepted',
            label: 'ผู้รับ',
            cell: (l) => (l.acceptedBy ? `${l.acceptedBy} (${thaiDateTime(l.acceptedAt)})` : '-'),
          },
        ]}
      />

      {d.shortage ? (
        <section class="panel" aria-labelledby="shortage-title">
          <h2 id="shortage-title">ทำไมของไม่พอ</h2>
          <p>ต้องการสินค้าเพิ่มอีก {formatCount(d.shortage.missing)} ชิ้น รายการนี้จึงจะพร้อมรับ สต็อกตอนนี้ถูกจองโดย:</p>
          <DataTable
            caption="ออเดอร์ที่อยู่ก่อนในคิวของ SKU นี้"
            path={back}
            query={{}}
            rows={d.shortage.heldBy}
            columns={[
              { key: 'orderNo', label: 'เลข Order', cell: (h) => <a href={`/orders/${h.lineId}`}>{h.orderNo}</a> },
              { key: 'platform', label: 'Platform', cell: (h) => h.platform },
              { key: 'shop', label: 'ร้าน', cell: (h) => h.shop },
              { key: 'qty', label: 'Qty', numeric: true, cell: (h) => formatCount(h.qty) },
              { key: 'committed', label: 'รับแล้ว/จ่ายแล้ว', cell: (h) => (h.committed ? 'ใช่' : '-') },
            ]}
          />
        </section>
      ) : null}
      {d.changedAfterPrint && d.changedAfterPrint.length > 0 ? (
        <Banner tone="warning" title="ออเดอร์นี้เปลี่ยนไปหลังพิมพ์">
          <ul>
            {d.changedAfterPrint.map((ch) => (
              <li>
                {ch.kind} (ใบพิมพ์ #{ch.printJobId}): {ch.label}
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}

      <DetailActions d={d} role={role} csrf={ctx.csrfToken} back={back} />

      <DataTable
        caption="ประวัติการทำรายการ"
        showCaption
        path={back}
        query={{}}
        rows={
          d.history as {
            id: number;
            at: string;
            username: string | null;
            action: string;
            details: Record<string, unknown> | null;
          }[]
        }
        empty="ยังไม่มีประวัติ"
        columns={[
          { key: 'at', label: 'เวลา', cell: (h) => <span class="nowrap">{thaiDateTime(h.at)}</span> },
          { key: 'user', label: 'ผู้ใช้', cell: (h) => h.username ?? '-' },
          { key: 'action', label: 'การกระทำ', cell: (h) => HISTORY_LABELS[h.action] ?? h.action },
          { key: 'details', label: 'รายละเอียด', cell: (h) => historyDetail(h.details) },
        ]}
      />
    </>
  );
}

export async function renderOrderDetail(c: Context<AppEnv>, lineId: number, extra: Banners = {}): Promise<Response> {
  const d = (await c.get('services').orders.get(lineId)) as Detail;
  return render(c, {
    title: `ออเดอร์ ${d.order.orderNo}`,
    status: extra.status,
    body: (ctx) => <DetailPage d={d} ctx={ctx} banner={extra.banner} />,
  });
}

// ---- actions -------------------------------------------------------------------------------

/** Renders the page a form came from (list or line), with a banner on top. */
async function renderBack(c: Context<AppEnv>, back: string, extra: Banners): Promise<Response> {
  const url = new URL(back, 'http://local.invalid');
  // The page is the one the form came from: the script puts its address back in the bar, so a
  // reload shows it again rather than posting twice.
  if (extra.banner && extra.replaceUrl)
    extra = { ...extra, banner: <div data-replace-url={extra.replaceUrl}>{extra.banner}</div> };
  const line = /^\/orders\/(\d+)$/.exec(url.pathname);
  if (line) return renderOrderDetail(c, Number(line[1]), extra);
  const view = viewOfPath(url.pathname) ?? 'pending';
  return renderOrdersList(c, view, Object.fromEntries(url.searchParams), extra);
}

const errorBanner = (message: string) => <Banner tone="error">{message}</Banner>;

/** Every line id of the orders matching the filters of a list address: one line per order is enough. */
async function matchingLineIds(services: Services, back: string): Promise<number[]> {
  const url = new URL(back, 'http://local.invalid');
  const view = viewOfPath(url.pathname) ?? 'pending';
  const { filters } = readOrdersFilters(Object.fromEntries(url.searchParams));
  const { rows } = await services.orders.rows(ordersQueryOf(view, filters));
  const seen = new Set<number>();
  const ids: number[] = [];
  for (const l of rows) {
    if (seen.has(l.order.id)) continue;
    seen.add(l.order.id);
    ids.push(l.id);
  }
  return ids;
}

/** Distinct orders of the chosen lines, for the confirmation's N (the list's own rows know them). */
async function orderCount(services: Services, back: string, ids: number[]): Promise<number> {
  const url = new URL(back, 'http://local.invalid');
  if (/^\/orders\/\d+$/.test(url.pathname)) return 1;
  const view = viewOfPath(url.pathname) ?? 'pending';
  const { filters } = readOrdersFilters(Object.fromEntries(url.searchParams));
  const { rows } = await services.orders.rows(ordersQueryOf(view, filters));
  const wanted = new Set(ids);
  const orders = new Set<number>();
  let found = 0;
  for (const l of rows) {
    if (!wanted.has(l.id)) continue;
    found++;
    orders.add(l.order.id);
  }
  return orders.size + (ids.length - found);
}

export const ordersPages = definePages((page) => {
  // Fixed paths before `/orders/:id`.
  for (const v of ORDER_VIEW_PAGES) {
    page.get(v.path, (c) => renderOrdersList(c, v.view, c.req.query()));
  }

  page.get('/orders/:id', async (c) => {
    const raw = c.req.param('id') ?? '';
    if (!/^\d{1,15}$/.test(raw)) throw new AppError('not_found', 'ไม่พบหน้าที่ต้องการ');
    return renderOrderDetail(c, Number(raw));
  });

  page.post('/orders/actions', async (c) => {
    const services = c.get('services');
    const form = await readForm(c);
    const all = await c.req.parseBody({ all: true });
    const back = safeOrdersBack(form.back);
    const replaceUrl = back;

    // A row's own button (รับ / ถอย) names its action and line; else the bar's action and the ticks.
    let action: string | undefined = form.action;
    let ids: number[] = [];
    let everyMatching = false;
    const row = /^([a-z-]+):(\d{1,15})$/.exec(form.row ?? '');
    if (row) {
      action = row[1];
      ids = [Number(row[2])];
    } else {
      const raw = all.ids;
      ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
        .map(String)
        .filter((v) => /^\d{1,15}$/.test(v))
        .map(Number);
      everyMatching = form.scope === 'all';
    }
    if (!isActionName(action))
      return renderBack(c, back, { status: 400, banner: errorBanner('กรุณาเลือกคำสั่งที่ต้องการ'), replaceUrl });
    // The API route's role, whatever page the post came from.
    await assertRole(c, actionRole(action));
    if (everyMatching) ids = await matchingLineIds(services, back);
    if (ids.length === 0)
      return renderBack(c, back, { status: 400, banner: errorBanner('กรุณาเลือกรายการอย่างน้อย 1 รายการ'), replaceUrl });

    const reason = (form.reason ?? '').trim();
    const roundText = (form.round ?? '').trim();
    if (action === 'cancel' && reason === '')
      return renderBack(c, back, { status: 400, banner: errorBanner('กรุณาระบุสาเหตุการยกเลิก'), replaceUrl });
    const round = roundText === '' ? null : Number(roundText);
    if (action === 'dispatch-round' && (round === null || !Number.isInteger(round) || round < 1)) {
      return renderBack(c, back, {
        status: 400,
        banner: errorBanner('รอบที่จ่ายงานต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป'),
        replaceUrl,
      });
    }

    if (!isConfirmed(form)) {
      const n = everyMatching ? ids.length : await orderCount(services, back, ids);
      const question = confirmationOf(action, n, everyMatching);
      if (question) {
        const a = PAGE_ACTIONS[action];
        return renderConfirmation(c, {
          title: `ยืนยัน${a.label}`,
          message: question,
          details: reason ? <p>สาเหตุ: {reason}</p> : undefined,
          action: '/orders/actions',
          fields: {
            action,
            back,
            ids: everyMatching ? undefined : ids.map(String),
            scope: everyMatching ? 'all' : undefined,
            reason: reason || undefined,
            round: roundText || undefined,
          },
          cancelHref: back,
          confirmLabel: a.label,
          danger: a.danger,
        });
      }
    }

    try {
      const result = await services.orderActions.run(action, { ids, reason: reason || null, round }, actorOf(c));
      return renderBack(c, back, {
        banner: <ResultBanner action={action} result={result} round={round} />,
        replaceUrl,
      });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        return renderBack(c, back, {
          status: error.status === 409 ? 409 : 400,
          banner: errorBanner(error.message),
          replaceUrl,
        });
      }
      throw error;
    }
  });
});
