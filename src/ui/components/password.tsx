// A new password and its confirmation, as the setup and change-of-password forms ask for them.
// The policy itself is the auth service's (passwordPolicyProblem); this only catches a typo.
import { Field, type FieldErrors } from './form';

export interface NewPasswordProps {
  /** Field names: the password and its confirmation. */
  names: readonly [string, string];
  labels: readonly [string, string];
  hint: string;
  errors: FieldErrors;
  /** The field that gets focus (focusField). */
  focus: string;
}

export function NewPasswordFields(props: NewPasswordProps) {
  const [name, confirm] = props.names;
  return (
    <>
      <Field
        name={name}
        label={props.labels[0]}
        type="password"
        error={props.errors[name]}
        required
        autocomplete="new-password"
        autofocus={props.focus === name}
        maxlength={1024}
        hint={props.hint}
      />
      <Field
        name={confirm}
        label={props.labels[1]}
        type="password"
        error={props.errors[confirm]}
        required
        autocomplete="new-password"
        autofocus={props.focus === confirm}
        maxlength={1024}
      />
    </>
  );
}

/** Field errors for a missing password or a confirmation that differs from it. */
export function newPasswordErrors(
  form: Readonly<Record<string, string | undefined>>,
  names: readonly [string, string],
  missing: string,
  mismatch: string,
): FieldErrors {
  const [name, confirm] = names;
  if (!form[name]) return { [name]: missing };
  if (form[name] !== form[confirm]) return { [confirm]: mismatch };
  return {};
}
