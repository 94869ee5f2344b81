/**
 * Which blobs a record refers to.
 *
 * Convention (every feature that stores a file follows it): a record that owns an encrypted file carries the
 * `BlobInfo` returned by `BlobStore.write` as `data.blob = { blobId, sha256, size }`. `vault check` verifies
 * every blob found this way against its recorded hash and size, and garbage collection keeps exactly these.
 */
import type { StoredRecord } from '../store/sealed-store';
import type { BlobInfo } from './blob-store';

const BLOB_ID = /^[0-9a-f]{32}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when `value` is a well-formed blob reference ({blobId, sha256, size}). */
export function isBlobInfo(value: unknown): value is BlobInfo {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.blobId === 'string' &&
    BLOB_ID.test(v.blobId) &&
    typeof v.sha256 === 'string' &&
    SHA256_HEX.test(v.sha256) &&
    typeof v.size === 'number' &&
    Number.isSafeInteger(v.size) &&
    v.size >= 0
  );
}

/** The blobs a record refers to (empty when it refers to none). Only `{blobId, sha256, size}` counts. */
export function blobRefs(record: Pick<StoredRecord, 'data'>): BlobInfo[] {
  const data = record.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const blob = (data as Record<string, unknown>).blob;
  return isBlobInfo(blob) ? [{ blobId: blob.blobId, sha256: blob.sha256, size: blob.size }] : [];
}
