// Confirmation, progressively: a form posts with `confirm="..."` (PostForm). With the script the
// browser asks in a dialog and posts `confirmed=1`; without it the post arrives unconfirmed and
// the route answers with this page, which re-posts the same fields with `confirmed=1`. So the
// route's rule is one line: `if (!isConfirmed(form)) return renderConfirmation(c, {...})`.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../define';
import { render } from '../render';
import { Hidden, PostForm } from './form';
import type { AppEnv } from '../../http/env';

export const isConfirmed = (form: Readonly<Record<string, string | undefined>>) => form.confirmed === '1';

export interface ConfirmationProps {
  title: string;
  message: string;
  details?: Child;
  /** Where the confirmed form posts (usually the same route). */
  action: string;
  /** The fields of the original post (the CSRF field and `confirmed` are added here). */
  fields: Record<string, string | readonly string[] | null | undefined>;
  cancelHref: string;
  confirmLabel?: string;
  danger?: boolean;
}

export function ConfirmPanel(props: ConfirmationProps & { csrf: string | null }) {
  const { [CSRF_FIELD]: _csrf, confirmed: _confirmed, ...fields } = props.fields;
  return (
    <section class="panel narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{props.title}</h1>
      <p>{props.message}</p>
      {props.details}
      <PostForm action={props.action} csrf={props.csrf}>
        <Hidden fields={{ ...fields, confirmed: '1' }} />
        <div class="actions">
          <button type="submit" class={props.danger ? 'danger' : undefined}>
            {props.confirmLabel ?? 'ยืนยัน'}
          </button>
          <a class="button secondary" href={props.cancelHref}>
            ยกเลิก
          </a>
        </div>
      </PostForm>
    </section>
  );
}

export function renderConfirmation(c: Context<AppEnv>, props: ConfirmationProps): Promise<Response> {
  return render(c, { title: props.title, body: (ctx) => <ConfirmPanel {...props} csrf={ctx.csrfToken} /> });
}
