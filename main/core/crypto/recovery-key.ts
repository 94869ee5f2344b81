/**
 * Recovery key: 160 random bits a person writes down once. Shown as Crockford base32 (no I, L, O, U, so it
 * survives handwriting) in dash-separated groups of four, followed by one check group so a mistyped character
 * is reported as a typo rather than as a wrong key.
 *
 *   K7QX-M2PA-...-(8 groups of data)-CHK1
 */
import { SanctumError } from '../errors';
import { concatBytes, utf8 } from './bytes';
import { sha256 } from './hash';
import { sodium } from './sodium';
import { RECOVERY_ALPHABET } from '../../../shared/vault-policy';

const ALPHABET = RECOVERY_ALPHABET;
export const RECOVERY_SECRET_BYTES = 20;
const DATA_CHARS = 32; // 160 bits / 5
const CHECK_CHARS = 4;

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function decodeBase32(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new SanctumError('RECOVERY_KEY_MALFORMED', `recovery key contains an invalid character "${ch}"`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(out);
}

function checkGroup(secret: Uint8Array): string {
  return encodeBase32(sha256(concatBytes(utf8('sanctum.recovery.check'), secret))).slice(0, CHECK_CHARS);
}

export function formatRecoveryKey(secret: Uint8Array): string {
  if (secret.length !== RECOVERY_SECRET_BYTES) throw new Error('recovery secret must be 20 bytes');
  const text = encodeBase32(secret) + checkGroup(secret);
  return text.match(/.{4}/g)!.join('-');
}

/** Accepts lower case, spaces or no dashes, and the usual Crockford confusions (O→0, I/L→1). */
export function parseRecoveryKey(input: string): Uint8Array {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== DATA_CHARS + CHECK_CHARS) {
    throw new SanctumError(
      'RECOVERY_KEY_MALFORMED',
      `a recovery key has ${DATA_CHARS + CHECK_CHARS} characters in 9 groups of four; this one has ${cleaned.length}`,
    );
  }
  const secret = decodeBase32(cleaned.slice(0, DATA_CHARS));
  if (checkGroup(secret) !== cleaned.slice(DATA_CHARS)) {
    throw new SanctumError('RECOVERY_KEY_MALFORMED', 'the recovery key does not match its check group: a character is mistyped');
  }
  return secret;
}

/** Key-encryption key from the recovery secret. 160 random bits need no stretching. */
export function recoveryKek(secret: Uint8Array, vaultId: Uint8Array, purpose: 'master' | 'witness'): Uint8Array {
  return sodium().crypto_generichash(32, concatBytes(utf8(`sanctum.recovery.v1.${purpose}\0`), vaultId, secret), null);
}

/**
 * X25519 key pair derived from the recovery secret (BLAKE2b → crypto_box_seed_keypair). Its public half sits in
 * the header so a re-key can wrap a new master key for the recovery key without the user typing it in.
 */
export function recoveryBoxKeyPair(secret: Uint8Array, vaultId: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array } {
  const s = sodium();
  const seed = s.crypto_generichash(32, concatBytes(utf8('sanctum.recovery.v2.box\0'), vaultId, secret), null);
  const kp = s.crypto_box_seed_keypair(seed);
  s.memzero(seed);
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

/** Sealed box of `key` to the recovery public key; the purpose is inside, so a master wrap never opens as a witness wrap. */
export function sealForRecovery(key: Uint8Array, purpose: 'master' | 'witness', vaultId: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const tag = sodium().crypto_generichash(16, concatBytes(utf8(`sanctum.recovery.v2.${purpose}\0`), vaultId), null);
  const plain = concatBytes(tag, key);
  try {
    return sodium().crypto_box_seal(plain, publicKey);
  } finally {
    sodium().memzero(plain);
  }
}

export function openForRecovery(wrapped: Uint8Array, purpose: 'master' | 'witness', vaultId: Uint8Array, kp: { publicKey: Uint8Array; privateKey: Uint8Array }): Uint8Array | null {
  const s = sodium();
  let plain: Uint8Array;
  try {
    plain = s.crypto_box_seal_open(wrapped, kp.publicKey, kp.privateKey);
  } catch {
    return null;
  }
  const tag = s.crypto_generichash(16, concatBytes(utf8(`sanctum.recovery.v2.${purpose}\0`), vaultId), null);
  const ok = plain.length === 48 && s.memcmp(plain.subarray(0, 16), tag);
  const key = ok ? plain.slice(16) : null;
  s.memzero(plain);
  return key;
}
