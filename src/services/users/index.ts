// User management for admins (docs/domain/auth.md#users): create, change role, disable, reset a
// password, delete. Never leaves the service without an active admin; never acts on oneself
// destructively. Role, password and status changes end the user's sessions (token version).
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { users, ROLES, type Role } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import { hashPassword, passwordPolicyProblem } from '../auth/passwords';
import { normaliseUsername, USERNAME_PATTERN } from '../auth/index';
import { newPasswordColumns } from '../auth/accounts';
import { writeAudit } from '../audit';
import type { LoginThrottle } from '../auth/login-throttle';
import { paged, toPage, type Paged } from '../paging';
import type { Actor } from '../context';
import type { StoragePort, Db } from '../../storage';

export interface UserView {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

function view(u: typeof users.$inferSelect): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
    updatedAt: iso(u.updatedAt)!,
  };
}

function assertRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw badRequest('invalid_role', 'บทบาทต้องเป็น user, staff หรือ admin');
}

async function activeAdminsExcept(tx: Db, userId: number): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, userId)));
  return row.n;
}

export function createUsersService(deps: { storage: StoragePort; clock: () => number; throttle: LoginThrottle }) {
  const { storage, clock, throttle } = deps;

  async function load(tx: Pick<Db, 'select'>, id: number) {
    const [user] = await tx.select().from(users).where(eq(users.id, id));
    if (!user) throw notFound('user_not_found', 'ไม่พบผู้ใช้');
    return user;
  }

  return {
    async list(query: { page?: number; limit?: number } = {}): Promise<Paged<UserView>> {
      const page = toPage(query.page, query.limit);
      const rows = await storage.db
        .select()
        .from(users)
        .orderBy(asc(users.username))
        .limit(page.limit)
        .offset(page.offset);
      const [{ n }] = await storage.db.select({ n: count() }).from(users);
      return paged(rows.map(view), n, page);
    },

    /**
     * One user, with how long sign-in stays locked for that username (0 when it is not): the
     * lock an admin can lift with `unlock`. Failures are counted from every address, as the
     * account's own lock counts them for an address that never signed in as it.
     */
    async get(id: number): Promise<UserView & { lockedForS: number }> {
      const user = await load(storage.db, id);
      return { ...view(user), lockedForS: await throttle.retryAfter(storage.db, user.username, null, clock()) };
    },

    async create(input: { username: string; password: string; role: string }, actor: Actor): Promise<UserView> {
      const username = normaliseUsername(input.username);
      if (!USERNAME_PATTERN.test(username)) {
        throw badRequest('invalid_username', 'ชื่อผู้ใช้ต้องยาว 3-32 ตัว ใช้ได้เฉพาะ a-z 0-9 . _ -');
      }
      assertRole(input.role);
      const problem = passwordPolicyProblem(input.password, username);
      if (problem) throw badRequest('weak_password', problem);
      const hash = await hashPassword(input.password);
      const now = clock();
      return storage.transaction(async (tx) => {
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
        if (existing) throw conflict('username_taken', 'มีชื่อผู้ใช้นี้อยู่แล้ว');
        const [user] = await tx
          .insert(users)
          .values({ username, passwordHash: hash, role: input.role as Role, createdAt: now, updatedAt: now })
          .returning();
        await writeAudit(
          tx,
          actor,
          {
            action: 'user.create',
            targetType: 'user',
            targetId: user.id,
            targetLabel: username,
            details: { role: user.role },
          },
          now,
        );
        return view(user);
      });
    },

    /**
     * Role and status changes. On oneself: disabling is deleting oneself (409 cannot_delete_self);
     * a role change is refused too, as last_admin when no other active admin would remain (the
     * reason that matters most), else cannot_delete_self: another admin must do it.
     */
    async update(id: number, input: { role?: string; disabled?: boolean }, actor: Actor): Promise<UserView> {
      if (input.role !== undefined) assertRole(input.role);
      const now = clock();
      return storage.transaction(async (tx) => {
        const user = await load(tx, id);
        const roleChanges = input.role !== undefined && input.role !== user.role;
        const disabledChanges = input.disabled !== undefined && input.disabled !== user.disabled;
        const staysActiveAdmin = (input.role ?? user.role) === 'admin' && !(input.disabled ?? user.disabled);
        const losesAdmin = user.role === 'admin' && !user.disabled && !staysActiveAdmin;
        const lastAdmin = losesAdmin && (await activeAdminsExcept(tx, id)) === 0;
        if (id === actor.userId && disabledChanges && input.disabled)
          throw conflict('cannot_delete_self', 'ลบตัวเองไม่ได้');
        if (lastAdmin) throw conflict('last_admin', 'ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน');
        if (id === actor.userId && roleChanges) throw conflict('cannot_delete_self', 'ลบตัวเองไม่ได้');
        const [updated] =
          roleChanges || disabledChanges
            ? await tx
                .update(users)
                .set({
                  ...(roleChanges ? { role: input.role as Role } : {}),
                  ...(disabledChanges ? { disabled: input.disabled } : {}),
                  // Sessions end: the next request sees the new role or the disabled flag anyway,
                  // but a role change should never ride on a session signed for the old one.
                  tokenVersion: sql`${users.tokenVersion} + 1`,
                  updatedAt: now,
                })
                .where(eq(users.id, id))
                .returning()
            : [user];
        // One audit row per mutating request, even when nothing had to change.
        await writeAudit(
          tx,
          actor,
          {
            action: disabledChanges && input.disabled ? 'user.disable' : 'user.update',
            targetType: 'user',
            targetId: id,
            targetLabel: user.username,
            details: {
              before: { role: user.role, disabled: user.disabled },
              after: { role: updated.role, disabled: updated.disabled },
              changed: roleChanges || disabledChanges,
            },
          },
          now,
        );
        return view(updated);
      });
    },

    async resetPassword(id: number, password: string, actor: Actor): Promise<void> {
      const now = clock();
      const target = await load(storage.db, id);
      const problem = passwordPolicyProblem(password, target.username);
      if (problem) throw badRequest('weak_password', problem);
      const hash = await hashPassword(password);
      await storage.transaction(async (tx) => {
        await load(tx, id);
        await tx.update(users).set(newPasswordColumns(hash, now)).where(eq(users.id, id));
        await writeAudit(
          tx,
          actor,
          { action: 'user.password_reset', targetType: 'user', targetId: id, targetLabel: target.username },
          now,
        );
      });
    },

    /**
     * Lifts a sign-in lock of the account (five wrong passwords from anywhere lock it for
     * LOGIN_LOCK_MINUTES); the addresses that failed stay locked. Audited even when nothing was
     * locked, like every mutating request.
     */
    async unlock(id: number, actor: Actor): Promise<{ ok: true; failuresCleared: number }> {
      const now = clock();
      return storage.transaction(async (tx) => {
        const user = await load(tx, id);
        const failuresCleared = await throttle.unlock(tx, user.username);
        await writeAudit(
          tx,
          actor,
          {
            action: 'user.unlock',
            targetType: 'user',
            targetId: id,
            targetLabel: user.username,
            counts: { login_attempts: failuresCleared },
          },
          now,
        );
        return { ok: true as const, failuresCleared };
      });
    },

    /** Disables by default; `hard` deletes the row (history keeps the username copies). */
    async remove(id: number, hard: boolean, actor: Actor): Promise<{ deleted: boolean; disabled: boolean }> {
      if (id === actor.userId) throw conflict('cannot_delete_self', 'ลบตัวเองไม่ได้');
      const now = clock();
      return storage.transaction(async (tx) => {
        const user = await load(tx, id);
        if (user.role === 'admin' && !user.disabled && (await activeAdminsExcept(tx, id)) === 0) {
          throw conflict('last_admin', 'ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน');
        }
        if (hard) {
          await tx.delete(users).where(eq(users.id, id));
        } else {
          await tx
            .update(users)
            .set({ disabled: true, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
            .where(eq(users.id, id));
        }
        await writeAudit(
          tx,
          actor,
          {
            action: hard ? 'user.delete' : 'user.disable',
            targetType: 'user',
            targetId: id,
            targetLabel: user.username,
            details: { hard },
          },
          now,
        );
        return { deleted: hard, disabled: !hard };
      });
    },
  };
}
