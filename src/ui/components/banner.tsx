// Result and error banners. Errors are announced at once (role=alert); other results politely.
import type { Child } from 'hono/jsx';
import type { NoticeTone } from '../notices';

export function Banner(props: { tone: NoticeTone; title?: string; children?: Child; id?: string }) {
  return (
    <div class={`banner banner-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'} id={props.id}>
      {props.title ? <strong class="banner-title">{props.title}</strong> : null}
      {props.children}
    </div>
  );
}

/**
 * The error banner at the top of a form: the request's own message, or, when only fields are
 * wrong, a summary listing them (each message also sits by its field).
 */
export function ErrorSummary(props: { message?: string | null; fields?: Partial<Record<string, string>> }) {
  const fieldMessages = Object.values(props.fields ?? {}).filter((m): m is string => !!m);
  if (props.message) return <Banner tone="error">{props.message}</Banner>;
  if (fieldMessages.length === 0) return null;
  return (
    <Banner tone="error" title="กรุณาแก้ไขข้อมูลที่ไม่ถูกต้อง">
      <ul>
        {fieldMessages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </Banner>
  );
}
