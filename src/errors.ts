// The one error envelope (ARCHITECTURE "Errors"): { error: { code, message, details, requestId } }.
// Services throw AppError for anything the client can act on; everything else becomes a 500
// whose body never carries a stack trace, path or SQL.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorDetail {
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(400, code, message, details);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(422, code, message, details);
export const unavailable = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(503, code, message, details);

export function errorBody(code: string, message: string, details: ErrorDetail[], requestId: string) {
  return { error: { code, message, details, requestId } };
}
