// Header aliases (docs/domain/imports.md#header-aliases) and the matching rule
// (docs/domain/imports.md#header-matching): normalised equality, first alias in list order wins,
// left-most column for a repeated header. Never substring matching (the legacy's `No.` matched
// `Tracking No.`, `จำนวน` matched `จำนวนเงิน`).
import { normalizeHeader } from './text';

// The tuple is the one spelling: ImportKind and the routes' zod enum both derive from it.
export const IMPORT_KINDS = ['orders', 'products', 'stock', 'sales', 'cancelled', 'issued', 'bill-empty'] as const;

export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Field names, also the keys of the request's `columns` override. */
export type Field =
  | 'orderNo'
  | 'sku'
  | 'qty'
  | 'itemName'
  | 'orderTime'
  | 'logistics'
  | 'shop'
  | 'brand'
  | 'model'
  | 'poNo'
  | 'status'
  | 'note';

export interface FieldSpec {
  field: Field;
  required: boolean;
  /**
   * Verbatim, in priority order (legacy aliases, then the rewrite's additions where
   * docs/domain/imports.md#header-aliases lists them).
   */
  aliases: readonly string[];
}

// Orders. The added Thai order-id aliases sit before `No.`, so a Shopee export's
// `หมายเลขคำสั่งซื้อ` wins over any generic `No.` column.
const ORDER_ID_ALIASES = [
  'orderNumber',
  'Order Number',
  'order_id',
  'Order ID',
  'order_sn',
  'Order No',
  'เลข Order',
  'หมายเลขคำสั่งซื้อ',
  'เลขที่คำสั่งซื้อ',
  'เลขคำสั่งซื้อ',
  'เลขออเดอร์',
  'No.',
  'OrderNo',
] as const;

const ORDERS: readonly FieldSpec[] = [
  { field: 'orderNo', required: true, aliases: ORDER_ID_ALIASES },
  {
    field: 'sku',
    required: true,
    aliases: [
      'sellerSku',
      'Seller SKU',
      'SKU',
      'Sku',
      'Item SKU',
      'SKU Reference No.',
      'รหัสสินค้า',
      'เลขอ้างอิง SKU (SKU Reference No.)',
    ],
  },
  {
    field: 'qty',
    required: false,
    aliases: ['quantity', 'Quantity', 'Qty', 'จำนวน', 'จำนวนที่สั่ง', 'Purchased Qty', 'Order Item Qty'],
  },
  {
    field: 'itemName',
    required: false,
    aliases: ['itemName', 'Item Name', 'Product Name', 'ชื่อสินค้า', 'ชื่อรุ่น', 'title', 'name'],
  },
  {
    field: 'orderTime',
    required: false,
    // `Paid Time` before `Created Time`: a TikTok export with both uses Paid Time (legacy, kept).
    aliases: [
      'order_time',
      'createdAt',
      'create_time',
      'created_time',
      'Order Time',
      'OrderDate',
      'Order Date',
      'วันที่สั่งซื้อ',
      'Paid Time',
      'paid_time',
      'Created Time',
      'createTime',
      'วันที่ทำการสั่งซื้อ',
      'Order Creation Date',
    ],
  },
  {
    field: 'logistics',
    required: false,
    aliases: [
      'logistics_service',
      'logistic_type',
      'Logistics Service',
      'Shipping Provider',
      'ประเภทขนส่ง',
      'Shipment Method',
      'Delivery Type',
      'Logistics',
      'Shipping Provider Name',
      'shippingProvider',
      'Delivery Option',
      'Shipping Option',
      'ตัวเลือกการจัดส่ง',
    ],
  },
  { field: 'shop', required: false, aliases: ['ชื่อร้าน', 'Shop', 'Shop Name', 'Store', 'Store Name', 'ร้าน', 'ร้านค้า'] },
];

const PRODUCTS: readonly FieldSpec[] = [
  { field: 'sku', required: true, aliases: ['รหัสสินค้า', 'SKU', 'sku'] },
  { field: 'brand', required: false, aliases: ['Brand', 'แบรนด์'] },
  { field: 'model', required: false, aliases: ['ชื่อสินค้า', 'รุ่น', 'Model', 'Product'] },
];

const STOCK: readonly FieldSpec[] = [
  {
    field: 'sku',
    required: true,
    aliases: [
      'รหัสสินค้า',
      'SKU',
      'sku',
      'รหัส',
      'รหัส สินค้า',
      'รหัสสินค้า*',
      'รหัสสินค้า Sabuy Soft',
      'SKU Reference No.',
      'รหัส/sku',
      'รหัสสินค้า/sku',
    ],
  },
  {
    field: 'qty',
    required: true,
    aliases: [
      'คงเหลือ',
      'Stock',
      'stock',
      'Available',
      'จำนวน',
      'Qty',
      'QTY',
      'STOCK',
      'ปัจจุบัน',
      'ยอดคงเหลือ',
      'จำนวนคงเหลือ',
      'คงเหลือในสต๊อก',
    ],
  },
];

const SALES: readonly FieldSpec[] = [
  {
    field: 'orderNo',
    required: true,
    aliases: ['เลข Order', 'Order ID', 'order_id', 'Order No', 'เลขที่คำสั่งซื้อ', 'orderNumber', 'Order Number'],
  },
  { field: 'poNo', required: false, aliases: ['เลขที่ PO', 'PO', 'PO No', 'เลขที่เอกสาร', 'Document No', 'เอกสาร'] },
  { field: 'status', required: false, aliases: ['สถานะ', 'Status', 'สถานะการขาย', 'Sales Status'] },
];

// Order-number lists: the cancel/issued legacy names, then every order-id alias of the orders kind.
const ORDER_LIST: readonly FieldSpec[] = [
  {
    field: 'orderNo',
    required: true,
    aliases: ['order_id', 'order id', 'order_no', 'เลขคำสั่งซื้อ', 'เลขออเดอร์', ...ORDER_ID_ALIASES],
  },
  { field: 'note', required: false, aliases: ['หมายเหตุ', 'note', 'เหตุผล', 'reason'] },
];

export const FIELD_SPECS: Readonly<Record<ImportKind, readonly FieldSpec[]>> = {
  orders: ORDERS,
  products: PRODUCTS,
  stock: STOCK,
  sales: SALES,
  cancelled: ORDER_LIST,
  issued: ORDER_LIST,
  'bill-empty': ORDER_LIST,
};

/**
 * Kinds whose order-id column falls back to column A (docs/domain/imports.md#order-number-lists).
 */
const FALLBACK_TO_COLUMN_A: ReadonlySet<ImportKind> = new Set(['cancelled', 'issued', 'bill-empty']);

/** Headers of the template download: the first alias of each field, no data rows. */
export function templateHeaders(kind: ImportKind): string[] {
  return FIELD_SPECS[kind].map((f) => f.aliases[0]);
}

export interface MissingColumn {
  field: Field;
  aliases: readonly string[];
  /** The non-empty headers actually in the file. */
  found: string[];
}

export interface HeaderMatch {
  columnMap: Partial<Record<Field, number>>;
  /** Non-empty -> 422 `missing_columns` with these details. */
  missing: MissingColumn[];
  /** Column A was taken as the order id: add warning `order_id_column_assumed`. */
  assumedOrderIdColumn?: boolean;
}

/** Normalised header -> left-most column index. */
function headerIndex(header: readonly (string | null | undefined)[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = normalizeHeader(h ?? '');
    if (k !== '' && !index.has(k)) index.set(k, i);
  });
  return index;
}

/**
 * Map fields to columns. `overrides` (field -> header text, the request's `columns`) replaces
 * detection for the fields it names; an override naming a header that is not in the file makes
 * that field missing, whether required or not, since the user asked for it explicitly. Unknown
 * field names in `overrides` are ignored.
 */
export function matchHeaders(
  kind: ImportKind,
  header: readonly (string | null | undefined)[],
  overrides?: Readonly<Record<string, string | null | undefined>>,
): HeaderMatch {
  const index = headerIndex(header);
  const columnMap: Partial<Record<Field, number>> = {};
  const missing: MissingColumn[] = [];
  const found = header.map((h) => (h ?? '').trim()).filter((h) => h !== '');
  const specs = FIELD_SPECS[kind];

  for (const spec of specs) {
    const override = overrides?.[spec.field];
    if (override != null && override.trim() !== '') {
      const col = index.get(normalizeHeader(override));
      if (col !== undefined) columnMap[spec.field] = col;
      else missing.push({ field: spec.field, aliases: [override], found });
      continue;
    }
    for (const alias of spec.aliases) {
      const col = index.get(normalizeHeader(alias));
      if (col !== undefined) {
        columnMap[spec.field] = col;
        break;
      }
    }
  }

  let assumedOrderIdColumn = false;
  if (
    FALLBACK_TO_COLUMN_A.has(kind) &&
    columnMap.orderNo === undefined &&
    !missing.some((m) => m.field === 'orderNo')
  ) {
    // Column A, unless another field already claimed it (then there is nothing safe to assume).
    if (!Object.values(columnMap).includes(0)) {
      columnMap.orderNo = 0;
      assumedOrderIdColumn = true;
    }
  }

  for (const spec of specs) {
    if (spec.required && columnMap[spec.field] === undefined && !missing.some((m) => m.field === spec.field)) {
      missing.push({ field: spec.field, aliases: spec.aliases, found });
    }
  }
  return assumedOrderIdColumn ? { columnMap, missing, assumedOrderIdColumn } : { columnMap, missing };
}

const ORDER_ID_KEYS_FOR_STOCK = new Set(ORDER_ID_ALIASES.filter((a) => a !== 'No.').map(normalizeHeader));

/**
 * Stock `wrong_file_kind` (docs/domain/imports.md#wrong-file-and-the-zeroing-guard): the header has
 * an order-id alias of the orders kind other than `No.` (an orders export also has `รหัสสินค้า` and
 * `จำนวน`, which the legacy took as stock).
 */
export function looksLikeOrdersFile(header: readonly (string | null | undefined)[]): boolean {
  return header.some((h) => ORDER_ID_KEYS_FOR_STOCK.has(normalizeHeader(h ?? '')));
}
