/**
 * Which blobs a record refers to.
 *
 * Convention (every feature that stores a file follows it): a record that owns an encrypted file carries the
 * `BlobInfo` returned by `BlobStore.write` as `data.blob = { blobId, sha256, size }`. `vault check` verifies
 * every blob found this way against its recorded hash and size, and garbage collection keeps exactly these
 * (and refuses to run on a reference set that is not known to be complete).
 */
import type { SealedStore, SealedTable, StoredRecord } from '../store/sealed-store';

/** An encrypted file as a record refers to it (what `BlobStore.write` returns). */
export interface BlobInfo {
  blobId: string;
  sha256: string;
  size: number;
}

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

/**
 * The blobs a record refers to (empty when it refers to none): every well-formed `{blobId, sha256, size}`
 * object at any depth of the record's data (`data.blob` for list snapshots, `data.file.blob` for evidence
 * items, …). Walking the whole value means a feature that nests its reference elsewhere is still verified by
 * `vault check` and kept by garbage collection.
 */
export function blobRefs(record: Pick<StoredRecord, 'data'>): BlobInfo[] {
  const out: BlobInfo[] = [];
  const seen = new Set<string>();
  // Iterative walk: record data comes from the vault, but a deep value must not overflow the stack.
  const stack: unknown[] = [record.data];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (isBlobInfo(v)) {
      if (!seen.has(v.blobId)) {
        seen.add(v.blobId);
        out.push({ blobId: v.blobId, sha256: v.sha256, size: v.size });
      }
      continue;
    }
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else for (const key of Object.keys(v).reverse()) stack.push((v as Record<string, unknown>)[key]);
  }
  return out;
}

/** The blobs referenced by a set of records, and whether the set is known to be complete. */
export interface BlobReferenceSet {
  readonly ids: ReadonlySet<string>;
  /** Null when every record (both tables) was decrypted; otherwise why the set may miss references. */
  readonly incomplete: string | null;
}

/**
 * Every blob referenced by a record of either table. The set is marked incomplete (and garbage collection then
 * refuses) when a record fails to open or the witness compartment is locked while it holds rows.
 */
export function collectBlobReferences(store: SealedStore): BlobReferenceSet {
  const ids = new Set<string>();
  const gaps: string[] = [];
  for (const table of ['records', 'witness_records'] as SealedTable[]) {
    if (table === 'witness_records' && !store.canOpen(table)) {
      const n = store.rowCount(table);
      if (n > 0) gaps.push(`the witness compartment is locked and its ${n} record(s) could refer to files`);
      continue;
    }
    let failed = 0;
    for (const r of store.scanChecked(table)) {
      if (r.ok) for (const b of blobRefs(r.record)) ids.add(b.blobId);
      else failed++;
    }
    if (failed) gaps.push(`${failed} record(s) in ${table} could not be opened`);
  }
  return { ids, incomplete: gaps.length ? gaps.join('; ') : null };
}
