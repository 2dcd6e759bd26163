// Forms: every control has a visible label, errors sit next to their field (and are announced),
// and every post carries the CSRF field. Values are attributes, so hono/jsx escapes them.
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../define';

/** Field name -> Thai message. */
export type FieldErrors = Partial<Record<string, string>>;

export interface PostFormProps {
  action: string;
  /** PageContext.csrfToken; omitted only for sign-in and setup, which have no session yet. */
  csrf: string | null;
  /** Ask before posting: a dialog with the script, the server's confirmation page without it. */
  confirm?: string;
  confirmTitle?: string;
  confirmOk?: string;
  danger?: boolean;
  /** Show the form's UploadProgress note while it posts (long uploads). */
  progress?: boolean;
  multipart?: boolean;
  class?: string;
  id?: string;
  /** Lets a page turn off the browser's own checks where the server's messages are better. */
  novalidate?: boolean;
  children?: Child;
}

export function PostForm(props: PostFormProps) {
  return (
    <form
      method="post"
      action={props.action}
      id={props.id}
      class={props.class}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      data-confirm={props.confirm}
      data-confirm-title={props.confirm ? props.confirmTitle : undefined}
      data-confirm-ok={props.confirm ? props.confirmOk : undefined}
      data-confirm-danger={props.confirm && props.danger ? '' : undefined}
      data-progress={props.progress ? '' : undefined}
      novalidate={props.novalidate}
    >
      {props.csrf ? <input type="hidden" name={CSRF_FIELD} value={props.csrf} /> : null}
      {props.children}
    </form>
  );
}

/** The field to give focus: the first one with an error, else the first one (`order` is form order). */
export function focusField(errors: FieldErrors, order: readonly string[]): string {
  return order.find((name) => errors[name]) ?? order[0];
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function describedBy(id: string, hint?: Child, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldNotes(props: { id: string; hint?: Child; error?: string }) {
  return (
    <>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'search' | 'number' | 'date' | 'url' | 'email';
  value?: string | number | null;
  error?: string;
  hint?: Child;
  required?: boolean;
  autocomplete?: string;
  autofocus?: boolean;
  inputmode?: 'text' | 'numeric' | 'decimal' | 'search' | 'url' | 'email';
  placeholder?: string;
  maxlength?: number;
  min?: number;
  max?: number;
  spellcheck?: boolean;
  /** Marks the input for the scanner key mapping of app.js. */
  scanner?: boolean;
  class?: string;
  /** When two forms on a page have a field of the same name (default: from the name). */
  id?: string;
}

/** A label, an input, its hint and its error, wired for screen readers. */
export function Field(props: FieldProps) {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class={props.class ? `field ${props.class}` : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="visually-hidden"> (จำเป็น)</span> : null}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? undefined}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        min={props.min}
        max={props.max}
        spellcheck={props.spellcheck}
        data-scanner={props.scanner ? '' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
      <FieldNotes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export interface SelectFieldProps {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  value?: string | null;
  error?: string;
  hint?: Child;
  required?: boolean;
  class?: string;
  id?: string;
}

export function SelectField(props: SelectFieldProps) {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class={props.class ? `field ${props.class}` : 'field'}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export interface CheckFieldProps {
  name: string;
  label: string;
  /** The value posted when ticked (default `1`). */
  value?: string;
  checked?: boolean;
  hint?: Child;
  error?: string;
  required?: boolean;
  /** When several boxes share a name (one per value). */
  id?: string;
}

/** A checkbox with its label beside it, its hint and its error under the label. */
export function CheckField(props: CheckFieldProps) {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class="check">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? '1'}
        checked={props.checked}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** The hidden fields that carry a value through a form (the `next` page, a filter, ...). */
export function Hidden(props: { fields: Record<string, string | readonly string[] | null | undefined> }) {
  return (
    <>
      {Object.entries(props.fields).flatMap(([name, value]) =>
        value === null || value === undefined
          ? []
          : (typeof value === 'string' ? [value] : value).map((v) => <input type="hidden" name={name} value={v} />),
      )}
    </>
  );
}
