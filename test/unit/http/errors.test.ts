// The one table of error codes (src/errors.ts). The expected statuses are those of the contract
// (docs/api.md#status-codes, docs/domain/imports.md for the file and sheet errors), written out
// here by hand: a code whose status changes, or a code added without its line here, fails.
import { describe, expect, it } from 'vitest';
import {
  AppError,
  badRequest,
  codesWithStatus,
  conflict,
  ERROR_STATUS,
  notFound,
  statusesOf,
  statusOf,
  type ErrorCode,
} from '../../../src/errors';
import { errorResponses } from '../../../src/routes/schemas';

const EXPECTED: Record<ErrorCode, number | number[]> = {
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
  round_invalid: 400,
  restore_file_changed: 400,
  weak_password: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  invalid_setup_token: 403,
  password_change_required: 403,
  password_reset_required: 403,
  override_forbidden: 403,
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
  cannot_delete_self: 409,
  confirm_zeroing_required: 409,
  confirmation_required: 409,
  idempotency_key_reused: 409,
  last_admin: 409,
  migration_in_progress: 409,
  nothing_to_drop: 409,
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
  payload_too_large: 413,
  restore_too_large: 413,
  file_too_large_inflated: 413,
  unsupported_media_type: 415,
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
  sheet_invalid_url: [422, 400],
  sheet_no_access: 422,
  sheet_not_public: 422,
  sheet_not_found: 422,
  sheet_tab_not_found: 422,
  sheet_empty: 422,
  too_many_attempts: 429,
  export_in_progress: 429,
  exports_busy: 429,
  internal_error: 500,
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
  storage_full: 507,
};

describe('error codes (docs/api.md#status-codes)', () => {
  it('the table holds exactly the documented codes, each with its status', () => {
    const actual = Object.fromEntries(
      Object.keys(ERROR_STATUS).map((code) => {
        const statuses = statusesOf(code as ErrorCode);
        return [code, statuses.length === 1 ? statuses[0] : statuses];
      }),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('AppError takes its status from the table', () => {
    expect(new AppError('shop_exists', 'x').status).toBe(409);
    expect(new AppError('storage_full', 'x').status).toBe(507);
    // A code with two statuses answers its first unless the throw site names the other.
    expect(new AppError('sheet_invalid_url', 'x').status).toBe(422);
    expect(new AppError('sheet_invalid_url', 'x', [], { status: 400 }).status).toBe(400);
  });

  it('the helpers named by status keep that status', () => {
    expect(badRequest('invalid_date', 'x').status).toBe(400);
    expect(badRequest('sheet_invalid_url', 'x').status).toBe(400);
    expect(notFound('shop_not_found', 'x').status).toBe(404);
    expect(conflict('last_admin', 'x').status).toBe(409);
  });

  it('headers and details travel with the error', () => {
    const e = new AppError('storage_busy', 'x', [{ retryAfterS: 5 }], { headers: { 'Retry-After': '5' } });
    expect(e).toMatchObject({ code: 'storage_busy', status: 503, details: [{ retryAfterS: 5 }] });
    expect(e.headers).toEqual({ 'Retry-After': '5' });
  });

  it('lists the codes of a status in table order', () => {
    expect(codesWithStatus(507)).toEqual(['storage_full']);
    expect(codesWithStatus(429)).toEqual(['too_many_attempts', 'export_in_progress', 'exports_busy']);
    expect(statusOf('sheet_invalid_url')).toBe(422);
  });
});

describe('OpenAPI error responses (one factory)', () => {
  it('a status gives its meaning, a code adds its status and is named, notes follow', () => {
    const responses = errorResponses(400, 401, 'payload_too_large', 'sheet_invalid_url', {
      413: 'over MAX_UPLOAD_BYTES',
    });
    expect(Object.keys(responses).map(Number)).toEqual([400, 401, 413, 422]);
    expect(responses[400].description).toBe('Invalid input: `sheet_invalid_url`');
    expect(responses[401].description).toBe('Not signed in');
    expect(responses[413].description).toBe('Too large: `payload_too_large`: over MAX_UPLOAD_BYTES');
    expect(responses[422].description).toBe('A file that cannot be processed: `sheet_invalid_url`');
    expect(responses[413].content['application/json'].schema).toBe(responses[400].content['application/json'].schema);
  });
});
