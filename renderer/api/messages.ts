/**
 * Every error code the core can send, in words a person under pressure can act on. One place, so the same
 * problem reads the same everywhere. Components show `message` next to the field it concerns and, when the
 * core said something more specific (which character, which file), `detail` underneath in smaller type.
 */
import type { ErrorCode } from '../../shared/errors';

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  WRONG_PASSPHRASE: 'That passphrase is not right. Check Caps Lock and keyboard layout.',
  WRONG_RECOVERY_KEY: 'This recovery key does not belong to this vault. Check that it is the key written down for this vault.',
  RECOVERY_KEY_MALFORMED: 'The recovery key looks mistyped. Compare it group by group with the written copy.',
  WEAK_PASSPHRASE: 'The passphrase is too short: use at least 10 characters. A few unrelated words work well.',
  HEADER_MISSING: 'There is no Sanctum vault in this folder.',
  HEADER_TRUNCATED: 'The vault header file is cut short. Restore the vault folder from a backup.',
  HEADER_CORRUPT: 'The vault header file is damaged or was altered. Restore the vault folder from a backup.',
  HEADER_ALTERED: 'The passphrase is right, but the vault header file was altered since it was last written. Restore the vault folder from a backup you trust.',
  RECOVERY_KEY_OUTDATED: 'This vault still has a recovery key from before re-keying existed. Issue a new recovery key first (Settings), then try again.',
  UNSUPPORTED_VERSION: 'This vault was made by a newer version of Sanctum. Update Sanctum to open it.',
  KDF_BELOW_FLOOR: 'The vault header asks for a key-derivation setting weaker than Sanctum allows. It may have been tampered with.',
  VAULT_EXISTS: 'A vault already exists here. Unlock it instead, or choose an empty folder.',
  VAULT_LOCKED: 'The vault is locked. Unlock it to continue.',
  VAULT_BUSY: 'Sanctum is still finishing the previous step. Wait a moment and try again.',
  COMPARTMENT_LOCKED: 'Witness identities are locked. Unlock the witness compartment to see them.',
  RECORD_TAMPERED: 'A record in the vault failed its integrity check: it was damaged or altered.',
  BLOB_TRUNCATED: 'An evidence file in the vault is incomplete: it was cut short.',
  BLOB_TAMPERED: 'An evidence file in the vault failed its integrity check: it was damaged or altered.',
  AUDIT_BROKEN: 'The activity log failed verification: an entry was changed, removed or reordered.',
  VAULT_ROLLED_BACK: 'The vault is older than the last state this computer saw, or records were put back, removed or added outside Sanctum. Nothing was opened. If you restored a backup on purpose, accept it from the command line.',
  GC_REFUSED: 'Unused files were not cleaned up because some records could not be read. Nothing was removed.',
  SCHEMA_MISMATCH: 'The vault database does not match this version of Sanctum.',
  DATABASE_CORRUPT: 'The vault database is damaged. Restore the vault folder from a backup.',
  INVALID_INPUT: 'Some of what was entered is not valid.',
  NOT_FOUND: 'That item no longer exists.',
  CONFLICT: 'That cannot be done in the current state. Reload the view and try again.',
  CANCELLED: 'Cancelled.',
  FORBIDDEN: 'That action is not allowed.',
  UNSUPPORTED_FORMAT: 'Sanctum cannot read this file format.',
  HOSTILE_INPUT: 'This file was refused because it looks crafted to attack the software reading it.',
  INTERNAL: 'Something went wrong inside Sanctum. Your data was not changed by this step.',
};

/** Codes whose core message adds something the person can use (a count, a character, a file). */
const DETAIL_WORTH_SHOWING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'RECOVERY_KEY_MALFORMED',
  'INVALID_INPUT',
  'HEADER_MISSING',
  'HEADER_TRUNCATED',
  'HEADER_CORRUPT',
  'HEADER_ALTERED',
  'UNSUPPORTED_VERSION',
  'RECORD_TAMPERED',
  'BLOB_TRUNCATED',
  'BLOB_TAMPERED',
  'AUDIT_BROKEN',
  'VAULT_ROLLED_BACK',
  'GC_REFUSED',
  'SCHEMA_MISMATCH',
  'DATABASE_CORRUPT',
  'UNSUPPORTED_FORMAT',
  'HOSTILE_INPUT',
  'INTERNAL',
]);

export interface UserMessage {
  message: string;
  /** The core's own wording (plus where), when it adds information. */
  detail?: string;
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** The plain-language message for an error from the bridge (or anything thrown). */
export function describeError(e: { code?: unknown; message?: unknown; where?: unknown } | null | undefined): UserMessage {
  const code = typeof e?.code === 'string' && e.code in ERROR_MESSAGES ? (e.code as ErrorCode) : 'INTERNAL';
  const message = ERROR_MESSAGES[code];
  const raw = typeof e?.message === 'string' ? e.message : '';
  if (!DETAIL_WORTH_SHOWING.has(code) || !raw) return { message };
  const where = typeof e?.where === 'string' && e.where && !raw.includes(e.where) ? ` (${e.where})` : '';
  return { message, detail: sentence(raw + where) };
}
