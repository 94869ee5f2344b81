/** Messages between BlobDecryptPool (blob-decrypt-pool.ts) and its workers (blob-decrypt-worker.ts). */
import type { ErrorCode } from '../../../shared/errors';

/** Plaintext per piece sent back (16 frames). */
export const DECRYPT_PIECE_FRAMES = 16;

export type ToDecryptWorker =
  | { t: 'key'; key: Uint8Array }
  | { t: 'open'; id: number; path: string; blobId: string; where: string; algs: string[]; credit: number }
  | { t: 'more'; id: number; n: number }
  | { t: 'cancel'; id: number }
  | { t: 'wipe' };

export type FromDecryptWorker =
  | { t: 'data'; id: number; buf: Uint8Array; last?: { size: number; digests: string[] } }
  | { t: 'fail'; id: number; code: ErrorCode; message: string; where: string }
  | { t: 'wiped' };
