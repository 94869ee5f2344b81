/**
 * Runs Argon2id in a worker thread (kdf-worker.ts) so the Electron main process (and the UI it serves) never
 * freezes for the 1-2 s a 256 MiB derivation takes.
 *
 * Starting that worker (loading the module and libsodium's WebAssembly) is not Argon2id but was on the unlock
 * path too (measured, npm run bench -- --only vault). prewarmKdfWorker() starts one ahead of time — the session
 * does it while the lock screen waits for the passphrase — and the next derivation takes it. A warm worker holds
 * no secret until its job is posted, and is unreferenced so it never keeps a process alive.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn';
import { SanctumError } from '../errors';
import { assertKdfCost, KDF_SALT_BYTES, KEY_BYTES, normalisePassphrase, type KdfParams } from './kdf';
import type { KdfJob, KdfReply } from './kdf-worker';

// Argon2id needs memLimitBytes of WASM heap; give the worker room beyond that.
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256 };

let warm: Worker | null = null;

/** Start a key-derivation worker now, for the next deriveKeyOffThread (no-op when one is waiting already). */
export function prewarmKdfWorker(): void {
  if (warm) return;
  const w = spawnWorker('kdf-worker', { workerData: {}, resourceLimits: RESOURCE_LIMITS });
  w.unref();
  const drop = () => {
    if (warm === w) warm = null;
  };
  w.once('error', drop);
  w.once('exit', drop);
  warm = w;
}

/** Stop a waiting warm worker (tests; an app quitting). */
export async function dropWarmKdfWorker(): Promise<void> {
  const w = warm;
  warm = null;
  if (w) await w.terminate();
}

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
    let worker: Worker;
    if (warm) {
      worker = warm;
      warm = null;
      worker.ref();
      worker.postMessage(job);
    } else {
      worker = spawnWorker('kdf-worker', { workerData: { ...job }, resourceLimits: RESOURCE_LIMITS });
    }
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
