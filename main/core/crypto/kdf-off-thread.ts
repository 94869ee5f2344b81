/**
 * Runs Argon2id in a worker thread (kdf-worker.ts) so the Electron main process (and the UI it serves) never
 * freezes for the 1-2 s a 256 MiB derivation takes.
 */
import { spawnWorker } from '../workers/spawn';
import { SanctumError } from '../errors';
import { assertKdfCost, KDF_SALT_BYTES, KEY_BYTES, normalisePassphrase, type KdfParams } from './kdf';
import type { KdfJob, KdfReply } from './kdf-worker';

export function deriveKeyOffThread(passphrase: string, params: KdfParams): Promise<Uint8Array> {
  assertKdfCost(params);
  if (params.salt.length !== KDF_SALT_BYTES) throw new SanctumError('HEADER_CORRUPT', 'KDF salt has the wrong length');
  return new Promise((resolve, reject) => {
    const job: KdfJob = {
      passphrase: normalisePassphrase(passphrase),
      salt: params.salt,
      opsLimit: params.opsLimit,
      memLimitBytes: params.memLimitBytes,
      keyBytes: KEY_BYTES,
    };
    const worker = spawnWorker('kdf-worker', {
      workerData: { ...job },
      // Argon2id needs memLimitBytes of WASM heap; give the worker room beyond that.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    worker.once('message', (msg: KdfReply) => {
      settled = true;
      void worker.terminate();
      if ('key' in msg) resolve(new Uint8Array(msg.key));
      else reject(new SanctumError('INTERNAL', `key derivation failed: ${msg.error}`));
    });
    worker.once('error', (err) => {
      if (!settled) reject(new SanctumError('INTERNAL', `key derivation worker failed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new SanctumError('INTERNAL', `key derivation worker exited with code ${code}`));
    });
  });
}
