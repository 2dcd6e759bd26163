// Sign-in and sign-out (docs/domain/auth.md#sessions) as forms: the same auth service and cookies
// as POST /api/auth/login, the same Origin check, and `next` limited to local paths (safeNext).
import { actorOf, assertOriginAllowed } from '../../http/auth';
import { safeNext } from '../../http/redirect';
import { clearSessionCookies, setSessionCookies } from '../../http/session-cookies';
import { AppError } from '../../errors';
import { definePages, PASSWORD_CHANGE_PAGE, readForm } from '../define';
import { render } from '../render';
import { withNotice } from '../notices';
import { ErrorSummary } from '../components/banner';
import { Field, focusField, Hidden, PostForm, type FieldErrors } from '../components/form';

interface LoginView {
  username?: string;
  next: string;
  message?: string | null;
  errors?: FieldErrors;
}

function LoginForm(props: LoginView) {
  const errors = props.errors ?? {};
  // After a refusal the name is kept, so the password is what to type next.
  const focus = props.username && !errors.username ? 'password' : focusField(errors, ['username', 'password']);
  return (
    <section class="panel narrow" aria-labelledby="login-title">
      <h1 id="login-title">เข้าสู่ระบบ</h1>
      <ErrorSummary message={props.message} fields={errors} />
      <PostForm action="/login" csrf={null} novalidate>
        <Hidden fields={{ next: props.next === '/' ? null : props.next }} />
        <Field
          name="username"
          label="ชื่อผู้ใช้"
          value={props.username}
          error={errors.username}
          required
          autocomplete="username"
          autofocus={focus === 'username'}
          spellcheck={false}
          maxlength={64}
        />
        <Field
          name="password"
          label="รหัสผ่าน"
          type="password"
          error={errors.password}
          required
          autocomplete="current-password"
          autofocus={focus === 'password'}
          maxlength={1024}
        />
        <button type="submit" class="block">
          เข้าสู่ระบบ
        </button>
      </PostForm>
    </section>
  );
}

/** 429: how long to wait, in whole minutes (the throttle's Retry-After is in seconds). */
export function lockedMessage(retryAfterS: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  return `เข้าสู่ระบบผิดหลายครั้งเกินไป บัญชีนี้ถูกล็อกชั่วคราว กรุณารออีก ${minutes} นาทีแล้วลองใหม่`;
}

/** The banner text of a refused sign-in (or setup, which shares the throttle). */
export function loginFailure(error: AppError): { message: string; headers: Record<string, string> } {
  if (error.code === 'too_many_attempts') {
    const retryAfter = Number(
      error.headers['Retry-After'] ?? (error.details[0] as { retryAfterS?: number } | undefined)?.retryAfterS ?? 60,
    );
    return { message: lockedMessage(retryAfter), headers: error.headers };
  }
  return { message: error.message, headers: error.headers };
}

export const loginPages = definePages((page) => {
  page.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('auth')) return c.redirect(next, 303);
    return render(c, { title: 'เข้าสู่ระบบ', body: <LoginForm next={next} /> });
  });

  page.post('/login', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next);
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const errors: FieldErrors = {};
    if (!username) errors.username = 'กรุณากรอกชื่อผู้ใช้';
    if (!password) errors.password = 'กรุณากรอกรหัสผ่าน';
    if (errors.username || errors.password) {
      return render(c, {
        title: 'เข้าสู่ระบบ',
        status: 400,
        body: <LoginForm username={username} next={next} errors={errors} />,
      });
    }
    assertOriginAllowed(c);
    try {
      const result = await c.get('services').auth.login({ username, password }, { ...actorOf(c), method: 'cookie' });
      setSessionCookies(c, result);
      // A password that no longer meets the policy must be replaced before anything else.
      if ((result as { passwordChangeRequired?: boolean }).passwordChangeRequired === true) {
        return c.redirect(
          next === '/' ? PASSWORD_CHANGE_PAGE : `${PASSWORD_CHANGE_PAGE}?next=${encodeURIComponent(next)}`,
          303,
        );
      }
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const failure = loginFailure(error);
      return render(c, {
        title: 'เข้าสู่ระบบ',
        status: error.status,
        headers: failure.headers,
        body: <LoginForm username={username} next={next} message={failure.message} />,
      });
    }
  });

  page.post('/logout', async (c) => {
    await c.get('services').auth.logout(c.get('auth')!, false, actorOf(c));
    clearSessionCookies(c);
    return c.redirect(withNotice('/login', 'signed_out'), 303);
  });
});
