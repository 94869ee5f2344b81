/**
 * A list snapshot's entries in the vault's blob store (blob v1, secretstream): JSON lines — one ListEntry a
 * line — gzip'd, then encrypted like any evidence file. The sealed `list_snapshot` record keeps the BlobInfo
 * (`blob`) and the number of entries, so a list of hundreds of thousands of entries costs nothing at unlock and
 * is read only when screening needs it.
 *
 * Reading checks what the blob store cannot: the SHA-256 and size recorded at import (of the gzip'd bytes, as
 * `vault check` verifies them) and the entry count.
 */
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { BlobInfo, BlobStore } from '../blobs/blob-store';
import { createSha256 } from '../crypto/hash';
import { SanctumError } from '../errors';
import type { ListEntry } from './list-model';

/** JSON lines in pieces of about 1 MiB. */
function* jsonLines(entries: readonly ListEntry[]): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const e of entries) {
    const line = `${JSON.stringify(e)}\n`;
    parts.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''), 'utf8');
}

/**
 * Encrypt the entries into a new blob. A cancel or failure removes the partial file (the blob store writes to
 * tmp/ and renames only when complete); the caller deletes the blob if the record that refers to it is not
 * committed.
 */
export async function writeListEntries(blobs: BlobStore, entries: readonly ListEntry[], opts: { signal?: AbortSignal } = {}): Promise<BlobInfo> {
  // pipeline() tears the generator and the compressor down if the blob store stops reading (cancel, error).
  const gz = pipeline(Readable.from(jsonLines(entries)), createGzip({ level: 6 }), () => undefined);
  try {
    return await blobs.write(gz, opts.signal ? { signal: opts.signal } : {});
  } finally {
    gz.destroy();
  }
}

/** Decrypt, decompress and parse a snapshot's entries; checks the recorded hash, size and entry count. */
export async function readListEntries(blobs: BlobStore, ref: BlobInfo, expectedCount?: number): Promise<ListEntry[]> {
  const where = `blobs/${ref.blobId}`;
  const hash = createSha256();
  let size = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const c of blobs.read(ref.blobId)) {
      hash.update(c);
      size += c.length;
      yield c;
    }
  }
  const gunzip = pipeline(Readable.from(counted()), createGunzip({ chunkSize: 256 * 1024 }), () => undefined);
  const out: ListEntry[] = [];
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const parseLine = (line: string) => {
    if (!line) return;
    try {
      out.push(JSON.parse(line) as ListEntry);
    } catch {
      throw new SanctumError('BLOB_TAMPERED', `list entry ${out.length + 1} cannot be read`, where);
    }
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) parseLine(line);
    }
    parseLine(rest + decoder.end());
  } catch (e) {
    if (e instanceof SanctumError) throw e;
    throw new SanctumError('BLOB_TAMPERED', `the list's entries cannot be decompressed (${(e as Error).message})`, where);
  } finally {
    gunzip.destroy();
  }
  if (size !== ref.size || hash.digest('hex') !== ref.sha256) throw new SanctumError('BLOB_TAMPERED', 'the list entries differ from what was imported (SHA-256 mismatch)', where);
  if (expectedCount !== undefined && out.length !== expectedCount) throw new SanctumError('BLOB_TAMPERED', `the list holds ${out.length} entries, ${expectedCount} were imported`, where);
  return out;
}
