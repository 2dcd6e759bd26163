// Usernames and the user as the auth use cases hand it out (docs/domain/auth.md#users).
import type { Role } from '../../db/schema';
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
