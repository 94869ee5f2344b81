import type { ErrorCode, ErrorPayload } from '../../shared/errors';

/** The one error type the core throws for anything a user or caller can act on. */
export class SanctumError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, where?: string) {
    super(message);
    this.name = 'SanctumError';
    this.code = code;
    this.where = where;
  }

  toPayload(): ErrorPayload {
    return this.where === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, where: this.where };
  }
}

export function isSanctumError(e: unknown, code?: ErrorCode): e is SanctumError {
  return e instanceof SanctumError && (code === undefined || e.code === code);
}
