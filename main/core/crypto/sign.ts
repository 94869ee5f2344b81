/** Ed25519 (RFC 8032) signatures for audit heads and evidence packages. */
import { sodium } from './sodium';
import { sha256Hex } from './hash';

export interface SigningKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  const kp = sodium().crypto_sign_seed_keypair(seed);
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

export function signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return sodium().crypto_sign_detached(message, secretKey);
}

export function verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

/** A short, human-comparable fingerprint of a public key: the first 128 bits of its SHA-256, in groups. */
export function fingerprint(publicKey: Uint8Array): string {
  return sha256Hex(publicKey).slice(0, 32).toUpperCase().match(/.{4}/g)!.join(' ');
}
