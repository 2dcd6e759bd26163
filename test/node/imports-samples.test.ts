// The full bad-file matrix of samples/README.md on the file adapter: each bad file on its own
// copy of the state after step 11, in default mode (rejected, only the log row written) and with
// skipInvalid=true (partial, exactly the right-hand column written); and each .xlsx order export
// on an empty database (after step 1) gives exactly the result of its CSV.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { codes, importFile, snapshot, tableCounts } from '../support/imports';
import { fileTarget } from '../support/targets';
import { tempDir } from '../support/env';

const bkk = (wall: string) => Date.parse(`${wall}+07:00`);
const DAY = bkk('2025-01-16T10:00:00');

const CANONICAL: [string, string, Record<string, string>][] = [
  ['products', 'products.csv', {}],
  ['stock', 'stock.csv', { mode: 'full' }],
  ['stock', 'stock.xlsx', { mode: 'full' }],
  ['orders', 'orders_shopee.csv', { platform: 'Shopee' }],
  ['orders', 'orders_lazada.csv', { platform: 'Lazada', shop: 'Beta Home Lazada' }],
  ['orders', 'orders_tiktok.csv', { platform: 'TikTok' }],
  ['orders', 'orders_shopee.xlsx', { platform: 'Shopee' }],
  ['orders', 'orders_lazada.xlsx', { platform: 'Lazada', shop: 'Beta Home Lazada' }],
  ['orders', 'orders_tiktok.xlsx', { platform: 'TikTok' }],
  ['sales', 'sales_status.csv', {}],
  ['cancelled', 'cancelled_orders.csv', {}],
  ['issued', 'issued_orders.csv', {}],
  ['bill-empty', 'bill_empty.csv', {}],
];

function send(
  api: ApiClient,
  kind: string,
  file: string,
  params: Record<string, string>,
  query: Record<string, string> = {},
) {
  const { mode, platform, shop } = params;
  return importFile(api, kind, file, { platform, shop, query: { ...(mode ? { mode } : {}), ...query } });
}

type Check = (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<void>;

interface BadCase {
  kind: string;
  file: string;
  params: Record<string, string>;
  errors: [number, string][];
  counts: Record<string, number>;
  warnings: [number, string][];
  /** What skipInvalid=true must have written. */
  written: Check;
}

const one = async (q: (sql: string) => Promise<Record<string, unknown>[]>, sql: string) => (await q(sql))[0];

const BAD: BadCase[] = [
  {
    kind: 'orders',
    file: 'orders_bad.csv',
    params: { platform: 'Shopee' },
    errors: [
      [3, 'missing_sku'],
      [4, 'qty_invalid'],
      [5, 'date_invalid'],
      [6, 'missing_sku'],
      [7, 'missing_order_id'],
      [10, 'qty_invalid'],
      [12, 'missing_shop'],
    ],
    counts: { added: 2, linesAdded: 2, duplicates: 1, duplicatesSameDay: 1, duplicatesCrossDay: 0, rejected: 7 },
    warnings: [],
    async written(q) {
      const rows = await q(
        "SELECT order_no, order_time FROM orders WHERE order_no LIKE '250116BAD%' ORDER BY order_no",
      );
      expect(rows.map((r) => r.order_no)).toEqual(['250116BAD001', '250116BAD007']);
      expect(Number(rows[1].order_time)).toBe(bkk('2025-01-16T11:30:00'));
      expect(
        Number(
          (
            await one(
              q,
              "SELECT count(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no LIKE '250116BAD%'",
            )
          ).n,
        ),
      ).toBe(2);
      // No shop named nan, no order nan, no SKU nan (the legacy's defects).
      expect(await q("SELECT 1 FROM shops WHERE lower(name) = 'nan'")).toEqual([]);
      expect(await q("SELECT 1 FROM orders WHERE lower(order_no) = 'nan'")).toEqual([]);
    },
  },
  {
    kind: 'products',
    file: 'products_bad.csv',
    params: {},
    errors: [
      [3, 'missing_sku'],
      [4, 'missing_sku'],
    ],
    counts: { added: 2, updated: 1, unchanged: 1, rejected: 2, warnings: 1 },
    warnings: [[7, 'duplicate_in_file']],
    async written(q) {
      expect(await one(q, "SELECT brand, name FROM products WHERE sku = 'DUP-SKU-02'")).toMatchObject({
        brand: 'Deltaware',
        name: 'ตะกร้าผ้า M2',
      });
      expect(await one(q, "SELECT brand FROM products WHERE sku = 'AL-CASE-001'")).toMatchObject({
        brand: 'Alphy Pro',
      });
      expect(await one(q, "SELECT brand, name FROM products WHERE sku = 'GB-SERUM-30'")).toMatchObject({
        brand: 'Gammaglow',
        name: 'เซรั่มบำรุงผิว 30 ml',
      });
      expect(await one(q, 'SELECT count(*) AS n FROM products')).toMatchObject({ n: 14 });
    },
  },
  {
    kind: 'stock',
    file: 'stock_bad.csv',
    params: { mode: 'full' },
    errors: [
      [13, 'missing_sku'],
      [14, 'missing_sku'],
      [15, 'qty_invalid'],
      [16, 'qty_invalid'],
    ],
    counts: { added: 0, updated: 1, unchanged: 10, zeroed: 0, rejected: 4, warnings: 1 },
    warnings: [[17, 'stock_sku_summed']],
    async written(q) {
      expect(await one(q, "SELECT qty FROM stock WHERE sku = 'GB-LIP-01'")).toMatchObject({ qty: 35 });
      expect(await q("SELECT sku FROM stock WHERE sku LIKE 'NEW-SKU-STK%' OR lower(sku) = 'nan'")).toEqual([]);
      expect(await q('SELECT sku FROM stock WHERE qty < 0')).toEqual([]);
    },
  },
  {
    kind: 'sales',
    file: 'sales_status_bad.csv',
    params: {},
    errors: [
      [2, 'missing_order_id'],
      [3, 'missing_order_id'],
    ],
    counts: { added: 1, updated: 1, unchanged: 1, rejected: 2, warnings: 2 },
    warnings: [
      [5, 'duplicate_in_file'],
      [6, 'id_trailing_zero_removed'],
    ],
    async written(q) {
      expect(await one(q, "SELECT po_no, status FROM sales_status WHERE order_no = '450012345600002'")).toMatchObject({
        po_no: 'PO-6801-0010',
        status: 'ยังไม่มีการเปิดใบขาย',
      });
      expect(await q("SELECT 1 FROM sales_status WHERE order_no LIKE '%.0'")).toEqual([]);
      expect(
        await one(q, "SELECT po_no, status, packed_at FROM sales_status WHERE order_no = '250115QX1A02'"),
      ).toMatchObject({ po_no: 'PO-6801-0002', status: 'เปิดใบขายครบตามจำนวนแล้ว', packed_at: DAY + 60_000 });
      expect(await one(q, "SELECT po_no, status FROM sales_status WHERE order_no = '250115QX1A01'")).toMatchObject({
        po_no: 'PO-6801-0001',
        status: 'เปิดใบขายครบตามจำนวนแล้ว',
      });
    },
  },
  {
    kind: 'cancelled',
    file: 'cancelled_orders_bad.csv',
    params: {},
    errors: [
      [3, 'missing_order_id'],
      [4, 'missing_order_id'],
    ],
    counts: { added: 2, duplicates: 1, rejected: 2, warnings: 1 },
    warnings: [[6, 'duplicate_in_file']],
    async written(q) {
      const cancelled = await q(
        "SELECT o.order_no, m.note FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE m.kind = 'cancelled' ORDER BY o.order_no",
      );
      expect(cancelled).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ order_no: '250115QX1A06', note: 'สินค้าหมด' }),
          expect.objectContaining({ order_no: '450012345600004', note: 'ที่อยู่ไม่ครบ' }),
        ]),
      );
      // 250115QX1A05 keeps its first cancel reason.
      expect(cancelled.find((r) => r.order_no === '250115QX1A05')).toMatchObject({
        note: 'Import via cancelled_orders.csv',
      });
    },
  },
  {
    kind: 'issued',
    file: 'issued_orders_bad.csv',
    params: {},
    errors: [
      [3, 'missing_order_id'],
      [4, 'missing_order_id'],
    ],
    counts: { added: 1, duplicates: 1, notFound: 1, rejected: 2, warnings: 1 },
    warnings: [[6, 'duplicate_in_file']],
    async written(q) {
      expect(
        await q(
          "SELECT o.order_no FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE m.kind = 'issued' AND o.order_no = '250115QX1A03'",
        ),
      ).toHaveLength(1);
      expect(
        Number(
          (
            await one(
              q,
              "SELECT min(l.picking_count) AS m FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = '250115QX1A03'",
            )
          ).m,
        ),
      ).toBe(1);
    },
  },
  {
    kind: 'bill-empty',
    file: 'bill_empty_bad.csv',
    params: {},
    errors: [
      [3, 'missing_order_id'],
      [4, 'missing_order_id'],
    ],
    counts: { added: 1, duplicates: 1, rejected: 2, warnings: 1 },
    warnings: [[6, 'duplicate_in_file']],
    async written(q) {
      expect(
        await q(
          "SELECT o.order_no FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE m.kind = 'bill_empty' ORDER BY o.order_no",
        ),
      ).toEqual([
        expect.objectContaining({ order_no: '250115QX1A04' }),
        expect.objectContaining({ order_no: '450012345600003' }),
        expect.objectContaining({ order_no: '577000111122223303' }),
      ]);
    },
  },
];

describe('samples: each bad file on its own copy of the state after step 11 (file adapter)', () => {
  let basePath: string;

  beforeAll(async () => {
    const base = await fileTarget();
    base.clock!.now = DAY;
    const api = new ApiClient(base);
    for (const [kind, file, params] of CANONICAL) {
      const res = await send(api, kind, file, params);
      expect(res.body.import?.status, file).toBe('committed');
    }
    basePath = base.path;
    await base.close();
  });

  async function copyOfState() {
    const dir = tempDir();
    const path = join(dir, 'data.db');
    copyFileSync(basePath, path);
    for (const ext of ['-wal', '-shm']) if (existsSync(basePath + ext)) copyFileSync(basePath + ext, path + ext);
    const target = await fileTarget({ path });
    target.clock!.now = DAY + 60_000;
    return target;
  }

  for (const c of BAD) {
    it(`${c.file} default: rejected, exactly the listed errors, only the log row (and audit) written`, async () => {
      const target = await copyOfState();
      try {
        const api = new ApiClient(target);
        await api.token('staff');
        const counts = await tableCounts(target);
        const before = await snapshot(target);
        const res = await send(api, c.kind, c.file, c.params);
        expect(res.status).toBe(200);
        expect(res.body.import.status).toBe('rejected');
        expect(codes(res.body.errors)).toEqual(c.errors);
        expect(res.body.import).toMatchObject(c.counts);
        expect(codes(res.body.warnings)).toEqual(c.warnings);
        expect(await snapshot(target)).toEqual(before);
        const after = await tableCounts(target);
        expect(after.imports).toBe(counts.imports + 1);
        expect(after.audit_log).toBe(counts.audit_log + 1);
        expect(after.import_errors).toBe(counts.import_errors + c.errors.length + c.warnings.length);
        for (const t of Object.keys(counts))
          if (!['imports', 'import_errors', 'audit_log', 'data_version'].includes(t))
            expect(after[t], t).toBe(counts[t]);
      } finally {
        await target.close();
      }
    });

    it(`${c.file} skipInvalid=true: partial, the stated counts written`, async () => {
      const target = await copyOfState();
      try {
        const api = new ApiClient(target);
        const res = await send(api, c.kind, c.file, c.params, { skipInvalid: 'true' });
        expect(res.status).toBe(200);
        expect(res.body.import.status).toBe('partial');
        expect(codes(res.body.errors)).toEqual(c.errors);
        expect(res.body.import).toMatchObject(c.counts);
        expect(codes(res.body.warnings)).toEqual(c.warnings);
        await c.written(async (sql) => (await target.sql.execute(sql)).rows.map((r) => ({ ...r })));
      } finally {
        await target.close();
      }
    });
  }

  it('stock_sync_next_day.csv on the state after step 11: added 1, updated 4, unchanged 5, zeroed 2', async () => {
    const target = await copyOfState();
    try {
      const res = await send(new ApiClient(target), 'stock', 'stock_sync_next_day.csv', { mode: 'full' });
      expect(res.body.import).toMatchObject({ status: 'committed', added: 1, updated: 4, unchanged: 5, zeroed: 2 });
    } finally {
      await target.close();
    }
  });
});

describe('samples: the .xlsx order exports on an empty database give exactly the results of their CSVs', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['orders_shopee.csv', 'orders_shopee.xlsx', { platform: 'Shopee' }],
    ['orders_lazada.csv', 'orders_lazada.xlsx', { platform: 'Lazada', shop: 'Beta Home Lazada' }],
    ['orders_tiktok.csv', 'orders_tiktok.xlsx', { platform: 'TikTok' }],
  ];
  const strip = (body: any) => {
    const { id, fileName, sha256, startedAt, finishedAt, by, byUserId, ...rest } = body.import;
    return { import: rest, errors: body.errors, warnings: body.warnings };
  };
  const lines = async (t: Awaited<ReturnType<typeof fileTarget>>) =>
    (
      await t.sql.execute(
        'SELECT o.platform, s.name AS shop, o.order_no, o.order_time, o.logistic_type, l.sku, l.qty, l.item_name FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN shops s ON s.id = o.shop_id ORDER BY o.order_no, l.sku',
      )
    ).rows.map((r) => ({ ...r }));

  for (const [csv, xlsx, params] of cases) {
    it(`${xlsx} = ${csv}`, async () => {
      const results = [];
      for (const file of [csv, xlsx]) {
        const target = await fileTarget();
        target.clock!.now = DAY;
        try {
          const api = new ApiClient(target);
          await send(api, 'products', 'products.csv', {});
          const res = await send(api, 'orders', file, params);
          expect(res.body.import.status).toBe('committed');
          results.push({ body: strip(res.body), lines: await lines(target) });
        } finally {
          await target.close();
        }
      }
      expect(results[1]).toEqual(results[0]);
    });
  }
});
