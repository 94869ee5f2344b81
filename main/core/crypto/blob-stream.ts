/**
 * Encrypted blob format v1 (evidence files and other large payloads):
 *
 *   "SNCTBLB1"(8) ‖ secretstream header(24) ‖ frame* 
 *   frame = crypto_secretstream_xchacha20poly1305 message of a 64 KiB plaintext chunk (the last may be shorter)
 *           = chunk ‖ 17 bytes overhead; the last frame carries TAG_FINAL.
 *   AD of every frame = "sanctum.blob.v1" 0x00 ‖ blob id bytes
 *
 * Frames are fixed size, so a reader knows where each ends; a stream without a TAG_FINAL frame, or with bytes
 * after it, is truncated or extended and is an error. Secretstream also authenticates frame order.
 */
import { SanctumError } from '../errors';
import { concatBytes, utf8 } from './bytes';
import { sodium } from './sodium';

export const BLOB_MAGIC = utf8('SNCTBLB1');
export const BLOB_CHUNK_BYTES = 64 * 1024;
export const BLOB_FRAME_OVERHEAD = 17;
export const BLOB_FRAME_BYTES = BLOB_CHUNK_BYTES + BLOB_FRAME_OVERHEAD;
export const SECRETSTREAM_HEADER_BYTES = 24;
export const BLOB_HEADER_BYTES = BLOB_MAGIC.length + SECRETSTREAM_HEADER_BYTES;

function frameAd(blobId: Uint8Array): Uint8Array {
  return concatBytes(utf8('sanctum.blob.v1\0'), blobId);
}

/** Size on disk of a blob holding `plainSize` bytes. */
export function sealedBlobSize(plainSize: number): number {
  const frames = Math.max(1, Math.ceil(plainSize / BLOB_CHUNK_BYTES));
  return BLOB_HEADER_BYTES + plainSize + frames * BLOB_FRAME_OVERHEAD;
}

export class BlobSealer {
  readonly header: Uint8Array;
  #state: unknown;
  #ad: Uint8Array;
  #finished = false;

  constructor(key: Uint8Array, blobId: Uint8Array) {
    const s = sodium();
    const init = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    this.#state = init.state;
    this.#ad = frameAd(blobId);
    this.header = concatBytes(BLOB_MAGIC, init.header);
  }

  /** Encrypt one chunk (exactly BLOB_CHUNK_BYTES unless it is the final one). */
  push(chunk: Uint8Array, final: boolean): Uint8Array {
    if (this.#finished) throw new Error('blob already finalised');
    if (!final && chunk.length !== BLOB_CHUNK_BYTES) throw new Error('only the final chunk may be short');
    if (chunk.length > BLOB_CHUNK_BYTES) throw new Error('chunk too large');
    const s = sodium();
    const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    if (final) this.#finished = true;
    return s.crypto_secretstream_xchacha20poly1305_push(this.#state as never, chunk, this.#ad, tag);
  }
}

export class BlobOpener {
  #state: unknown;
  #ad: Uint8Array;
  #done = false;
  #where: string;

  constructor(key: Uint8Array, blobId: Uint8Array, header: Uint8Array, where: string) {
    this.#where = where;
    if (header.length < BLOB_HEADER_BYTES) throw new SanctumError('BLOB_TRUNCATED', 'blob is shorter than its header', where);
    for (let i = 0; i < BLOB_MAGIC.length; i++) {
      if (header[i] !== BLOB_MAGIC[i]) throw new SanctumError('BLOB_TAMPERED', 'blob header is not a Sanctum v1 blob', where);
    }
    try {
      this.#state = sodium().crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(BLOB_MAGIC.length, BLOB_HEADER_BYTES), key);
    } catch {
      throw new SanctumError('BLOB_TAMPERED', 'blob header failed to initialise decryption', where);
    }
    this.#ad = frameAd(blobId);
  }

  get done(): boolean {
    return this.#done;
  }

  /** Decrypt one frame; `index` only names the place in errors. */
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
    const final = res.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final) this.#done = true;
    if (!final && res.message.length !== BLOB_CHUNK_BYTES) {
      throw new SanctumError('BLOB_TAMPERED', 'short chunk before the end of the blob', where);
    }
    return { chunk: res.message, final };
  }
}
