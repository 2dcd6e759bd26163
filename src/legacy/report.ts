// The conversion report (docs/domain/data-safety.md#legacy-adoption,
// docs/domain/data-model.md#legacy-migration-map): everything the adoption changed or could not
// carry over as is. It goes into the `legacy.adopt` audit row, so each list keeps its total but at
// most LIST_CAP items (a production file may merge thousands of `1001.0`-style numbers; the audit
// row must stay a reasonable size).

export const LIST_CAP = 1000;

export class ReportList<T> {
  total = 0;
  readonly items: T[] = [];

  add(item: T): void {
    this.total++;
    if (this.items.length < LIST_CAP) this.items.push(item);
  }

  toJSON(): { total: number; items: T[]; truncated?: true } {
    return this.total > this.items.length
      ? { total: this.total, items: this.items, truncated: true }
      : { total: this.total, items: this.items };
  }
}

export interface OrderRef {
  platform: string;
  shop: string;
  orderNo: string;
}

export function createReport() {
  return {
    /** Raw platform values that were not already canonical, with what they became. */
    platformMappings: new ReportList<{
      table: string;
      value: string;
      mappedTo: string;
      rows: number;
      unknown: boolean;
    }>(),
    /** Legacy order numbers that became one order after normalising (`X` and `X.0`). */
    orderMerges: new ReportList<OrderRef & { legacyNumbers: string[]; legacyLineIds: number[] }>(),
    /** Lines of one order whose SKUs collide after normalising: one line, quantities summed. */
    lineMerges: new ReportList<
      OrderRef & { sku: string; legacyLineIds: number[]; legacySkus: string[]; qty: number }
    >(),
    /**
     * Lines not migrated (blank order number or SKU under docs/domain/data-model.md#identifiers,
     * e.g. `nan`).
     */
    droppedLines: new ReportList<{
      legacyLineId: number;
      platform: string;
      shop: string;
      orderNo: string | null;
      sku: string | null;
      qty: number | null;
      reason: 'missing_order_no' | 'missing_sku';
    }>(),
    /** Quantities below 1 raised to 1 (the new CHECK qty >= 1). */
    qtyRaised: new ReportList<OrderRef & { sku: string; legacyQty: unknown }>(),
    /**
     * Identifiers the normaliser (docs/domain/data-model.md#identifiers) would refuse
     * (rounded-looking, too long) kept as the legacy stored them.
     */
    inexactIdentifiers: new ReportList<{ table: string; column: string; value: string }>(),
    /**
     * Order times stored with a Buddhist-era year, converted
     * (docs/domain/data-model.md#legacy-timestamps).
     */
    buddhistYearsRepaired: new ReportList<OrderRef & { legacyValue: string; repaired: string }>(),
    /** Timestamps that could not be read (the row keeps a fallback time, named here). */
    unreadableTimestamps: new ReportList<{
      table: string;
      column: string;
      legacyId: number;
      value: string;
      fallback: string;
    }>(),
    /** Negative stock clamped to 0 (docs/domain/data-model.md#legacy-migration-map). */
    stockClamps: new ReportList<{ sku: string; legacyQty: number }>(),
    /** Stock, product or SBS rows of one identifier after normalising, merged into one. */
    rowMerges: new ReportList<{
      table: 'products' | 'stocks' | 'sales';
      key: string;
      legacyIds: number[];
      legacyValues: string[];
    }>(),
    /**
     * Rows whose key is blank under docs/domain/data-model.md#identifiers (`nan` SKUs, blank SBS
     * numbers): not migrated.
     */
    droppedRows: new ReportList<{ table: string; legacyId: number; value: string | null }>(),
    /** Issued/trash markers and bill-empty numbers whose number matches no order: dropped (A9). */
    orphanMarkers: new ReportList<{
      table: string;
      legacyId: number;
      orderNo: string | null;
      reason: 'no_order' | 'missing_order_no';
    }>(),
    /**
     * Cancel markers matching no order, kept as pending cancellations
     * (docs/domain/data-model.md#legacy-migration-map).
     */
    pendingCancellations: new ReportList<{ orderNo: string; note: string | null; legacyId: number }>(),
    /** Two legacy markers of one kind on one order after normalising: the one kept is named. */
    markerMerges: new ReportList<OrderRef & { kind: string; legacyIds: number[]; kept: number }>(),
    /**
     * Pseudo-shops (docs/domain/data-model.md#legacy-database) turned into settings, or dropped
     * when they held no URL.
     */
    pseudoShops: new ReportList<{
      legacyId: number;
      platform: string | null;
      name: string | null;
      settingKey: string | null;
    }>(),
    /** Legacy shops merged because they clean to one (platform, name key). */
    shopMerges: new ReportList<{ shopId: number; platform: string; name: string; legacyIds: number[] }>(),
    /**
     * Shops created so that an order sits on a shop of its own platform
     * (docs/domain/data-model.md#shops).
     */
    shopsCreated: new ReportList<{
      shopId: number;
      platform: string;
      name: string;
      reason: 'platform_mismatch' | 'missing_shop';
      legacyShopId: number;
    }>(),
    /** Accounts whose username or role had to change to fit the new rules. */
    userChanges: new ReportList<{
      legacyId: number;
      legacyUsername: string;
      username: string;
      legacyRole: string | null;
      role: string;
    }>(),
    /** Legacy tables with no place in the new schema (kept as `legacy_*` until dropped). */
    notMigrated: new ReportList<{ table: string; rows: number; reason: string }>(),
  };
}

export type ConversionReport = ReturnType<typeof createReport>;

/** The report as plain JSON (lists with totals). */
export function reportJson(report: ConversionReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

/** One line per non-empty list, for the log: `orderMerges 1, lineMerges 2, ...`. */
export function reportSummary(report: ConversionReport): string {
  const parts = Object.entries(report)
    .filter(([, list]) => list.total > 0)
    .map(([name, list]) => `${name} ${list.total}`);
  return parts.length ? parts.join(', ') : 'nothing to report';
}

/** `210 orders, 306 order lines, ...`: the per-table counts of an adoption, for the log line. */
export function countsSummary(counts: Record<string, number>): string {
  const markers = counts.order_markers ?? 0;
  return [
    `${counts.orders ?? 0} orders`,
    `${counts.order_lines ?? 0} order lines`,
    `${markers} markers`,
    `${counts.pending_cancellations ?? 0} pending cancellations`,
    `${counts.shops ?? 0} shops`,
    `${counts.users ?? 0} users`,
    `${counts.products ?? 0} products`,
    `${counts.stock ?? 0} stock rows`,
    `${counts.sales_status ?? 0} sales status rows`,
    `${counts.imports ?? 0} imports`,
    `${counts.print_jobs ?? 0} print jobs`,
    `${counts.settings ?? 0} settings`,
  ].join(', ');
}
