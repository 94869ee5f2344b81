/**
 * Error codes that cross the IPC boundary and the CLI. The renderer maps each to a message a person
 * under pressure can act on; the CLI prints the message and exits 1 (or 2 for usage errors).
 */
import { z } from 'zod';

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

/**
 * A possible mention of a protected person's identity an export stopped on (review before release). Carries
 * the field name and the pseudonym, never the identity itself; `context` is the output's own text around it.
 */
export const ReviewHitView = z.object({
  /** What a decision refers to (stable across exports of the same text). */
  key: z.string().regex(/^[0-9a-f]{16}$/),
  /** The output and place in it ("proposal narrative", "statement W-001.txt" …). */
  where: z.string(),
  /** Which identity field matched (never its value). */
  field: z.string(),
  /** Whose identity: the pseudonym or label. */
  subject: z.string(),
  /** The surrounding output text, the mention between [[ and ]]. */
  context: z.string(),
});
export type ReviewHitView = z.infer<typeof ReviewHitView>;

/** A person's decision on one hit: redact it, or keep it with a reason (logged with the export). */
export const ReviewDecisionInput = z
  .object({
    key: z.string().regex(/^[0-9a-f]{16}$/, 'a hit key as the export listed it'),
    decision: z.enum(['redact', 'keep']),
    reason: z.string().max(2000).optional(),
  })
  .strict()
  .refine((d) => d.decision === 'redact' || (d.reason ?? '').trim().length > 0, { message: 'keeping a possible identity mention needs a reason' });
export const ReviewDecisions = z.array(ReviewDecisionInput).max(10_000);
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInput>;

/** Structured detail of an error the renderer acts on (validated like any response). */
export const ErrorDetails = z.object({ reviewHits: z.array(ReviewHitView).max(10_000) }).strict();
export type ErrorDetails = z.infer<typeof ErrorDetails>;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Where the problem is: a file, a line, a record id, a field. */
  where?: string;
  /** FORBIDDEN for want of review: the hits to decide on (ErrorDetails). */
  details?: ErrorDetails;
}

export const ErrorPayloadSchema = z
  .object({ code: z.enum(ERROR_CODES), message: z.string(), where: z.string().optional(), details: ErrorDetails.optional() })
  .strict();
