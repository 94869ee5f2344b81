/**
 * Argon2id in a worker thread (started by kdf-off-thread.ts): one derivation per worker, then it exits. Its
 * protocol is the types below: the job comes as workerData, or — for a worker started ahead of time, while the
 * lock screen waits for a passphrase (prewarmKdfWorker) — as the one message it waits for once libsodium is
 * loaded. One reply comes back.
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
const given = (workerData as { job?: KdfJob } & Partial<KdfJob> | null) ?? {};
const direct: KdfJob | null = typeof given.passphrase === 'string' ? (given as KdfJob) : null;

const job: Promise<KdfJob> = direct ? Promise.resolve(direct) : new Promise((resolve) => port.once('message', (m: KdfJob) => resolve(m)));

initCrypto()
  .then(async (sodium) => {
    const j = await job;
    const key = sodium.crypto_pwhash(j.keyBytes, j.passphrase, j.salt, j.opsLimit, j.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    port.postMessage({ key } satisfies KdfReply, [key.buffer as ArrayBuffer]);
  })
  .catch((e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies KdfReply));
