// จัดการผู้ใช้งาน (admin; docs/domain/auth.md#users): the list and the create form, and one page
// per user to change the role, disable or enable, set a new password, lift a sign-in lock and
// delete. Each form calls the same users-service method as its API route, with the same audit
// row; refusals (last_admin, cannot_delete_self, username_taken, the password policy) come back
// on the page in Thai, by the field they belong to.
import type { Context } from 'hono';
import { actorOf } from '../../../http/auth';
import { definePages, readForm } from '../../define';
import { render } from '../../render';
import { withNotice, type NoticeKey } from '../../notices';
import { readPaging, type Query } from '../../list-query';
import { ROLE_LABELS } from '../../nav';
import { thaiDateTime, formatDuration } from '../../format';
import { Badge } from '../../components/badge';
import { ErrorSummary } from '../../components/banner';
import { Field, focusField, PostForm, SelectField, type FieldErrors } from '../../components/form';
import { NewPasswordFields, newPasswordErrors } from '../../components/password';
import { isConfirmed, renderConfirmation } from '../../components/confirm';
import { DataTable, Pager, type Column } from '../../components/table';
import { Facts } from '../../components/facts';
import { AdminHead, attempt } from './common';
import type { PageContext } from '../../context';
import type { AppEnv } from '../../../http/env';
import type { UserView } from '../../../services/users';

const ROLE_OPTIONS = (['user', 'staff', 'admin'] as const).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const PASSWORD_FIELDS = ['password', 'confirmPassword'] as const;
const PASSWORD_HINT = 'อย่างน้อย 10 ตัวอักษร ไม่ซ้ำกับชื่อผู้ใช้ และไม่ง่ายเกินไป';
const USERNAME_HINT = '3-32 ตัว ใช้ได้เฉพาะ a-z 0-9 . _ -';

/** Which field a refusal of the users service belongs to. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_username: 'username',
  username_taken: 'username',
  invalid_role: 'role',
  weak_password: 'password',
  last_admin: 'role',
};

const fieldErrorOf = (code: string, message: string, fallback?: string): FieldErrors => {
  const field = FIELD_OF_CODE[code] ?? fallback;
  return field ? { [field]: message } : {};
};

function StatusBadge(props: { user: Pick<UserView, 'disabled'> }) {
  return props.user.disabled ? <Badge tone="neutral">ปิดการใช้งาน</Badge> : <Badge tone="success">ใช้งานอยู่</Badge>;
}

const disableMessage = (username: string) =>
  `ปิดการใช้งานผู้ใช้ ${username}? ผู้ใช้นี้จะออกจากระบบทันทีและเข้าสู่ระบบไม่ได้จนกว่าจะเปิดใช้งานอีกครั้ง`;
const deleteMessage = (username: string) => `ลบผู้ใช้ ${username} ถาวร? บันทึกการใช้งานยังเก็บชื่อผู้ใช้นี้ไว้`;

const columns: Column<UserView>[] = [
  { key: 'username', label: 'ชื่อผู้ใช้', cell: (u) => <a href={`/admin/users/${u.id}`}>{u.username}</a> },
  { key: 'role', label: 'บทบาท', cell: (u) => ROLE_LABELS[u.role] },
  { key: 'status', label: 'สถานะ', cell: (u) => <StatusBadge user={u} /> },
  { key: 'lastLoginAt', label: 'เข้าสู่ระบบล่าสุด', nowrap: true, cell: (u) => thaiDateTime(u.lastLoginAt) },
  { key: 'createdAt', label: 'สร้างเมื่อ', nowrap: true, cell: (u) => thaiDateTime(u.createdAt) },
  {
    key: 'manage',
    label: 'จัดการ',
    cell: (u) => (
      <a href={`/admin/users/${u.id}`}>
        จัดการ<span class="visually-hidden"> {u.username}</span>
      </a>
    ),
  },
];

interface CreateView {
  values?: { username?: string; role?: string };
  errors?: FieldErrors;
  message?: string | null;
}

async function listPage(c: Context<AppEnv>, create: CreateView = {}, status: 200 | 400 | 409 = 200) {
  const query = c.req.query() as Query;
  const paging = readPaging(query);
  const users = await c.get('services').users.list({ page: paging.page, limit: paging.pageSize });
  const errors = create.errors ?? {};
  const focus = Object.keys(errors).length
    ? focusField(errors, ['username', 'password', 'confirmPassword', 'role'])
    : '';
  return render(c, {
    title: 'จัดการผู้ใช้งาน',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="จัดการผู้ใช้งาน" user={ctx.user} path={ctx.path} />
        <DataTable
          caption="ผู้ใช้งานทั้งหมด"
          columns={columns}
          rows={users.items}
          path="/admin/users"
          query={query}
          rowClass={(u) => (u.disabled ? 'struck' : undefined)}
        />
        <Pager page={paging.page} pageSize={paging.pageSize} total={users.total} path="/admin/users" query={query} />
        <section class="panel" aria-labelledby="create-title">
          <h2 id="create-title">เพิ่มผู้ใช้</h2>
          <ErrorSummary message={create.message} fields={errors} />
          <PostForm action="/admin/users" csrf={ctx.csrfToken} novalidate class="form-grid">
            <Field
              name="username"
              label="ชื่อผู้ใช้"
              value={create.values?.username}
              error={errors.username}
              required
              autocomplete="off"
              spellcheck={false}
              maxlength={64}
              hint={USERNAME_HINT}
              autofocus={focus === 'username'}
            />
            <SelectField
              name="role"
              label="บทบาท"
              options={ROLE_OPTIONS}
              value={create.values?.role ?? 'user'}
              error={errors.role}
              required
            />
            <NewPasswordFields
              names={PASSWORD_FIELDS}
              labels={['รหัสผ่าน', 'ยืนยันรหัสผ่าน']}
              hint={PASSWORD_HINT}
              errors={errors}
              focus={focus}
            />
            <div class="actions">
              <button type="submit">เพิ่มผู้ใช้</button>
            </div>
          </PostForm>
        </section>
      </>
    ),
  });
}

interface DetailErrors {
  message?: string | null;
  errors?: FieldErrors;
}

function DetailBody(props: {
  ctx: PageContext;
  user: UserView & { lockedForS: number };
  problem: DetailErrors;
  roleValue?: string;
}) {
  const { ctx, user } = props;
  const self = ctx.user?.id === user.id;
  const errors = props.problem.errors ?? {};
  const passwordFocus = errors.password || errors.confirmPassword ? focusField(errors, PASSWORD_FIELDS) : '';
  const base = `/admin/users/${user.id}`;
  return (
    <>
      <AdminHead title={`ผู้ใช้ ${user.username}`} user={ctx.user} path={ctx.path}>
        <a href="/admin/users">กลับไปรายชื่อผู้ใช้</a>
      </AdminHead>
      <ErrorSummary message={props.problem.message} fields={props.problem.message ? {} : errors} />
      <section class="panel" aria-labelledby="user-facts-title">
        <h2 id="user-facts-title">ข้อมูลผู้ใช้</h2>
        <Facts
          items={[
            { label: 'ชื่อผู้ใช้', value: user.username, code: true },
            { label: 'บทบาท', value: ROLE_LABELS[user.role] },
            { label: 'สถานะ', value: <StatusBadge user={user} /> },
            {
              label: 'การเข้าสู่ระบบ',
              value:
                user.lockedForS > 0 ? (
                  <Badge tone="danger">{`ถูกล็อกอีก ${formatDuration(user.lockedForS)}`}</Badge>
                ) : (
                  'ไม่ได้ถูกล็อก'
                ),
            },
            { label: 'เข้าสู่ระบบล่าสุด', value: thaiDateTime(user.lastLoginAt) },
            { label: 'สร้างเมื่อ', value: thaiDateTime(user.createdAt) },
            { label: 'แก้ไขล่าสุด', value: thaiDateTime(user.updatedAt) },
          ]}
        />
        {self ? <p class="muted">นี่คือบัญชีของคุณเอง</p> : null}
      </section>

      <div class="panel-grid">
        <section class="panel" aria-labelledby="role-title">
          <h2 id="role-title">เปลี่ยนบทบาท</h2>
          <PostForm action={`${base}/role`} csrf={ctx.csrfToken}>
            <SelectField
              name="role"
              label="บทบาท"
              options={ROLE_OPTIONS}
              value={props.roleValue ?? user.role}
              error={errors.role}
              required
            />
            <p class="muted">ผู้ใช้นี้จะต้องเข้าสู่ระบบใหม่หลังเปลี่ยนบทบาท</p>
            <button type="submit">บันทึกบทบาท</button>
          </PostForm>
        </section>

        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">สถานะบัญชี</h2>
          {self ? (
            <p>ปิดการใช้งานหรือลบบัญชีของตัวเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นทำแทน</p>
          ) : user.disabled ? (
            <PostForm action={`${base}/status`} csrf={ctx.csrfToken}>
              <input type="hidden" name="disabled" value="0" />
              <p>บัญชีนี้ถูกปิดการใช้งาน เข้าสู่ระบบไม่ได้</p>
              <button type="submit">เปิดใช้งาน</button>
            </PostForm>
          ) : (
            <PostForm
              action={`${base}/status`}
              csrf={ctx.csrfToken}
              confirm={disableMessage(user.username)}
              confirmOk="ปิดการใช้งาน"
              danger
            >
              <input type="hidden" name="disabled" value="1" />
              <p>บัญชีนี้ใช้งานได้ตามปกติ</p>
              <button type="submit" class="danger">
                ปิดการใช้งาน
              </button>
            </PostForm>
          )}
        </section>

        <section class="panel" aria-labelledby="password-title">
          <h2 id="password-title">ตั้งรหัสผ่านใหม่</h2>
          <PostForm action={`${base}/password`} csrf={ctx.csrfToken} novalidate>
            <NewPasswordFields
              names={PASSWORD_FIELDS}
              labels={['รหัสผ่านใหม่', 'ยืนยันรหัสผ่านใหม่']}
              hint={PASSWORD_HINT}
              errors={errors}
              focus={passwordFocus}
            />
            <p class="muted">ผู้ใช้นี้จะต้องเข้าสู่ระบบใหม่ด้วยรหัสผ่านนี้</p>
            <button type="submit">ตั้งรหัสผ่านใหม่</button>
          </PostForm>
        </section>

        <section class="panel" aria-labelledby="unlock-title">
          <h2 id="unlock-title">ปลดล็อกการเข้าสู่ระบบ</h2>
          {user.lockedForS > 0 ? (
            <PostForm action={`${base}/unlock`} csrf={ctx.csrfToken}>
              <p>{`บัญชีนี้ถูกล็อกเพราะใส่รหัสผ่านผิดหลายครั้ง (อีก ${formatDuration(user.lockedForS)}) ที่อยู่ IP ที่ใส่ผิดยังถูกล็อกต่อไป`}</p>
              <button type="submit">ปลดล็อก</button>
            </PostForm>
          ) : (
            <p>บัญชีนี้ไม่ได้ถูกล็อก</p>
          )}
        </section>

        <section class="panel" aria-labelledby="delete-title">
          <h2 id="delete-title">ลบผู้ใช้</h2>
          {self ? (
            <p>ลบตัวเองไม่ได้</p>
          ) : (
            <PostForm
              action={`${base}/delete`}
              csrf={ctx.csrfToken}
              confirm={deleteMessage(user.username)}
              confirmOk="ลบผู้ใช้"
              danger
            >
              <p>ลบบัญชีออกถาวร หากต้องการเก็บบัญชีไว้ให้ปิดการใช้งานแทน</p>
              <button type="submit" class="danger">
                ลบผู้ใช้
              </button>
            </PostForm>
          )}
        </section>
      </div>
    </>
  );
}

function userId(c: Context<AppEnv>): number {
  return Number(c.req.param('id'));
}

async function detailPage(
  c: Context<AppEnv>,
  problem: DetailErrors = {},
  status: 200 | 400 | 404 | 409 = 200,
  roleValue?: string,
) {
  const user = await c.get('services').users.get(userId(c));
  return render(c, {
    title: `ผู้ใช้ ${user.username}`,
    status,
    body: (ctx) => <DetailBody ctx={ctx} user={user} problem={problem} roleValue={roleValue} />,
  });
}

const backTo = (c: Context<AppEnv>, key: NoticeKey) => c.redirect(withNotice(`/admin/users/${userId(c)}`, key), 303);

/** The refusal on the user's page: the message at the top, and by its field when it has one. */
const refusal = (
  c: Context<AppEnv>,
  error: { status: number; code: string; message: string },
  field?: string,
  roleValue?: string,
) =>
  detailPage(
    c,
    { message: error.message, errors: fieldErrorOf(error.code, error.message, field) },
    error.status as 400 | 404 | 409,
    roleValue,
  );

/**
 * The service refuses every change to one's own account as cannot_delete_self
 * (docs/domain/auth.md#users); on a form that changes the role or the status, say what was refused.
 */
const ownAccount = <E extends { code: string; message: string }>(error: E, message: string): E =>
  error.code === 'cannot_delete_self' ? { ...error, message } : error;

export const userPages = definePages((page) => {
  page.get('/admin/users', (c) => listPage(c));

  page.post('/admin/users', async (c) => {
    const form = await readForm(c);
    const values = { username: (form.username ?? '').trim(), role: form.role ?? '' };
    const errors: FieldErrors = {
      ...(values.username ? {} : { username: 'กรุณากรอกชื่อผู้ใช้' }),
      ...newPasswordErrors(form, PASSWORD_FIELDS, 'กรุณากรอกรหัสผ่าน', 'รหัสผ่านทั้งสองช่องไม่ตรงกัน'),
    };
    if (Object.keys(errors).length) return listPage(c, { values, errors }, 400);
    const created = await attempt(() =>
      c
        .get('services')
        .users.create({ username: values.username, password: form.password, role: values.role }, actorOf(c)),
    );
    if (!created.ok) {
      const { error } = created;
      const fields = fieldErrorOf(error.code, error.message);
      return listPage(
        c,
        { values, errors: fields, message: Object.keys(fields).length ? null : error.message },
        error.status === 409 ? 409 : 400,
      );
    }
    return c.redirect(withNotice(`/admin/users/${created.value.id}`, 'user_created'), 303);
  });

  page.get('/admin/users/:id{[0-9]+}', (c) => detailPage(c));

  page.post('/admin/users/:id{[0-9]+}/role', async (c) => {
    const form = await readForm(c);
    const done = await attempt(() => c.get('services').users.update(userId(c), { role: form.role ?? '' }, actorOf(c)));
    if (!done.ok)
      return refusal(c, ownAccount(done.error, 'เปลี่ยนบทบาทของตัวเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นทำแทน'), 'role', form.role);
    return backTo(c, 'user_role_saved');
  });

  page.post('/admin/users/:id{[0-9]+}/status', async (c) => {
    const form = await readForm(c);
    if (form.disabled !== '1' && form.disabled !== '0')
      return detailPage(c, { message: 'ไม่ได้ระบุว่าจะเปิดหรือปิดการใช้งาน' }, 400);
    const disabled = form.disabled === '1';
    if (disabled && !isConfirmed(form)) {
      const user = await c.get('services').users.get(userId(c));
      return renderConfirmation(c, {
        title: 'ยืนยันการปิดการใช้งาน',
        message: disableMessage(user.username),
        action: `/admin/users/${user.id}/status`,
        fields: { disabled: '1' },
        cancelHref: `/admin/users/${user.id}`,
        confirmLabel: 'ปิดการใช้งาน',
        danger: true,
      });
    }
    const done = await attempt(() => c.get('services').users.update(userId(c), { disabled }, actorOf(c)));
    if (!done.ok) return refusal(c, ownAccount(done.error, 'ปิดการใช้งานบัญชีของตัวเองไม่ได้'));
    return backTo(c, disabled ? 'user_disabled' : 'user_enabled');
  });

  page.post('/admin/users/:id{[0-9]+}/password', async (c) => {
    const form = await readForm(c);
    const errors = newPasswordErrors(form, PASSWORD_FIELDS, 'กรุณากรอกรหัสผ่านใหม่', 'รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน');
    if (Object.keys(errors).length) return detailPage(c, { errors }, 400);
    const done = await attempt(() => c.get('services').users.resetPassword(userId(c), form.password, actorOf(c)));
    if (!done.ok) return refusal(c, done.error, 'password');
    return backTo(c, 'user_password_reset');
  });

  page.post('/admin/users/:id{[0-9]+}/unlock', async (c) => {
    const done = await attempt(() => c.get('services').users.unlock(userId(c), actorOf(c)));
    if (!done.ok) return refusal(c, done.error);
    return backTo(c, 'user_unlocked');
  });

  page.post('/admin/users/:id{[0-9]+}/delete', async (c) => {
    const form = await readForm(c);
    const id = userId(c);
    if (!isConfirmed(form)) {
      const user = await c.get('services').users.get(id);
      return renderConfirmation(c, {
        title: 'ยืนยันการลบผู้ใช้',
        message: deleteMessage(user.username),
        action: `/admin/users/${id}/delete`,
        fields: {},
        cancelHref: `/admin/users/${id}`,
        confirmLabel: 'ลบผู้ใช้',
        danger: true,
      });
    }
    const done = await attempt(() => c.get('services').users.remove(id, true, actorOf(c)));
    if (!done.ok) return refusal(c, done.error);
    return c.redirect(withNotice('/admin/users', 'user_deleted'), 303);
  });
});
