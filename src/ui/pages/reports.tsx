// The warehouse paper (docs/domain/reports.md, issue 16): the five report pages, their print
// (through the same service as POST /api/reports/:report/print, idempotent by a key the form
// carries), rounds and the Picking dispatch, the printable A4 view of a print job rendered from its
// ledger record, and the printed histories with the admin's reprint (the override).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { actorOf } from '../../http/auth';
import { AppError } from '../../errors';
import { PLATFORM_LABELS } from '../../domain/allocation';
import { copyLabel, type ReportKind } from '../../domain/reports';
import { epochDayToIsoDate } from '../../domain/time';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { formatCount, hrefWith, readPaging, type Query } from '../list-query';
import { thaiDate, thaiDateTime } from '../format';
import { PLATFORM_OPTIONS } from '../orders-query';
import { Banner } from '../components/banner';
import { Field, Hidden, PostForm, SelectField } from '../components/form';
import { DataTable, Pager, type Column } from '../components/table';
import { renderConfirmation, isConfirmed } from '../components/confirm';
import { shopOptions } from '../components/order-filters';
import type { ShopView } from '../../services/catalog/shops';
import type { ReportQuery } from '../../services/reports';
import type { AppEnv } from '../../http/env';
import type { PageContext } from '../context';

type Kind = ReportKind;
/** A row of the API's JSON as the service returns it (the page reads the fields it shows). */
// biome-ignore lint/suspicious/noExplicitAny: rows are the services' JSON shapes, read field by field as the API documents them
type Item = Record<string, unknown> & { [k: string]: any };

interface ReportInfo {
  title: string;
  /** The print buttons' words (5.1/5.2: พิมพ์และล็อกงาน, 5.3: พิมพ์ (บันทึกประวัติ)). */
  printSelected: string;
  printAll: string;
  historyTitle: string;
  /** What one tick selects. */
  unit: 'ออเดอร์' | 'SKU';
}

const REPORTS: Readonly<Record<Kind, ReportInfo>> = {
  warehouse: {
    title: 'ใบงานคลัง',
    printSelected: 'พิมพ์และล็อกงานที่เลือก',
    printAll: 'พิมพ์และล็อกงานทั้งหมด',
    historyTitle: 'งานที่พิมพ์แล้ว (ใบงานคลัง)',
    unit: 'ออเดอร์',
  },
  picking: {
    title: 'Picking List',
    printSelected: 'พิมพ์และล็อกงานที่เลือก',
    printAll: 'พิมพ์และล็อกงานทั้งหมด',
    historyTitle: 'ประวัติการพิมพ์ Picking List',
    unit: 'SKU',
  },
  lowstock: {
    title: 'รายงานสินค้าน้อย',
    printSelected: 'พิมพ์ (บันทึกประวัติ) ที่เลือก',
    printAll: 'พิมพ์ (บันทึกประวัติ) ทั้งหมด',
    historyTitle: 'ประวัติการพิมพ์ รายงานสินค้าน้อย',
    unit: 'ออเดอร์',
  },
  nostock: {
    title: 'รายงานไม่มีสินค้า',
    printSelected: 'พิมพ์ (บันทึกประวัติ) ที่เลือก',
    printAll: 'พิมพ์ (บันทึกประวัติ) ทั้งหมด',
    historyTitle: 'ประวัติการพิมพ์ รายงานไม่มีสินค้า',
    unit: 'ออเดอร์',
  },
  notenough: {
    title: 'รายงานสินค้าไม่พอส่ง',
    printSelected: 'พิมพ์ (บันทึกประวัติ) ที่เลือก',
    printAll: 'พิมพ์ (บันทึกประวัติ) ทั้งหมด',
    historyTitle: 'ประวัติการพิมพ์ รายงานสินค้าไม่พอส่ง',
    unit: 'ออเดอร์',
  },
};
const KINDS = Object.keys(REPORTS) as Kind[];
const isKind = (v: string | undefined): v is Kind => v !== undefined && (KINDS as string[]).includes(v);
const isStock = (k: Kind) => k === 'lowstock' || k === 'nostock' || k === 'notenough';

const SIZES = [50, 100, 200] as const;
const HISTORY_SIZES = [100, 200, 500] as const;

/** Filter fields each report's GET form and its action form carry (the API's query names). */
const TEXT_FILTERS = ['q', 'platform', 'shop', 'logistic'] as const;
const OWN_FILTERS: Readonly<Record<Kind, readonly string[]>> = {
  warehouse: ['acceptedFrom', 'acceptedTo', 'round', 'printCount'],
  picking: ['warehousePrintedFrom', 'warehousePrintedTo', 'round', 'printCount'],
  lowstock: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir'],
  nostock: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir'],
  notenough: ['orderedFrom', 'orderedTo', 'importedFrom', 'importedTo', 'round', 'sort', 'dir'],
};
const DATE_LABELS: Readonly<Record<string, string>> = {
  acceptedFrom: 'วันที่กดรับ (จาก)',
  acceptedTo: 'ถึงวันที่',
  warehousePrintedFrom: 'ใบงานคลัง(จาก)',
  warehousePrintedTo: 'ถึงวันที่',
  orderedFrom: 'วันที่สั่ง (จาก)',
  orderedTo: 'ถึงวันที่ (สั่ง)',
  importedFrom: 'วันที่นำเข้า (จาก)',
  importedTo: 'ถึงวันที่ (นำเข้า)',
};

/** The report's filters as the page's query has them (strings, empty ones left out). */
function filterQuery(kind: Kind, query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...TEXT_FILTERS, ...OWN_FILTERS[kind]]) {
    const v = (query[k] ?? '').trim();
    if (v !== '') out[k] = v.slice(0, 200);
  }
  return out;
}

/** The same filters as the service takes them (numbers as numbers; the service names a bad one). */
function reportQuery(fq: Record<string, string>): ReportQuery {
  const q: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fq))
    q[k] = k === 'round' || k === 'printCount' ? (/^-?\d+$/.test(v) ? Number(v) : Number.NaN) : v;
  if (q.dir !== undefined && q.dir !== 'asc' && q.dir !== 'desc') delete q.dir;
  return q as ReportQuery;
}

const newKey = () => crypto.randomUUID();
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));

function ReportTabs(props: { current: Kind | 'index'; history?: boolean }) {
  return (
    <nav class="tabs" aria-label="รายงาน">
      <ul>
        {KINDS.map((k) => (
          <li>
            <a
              href={props.history ? `/reports/${k}/printed` : `/reports/${k}`}
              aria-current={props.current === k ? 'page' : undefined}
            >
              {REPORTS[k].title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ChangedMark(props: { changes: { label: string }[] | undefined }) {
  if (!props.changes || props.changes.length === 0) return null;
  return (
    <span class="badge badge-warning changed-mark" title={props.changes.map((c) => c.label).join(', ')}>
      เปลี่ยนหลังพิมพ์
    </span>
  );
}

function FiltersForm(props: { kind: Kind; fq: Record<string, string>; shops: readonly ShopView[]; size?: string }) {
  const { kind, fq } = props;
  const own = OWN_FILTERS[kind];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is announced by every screen reader; <search> is not yet
    <form method="get" action={`/reports/${kind}`} class="filters panel" role="search" aria-label="ตัวกรอง">
      <div class="filter-grid">
        <Field name="q" label="ค้นหา (เลข Order, SKU, ร้าน, ขนส่ง)" type="search" value={fq.q ?? ''} class="span-2" />
        <SelectField name="platform" label="แพลตฟอร์ม" value={fq.platform ?? ''} options={PLATFORM_OPTIONS} />
        <SelectField
          name="shop"
          label="ร้าน"
          value={fq.shop ?? ''}
          options={shopOptions(props.shops, fq.shop ?? null)}
        />
        <Field name="logistic" label="ประเภทขนส่ง" value={fq.logistic ?? ''} />
        {own
          .filter((k) => k in DATE_LABELS)
          .map((k) => (
            <Field name={k} label={DATE_LABELS[k]} type="date" value={fq[k] ?? ''} />
          ))}
        {own.includes('round') ? (
          <Field
            name="round"
            label={kind === 'warehouse' || kind === 'picking' ? 'จ่ายงาน(รอบที่)' : 'รอบ'}
            type="number"
            min={1}
            value={fq.round ?? ''}
            inputmode="numeric"
          />
        ) : null}
        {own.includes('printCount') ? (
          <Field
            name="printCount"
            label="พิมพ์แล้ว (ครั้ง)"
            type="number"
            min={0}
            value={fq.printCount ?? ''}
            inputmode="numeric"
          />
        ) : null}
      </div>
      {fq.sort ? <Hidden fields={{ sort: fq.sort, dir: fq.dir }} /> : null}
      {props.size ? <Hidden fields={{ size: props.size }} /> : null}
      <div class="actions">
        <button type="submit">ค้นหา</button>
        <a class="button secondary" href={`/reports/${kind}`}>
          รีเฟรช/Orderค้าง
        </a>
      </div>
    </form>
  );
}

function selectColumn(kind: Kind): Column<Item> {
  const picking = kind === 'picking';
  return {
    key: 'select',
    label: 'เลือก',
    header: (
      <label class="tick">
        <input type="checkbox" data-select-all={picking ? 'skus' : 'ids'} />
        <span class="visually-hidden">เลือกทุกแถวในหน้านี้</span>
      </label>
    ),
    cell: (r) =>
      picking ? (
        <label class="tick">
          <input type="checkbox" name="skus" value={String(r.sku)} />
          <span class="visually-hidden">เลือก SKU {String(r.sku)}</span>
        </label>
      ) : (
        <label class="tick">
          <input type="checkbox" name="ids" value={String(r.id)} data-group={String(r.orderId)} />
          <span class="visually-hidden">
            เลือก {String(r.orderNo)} {r.sku ? String(r.sku) : ''}
          </span>
        </label>
      ),
  };
}

const orderLink = (r: Item) => (r.id ? <a href={`/orders/${r.id}`}>{String(r.orderNo)}</a> : String(r.orderNo));

function reportColumns(kind: Kind): Column<Item>[] {
  if (kind === 'warehouse') {
    return [
      { key: 'platform', label: 'แพลตฟอร์ม', cell: (r) => r.platformLabel },
      { key: 'shop', label: 'ร้าน', cell: (r) => r.shop.name },
      {
        key: 'orderNo',
        label: 'เลข Order',
        cell: (r) => (
          <>
            {orderLink(r)} {r.warning ? <span class="badge badge-danger">{r.warning}</span> : null}{' '}
            <ChangedMark changes={r.changedAfterPrint} />
          </>
        ),
      },
      { key: 'logistic', label: 'ประเภทขนส่ง', cell: (r) => dash(r.logisticType) },
      { key: 'acceptedBy', label: 'ผู้กดรับ', cell: (r) => dash((r.acceptedBy as string[] | null)?.join(', ')) },
      { key: 'scan', label: 'Scan Order', class: 'col-wide', cell: (r) => (r.scanned ? '✓ แล้ว' : '-') },
      { key: 'round', label: 'จ่ายงาน(รอบที่)', numeric: true, cell: (r) => dash(r.dispatchRound) },
      { key: 'printCount', label: 'พิมพ์แล้ว (ครั้ง)', numeric: true, cell: (r) => formatCount(r.printCount) },
      {
        key: 'printedAt',
        label: 'วัน/เดือน/ปี/เวลา ที่พิมพ์',
        nowrap: true,
        class: 'col-wide',
        cell: (r) => thaiDateTime(r.lastPrintedAt),
      },
    ];
  }
  if (kind === 'picking') {
    return [
      { key: 'platform', label: 'แพลตฟอร์ม', class: 'col-wide', cell: (r) => (r.platformLabels as string[]).join(', ') },
      { key: 'shop', label: 'ร้าน', cell: (r) => (r.shops as string[]).join(', ') },
      {
        key: 'sku',
        label: 'SKU',
        cell: (r) => (
          <>
            <code>{String(r.sku)}</code> <ChangedMark changes={r.changedAfterPrint} />
          </>
        ),
      },
      { key: 'brand', label: 'Brand', class: 'col-wide', cell: (r) => dash(r.brand) },
      { key: 'product', label: 'สินค้า', class: 'col-product', cell: (r) => dash(r.productName) },
      { key: 'qty', label: 'ต้องหยิบ', numeric: true, cell: (r) => formatCount(r.qty) },
      { key: 'stock', label: 'สต็อก', numeric: true, cell: (r) => formatCount(r.stock) },
      {
        key: 'shortfall',
        label: 'ขาด',
        numeric: true,
        cell: (r) => <span class={r.shortfall > 0 ? 'stock-short' : undefined}>{formatCount(r.shortfall)}</span>,
      },
      { key: 'left', label: 'คงเหลือหลังหยิบ', numeric: true, class: 'col-wide', cell: (r) => formatCount(r.left) },
      { key: 'logistic', label: 'ประเภทขนส่ง', cell: (r) => dash((r.logistics as string[]).join(', ')) },
      { key: 'round', label: 'จ่ายงาน(รอบที่)', cell: (r) => dash(r.roundText) },
      { key: 'printCount', label: 'พิมพ์แล้ว (ครั้ง)', numeric: true, cell: (r) => formatCount(r.printCount) },
      {
        key: 'printedAt',
        label: 'วัน/เดือน/ปี/เวลา ที่พิมพ์',
        nowrap: true,
        class: 'col-wide',
        cell: (r) => thaiDateTime(r.lastPrintedAt),
      },
    ];
  }
  const s = (
    key: string,
    label: string,
    cell: (r: Item) => Child,
    extra: Partial<Column<Item>> = {},
  ): Column<Item> => ({ key, label, cell, sortable: true, ...extra });
  return [
    s('platform', 'แพลตฟอร์ม', (r) => r.platformLabel, { class: 'col-wide' }),
    s('shop', 'ร้าน', (r) => r.shop.name),
    s('orderNo', 'เลข Order', (r) => (
      <>
        {orderLink(r)} <ChangedMark changes={r.changedAfterPrint} />
      </>
    )),
    s('sku', 'SKU', (r) => <code>{String(r.sku)}</code>),
    s('brand', 'Brand', (r) => dash(r.brand), { class: 'col-wide' }),
    s('productName', 'ชื่อสินค้า', (r) => dash(r.productName)),
    s('stock', 'Stock', (r) => formatCount(r.stock), { numeric: true }),
    s('qty', 'Qty', (r) => formatCount(r.qty), { numeric: true }),
    s('allQty', 'AllQty', (r) => formatCount(r.allQty), { numeric: true, class: 'col-wide' }),
    s('orderedAt', 'เวลาสั่ง', (r) => thaiDateTime(r.orderedAt), { nowrap: true, class: 'col-wide' }),
    s('dueAt', 'กำหนดส่ง', (r) => thaiDate(r.dueAt), { nowrap: true }),
    s('sla', 'SLA', (r) => dash(r.sla)),
    s('logistic', 'ขนส่ง', (r) => dash(r.logisticType)),
    s('round', 'รอบ', (r) => dash(r.round), { numeric: true }),
    s('printCount', 'พิมพ์', (r) => formatCount(r.printCount), { numeric: true }),
    s('printedAt', 'วันที่พิมพ์', (r) => thaiDateTime(r.lastPrintedAt), { nowrap: true, class: 'col-wide' }),
    s('note', 'หมายเหตุ', (r) => dash(r.note)),
    s('scan', 'Scan', (r) => (r.scanned ? '✓' : '-'), { class: 'col-wide' }),
  ];
}

function totalsText(kind: Kind, totals: Record<string, number>): string {
  if (kind === 'warehouse')
    return `ทั้งหมด ${formatCount(totals.orders)} ออเดอร์ · ของไม่พอ ${formatCount(totals.short)} ออเดอร์`;
  if (kind === 'picking')
    return `ทั้งหมด ${formatCount(totals.skus)} SKU · ต้องหยิบรวม ${formatCount(totals.qty)} ชิ้น · ขาดรวม ${formatCount(totals.shortfall)} ชิ้น`;
  return `ทั้งหมด ${formatCount(totals.orders)} ออเดอร์ · ${formatCount(totals.skus)} SKU`;
}

interface ReportView {
  banner?: Child;
  status?: 200 | 400 | 403 | 404 | 409;
  /** The query to show (after a post: the page the form came from). */
  query?: Query;
}

async function reportPage(c: Context<AppEnv>, kind: Kind, view: ReportView = {}): Promise<Response> {
  const services = c.get('services');
  const query = view.query ?? (c.req.query() as Query);
  const fq = filterQuery(kind, query);
  const paging = readPaging(query, SIZES);
  const info = REPORTS[kind];
  let data: { items: Item[]; total: number; totals: Record<string, number> } = { items: [], total: 0, totals: {} };
  let error: string | null = null;
  try {
    data = (await services.reports.rows(kind, {
      ...reportQuery(fq),
      page: paging.page,
      limit: paging.pageSize,
    })) as unknown as typeof data;
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    error = e.message;
  }
  const shops = (await services.shops.list({ limit: 500 })).items;
  const pageQuery: Query = { ...fq, ...(query.size ? { size: query.size } : {}) };
  const back = hrefWith(`/reports/${kind}`, {
    ...pageQuery,
    ...(paging.page > 1 ? { page: String(paging.page) } : {}),
  });
  const exportHref = hrefWith(`/api/reports/${kind}/export.xlsx`, fq);
  const sort = isStock(kind)
    ? { key: fq.sort ?? 'orderNo', dir: fq.dir === 'desc' ? ('desc' as const) : ('asc' as const) }
    : null;
  const totals = data.totals;
  const n = kind === 'picking' ? (totals.skus ?? 0) : (totals.orders ?? 0);
  return render(c, {
    title: info.title,
    status: view.status ?? (error ? 400 : 200),
    body: (ctx: PageContext) => (
      <>
        <div class="page-head">
          <h1>{info.title}</h1>
          <p class="head-meta">
            <a href={`/reports/${kind}/printed`}>{kind === 'warehouse' ? 'งานที่พิมพ์แล้ว' : 'ดูประวัติการพิมพ์'}</a>
          </p>
        </div>
        <ReportTabs current={kind} />
        {view.banner}
        {error ? <Banner tone="error">{error}</Banner> : null}
        <FiltersForm kind={kind} fq={fq} shops={shops} size={query.size} />
        <div class="report-summary">
          <p class="totals" data-totals={JSON.stringify(totals)}>
            {totalsText(kind, totals)}
          </p>
          <p class="actions export-links">
            <a class="button secondary" href={exportHref}>
              ดาวน์โหลด Excel
            </a>
            {isStock(kind) ? (
              <a class="button secondary" href={`/api/reports/${kind}/export.xlsx?unfiltered=1`}>
                ข้อมูลทั้งหมด (ไม่สนตัวกรอง)
              </a>
            ) : null}
          </p>
        </div>
        <PostForm action={`/reports/${kind}`} csrf={ctx.csrfToken} id="report-form">
          <Hidden fields={{ ...fq, back, idempotencyKey: newKey() }} />
          <div class="bulk-bar">
            <button type="submit" disabled hidden>
              ไม่ทำรายการ
            </button>
            <label class="tick all-matching">
              <input type="checkbox" name="scope" value="all" data-total={String(n)} />
              <span>
                เลือกทั้งหมดที่ตรงกับตัวกรอง ({formatCount(n)} {info.unit})
              </span>
            </label>
            {kind !== 'picking' ? (
              <div class="bulk-inputs">
                <Field
                  name="newRound"
                  label={kind === 'warehouse' ? 'จ่ายงาน(รอบที่)' : 'รอบ'}
                  type="number"
                  min={1}
                  inputmode="numeric"
                  id="f-new-round"
                  class="round-field"
                />
                <button
                  type="submit"
                  name="action"
                  value="round"
                  class="secondary"
                  data-requires="newRound"
                  data-requires-message="กรุณาระบุรอบ (จำนวนเต็มตั้งแต่ 1)"
                >
                  อัปเดตรอบ
                </button>
              </div>
            ) : (
              <div class="bulk-inputs">
                <Field
                  name="newRound"
                  label="จ่ายงาน(รอบที่)"
                  type="number"
                  min={1}
                  value="1"
                  inputmode="numeric"
                  id="f-new-round"
                  class="round-field"
                />
                <button
                  type="submit"
                  name="action"
                  value="dispatch"
                  class="secondary"
                  data-confirm={`ยืนยันจ่ายงานทุกออเดอร์ใน Picking List (${formatCount(n)} SKU) ใช่หรือไม่?`}
                  data-confirm-ok="จ่ายงาน"
                  data-requires="newRound"
                  data-requires-message="กรุณาระบุรอบ (จำนวนเต็มตั้งแต่ 1)"
                >
                  จ่ายงาน(รอบที่)
                </button>
              </div>
            )}
            {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the button bar; role=group names it the same */}
            <div class="bulk-buttons" role="group" aria-label="พิมพ์">
              <button
                type="submit"
                name="action"
                value="print"
                data-count={kind === 'picking' ? 'skus' : 'ids'}
                data-confirm={
                  kind === 'picking' ? 'ต้องการพิมพ์และล็อกงาน {n} SKU ใช่หรือไม่?' : 'ต้องการพิมพ์และล็อกงาน {n} ออเดอร์ใช่หรือไม่?'
                }
                data-confirm-ok="พิมพ์"
              >
                {info.printSelected}
              </button>
              <button
                type="submit"
                name="action"
                value="print-all"
                class="secondary"
                data-confirm={
                  kind === 'picking'
                    ? `ต้องการพิมพ์และล็อกงาน ${formatCount(n)} SKU ใช่หรือไม่?`
                    : `ต้องการพิมพ์และล็อกงาน ${formatCount(n)} ออเดอร์ใช่หรือไม่?`
                }
                data-confirm-ok="พิมพ์"
              >
                {info.printAll}
              </button>
            </div>
          </div>
          <DataTable
            caption={info.title}
            columns={[selectColumn(kind), ...reportColumns(kind)]}
            rows={data.items}
            path={`/reports/${kind}`}
            query={pageQuery}
            sort={sort}
            rowClass={(r) => (r.highlight || r.short ? 'row-short' : undefined)}
            empty="ไม่มีรายการในรายงานนี้"
          />
        </PostForm>
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          total={data.total}
          path={`/reports/${kind}`}
          query={pageQuery}
          sizes={SIZES}
        />
      </>
    ),
  });
}

// ---- posts: print, rounds, dispatch, reprint ---------------------------------------------------

const errorBanner = (message: string) => <Banner tone="error">{message}</Banner>;
const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The report page (or its history) a form came from, with a banner. */
async function renderBack(c: Context<AppEnv>, kind: Kind, back: string, view: ReportView): Promise<Response> {
  const url = new URL(back, 'http://local.invalid');
  const query = Object.fromEntries(url.searchParams);
  const banner = <div data-replace-url={back}>{view.banner}</div>;
  if (url.pathname === `/reports/${kind}/printed`) return historyPage(c, kind, { ...view, banner, query });
  return reportPage(c, kind, { ...view, banner, query });
}

function safeBack(kind: Kind, raw: string | undefined): string {
  return raw && new RegExp(`^/reports/${kind}(/printed)?(\\?[^#]*)?$`).test(raw) ? raw : `/reports/${kind}`;
}

const refusal = (e: unknown) => e instanceof AppError && e.status < 500;

async function postAction(c: Context<AppEnv>, kind: Kind): Promise<Response> {
  const services = c.get('services');
  const form = await readForm(c);
  const all = await c.req.parseBody({ all: true });
  const back = safeBack(kind, form.back);
  const fq = filterQuery(kind, form);
  const filters = reportQuery(fq);
  const action = form.action ?? '';
  const ids = asList(all.ids)
    .filter((v) => /^\d{1,15}$/.test(v))
    .map(Number);
  const skus = asList(all.skus)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .slice(0, 5000);
  const everyMatching = form.scope === 'all';
  const fail = (status: 400 | 403 | 404 | 409, message: string) =>
    renderBack(c, kind, back, { status, banner: errorBanner(message) });

  if (action === 'round' || action === 'dispatch') {
    const raw = (form.newRound ?? '').trim();
    const round = /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
    if (raw === '') return fail(400, 'กรุณาระบุรอบ (จำนวนเต็มตั้งแต่ 1)');
    try {
      if (action === 'dispatch') {
        if (kind !== 'picking') return fail(404, 'รายงานนี้ไม่มีการจ่ายงาน(รอบที่)');
        if (!isConfirmed(form)) {
          return renderConfirmation(c, {
            title: 'ยืนยันจ่ายงาน(รอบที่)',
            message: `ยืนยันจ่ายงานรอบที่ ${raw} ให้ทุกออเดอร์ใน Picking List ตามตัวกรองนี้ใช่หรือไม่?`,
            action: `/reports/${kind}`,
            fields: { ...fq, back, action, newRound: raw },
            cancelHref: back,
            confirmLabel: 'จ่ายงาน',
          });
        }
        const r = await services.reports.dispatch({ filters, round }, actorOf(c));
        return renderBack(c, kind, back, {
          banner: (
            <Banner tone="success">{`จ่ายงานรอบที่ ${r.round} แล้ว ${formatCount(r.affected)} ออเดอร์ (จ่ายงานใหม่ ${formatCount(r.issued)} ออเดอร์)`}</Banner>
          ),
        });
      }
      const r = await services.reports.setRound(
        kind,
        { ids: ids.length > 0 && !everyMatching ? ids : null, filters, round },
        actorOf(c),
      );
      const skipped =
        r.skipped.length > 0 ? ` (ข้าม ${formatCount(r.skipped.length)} ออเดอร์ที่มีรอบนี้อยู่แล้วหรือไม่อยู่ในรายงาน)` : '';
      return renderBack(c, kind, back, {
        banner: <Banner tone="success">{`บันทึกรอบที่ ${r.round} แล้ว ${formatCount(r.affected)} ออเดอร์${skipped}`}</Banner>,
      });
    } catch (e) {
      if (refusal(e)) return fail((e as AppError).status === 409 ? 409 : 400, (e as AppError).message);
      throw e;
    }
  }

  if (action !== 'print' && action !== 'print-all' && action !== 'reprint') return fail(400, 'กรุณาเลือกคำสั่งที่ต้องการ');
  const key = (form.idempotencyKey ?? '').trim();
  if (key === '' || key.length > 200) return fail(400, 'แบบฟอร์มนี้หมดอายุ กรุณาเปิดหน้ารายงานใหม่แล้วลองอีกครั้ง');
  const body: Parameters<typeof services.reports.print>[1] = { idempotencyKey: key };
  let count: number;
  if (action === 'reprint') {
    const jobId = Number(form.printJobId);
    if (!Number.isSafeInteger(jobId) || jobId < 1) return fail(400, 'ไม่พบประวัติการพิมพ์นี้');
    body.printJobId = jobId;
    body.override = form.override === '1';
    count = Number(form.orders) || 0;
  } else if (action === 'print-all' || everyMatching) {
    body.filters = filters;
    count = Number(form.total) || 0;
  } else if (kind === 'picking') {
    if (skus.length === 0) return fail(400, 'กรุณาเลือกรายการอย่างน้อย 1 รายการ');
    body.filters = filters;
    body.skus = skus;
    count = skus.length;
  } else {
    if (ids.length === 0) return fail(400, 'กรุณาเลือกรายการอย่างน้อย 1 รายการ');
    body.filters = filters;
    body.ids = ids;
    count = new Set(ids).size;
  }
  if (!isConfirmed(form)) {
    if (action !== 'reprint' && count === 0) {
      const rows = (await services.reports.rows(kind, { ...filters, page: 1, limit: 1 }).catch(() => null)) as {
        totals: Record<string, number>;
      } | null;
      count = rows ? ((kind === 'picking' ? rows.totals.skus : rows.totals.orders) ?? 0) : 0;
    }
    const unit = action === 'reprint' ? 'ออเดอร์' : REPORTS[kind].unit;
    return renderConfirmation(c, {
      title: action === 'reprint' ? 'ยืนยันพิมพ์ซ้ำ (สำเนา)' : 'ยืนยันการพิมพ์',
      message:
        action === 'reprint'
          ? `ต้องการพิมพ์ซ้ำใบพิมพ์ #${body.printJobId} เป็นสำเนาใช่หรือไม่?`
          : `ต้องการพิมพ์และล็อกงาน ${formatCount(count)} ${unit}ใช่หรือไม่?`,
      action: `/reports/${kind}`,
      fields: {
        ...fq,
        back,
        action,
        idempotencyKey: key,
        ids: body.ids ? body.ids.map(String) : undefined,
        skus: body.skus ?? undefined,
        scope: everyMatching ? 'all' : undefined,
        printJobId: body.printJobId ? String(body.printJobId) : undefined,
        override: body.override ? '1' : undefined,
      },
      cancelHref: back,
      confirmLabel: 'พิมพ์',
    });
  }
  try {
    const result = await services.reports.print(kind, body, actorOf(c));
    const params: Record<string, string> = {};
    if (result.replayed) params.replayed = '1';
    if (result.skipped.length > 0) params.skipped = String(result.skipped.length);
    return c.redirect(hrefWith(`/reports/print/${result.printJobId}`, params), 303);
  } catch (e) {
    if (refusal(e)) {
      const err = e as AppError;
      return fail(err.status === 409 ? 409 : err.status === 403 ? 403 : err.status === 404 ? 404 : 400, err.message);
    }
    throw e;
  }
}

// ---- the printable view ---------------------------------------------------------------------------

type PrintJob = Awaited<ReturnType<AppEnv['Variables']['services']['reports']['printJob']>>;

function PrintSheet(props: { data: PrintJob }) {
  const { job, changes } = props.data;
  const kind = job.kind;
  const info = REPORTS[kind];
  const copy = copyLabel(job.copy);
  const changedOrder = new Map<number, string[]>();
  const changedLine = new Map<number, string[]>();
  for (const ch of changes) {
    if (ch.lineId === null) changedOrder.set(ch.orderId, [...(changedOrder.get(ch.orderId) ?? []), ch.label]);
    else changedLine.set(ch.lineId, [...(changedLine.get(ch.lineId) ?? []), ch.label]);
  }
  const orders = job.snapshot.orders;
  const lines = orders.flatMap((o) => o.lines.map((l) => ({ o, l })));
  const mark = (labels: string[] | undefined) =>
    labels && labels.length > 0 ? (
      <span class="changed-mark">{`เปลี่ยนหลังพิมพ์: ${[...new Set(labels)].join(', ')}`}</span>
    ) : null;

  let head: string[];
  let body: Child[];
  let totals: string;
  if (kind === 'picking') {
    head = [
      '#',
      'SKU',
      'Brand',
      'สินค้า',
      'ต้องหยิบ',
      'สต็อก',
      'ขาด',
      'คงเหลือหลังหยิบ',
      'ประเภทขนส่ง',
      'จ่ายงาน(รอบที่)',
      'หยิบแล้ว',
    ];
    const skuChanged = new Map<string, string[]>();
    for (const { o, l } of lines) {
      const labels = [...(changedLine.get(l.lineId) ?? []), ...(changedOrder.get(o.orderId) ?? [])];
      if (labels.length > 0) skuChanged.set(l.sku, [...(skuChanged.get(l.sku) ?? []), ...labels]);
    }
    const skus = job.snapshot.skus;
    body = skus.map((s, i) => (
      <tr class={s.shortfall > 0 ? 'row-short' : undefined} data-sku={s.sku} data-qty={String(s.qty)}>
        <td class="num">{i + 1}</td>
        <td>
          <code>{s.sku}</code> {mark(skuChanged.get(s.sku))}
        </td>
        <td>{dash(s.brand)}</td>
        <td class="product">{dash(s.productName)}</td>
        <td class="num strong">{formatCount(s.qty)}</td>
        <td class="num">{formatCount(s.stock)}</td>
        <td class="num">{formatCount(s.shortfall)}</td>
        <td class="num">{formatCount(s.left)}</td>
        <td>{dash(s.logistics.join(', '))}</td>
        <td>
          {s.rounds ? (s.rounds.min === s.rounds.max ? String(s.rounds.min) : `${s.rounds.min}-${s.rounds.max}`) : '-'}
        </td>
        <td class="tick-box" aria-label="ช่องติ๊กหยิบแล้ว"></td>
      </tr>
    ));
    const qty = skus.reduce((a, s) => a + s.qty, 0);
    const short = skus.reduce((a, s) => a + s.shortfall, 0);
    totals = `รวม ${formatCount(skus.length)} SKU · ต้องหยิบรวม ${formatCount(qty)} ชิ้น · ขาดรวม ${formatCount(short)} ชิ้น · ${formatCount(orders.length)} ออเดอร์`;
  } else if (kind === 'warehouse') {
    head = ['#', 'แพลตฟอร์ม', 'ร้าน', 'เลข Order', 'รายการสินค้า (SKU × จำนวน)', 'ประเภทขนส่ง', 'ผู้กดรับ', 'จ่ายงาน(รอบที่)'];
    body = orders.map((o, i) => (
      <tr data-order={o.orderNo}>
        <td class="num">{i + 1}</td>
        <td>{PLATFORM_LABELS[o.platform]}</td>
        <td>{o.shopName}</td>
        <td>
          <strong>{o.orderNo}</strong> {o.short ? <span class="short-mark">ของไม่พอ</span> : null}{' '}
          {mark(changedOrder.get(o.orderId))}
        </td>
        <td>
          <ul class="print-lines">
            {o.lines.map((l) => (
              <li>
                <code>{l.sku}</code> × {formatCount(l.qty)}{' '}
                {l.productName ? <span class="muted">{l.productName}</span> : null} {mark(changedLine.get(l.lineId))}
              </li>
            ))}
          </ul>
        </td>
        <td>{dash(o.logisticType)}</td>
        <td>{dash(o.acceptedBy.join(', '))}</td>
        <td class="num">{dash(o.dispatchRound)}</td>
      </tr>
    ));
    totals = `รวม ${formatCount(orders.length)} ออเดอร์ · ${formatCount(lines.length)} รายการ · ${formatCount(lines.reduce((a, x) => a + x.l.qty, 0))} ชิ้น`;
  } else {
    head = ['#', 'แพลตฟอร์ม', 'ร้าน', 'เลข Order', 'SKU', 'ชื่อสินค้า', 'Stock', 'Qty', 'กำหนดส่ง', 'ขนส่ง', 'รอบ', 'หมายเหตุ'];
    body = lines.map(({ o, l }, i) => (
      <tr data-order={o.orderNo}>
        <td class="num">{i + 1}</td>
        <td>{PLATFORM_LABELS[o.platform]}</td>
        <td>{o.shopName}</td>
        <td>
          <strong>{o.orderNo}</strong>{' '}
          {mark([...(changedOrder.get(o.orderId) ?? []), ...(changedLine.get(l.lineId) ?? [])])}
        </td>
        <td>
          <code>{l.sku}</code>
        </td>
        <td class="product">{dash(l.productName)}</td>
        <td class="num">{formatCount(l.stock)}</td>
        <td class="num strong">{formatCount(l.qty)}</td>
        <td class="nowrap">{o.dueDay === null ? '-' : thaiDate(epochDayToIsoDate(o.dueDay))}</td>
        <td>{dash(o.logisticType)}</td>
        <td class="num">{dash(o.round)}</td>
        <td>{dash(l.note)}</td>
      </tr>
    ));
    totals = `รวม ${formatCount(new Set(orders.map((o) => o.orderId)).size)} ออเดอร์ · ${formatCount(new Set(lines.map((x) => x.l.sku)).size)} SKU · ${formatCount(lines.reduce((a, x) => a + x.l.qty, 0))} ชิ้น`;
  }
  const round = job.round ?? null;
  return (
    <article class="print-sheet" data-print-job={String(job.printJobId)}>
      <table class="print-table">
        <thead>
          <tr class="print-head">
            <th colspan={head.length} scope="colgroup">
              <div class="print-head-grid">
                <strong class="print-title">{info.title}</strong>
                {copy ? <strong class="copy-mark">{copy}</strong> : null}
                <span>วันที่พิมพ์: {thaiDateTime(job.printedAt)}</span>
                <span>รอบ: {round === null ? '-' : String(round)}</span>
                <span>ผู้พิมพ์: {dash(job.printedBy)}</span>
                <span>ใบพิมพ์ #{job.printJobId}</span>
              </div>
            </th>
          </tr>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
      <p class="print-totals">{totals}</p>
      {job.contentHash ? <p class="print-hash muted">รหัสตรวจสอบเนื้อหา: {job.contentHash.slice(0, 16)}</p> : null}
    </article>
  );
}

async function printView(c: Context<AppEnv>): Promise<Response> {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw new AppError('not_found', 'ไม่พบหน้าที่ต้องการ');
  const data = await c.get('services').reports.printJob(Number(raw));
  const kind = data.job.kind;
  const q = c.req.query();
  const skipped = Number(q.skipped) || 0;
  return render(c, {
    title: `${REPORTS[kind].title} #${data.job.printJobId}`,
    body: (
      <>
        <div class="print-toolbar no-print">
          <h1>พิมพ์: {REPORTS[kind].title}</h1>
          <p class="head-meta muted">
            ใบพิมพ์ #{data.job.printJobId} · พิมพ์เมื่อ {thaiDateTime(data.job.printedAt)} โดย {dash(data.job.printedBy)}
          </p>
          {q.replayed === '1' ? <Banner tone="warning">ตรวจพบการส่งซ้ำ ระบบจึงไม่บวกจำนวนครั้งพิมพ์เพิ่ม</Banner> : null}
          {skipped > 0 ? (
            <Banner tone="info">{`ข้าม ${formatCount(skipped)} รายการที่ไม่อยู่ในรายงานแล้ว (ไม่ได้พิมพ์)`}</Banner>
          ) : null}
          {data.changes.length > 0 ? (
            <Banner tone="warning" title="มีรายการเปลี่ยนหลังพิมพ์">
              ดูเครื่องหมาย เปลี่ยนหลังพิมพ์ ในตาราง
            </Banner>
          ) : null}
          <p class="actions">
            <button type="button" data-print-page hidden>
              พิมพ์
            </button>
            <a class="button secondary" href={`/reports/${kind}`}>
              กลับไปที่ {REPORTS[kind].title}
            </a>
            <a
              class="button secondary"
              href={`/reports/${kind}/printed?from=${new Date(data.job.printedAt + 7 * 3600_000).toISOString().slice(0, 10)}&to=${new Date(data.job.printedAt + 7 * 3600_000).toISOString().slice(0, 10)}`}
            >
              ดูประวัติการพิมพ์
            </a>
          </p>
          <p class="muted">กด พิมพ์ หรือ Ctrl+P เพื่อพิมพ์ลงกระดาษ A4</p>
        </div>
        <PrintSheet data={data} />
      </>
    ),
  });
}

// ---- printed histories ------------------------------------------------------------------------------

async function historyPage(c: Context<AppEnv>, kind: Kind, view: ReportView = {}): Promise<Response> {
  const services = c.get('services');
  const query = view.query ?? (c.req.query() as Query);
  const paging = readPaging(query, HISTORY_SIZES);
  const hq: Record<string, string> = {};
  for (const k of ['from', 'to', 'q'] as const)
    if ((query[k] ?? '').trim() !== '') hq[k] = (query[k] ?? '').trim().slice(0, 100);
  let data: { items: Item[]; total: number; from: string | null; to: string | null; dates: unknown[]; jobs: Item[] } = {
    items: [],
    total: 0,
    from: null,
    to: null,
    dates: [],
    jobs: [],
  };
  let error: string | null = null;
  try {
    data = (await services.reports.printed(kind, {
      ...hq,
      page: paging.page,
      limit: paging.pageSize,
    })) as unknown as typeof data;
  } catch (e) {
    if (!refusal(e)) throw e;
    error = (e as AppError).message;
  }
  const admin = c.get('auth')!.user.role === 'admin';
  const info = REPORTS[kind];
  const back = hrefWith(`/reports/${kind}/printed`, hq);
  const dates = (data.dates as (string | { date: string; count?: number })[])
    .map((d) => (typeof d === 'string' ? d : d.date))
    .slice(0, 60);
  const rowCols: Column<Item>[] =
    kind === 'picking'
      ? [
          { key: 'sku', label: 'SKU', cell: (r) => <code>{String(r.sku)}</code> },
          { key: 'product', label: 'สินค้า', cell: (r) => dash(r.productName) },
          { key: 'qty', label: 'ต้องหยิบ', numeric: true, cell: (r) => formatCount(r.qty) },
          { key: 'stock', label: 'สต็อก', numeric: true, cell: (r) => formatCount(r.stock) },
          { key: 'shortfall', label: 'ขาด', numeric: true, cell: (r) => formatCount(r.shortfall) },
          { key: 'round', label: 'จ่ายงาน(รอบที่)', cell: (r) => dash(r.roundText) },
          { key: 'printCount', label: 'พิมพ์แล้ว (ครั้ง)', numeric: true, cell: (r) => formatCount(r.printCount) },
          { key: 'printedAt', label: 'วันที่พิมพ์', nowrap: true, cell: (r) => thaiDateTime(r.lastPrintedAt) },
          {
            key: 'changed',
            label: 'หมายเหตุ',
            cell: (r) => (r.changedText ? <span class="changed-mark">{String(r.changedText)}</span> : '-'),
          },
        ]
      : [
          { key: 'printedAt', label: 'วันที่พิมพ์', nowrap: true, cell: (r) => thaiDateTime(r.printedAt) },
          {
            key: 'job',
            label: 'ใบพิมพ์',
            cell: (r) => <a href={`/reports/print/${r.printJobId}`}>#{String(r.printJobId)}</a>,
          },
          { key: 'platform', label: 'แพลตฟอร์ม', cell: (r) => r.platformLabel },
          { key: 'shop', label: 'ร้าน', cell: (r) => r.shop?.name ?? '-' },
          { key: 'orderNo', label: 'เลข Order', cell: (r) => String(r.orderNo) },
          ...(kind === 'warehouse'
            ? []
            : [
                { key: 'sku', label: 'SKU', cell: (r: Item) => <code>{String(r.sku)}</code> },
                { key: 'qty', label: 'Qty', numeric: true, cell: (r: Item) => formatCount(r.qty) },
              ]),
          { key: 'by', label: 'ผู้พิมพ์', cell: (r) => dash(r.printedBy) },
          { key: 'copy', label: 'สำเนา', cell: (r) => dash(r.copyLabel) },
          {
            key: 'changed',
            label: 'หมายเหตุ',
            cell: (r) => (r.changedText ? <span class="changed-mark">{String(r.changedText)}</span> : '-'),
          },
        ];
  return render(c, {
    title: info.historyTitle,
    status: view.status ?? (error ? 400 : 200),
    body: (ctx: PageContext) => (
      <>
        <div class="page-head">
          <h1>{info.historyTitle}</h1>
          <p class="head-meta">
            <a href={`/reports/${kind}`}>กลับไปที่ {info.title}</a>
          </p>
        </div>
        <ReportTabs current={kind} history />
        {view.banner}
        {error ? <Banner tone="error">{error}</Banner> : null}
        {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is announced by every screen reader; <search> is not yet */}
        <form
          method="get"
          action={`/reports/${kind}/printed`}
          class="filters panel"
          role="search"
          aria-label="ตัวกรองประวัติ"
        >
          <div class="filter-grid">
            <Field name="from" label="วันที่พิมพ์ (จาก)" type="date" value={hq.from ?? data.from ?? ''} />
            <Field name="to" label="ถึงวันที่" type="date" value={hq.to ?? data.to ?? ''} />
            <Field name="q" label="ค้นหาเลข Order (ทุกวัน)" type="search" value={hq.q ?? ''} />
          </div>
          <div class="actions">
            <button type="submit">ค้นหา</button>
            <a class="button secondary" href={`/reports/${kind}/printed`}>
              วันนี้
            </a>
            <a class="button secondary" href={hrefWith(`/api/reports/${kind}/printed/export.xlsx`, hq)}>
              ดาวน์โหลด Excel
            </a>
          </div>
          {dates.length > 0 ? (
            <nav class="print-dates" aria-label="วันที่มีการพิมพ์">
              <span class="muted">วันที่มีการพิมพ์:</span>
              <ul>
                {dates.map((d) => (
                  <li>
                    <a
                      href={hrefWith(`/reports/${kind}/printed`, { from: d, to: d })}
                      aria-current={data.from === d && data.to === d && !hq.q ? 'true' : undefined}
                    >
                      {thaiDate(d)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </form>
        <section aria-labelledby="jobs-title">
          <h2 id="jobs-title">ใบพิมพ์</h2>
          <DataTable
            caption="ใบพิมพ์ในช่วงวันที่นี้"
            path={`/reports/${kind}/printed`}
            query={hq}
            rows={data.jobs}
            empty="ยังไม่มีการพิมพ์ในช่วงวันที่นี้"
            columns={[
              {
                key: 'job',
                label: 'ใบพิมพ์',
                cell: (j) => <a href={`/reports/print/${j.printJobId}`}>ดูใบพิมพ์ #{String(j.printJobId)}</a>,
              },
              { key: 'at', label: 'วันที่พิมพ์', nowrap: true, cell: (j) => thaiDateTime(j.printedAt) },
              { key: 'by', label: 'ผู้พิมพ์', cell: (j) => dash(j.printedBy) },
              { key: 'round', label: 'รอบ', numeric: true, cell: (j) => dash(j.round) },
              { key: 'orders', label: 'ออเดอร์', numeric: true, cell: (j) => formatCount(j.orders) },
              { key: 'lines', label: 'รายการ', numeric: true, cell: (j) => formatCount(j.lines) },
              { key: 'copy', label: 'สำเนา', cell: (j) => dash(j.copyLabel) },
              ...(admin
                ? [
                    {
                      key: 'reprint',
                      label: 'พิมพ์ซ้ำ',
                      cell: (j: Item) => (
                        <PostForm
                          action={`/reports/${kind}`}
                          csrf={ctx.csrfToken}
                          class="row-form"
                          confirm={`ต้องการพิมพ์ซ้ำใบพิมพ์ #${j.printJobId} เป็นสำเนาใช่หรือไม่?`}
                          confirmOk="พิมพ์ซ้ำ"
                        >
                          <Hidden
                            fields={{
                              action: 'reprint',
                              printJobId: String(j.printJobId),
                              override: '1',
                              orders: String(j.orders),
                              idempotencyKey: newKey(),
                              back,
                            }}
                          />
                          <button type="submit" class="small secondary">
                            พิมพ์ซ้ำ (อนุญาตพิมพ์ซ้ำ)<span class="visually-hidden"> ใบพิมพ์ #{String(j.printJobId)}</span>
                          </button>
                        </PostForm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </section>
        <section aria-labelledby="rows-title">
          <h2 id="rows-title">{kind === 'picking' ? 'SKU ที่พิมพ์แล้ว' : 'ออเดอร์ที่พิมพ์แล้ว'}</h2>
          <DataTable
            caption="รายการที่พิมพ์แล้ว"
            path={`/reports/${kind}/printed`}
            query={hq}
            rows={data.items}
            columns={rowCols}
            empty="ไม่มีรายการที่พิมพ์ในช่วงวันที่นี้"
          />
          <Pager
            page={paging.page}
            pageSize={paging.pageSize}
            total={data.total}
            path={`/reports/${kind}/printed`}
            query={{ ...hq, ...(query.size ? { size: query.size } : {}) }}
            sizes={HISTORY_SIZES}
          />
        </section>
      </>
    ),
  });
}

function indexPage(c: Context<AppEnv>) {
  const blurbs: Record<Kind, string> = {
    warehouse: 'ออเดอร์ที่กดรับแล้ว ยังไม่จ่ายงาน และยังไม่เคยพิมพ์ใบงานคลัง',
    picking: 'สินค้าที่ต้องหยิบ รวมตาม SKU จากออเดอร์ที่พิมพ์ใบงานคลังแล้ว',
    lowstock: 'ออเดอร์ในกอง 2 (สินค้าน้อย) ที่ยังไม่จ่ายงาน',
    nostock: 'รายการที่ไม่มีสินค้า (กอง 3)',
    notenough: 'รายการที่สินค้าไม่พอส่ง (กอง 3)',
  };
  return render(c, {
    title: 'รายงาน',
    body: (
      <>
        <div class="page-head">
          <h1>รายงาน</h1>
        </div>
        <ul class="report-list">
          {KINDS.map((k) => (
            <li class="panel">
              <h2>
                <a href={`/reports/${k}`}>{REPORTS[k].title}</a>
              </h2>
              <p class="muted">{blurbs[k]}</p>
              <p>
                <a href={`/reports/${k}/printed`}>{k === 'warehouse' ? 'งานที่พิมพ์แล้ว' : 'ดูประวัติการพิมพ์'}</a>
              </p>
            </li>
          ))}
        </ul>
      </>
    ),
  });
}

const kindParam = (c: Context<AppEnv>): Kind => {
  const k = c.req.param('report');
  if (!isKind(k)) throw new AppError('report_not_found', 'ไม่พบรายงานนี้');
  return k;
};

export const reportPages = definePages((page) => {
  page.get('/reports', (c) => indexPage(c));
  page.get('/reports/print/:id', (c) => printView(c));
  page.get('/reports/:report', (c) => reportPage(c, kindParam(c)));
  page.get('/reports/:report/printed', (c) => historyPage(c, kindParam(c)));
  page.post('/reports/:report', (c) => postAction(c, kindParam(c)));
});
