// Usernames and the user as the auth use cases hand it out (docs/domain/auth.md#users).
import { sql } from 'drizzle-orm';
import { type Role, users } from '../../db/schema';
import type { AuthUser } from '../context';

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

export const publicUser = (u: { id: number; username: string; role: Role }): AuthUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
});

/**
 * What setting a password writes, whoever sets it (the user or an admin): the hash, no forced
 * change any more, and a new token version so every other session ends.
 */
export const newPasswordColumns = (passwordHash: string, now: number) => ({
  passwordHash,
  passwordChangeRequired: false,
  tokenVersion: sql`${users.tokenVersion} + 1`,
  updatedAt: now,
});
