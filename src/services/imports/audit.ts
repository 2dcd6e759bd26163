// The one audit row of an import attempt, whatever its outcome.
import type { Db } from '../../storage';
import { type AuditEntry, auditStatement } from '../audit';
import type { Attempt } from './attempt';
import type { ImportRecord } from './log';
import type { RawSql } from './sql';

function importEntry(a: Attempt, importId: number, record: ImportRecord, extra: Record<string, unknown>): AuditEntry {
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(record.counts)) if (v !== 0) counts[k] = v;
  return {
    action: `import.${a.kind}`,
    targetType: 'import',
    targetId: importId,
    targetLabel: record.fileName ?? record.sheetUrl,
    counts,
    details: {
      status: record.status,
      outcome: record.status === 'failed' ? 'error' : record.status === 'rejected' ? 'rejected' : 'ok',
      source: record.source,
      platform: record.platform,
      shop: record.shopName,
      dryRun: a.options.dryRun,
      skipInvalid: a.options.skipInvalid,
      ...(a.kind === 'stock' ? { mode: a.options.mode, confirmZeroing: a.options.confirmZeroing } : {}),
      errors: record.errorsCount,
      warnings: record.warningsCount,
      ...extra,
    },
  };
}

/**
 * The attempt's audit row, sent through the transaction's raw executor: it reaches the driver in
 * the turn it is asked, so statements asked beside it share its round trip on a remote database.
 */
export async function auditImport(
  tx: Db,
  db: RawSql,
  a: Attempt,
  importId: number,
  record: ImportRecord,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const statement = auditStatement(tx, a.actor, importEntry(a, importId, record, extra), now);
  await db.execute(statement.sql, statement.args);
}
