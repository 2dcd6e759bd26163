// What restore validation and the clear scopes need to know about each table, derived from the
// drizzle schema so it can never drift from it: columns with their types, defaults and
// nullability, the primary key, unique keys and foreign keys (with their ON DELETE action).
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { TABLES_IN_FK_ORDER, type TableName } from './schema';

export type ColumnKind = 'integer' | 'boolean' | 'text' | 'blob';

export interface ColumnMeta {
  name: string;
  kind: ColumnKind;
  notNull: boolean;
  /** The value SQLite would use when the column is left out (null when it has none). */
  defaultValue: unknown;
  hasDefault: boolean;
  primary: boolean;
  enumValues: readonly string[] | null;
}

export interface ForeignKeyMeta {
  columns: string[];
  table: TableName;
  foreignColumns: string[];
  onDelete: 'cascade' | 'set null' | 'restrict' | 'no action' | 'set default';
}

export interface TableMeta {
  name: TableName;
  table: SQLiteTable;
  columns: ColumnMeta[];
  byName: Map<string, ColumnMeta>;
  primaryKey: string[];
  /** Unique keys other than the primary key (uniqueIndex / unique columns). */
  uniqueKeys: { name: string; columns: string[] }[];
  foreignKeys: ForeignKeyMeta[];
  checks: string[];
}

function kindOf(column: SQLiteColumn): ColumnKind {
  switch (column.columnType) {
    case 'SQLiteBoolean':
      return 'boolean';
    case 'SQLiteText':
    case 'SQLiteTextJson':
      return 'text';
    case 'SQLiteBlobBuffer':
    case 'SQLiteBlobJson':
    case 'SQLiteBigInt':
      return 'blob';
    default:
      return 'integer';
  }
}

const nameOf = new Map<SQLiteTable, TableName>(TABLES_IN_FK_ORDER.map(([name, table]) => [table as SQLiteTable, name]));

function describe(name: TableName, table: SQLiteTable): TableMeta {
  const config = getTableConfig(table);
  const columns: ColumnMeta[] = config.columns.map((c) => {
    const kind = kindOf(c);
    let defaultValue: unknown = c.default ?? null;
    if (kind === 'boolean' && typeof defaultValue === 'boolean') defaultValue = defaultValue ? 1 : 0;
    return {
      name: c.name,
      kind,
      notNull: c.notNull,
      defaultValue,
      // An INTEGER PRIMARY KEY "has a default" (the rowid), but a restored row must keep its id.
      hasDefault: c.hasDefault && !c.primary,
      primary: c.primary,
      enumValues: (c.enumValues as readonly string[] | undefined) ?? null,
    };
  });
  const single = columns.filter((c) => c.primary).map((c) => c.name);
  const primaryKey = single.length ? single : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
  const uniqueKeys = [
    ...config.indexes
      .filter((i) => i.config.unique && !i.config.where)
      .map((i) => ({ name: i.config.name, columns: i.config.columns.map((c) => (c as SQLiteColumn).name) })),
    ...config.columns
      .filter((c) => c.isUnique)
      .map((c) => ({ name: c.uniqueName ?? `${name}_${c.name}_unique`, columns: [c.name] })),
  ];
  const foreignKeys: ForeignKeyMeta[] = config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    const target = nameOf.get(ref.foreignTable);
    if (!target) throw new Error(`${name}: foreign key to a table outside TABLES_IN_FK_ORDER`);
    return {
      columns: ref.columns.map((c) => c.name),
      table: target,
      foreignColumns: ref.foreignColumns.map((c) => c.name),
      onDelete: (fk.onDelete ?? 'no action') as ForeignKeyMeta['onDelete'],
    };
  });
  return {
    name,
    table,
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    primaryKey,
    uniqueKeys,
    foreignKeys,
    checks: config.checks.map((c) => c.name),
  };
}

export const TABLE_META: ReadonlyMap<TableName, TableMeta> = new Map(
  TABLES_IN_FK_ORDER.map(([name, table]) => [name, describe(name, table as SQLiteTable)]),
);

export function tableMeta(name: TableName): TableMeta {
  return TABLE_META.get(name)!;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
