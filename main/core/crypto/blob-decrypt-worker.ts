/**
 * A blob-decryption worker (blob-decrypt-pool.ts starts a few per export). Each open blob is read from its file
 * and decrypted frame by frame with the same BlobOpener the main thread uses (blob-stream.ts: the one place the
 * format is decoded), its plaintext hashed with Node's native crypto from the same buffer, and sent back in pieces
 * of up to DECRYPT_PIECE_FRAMES frames whose buffers are transferred. A stream has credit: it stops after that
 * many unacknowledged pieces, so a slow consumer holds only a few MiB.
 *
 * Keys: the pool sends one copy of the blob key; each blob's secretstream state is wiped as soon as the blob is
 * done (BlobOpener.dispose); `wipe` zeroes the key and answers `wiped`. Errors carry the blob's place, never bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { SanctumError } from '../errors';
import { BLOB_FRAME_BYTES, BLOB_HEADER_BYTES, BlobOpener } from './blob-stream';
import { fromHex } from './bytes';
import { DECRYPT_PIECE_FRAMES, type FromDecryptWorker, type ToDecryptWorker } from './blob-decrypt-protocol';
import { initCrypto } from './sodium';

interface Stream {
  id: number;
  where: string;
  credit: number;
  fd: number | undefined;
  fileSize: number;
  pos: number;
  index: number;
  size: number;
  opener: BlobOpener | undefined;
  hs: Hash[];
  buf: Buffer;
}

const port = parentPort;
if (!port) throw new Error('blob-decrypt-worker.ts runs as a worker thread');
const reply = (m: FromDecryptWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

let key: Uint8Array | null = null;
const streams = new Map<number, Stream>();
let pumping = false;

function release(s: Stream): void {
  if (s.fd !== undefined) {
    try {
      closeSync(s.fd);
    } catch {
      // already closed
    }
    s.fd = undefined;
  }
  s.opener?.dispose();
  s.opener = undefined;
  streams.delete(s.id);
}

function fail(s: Stream, e: unknown): void {
  release(s);
  if (e instanceof SanctumError) return reply({ t: 'fail', id: s.id, code: e.code, message: e.message, where: e.where ?? s.where });
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return reply({ t: 'fail', id: s.id, code: 'NOT_FOUND', message: 'the encrypted file for this item is missing from the vault', where: s.where });
  reply({ t: 'fail', id: s.id, code: 'INTERNAL', message: `could not read the encrypted file (${code ?? (e instanceof Error ? e.message : String(e))})`, where: s.where });
}

function readFull(fd: number, buf: Uint8Array, len: number, pos: number): number {
  let off = 0;
  while (off < len) {
    const n = readSync(fd, buf, off, len - off, pos + off);
    if (n === 0) break;
    off += n;
  }
  return off;
}

function open(m: Extract<ToDecryptWorker, { t: 'open' }>): void {
  const s: Stream = { id: m.id, where: m.where, credit: m.credit, fd: undefined, fileSize: 0, pos: 0, index: 0, size: 0, opener: undefined, hs: m.algs.map((a) => createHash(a)), buf: Buffer.alloc(0) };
  streams.set(s.id, s);
  try {
    if (!key) throw new SanctumError('INTERNAL', 'the decryption worker has no key', s.where);
    s.fd = openSync(m.path, 'r');
    s.fileSize = fstatSync(s.fd).size;
    const header = Buffer.alloc(BLOB_HEADER_BYTES);
    const got = readFull(s.fd, header, BLOB_HEADER_BYTES, 0);
    s.opener = new BlobOpener(key, fromHex(m.blobId), header.subarray(0, got), s.where);
    s.pos = s.opener.headerBytes;
    s.buf = Buffer.allocUnsafe(Math.max(1, Math.min(BLOB_FRAME_BYTES * DECRYPT_PIECE_FRAMES, s.fileSize - s.pos)));
  } catch (e) {
    fail(s, e);
  }
}

/** Decrypt the next piece of one stream and send it (with the digests when it is the last). */
function step(s: Stream): void {
  const opener = s.opener!;
  const n = readFull(s.fd!, s.buf, s.buf.length, s.pos);
  s.pos += n;
  const out = new Uint8Array(n);
  let o = 0;
  for (let off = 0; off < n; off += BLOB_FRAME_BYTES) {
    const { chunk } = opener.pull(s.buf.subarray(off, Math.min(off + BLOB_FRAME_BYTES, n)), s.index++);
    out.set(chunk, o);
    o += chunk.length;
  }
  const piece = o === out.length ? out : out.slice(0, o);
  for (const h of s.hs) h.update(piece);
  s.size += o;
  const atEnd = n === 0 || s.pos >= s.fileSize;
  if (atEnd && !opener.done) throw new SanctumError('BLOB_TRUNCATED', `blob ends after chunk ${s.index - 1} without its final chunk`, s.where);
  const last = atEnd ? { size: s.size, digests: s.hs.map((h) => h.digest('hex')) } : undefined;
  if (atEnd) release(s);
  s.credit--;
  reply({ t: 'data', id: s.id, buf: piece, ...(last ? { last } : {}) }, [piece.buffer as ArrayBuffer]);
}

function pump(): void {
  pumping = false;
  let any = false;
  for (const s of [...streams.values()]) {
    if (s.credit <= 0 || !streams.has(s.id)) continue;
    try {
      step(s);
    } catch (e) {
      fail(s, e);
    }
    any = true;
  }
  // Back to the event loop between rounds, so credit and cancels are seen.
  if (any && [...streams.values()].some((s) => s.credit > 0)) schedule();
}

function schedule(): void {
  if (!pumping) {
    pumping = true;
    setImmediate(pump);
  }
}

const ready = initCrypto();
port.on('message', (m: ToDecryptWorker) => {
  void ready.then(() => {
    switch (m.t) {
      case 'key':
        key = m.key;
        break;
      case 'open':
        open(m);
        schedule();
        break;
      case 'more': {
        const s = streams.get(m.id);
        if (s) {
          s.credit += m.n;
          schedule();
        }
        break;
      }
      case 'cancel': {
        const s = streams.get(m.id);
        if (s) release(s);
        break;
      }
      case 'wipe':
        for (const s of [...streams.values()]) release(s);
        key?.fill(0);
        key = null;
        reply({ t: 'wiped' });
        break;
    }
  });
});
