/** @jsxImportSource hono/jsx */
// Routes only the browser tests mount: a gallery that renders every component the later pages
// will use (with real data from the products service, including a product named <script>), the
// two form flows they share (confirmation, upload) and a page that fails, for the 500 page.
// They render through the app's own render() and requirePage, exactly as a real page would.
import type { Hono } from 'hono';
import { render } from '../../../src/ui/render';
import { readForm, requirePage } from '../../../src/ui/define';
import { readPaging, readSort, type Query } from '../../../src/ui/list-query';
import { DataTable, Pager, type Column } from '../../../src/ui/components/table';
import { Badge, IssuedBadge, StatusBadge, STATUS_TONES } from '../../../src/ui/components/badge';
import { Banner } from '../../../src/ui/components/banner';
import { Field, PostForm, SelectField } from '../../../src/ui/components/form';
import { isConfirmed, renderConfirmation } from '../../../src/ui/components/confirm';
import { FileDropField, UploadProgress } from '../../../src/ui/components/upload';
import { HorizontalBarChart, PLATFORM_COLOURS, StackedBarChart } from '../../../src/ui/components/charts';
import type { ProductView } from '../../../src/services/catalog/products';
import type { DisplayStatus } from '../../../src/domain/allocation/types';
import type { AppEnv } from '../../../src/http/env';

const PLATFORMS = ['Shopee', 'TikTok', 'Lazada', 'Other'] as const;
// 14 days of orders per platform: fixed numbers, so the screenshot is the same every run.
const DAYS = Array.from({ length: 14 }, (_, i) => `${String(i + 1).padStart(2, '0')}/03`);
const PER_DAY = [
  [12, 15, 9, 20, 18, 7, 5, 14, 16, 22, 19, 11, 8, 13],
  [4, 6, 3, 8, 7, 2, 1, 5, 6, 9, 8, 4, 3, 5],
  [3, 2, 4, 5, 3, 1, 0, 2, 4, 6, 5, 2, 1, 3],
  [0, 1, 0, 1, 0, 0, 0, 1, 0, 2, 1, 0, 0, 1],
];

const productColumns: Column<ProductView>[] = [
  { key: 'sku', label: 'SKU', sortable: true, cell: (p) => <code>{p.sku}</code> },
  { key: 'name', label: 'ชื่อสินค้า', sortable: true, cell: (p) => p.name ?? '-' },
  { key: 'brand', label: 'Brand', cell: (p) => p.brand ?? '-' },
  { key: 'location', label: 'ตำแหน่ง', cell: (p) => p.location ?? '-' },
];

export function mountTestPages(app: Hono<AppEnv>) {
  app.get('/__test/gallery', requirePage('user'), async (c) => {
    const query = c.req.query() as Query;
    const paging = readPaging(query, [5, 10]);
    const sort = readSort(query, ['sku', 'name'], { key: 'sku', dir: 'asc' });
    const products = await c.get('services').products.list({ q: query.q, page: paging.page, limit: paging.pageSize });
    return render(c, {
      title: 'ส่วนประกอบหน้าจอ',
      body: (ctx) => (
        <>
          <div class="page-head">
            <h1>ส่วนประกอบหน้าจอ</h1>
          </div>
          <Banner tone="success">บันทึกแล้ว 3 รายการ</Banner>
          <Banner tone="warning" title="ข้ามไป 2 รายการ">
            <ul>
              <li>1001: ถูกยกเลิก</li>
              <li>1002: ไม่อยู่ในกอง 1</li>
            </ul>
          </Banner>
          <section class="panel" aria-labelledby="filters-title">
            <h2 id="filters-title">ค้นหาสินค้า</h2>
            <form method="get" action="/__test/gallery" class="inline-fields">
              <Field name="q" label="ค้นหา (SKU, ชื่อสินค้า)" type="search" value={query.q ?? ''} />
              <SelectField
                name="platform"
                label="Platform"
                value={query.platform ?? ''}
                options={[
                  { value: '', label: 'ทั้งหมด' },
                  ...PLATFORMS.map((p) => ({ value: p, label: p === 'Other' ? 'อื่นๆ' : p })),
                ]}
              />
              <button type="submit">ค้นหา</button>
            </form>
          </section>
          <DataTable<ProductView>
            caption="รายการสินค้า"
            showCaption
            columns={productColumns}
            rows={products.items}
            path="/__test/gallery"
            query={query}
            sort={sort}
          />
          <Pager
            page={paging.page}
            pageSize={paging.pageSize}
            total={products.total}
            path="/__test/gallery"
            query={query}
            sizes={[5, 10]}
          />

          <section class="panel" aria-labelledby="badges-title">
            <h2 id="badges-title">สถานะ</h2>
            <p>
              {(Object.keys(STATUS_TONES) as DisplayStatus[]).map((s) => (
                <>
                  <StatusBadge status={s} />{' '}
                </>
              ))}
              <IssuedBadge /> <Badge tone="neutral">กอง 1</Badge>
            </p>
          </section>

          <div class="chart-grid">
            <StackedBarChart
              id="orders-per-day"
              title="ออเดอร์ต่อวันแยกตาม Platform (14 วัน)"
              summary={`รวม ${PER_DAY.flat().reduce((a, b) => a + b, 0)} ออเดอร์ใน 14 วัน`}
              categories={DAYS}
              categoryLabel="วันที่"
              series={PLATFORMS.map((p) => ({ name: p === 'Other' ? 'อื่นๆ' : p, colour: PLATFORM_COLOURS[p] }))}
              values={PER_DAY}
            />
            <div>
              <HorizontalBarChart
                id="sla"
                title="SLA ของงานค้าง"
                summary="เลยกำหนด 4 ออเดอร์ ครบกำหนดวันนี้ 12 ออเดอร์ พรุ่งนี้ 7 ออเดอร์"
                items={[
                  { label: 'เลยกำหนด', value: 4, colour: '#b42318' },
                  { label: 'วันนี้', value: 12, colour: '#c2410c' },
                  { label: 'พรุ่งนี้', value: 7, colour: '#a16207' },
                ]}
              />
              <HorizontalBarChart
                id="stock-trouble"
                title="ปัญหาสต็อกตามกอง"
                summary="กอง 2 สินค้าน้อย 9 ออเดอร์ กอง 3 ไม่มีสินค้า 3 ออเดอร์ กอง 3 ไม่พอส่ง 2 ออเดอร์"
                items={[
                  { label: 'กอง 2: สินค้าน้อย', value: 9, colour: '#ca8a04' },
                  { label: 'กอง 3: ไม่มีสินค้า', value: 3, colour: '#b42318' },
                  { label: 'กอง 3: ไม่พอส่ง', value: 2, colour: '#ea580c' },
                ]}
              />
            </div>
          </div>

          <section class="panel" aria-labelledby="confirm-title">
            <h2 id="confirm-title">ยืนยันก่อนทำรายการ</h2>
            <PostForm
              action="/__test/confirm"
              csrf={ctx.csrfToken}
              confirm="ยืนยันลบ 2 รายการ? (กู้คืนได้)"
              confirmOk="ลบ"
              danger
            >
              <input type="hidden" name="ids" value="11" />
              <input type="hidden" name="ids" value="12" />
              <button type="submit" class="danger">
                ลบ 2 รายการ
              </button>
            </PostForm>
          </section>

          <section class="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">นำเข้าไฟล์</h2>
            <PostForm action="/__test/upload" csrf={ctx.csrfToken} multipart progress>
              <FileDropField
                name="file"
                label="ไฟล์ Orders (.xlsx หรือ .csv)"
                accept=".xlsx,.csv"
                hint="ขนาดไม่เกิน 20 MB"
              />
              <UploadProgress />
              <button type="submit">ตรวจสอบไฟล์ (Dry run)</button>
            </PostForm>
          </section>

          <section class="panel" aria-labelledby="scan-title">
            <h2 id="scan-title">สแกน Barcode</h2>
            <Field name="scan" label="เลข Order" scanner autocomplete="off" hint="สแกนหรือพิมพ์เลข Order แล้วกด Enter" />
          </section>
        </>
      ),
    });
  });

  app.post('/__test/confirm', requirePage('user'), async (c) => {
    const form = await readForm(c);
    const ids = (await c.req.parseBody({ all: true })).ids;
    const list = (Array.isArray(ids) ? ids : [ids]).map(String);
    if (!isConfirmed(form)) {
      return renderConfirmation(c, {
        title: 'ยืนยันการลบ',
        message: `ยืนยันลบ ${list.length} รายการ? (กู้คืนได้)`,
        action: '/__test/confirm',
        fields: { ids: list },
        cancelHref: '/__test/gallery',
        confirmLabel: 'ลบ',
        danger: true,
      });
    }
    return render(c, {
      title: 'ลบแล้ว',
      body: <Banner tone="success">{`ลบแล้ว ${list.length} รายการ: ${list.join(', ')}`}</Banner>,
    });
  });

  app.post('/__test/upload', requirePage('user'), async (c) => {
    const file = (await c.req.parseBody()).file;
    const name = file instanceof File ? `${file.name} (${file.size} ไบต์)` : 'ไม่มีไฟล์';
    return render(c, { title: 'ผลการนำเข้า', body: <Banner tone="success">{`ได้รับไฟล์ ${name}`}</Banner> });
  });

  app.get('/__test/boom', () => {
    throw new Error('deliberate failure for the 500 page');
  });
}
