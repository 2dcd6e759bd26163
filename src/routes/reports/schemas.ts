// Schemas of the report routes (docs/domain/reports.md).
import { z } from '@hono/zod-openapi';
import { PagingQuery } from '../schemas';
import { MAX_PAGE_SIZE } from '../../services/paging';
import { parseDateInput } from '../../domain/orders-view/dates';
import { REPORT_KINDS, STOCK_REPORT_SORT_KEYS } from '../../domain/reports';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const text = (max: number) => z.string().max(max).optional();
const dateFilter = () =>
  text(32).refine((v) => v === undefined || v.trim() === '' || parseDateInput(v) !== null, {
    message: 'วันที่ต้องเป็น YYYY-MM-DD หรือ DD/MM/YYYY',
  });
const wholeFrom = (min: number) =>
  z.preprocess(blankIsAbsent, z.coerce.number().int().min(min).max(1_000_000).optional());

export const ReportParam = z.object({
  report: z
    .string()
    .max(32)
    .openapi({ param: { name: 'report', in: 'path' }, enum: [...REPORT_KINDS], example: 'warehouse' }),
});

/** Every report's filters (docs/domain/reports.md#common-rules); a report refuses by name the ones it does not take. */
const filterShape = {
  platform: text(32).openapi({ description: 'Shopee, TikTok, Lazada, Other (อื่นๆ) or empty for all' }),
  shop: text(255).openapi({ description: 'Shop id, or shop name (any platform)' }),
  logistic: text(200).openapi({ description: 'ประเภทขนส่ง, case-insensitive substring' }),
  q: text(200).openapi({
    description: 'ใบงานคลัง: order id, SKU, shop, logistic (ignores the date range); others also brand and product name',
  }),
  acceptedFrom: dateFilter().openapi({ description: 'ใบงานคลัง: accepted date from (Bangkok)' }),
  acceptedTo: dateFilter(),
  warehousePrintedFrom: dateFilter().openapi({
    description: 'Picking List: ใบงานคลัง(จาก), the warehouse sheet print date',
  }),
  warehousePrintedTo: dateFilter().openapi({ description: 'Picking List: ถึงวันที่' }),
  orderedFrom: dateFilter().openapi({ description: 'Stock reports: order date range' }),
  orderedTo: dateFilter(),
  importedFrom: dateFilter().openapi({ description: 'Stock reports: import date range' }),
  importedTo: dateFilter(),
  round: wholeFrom(1).openapi({
    description: 'จ่ายงาน(รอบที่) (ใบงานคลัง, Picking List) or the report round (stock reports), exact',
  }),
  printCount: wholeFrom(0).openapi({
    description: 'ใบงานคลัง / Picking List: print count, exact (default: not printed yet)',
  }),
  sort: z
    .preprocess(blankIsAbsent, z.enum(STOCK_REPORT_SORT_KEYS).optional())
    .openapi({ description: 'Stock reports: sort column (default orderNo)' }),
  dir: z.preprocess(blankIsAbsent, z.enum(['asc', 'desc']).optional()),
};

export const ReportQuerySchema = PagingQuery.extend({
  ...filterShape,
  skus: text(20_000).openapi({ description: 'Picking List: selected SKUs, comma-separated' }),
  shortage: z
    .preprocess(blankIsAbsent, z.enum(['1', '0', 'true', 'false']).optional())
    .openapi({ description: 'Stock reports: add `shortage` (why short) to each row' }),
});

export const ExportQuerySchema = ReportQuerySchema.extend({
  unfiltered: z.preprocess(blankIsAbsent, z.enum(['1', '0', 'true', 'false']).optional()).openapi({
    description: 'Stock reports: ข้อมูลทั้งหมด (ไม่สนตัวกรอง)',
  }),
});

/** The same filters inside a JSON body (numbers as numbers). */
export const FiltersBody = z
  .object({
    ...filterShape,
    round: z.number().int().min(1).optional(),
    printCount: z.number().int().min(0).optional(),
    // A page may post its query as it stands; paging does not change what a print covers.
    page: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();

const ids = (description: string) =>
  z.array(z.number().int().positive()).max(200_000).optional().openapi({ description });

export const PrintBodySchema = z
  .object({
    ids: ids('Order-line ids (their orders, for the order-level reports); absent = everything eligible on the page'),
    filters: FiltersBody.optional(),
    skus: z.array(z.string().max(200)).max(20_000).optional().openapi({ description: 'Picking List: selected SKUs' }),
    idempotencyKey: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'Made once per page; a repeated key changes nothing' }),
    override: z.boolean().optional().openapi({ description: 'อนุญาตพิมพ์ซ้ำ (admin only)' }),
    printJobId: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: 'Reprint of a stored record (history view); needs an admin override' }),
    orderIds: ids('With printJobId: the record orders to reprint (default all)'),
  })
  .strict();

export const PrintResultSchema = z.object({
  printJobId: z.number().int(),
  printed: z.object({ orders: z.number().int(), lines: z.number().int() }),
  skipped: z.array(z.record(z.string(), z.unknown())),
  copy: z.number().int(),
  copyLabel: z.string(),
  contentHash: z.string().nullable(),
  override: z.boolean(),
  changes: z.array(z.unknown()),
  warnings: z.array(z.string()),
  replayed: z.boolean(),
});

export const RoundBodySchema = z
  .object({
    ids: ids('Order-line ids of listed orders; absent = every order listed under the filters'),
    filters: FiltersBody.optional(),
    round: z
      .unknown()
      .openapi({ type: 'integer', minimum: 1, description: 'Integer >= 1 (400 round_invalid otherwise)' }),
  })
  .strict();

export const DispatchBodySchema = z
  .object({
    filters: FiltersBody.optional(),
    round: z.unknown().optional().openapi({ type: 'integer', minimum: 1, description: 'จ่ายงาน(รอบที่), default 1' }),
  })
  .strict();

export const RoundResultSchema = z.object({
  round: z.number().int(),
  affected: z.number().int(),
  orderIds: z.array(z.number().int()),
  skipped: z.array(z.record(z.string(), z.unknown())).optional(),
  issued: z.number().int().optional(),
});

export const HistoryQuerySchema = PagingQuery.extend({
  from: dateFilter().openapi({ description: 'Print date from (Bangkok); default today' }),
  to: dateFilter(),
  q: text(200).openapi({ description: 'Order id; searches all history' }),
  platform: text(32),
  shop: text(255),
  round: wholeFrom(1).openapi({ description: 'Picking history: per SKU of this round' }),
});

export const ReportPageSchema = z.object({
  report: z.string(),
  items: z.array(z.record(z.string(), z.unknown())),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  totals: z.record(z.string(), z.number()),
});

export const HistoryPageSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  dates: z.array(z.string()),
  jobs: z.array(z.record(z.string(), z.unknown())),
});
