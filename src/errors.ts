// The one error envelope (docs/api.md#error-envelope): { error: { code, message, details,
// requestId } }. Every code the service answers with is in ERROR_STATUS with its HTTP status:
// AppError takes a code and looks its status up, so a code never changes status from one route
// to the next, and the OpenAPI error responses (src/routes/schemas.ts) come from the same table.
// Services throw AppError for anything the client can act on; everything else becomes a 500
// whose body never carries a stack trace, path or SQL.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Code -> status. A code listed with several statuses has one meaning answered in two places
 * with a different status for historic reasons; the first is its default and AppError accepts
 * the others only by name (see `sheet_invalid_url`).
 */
export const ERROR_STATUS = {
  // 400: the body, query or path is invalid.
  invalid_request: 400,
  invalid_backup_name: 400,
  invalid_characters: 400,
  invalid_current_password: 400,
  invalid_date: 400,
  invalid_date_range: 400,
  invalid_platform: 400,
  invalid_role: 400,
  invalid_round: 400,
  invalid_shop_name: 400,
  invalid_targets: 400,
  invalid_username: 400,
  missing_order_no: 400,
  missing_sku: 400,
  id_not_exact: 400,
  field_too_long: 400,
  reason_required: 400,
  // A round (จ่ายงาน(รอบที่) or a stock report's round) that is not an integer >= 1.
  round_invalid: 400,
  // A restore page's apply step sent another file than the one its dry run checked.
  restore_file_changed: 400,
  weak_password: 400,

  // 401: not signed in, or a wrong username or password.
  unauthenticated: 401,
  invalid_credentials: 401,

  // 403: signed in, but not allowed (yet).
  forbidden: 403,
  csrf_failed: 403,
  invalid_setup_token: 403,
  password_change_required: 403,
  password_reset_required: 403,
  // อนุญาตพิมพ์ซ้ำ asked by someone who is not an admin.
  override_forbidden: 403,

  // 404: no such resource or route.
  not_found: 404,
  backup_not_found: 404,
  import_not_found: 404,
  order_line_not_found: 404,
  print_job_not_found: 404,
  product_not_found: 404,
  report_has_no_round: 404,
  report_not_found: 404,
  sheet_source_not_found: 404,
  shop_not_found: 404,
  user_not_found: 404,

  // 409: the state does not allow it.
  cannot_delete_self: 409,
  confirm_zeroing_required: 409,
  confirmation_required: 409,
  idempotency_key_reused: 409,
  last_admin: 409,
  migration_in_progress: 409,
  nothing_to_drop: 409,
  // Report prints (docs/domain/reports.md): nothing is printed when one of these is answered.
  nothing_to_print: 409,
  not_in_report: 409,
  reprint_requires_override: 409,
  round_required: 409,
  setup_already_done: 409,
  shop_exists: 409,
  shop_has_orders: 409,
  sku_exists: 409,
  unsupported_on_adapter: 409,
  username_taken: 409,
  would_lock_out: 409,

  // 413: over a size limit (only a smaller input helps).
  payload_too_large: 413,
  restore_too_large: 413,
  file_too_large_inflated: 413,

  // 415: a body of a type the route does not read.
  unsupported_media_type: 415,

  // 422: a file (or Google Sheet) that cannot be processed.
  unsupported_type: 422,
  unreadable_file: 422,
  missing_columns: 422,
  wrong_file_kind: 422,
  too_many_rows: 422,
  cell_too_long: 422,
  too_many_columns: 422,
  invalid_export: 422,
  incompatible_export: 422,
  invalid_backup: 422,
  // 400 when a saved Sheet URL is refused (PUT /api/settings/sheet-urls/{source}).
  sheet_invalid_url: [422, 400],
  sheet_no_access: 422,
  sheet_not_public: 422,
  sheet_not_found: 422,
  sheet_tab_not_found: 422,
  sheet_empty: 422,

  // 429: too many attempts or exports at once (with Retry-After).
  too_many_attempts: 429,
  export_in_progress: 429,
  exports_busy: 429,

  // 500: our fault.
  internal_error: 500,

  // 503: not available now.
  setup_required: 503,
  schema_out_of_date: 503,
  shutting_down: 503,
  starting: 503,
  backup_failed: 503,
  sheet_unavailable: 503,
  storage_busy: 503,
  storage_read_only: 503,
  configuration_invalid: 503,
  unavailable: 503,

  // 507: the volume is full; reads and exports keep working.
  storage_full: 507,
} as const satisfies Record<string, ContentfulStatusCode | readonly [ContentfulStatusCode, ...ContentfulStatusCode[]]>;

export type ErrorCode = keyof typeof ERROR_STATUS;

type Statuses<C extends ErrorCode> = C extends ErrorCode
  ? (typeof ERROR_STATUS)[C] extends readonly (infer S)[]
    ? S
    : (typeof ERROR_STATUS)[C]
  : never;

/** The status(es) a code may be answered with. */
export type StatusOfCode<C extends ErrorCode> = Statuses<C>;

/** Every status some code is answered with. */
export type ErrorStatus = Statuses<ErrorCode>;

/** Every status a code may be answered with (the first is its default). */
export function statusesOf(code: ErrorCode): ContentfulStatusCode[] {
  const entry: ContentfulStatusCode | readonly ContentfulStatusCode[] = ERROR_STATUS[code];
  return typeof entry === 'number' ? [entry] : [...entry];
}

/** The status of `code` (its default, for a code with several). */
export const statusOf = (code: ErrorCode): ContentfulStatusCode => statusesOf(code)[0];

/** The codes answered with `status`, in table order. */
export const codesWithStatus = (status: ErrorStatus): ErrorCode[] =>
  (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => statusesOf(code).includes(status));

export interface ErrorDetail {
  [key: string]: unknown;
}

export interface AppErrorOptions<C extends ErrorCode> {
  headers?: Record<string, string>;
  /** Only for a code the table lists with several statuses. */
  status?: Statuses<C>;
}

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: C,
    message: string,
    readonly details: ErrorDetail[] = [],
    options: AppErrorOptions<C> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = (options.status as ContentfulStatusCode | undefined) ?? statusOf(code);
    this.headers = options.headers ?? {};
  }
}

/** The codes the table allows with `status`. */
export type CodeWithStatus<S extends ErrorStatus> = {
  [C in ErrorCode]: S extends Statuses<C> ? C : never;
}[ErrorCode];

const withStatus =
  <S extends ErrorStatus>(status: S) =>
  (code: CodeWithStatus<S>, message: string, details?: ErrorDetail[]) =>
    new AppError<ErrorCode>(code, message, details, { status });

// Named by status for the reader of a throw site; the type admits only codes of that status.
export const badRequest = withStatus(400);
export const notFound = withStatus(404);
export const conflict = withStatus(409);
export const unprocessable = withStatus(422);
export const unavailable = withStatus(503);

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[], requestId: string) {
  return { error: { code, message, details, requestId } };
}

/**
 * Zod issues as the `details` of a 400 invalid_request: one `{ field, message, code }` per issue
 * (`in` names where the field was: query, json, param, form).
 */
export function issueDetails(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  where?: string,
): ErrorDetail[] {
  return issues.map((i) => ({
    field: i.path.map(String).join('.'),
    ...(where ? { in: where } : {}),
    message: i.message,
    code: i.code,
  }));
}
