import { sodium } from './sodium';

/**
 * A key held in memory. wipe() zeroes the bytes (sodium.memzero) and makes any later use throw, so a locked
 * vault cannot be used by accident through a stale reference.
 */
export class SecretKey {
  #bytes: Uint8Array | null;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get bytes(): Uint8Array {
    if (!this.#bytes) throw new Error('key used after it was wiped');
    return this.#bytes;
  }

  get wiped(): boolean {
    return this.#bytes === null;
  }

  wipe(): void {
    if (this.#bytes) {
      sodium().memzero(this.#bytes);
      this.#bytes = null;
    }
  }
}

/** Purpose-bound sub-keys (crypto_kdf_derive_from_key, BLAKE2b). Context is exactly 8 characters. */
export function deriveSubkey(master: SecretKey, id: number, context: string): SecretKey {
  if (context.length !== 8) throw new Error('KDF context must be 8 characters');
  return new SecretKey(sodium().crypto_kdf_derive_from_key(32, id, context, master.bytes));
}
