/**
 * Encrypted blob formats (evidence files and other large payloads).
 *
 * v2 (written now): the content is padded to a Padmé size (crypto/padding.ts, 4 KiB floor), so a blob file's
 * size gives only a bucket, never a file's exact size:
 *
 *   "SNCTBLB2"(8) ‖ secretstream header(24) ‖ length box(48) ‖ frame*
 *   length box = nonce(24) ‖ XChaCha20-Poly1305(u64le content length) under BLAKE2b-keyed("sanctum.blob.v2.length",
 *                blob key), AD = "sanctum.blob.v2.length" 0x00 ‖ blob id ‖ secretstream header
 *   frames     = content ‖ zeros (to the padded size), cut into 64 KiB chunks; AD = "sanctum.blob.v2" 0x00 ‖ blob id
 *
 * The length box sits in front so a reader can stream (it knows where content ends before it reaches it); the
 * writer only learns the length at the end, so it writes the box last, in place. The box is bound to the
 * stream (its secretstream header) and to the blob id.
 *
 * v1 (still read): "SNCTBLB1"(8) ‖ secretstream header(24) ‖ frames of the unpadded content, AD =
 * "sanctum.blob.v1" 0x00 ‖ blob id.
 *
 * In both, each frame is a crypto_secretstream_xchacha20poly1305 message of a 64 KiB plaintext chunk (the last
 * may be shorter) = chunk ‖ 17 bytes; the last carries TAG_FINAL. Frames are fixed size, so a reader knows where
 * each ends; a stream without a TAG_FINAL frame, or with bytes after it, is truncated or extended and is an
 * error. Secretstream also authenticates frame order.
 */
import { SanctumError } from '../errors';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, aeadOpen, aeadSeal } from './aead';
import { concatBytes, utf8 } from './bytes';
import { blobPaddedSize } from './padding';
import { sodium } from './sodium';

export const BLOB_MAGIC_V1 = utf8('SNCTBLB1');
export const BLOB_MAGIC = utf8('SNCTBLB2');
export const BLOB_CHUNK_BYTES = 64 * 1024;
export const BLOB_FRAME_OVERHEAD = 17;
export const BLOB_FRAME_BYTES = BLOB_CHUNK_BYTES + BLOB_FRAME_OVERHEAD;
export const SECRETSTREAM_HEADER_BYTES = 24;
export const BLOB_LENGTH_BOX_BYTES = AEAD_NONCE_BYTES + 8 + AEAD_TAG_BYTES;
export const BLOB_V1_HEADER_BYTES = BLOB_MAGIC_V1.length + SECRETSTREAM_HEADER_BYTES;
/** Header of the blobs written now (v2); a v1 header is BLOB_V1_HEADER_BYTES. */
export const BLOB_HEADER_BYTES = BLOB_MAGIC.length + SECRETSTREAM_HEADER_BYTES + BLOB_LENGTH_BOX_BYTES;
/** Strings the worker pool (blob-decrypt-pool.ts) needs to open blobs the same way. */
export const BLOB_LENGTH_CONTEXT = 'sanctum.blob.v2.length';

function frameAd(version: 1 | 2, blobId: Uint8Array): Uint8Array {
  return concatBytes(utf8(`sanctum.blob.v${version}\0`), blobId);
}

function lengthKey(key: Uint8Array): Uint8Array {
  return sodium().crypto_generichash(32, utf8(BLOB_LENGTH_CONTEXT), key);
}

function lengthAd(blobId: Uint8Array, streamHeader: Uint8Array): Uint8Array {
  return concatBytes(utf8(`${BLOB_LENGTH_CONTEXT}\0`), blobId, streamHeader);
}

/** Size on disk of a (v2) blob holding `contentSize` bytes. */
export function sealedBlobSize(contentSize: number): number {
  const padded = blobPaddedSize(contentSize);
  const frames = Math.max(1, Math.ceil(padded / BLOB_CHUNK_BYTES));
  return BLOB_HEADER_BYTES + padded + frames * BLOB_FRAME_OVERHEAD;
}

export class BlobSealer {
  readonly #key: Uint8Array;
  readonly #blobId: Uint8Array;
  readonly #streamHeader: Uint8Array;
  #state: unknown;
  #ad: Uint8Array;
  #length = 0;
  #header: Uint8Array | null = null;

  constructor(key: Uint8Array, blobId: Uint8Array) {
    const s = sodium();
    const init = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    this.#key = key;
    this.#blobId = blobId;
    this.#state = init.state;
    this.#streamHeader = init.header;
    this.#ad = frameAd(2, blobId);
  }

  /** The header, with the sealed content length: known only once the blob is finished. */
  get header(): Uint8Array {
    if (!this.#header) throw new Error('the blob header is known only once the blob is finished');
    return this.#header;
  }

  #frame(chunk: Uint8Array, final: boolean): Uint8Array {
    if (this.#header) throw new Error('blob already finalised');
    if (!final && chunk.length !== BLOB_CHUNK_BYTES) throw new Error('only the final chunk may be short');
    if (chunk.length > BLOB_CHUNK_BYTES) throw new Error('chunk too large');
    const s = sodium();
    const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    return s.crypto_secretstream_xchacha20poly1305_push(this.#state as never, chunk, this.#ad, tag);
  }

  #finish(): void {
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(this.#length), true);
    const lk = lengthKey(this.#key);
    try {
      this.#header = concatBytes(BLOB_MAGIC, this.#streamHeader, aeadSeal(lk, len, lengthAd(this.#blobId, this.#streamHeader)));
    } finally {
      lk.fill(0);
    }
  }

  /** Encrypt one chunk of content (exactly BLOB_CHUNK_BYTES unless final). `final` here adds no padding. */
  push(chunk: Uint8Array, final: boolean): Uint8Array {
    const frame = this.#frame(chunk, final);
    this.#length += chunk.length;
    if (final) this.#finish();
    return frame;
  }

  /** Encrypt the last chunk of content, then zeros up to the padded size: one frame at a time. */
  *pushLast(chunk: Uint8Array): Generator<Uint8Array> {
    if (chunk.length > BLOB_CHUNK_BYTES) throw new Error('chunk too large');
    const offset = this.#length; // every earlier chunk was whole
    let rest = blobPaddedSize(offset + chunk.length) - offset;
    const first = new Uint8Array(Math.min(BLOB_CHUNK_BYTES, rest));
    first.set(chunk);
    rest -= first.length;
    this.#length += chunk.length;
    yield this.#frame(first, rest === 0);
    first.fill(0);
    const zeros = new Uint8Array(BLOB_CHUNK_BYTES);
    while (rest > 0) {
      const n = Math.min(BLOB_CHUNK_BYTES, rest);
      rest -= n;
      yield this.#frame(zeros.subarray(0, n), rest === 0);
    }
    this.#finish();
  }
}

export class BlobOpener {
  #state: unknown;
  #ad: Uint8Array;
  #done = false;
  #where: string;
  /** Content bytes still to come; padding follows them (v2). Infinity for v1, which has no padding. */
  #remaining = Infinity;
  /** v2: the length box, opened once the first frame has authenticated (so a wrong key shows as chunk 0, as in v1). */
  #lengthBox: { key: Uint8Array; sealed: Uint8Array; ad: Uint8Array } | null = null;
  /** Where the first frame starts. */
  readonly headerBytes: number;
  readonly version: 1 | 2;

  /** `header`: the first bytes of the blob (BLOB_HEADER_BYTES, or fewer if the file is shorter). */
  constructor(key: Uint8Array, blobId: Uint8Array, header: Uint8Array, where: string) {
    this.#where = where;
    if (header.length < BLOB_MAGIC.length) throw new SanctumError('BLOB_TRUNCATED', 'blob is shorter than its header', where);
    const magic = header.subarray(0, BLOB_MAGIC.length);
    const is = (m: Uint8Array) => m.every((b, i) => magic[i] === b);
    if (is(BLOB_MAGIC)) this.version = 2;
    else if (is(BLOB_MAGIC_V1)) this.version = 1;
    else throw new SanctumError('BLOB_TAMPERED', 'blob header is not a Sanctum v1 blob, nor a v2 one', where);
    this.headerBytes = this.version === 2 ? BLOB_HEADER_BYTES : BLOB_V1_HEADER_BYTES;
    if (header.length < this.headerBytes) throw new SanctumError('BLOB_TRUNCATED', 'blob is shorter than its header', where);
    const streamHeader = header.subarray(BLOB_MAGIC.length, BLOB_MAGIC.length + SECRETSTREAM_HEADER_BYTES);
    if (this.version === 2) {
      this.#lengthBox = { key: lengthKey(key), sealed: header.slice(BLOB_V1_HEADER_BYTES, BLOB_HEADER_BYTES), ad: lengthAd(blobId, streamHeader) };
    }
    try {
      this.#state = sodium().crypto_secretstream_xchacha20poly1305_init_pull(streamHeader, key);
    } catch {
      throw new SanctumError('BLOB_TAMPERED', 'blob header failed to initialise decryption', where);
    }
    this.#ad = frameAd(this.version, blobId);
  }

  #openLengthBox(): void {
    const box = this.#lengthBox!;
    this.#lengthBox = null;
    const len = aeadOpen(box.key, box.sealed, box.ad);
    box.key.fill(0);
    if (!len || len.length !== 8) throw new SanctumError('BLOB_TAMPERED', 'blob header failed authentication (its recorded length)', this.#where);
    this.#remaining = Number(new DataView(len.buffer, len.byteOffset, 8).getBigUint64(0, true));
  }

  get done(): boolean {
    return this.#done;
  }

  /**
   * Zero and free the secretstream state (it holds the blob's subkey) now rather than whenever the WASM heap is
   * reused, and the length key if the first frame never came. The opener cannot be used afterwards.
   */
  dispose(): void {
    this.#lengthBox?.key.fill(0);
    this.#lengthBox = null;
    if (typeof this.#state === 'number') {
      const lib = (sodium() as unknown as { libsodium: { HEAPU8: Uint8Array; _free(p: number): void; _crypto_secretstream_xchacha20poly1305_statebytes(): number } }).libsodium;
      lib.HEAPU8.fill(0, this.#state, this.#state + lib._crypto_secretstream_xchacha20poly1305_statebytes());
      lib._free(this.#state);
    }
    this.#state = undefined;
    this.#done = true;
  }

  /** Decrypt one frame; `index` only names the place in errors. `chunk` is content only (no padding). */
  pull(frame: Uint8Array, index: number): { chunk: Uint8Array; final: boolean } {
    const where = `${this.#where} chunk ${index}`;
    if (this.#done) throw new SanctumError('BLOB_TAMPERED', 'data after the final chunk', where);
    const s = sodium();
    let res: { message: Uint8Array; tag: number } | false;
    try {
      res = s.crypto_secretstream_xchacha20poly1305_pull(this.#state as never, frame, this.#ad) as unknown as { message: Uint8Array; tag: number } | false;
    } catch {
      res = false;
    }
    if (!res) throw new SanctumError('BLOB_TAMPERED', 'chunk failed authentication (altered, reordered or from another blob)', where);
    if (this.#lengthBox) this.#openLengthBox();
    const final = res.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final) this.#done = true;
    if (!final && res.message.length !== BLOB_CHUNK_BYTES) {
      throw new SanctumError('BLOB_TAMPERED', 'short chunk before the end of the blob', where);
    }
    let chunk = res.message;
    if (chunk.length > this.#remaining) chunk = chunk.subarray(0, this.#remaining);
    this.#remaining -= chunk.length;
    if (final && this.#remaining > 0 && this.version === 2) {
      throw new SanctumError('BLOB_TAMPERED', 'blob ends before the length its header records', where);
    }
    return { chunk, final };
  }
}
