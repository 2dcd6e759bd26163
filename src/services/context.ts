// Who the use cases act for. Every transport maps its caller to these types (the HTTP layer in
// src/http/, the scheduler and start-up as the system actor); the services never look back at
// a request.
import type { Role } from '../db/schema';

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

/** A signed-in session as the auth service resolves it. */
export interface AuthState {
  user: AuthUser;
  method: 'cookie' | 'bearer';
  jti: string;
  expiresAt: number;
  /** A weak password: only the routes that change it answer (docs/domain/auth.md#passwords). */
  passwordChangeRequired: boolean;
}

/** Who is acting, as recorded in the audit log. */
export interface Actor {
  userId: number | null;
  username: string | null;
  role: Role | null;
  ip: string | null;
  requestId: string | null;
  method: 'cookie' | 'bearer' | 'setup' | 'system';
  userAgent?: string | null;
}

export const systemActor = (requestId: string | null = null): Actor => ({
  userId: null,
  username: 'system',
  role: null,
  ip: null,
  requestId,
  method: 'system',
});
