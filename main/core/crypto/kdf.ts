/**
 * Argon2id (crypto_pwhash, ALG_ARGON2ID13) turns a passphrase into a key-encryption key.
 * Parameters travel in the authenticated vault header; anything below the floor is refused before any work is
 * done, and anything above the ceiling is refused too (a hostile header must not be able to exhaust memory).
 */
import { SanctumError } from '../errors';
import { sodium } from './sodium';

export const MiB = 1024 * 1024;

export interface KdfCost {
  opsLimit: number;
  memLimitBytes: number;
}

export interface KdfParams extends KdfCost {
  alg: 'argon2id13';
  salt: Uint8Array;
}

export const KDF_DEFAULT: KdfCost = { opsLimit: 3, memLimitBytes: 256 * MiB };
export const KDF_FLOOR: KdfCost = { opsLimit: 3, memLimitBytes: 64 * MiB };
/**
 * libsodium's crypto_pwhash takes memlimit as a signed 32-bit value: 2^31 bytes (2048 MiB) is refused at derive
 * time, after the header was accepted. The ceiling is therefore the largest whole MiB below 2^31.
 */
export const SODIUM_MEMLIMIT_EXCLUSIVE_MAX = 2 ** 31;
export const KDF_CEILING: KdfCost = { opsLimit: 64, memLimitBytes: 2047 * MiB };
export const KDF_SALT_BYTES = 16;
export const KEY_BYTES = 32;

export function assertKdfCost(cost: KdfCost, where = 'kdf'): void {
  const { opsLimit, memLimitBytes } = cost;
  if (!Number.isSafeInteger(opsLimit) || !Number.isSafeInteger(memLimitBytes)) {
    throw new SanctumError('HEADER_CORRUPT', 'KDF parameters are not integers', where);
  }
  if (memLimitBytes < KDF_FLOOR.memLimitBytes || opsLimit < KDF_FLOOR.opsLimit) {
    throw new SanctumError(
      'KDF_BELOW_FLOOR',
      `Argon2id parameters ${describeCost(cost)} are below the floor of ${describeCost(KDF_FLOOR)}; ` +
        'refusing to use a weakened key derivation',
      where,
    );
  }
  if (memLimitBytes > KDF_CEILING.memLimitBytes || memLimitBytes >= SODIUM_MEMLIMIT_EXCLUSIVE_MAX || opsLimit > KDF_CEILING.opsLimit) {
    throw new SanctumError(
      'HEADER_CORRUPT',
      `Argon2id parameters ${describeCost(cost)} exceed the ceiling of ${describeCost(KDF_CEILING)}`,
      where,
    );
  }
}

export function describeCost(cost: KdfCost): string {
  return `${Math.round(cost.memLimitBytes / MiB)} MiB / ${cost.opsLimit} passes`;
}

/** Passphrases are compared as NFC so the same words typed on different keyboards derive the same key. */
export function normalisePassphrase(passphrase: string): string {
  return passphrase.normalize('NFC');
}

/** Synchronous derivation; use deriveKeyOffThread from the app and CLI. Exposed for workers and tests. */
export function deriveKeySync(passphrase: string, params: KdfParams): Uint8Array {
  assertKdfCost(params);
  if (params.salt.length !== KDF_SALT_BYTES) throw new SanctumError('HEADER_CORRUPT', 'KDF salt has the wrong length');
  const s = sodium();
  return s.crypto_pwhash(
    KEY_BYTES,
    normalisePassphrase(passphrase),
    params.salt,
    params.opsLimit,
    params.memLimitBytes,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );
}
