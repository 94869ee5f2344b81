/**
 * Where worker threads (Argon2id, blob decryption) load libsodium from. The app ships it as one self-contained
 * CommonJS bundle beside the main bundle (`sodium.cjs`, built by build/scripts/lib/bundle.mjs; the WASM module
 * is inlined), inside app.asar and so covered by its integrity check — instead of unpacking node_modules/libsodium*
 * outside the archive, where anyone with write access to the install could swap the code that derives keys.
 * From source (tsx, vitest, the CLI) there is no bundle and the package is resolved from node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const SODIUM_WORKER_BUNDLE = 'sodium.cjs';

let resolved: string | undefined;

export function workerSodiumPath(): string {
  if (resolved) return resolved;
  const here = import.meta.url;
  const bundled = fileURLToPath(new URL(`./${SODIUM_WORKER_BUNDLE}`, here));
  resolved = existsSync(bundled) ? bundled : createRequire(here).resolve('libsodium-wrappers-sumo');
  return resolved;
}
