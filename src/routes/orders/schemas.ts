// Schemas of the orders, dashboard and actions routes (docs/domain/allocation.md#orders-api-views).
import { z } from '@hono/zod-openapi';
import { PagingQuery, safeText } from '../schemas';
import { ORDER_VIEWS } from '../../domain/orders-view/scope';
import { DUE_FILTERS, isKnownStatusFilter, SHOW_CHANGE, SORT_KEYS } from '../../domain/orders-view/select';
import { parseDateInput } from '../../domain/orders-view/dates';

/** An optional enum query parameter where an empty value means "not given". */
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values).optional());

const text = (max: number) => z.string().max(max).optional();

/** A date filter (docs/domain/allocation.md#view-modes): YYYY-MM-DD or DD/MM/YYYY (BE years accepted); blank = not given. */
const dateFilter = () =>
  text(32).refine((v) => v === undefined || v.trim() === '' || parseDateInput(v) !== null, {
    message: 'วันที่ต้องเป็น YYYY-MM-DD หรือ DD/MM/YYYY',
  });

/** Scope and filters shared by the dashboard, the table and the export. */
export const ScopeQuery = z.object({
  mode: optionalEnum(['default', 'today', 'all_time'] as const).openapi({
    description:
      '`today` = ดูเฉพาะงานวันนี้, `all_time` = ข้อมูลทั้งหมด (docs/domain/allocation.md#view-modes); default: งานค้าง + งานจบวันนี้',
  }),
  all_time: optionalEnum(['1', '0', 'true', 'false'] as const).openapi({
    description: 'Legacy flag: `1` = mode all_time',
  }),
  platform: text(32).openapi({ description: 'Shopee, TikTok, Lazada, Other (อื่นๆ) or empty for all' }),
  shop: text(255).openapi({ description: 'Shop id, or shop name (any platform)' }),
  q: text(200).openapi({ description: 'Search: order id, SKU, brand, model, shop, sales text (ignores status)' }),
  importedFrom: dateFilter().openapi({ description: 'Bangkok date YYYY-MM-DD (or DD/MM/YYYY, BE years accepted)' }),
  importedTo: dateFilter(),
  orderedFrom: dateFilter(),
  orderedTo: dateFilter(),
});

/** The dashboard's filters: the scope, and `due` (the SLA day) as the table has it. */
export const DashboardQuery = ScopeQuery.extend({
  due: optionalEnum(DUE_FILTERS).openapi({
    description: 'Only orders due today, tomorrow or overdue (docs/domain/sla.md#sla-label)',
  }),
});

export const OrdersListQuery = PagingQuery.merge(ScopeQuery).extend({
  view: optionalEnum(ORDER_VIEWS),
  status: text(64)
    .refine(isKnownStatusFilter, { message: 'สถานะไม่ถูกต้อง' })
    .openapi({ description: 'Order-set code of 3.2 (aliases accepted), TOTAL, or a displayed status' }),
  due: optionalEnum(DUE_FILTERS),
  pile: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(3).optional()),
  showChange: optionalEnum(SHOW_CHANGE),
  show_change: optionalEnum(SHOW_CHANGE),
  sort: optionalEnum(SORT_KEYS),
  dir: optionalEnum(['asc', 'desc'] as const),
});

const Status = z.enum([
  'READY_ACCEPT',
  'LOW_STOCK',
  'NOT_ENOUGH',
  'SHORTAGE',
  'ACCEPTED',
  'CANCELLED',
  'PACKED',
  'BILL_EMPTY',
]);
const Computed = z.enum(['READY_ACCEPT', 'LOW_STOCK', 'NOT_ENOUGH', 'SHORTAGE']);

export const OrderItemSchema = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    orderNo: z.string(),
    platform: z.string(),
    platformLabel: z.string(),
    shop: z.object({ id: z.number().int(), name: z.string() }),
    sku: z.string(),
    productName: z.string().nullable(),
    itemName: z.string().nullable(),
    brand: z.string().nullable(),
    qty: z.number().int(),
    orderedAt: z.string().nullable(),
    dueAt: z.string().nullable().openapi({ description: 'Due date, Bangkok YYYY-MM-DD' }),
    sla: z.object({ label: z.string(), daysLeft: z.number().int(), overdue: z.boolean() }).nullable(),
    status: Status.nullable().openapi({ description: 'Displayed status (docs/domain/allocation.md#displayed-status)' }),
    computedStatus: Computed.nullable().openapi({
      description: 'Stock status of 1.4; null when the line takes no part',
    }),
    statusLabel: z.string(),
    pile: z.number().int().nullable(),
    tags: z.array(z.string()),
    warehouse: z.object({ group: z.string(), current: z.string(), badge: z.string().nullable() }).nullable(),
    committedShort: z.boolean(),
    stockQty: z.number(),
    allQty: z.number(),
    accepted: z.boolean(),
    acceptedAt: z.string().nullable(),
    acceptedBy: z.string().nullable(),
    issued: z.boolean(),
    issuedAt: z.string().nullable(),
    issueSource: z.string().nullable(),
    cancelled: z.boolean(),
    cancelReason: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    trashed: z.boolean(),
    trashedAt: z.string().nullable(),
    billEmpty: z.boolean(),
    packed: z.boolean(),
    packedAt: z.string().nullable(),
    dispatchRound: z.number().int().nullable(),
    printCounts: z.object({
      warehouse: z.number().int(),
      lowstock: z.number().int(),
      nostock: z.number().int(),
      notenough: z.number().int(),
      picking: z.number().int(),
    }),
    scannedAt: z.string().nullable(),
    scannedBy: z.string().nullable(),
    salesStatus: z.string(),
    sales: z.object({ status: z.string().nullable(), poNo: z.string().nullable() }).nullable(),
    logisticType: z.string().nullable(),
    importDate: z.string(),
    action: z.object({ kind: z.string(), label: z.string(), enabled: z.boolean(), cancelButton: z.boolean() }),
  })
  .openapi('OrderLine');

export const OrdersListSchema = z
  .object({
    items: z.array(OrderItemSchema),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    view: z.string(),
    mode: z.string(),
    badge: z.string(),
    summary: z.object({
      orders: z.number().int(),
      rows: z.number().int(),
      brands: z.number().int(),
      stockQty: z.number(),
      qty: z.number(),
      allQty: z.number(),
    }),
    warnings: z.array(z.string()),
  })
  .openapi('OrdersList');

export const ActionBody = z
  .object({
    ids: z.array(z.coerce.number().int().positive()).min(1).max(10_000).openapi({ description: 'Order-line ids' }),
    reason: safeText(1000).optional().openapi({ description: 'cancel: required' }),
    round: z.coerce.number().optional().openapi({ description: 'dispatch-round: integer >= 1' }),
    idempotencyKey: z.string().min(1).max(128).optional(),
  })
  .openapi('OrderActionRequest');

export const ActionResultSchema = z
  .object({
    action: z.string(),
    affected: z.number().int(),
    linesAffected: z.number().int(),
    skipped: z.array(
      z.object({
        id: z.number().int(),
        orderId: z.number().int().nullable(),
        orderNo: z.string().nullable(),
        code: z.string(),
        reason: z.string(),
      }),
    ),
    orderIds: z.array(z.number().int()),
    backup: z.string().optional(),
    replayed: z.boolean().optional(),
  })
  .openapi('OrderActionResult');

const CardSchema = z.object({
  code: z.string(),
  title: z.string(),
  section: z.string(),
  orders: z.number().int(),
  lines: z.number().int(),
  backlog: z.number().int().optional(),
  today: z.number().int().optional(),
  changed: z.number().int().optional(),
});
const CardMapSchema = z.record(z.string(), CardSchema);

export const DashboardSchema = z
  .object({
    view: z.string(),
    mode: z.string(),
    badge: z.string(),
    today: z.string(),
    generatedAt: z.string(),
    filters: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
    sections: z.array(z.object({ key: z.string(), title: z.string(), cards: z.array(z.string()) })),
    cards: CardMapSchema,
    byPlatform: z.array(z.object({ platform: z.string(), label: z.string(), cards: CardMapSchema })),
    byShop: z.array(
      z.object({
        shop: z.object({ id: z.number().int(), name: z.string() }),
        platform: z.string(),
        cards: CardMapSchema,
      }),
    ),
    scope: z.object({ orders: z.number().int(), lines: z.number().int() }),
  })
  .openapi('Dashboard');

export const StatusCheckSchema = z
  .object({
    orderNo: z.string(),
    normalised: z.string(),
    total: z.number().int(),
    message: z.string().nullable(),
    items: z.array(
      z.object({
        orderId: z.number().int(),
        orderNo: z.string(),
        platform: z.string(),
        platformLabel: z.string(),
        shop: z.object({ id: z.number().int(), name: z.string() }),
        lineIds: z.array(z.number().int()),
        flags: z.array(z.string()),
        stock: z.string().nullable(),
        names: z.array(z.string()),
        colour: z.string(),
        pile: z.number().int().nullable(),
        trashed: z.boolean(),
        scanned: z.boolean(),
        scannedAt: z.string().nullable(),
        recordScan: z.boolean(),
        report: z.string().nullable(),
      }),
    ),
  })
  .openapi('OrderStatusCheck');

export const HolidaysSchema = z
  .object({ holidays: z.array(z.string()), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() })
  .openapi('Holidays');
