/**
 * The key-derivation worker started ahead (prewarmKdfWorker, while the lock screen waits) derives the same key
 * as one started on demand and as libsodium in process, takes its job by message, and is used once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KDF_FLOOR, KEY_BYTES, type KdfParams } from '../../../main/core/crypto/kdf';
import { deriveKeyOffThread, dropWarmKdfWorker, prewarmKdfWorker } from '../../../main/core/crypto/kdf-off-thread';
import { initCrypto } from '../../../main/core/crypto/sodium';

const params = (salt: number): KdfParams => ({ alg: 'argon2id13', ...KDF_FLOOR, salt: new Uint8Array(16).fill(salt) });

afterEach(async () => {
  await dropWarmKdfWorker();
});

describe('key derivation worker started ahead', () => {
  it('derives the key libsodium derives, as a worker started on demand does, and serves one derivation', async () => {
    const sodium = await initCrypto();
    const p = params(7);
    const expected = sodium.crypto_pwhash(KEY_BYTES, 'a passphrase of some length', p.salt, p.opsLimit, p.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    prewarmKdfWorker();
    prewarmKdfWorker(); // a second call while one waits starts no other
    const warm = await deriveKeyOffThread('a passphrase of some length', p);
    expect(Buffer.from(warm).equals(Buffer.from(expected))).toBe(true);
    // The warm worker was used up: the next derivation (another salt) starts its own and still gets it right.
    const q = params(9);
    const other = await deriveKeyOffThread('a passphrase of some length', q);
    const expectedOther = sodium.crypto_pwhash(KEY_BYTES, 'a passphrase of some length', q.salt, q.opsLimit, q.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    expect(Buffer.from(other).equals(Buffer.from(expectedOther))).toBe(true);
    expect(Buffer.from(other).equals(Buffer.from(warm))).toBe(false);
  });
});
