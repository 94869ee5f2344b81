/**
 * Display and input helpers for the recovery key. The core makes it (main/core/crypto/recovery-key.ts):
 * Crockford base32 (no I, L, O, U), 9 groups of 4 — 8 groups of key and one check group. The core parses
 * leniently (lower case, spaces, O→0, I/L→1); these helpers do the same so what the person sees matches
 * what will be accepted.
 */
import { RECOVERY_ALPHABET, RECOVERY_GROUP_LENGTH, RECOVERY_GROUPS } from '../../shared/vault-policy';

export { RECOVERY_ALPHABET, RECOVERY_GROUP_LENGTH, RECOVERY_GROUPS };
export const RECOVERY_KEY_CHARS = RECOVERY_GROUP_LENGTH * RECOVERY_GROUPS;

/** The key as groups of four for display (tolerates missing or extra separators). */
export function recoveryKeyGroups(key: string): string[] {
  const compact = key.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return compact.match(new RegExp(`.{1,${RECOVERY_GROUP_LENGTH}}`, 'g')) ?? [];
}

/** The same characters the core keeps, after its Crockford substitutions. Invalid characters are kept. */
function compactInput(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Normalised, dash-grouped form of what was typed ("k7qx m2pa…" → "K7QX-M2PA-…"). */
export function normalizeRecoveryKeyInput(input: string): string {
  return recoveryKeyGroups(compactInput(input).replace(/[^0-9A-Z]/g, '')).join('-');
}

export interface RecoveryKeyInputStatus {
  /** Characters counted towards the 36. */
  chars: number;
  complete: boolean;
  tooLong: boolean;
  /** Characters that never appear in a recovery key (after O→0, I/L→1), e.g. U or punctuation. */
  invalid: string[];
}

export function recoveryKeyInputStatus(input: string): RecoveryKeyInputStatus {
  const compact = compactInput(input);
  const invalid = [...new Set([...compact].filter((c) => !RECOVERY_ALPHABET.includes(c)))];
  const chars = [...compact].filter((c) => RECOVERY_ALPHABET.includes(c)).length;
  return { chars, complete: chars === RECOVERY_KEY_CHARS && invalid.length === 0, tooLong: chars > RECOVERY_KEY_CHARS, invalid };
}

/** One line telling the person where they are, or null when the key looks complete. */
export function recoveryKeyInputHint(input: string): string | null {
  const s = recoveryKeyInputStatus(input);
  if (s.invalid.length) {
    const list = s.invalid.map((c) => (c.trim() ? `“${c}”` : 'a space')).join(', ');
    return `${list} never appear${s.invalid.length === 1 ? 's' : ''} in a recovery key. Check the written copy.`;
  }
  if (s.tooLong) return `That is ${s.chars} characters; a recovery key has ${RECOVERY_KEY_CHARS} (9 groups of 4).`;
  if (!s.complete) return `${s.chars} of ${RECOVERY_KEY_CHARS} characters (9 groups of 4).`;
  return null;
}
