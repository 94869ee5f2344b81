import type { ErrorCode, ErrorDetails, ErrorPayload } from '../../shared/errors';

/** The one error type the core throws for anything a user or caller can act on. */
export class SanctumError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;
  /** Structured detail the renderer shows (the hits an export stopped on). */
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, where?: string, details?: ErrorDetails) {
    super(message);
    this.name = 'SanctumError';
    this.code = code;
    this.where = where;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.where === undefined ? {} : { where: this.where }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isSanctumError(e: unknown, code?: ErrorCode): e is SanctumError {
  return e instanceof SanctumError && (code === undefined || e.code === code);
}
