// The one schema (docs/domain/data-model.md#tables). Instants are INTEGER epoch ms UTC, business
// dates TEXT YYYY-MM-DD (Bangkok), booleans INTEGER 0/1, enumerations TEXT with CHECK, JSON in
// TEXT. Migrations are generated from this file by drizzle-kit; never hand-edit an applied
// migration.
import { sql } from 'drizzle-orm';
import {
  sqliteTable,
  integer,
  text,
  blob,
  index,
  uniqueIndex,
  primaryKey,
  check,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

import { ROLES, type Role } from '../domain/roles';
import { PLATFORMS, type Platform } from '../domain/platform';
export { PLATFORMS, ROLES, type Platform, type Role };

export const MARKER_KINDS = ['cancelled', 'issued', 'trashed', 'bill_empty'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export const ORDER_PRINT_KINDS = ['warehouse', 'lowstock', 'nostock', 'notenough'] as const;
export const PRINT_JOB_KINDS = ['warehouse', 'picking', 'lowstock', 'nostock', 'notenough'] as const;

export const IMPORT_KINDS = ['orders', 'products', 'stock', 'sales', 'cancelled', 'issued', 'bill_empty'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['committed', 'partial', 'rejected', 'validated', 'failed'] as const;

export const BACKUP_KINDS = ['scheduled', 'manual', 'pre_clear', 'pre_restore', 'pre_purge', 'pre_migration'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

// "By" columns: a nullable FK that becomes NULL when the user is hard-deleted, next to a
// username copy so history never loses who did it (docs/domain/data-model.md#conventions).
const userRef = (column: string) =>
  integer(column).references((): AnySQLiteColumn => users.id, { onDelete: 'set null' });

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('user'),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    tokenVersion: integer('token_version').notNull().default(0),
    /** A weak password (docs/domain/auth.md#passwords): the account may only change it until it does. */
    passwordChangeRequired: integer('password_change_required', { mode: 'boolean' }).notNull().default(false),
    lastLoginAt: integer('last_login_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_username_unique').on(t.username),
    check('users_role_check', inList('role', ROLES)),
    check('users_username_lower', sql`username = lower(username)`),
  ],
);

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey(),
    usernameKey: text('username_key').notNull(),
    ip: text('ip').notNull(),
    at: integer('at').notNull(),
    success: integer('success', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    index('login_attempts_user_ip_at').on(t.usernameKey, t.ip, t.at),
    index('login_attempts_ip_at').on(t.ip, t.at),
    index('login_attempts_at').on(t.at),
  ],
);

// Revoked session ids (logout), kept until the token would have expired anyway.
export const revokedSessions = sqliteTable(
  'revoked_sessions',
  {
    jti: text('jti').primaryKey(),
    userId: integer('user_id'),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at').notNull(),
  },
  (t) => [index('revoked_sessions_expires_at').on(t.expiresAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedByUserId: userRef('updated_by_user_id'),
  updatedByUsername: text('updated_by_username'),
});

// Leases stop two runners (migrations, scheduled backups) from working at once across
// processes and isolates. Not business data: never exported, never cleared.
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
  acquiredAt: integer('acquired_at').notNull(),
});

// One row, bumped by every write transaction (the storage port does it), so derived results
// such as the allocation can be cached per data version, across processes and isolates.
export const dataVersion = sqliteTable(
  'data_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull().default(0),
  },
  (_t) => [check('data_version_single_row', sql`id = 1`)],
);

// The read model's change feed (docs/domain/read-model.md): triggers of a hand-written migration
// record, in the same transaction as any write, which orders and SKUs it touched, with seq = the
// data version that transaction commits as. One row per key, never pruned: the tables stay as
// large as the orders and SKUs themselves. Not business data: never exported, never cleared.
export const modelChangedOrders = sqliteTable(
  'model_changed_orders',
  {
    orderId: integer('order_id').primaryKey(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('model_changed_orders_seq').on(t.seq)],
);

export const modelChangedSkus = sqliteTable(
  'model_changed_skus',
  {
    sku: text('sku').primaryKey(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('model_changed_skus_seq').on(t.seq)],
);

export const shops = sqliteTable(
  'shops',
  {
    id: integer('id').primaryKey(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    sheetUrl: text('sheet_url'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('shops_platform_name_key_unique').on(t.platform, t.nameKey),
    check('shops_platform_check', inList('platform', PLATFORMS)),
  ],
);

export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    source: text('source', { enum: ['file', 'sheet', 'public_csv'] }).notNull(),
    fileName: text('file_name'),
    sheetUrl: text('sheet_url'),
    tab: text('tab'),
    sha256: text('sha256'),
    platform: text('platform'),
    shopName: text('shop_name'),
    mode: text('mode'),
    options: text('options'),
    importDate: text('import_date').notNull(),
    rows: integer('rows').notNull().default(0),
    added: integer('added').notNull().default(0),
    linesAdded: integer('lines_added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    duplicatesSameDay: integer('duplicates_same_day').notNull().default(0),
    duplicatesCrossDay: integer('duplicates_cross_day').notNull().default(0),
    notFound: integer('not_found').notNull().default(0),
    unmatched: integer('unmatched').notNull().default(0),
    ordersMatched: integer('orders_matched').notNull().default(0),
    zeroed: integer('zeroed').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    shopsCreated: integer('shops_created').notNull().default(0),
    warningsCount: integer('warnings_count').notNull().default(0),
    errorsCount: integer('errors_count').notNull().default(0),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    byUserId: userRef('by_user_id'),
    byUsername: text('by_username'),
    summary: text('summary'),
  },
  (t) => [
    index('imports_kind_import_date').on(t.kind, t.importDate),
    index('imports_started_at').on(t.startedAt),
    check('imports_kind_check', inList('kind', IMPORT_KINDS)),
    check('imports_status_check', inList('status', IMPORT_STATUSES)),
  ],
);

export const importErrors = sqliteTable(
  'import_errors',
  {
    id: integer('id').primaryKey(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no'),
    columnName: text('column_name'),
    value: text('value'),
    code: text('code').notNull(),
    severity: text('severity', { enum: ['error', 'warning'] }).notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('import_errors_import_row').on(t.importId, t.rowNo)],
);

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey(),
    sku: text('sku').notNull(),
    brand: text('brand'),
    name: text('name'),
    location: text('location'),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('products_sku_unique').on(t.sku)],
);

export const stock = sqliteTable(
  'stock',
  {
    sku: text('sku').primaryKey(),
    qty: integer('qty').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
  },
  (_t) => [check('stock_qty_non_negative', sql`qty >= 0`)],
);

export const salesStatus = sqliteTable(
  'sales_status',
  {
    id: integer('id').primaryKey(),
    orderNo: text('order_no').notNull(),
    poNo: text('po_no'),
    status: text('status'),
    // First time the packed predicate held; NULL when it stops holding.
    packedAt: integer('packed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('sales_status_order_no_unique').on(t.orderNo), index('sales_status_packed_at').on(t.packedAt)],
);

/**
 * An order number as the scan station compares it, in SQL: SQLite's upper() folds ASCII only, like
 * marketplace order numbers; the exact rule (normaliseScan) is then applied in code to every
 * candidate. The index orders_order_no_scan on this expression is created by the hand-written
 * migration 0003 (drizzle-kit cannot express an index on an expression): keep the two identical.
 */
export const ORDER_NO_SCAN_KEY =
  "replace(replace(replace(replace(replace(upper(order_no), ' ', ''), '-', ''), '_', ''), char(9), ''), char(10), '')";

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    shopId: integer('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'restrict' }),
    orderNo: text('order_no').notNull(),
    orderTime: integer('order_time'),
    logisticType: text('logistic_type'),
    importDate: text('import_date').notNull(),
    importedAt: integer('imported_at').notNull(),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    dispatchRound: integer('dispatch_round'),
    lowstockRound: integer('lowstock_round'),
    nostockRound: integer('nostock_round'),
    notenoughRound: integer('notenough_round'),
    scannedAt: integer('scanned_at'),
    scannedByUserId: userRef('scanned_by_user_id'),
    scannedByUsername: text('scanned_by_username'),
    // Set in the same transaction as the change when the order becomes cancelled, packed or
    // trashed; cleared when undone. Allocation reads open orders through the partial index.
    closedAt: integer('closed_at'),
  },
  (t) => [
    // shop_id first: imports look orders up by (shop, number); the shop fixes the platform.
    uniqueIndex('orders_shop_order_no_platform_unique').on(t.shopId, t.orderNo, t.platform),
    index('orders_order_no').on(t.orderNo),
    index('orders_import_date').on(t.importDate),
    index('orders_order_time').on(t.orderTime),
    index('orders_open').on(t.id).where(sql`closed_at IS NULL`),
    check('orders_platform_check', inList('platform', PLATFORMS)),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    itemName: text('item_name'),
    accepted: integer('accepted', { mode: 'boolean' }).notNull().default(false),
    acceptedAt: integer('accepted_at'),
    acceptedByUserId: userRef('accepted_by_user_id'),
    acceptedByUsername: text('accepted_by_username'),
    pickingCount: integer('picking_count').notNull().default(0),
    pickingLastAt: integer('picking_last_at'),
    pickingLastByUserId: userRef('picking_last_by_user_id'),
    pickingLastByUsername: text('picking_last_by_username'),
    // The picking record of the line's last print (mirrors order_print_counters.last_print_job_id).
    pickingLastPrintJobId: integer('picking_last_print_job_id').references((): AnySQLiteColumn => printJobs.id, {
      onDelete: 'set null',
    }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('order_lines_order_sku_unique').on(t.orderId, t.sku),
    index('order_lines_sku').on(t.sku),
    index('order_lines_accepted_at').on(t.acceptedAt),
    check('order_lines_qty_positive', sql`qty >= 1`),
  ],
);

export const orderMarkers = sqliteTable(
  'order_markers',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MARKER_KINDS }).notNull(),
    note: text('note'),
    source: text('source'),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    createdByUserId: userRef('created_by_user_id'),
    createdByUsername: text('created_by_username'),
  },
  (t) => [
    uniqueIndex('order_markers_order_kind_unique').on(t.orderId, t.kind),
    index('order_markers_kind_created_at').on(t.kind, t.createdAt),
    check('order_markers_kind_check', inList('kind', MARKER_KINDS)),
  ],
);

export const pendingCancellations = sqliteTable(
  'pending_cancellations',
  {
    id: integer('id').primaryKey(),
    orderNo: text('order_no').notNull(),
    // '' = any platform
    platform: text('platform').notNull().default(''),
    note: text('note'),
    source: text('source'),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    createdByUserId: userRef('created_by_user_id'),
    createdByUsername: text('created_by_username'),
  },
  (t) => [uniqueIndex('pending_cancellations_order_platform_unique').on(t.orderNo, t.platform)],
);

export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', { enum: PRINT_JOB_KINDS }).notNull(),
    printedAt: integer('printed_at').notNull(),
    printedByUserId: userRef('printed_by_user_id'),
    printedByUsername: text('printed_by_username'),
    idempotencyKey: text('idempotency_key'),
    platform: text('platform'),
    shopId: integer('shop_id'),
    logistic: text('logistic'),
    dispatchRound: integer('dispatch_round'),
    orderCount: integer('order_count').notNull().default(0),
    lineCount: integer('line_count').notNull().default(0),
    override: integer('override', { mode: 'boolean' }).notNull().default(false),
    filters: text('filters'),
    // The print ledger (issue 14): SHA-256 of the canonical snapshot (NULL for adopted legacy
    // jobs, which have none), the copy number (0 = original, n = `สำเนา / COPY n`), the record a
    // history reprint copied, the request fingerprint (a replay can say whether the body
    // differed), and the round the paper carries (the report's round for the stock reports,
    // จ่ายงาน(รอบที่) otherwise; NULL when the printed orders have several).
    contentHash: text('content_hash'),
    copy: integer('copy').notNull().default(0),
    copyOfPrintJobId: integer('copy_of_print_job_id').references((): AnySQLiteColumn => printJobs.id, {
      onDelete: 'set null',
    }),
    requestHash: text('request_hash'),
    round: integer('round'),
  },
  (t) => [
    uniqueIndex('print_jobs_idempotency_key_unique').on(t.idempotencyKey),
    index('print_jobs_kind_printed_at').on(t.kind, t.printedAt),
    check('print_jobs_kind_check', inList('kind', PRINT_JOB_KINDS)),
  ],
);

// What a print job printed, per order, as it was at print time (history renders from this,
// docs/domain/reports.md#print-history). order_id becomes NULL when the order is purged; the
// snapshot stays.
export const printJobOrders = sqliteTable(
  'print_job_orders',
  {
    id: integer('id').primaryKey(),
    printJobId: integer('print_job_id')
      .notNull()
      .references(() => printJobs.id, { onDelete: 'cascade' }),
    orderId: integer('order_id').references(() => orders.id, { onDelete: 'set null' }),
    orderNo: text('order_no').notNull(),
    platform: text('platform').notNull(),
    shopId: integer('shop_id'),
    shopName: text('shop_name'),
    // The printed order as canonical JSON of the domain's SnapshotOrder (its lines with qty,
    // stock and status at print time); the job's content hash covers these in `position` order.
    lines: text('lines').notNull(),
    position: integer('position').notNull().default(0),
    /** Prints of this kind of the order before this one (0 = original). */
    copy: integer('copy').notNull().default(0),
  },
  (t) => [
    index('print_job_orders_job').on(t.printJobId),
    index('print_job_orders_order_no').on(t.orderNo),
    index('print_job_orders_order_job').on(t.orderId, t.printJobId),
  ],
);

export const printJobSkus = sqliteTable(
  'print_job_skus',
  {
    printJobId: integer('print_job_id')
      .notNull()
      .references(() => printJobs.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    contextCount: integer('context_count').notNull(),
    // The printed Picking row (canonical JSON of SnapshotSku) and its place on the paper; NULL
    // for adopted legacy history, which kept counts only.
    position: integer('position'),
    row: text('row'),
  },
  (t) => [primaryKey({ columns: [t.printJobId, t.sku] }), index('print_job_skus_sku').on(t.sku)],
);

export const orderPrintCounters = sqliteTable(
  'order_print_counters',
  {
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ORDER_PRINT_KINDS }).notNull(),
    count: integer('count').notNull().default(0),
    firstPrintedAt: integer('first_printed_at'),
    lastPrintedAt: integer('last_printed_at'),
    lastPrintedByUserId: userRef('last_printed_by_user_id'),
    lastPrintedByUsername: text('last_printed_by_username'),
    lastPrintJobId: integer('last_print_job_id').references(() => printJobs.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.kind] }),
    index('order_print_counters_kind_last').on(t.kind, t.lastPrintedAt),
    check('order_print_counters_kind_check', inList('kind', ORDER_PRINT_KINDS)),
  ],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    userId: integer('user_id'),
    createdAt: integer('created_at').notNull(),
    response: text('response'),
  },
  (t) => [index('idempotency_keys_created_at').on(t.createdAt)],
);

export const backups = sqliteTable(
  'backups',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: BACKUP_KINDS }).notNull(),
    format: text('format', { enum: ['sqlite', 'ndjson'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    createdByUserId: userRef('created_by_user_id'),
    createdByUsername: text('created_by_username'),
    storage: text('storage', { enum: ['file', 'db'] }).notNull(),
    fileName: text('file_name'),
    sizeBytes: integer('size_bytes').notNull().default(0),
    schemaVersion: text('schema_version'),
    rowCounts: text('row_counts'),
    checksum: text('checksum'),
    content: blob('content', { mode: 'buffer' }),
  },
  (t) => [
    uniqueIndex('backups_name_unique').on(t.name),
    index('backups_created_at').on(t.createdAt),
    check('backups_kind_check', inList('kind', BACKUP_KINDS)),
  ],
);

// Append-only: code never updates or deletes rows (only the FK on user_id may null itself).
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
    requestId: text('request_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    username: text('username'),
    role: text('role'),
    ip: text('ip'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    targetLabel: text('target_label'),
    counts: text('counts'),
    details: text('details'),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_action_at').on(t.action, t.at),
    index('audit_log_target').on(t.targetType, t.targetId),
    index('audit_log_user_at').on(t.userId, t.at),
  ],
);

/** Every business table by its data-model name, in foreign-key-safe (parents first) order. */
export const TABLES_IN_FK_ORDER = [
  ['users', users],
  ['settings', settings],
  ['shops', shops],
  ['imports', imports],
  ['import_errors', importErrors],
  ['products', products],
  ['stock', stock],
  ['sales_status', salesStatus],
  // Before orders: order_lines.picking_last_print_job_id refers to it (a restore inserts parents first).
  ['print_jobs', printJobs],
  ['orders', orders],
  ['order_lines', orderLines],
  ['order_markers', orderMarkers],
  ['pending_cancellations', pendingCancellations],
  ['print_job_orders', printJobOrders],
  ['print_job_skus', printJobSkus],
  ['order_print_counters', orderPrintCounters],
  ['idempotency_keys', idempotencyKeys],
  ['login_attempts', loginAttempts],
  ['revoked_sessions', revokedSessions],
  ['leases', leases],
  ['data_version', dataVersion],
  ['backups', backups],
  ['audit_log', auditLog],
] as const;

export type TableName = (typeof TABLES_IN_FK_ORDER)[number][0];
