/**
 * Decrypting vault blobs (blob-stream.ts, formats v2 and v1) on a small pool of worker threads, for jobs that read many
 * bytes (an export): libsodium's WebAssembly secretstream is single-threaded and is the slowest step there, so
 * each worker opens whole blobs by itself (reads the file, checks every frame exactly as BlobOpener does) and,
 * from the same buffer, hashes the plaintext with the algorithms the caller asks for (Node's native crypto).
 * Plaintext comes back in pieces of up to 1 MiB whose buffers are transferred, not copied; a stream gets a few
 * pieces of credit at a time, so a slow consumer holds at most a few MiB per open blob.
 *
 * Key handling: the pool is made for one job with a copy of the blob key, sent to each worker once (the copy is
 * transferred, so the calling thread keeps none); each blob's secretstream state is zeroed and freed as soon as
 * the blob is done; close() makes every worker wipe its key and then terminates them (their WebAssembly memory
 * goes with them). Nothing here logs, and errors carry only the blob's place, never bytes.
 *
 * The workers are blob-decrypt-worker.ts (started through workers/spawn.ts), which decode blobs with the same
 * BlobOpener as the main thread.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SanctumError } from '../errors';
import { spawnWorker } from '../workers/spawn';
import type { FromDecryptWorker, ToDecryptWorker } from './blob-decrypt-protocol';

export { DECRYPT_PIECE_FRAMES } from './blob-decrypt-protocol';
/** Pieces a stream may have in flight before the consumer takes one. */
const CREDIT = 4;

type FromWorker = FromDecryptWorker;
/** Every message to a worker goes through here, so the protocol is checked. */
const post = (w: Worker, m: ToDecryptWorker, transfer?: ArrayBuffer[]) => w.postMessage(m, transfer);

export interface DecryptedBlob extends AsyncIterable<Uint8Array> {
  /** Size and hex digests (in the order of the algorithms asked for) of every byte; rejects as the stream does. */
  result(): Promise<{ size: number; digests: string[] }>;
  /** Stop decrypting it (when it will not be read, or not to the end). */
  cancel(): void;
}

interface Stream {
  id: number;
  blobId: string;
  algorithms: string[];
  /** The worker decrypting it; -1 while it waits for one. */
  worker: number;
  weight: number;
  queue: Uint8Array[];
  ended: boolean;
  error: SanctumError | null;
  wake: (() => void) | null;
  resolve: (r: { size: number; digests: string[] }) => void;
  reject: (e: Error) => void;
}

export function defaultDecryptWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** A worker takes a blob this large only when it has nothing else; smaller ones share a worker up to this sum. */
const SHARED_BYTES = 4 * 1024 * 1024;
const SHARED_STREAMS = 8;

export class BlobDecryptPool {
  readonly #workers: Worker[] = [];
  readonly #load: { bytes: number; streams: number }[] = [];
  readonly #streams = new Map<number, Stream>();
  /** Streams opened but not yet given to a worker, in the order they were opened. */
  #waiting: Stream[] = [];
  readonly #pathOf: (blobId: string) => string;
  #next = 0;
  #closed = false;
  #failed: SanctumError | null = null;

  /** `key` is copied into each worker; the caller keeps (and wipes) its own copy. */
  constructor(key: Uint8Array, pathOf: (blobId: string) => string, opts: { workers?: number } = {}) {
    this.#pathOf = pathOf;
    const n = opts.workers ?? defaultDecryptWorkers();
    for (let i = 0; i < n; i++) {
      const w = spawnWorker('blob-decrypt-worker', { name: 'sanctum-blob-decrypt' });
      w.unref();
      const copy = new Uint8Array(key); // a fresh buffer, transferred: this thread keeps no reference to it
      post(w, { t: 'key', key: copy }, [copy.buffer]);
      w.on('message', (m: FromWorker) => this.#onMessage(m));
      w.on('error', (e) => this.#fail(new SanctumError('INTERNAL', `blob decryption worker failed: ${e.message}`)));
      w.on('exit', (code) => {
        if (!this.#closed) this.#fail(new SanctumError('INTERNAL', `blob decryption worker exited with code ${code}`));
      });
      this.#workers.push(w);
      this.#load.push({ bytes: 0, streams: 0 });
    }
  }

  #onMessage(m: FromWorker): void {
    if (m.t === 'wiped') return;
    const s = this.#streams.get(m.id);
    if (!s) return; // cancelled meanwhile
    if (m.t === 'data') {
      s.queue.push(m.buf);
      if (m.last) {
        s.ended = true;
        this.#done(s);
        s.resolve(m.last);
      }
    } else {
      s.error = new SanctumError(m.code, m.message, m.where);
      this.#done(s);
      s.reject(s.error);
    }
    s.wake?.();
  }

  /** Give waiting blobs to workers: a large one to an idle worker, small ones to a worker with room. */
  #dispatch(): void {
    if (this.#closed || this.#failed) return;
    this.#waiting = this.#waiting.filter((s) => {
      let best = -1;
      for (let i = 0; i < this.#load.length; i++) {
        const l = this.#load[i]!;
        const fits = l.streams === 0 || (l.bytes + s.weight <= SHARED_BYTES && l.streams < SHARED_STREAMS);
        if (fits && (best < 0 || l.bytes < this.#load[best]!.bytes)) best = i;
      }
      if (best < 0) return true;
      s.worker = best;
      this.#load[best]!.bytes += s.weight;
      this.#load[best]!.streams++;
      post(this.#workers[best]!, { t: 'open', id: s.id, path: this.#pathOf(s.blobId), blobId: s.blobId, where: `blobs/${s.blobId}`, algs: s.algorithms, credit: CREDIT });
      return false;
    });
  }

  #done(s: Stream): void {
    if (!this.#streams.delete(s.id)) return;
    if (s.worker < 0) {
      this.#waiting = this.#waiting.filter((x) => x !== s);
      return;
    }
    this.#load[s.worker]!.bytes -= s.weight;
    this.#load[s.worker]!.streams--;
    this.#dispatch();
  }

  #fail(e: SanctumError): void {
    this.#failed ??= e;
    for (const s of [...this.#streams.values()]) {
      s.error = e;
      this.#done(s);
      s.reject(e);
      s.wake?.();
    }
  }

  /**
   * Decrypt one blob, hashing its plaintext with `algorithms` (Node names). `size` (the plaintext size, if
   * known) decides how the blob shares a worker. Blobs start in the order they are opened, as workers have room.
   * Iterate the result once; leaving the loop early cancels the blob.
   */
  open(blobId: string, algorithms: readonly string[], size = 0): DecryptedBlob {
    if (this.#closed) throw new SanctumError('INTERNAL', 'the decryption pool is closed');
    this.#pathOf(blobId); // refuses a malformed id now
    const id = this.#next++;
    let resolve!: Stream['resolve'];
    let reject!: Stream['reject'];
    const result = new Promise<{ size: number; digests: string[] }>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    result.catch(() => undefined); // the iterator reports the same error; result() callers still see it
    const s: Stream = { id, blobId, algorithms: [...algorithms], worker: -1, weight: Math.max(size, 64 * 1024), queue: [], ended: false, error: null, wake: null, resolve, reject };
    if (this.#failed) {
      s.error = this.#failed;
      reject(this.#failed);
    } else {
      this.#streams.set(id, s);
      this.#waiting.push(s);
      this.#dispatch();
    }
    const workers = this.#workers;
    let iterated = false;
    const cancel = () => {
      if (!this.#streams.has(id)) return;
      const w = s.worker;
      this.#done(s);
      if (w >= 0 && !this.#closed) post(workers[w]!, { t: 'cancel', id });
      s.reject(new SanctumError('CANCELLED', 'reading the blob was abandoned', `blobs/${blobId}`));
    };
    return {
      result: () => result,
      cancel,
      async *[Symbol.asyncIterator]() {
        if (iterated) throw new Error('a decrypted blob can be read once');
        iterated = true;
        let finished = false;
        try {
          for (;;) {
            const next = s.queue.shift();
            if (next) {
              if (!s.ended && !s.error) post(workers[s.worker]!, { t: 'more', id, n: 1 });
              if (next.length) yield next; // a piece of nothing but padding frames (v2) has no content
              continue;
            }
            if (s.error) throw s.error;
            if (s.ended) break;
            await new Promise<void>((r) => (s.wake = r));
            s.wake = null;
          }
          finished = true;
        } finally {
          if (!finished) cancel();
        }
      },
    };
  }

  /** Wipe the key in every worker and stop them. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(new SanctumError('CANCELLED', 'the decryption pool was closed'));
    await Promise.all(
      this.#workers.map(async (w) => {
        const wiped = new Promise<void>((r) => {
          const t = setTimeout(r, 1000);
          w.on('message', (m: FromWorker) => {
            if (m.t === 'wiped') {
              clearTimeout(t);
              r();
            }
          });
          w.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
        post(w, { t: 'wipe' });
        await wiped;
        await w.terminate();
      }),
    );
  }
}
