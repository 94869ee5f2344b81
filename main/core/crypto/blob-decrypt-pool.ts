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
 * The worker body is a small CommonJS script evaluated in place and given the resolved path of libsodium (as in
 * kdf-off-thread.ts), so it works the same under tsx, vitest and the bundled CLI and app.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerSodiumPath } from './worker-sodium';
import { SanctumError } from '../errors';
import type { ErrorCode } from '../../../shared/errors';
import { BLOB_CHUNK_BYTES, BLOB_FRAME_BYTES, BLOB_HEADER_BYTES, BLOB_LENGTH_CONTEXT, BLOB_MAGIC, BLOB_MAGIC_V1, BLOB_V1_HEADER_BYTES } from './blob-stream';

/** Plaintext per piece sent back (16 frames). */
export const DECRYPT_PIECE_FRAMES = 16;
/** Pieces a stream may have in flight before the consumer takes one. */
const CREDIT = 4;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const sodium = require(workerData.sodiumPath);
const { CHUNK, FRAME, HEADER, HEADER_V1, PIECE_FRAMES, LENGTH_CONTEXT } = workerData;
const MAGIC = Buffer.from(workerData.magic);
const MAGIC_V1 = Buffer.from(workerData.magicV1);
let key = null;
const streams = new Map();
let pumping = false;

class BlobError extends Error {
  constructor(code, message, where) { super(message); this.code = code; this.where = where; }
}

function release(s) {
  if (s.fd !== undefined) { try { fs.closeSync(s.fd); } catch {} s.fd = undefined; }
  if (s.state !== undefined) {
    // The secretstream state holds the blob's subkey: zero it and give it back now.
    const lib = sodium.libsodium;
    lib.HEAPU8.fill(0, s.state, s.state + lib._crypto_secretstream_xchacha20poly1305_statebytes());
    lib._free(s.state);
    s.state = undefined;
  }
  streams.delete(s.id);
}

function fail(s, e) {
  release(s);
  const known = e instanceof BlobError;
  parentPort.postMessage({ t: 'fail', id: s.id, code: known ? e.code : (e && e.code === 'ENOENT' ? 'NOT_FOUND' : 'INTERNAL'),
    message: known ? e.message : (e && e.code === 'ENOENT' ? 'the encrypted file for this item is missing from the vault' : 'could not read the encrypted file (' + ((e && (e.code || e.message)) || String(e)) + ')'),
    where: known ? e.where : s.where });
}

function readFull(fd, buf, len, pos) {
  let off = 0;
  while (off < len) {
    const n = fs.readSync(fd, buf, off, len - off, pos + off);
    if (n === 0) break;
    off += n;
  }
  return off;
}

function open(m) {
  const blobId = Buffer.from(m.blobId, 'hex');
  const s = { id: m.id, where: m.where, credit: m.credit, index: 0, pos: HEADER, size: 0, done: false, remaining: Infinity,
    hs: m.algs.map((a) => crypto.createHash(a)), fd: undefined, state: undefined, ad: undefined };
  streams.set(s.id, s);
  try {
    if (!key) throw new BlobError('INTERNAL', 'the decryption worker has no key', s.where);
    s.fd = fs.openSync(m.path, 'r');
    s.fileSize = fs.fstatSync(s.fd).size;
    // v2 (length box, padding) or v1, exactly as BlobOpener in blob-stream.ts.
    const header = Buffer.alloc(HEADER);
    const got = readFull(s.fd, header, HEADER, 0);
    if (got < MAGIC.length) throw new BlobError('BLOB_TRUNCATED', 'blob is shorter than its header', s.where);
    const magic = header.subarray(0, MAGIC.length);
    const version = magic.equals(MAGIC) ? 2 : magic.equals(MAGIC_V1) ? 1 : 0;
    if (!version) throw new BlobError('BLOB_TAMPERED', 'blob header is not a Sanctum v1 blob, nor a v2 one', s.where);
    s.pos = version === 2 ? HEADER : HEADER_V1;
    if (got < s.pos) throw new BlobError('BLOB_TRUNCATED', 'blob is shorter than its header', s.where);
    const streamHeader = header.subarray(MAGIC.length, HEADER_V1);
    s.ad = Buffer.concat([Buffer.from('sanctum.blob.v' + version + '\\0', 'utf8'), blobId]);
    // v2: the length box is opened after the first frame authenticates (a wrong key shows as chunk 0, as in v1).
    if (version === 2) s.box = { sealed: Buffer.from(header.subarray(HEADER_V1, HEADER)), ad: Buffer.concat([Buffer.from(LENGTH_CONTEXT + '\\0', 'utf8'), blobId, streamHeader]) };
    try {
      s.state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(streamHeader, key);
    } catch {
      throw new BlobError('BLOB_TAMPERED', 'blob header failed to initialise decryption', s.where);
    }
    s.buf = Buffer.allocUnsafe(Math.max(1, Math.min(FRAME * PIECE_FRAMES, s.fileSize - s.pos)));
  } catch (e) {
    fail(s, e);
  }
}

function openLengthBox(s) {
  const box = s.box;
  s.box = undefined;
  const lk = sodium.crypto_generichash(32, Buffer.from(LENGTH_CONTEXT, 'utf8'), key);
  let len = null;
  try {
    len = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, box.sealed.subarray(24), box.ad, box.sealed.subarray(0, 24), lk);
  } catch {
    len = null;
  }
  sodium.memzero(lk);
  if (!len || len.length !== 8) throw new BlobError('BLOB_TAMPERED', 'blob header failed authentication (its recorded length)', s.where);
  s.remaining = Number(Buffer.from(len).readBigUInt64LE(0));
}

/** Decrypt the next piece of one stream and send it (with the digests when it is the last). */
function step(s) {
  const n = readFull(s.fd, s.buf, s.buf.length, s.pos);
  s.pos += n;
  const out = new Uint8Array(Math.min(n, Math.ceil(n / FRAME) * CHUNK));
  let o = 0;
  const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  for (let off = 0; off < n; off += FRAME) {
    const where = s.where + ' chunk ' + s.index++;
    if (s.done) throw new BlobError('BLOB_TAMPERED', 'data after the final chunk', where);
    let res;
    try {
      res = sodium.crypto_secretstream_xchacha20poly1305_pull(s.state, s.buf.subarray(off, Math.min(off + FRAME, n)), s.ad);
    } catch {
      res = false;
    }
    if (!res) throw new BlobError('BLOB_TAMPERED', 'chunk failed authentication (altered, reordered or from another blob)', where);
    if (s.box) openLengthBox(s);
    const final = res.tag === TAG_FINAL;
    if (final) s.done = true;
    if (!final && res.message.length !== CHUNK) throw new BlobError('BLOB_TAMPERED', 'short chunk before the end of the blob', where);
    // Content only: the padding after it (v2) is dropped.
    const take = Math.min(res.message.length, s.remaining);
    s.remaining -= take;
    if (final && s.remaining > 0 && s.remaining !== Infinity) throw new BlobError('BLOB_TAMPERED', 'blob ends before the length its header records', where);
    out.set(take === res.message.length ? res.message : res.message.subarray(0, take), o);
    o += take;
  }
  const piece = o === out.length ? out : out.slice(0, o);
  for (const h of s.hs) h.update(piece);
  s.size += o;
  const atEnd = n === 0 || s.pos >= s.fileSize;
  if (atEnd && !s.done) throw new BlobError('BLOB_TRUNCATED', 'blob ends after chunk ' + (s.index - 1) + ' without its final chunk', s.where);
  const last = atEnd ? { size: s.size, digests: s.hs.map((h) => h.digest('hex')) } : undefined;
  if (atEnd) release(s);
  s.credit--;
  parentPort.postMessage({ t: 'data', id: s.id, buf: piece, last }, [piece.buffer]);
}

function pump() {
  pumping = false;
  let any = false;
  for (const s of [...streams.values()]) {
    if (s.credit <= 0 || !streams.has(s.id)) continue;
    try { step(s); } catch (e) { fail(s, e); }
    any = true;
  }
  // Back to the event loop between rounds, so credit and cancels are seen.
  if (any && [...streams.values()].some((s) => s.credit > 0)) schedule();
}

function schedule() {
  if (!pumping) { pumping = true; setImmediate(pump); }
}

const ready = sodium.ready;
parentPort.on('message', (m) => ready.then(() => {
  if (m.t === 'key') key = m.key;
  else if (m.t === 'open') { open(m); schedule(); }
  else if (m.t === 'more') { const s = streams.get(m.id); if (s) { s.credit += m.n; schedule(); } }
  else if (m.t === 'cancel') { const s = streams.get(m.id); if (s) release(s); }
  else if (m.t === 'wipe') {
    for (const s of [...streams.values()]) release(s);
    if (key) sodium.memzero(key);
    key = null;
    parentPort.postMessage({ t: 'wiped' });
  }
}));
`;


type FromWorker =
  | { t: 'data'; id: number; buf: Uint8Array; last?: { size: number; digests: string[] } }
  | { t: 'fail'; id: number; code: ErrorCode; message: string; where: string }
  | { t: 'wiped' };

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
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        name: 'sanctum-blob-decrypt',
        workerData: {
          sodiumPath: workerSodiumPath(),
          magic: BLOB_MAGIC,
          magicV1: BLOB_MAGIC_V1,
          CHUNK: BLOB_CHUNK_BYTES,
          FRAME: BLOB_FRAME_BYTES,
          HEADER: BLOB_HEADER_BYTES,
          HEADER_V1: BLOB_V1_HEADER_BYTES,
          PIECE_FRAMES: DECRYPT_PIECE_FRAMES,
          LENGTH_CONTEXT: BLOB_LENGTH_CONTEXT,
        },
      });
      w.unref();
      const copy = new Uint8Array(key); // a fresh buffer, transferred: this thread keeps no reference to it
      w.postMessage({ t: 'key', key: copy }, [copy.buffer]);
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
      this.#workers[best]!.postMessage({ t: 'open', id: s.id, path: this.#pathOf(s.blobId), blobId: s.blobId, where: `blobs/${s.blobId}`, algs: s.algorithms, credit: CREDIT });
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
      if (w >= 0 && !this.#closed) workers[w]!.postMessage({ t: 'cancel', id });
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
              if (!s.ended && !s.error) workers[s.worker]!.postMessage({ t: 'more', id, n: 1 });
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
        w.postMessage({ t: 'wipe' });
        await wiped;
        await w.terminate();
      }),
    );
  }
}
