// File-level failure of the reading phase: the service turns it into the error envelope
// (`{ error: { code, message, details } }`) with `status`, writes the `failed` log row, and stops.
import { importMessage, type FileErrorCode, type MessageParams } from './messages';

export class ImportFileError extends Error {
  readonly status: 400 | 422;

  constructor(
    readonly code: FileErrorCode,
    message?: string,
    readonly details?: unknown,
    params?: MessageParams,
  ) {
    super(message ?? importMessage(code, params));
    this.name = 'ImportFileError';
    this.status = code === 'invalid_platform' ? 400 : 422;
  }
}
