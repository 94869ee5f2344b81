/** Hashes via node:crypto (native, ~10x faster than the WASM SHA-256). */
import { createHash, type Hash } from 'node:crypto';
import { toHex } from './bytes';

export function sha256(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha512Hex(data: Uint8Array | string): string {
  return createHash('sha512').update(data).digest('hex');
}

export function createSha256(): Hash {
  return createHash('sha256');
}

export function createSha512(): Hash {
  return createHash('sha512');
}

export { toHex };
