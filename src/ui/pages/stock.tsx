// `/products` and `/stock`: searchable lists of the product master and the on-hand stock, each SKU
// with what the global allocation makes of it (docs/domain/allocation.md#consumption): allocated to
// open lines that fit, free for new orders, and the demand of every open line (AllQty). Staff set a
// SKU's stock as PUT /api/stock/:sku does (same service, same audit row).
import type { Context } from 'hono';
import { actorOf } from '../../http/auth';
import { roleRank } from '../../domain/roles';
import { AppError } from '../../errors';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { formatCount, hrefWith, readPaging, type Query } from '../list-query';
import { thaiDateTime } from '../format';
import { withNotice } from '../notices';
import { ErrorSummary } from '../components/banner';
import { Field, Hidden, PostForm, type FieldErrors } from '../components/form';
import { DataTable, Pager, type Column } from '../components/table';
import type { SkuLevel } from '../../services/orders/stock-levels';
import type { AppEnv } from '../../http/env';

const SIZES = [50, 100, 200] as const;
const MAX_STOCK = 10_000_000;

const levelColumns = <T extends { sku: string }>(levels: Map<string, SkuLevel>): Column<T>[] => {
  const of = (row: T) => levels.get(row.sku) ?? { onHand: 0, allocated: 0, free: 0, demand: 0 };
  return [
    { key: 'onHand', label: 'Stock', numeric: true, cell: (r) => formatCount(of(r).onHand) },
    { key: 'allocated', label: 'จองแล้ว', numeric: true, cell: (r) => formatCount(of(r).allocated) },
    {
      key: 'free',
      label: 'พร้อมขาย',
      numeric: true,
      cell: (r) => {
        const l = of(r);
        // Red when the open lines want more than there is.
        return (
          <span class={l.demand > l.onHand ? 'stock-short' : l.free <= 3 ? 'stock-low' : undefined}>
            {formatCount(l.free)}
          </span>
        );
      },
    },
    { key: 'demand', label: 'AllQty', numeric: true, cell: (r) => formatCount(of(r).demand) },
  ];
};

function SearchForm(props: { action: string; q: string; label: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is announced by every screen reader; <search> is not yet
    <form method="get" action={props.action} class="filters panel inline-fields" role="search" aria-label="ค้นหา">
      <Field name="q" label={props.label} type="search" value={props.q} class="grow" />
      <div class="actions">
        <button type="submit">ค้นหา</button>
        <a class="button secondary" href={props.action}>
          ล้าง
        </a>
      </div>
    </form>
  );
}

async function productsPage(c: Context<AppEnv>) {
  const services = c.get('services');
  const query = c.req.query() as Query;
  const q = (query.q ?? '').trim().slice(0, 200);
  const paging = readPaging(query, SIZES);
  const list = await services.products.list({ q: q || undefined, page: paging.page, limit: paging.pageSize });
  const levels = await services.stockLevels.levels(list.items.map((p) => p.sku));
  type P = (typeof list.items)[number];
  const columns: Column<P>[] = [
    { key: 'sku', label: 'SKU', cell: (p) => <code>{p.sku}</code> },
    { key: 'name', label: 'ชื่อสินค้า', cell: (p) => p.name ?? '-' },
    { key: 'brand', label: 'Brand', cell: (p) => p.brand ?? '-' },
    { key: 'location', label: 'ตำแหน่ง', class: 'col-wide', cell: (p) => p.location ?? '-' },
    ...levelColumns<P>(levels),
    {
      key: 'orders',
      label: 'ออเดอร์',
      cell: (p) => (
        <a href={hrefWith('/orders/all', { q: p.sku })}>
          ดูออเดอร์<span class="visually-hidden"> ของ {p.sku}</span>
        </a>
      ),
    },
  ];
  const pageQuery = q ? { q } : {};
  return render(c, {
    title: 'สินค้า',
    body: (
      <>
        <div class="page-head">
          <h1>สินค้า</h1>
          <p class="head-meta muted">ทั้งหมด {formatCount(list.total)} SKU</p>
        </div>
        <SearchForm action="/products" q={q} label="ค้นหา (SKU, ชื่อสินค้า, Brand)" />
        <p class="muted">
          Stock = คงเหลือ · จองแล้ว = จำนวนที่ออเดอร์ค้างได้รับจัดสรรแล้ว (รับงานแล้วได้ก่อน) · พร้อมขาย = Stock − จองแล้ว · AllQty =
          ยอดสั่งรวมของออเดอร์ค้าง
        </p>
        <DataTable
          caption="รายการสินค้า"
          columns={columns}
          rows={list.items}
          path="/products"
          query={pageQuery}
          empty={q ? 'ไม่พบสินค้าที่ค้นหา' : 'ยังไม่มีสินค้า นำเข้าได้ที่หน้า นำเข้า: สินค้า'}
        />
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          total={list.total}
          path="/products"
          query={{ ...pageQuery, ...(query.size ? { size: query.size } : {}) }}
          sizes={SIZES}
        />
      </>
    ),
  });
}

interface StockView {
  errors?: FieldErrors;
  message?: string | null;
  values?: { sku?: string; qty?: string };
  status?: 200 | 400 | 404;
}

async function stockPage(c: Context<AppEnv>, view: StockView = {}) {
  const services = c.get('services');
  const query = c.req.query() as Query;
  const q = (query.q ?? '').trim().slice(0, 200);
  const paging = readPaging(query, SIZES);
  const list = await services.stock.list({ q: q || undefined, page: paging.page, limit: paging.pageSize });
  const levels = await services.stockLevels.levels(list.items.map((s) => s.sku));
  const staff = roleRank(c.get('auth')!.user.role) >= roleRank('staff');
  const pageQuery: Query = {
    ...(q ? { q } : {}),
    ...(query.size ? { size: query.size } : {}),
    ...(paging.page > 1 ? { page: String(paging.page) } : {}),
  };
  const back = hrefWith('/stock', pageQuery);
  type S = (typeof list.items)[number];
  return render(c, {
    title: 'สต็อก',
    status: view.status,
    body: (ctx) => {
      const columns: Column<S>[] = [
        { key: 'sku', label: 'SKU', cell: (s) => <code>{s.sku}</code> },
        { key: 'name', label: 'ชื่อสินค้า', cell: (s) => s.productName ?? '-' },
        { key: 'brand', label: 'Brand', class: 'col-wide', cell: (s) => s.brand ?? '-' },
        ...levelColumns<S>(levels),
        {
          key: 'updatedAt',
          label: 'อัปเดตล่าสุด',
          class: 'col-wide',
          cell: (s) => <span class="nowrap">{thaiDateTime(s.updatedAt)}</span>,
        },
      ];
      if (staff) {
        columns.push({
          key: 'edit',
          label: 'แก้ไข Stock',
          cell: (s) => (
            <PostForm action="/stock" csrf={ctx.csrfToken} class="row-form">
              <Hidden fields={{ sku: s.sku, back }} />
              <label class="visually-hidden" for={`qty-${s.sku}`}>
                จำนวนคงเหลือใหม่ของ {s.sku}
              </label>
              <input
                id={`qty-${s.sku}`}
                name="qty"
                type="number"
                min={0}
                max={MAX_STOCK}
                value={String(s.qty)}
                inputmode="numeric"
                required
              />
              <button type="submit" class="small secondary">
                บันทึก<span class="visually-hidden"> {s.sku}</span>
              </button>
            </PostForm>
          ),
        });
      }
      return (
        <>
          <div class="page-head">
            <h1>สต็อก</h1>
            <p class="head-meta muted">ทั้งหมด {formatCount(list.total)} SKU</p>
          </div>
          <SearchForm action="/stock" q={q} label="ค้นหา (SKU, ชื่อสินค้า, Brand)" />
          {staff ? (
            <section class="panel" aria-labelledby="set-stock-title">
              <h2 id="set-stock-title">ตั้งจำนวนคงเหลือของ SKU</h2>
              <ErrorSummary message={view.message} fields={view.errors} />
              <PostForm action="/stock" csrf={ctx.csrfToken} class="inline-fields" novalidate>
                <Hidden fields={{ back }} />
                <Field
                  name="sku"
                  label="SKU"
                  value={view.values?.sku}
                  error={view.errors?.sku}
                  required
                  maxlength={64}
                  autocomplete="off"
                  spellcheck={false}
                />
                <Field
                  name="qty"
                  label="จำนวนคงเหลือ (ชิ้น)"
                  type="number"
                  min={0}
                  max={MAX_STOCK}
                  value={view.values?.qty}
                  error={view.errors?.qty}
                  required
                  inputmode="numeric"
                />
                <div class="actions">
                  <button type="submit">บันทึก</button>
                </div>
              </PostForm>
              <p class="muted">การนำเข้าสต็อกแบบ Full Sync ครั้งถัดไปจะเขียนทับจำนวนนี้</p>
            </section>
          ) : null}
          <p class="muted">
            Stock = คงเหลือ · จองแล้ว = จำนวนที่ออเดอร์ค้างได้รับจัดสรรแล้ว (รับงานแล้วได้ก่อน) · พร้อมขาย = Stock − จองแล้ว · AllQty =
            ยอดสั่งรวมของออเดอร์ค้าง
          </p>
          <DataTable
            caption="สต็อกคงเหลือ"
            columns={columns}
            rows={list.items}
            path="/stock"
            query={pageQuery}
            empty={q ? 'ไม่พบ SKU ที่ค้นหา' : 'ยังไม่มีสต็อก นำเข้าได้ที่หน้า นำเข้า: สต็อก'}
          />
          <Pager
            page={paging.page}
            pageSize={paging.pageSize}
            total={list.total}
            path="/stock"
            query={pageQuery}
            sizes={SIZES}
          />
        </>
      );
    },
  });
}

export const stockPages = definePages((page) => {
  page.get('/products', (c) => productsPage(c));
  page.get('/stock', (c) => stockPage(c));

  page.post('/stock', async (c) => {
    const form = await readForm(c);
    const back = /^\/stock(\?[^#]*)?$/.test(form.back ?? '') ? form.back! : '/stock';
    const sku = (form.sku ?? '').trim();
    const qtyText = (form.qty ?? '').trim();
    const errors: FieldErrors = {};
    if (sku === '') errors.sku = 'กรุณาระบุ SKU';
    const qty = Number(qtyText);
    if (qtyText === '' || !/^\d+$/.test(qtyText) || qty > MAX_STOCK)
      errors.qty = `จำนวนคงเหลือต้องเป็นจำนวนเต็ม 0 ถึง ${formatCount(MAX_STOCK)}`;
    if (Object.keys(errors).length > 0) return stockPage(c, { errors, values: { sku, qty: qtyText }, status: 400 });
    try {
      await c.get('services').stock.set(sku, qty, actorOf(c));
    } catch (error) {
      if (error instanceof AppError && error.status === 400)
        return stockPage(c, { errors: { sku: error.message }, values: { sku, qty: qtyText }, status: 400 });
      throw error;
    }
    return c.redirect(withNotice(back, 'stock_saved'), 303);
  });
});
