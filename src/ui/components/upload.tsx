// File upload with drag and drop, progressively: a plain file input inside a drop zone (works
// without script); app.js lets a file be dropped on the zone and shows its name. Put the field in
// a PostForm with `multipart` and `progress`, and an UploadProgress note in the same form.
import type { Child } from 'hono/jsx';
import { fieldId } from './form';

export interface FileDropFieldProps {
  name: string;
  label: string;
  /** e.g. ".xlsx,.csv" */
  accept?: string;
  hint?: Child;
  error?: string;
  required?: boolean;
}

export function FileDropField(props: FileDropFieldProps) {
  const id = fieldId(props.name);
  const described = [`${id}-drop`, props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <div class="dropzone">
        <label for={id}>{props.label}</label>
        <span class="hint" id={`${id}-drop`}>
          ลากไฟล์มาวางที่นี่ หรือกดปุ่มเพื่อเลือกไฟล์
        </span>
        <input
          id={id}
          name={props.name}
          type="file"
          accept={props.accept}
          required={props.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={described}
        />
        <span class="dropzone-name" aria-live="polite"></span>
      </div>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** Shown (by app.js) while the form posts: large files take a while to upload and check. */
export function UploadProgress(props: { text?: string }) {
  const text = props.text ?? 'กำลังอัปโหลดและตรวจสอบไฟล์ กรุณารอสักครู่...';
  return (
    <p class="progress-note" data-progress-note hidden role="status">
      <progress aria-label={text}></progress>
      <span>{text}</span>
    </p>
  );
}
