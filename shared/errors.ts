/**
 * Error codes that cross the IPC boundary and the CLI. The renderer maps each to a message a person
 * under pressure can act on; the CLI prints the message and exits 1 (or 2 for usage errors).
 */
export const ERROR_CODES = [
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'RECOVERY_KEY_MALFORMED',
  'WEAK_PASSPHRASE',
  'HEADER_MISSING',
  'HEADER_TRUNCATED',
  'HEADER_CORRUPT',
  'HEADER_ALTERED',
  'RECOVERY_KEY_OUTDATED',
  'UNSUPPORTED_VERSION',
  'KDF_BELOW_FLOOR',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'VAULT_BUSY',
  'COMPARTMENT_LOCKED',
  'RECORD_TAMPERED',
  'BLOB_TRUNCATED',
  'BLOB_TAMPERED',
  'AUDIT_BROKEN',
  'VAULT_ROLLED_BACK',
  'GC_REFUSED',
  'SCHEMA_MISMATCH',
  'DATABASE_CORRUPT',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'FORBIDDEN',
  'UNSUPPORTED_FORMAT',
  'HOSTILE_INPUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Where the problem is: a file, a line, a record id, a field. */
  where?: string;
}
