// Legacy adoption at Node boot (docs/domain/data-safety.md#legacy-adoption): a `VACUUM INTO`
// snapshot of the legacy file first (a `pre_migration` backup named `..._legacy.db`, never pruned),
// then the one-transaction conversion (src/legacy/adopt.ts). Any failure leaves the file as it was
// and names the backup.
import { createClient } from '@libsql/client';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import type { BackupStore } from '../services/backups/store';
import { newBackupName } from '../services/backups/names';
import { adoptInPlace, type AdoptionResult, type LegacyBackupFacts } from '../legacy/adopt';
import type { BundledMigration } from '../db/migration-bundle';
import { countsSummary, reportSummary } from '../legacy/report';
import { isLegacyHash, passwordPolicyProblem } from '../services/auth/passwords';
import { verifyWerkzeugHash } from './legacy-hash';

export class LegacyAdoptionFailed extends Error {}

/**
 * The innermost cause: drizzle wraps driver errors as "Failed query: <sql> params: <values>",
 * and those values (audit details, row data) do not belong in a log line.
 */
export function rootMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current && current.cause instanceof Error) current = current.cause as typeof current;
  return current?.message ?? String(error);
}

/** Size, sha256 and the row count of every table of a finished sqlite snapshot. */
export async function inspectLegacySnapshot(path: string, name: string): Promise<LegacyBackupFacts> {
  const client = createClient({ url: `file:${path}` });
  const rowCounts: Record<string, number> = {};
  try {
    const rs = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    );
    for (const row of rs.rows) {
      const table = String(row.name);
      const count = await client.execute(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`);
      rowCounts[table] = Number(count.rows[0].n);
    }
  } finally {
    client.close();
  }
  const checksum = await new Promise<string>((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
  return { name, sizeBytes: statSync(path).size, checksum, rowCounts };
}

export async function adoptLegacyFile(deps: {
  storage: StoragePort;
  store: BackupStore;
  clock: () => number;
  log: Logger;
  /** The legacy file's path, for the audit row. */
  path: string;
  bundle?: BundledMigration[];
}): Promise<AdoptionResult & { backup: string }> {
  const { storage, store, log } = deps;
  if (storage.kind !== 'file' || !store.pathFor) {
    throw new LegacyAdoptionFailed(
      'Legacy adoption at start-up needs the file adapter and a file backup store; for a remote database use `npm run legacy:import -- <legacy file>`.',
    );
  }
  const now = deps.clock();
  const name = newBackupName('pre_migration', 'sqlite', now, true);
  let facts: LegacyBackupFacts;
  try {
    const snapshot = await storage.snapshot({ path: store.pathFor(name) });
    if (snapshot.format !== 'sqlite') throw new Error('the snapshot is not a sqlite file');
    facts = await inspectLegacySnapshot(snapshot.path, name);
  } catch (error) {
    throw new LegacyAdoptionFailed(
      `Legacy adoption not started: the backup failed (${rootMessage(error)}). Nothing was changed.`,
    );
  }
  log.info(`Backup created: ${name}`, { kind: 'pre_migration', format: 'sqlite', sizeBytes: facts.sizeBytes });

  let result: AdoptionResult;
  try {
    result = await adoptInPlace(storage, { now, source: deps.path, backup: facts, bundle: deps.bundle });
  } catch (error) {
    throw new LegacyAdoptionFailed(
      `Legacy adoption failed: ${rootMessage(error)}. Nothing was changed: the legacy database is as it was. Backup: ${name}`,
    );
  }
  log.info(`Legacy database adopted: ${countsSummary(result.counts)} (backup ${name})`);
  log.info(
    `Legacy conversion report (audit legacy.adopt #${result.auditId}): ${reportSummary(result.conversion.report)}`,
  );
  const weak = await flagWeakLegacyPasswords(storage).catch((error) => {
    log.warn(`Could not check the adopted passwords now (each is checked at its next sign-in): ${rootMessage(error)}`);
    return null;
  });
  if (weak) {
    log.warn(
      weak.length > 0
        ? `Adopted accounts with a weak password (they must change it at their next sign-in before anything else): ${weak.join(', ')}`
        : 'No adopted account uses a known weak password (every account is checked again at its first sign-in)',
    );
  }
  return { ...result, backup: name };
}

/**
 * Passwords every legacy install may still use: the legacy app created `admin` / `admin123` and
 * published it (docs/domain/auth.md#legacy-security-weaknesses, W2); people also reuse their
 * username. Any other weak password (too short, on the denylist) is caught at the account's first
 * sign-in, where the password itself is known. Kept short: each guess costs one legacy hash
 * derivation (~0.3 s).
 */
const LEGACY_WEAK_GUESSES = (username: string) => ['admin123', username];

/** Marks the adopted accounts whose legacy hash matches a weak guess; returns their usernames. */
export async function flagWeakLegacyPasswords(storage: StoragePort): Promise<string[]> {
  const rs = await storage.execute('SELECT id, username, password_hash FROM users ORDER BY username');
  const checks = rs.rows
    .filter((row) => isLegacyHash(String(row.password_hash)))
    .map(async (row) => {
      const username = String(row.username);
      for (const guess of LEGACY_WEAK_GUESSES(username)) {
        if (passwordPolicyProblem(guess, username) && (await verifyWerkzeugHash(String(row.password_hash), guess))) {
          return { id: Number(row.id), username };
        }
      }
      return null;
    });
  const weak = (await Promise.all(checks)).filter((w): w is { id: number; username: string } => w !== null);
  if (weak.length > 0) {
    await storage.batch([
      {
        sql: 'UPDATE users SET password_change_required = 1 WHERE id IN (SELECT value FROM json_each(?))',
        args: [JSON.stringify(weak.map((w) => w.id))],
      },
    ]);
  }
  return weak.map((w) => w.username);
}
