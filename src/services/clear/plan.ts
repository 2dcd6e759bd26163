// What each clear scope deletes (docs/domain/data-safety.md#clear-scopes, the table), as one row
// predicate per table. "Purge" is a predicate on `orders`: deleting the order cascades to its
// lines, markers and print counters (the foreign keys say so), which frees its stock. Counting and
// deleting both start from these predicates, so a preview always counts what the clear will delete.
import { sql, type SQL } from 'drizzle-orm';
import { TABLE_META } from '../../db/table-meta';
import type { TableName } from '../../db/schema';
import type { ResolvedClear } from '../../domain/clear-scopes';

export type ClearPlan = Partial<Record<TableName, SQL>>;

/**
 * The order the explicit DELETEs run in. A table's predicate may read only tables deleted after
 * it (orders are picked by their markers, so orders go before order_markers), and a RESTRICT
 * parent goes after its children (shops after orders).
 */
export const DELETE_ORDER: TableName[] = [
  'sales_status',
  'pending_cancellations',
  'idempotency_keys',
  'print_jobs',
  'orders',
  'order_markers',
  'stock',
  'products',
  'imports',
  'shops',
];

const ALL = sql`1 = 1`;
const ORDER_LOG_KINDS = sql`"kind" IN ('orders', 'cancelled', 'issued', 'bill_empty')`;

const within = (column: string, [start, end]: [number, number]) =>
  sql`${sql.identifier(column)} >= ${start} AND ${sql.identifier(column)} < ${end}`;

/** Orders carrying a marker of this kind (optionally created inside a range). */
function ordersMarked(kind: 'trashed' | 'cancelled' | 'issued', range?: [number, number]): SQL {
  const when = range ? sql` AND ${within('created_at', range)}` : sql``;
  return sql`"id" IN (SELECT "order_id" FROM "order_markers" WHERE "kind" = ${kind}${when})`;
}

function add(plan: ClearPlan, table: TableName, predicate: SQL) {
  const existing = plan[table];
  plan[table] = existing ? sql`(${existing}) OR (${predicate})` : predicate;
}

export function planFor(clear: ResolvedClear): ClearPlan {
  const plan: ClearPlan = {};
  switch (clear.scope) {
    case 'today':
    case 'date_range': {
      const range = clear.range!;
      for (const target of clear.targets) {
        if (target === 'orders') add(plan, 'orders', sql`"import_date" BETWEEN ${clear.dateFrom} AND ${clear.dateTo}`);
        if (target === 'sales') add(plan, 'sales_status', within('updated_at', range));
        if (target === 'issued') add(plan, 'order_markers', sql`"kind" = 'issued' AND ${within('created_at', range)}`);
        if (target === 'cancelled') {
          add(plan, 'order_markers', sql`"kind" = 'cancelled' AND ${within('created_at', range)}`);
          add(plan, 'pending_cancellations', within('created_at', range));
        }
        if (target === 'deleted') add(plan, 'orders', ordersMarked('trashed', range));
      }
      break;
    }
    case 'all':
    case 'everything':
      add(plan, 'orders', ALL);
      add(plan, 'pending_cancellations', ALL);
      add(plan, 'print_jobs', ALL);
      add(plan, 'imports', clear.scope === 'all' ? ORDER_LOG_KINDS : ALL);
      add(plan, 'idempotency_keys', ALL);
      if (clear.scope === 'everything') {
        for (const table of ['products', 'stock', 'sales_status', 'shops'] as const) add(plan, table, ALL);
      }
      break;
    case 'deleted_bin':
      add(plan, 'orders', ordersMarked('trashed'));
      break;
    case 'cancelled':
      add(plan, 'orders', ordersMarked('cancelled'));
      add(plan, 'pending_cancellations', ALL);
      break;
    case 'issued':
      add(plan, 'orders', ordersMarked('issued'));
      break;
    case 'sales':
      add(plan, 'sales_status', ALL);
      break;
    case 'bill_empty_today':
      add(plan, 'order_markers', sql`"kind" = 'bill_empty' AND ${within('created_at', clear.range!)}`);
      add(plan, 'imports', sql`"kind" = 'bill_empty' AND "import_date" = ${clear.dateFrom}`);
      break;
  }
  for (const table of Object.keys(plan) as TableName[]) {
    if (!DELETE_ORDER.includes(table)) throw new Error(`clear plan: ${table} has no place in DELETE_ORDER`);
  }
  return plan;
}

/**
 * Every row a plan removes, per table: its own predicate, or a parent's row going with ON
 * DELETE CASCADE. Evaluated before anything is deleted, this is the exact count per table.
 */
export function effectivePredicates(plan: ClearPlan): ClearPlan {
  const out: ClearPlan = {};
  // TABLE_META is in foreign-key order (parents first), so a parent's predicate is ready first.
  for (const [name, meta] of TABLE_META) {
    const parts: SQL[] = [];
    if (plan[name]) parts.push(plan[name]!);
    for (const fk of meta.foreignKeys) {
      const parent = out[fk.table];
      if (fk.onDelete !== 'cascade' || !parent) continue;
      parts.push(
        sql`(${sql.identifier(fk.columns[0])}) IN (SELECT ${sql.identifier(fk.foreignColumns[0])} FROM ${sql.identifier(fk.table)} WHERE ${parent})`,
      );
    }
    if (parts.length)
      out[name] = sql.join(
        parts.map((p) => sql`(${p})`),
        sql` OR `,
      );
  }
  return out;
}
