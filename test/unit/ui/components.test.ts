// The page components rendered to HTML: escaping, labels and ARIA wiring, the spec's labels and
// colours, and the confirmation pattern. Components are plain functions, so they are called here
// without a server.
import { describe, expect, it } from 'vitest';
import { Badge, StatusBadge } from '../../../src/ui/components/badge';
import { DataTable, Pager, type Column } from '../../../src/ui/components/table';
import { Field, focusField, PostForm, SelectField } from '../../../src/ui/components/form';
import { ConfirmPanel, isConfirmed } from '../../../src/ui/components/confirm';
import { FileDropField, UploadProgress } from '../../../src/ui/components/upload';
import { HorizontalBarChart, StackedBarChart } from '../../../src/ui/components/charts';
import { Banner, ErrorSummary } from '../../../src/ui/components/banner';

const html = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());
const EVIL = '<script>alert(1)</script>';
const EVIL_ATTR = '"><img src=x onerror=alert(1)>';

interface Product {
  sku: string;
  name: string;
  onHand: number;
}
const columns: Column<Product>[] = [
  { key: 'sku', label: 'SKU', sortable: true, cell: (p) => p.sku },
  { key: 'name', label: 'ชื่อสินค้า', cell: (p) => p.name },
  { key: 'onHand', label: 'Stock', numeric: true, sortable: true, cell: (p) => p.onHand },
];

describe('escaping', () => {
  it('a product named <script> shows as text in a table cell, and a hostile SKU cannot open a tag', async () => {
    const out = await html(
      DataTable<Product>({
        caption: 'สินค้า',
        columns,
        rows: [{ sku: EVIL_ATTR, name: EVIL, onHand: 3 }],
        path: '/products',
        query: { q: EVIL },
      }),
    );
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    // The search term travels in the sort links, encoded.
    expect(out).toContain('href="/products?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;sort=sku&amp;dir=asc"');
  });

  it('field values, labels, banners and badges escape what they are given', async () => {
    const out = await html(
      PostForm({
        action: '/x',
        csrf: 'tok"en',
        children: [
          Field({ name: 'q', label: EVIL, value: EVIL_ATTR, error: EVIL }),
          Banner({ tone: 'error', children: EVIL }),
          Badge({ tone: 'info', children: EVIL }),
        ],
      }),
    );
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(out).toContain('name="_csrf" value="tok&quot;en"');
  });
});

describe('form fields', () => {
  it('labels every input and ties hint and error to it for screen readers', async () => {
    const out = await html(
      Field({
        name: 'username',
        label: 'ชื่อผู้ใช้',
        error: 'กรุณากรอกชื่อผู้ใช้',
        hint: 'a-z 0-9',
        required: true,
        value: 'somchai',
      }),
    );
    expect(out).toContain('<label for="f-username">ชื่อผู้ใช้');
    expect(out).toContain('id="f-username" name="username" type="text" value="somchai" required=""');
    expect(out).toContain('aria-invalid="true" aria-describedby="f-username-hint f-username-error"');
    expect(out).toContain('<span class="field-error" id="f-username-error">กรุณากรอกชื่อผู้ใช้</span>');
    const clean = await html(Field({ name: 'q', label: 'ค้นหา' }));
    expect(clean).not.toContain('aria-invalid');
    expect(clean).not.toContain('aria-describedby');
  });

  it('focus goes to the first field with an error, else to the first field', async () => {
    const order = ['setupToken', 'username', 'password'];
    expect(focusField({}, order)).toBe('setupToken');
    expect(focusField({ password: 'x', username: 'y' }, order)).toBe('username');
    expect(await html(Field({ name: 'a', label: 'A', autofocus: false }))).not.toContain('autofocus');
    expect(await html(Field({ name: 'a', label: 'A', autofocus: true }))).toContain('autofocus=""');
  });

  it('a select marks the chosen option', async () => {
    const out = await html(
      SelectField({
        name: 'platform',
        label: 'Platform',
        value: 'Lazada',
        options: [
          { value: '', label: 'ทั้งหมด' },
          { value: 'Shopee', label: 'Shopee' },
          { value: 'Lazada', label: 'Lazada' },
        ],
      }),
    );
    expect(out).toContain('<option value="Lazada" selected="">Lazada</option>');
    expect(out).toContain('<option value="Shopee">Shopee</option>');
  });

  it('a form carries the CSRF field only when there is a session, and the confirmation text when asked', async () => {
    expect(await html(PostForm({ action: '/login', csrf: null }))).toBe('<form method="post" action="/login"></form>');
    const out = await html(
      PostForm({ action: '/orders/trash', csrf: 'abc', confirm: 'ยืนยันลบ 3 รายการ? (กู้คืนได้)', danger: true }),
    );
    expect(out).toContain('data-confirm="ยืนยันลบ 3 รายการ? (กู้คืนได้)"');
    expect(out).toContain('data-confirm-danger=""');
    expect(out).toContain('<input type="hidden" name="_csrf" value="abc"/>');
  });

  it('the error summary lists field errors, or shows the request message alone', async () => {
    const fields = await html(ErrorSummary({ fields: { a: 'ข้อ 1', b: undefined, c: 'ข้อ 2' } }));
    expect(fields).toContain('role="alert"');
    expect(fields).toContain('<li>ข้อ 1</li><li>ข้อ 2</li>');
    expect(await html(ErrorSummary({ message: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', fields: { a: 'x' } }))).not.toContain('<li>');
    expect(ErrorSummary({})).toBeNull();
  });
});

describe('data table and pager', () => {
  it('marks the sorted column for screen readers and links the others', async () => {
    const out = await html(
      DataTable<Product>({
        caption: 'สินค้า',
        columns,
        rows: [],
        path: '/products',
        query: {},
        sort: { key: 'onHand', dir: 'desc' },
      }),
    );
    expect(out).toContain(
      '<th scope="col" class="num" aria-sort="descending"><a href="/products?sort=onHand&amp;dir=asc">',
    );
    expect(out).toContain('<th scope="col"><a href="/products?sort=sku&amp;dir=asc">');
    expect(out).toContain('<td class="empty" colspan="3">ไม่พบข้อมูล</td>');
  });

  it('pages: counts, the current page and the neighbours, keeping the filters', async () => {
    const out = await html(
      Pager({ page: 2, pageSize: 50, total: 120, path: '/orders', query: { q: 'x', page: '2' }, sizes: [50, 100] }),
    );
    expect(out).toContain('แสดง 51–100 จาก 120 รายการ');
    expect(out).toContain('<a href="/orders?q=x" rel="prev">ก่อนหน้า</a>');
    expect(out).toContain('<a href="/orders?q=x&amp;page=3" rel="next">ถัดไป</a>');
    expect(out).toContain(
      '<span class="current" aria-current="page"><span class="visually-hidden">หน้า </span>2</span>',
    );
    expect(out).toContain('<a href="/orders?q=x&amp;size=100">100');
  });
});

describe('status badges (labels: docs/domain/allocation.md#labels; colours: docs/domain/allocation.md#orders-table)', () => {
  it('each status shows its Thai label in its colour', async () => {
    const cases: [Parameters<typeof StatusBadge>[0]['status'], string, string][] = [
      ['READY_ACCEPT', 'พร้อมรับ', 'badge-success'],
      ['ACCEPTED', 'รับแล้ว', 'badge-accent'],
      ['LOW_STOCK', 'สินค้าน้อย', 'badge-warning'],
      ['NOT_ENOUGH', 'สินค้าไม่พอส่ง', 'badge-orange'],
      ['SHORTAGE', 'ไม่มีสินค้า', 'badge-danger'],
      ['BILL_EMPTY', 'บิลเปล่า', 'badge-purple'],
      ['PACKED', 'แพ็คแล้ว', 'badge-dark'],
      ['CANCELLED', 'ยกเลิก', 'badge-neutral'],
    ];
    for (const [status, label, cls] of cases)
      expect(await html(StatusBadge({ status }))).toBe(`<span class="badge ${cls}">${label}</span>`);
  });
});

describe('confirmation without script', () => {
  it('re-posts the original fields with confirmed=1 and a fresh CSRF field, dropping the old ones', async () => {
    const out = await html(
      ConfirmPanel({
        title: 'ยืนยันการลบ',
        message: 'ยืนยันลบ 2 รายการ? (กู้คืนได้)',
        action: '/orders/trash',
        fields: { ids: ['11', '12'], _csrf: 'old', confirmed: '0', view: EVIL },
        cancelHref: '/orders',
        csrf: 'fresh',
        danger: true,
      }),
    );
    expect(out).toContain('<input type="hidden" name="_csrf" value="fresh"/>');
    expect(out).not.toContain('value="old"');
    expect(out.match(/name="confirmed"/g)).toHaveLength(1);
    expect(out).toContain('<input type="hidden" name="ids" value="11"/><input type="hidden" name="ids" value="12"/>');
    expect(out).toContain('<input type="hidden" name="confirmed" value="1"/>');
    expect(out).toContain('<a class="button secondary" href="/orders">ยกเลิก</a>');
    expect(out).not.toContain('<script');
    expect(isConfirmed({ confirmed: '1' })).toBe(true);
    expect(isConfirmed({ confirmed: 'yes' })).toBe(false);
    expect(isConfirmed({})).toBe(false);
  });
});

describe('upload field', () => {
  it('is a labelled file input inside the drop zone, with a hidden progress note', async () => {
    const out = await html(
      FileDropField({ name: 'file', label: 'ไฟล์ Orders (.xlsx หรือ .csv)', accept: '.xlsx,.csv', required: true }),
    );
    expect(out).toContain('<label for="f-file">ไฟล์ Orders (.xlsx หรือ .csv)</label>');
    expect(out).toContain('id="f-file" name="file" type="file" accept=".xlsx,.csv" required=""');
    expect(out).toContain('aria-describedby="f-file-drop"');
    const note = await html(UploadProgress({}));
    expect(note).toContain('hidden=""');
    expect(note).toMatch(/<progress aria-label="[^"]+"><\/progress>/);
  });
});

describe('charts', () => {
  it('a stacked bar chart is an image with its title and description, and its numbers as a table', async () => {
    const out = await html(
      StackedBarChart({
        id: 'per-day',
        title: 'ออเดอร์ต่อวันแยกตาม Platform (14 วัน)',
        summary: 'รวม 9 ออเดอร์',
        categories: ['01/03', '02/03'],
        categoryLabel: 'วันที่',
        series: [
          { name: 'Shopee', colour: '#ee4d2d' },
          { name: EVIL, colour: '#2563eb' },
        ],
        values: [
          [4, 3],
          [0, 2],
        ],
      }),
    );
    expect(out).toContain('role="img" aria-labelledby="per-day-title per-day-desc"');
    expect(out).toContain('<title id="per-day-title">ออเดอร์ต่อวันแยกตาม Platform (14 วัน)</title>');
    expect(out).toContain('<desc id="per-day-desc">รวม 9 ออเดอร์</desc>');
    expect(out).toContain('<th scope="row">02/03</th><td>3</td><td>2</td><td>5</td>');
    // Three segments (the zero draws nothing) in the series colours.
    expect(out.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#[0-9a-f]{6}"/g)).toHaveLength(3);
    expect(out).not.toContain('style=');
    expect(out).not.toContain('<script');
  });

  it('a horizontal bar set labels each bar with its value', async () => {
    const out = await html(
      HorizontalBarChart({
        id: 'sla',
        title: 'SLA',
        summary: 'เลยกำหนด 2, วันนี้ 5, พรุ่งนี้ 1',
        items: [
          { label: 'เลยกำหนด', value: 2, colour: '#b42318' },
          { label: 'วันนี้', value: 5, colour: '#c2410c' },
          { label: 'พรุ่งนี้', value: 1, colour: '#a16207' },
        ],
      }),
    );
    expect(out).toContain('<th scope="row">วันนี้</th><td>5</td>');
    expect(out).toMatch(/<text class="value-label" [^>]+>5<\/text>/);
    expect(out).not.toContain('style=');
  });
});
