/**
 * libsodium, sumo build. The standard build declares crypto_pwhash (Argon2id) in its types but throws at run
 * time, so the sumo build is not optional here.
 */
import sodiumLib from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumLib;

let instance: Sodium | undefined;
let pending: Promise<Sodium> | undefined;

/** Await once before any other crypto call (the WASM module loads asynchronously). */
export function initCrypto(): Promise<Sodium> {
  pending ??= sodiumLib.ready.then(() => {
    instance = sodiumLib;
    return sodiumLib;
  });
  return pending;
}

export function sodium(): Sodium {
  if (!instance) throw new Error('crypto used before initCrypto() resolved');
  return instance;
}
