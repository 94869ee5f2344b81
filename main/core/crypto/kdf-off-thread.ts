/**
 * Runs Argon2id in a worker thread so the Electron main process (and the UI it serves) never freezes for the
 * 1-2 s a 256 MiB derivation takes. The worker body is a small CommonJS script evaluated in place and given the
 * resolved path of libsodium, so it works the same under tsx, vitest and the bundled app.
 */
import { Worker } from 'node:worker_threads';
import { workerSodiumPath } from './worker-sodium';
import { SanctumError } from '../errors';
import { assertKdfCost, KDF_SALT_BYTES, KEY_BYTES, normalisePassphrase, type KdfParams } from './kdf';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const key = sodium.crypto_pwhash(workerData.keyBytes, workerData.passphrase, workerData.salt,
    workerData.opsLimit, workerData.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
  parentPort.postMessage({ key }, [key.buffer]);
}).catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));
`;


export function deriveKeyOffThread(passphrase: string, params: KdfParams): Promise<Uint8Array> {
  assertKdfCost(params);
  if (params.salt.length !== KDF_SALT_BYTES) throw new SanctumError('HEADER_CORRUPT', 'KDF salt has the wrong length');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sodiumPath: workerSodiumPath(),
        passphrase: normalisePassphrase(passphrase),
        salt: params.salt,
        opsLimit: params.opsLimit,
        memLimitBytes: params.memLimitBytes,
        keyBytes: KEY_BYTES,
      },
      // Argon2id needs memLimitBytes of WASM heap; give the worker room beyond that.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    worker.once('message', (msg: { key?: Uint8Array; error?: string }) => {
      settled = true;
      void worker.terminate();
      if (msg.key) resolve(new Uint8Array(msg.key));
      else reject(new SanctumError('INTERNAL', `key derivation failed: ${msg.error ?? 'unknown error'}`));
    });
    worker.once('error', (err) => {
      if (!settled) reject(new SanctumError('INTERNAL', `key derivation worker failed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new SanctumError('INTERNAL', `key derivation worker exited with code ${code}`));
    });
  });
}
