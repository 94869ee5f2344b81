/**
 * Argon2id in a worker thread (started by kdf-off-thread.ts): one derivation per worker, then it exits. Its
 * protocol is the types below: the job comes as workerData, one reply comes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initCrypto } from './sodium';

export interface KdfJob {
  passphrase: string;
  salt: Uint8Array;
  opsLimit: number;
  memLimitBytes: number;
  keyBytes: number;
}
export type KdfReply = { key: Uint8Array } | { error: string };

const port = parentPort;
if (!port) throw new Error('kdf-worker.ts runs as a worker thread');
const job = workerData as KdfJob;

initCrypto()
  .then((sodium) => {
    const key = sodium.crypto_pwhash(job.keyBytes, job.passphrase, job.salt, job.opsLimit, job.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    port.postMessage({ key } satisfies KdfReply, [key.buffer as ArrayBuffer]);
  })
  .catch((e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies KdfReply));
