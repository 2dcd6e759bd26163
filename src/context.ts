// What every handler can see: request id, the caller (if signed in), client IP, the services.
import type { Role } from './db/schema';
import type { Services } from './services';

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

export interface AuthState {
  user: AuthUser;
  method: 'cookie' | 'bearer';
  jti: string;
  expiresAt: number;
  /** A weak password: only the routes that change it answer (operations 6.3, API.md Auth). */
  passwordChangeRequired: boolean;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    services: Services;
    auth: AuthState | null;
    ip: string | null;
  };
};

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
