// The whole legacy -> rewrite conversion as one pure function
// (docs/domain/data-model.md#legacy-migration-map): legacy rows in, new rows and the conversion
// report out. No I/O, clock passed in.
import type { SettingRow, ShopRow } from './shops';
import { mapShops, PlatformMapper } from './shops';
import { mapUsers, type UserRow } from './users';
import { mapProducts, mapSales, mapStock, type ProductRow, type SalesRow, type StockRow } from './catalog';
import { mapImports, type ImportErrorRow, type ImportRow } from './imports';
import { billEmptyNumbers, mapOrders, type LineRow, type OrderRow, type PrintCounterRow } from './orders';
import { mapMarkers, type MarkerRow, type PendingRow } from './markers';
import { mapPrintJobs, type PrintJobRow, type PrintJobSkuRow } from './prints';
import { createReport, type ConversionReport } from './report';
import { legacyInt } from './values';
import type { LegacyData } from './read';

export interface ConvertedRows {
  users: UserRow[];
  settings: SettingRow[];
  shops: ShopRow[];
  imports: ImportRow[];
  importErrors: ImportErrorRow[];
  products: ProductRow[];
  stock: StockRow[];
  salesStatus: SalesRow[];
  orders: OrderRow[];
  orderLines: LineRow[];
  orderMarkers: MarkerRow[];
  pendingCancellations: PendingRow[];
  printJobs: PrintJobRow[];
  printJobSkus: PrintJobSkuRow[];
  orderPrintCounters: PrintCounterRow[];
}

export interface Conversion {
  rows: ConvertedRows;
  report: ConversionReport;
}

/** Legacy tables the map does not carry over (A10), with the reason given in the report. */
const NOT_MIGRATED: Readonly<Record<string, string>> = {
  action_dedupe: 'picking-print idempotency tokens; the rewrite keeps such keys 24 h only (A10)',
};

const KNOWN_TABLES = new Set([
  'users',
  'shops',
  'products',
  'stocks',
  'sales',
  'order_lines',
  'cancelled_orders',
  'issued_orders',
  'deleted_orders',
  'sku_print_history',
  'import_logs',
]);

export function convertLegacy(data: LegacyData, now: number): Conversion {
  const report = createReport();
  const platforms = new PlatformMapper();

  const users = mapUsers(data.users, data.lines, now, report);
  const usedShops = new Set(data.lines.map((l) => legacyInt(l.shop_id)).filter((id): id is number => id !== null));
  const shops = mapShops(data.shops, usedShops, platforms, now, report);
  const imports = mapImports(data.importLogs, platforms, now, report);
  const products = mapProducts(data.products, now, report);
  const stock = mapStock(data.stocks, now, report);
  const sales = mapSales(data.sales, now, report);
  const orders = mapOrders(data.lines, {
    shops: shops.book,
    platforms,
    users: users.directory,
    imports: imports.index,
    now,
    report,
  });
  const markers = mapMarkers(
    orders.orders,
    { cancelled: data.cancelled, issued: data.issued, deleted: data.deleted, billEmpty: billEmptyNumbers(data.lines) },
    { users: users.directory, imports: imports.index, sales, now, report },
  );
  const prints = mapPrintJobs(data.printHistory, {
    orders: orders.orders,
    shops: shops.book,
    platforms,
    users: users.directory,
    now,
    report,
  });
  platforms.flushInto(report);

  for (const [table, rows] of Object.entries(data.tableCounts)) {
    if (KNOWN_TABLES.has(table)) continue;
    report.notMigrated.add({
      table,
      rows,
      reason: NOT_MIGRATED[table] ?? 'not part of the legacy data model',
    });
  }

  return {
    rows: {
      users: users.rows,
      settings: shops.settings,
      shops: shops.book.rows,
      imports: imports.rows,
      importErrors: imports.errors,
      products,
      stock,
      salesStatus: sales,
      orders: orders.orders.map((o) => o.row),
      orderLines: orders.lines,
      orderMarkers: markers.markers,
      pendingCancellations: markers.pending,
      printJobs: prints.jobs,
      printJobSkus: prints.skus,
      orderPrintCounters: orders.counters,
    },
    report,
  };
}
