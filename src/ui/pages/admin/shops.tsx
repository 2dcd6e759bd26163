// จัดการรายชื่อร้าน (staff+, as GET /api/shops; deleting a shop is admin): the shops of each
// platform with their order counts and Google Sheet URL, a form to add one, one page per shop
// to rename it or change its URL, and the saved Sheet URL of every import source
// (/api/settings/sheet-urls, staff+). The same services and audit rows as the API.
import type { Context } from 'hono';
import { actorOf } from '../../../http/auth';
import { roleRank } from '../../../domain/roles';
import { PLATFORMS, PLATFORM_LABELS } from '../../../domain/platform';
import { forbiddenCharacter, forbiddenCharacterMessage } from '../../../domain/safe-text';
import { definePages, readForm } from '../../define';
import { render } from '../../render';
import { withNotice } from '../../notices';
import { formatCount } from '../../list-query';
import { thaiDateTime } from '../../format';
import { ErrorSummary } from '../../components/banner';
import { Field, fieldId, PostForm, SelectField, type FieldErrors } from '../../components/form';
import { isConfirmed, renderConfirmation } from '../../components/confirm';
import { DataTable, type Column } from '../../components/table';
import { Facts } from '../../components/facts';
import { AdminHead, attempt } from './common';
import type { AppEnv } from '../../../http/env';
import type { ShopView } from '../../../services/catalog/shops';
import type { SheetUrlView } from '../../../services/settings/sheet-urls';

/** The longest URL the API takes (its request schema). */
const MAX_URL = 2048;

/** Import sources of the saved Sheet URLs, as the import pages name them. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  'orders.Shopee': 'นำเข้า Orders: Shopee',
  'orders.Lazada': 'นำเข้า Orders: Lazada',
  'orders.TikTok': 'นำเข้า Orders: TikTok',
  'orders.Other': 'นำเข้า Orders: อื่นๆ',
  products: 'นำเข้า: สินค้า',
  stock: 'นำเข้า: สต็อก (Sabuy Soft)',
  sales: 'นำเข้า: สั่งขาย (Sabuy Soft)',
  cancelled: 'นำเข้า Orders ยกเลิก',
  issued: 'นำเข้า Orders จ่ายงานแล้ว',
  bill_empty: 'นำเข้าบิลเปล่า',
};

const PLATFORM_OPTIONS = PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }));

/** The checks of the API's request schema for a URL (trimmed, at most 2,048, no control characters). */
function urlProblem(url: string): string | null {
  if (url.length > MAX_URL) return `ลิงก์ยาวเกิน ${formatCount(MAX_URL)} ตัวอักษร`;
  const bad = forbiddenCharacter(url, 'identifier');
  return bad ? forbiddenCharacterMessage(bad) : null;
}

async function allShops(c: Context<AppEnv>): Promise<ShopView[]> {
  const out: ShopView[] = [];
  for (let page = 1; ; page++) {
    const batch = await c.get('services').shops.list({ page, limit: 500 });
    out.push(...batch.items);
    if (out.length >= batch.total || batch.items.length === 0) return out;
  }
}

function SheetLink(props: { url: string | null }) {
  if (!props.url) return <span class="muted">-</span>;
  // Only web links become links; anything else (a bare spreadsheet id) is shown as text.
  return /^https:\/\//i.test(props.url) ? (
    <a class="url" href={props.url} rel="noopener noreferrer" target="_blank">
      {props.url}
      <span class="visually-hidden"> (เปิดในแท็บใหม่)</span>
    </a>
  ) : (
    <code class="url">{props.url}</code>
  );
}

const shopColumns: Column<ShopView>[] = [
  { key: 'name', label: 'ชื่อร้าน', cell: (s) => <a href={`/admin/shops/${s.id}`}>{s.name}</a> },
  { key: 'orders', label: 'จำนวนออเดอร์', numeric: true, cell: (s) => formatCount(s.orderCount) },
  { key: 'sheetUrl', label: 'Google Sheet ของร้าน', cell: (s) => <SheetLink url={s.sheetUrl} /> },
  {
    key: 'edit',
    label: 'จัดการ',
    cell: (s) => (
      <a href={`/admin/shops/${s.id}`}>
        แก้ไข<span class="visually-hidden"> {s.name}</span>
      </a>
    ),
  },
];

interface ListProblem {
  create?: { values: Record<string, string>; errors: FieldErrors; message?: string | null };
  source?: { source: string; value: string; message: string };
}

async function listPage(c: Context<AppEnv>, problem: ListProblem = {}, status: 200 | 400 | 404 | 409 = 200) {
  const services = c.get('services');
  const [shops, saved] = await Promise.all([allShops(c), services.sheetUrls.list()]);
  const create = problem.create;
  const createErrors = create?.errors ?? {};
  return render(c, {
    title: 'จัดการรายชื่อร้าน',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="จัดการรายชื่อร้าน" user={ctx.user} path={ctx.path} />
        <p class="muted">{`ร้านค้าทั้งหมด ${formatCount(shops.length)} ร้าน จำนวนออเดอร์นับทุกออเดอร์ของร้านที่อยู่ในระบบ`}</p>
        {PLATFORMS.map((platform) => {
          const rows = shops.filter((s) => s.platform === platform);
          return (
            <section aria-labelledby={`platform-${platform}`} class="platform-shops">
              <h2 id={`platform-${platform}`}>
                {PLATFORM_LABELS[platform]} <span class="muted">{`(${formatCount(rows.length)} ร้าน)`}</span>
              </h2>
              <DataTable
                class="shops"
                caption={`ร้านค้า ${PLATFORM_LABELS[platform]}`}
                columns={shopColumns}
                rows={rows}
                path="/admin/shops"
                query={{}}
                empty="ยังไม่มีร้านในแพลตฟอร์มนี้"
              />
            </section>
          );
        })}

        <section class="panel" aria-labelledby="create-shop-title">
          <h2 id="create-shop-title">เพิ่มร้านค้า</h2>
          <p class="muted">ร้านค้าถูกสร้างให้อัตโนมัติเมื่อนำเข้า Orders ใช้ฟอร์มนี้เมื่อต้องการเพิ่มร้านไว้ก่อน</p>
          <ErrorSummary message={create?.message} fields={createErrors} />
          <PostForm action="/admin/shops" csrf={ctx.csrfToken} novalidate class="inline-fields">
            <SelectField
              name="platform"
              label="Platform"
              options={PLATFORM_OPTIONS}
              value={create?.values.platform ?? 'Shopee'}
              error={createErrors.platform}
              required
            />
            <Field
              name="name"
              label="ชื่อร้าน"
              value={create?.values.name}
              error={createErrors.name}
              required
              maxlength={255}
              autofocus={!!createErrors.name}
            />
            <Field
              name="sheetUrl"
              label="ลิงก์ Google Sheet ของร้าน (ไม่บังคับ)"
              type="url"
              value={create?.values.sheetUrl}
              error={createErrors.sheetUrl}
              maxlength={MAX_URL}
            />
            <button type="submit">เพิ่มร้านค้า</button>
          </PostForm>
        </section>

        <section class="panel" aria-labelledby="sources-title">
          <h2 id="sources-title">ลิงก์ Google Sheet ตามแหล่งข้อมูล</h2>
          <p class="muted">
            ลิงก์ที่หน้านำเข้าใช้เมื่อไม่ได้วางลิงก์ใหม่ Orders ของร้านที่มีลิงก์ของตัวเองใช้ลิงก์ของร้านก่อน ลิงก์จะถูกบันทึกเองเมื่อนำเข้าจาก Google
            Sheet สำเร็จ
          </p>
          <SourcesTable items={saved.items} csrf={ctx.csrfToken} problem={problem.source} />
        </section>
      </>
    ),
  });
}

function SourcesTable(props: { items: readonly SheetUrlView[]; csrf: string | null; problem?: ListProblem['source'] }) {
  return (
    <div class="table-wrap">
      <table class="data sources">
        <caption class="visually-hidden">ลิงก์ Google Sheet ที่บันทึกไว้ของแต่ละแหล่งข้อมูล</caption>
        <thead>
          <tr>
            <th scope="col">แหล่งข้อมูล</th>
            <th scope="col">ลิงก์ Google Sheet</th>
            <th scope="col">ลบ</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const label = SOURCE_LABELS[item.source] ?? item.source;
            const id = fieldId(`url-${item.source}`);
            const error = props.problem?.source === item.source ? props.problem.message : undefined;
            return (
              <tr>
                <th scope="row">
                  {label}
                  <span class="hint">
                    <code>{item.source}</code>
                  </span>
                </th>
                <td>
                  <PostForm
                    action={`/admin/shops/sheet-urls/${encodeURIComponent(item.source)}`}
                    csrf={props.csrf}
                    class="url-form"
                  >
                    <label class="visually-hidden" for={id}>{`ลิงก์ Google Sheet ของ ${label}`}</label>
                    <input
                      id={id}
                      name="url"
                      type="url"
                      value={error ? props.problem!.value : (item.url ?? '')}
                      placeholder="https://docs.google.com/spreadsheets/d/..."
                      maxlength={MAX_URL}
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                    <button type="submit" class="secondary">
                      บันทึก<span class="visually-hidden">{` ลิงก์ของ ${label}`}</span>
                    </button>
                  </PostForm>
                  {error ? (
                    <span class="field-error" id={`${id}-error`}>
                      {error}
                    </span>
                  ) : null}
                  {item.url ? (
                    <span class="hint">{`บันทึกเมื่อ ${thaiDateTime(item.updatedAt)}${item.updatedBy ? ` โดย ${item.updatedBy}` : ''}`}</span>
                  ) : null}
                </td>
                <td>
                  {item.url ? (
                    <PostForm
                      action={`/admin/shops/sheet-urls/${encodeURIComponent(item.source)}/delete`}
                      csrf={props.csrf}
                      confirm={`ลบลิงก์ Google Sheet ของ ${label}?`}
                      confirmOk="ลบลิงก์"
                      danger
                    >
                      <button type="submit" class="secondary">
                        ลบ<span class="visually-hidden">{` ลิงก์ของ ${label}`}</span>
                      </button>
                    </PostForm>
                  ) : (
                    <span class="muted">-</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const shopId = (c: Context<AppEnv>) => Number(c.req.param('id'));

interface EditProblem {
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string | null;
}

async function shopPage(c: Context<AppEnv>, problem: EditProblem = {}, status: 200 | 400 | 409 = 200) {
  const shop = await c.get('services').shops.get(shopId(c));
  const errors = problem.errors ?? {};
  const title = `ร้าน ${shop.name}`;
  return render(c, {
    title,
    status,
    body: (ctx) => (
      <>
        <AdminHead title={title} user={ctx.user} path={ctx.path}>
          <a href="/admin/shops">กลับไปรายชื่อร้าน</a>
        </AdminHead>
        <ErrorSummary message={problem.message} fields={problem.message ? {} : errors} />
        <section class="panel" aria-labelledby="shop-facts-title">
          <h2 id="shop-facts-title">ข้อมูลร้าน</h2>
          <Facts
            items={[
              {
                label: 'Platform',
                value: PLATFORM_LABELS[shop.platform as keyof typeof PLATFORM_LABELS] ?? shop.platformLabel,
              },
              { label: 'ชื่อร้าน', value: shop.name },
              { label: 'จำนวนออเดอร์', value: formatCount(shop.orderCount) },
              { label: 'Google Sheet ของร้าน', value: <SheetLink url={shop.sheetUrl} /> },
              { label: 'สร้างเมื่อ', value: thaiDateTime(shop.createdAt) },
            ]}
          />
        </section>
        <section class="panel" aria-labelledby="shop-edit-title">
          <h2 id="shop-edit-title">แก้ไขร้าน</h2>
          <PostForm action={`/admin/shops/${shop.id}`} csrf={ctx.csrfToken} novalidate>
            <Field
              name="name"
              label="ชื่อร้าน"
              value={problem.values?.name ?? shop.name}
              error={errors.name}
              required
              maxlength={255}
              autofocus={!!errors.name}
            />
            <Field
              name="sheetUrl"
              label="ลิงก์ Google Sheet ของร้าน"
              type="url"
              value={problem.values?.sheetUrl ?? shop.sheetUrl ?? ''}
              error={errors.sheetUrl}
              maxlength={MAX_URL}
              hint="เว้นว่างเพื่อลบลิงก์ของร้าน (จะใช้ลิงก์ของแหล่งข้อมูล Orders ของ Platform แทน)"
              autofocus={!errors.name && !!errors.sheetUrl}
            />
            <button type="submit">บันทึก</button>
          </PostForm>
        </section>
        {ctx.user && roleRank(ctx.user.role) >= roleRank('admin') ? (
          <section class="panel" aria-labelledby="shop-delete-title">
            <h2 id="shop-delete-title">ลบร้าน</h2>
            {shop.orderCount > 0 ? (
              <p>{`ลบไม่ได้: มีออเดอร์ผูกกับร้านนี้อยู่ ${formatCount(shop.orderCount)} ออเดอร์`}</p>
            ) : (
              <PostForm
                action={`/admin/shops/${shop.id}/delete`}
                csrf={ctx.csrfToken}
                confirm={`ลบร้าน ${shop.name}?`}
                confirmOk="ลบร้าน"
                danger
              >
                <p>ร้านนี้ไม่มีออเดอร์ ลบได้</p>
                <button type="submit" class="danger">
                  ลบร้าน
                </button>
              </PostForm>
            )}
          </section>
        ) : null}
      </>
    ),
  });
}

/** The form's fields that name a field of the shop service's refusals. */
const SHOP_FIELD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_platform: 'platform',
  invalid_shop_name: 'name',
  invalid_characters: 'name',
  shop_exists: 'name',
};

export const shopPages = definePages((page) => {
  page.get('/admin/shops', (c) => listPage(c));

  page.post('/admin/shops', async (c) => {
    const form = await readForm(c);
    const values = { platform: form.platform ?? '', name: form.name ?? '', sheetUrl: (form.sheetUrl ?? '').trim() };
    const errors: FieldErrors = {};
    if (!values.name.trim()) errors.name = 'กรุณาระบุชื่อร้าน';
    else if (values.name.length > 255) errors.name = 'ชื่อร้านยาวเกิน 255 ตัวอักษร';
    const urlError = values.sheetUrl ? urlProblem(values.sheetUrl) : null;
    if (urlError) errors.sheetUrl = urlError;
    if (Object.keys(errors).length) return listPage(c, { create: { values, errors } }, 400);
    const done = await attempt(() =>
      c
        .get('services')
        .shops.create({ platform: values.platform, name: values.name, sheetUrl: values.sheetUrl || null }, actorOf(c)),
    );
    if (!done.ok) {
      const field = SHOP_FIELD_OF_CODE[done.error.code];
      const create = field
        ? { values, errors: { [field]: done.error.message } }
        : { values, errors: {}, message: done.error.message };
      return listPage(c, { create }, done.error.status === 409 ? 409 : 400);
    }
    return c.redirect(withNotice('/admin/shops', 'shop_created'), 303);
  });

  page.get('/admin/shops/:id{[0-9]+}', (c) => shopPage(c));

  page.post('/admin/shops/:id{[0-9]+}', async (c) => {
    const form = await readForm(c);
    const values = { name: form.name ?? '', sheetUrl: (form.sheetUrl ?? '').trim() };
    const errors: FieldErrors = {};
    if (!values.name.trim()) errors.name = 'กรุณาระบุชื่อร้าน';
    else if (values.name.length > 255) errors.name = 'ชื่อร้านยาวเกิน 255 ตัวอักษร';
    const urlError = values.sheetUrl ? urlProblem(values.sheetUrl) : null;
    if (urlError) errors.sheetUrl = urlError;
    if (Object.keys(errors).length) return shopPage(c, { values, errors }, 400);
    const done = await attempt(() =>
      c.get('services').shops.update(shopId(c), { name: values.name, sheetUrl: values.sheetUrl || null }, actorOf(c)),
    );
    if (!done.ok) {
      const field = SHOP_FIELD_OF_CODE[done.error.code];
      return shopPage(
        c,
        field ? { values, errors: { [field]: done.error.message } } : { values, message: done.error.message },
        done.error.status === 409 ? 409 : 400,
      );
    }
    return c.redirect(withNotice(`/admin/shops/${shopId(c)}`, 'shop_saved'), 303);
  });

  page.post('/admin/shops/:id{[0-9]+}/delete', async (c) => {
    const form = await readForm(c);
    const id = shopId(c);
    if (!isConfirmed(form)) {
      const shop = await c.get('services').shops.get(id);
      return renderConfirmation(c, {
        title: 'ยืนยันการลบร้าน',
        message: `ลบร้าน ${shop.name}?`,
        action: `/admin/shops/${id}/delete`,
        fields: {},
        cancelHref: `/admin/shops/${id}`,
        confirmLabel: 'ลบร้าน',
        danger: true,
      });
    }
    const done = await attempt(() => c.get('services').shops.remove(id, actorOf(c)));
    if (!done.ok) return shopPage(c, { message: done.error.message }, done.error.status === 409 ? 409 : 400);
    return c.redirect(withNotice('/admin/shops', 'shop_deleted'), 303);
  });

  page.post('/admin/shops/sheet-urls/:source', async (c) => {
    const form = await readForm(c);
    const source = c.req.param('source') ?? '';
    const url = (form.url ?? '').trim();
    const problem = url ? urlProblem(url) : 'กรุณาวางลิงก์ Google Sheet';
    if (problem) return listPage(c, { source: { source, value: url, message: problem } }, 400);
    const done = await attempt(() => c.get('services').sheetUrls.save(source, url, actorOf(c)));
    if (!done.ok) {
      if (done.error.status === 404) throw done.error;
      return listPage(c, { source: { source, value: url, message: done.error.message } }, 400);
    }
    return c.redirect(withNotice('/admin/shops', 'sheet_url_saved'), 303);
  });

  page.post('/admin/shops/sheet-urls/:source/delete', async (c) => {
    const form = await readForm(c);
    const source = c.req.param('source') ?? '';
    if (!isConfirmed(form)) {
      return renderConfirmation(c, {
        title: 'ยืนยันการลบลิงก์',
        message: `ลบลิงก์ Google Sheet ของ ${SOURCE_LABELS[source] ?? source}?`,
        action: `/admin/shops/sheet-urls/${encodeURIComponent(source)}/delete`,
        fields: {},
        cancelHref: '/admin/shops',
        confirmLabel: 'ลบลิงก์',
        danger: true,
      });
    }
    await c.get('services').sheetUrls.remove(source, actorOf(c));
    return c.redirect(withNotice('/admin/shops', 'sheet_url_deleted'), 303);
  });
});
