/**
 * Size buckets, so that what a seized folder shows (ciphertext lengths) says little about what was sealed.
 *
 * - Records: at least 512 bytes (every link of every kind and short entities fall in this one bucket), then
 *   powers of two up to 64 KiB (a statement's length is known only to a factor of two), then Padmé.
 * - Audit entries: one 1 KiB bucket that every normal entry fits, larger ones a multiple of it, so entries of
 *   different kinds (a reveal of an identity, a view, an edit) cannot be told apart by size.
 * - Blobs: Padmé (at most ~12% larger, leaks O(log log n) bits of the size) with a 4 KiB floor.
 *
 * Padmé: Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with PURBs", PETS 2019.
 */

/** Padmé: round `n` up so that only the top ⌊log2 ⌊log2 n⌋⌋ + 1 bits of the exponent's mantissa vary. */
export function padme(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('padme: not a size');
  if (n < 2) return n;
  const e = Math.floor(Math.log2(n));
  const s = Math.floor(Math.log2(e)) + 1;
  const step = 2 ** (e - s);
  return Math.ceil(n / step) * step;
}

export const RECORD_MIN_BYTES = 512;
export const RECORD_POW2_MAX_BYTES = 64 * 1024;
export const AUDIT_BUCKET_BYTES = 1024;
export const BLOB_MIN_PADDED_BYTES = 4096;

/** Plaintext length a sealed record of `n` bytes is padded to. */
export function recordBucket(n: number): number {
  if (n <= RECORD_MIN_BYTES) return RECORD_MIN_BYTES;
  if (n <= RECORD_POW2_MAX_BYTES) return 2 ** Math.ceil(Math.log2(n));
  return padme(n);
}

/** Plaintext length an audit entry (or signed head) of `n` bytes is padded to. */
export function auditBucket(n: number): number {
  return Math.max(1, Math.ceil(n / AUDIT_BUCKET_BYTES)) * AUDIT_BUCKET_BYTES;
}

/** Plaintext length of a blob holding `n` bytes of content. */
export function blobPaddedSize(n: number): number {
  return padme(Math.max(n, BLOB_MIN_PADDED_BYTES));
}

const SPACE = 0x20;

/**
 * UTF-8 JSON padded with trailing spaces to `bucket(length)`. JSON.parse ignores trailing whitespace, so padded
 * and unpadded (older) records are read the same way, with no format change. The input buffer is wiped.
 */
export function padJson(json: Uint8Array, bucket: (n: number) => number): Uint8Array {
  const size = bucket(json.length);
  if (size === json.length) return json;
  const out = new Uint8Array(size);
  out.set(json);
  out.fill(SPACE, json.length);
  json.fill(0);
  return out;
}
