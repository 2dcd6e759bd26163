// Reading and clearing the import log (docs/domain/imports.md#import-log;
// docs/domain/data-safety.md#import-log-clears: each page deletes only its own kind of log rows, by
// Bangkok import date or all; logs only, no backup).
import { tryIsoDateToEpochDay } from '../../domain/time';
import { badRequest, notFound } from '../../errors';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import { paged, toPage, type Paged } from '../paging';
import { MAX_STORED_ISSUES, rowView, type ImportView } from './log';
import type { IssueOut, WarningOut } from './results';
import { rawSql } from './sql';
import { dbKind, type ImportKind } from './types';

export interface ImportDetail {
  import: ImportView;
  errors: IssueOut[];
  warnings: WarningOut[];
  /** More entries than were kept (the stored list is capped at 5,000). */
  truncated: boolean;
}

export interface ClearLogsInput {
  dateFrom?: string;
  dateTo?: string;
  all?: boolean;
}

function validDate(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (tryIsoDateToEpochDay(value) === null)
    throw badRequest('invalid_date', 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD', [{ field, value }]);
  return value;
}

export function createImportLogService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;

  return {
    async list(query: { kind?: ImportKind; page?: number; limit?: number }): Promise<Paged<ImportView>> {
      const page = toPage(query.page, query.limit);
      const where = query.kind ? 'WHERE kind = ?' : '';
      const args = query.kind ? [dbKind(query.kind)] : [];
      const rows = await storage.execute(
        `SELECT * FROM imports ${where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`,
        [...args, page.limit, page.offset],
      );
      const total = await storage.execute(`SELECT count(*) AS n FROM imports ${where}`, args);
      return paged(
        rows.rows.map((r) => rowView(r as unknown as Record<string, unknown>)),
        Number(total.rows[0].n),
        page,
      );
    },

    async get(id: number): Promise<ImportDetail> {
      const rs = await storage.execute('SELECT * FROM imports WHERE id = ?', [id]);
      if (rs.rows.length === 0) throw notFound('import_not_found', 'ไม่พบประวัติการนำเข้านี้');
      const view = rowView(rs.rows[0] as unknown as Record<string, unknown>);
      const issues = await storage.execute(
        "SELECT row_no, column_name, value, code, severity, message FROM import_errors WHERE import_id = ? ORDER BY CASE severity WHEN 'error' THEN 0 ELSE 1 END, id",
        [id],
      );
      const errors: ImportDetail['errors'] = [];
      const warnings: ImportDetail['warnings'] = [];
      for (const r of issues.rows) {
        const row = r.row_no === null ? null : Number(r.row_no);
        if (r.severity === 'error') {
          errors.push({
            row,
            column: r.column_name === null ? null : String(r.column_name),
            value: r.value === null ? null : String(r.value),
            code: String(r.code),
            message: String(r.message),
          });
        } else {
          warnings.push({ row, code: String(r.code), message: String(r.message) });
        }
      }
      return { import: view, errors, warnings, truncated: view.errors + view.warnings > MAX_STORED_ISSUES };
    },

    async clearLogs(
      kind: ImportKind,
      input: ClearLogsInput,
      actor: Actor,
    ): Promise<{ deleted: { imports: number; import_errors: number } }> {
      const from = validDate(input.dateFrom, 'dateFrom');
      const to = validDate(input.dateTo, 'dateTo');
      if (!input.all && from === undefined && to === undefined) {
        throw badRequest('invalid_request', 'กรุณาระบุช่วงวันที่ (dateFrom, dateTo) หรือ all=true', [{ field: 'dateFrom' }]);
      }
      if (from !== undefined && to !== undefined && from > to) {
        throw badRequest('invalid_date_range', 'วันที่เริ่มต้นต้องไม่อยู่หลังวันที่สิ้นสุด', [{ dateFrom: from, dateTo: to }]);
      }
      const conditions = ['kind = ?'];
      const args: (string | number)[] = [dbKind(kind)];
      if (!input.all) {
        if (from !== undefined) {
          conditions.push('import_date >= ?');
          args.push(from);
        }
        if (to !== undefined) {
          conditions.push('import_date <= ?');
          args.push(to);
        }
      }
      const where = conditions.join(' AND ');
      const now = clock();
      return storage.transaction(async (tx, sql) => {
        const db = rawSql(sql);
        const errors = await db.execute(
          `DELETE FROM import_errors WHERE import_id IN (SELECT id FROM imports WHERE ${where})`,
          args,
        );
        const imports = await db.execute(`DELETE FROM imports WHERE ${where}`, args);
        const deleted = { imports: imports.rowsAffected, import_errors: errors.rowsAffected };
        await writeAudit(
          tx,
          actor,
          {
            action: 'import.logs_clear',
            targetType: 'imports',
            targetId: kind,
            targetLabel: kind,
            counts: deleted,
            details: { kind, all: !!input.all, dateFrom: from ?? null, dateTo: to ?? null },
          },
          now,
        );
        return { deleted };
      });
    },
  };
}
