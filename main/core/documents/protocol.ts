/** Messages between the text-extraction client (main thread) and the text worker. One request per document. */
import type { ErrorCode } from '../../../shared/errors';
import type { ExtractResult } from './types';

export type ToTextWorker =
  /** `bytes` is transferred (the main thread keeps no copy of the decrypted file). */
  | { type: 'extract'; id: number; bytes: Uint8Array; mediaType: string; name: string }
  | { type: 'cancel'; id: number };

export type FromTextWorker =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: ExtractResult }
  | { type: 'error'; id: number; code: ErrorCode; message: string };
