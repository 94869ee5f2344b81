/** Vault rules both the core and the renderer need, in one place. */

/** Minimum passphrase length, in Unicode code points after NFC normalisation. */
export const MIN_PASSPHRASE_LENGTH = 10;

/** Crockford base32: no I, L, O, U, so handwriting survives (0 is zero, 1 is one). */
export const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 8 groups of data (160 bits) and one check group, four characters each. */
export const RECOVERY_GROUPS = 9;
export const RECOVERY_GROUP_LENGTH = 4;

export function passphraseLength(passphrase: string): number {
  return [...passphrase.normalize('NFC')].length;
}
