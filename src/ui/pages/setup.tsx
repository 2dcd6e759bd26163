// First admin (docs/domain/auth.md#first-admin-and-setup): only while no user exists, with the
// one-time setup token the service logged at start (or SETUP_TOKEN). The same service as
// POST /api/setup.
import { actorOf, assertOriginAllowed } from '../../http/auth';
import { AppError } from '../../errors';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { withNotice } from '../notices';
import { ErrorSummary } from '../components/banner';
import { Field, focusField, PostForm, type FieldErrors } from '../components/form';
import { NewPasswordFields, newPasswordErrors } from '../components/password';
import { loginFailure } from './login';

const PASSWORD_FIELDS = ['password', 'confirmPassword'] as const;

interface SetupView {
  username?: string;
  message?: string | null;
  errors?: FieldErrors;
}

/** Which field a refusal of the setup service belongs to. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_setup_token: 'setupToken',
  invalid_username: 'username',
  weak_password: 'password',
};

function SetupForm(props: SetupView) {
  const errors = props.errors ?? {};
  const focus = focusField(errors, ['setupToken', 'username', 'password', 'confirmPassword']);
  return (
    <section class="panel narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">ตั้งค่าผู้ดูแลระบบคนแรก</h1>
      <p>ยังไม่มีบัญชีผู้ใช้ในระบบ สร้างบัญชีผู้ดูแลระบบ (Admin) คนแรกด้วย Setup token</p>
      <ErrorSummary message={props.message} fields={errors} />
      <PostForm action="/setup" csrf={null} novalidate>
        <Field
          name="setupToken"
          label="Setup token"
          error={errors.setupToken}
          required
          autocomplete="off"
          spellcheck={false}
          autofocus={focus === 'setupToken'}
          maxlength={512}
          hint="ดูได้จากบันทึก (log) ตอนเริ่มระบบ บรรทัดที่ขึ้นต้นด้วย Setup required หรือจากตัวแปร SETUP_TOKEN"
        />
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
          hint="3-32 ตัว ใช้ได้เฉพาะ a-z 0-9 . _ -"
        />
        <NewPasswordFields
          names={PASSWORD_FIELDS}
          labels={['รหัสผ่าน', 'ยืนยันรหัสผ่าน']}
          hint="อย่างน้อย 10 ตัวอักษร และไม่ง่ายเกินไป"
          errors={errors}
          focus={focus}
        />
        <button type="submit" class="block">
          สร้างผู้ดูแลระบบ
        </button>
      </PostForm>
    </section>
  );
}

export const setupPages = definePages((page) => {
  page.get('/setup', async (c) => {
    if (!(await c.get('services').auth.isSetupRequired())) return c.redirect('/login', 303);
    return render(c, { title: 'ตั้งค่าผู้ดูแลระบบคนแรก', showStorage: true, body: <SetupForm /> });
  });

  page.post('/setup', async (c) => {
    const services = c.get('services');
    if (!(await services.auth.isSetupRequired())) return c.redirect('/login', 303);
    const form = await readForm(c);
    const username = (form.username ?? '').trim();
    const view = (status: 400 | 403 | 409 | 429, v: SetupView, headers?: Record<string, string>) =>
      render(c, {
        title: 'ตั้งค่าผู้ดูแลระบบคนแรก',
        status,
        headers,
        showStorage: true,
        body: <SetupForm username={username} {...v} />,
      });

    const errors: FieldErrors = {
      ...(form.setupToken ? {} : { setupToken: 'กรุณากรอก Setup token' }),
      ...(username ? {} : { username: 'กรุณากรอกชื่อผู้ใช้' }),
      ...newPasswordErrors(form, PASSWORD_FIELDS, 'กรุณากรอกรหัสผ่าน', 'รหัสผ่านทั้งสองช่องไม่ตรงกัน'),
    };
    if (Object.keys(errors).length) return view(400, { errors });

    assertOriginAllowed(c);
    try {
      await services.auth.completeSetup(
        { setupToken: form.setupToken, username, password: form.password },
        { ...actorOf(c), method: 'setup' },
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'setup_already_done') return c.redirect('/login', 303);
      const field = FIELD_OF_CODE[error.code];
      const status = error.status as 400 | 403 | 429;
      if (field) return view(status, { errors: { [field]: error.message } });
      const failure = loginFailure(error);
      return view(status, { message: failure.message }, failure.headers);
    }
    return c.redirect(withNotice('/login', 'setup_done'), 303);
  });
});
