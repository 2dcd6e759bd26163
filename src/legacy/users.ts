// Legacy users -> users (docs/domain/data-model.md#legacy-migration-map: roles kept as they are),
// and who-did-it resolution for history. Accounts keep their ids and their Werkzeug password
// hashes: the login service verifies those on Node and rehashes to PBKDF2 on the first successful
// sign-in.
import { ROLES, type Role, type users } from '../db/schema';
import type { LegacyLine, LegacyUser } from './read';
import type { ConversionReport } from './report';
import { legacyInstant } from './timestamps';
import { legacyBool, legacyInt } from './values';

export type UserRow = typeof users.$inferInsert;

/** A "by" reference: the FK (NULL when the account no longer exists) and the username copy. */
export interface ByRef {
  userId: number | null;
  username: string | null;
}

export interface UserDirectory {
  /** A legacy `*_by_user_id`: the account if it still exists; the name if it is known at all. */
  byId(id: unknown): ByRef;
  /** A legacy username copy (`printed_*_by`, `scanned_by`, `printed_by`). */
  byName(name: unknown): ByRef;
}

export function mapUsers(legacy: LegacyUser[], lines: LegacyLine[], now: number, report: ConversionReport) {
  const rows: UserRow[] = [];
  const taken = new Set<string>();
  for (const u of legacy) {
    const legacyUsername = String(u.username ?? '').trim();
    // Usernames are stored lower-case (users_username_lower); the legacy compared them exactly,
    // so two accounts may fold together: the later one gets its id appended.
    let username = legacyUsername.toLowerCase() || `user${u.id}`;
    if (taken.has(username)) username = `${username}.${u.id}`;
    taken.add(username);
    const legacyRole = u.role == null ? null : String(u.role).trim();
    const role: Role = ROLES.includes(legacyRole as Role) ? (legacyRole as Role) : 'user';
    if (username !== legacyUsername || role !== legacyRole) {
      report.userChanges.add({ legacyId: u.id, legacyUsername, username, legacyRole, role });
    }
    const createdAt = legacyInstant(u.created_at, 'bangkok') ?? now;
    rows.push({
      id: u.id,
      username,
      passwordHash: String(u.password_hash ?? ''),
      role,
      // `active` defaulted to true in the legacy; nothing there ever disabled an account.
      disabled: !legacyBool(u.active, true),
      tokenVersion: 0,
      lastLoginAt: null,
      createdAt,
      updatedAt: createdAt,
    });
  }

  const byLegacyId = new Map(rows.map((r) => [r.id!, r.username]));
  const byUsername = new Map(rows.map((r) => [r.username, r.id!]));
  // Deleted accounts left their name only in the copies the legacy kept (accepted_by_username).
  const knownNames = new Map<number, string>();
  for (const line of lines) {
    const id = legacyInt(line.accepted_by_user_id);
    const name = typeof line.accepted_by_username === 'string' ? line.accepted_by_username.trim() : '';
    if (id !== null && name && !knownNames.has(id)) knownNames.set(id, name);
  }

  const directory: UserDirectory = {
    byId(raw) {
      const id = legacyInt(raw);
      if (id === null) return { userId: null, username: null };
      const current = byLegacyId.get(id);
      if (current !== undefined) return { userId: id, username: current };
      return { userId: null, username: knownNames.get(id) ?? null };
    },
    byName(raw) {
      const name = typeof raw === 'string' ? raw.trim() : '';
      if (!name) return { userId: null, username: null };
      const id = byUsername.get(name.toLowerCase());
      return id === undefined ? { userId: null, username: name } : { userId: id, username: name.toLowerCase() };
    },
  };
  return { rows, directory };
}
