// File-level failure of the reading phase: the service turns it into the error envelope
// (`{ error: { code, message, details } }`) with `status`, writes the `failed` log row, and stops.
import { importMessage, type FileErrorCode, type MessageParams } from './messages';

export class ImportFileError extends Error {
  readonly status: 400 | 413 | 422;

  constructor(
    readonly code: FileErrorCode,
    message?: string,
    readonly details?: unknown,
    params?: MessageParams,
  ) {
    super(message ?? importMessage(code, params));
    this.name = 'ImportFileError';
    // 413: the input is too big once inflated (a size cap); 422: its content breaks a rule.
    this.status = code === 'invalid_platform' ? 400 : code === 'file_too_large_inflated' ? 413 : 422;
  }
}
