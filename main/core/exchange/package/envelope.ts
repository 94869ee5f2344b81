/**
 * Transport encryption of an archived package to one or more recipients (format v1):
 *
 *   "SNCTPKG1"(8) ‖ header length (u32, big-endian) ‖ header (canonical JSON, UTF-8) ‖ frame*
 *   header = {"alg":"x25519-sealedbox+xchacha20poly1305-secretstream","chunk":1048576,
 *             "content":"application/x-tar","slots":[base64 …],"stream":base64,"v":1}
 *   slot   = crypto_box_seal(file key, recipient X25519 public key)   (80 bytes: one per recipient)
 *   stream = the crypto_secretstream_xchacha20poly1305 header (24 bytes), keyed with the file key
 *   frame  = secretstream message of a `chunk`-byte piece of the content (the last may be shorter; it alone
 *            carries TAG_FINAL) = piece ‖ 17 bytes
 *   AD of every frame = SHA-256 of everything before the first frame (magic, length, header), so the slot list
 *            and parameters cannot be changed without every frame failing.
 *
 * The header does not say who the recipients are (a seized file does not name its addressees): a recipient
 * tries each slot with their key pair. A stream without its FINAL frame, or with bytes after it, is refused as
 * truncated or extended.
 */
import { z } from 'zod';
import { SanctumError } from '../../errors';
import { concatBytes, fromBase64, randomBytes, toBase64, utf8 } from '../../crypto/bytes';
import { sha256 } from '../../crypto/hash';
import { sodium } from '../../crypto/sodium';
import { canonicalJson } from '../../util/canonical-json';
import { ByteReader } from './byte-reader';

export const ENVELOPE_MAGIC = utf8('SNCTPKG1');
export const ENVELOPE_ALG = 'x25519-sealedbox+xchacha20poly1305-secretstream';
export const ENVELOPE_CHUNK = 1024 * 1024;
const FRAME_OVERHEAD = 17;
const MAX_HEADER_BYTES = 1024 * 1024;
const MAX_SLOTS = 1000;

const Header = z.object({
  v: z.literal(1),
  alg: z.literal(ENVELOPE_ALG),
  chunk: z.number().int().min(1024).max(16 * 1024 * 1024),
  content: z.string().max(100),
  stream: z.string(),
  slots: z.array(z.string()).min(1).max(MAX_SLOTS),
});

export interface RecipientKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function isEnvelope(firstBytes: Uint8Array): boolean {
  return ENVELOPE_MAGIC.every((b, i) => firstBytes[i] === b);
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

/** Re-cut a stream into pieces of exactly `size` bytes (the last may be shorter), with one piece of lookahead. */
async function* pieces(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<{ piece: Uint8Array; final: boolean }> {
  let buf = new Uint8Array(size);
  let fill = 0;
  let held: Uint8Array | null = null;
  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(size - fill, chunk.length - off);
      buf.set(chunk.subarray(off, off + take), fill);
      fill += take;
      off += take;
      if (fill === size) {
        if (held) yield { piece: held, final: false };
        held = buf;
        buf = new Uint8Array(size);
        fill = 0;
      }
    }
  }
  if (fill > 0) {
    if (held) yield { piece: held, final: false };
    yield { piece: buf.subarray(0, fill), final: true };
  } else {
    yield { piece: held ?? new Uint8Array(0), final: true };
  }
}

export async function* encryptStream(source: AsyncIterable<Uint8Array>, recipients: readonly Uint8Array[], content = 'application/x-tar'): AsyncGenerator<Uint8Array> {
  if (recipients.length === 0) throw new SanctumError('INVALID_INPUT', 'encryption needs at least one recipient');
  const s = sodium();
  const fileKey = randomBytes(32);
  try {
    const init = s.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const slots = recipients.map((pk) => {
      if (pk.length !== 32) throw new SanctumError('INVALID_INPUT', 'a recipient key must be 32 bytes (X25519)');
      return toBase64(s.crypto_box_seal(fileKey, pk));
    });
    const header = utf8(canonicalJson({ v: 1, alg: ENVELOPE_ALG, chunk: ENVELOPE_CHUNK, content, stream: toBase64(init.header), slots }));
    const preamble = concatBytes(ENVELOPE_MAGIC, u32(header.length), header);
    const ad = sha256(preamble);
    yield preamble;
    for await (const { piece, final } of pieces(source, ENVELOPE_CHUNK)) {
      const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      yield s.crypto_secretstream_xchacha20poly1305_push(init.state, piece, ad, tag);
    }
  } finally {
    s.memzero(fileKey);
  }
}

/** Decrypt for one recipient; yields the content (a tar stream). `where` names the file in errors. */
export async function* decryptStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, key: RecipientKeyPair, where: string): AsyncGenerator<Uint8Array> {
  const s = sodium();
  const r = new ByteReader(source, where);
  try {
    const magic = await r.exact(ENVELOPE_MAGIC.length, 'the envelope magic');
    if (!magic || !isEnvelope(magic)) throw new SanctumError('UNSUPPORTED_FORMAT', 'not an encrypted Sanctum package', where);
    const lenBytes = await r.exact(4, 'the envelope header length');
    const len = lenBytes ? new DataView(lenBytes.buffer, lenBytes.byteOffset, 4).getUint32(0) : 0;
    if (len === 0 || len > MAX_HEADER_BYTES) throw new SanctumError('UNSUPPORTED_FORMAT', `the envelope header length (${len}) is not plausible`, where);
    const headerBytes = (await r.exact(len, 'the envelope header'))!.slice();
    let header: z.infer<typeof Header>;
    try {
      header = Header.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes)));
    } catch {
      throw new SanctumError('UNSUPPORTED_FORMAT', 'the envelope header is damaged or of an unknown version', where);
    }
    const ad = sha256(concatBytes(ENVELOPE_MAGIC, u32(len), headerBytes));
    let fileKey: Uint8Array | null = null;
    for (const slot of header.slots) {
      try {
        const k = s.crypto_box_seal_open(fromBase64(slot), key.publicKey, key.secretKey);
        if (k.length === 32) {
          fileKey = k;
          break;
        }
      } catch {
        // not this slot
      }
    }
    if (!fileKey) throw new SanctumError('FORBIDDEN', "this package is not encrypted to this vault's recipient key", where);
    let state: unknown;
    try {
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(fromBase64(header.stream), fileKey);
    } catch {
      throw new SanctumError('BLOB_TAMPERED', 'the envelope stream header is damaged', where);
    } finally {
      s.memzero(fileKey);
    }
    const frameBytes = header.chunk + FRAME_OVERHEAD;
    for (let index = 0; ; index++) {
      const frame = await r.upTo(frameBytes);
      if (frame === null) throw new SanctumError('BLOB_TRUNCATED', `the encrypted package ends after chunk ${index - 1} without its final chunk (truncated)`, where);
      let res: { message: Uint8Array; tag: number } | false;
      try {
        res = s.crypto_secretstream_xchacha20poly1305_pull(state as never, frame, ad) as unknown as { message: Uint8Array; tag: number } | false;
      } catch {
        res = false;
      }
      if (!res) throw new SanctumError('BLOB_TAMPERED', `chunk ${index} failed authentication (altered, reordered or truncated)`, where);
      const final = res.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      if (!final && frame.length !== frameBytes) throw new SanctumError('BLOB_TRUNCATED', `chunk ${index} is short but not final (truncated)`, where);
      yield res.message;
      if (final) {
        if (!(await r.atEnd())) throw new SanctumError('BLOB_TAMPERED', 'there are bytes after the final chunk', where);
        return;
      }
    }
  } finally {
    await r.close();
  }
}
