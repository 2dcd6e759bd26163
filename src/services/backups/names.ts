// Backup file names (docs/domain/data-safety.md#backup-names). Anything else is refused, so a name
// can never be a path:
// `backup_<kind>_<YYYYMMDD>T<HHmmss>Z_<6 lowercase alphanumerics>[_legacy].<db|ndjson.gz>`.
import { BACKUP_KINDS, type BackupKind } from '../../db/schema';

export const BACKUP_NAME_PATTERN = new RegExp(
  `^backup_(${BACKUP_KINDS.join('|')})_(\\d{8}T\\d{6}Z)_([a-z0-9]{6})(_legacy)?\\.(db|ndjson\\.gz)$`,
);

export type BackupFormat = 'sqlite' | 'ndjson';

export function isValidBackupName(name: string): boolean {
  return BACKUP_NAME_PATTERN.test(name);
}

export function parseBackupName(
  name: string,
): { kind: BackupKind; stamp: string; legacy: boolean; format: BackupFormat } | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  return { kind: m[1] as BackupKind, stamp: m[2], legacy: !!m[4], format: m[5] === 'db' ? 'sqlite' : 'ndjson' };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function newBackupName(kind: BackupKind, format: BackupFormat, nowMs: number, legacy = false): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  const suffix = Array.from(random, (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `backup_${kind}_${utcStamp(nowMs)}_${suffix}${legacy ? '_legacy' : ''}.${format === 'sqlite' ? 'db' : 'ndjson.gz'}`;
}
