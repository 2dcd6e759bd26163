// The one audit row of an import attempt, whatever its outcome.
import type { Db } from '../../storage';
import { writeAudit } from '../audit';
import type { Attempt } from './attempt';
import type { ImportRecord } from './log';

export async function auditImport(
  tx: Db,
  a: Attempt,
  importId: number,
  record: ImportRecord,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(record.counts)) if (v !== 0) counts[k] = v;
  await writeAudit(
    tx,
    a.actor,
    {
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
    },
    now,
  );
}
