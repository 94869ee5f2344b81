/**
 * Encrypted blob files under `<vault>/blobs/<2 hex>/<32 hex>` (random names: a file name says nothing about
 * what it holds). A blob is written to `<vault>/tmp/` first, fsynced, then renamed into place; the record that
 * refers to it is committed after that. So a crash or a cancel leaves at worst an unreferenced file, which
 * garbage collection removes, and never a record that points at half a file.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SanctumError } from '../errors';
import type { ErrorCode } from '../../../shared/errors';
import { fromHex, randomBytes, toHex } from '../crypto/bytes';
import { createSha256 } from '../crypto/hash';
import type { SecretKey } from '../crypto/secret-key';
import { BLOB_CHUNK_BYTES, BLOB_FRAME_BYTES, BLOB_HEADER_BYTES, BlobOpener, BlobSealer } from '../crypto/blob-stream';
import { BlobDecryptPool } from '../crypto/blob-decrypt-pool';
import { fsyncDir } from '../util/atomic-file';
import type { BlobInfo, BlobReferenceSet } from './blob-refs';

// The reference a record keeps to its blob; declared with the convention that walks them (blob-refs.ts).
export type { BlobInfo } from './blob-refs';

export interface BlobWriteOptions {
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
  /** Keep this id (re-key: the blob is re-encrypted under a new key, and the records that name it stay as they are). */
  blobId?: string;
}

export type ByteSource = string | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const IO_BATCH_FRAMES = 16; // 1 MiB of plaintext per write

/**
 * Re-chunks any byte stream into exact 64 KiB pieces, marking the last one (one-chunk lookahead).
 *
 * Whole chunks in the middle of a source piece are passed on as views, without copying (a 1 MiB read holds 15 of
 * them): the consumer hashes and encrypts each chunk before asking for the next, and the source is not advanced
 * until every view into its current piece has been consumed. Only a chunk held back as lookahead across a
 * source piece, and partial chunks, are copied into buffers this function owns — so a source that reuses its
 * buffer after yielding it is still read correctly.
 */
export async function* exactChunks(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<{ chunk: Uint8Array; final: boolean }> {
  let buf = new Uint8Array(BLOB_CHUNK_BYTES);
  let fill = 0;
  let pending: Uint8Array | null = null; // a full chunk we own, not yet known to be the last
  for await (const piece of source as AsyncIterable<Uint8Array>) {
    if (piece.length === 0) continue;
    if (pending) {
      yield { chunk: pending, final: false };
      pending = null;
    }
    let off = 0;
    if (fill > 0) {
      const n = Math.min(BLOB_CHUNK_BYTES - fill, piece.length);
      buf.set(piece.subarray(0, n), fill);
      fill += n;
      off = n;
      if (fill === BLOB_CHUNK_BYTES) {
        if (off < piece.length) yield { chunk: buf, final: false };
        else pending = buf;
        buf = new Uint8Array(BLOB_CHUNK_BYTES);
        fill = 0;
      }
    }
    while (piece.length - off > BLOB_CHUNK_BYTES) {
      yield { chunk: piece.subarray(off, off + BLOB_CHUNK_BYTES), final: false };
      off += BLOB_CHUNK_BYTES;
    }
    const rest = piece.length - off;
    if (rest === BLOB_CHUNK_BYTES) pending = piece.slice(off);
    else if (rest > 0) {
      buf.set(piece.subarray(off), 0);
      fill = rest;
    }
  }
  if (fill > 0) {
    if (pending) yield { chunk: pending, final: false };
    yield { chunk: buf.subarray(0, fill), final: true };
  } else if (pending) {
    yield { chunk: pending, final: true };
  } else {
    yield { chunk: new Uint8Array(0), final: true };
  }
}

/** Write every frame, in order (writev avoids concatenating them; a short write falls back to plain writes). */
async function writeFrames(fh: FileHandle, frames: Uint8Array[], bytes: number): Promise<void> {
  const { bytesWritten } = await fh.writev(frames);
  if (bytesWritten === bytes) return;
  const rest = Buffer.concat(frames, bytes).subarray(bytesWritten);
  let off = 0;
  while (off < rest.length) off += (await fh.write(rest, off, rest.length - off)).bytesWritten;
}

/** Write all of `bytes` at `position`. */
async function writeAt(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off, position + off)).bytesWritten;
}

export class BlobStore {
  readonly #dir: string;
  readonly #key: () => SecretKey;

  constructor(vaultDir: string, key: () => SecretKey) {
    this.#dir = vaultDir;
    this.#key = key;
  }

  get blobsDir(): string {
    return join(this.#dir, 'blobs');
  }

  get tmpDir(): string {
    return join(this.#dir, 'tmp');
  }

  pathOf(blobId: string): string {
    if (!/^[0-9a-f]{32}$/.test(blobId)) throw new SanctumError('INVALID_INPUT', 'not a blob id', blobId);
    return join(this.blobsDir, blobId.slice(0, 2), blobId);
  }

  /** Hash (SHA-256 of the original bytes) and encrypt a file or stream into the vault. */
  async write(source: ByteSource, options: BlobWriteOptions = {}): Promise<BlobInfo> {
    const blobId = options.blobId ?? toHex(randomBytes(16));
    if (!/^[0-9a-f]{32}$/.test(blobId)) throw new SanctumError('INVALID_INPUT', 'not a blob id', blobId);
    mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.tmpDir, `${toHex(randomBytes(8))}.part`);
    const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: BLOB_CHUNK_BYTES * IO_BATCH_FRAMES }) : source;
    const fh = await open(tmp, 'wx', 0o600);
    let committed = false;
    let inflight: Promise<void> | null = null;
    try {
      const sealer = new BlobSealer(this.#key().bytes, fromHex(blobId));
      const hash = createSha256();
      // The header holds the sealed content length, known only at the end: room for it now, written last.
      await fh.write(new Uint8Array(BLOB_HEADER_BYTES));
      let size = 0;
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      // One write in flight while the next batch is hashed and encrypted (the write runs on libuv's pool).
      const flush = async () => {
        if (inflight) await inflight;
        inflight = writeFrames(fh, batch, batchBytes);
        inflight.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
        batch = [];
        batchBytes = 0;
        options.onProgress?.(size);
      };
      for await (const { chunk, final } of exactChunks(input)) {
        if (options.signal?.aborted) throw new SanctumError('CANCELLED', 'intake cancelled; nothing was stored');
        hash.update(chunk);
        size += chunk.length;
        // The last chunk is followed by zero padding to the blob's Padmé size (blob format v2).
        for (const frame of final ? sealer.pushLast(chunk) : [sealer.push(chunk, false)]) {
          batch.push(frame);
          batchBytes += frame.length;
          if (batch.length >= IO_BATCH_FRAMES) await flush();
        }
        if (final && batch.length) await flush();
      }
      if (inflight) await inflight;
      inflight = null;
      if (options.signal?.aborted) throw new SanctumError('CANCELLED', 'intake cancelled; nothing was stored');
      await writeAt(fh, sealer.header, 0);
      await fh.sync();
      await fh.close();
      const dest = this.pathOf(blobId);
      mkdirSync(join(this.blobsDir, blobId.slice(0, 2)), { recursive: true, mode: 0o700 });
      await rename(tmp, dest);
      fsyncDir(join(this.blobsDir, blobId.slice(0, 2)));
      committed = true;
      return { blobId, sha256: hash.digest('hex'), size };
    } finally {
      if (!committed) {
        // (a cast: the compiler does not see that flush() assigns it)
        await (inflight as Promise<void> | null)?.catch(() => undefined);
        await fh.close().catch(() => undefined);
        await unlink(tmp).catch(() => undefined);
      }
    }
  }

  /** Stream the decrypted bytes of a blob. Throws BLOB_TRUNCATED / BLOB_TAMPERED naming the chunk. */
  async *read(blobId: string): AsyncGenerator<Uint8Array> {
    const path = this.pathOf(blobId);
    if (!existsSync(path)) throw new SanctumError('NOT_FOUND', 'the encrypted file for this item is missing from the vault', `blobs/${blobId}`);
    const fh = await open(path, 'r');
    try {
      const header = new Uint8Array(BLOB_HEADER_BYTES);
      const { bytesRead } = await fh.read(header, 0, BLOB_HEADER_BYTES, 0);
      const where = `blobs/${blobId}`;
      // v2 or v1 (a v1 header is shorter; the opener says where the frames start).
      const opener = new BlobOpener(this.#key().bytes, fromHex(blobId), header.subarray(0, bytesRead), where);
      let pos = opener.headerBytes;
      let index = 0;
      // A small blob needs a small buffer (allocating 1 MiB per read made reading many small files GC-bound).
      const buf = new Uint8Array(Math.max(1, Math.min(BLOB_FRAME_BYTES * IO_BATCH_FRAMES, (await fh.stat()).size - pos)));
      for (;;) {
        const { bytesRead: n } = await fh.read(buf, 0, buf.length, pos);
        if (n === 0) break;
        pos += n;
        for (let off = 0; off < n; off += BLOB_FRAME_BYTES) {
          const frame = buf.subarray(off, Math.min(off + BLOB_FRAME_BYTES, n));
          const { chunk } = opener.pull(frame, index++);
          if (chunk.length) yield chunk.slice(); // padding frames carry no content
        }
      }
      if (!opener.done) throw new SanctumError('BLOB_TRUNCATED', `blob ends after chunk ${index - 1} without its final chunk`, where);
    } finally {
      await fh.close();
    }
  }

  /**
   * Worker threads that decrypt (and hash) blobs for one job, e.g. an export; the blob key is copied to them now
   * and wiped by close(), which the caller must await when the job ends, however it ends.
   */
  decryptPool(opts: { workers?: number } = {}): BlobDecryptPool {
    return new BlobDecryptPool(this.#key().bytes, (blobId) => this.pathOf(blobId), opts);
  }

  /**
   * What a worker thread needs to read blobs with its own BlobStore: the vault folder and a fresh copy of the
   * blob key, for the caller to transfer (the full-text worker opens text bodies so; it dies with the lock).
   */
  workerAccess(): { vaultDir: string; key: Uint8Array } {
    return { vaultDir: this.#dir, key: new Uint8Array(this.#key().bytes) };
  }

  async readAll(blobId: string): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for await (const c of this.read(blobId)) parts.push(c);
    return Buffer.concat(parts);
  }

  /** Decrypt fully and compare with the recorded hash and size. */
  async verify(info: BlobInfo): Promise<{ ok: true } | { ok: false; code: ErrorCode; problem: string; where: string }> {
    try {
      const hash = createSha256();
      let size = 0;
      for await (const c of this.read(info.blobId)) {
        hash.update(c);
        size += c.length;
      }
      const digest = hash.digest('hex');
      if (size !== info.size || digest !== info.sha256) {
        return { ok: false, code: 'BLOB_TAMPERED', problem: `content differs from intake (size ${size} vs ${info.size}, SHA-256 mismatch)`, where: `blobs/${info.blobId}` };
      }
      return { ok: true };
    } catch (e) {
      if (e instanceof SanctumError) return { ok: false, code: e.code, problem: e.message, where: e.where ?? `blobs/${info.blobId}` };
      throw e;
    }
  }

  async delete(blobId: string): Promise<void> {
    await unlink(this.pathOf(blobId)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /** Blob ids present on disk. */
  listOnDisk(): string[] {
    if (!existsSync(this.blobsDir)) return [];
    const out: string[] = [];
    for (const shard of readdirSync(this.blobsDir)) {
      const sd = join(this.blobsDir, shard);
      if (!statSync(sd).isDirectory()) continue;
      for (const f of readdirSync(sd)) if (/^[0-9a-f]{32}$/.test(f)) out.push(f);
    }
    return out;
  }

  /**
   * Remove leftovers of interrupted writes, and blob files no record refers to. Refuses when the reference set
   * may be incomplete (a record failed to open, or the witness compartment is locked and holds rows): deleting
   * a file that an unread record refers to would destroy evidence for good.
   */
  collectGarbage(refs: BlobReferenceSet): { removed: number } {
    if (refs.incomplete !== null) {
      throw new SanctumError('GC_REFUSED', `garbage collection refused: ${refs.incomplete}; no file was removed`, 'blobs/');
    }
    const referenced = refs.ids;
    let removed = 0;
    if (existsSync(this.tmpDir)) {
      for (const f of readdirSync(this.tmpDir)) {
        if (f.startsWith('rekey-')) continue; // an interrupted re-key is finished or rolled back at unlock, not here
        rmSync(join(this.tmpDir, f), { force: true });
        removed++;
      }
    }
    for (const id of this.listOnDisk()) {
      if (!referenced.has(id)) {
        rmSync(this.pathOf(id), { force: true });
        removed++;
      }
    }
    return { removed };
  }
}
