// The row schema of a table as an export line carries it (`{"table","row"}`, database column
// names): derived from the drizzle table, plus the CHECK constraints the schema declares, so a
// restore refuses a bad row before writing instead of failing half-way through a transaction.
// Missing columns that have a default or may be NULL take that value: that is how an export
// from an older schema migrates forward.
import { fromBase64Url } from '../lib/bytes';
import type { TableMeta } from './table-meta';

export interface RowProblem {
  column?: string;
  code:
    | 'unknown_column'
    | 'missing_column'
    | 'wrong_type'
    | 'not_null'
    | 'not_in_enum'
    | 'check_failed'
    | 'not_an_object';
  message: string;
}

type Values = Record<string, unknown>;

/**
 * Every CHECK constraint of the schema, and how a row is held to it before insert. An enum
 * check is covered by the column's enum values; the others are spelled out here. A unit test
 * fails when the schema gains a check this map does not know.
 */
export const ROW_CHECKS: Record<string, 'enum' | ((row: Values) => boolean)> = {
  users_role_check: 'enum',
  users_username_lower: (r) => typeof r.username !== 'string' || r.username === r.username.toLowerCase(),
  shops_platform_check: 'enum',
  imports_kind_check: 'enum',
  imports_status_check: 'enum',
  stock_qty_non_negative: (r) => typeof r.qty !== 'number' || r.qty >= 0,
  orders_platform_check: 'enum',
  order_lines_qty_positive: (r) => typeof r.qty !== 'number' || r.qty >= 1,
  order_markers_kind_check: 'enum',
  print_jobs_kind_check: 'enum',
  order_print_counters_kind_check: 'enum',
  backups_kind_check: 'enum',
  data_version_single_row: (r) => r.id === 1,
};

/**
 * Checks one row and returns its values in column order (ready to bind), or the problems.
 * `problems` is empty exactly when `values` is set.
 */
export function checkRow(meta: TableMeta, row: unknown): { values: unknown[] | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (!row || typeof row !== 'object' || Array.isArray(row)) {
    return { values: null, problems: [{ code: 'not_an_object', message: 'row ต้องเป็น JSON object' }] };
  }
  const input = row as Values;
  for (const key of Object.keys(input)) {
    if (!meta.byName.has(key))
      problems.push({ column: key, code: 'unknown_column', message: `ไม่รู้จักคอลัมน์ ${key} ในตาราง ${meta.name}` });
  }
  const normalised: Values = {};
  for (const column of meta.columns) {
    const present = Object.hasOwn(input, column.name);
    let value = present ? input[column.name] : undefined;
    if (!present) {
      if (column.notNull && !column.hasDefault) {
        problems.push({ column: column.name, code: 'missing_column', message: `ไม่มีคอลัมน์ ${column.name}` });
        continue;
      }
      normalised[column.name] = column.hasDefault ? column.defaultValue : null;
      continue;
    }
    if (value === null) {
      if (column.notNull)
        problems.push({ column: column.name, code: 'not_null', message: `คอลัมน์ ${column.name} ต้องมีค่า` });
      normalised[column.name] = null;
      continue;
    }
    switch (column.kind) {
      case 'integer':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          problems.push({ column: column.name, code: 'wrong_type', message: `คอลัมน์ ${column.name} ต้องเป็นจำนวนเต็ม` });
        }
        break;
      case 'boolean':
        if (value === true || value === false) value = value ? 1 : 0;
        else if (value !== 0 && value !== 1) {
          problems.push({ column: column.name, code: 'wrong_type', message: `คอลัมน์ ${column.name} ต้องเป็น 0 หรือ 1` });
        }
        break;
      case 'text':
        if (typeof value !== 'string') {
          problems.push({ column: column.name, code: 'wrong_type', message: `คอลัมน์ ${column.name} ต้องเป็นข้อความ` });
        } else if (column.enumValues && !column.enumValues.includes(value)) {
          problems.push({ column: column.name, code: 'not_in_enum', message: `คอลัมน์ ${column.name} มีค่าที่ไม่รู้จัก` });
        }
        break;
      case 'blob': {
        const encoded = (value as { $base64?: unknown }).$base64;
        if (typeof encoded !== 'string') {
          problems.push({
            column: column.name,
            code: 'wrong_type',
            message: `คอลัมน์ ${column.name} ต้องเป็น {"$base64": ...}`,
          });
        } else {
          try {
            value = fromBase64Url(encoded.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));
          } catch {
            problems.push({ column: column.name, code: 'wrong_type', message: `คอลัมน์ ${column.name} ไม่ใช่ base64` });
          }
        }
        break;
      }
    }
    normalised[column.name] = value;
  }
  if (problems.length === 0) {
    for (const name of meta.checks) {
      const rule = ROW_CHECKS[name];
      if (rule === 'enum') continue;
      if (!rule?.(normalised)) problems.push({ code: 'check_failed', message: `ไม่ผ่านเงื่อนไข ${name}` });
    }
  }
  if (problems.length) return { values: null, problems };
  return { values: meta.columns.map((c) => normalised[c.name]), problems };
}
