// Changing one's own password (docs/domain/auth.md#passwords): the same service as
// POST /api/auth/password. Other sessions end; this browser gets a fresh session (and CSRF token)
// at once. It is also the page a user is sent to while a new password is required (define.ts
// mustChangePassword).
import { actorOf } from '../../http/auth';
import { safeNext } from '../../http/redirect';
import { setSessionCookies } from '../../http/session-cookies';
import { AppError } from '../../errors';
import { definePages, mustChangePassword, PASSWORD_CHANGE_PAGE, readForm } from '../define';
import { render } from '../render';
import { withNotice } from '../notices';
import { Banner, ErrorSummary } from '../components/banner';
import { Field, focusField, Hidden, PostForm, type FieldErrors } from '../components/form';
import { NewPasswordFields, newPasswordErrors } from '../components/password';

const PASSWORD_FIELDS = ['newPassword', 'confirmPassword'] as const;

interface PasswordView {
  csrf: string | null;
  next: string | null;
  required: boolean;
  message?: string | null;
  errors?: FieldErrors;
}

const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_current_password: 'currentPassword',
  weak_password: 'newPassword',
};

function PasswordForm(props: PasswordView) {
  const errors = props.errors ?? {};
  const focus = focusField(errors, ['currentPassword', 'newPassword', 'confirmPassword']);
  return (
    <section class="panel narrow" aria-labelledby="password-title">
      <h1 id="password-title">เปลี่ยนรหัสผ่าน</h1>
      {props.required ? (
        <Banner tone="warning">กรุณาตั้งรหัสผ่านใหม่ก่อนใช้งานต่อ รหัสผ่านเดิมไม่ตรงตามนโยบายความปลอดภัย</Banner>
      ) : null}
      <ErrorSummary message={props.message} fields={errors} />
      <PostForm action={PASSWORD_CHANGE_PAGE} csrf={props.csrf} novalidate>
        <Hidden fields={{ next: props.next }} />
        <Field
          name="currentPassword"
          label="รหัสผ่านปัจจุบัน"
          type="password"
          error={errors.currentPassword}
          required
          autocomplete="current-password"
          autofocus={focus === 'currentPassword'}
          maxlength={1024}
        />
        <NewPasswordFields
          names={PASSWORD_FIELDS}
          labels={['รหัสผ่านใหม่', 'ยืนยันรหัสผ่านใหม่']}
          hint="อย่างน้อย 10 ตัวอักษร ไม่ซ้ำกับชื่อผู้ใช้ และไม่ง่ายเกินไป"
          errors={errors}
          focus={focus}
        />
        <p class="muted">เมื่อเปลี่ยนแล้ว อุปกรณ์อื่นที่เข้าสู่ระบบด้วยบัญชีนี้จะต้องเข้าสู่ระบบใหม่</p>
        <button type="submit">บันทึกรหัสผ่านใหม่</button>
      </PostForm>
    </section>
  );
}

export const accountPages = definePages((page) => {
  page.get(PASSWORD_CHANGE_PAGE, async (c) => {
    const next = c.req.query('next');
    return render(c, {
      title: 'เปลี่ยนรหัสผ่าน',
      body: (ctx) => (
        <PasswordForm
          csrf={ctx.csrfToken}
          next={next ? safeNext(next) : null}
          required={mustChangePassword(c.get('auth')!)}
        />
      ),
    });
  });

  page.post(PASSWORD_CHANGE_PAGE, async (c) => {
    const auth = c.get('auth')!;
    const services = c.get('services');
    const form = await readForm(c);
    const next = form.next ? safeNext(form.next) : null;
    const view = (status: 400, v: Pick<PasswordView, 'message' | 'errors'>) =>
      render(c, {
        title: 'เปลี่ยนรหัสผ่าน',
        status,
        body: (ctx) => <PasswordForm csrf={ctx.csrfToken} next={next} required={mustChangePassword(auth)} {...v} />,
      });

    const errors: FieldErrors = {
      ...(form.currentPassword ? {} : { currentPassword: 'กรุณากรอกรหัสผ่านปัจจุบัน' }),
      ...newPasswordErrors(form, PASSWORD_FIELDS, 'กรุณากรอกรหัสผ่านใหม่', 'รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน'),
    };
    if (Object.keys(errors).length) return view(400, { errors });

    try {
      const user = await services.auth.changeOwnPassword(
        auth,
        { currentPassword: form.currentPassword, newPassword: form.newPassword },
        actorOf(c),
      );
      const session = await services.auth.issueSession(user);
      if (auth.method === 'cookie') setSessionCookies(c, session);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = FIELD_OF_CODE[error.code];
      if (field) return view(400, { errors: { [field]: error.message } });
      throw error;
    }
    return c.redirect(withNotice(next ?? PASSWORD_CHANGE_PAGE, 'password_changed'), 303);
  });
});
