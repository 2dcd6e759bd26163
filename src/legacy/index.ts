// After a legacy adoption the old tables stay as `legacy_<name>` for comparison
// (docs/domain/data-safety.md#legacy-adoption); `POST /api/admin/legacy/drop` removes them.
// Destructive, so a backup comes first (a sqlite snapshot on the file adapter keeps the legacy
// tables too).
import { conflict } from '../errors';
import { backupBeforeOrRefuse, type BackupDeps } from '../services/backups';
import { writeAudit } from '../services/audit';
import { quoteIdent } from '../db/table-meta';
import type { Actor } from '../services/context';

export function createLegacyService(deps: { backupDeps: BackupDeps }) {
  const { storage, clock } = deps.backupDeps;

  async function legacyTables(): Promise<string[]> {
    const rs = await storage.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'legacy\\_%' ESCAPE '\\' ORDER BY name",
    );
    return rs.rows.map((r) => String(r.name));
  }

  return {
    legacyTables,
    async drop(actor: Actor) {
      const tables = await legacyTables();
      if (tables.length === 0) throw conflict('nothing_to_drop', 'ไม่มีตาราง legacy_* ให้ลบ');
      const backup = await backupBeforeOrRefuse(deps.backupDeps, 'pre_migration', actor);
      const now = clock();
      const counts: Record<string, number> = {};
      const auditId = await storage.transaction(async (tx, sql) => {
        // Legacy tables may refer to each other; checked at commit, when all of them are gone.
        await sql.execute('PRAGMA defer_foreign_keys = ON');
        for (const table of tables) {
          const rs = await sql.execute(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
          counts[table] = Number(rs.rows[0].n);
          await sql.execute(`DROP TABLE ${quoteIdent(table)}`);
        }
        return writeAudit(
          tx,
          actor,
          {
            action: 'legacy.drop',
            targetType: 'schema',
            targetLabel: tables.join(', '),
            counts,
            details: { tables, backup: backup.name },
          },
          now,
        );
      });
      return { dropped: tables, counts, backup: backup.name, auditId };
    },
  };
}
