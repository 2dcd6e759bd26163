// A list of facts, label and value side by side (a description list): system status, a user's
// details, a backup. Values are children, so hono/jsx escapes them.
import type { Child } from 'hono/jsx';

export interface Fact {
  label: string;
  value: Child;
  /** Shown as a code value (paths, names, tags). */
  code?: boolean;
}

export function Facts(props: { items: readonly (Fact | null | false)[]; class?: string }) {
  const items = props.items.filter((f): f is Fact => !!f);
  return (
    <dl class={props.class ? `facts ${props.class}` : 'facts'}>
      {items.map((f) => (
        <div>
          <dt>{f.label}</dt>
          <dd>{f.code ? <code>{f.value}</code> : f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
