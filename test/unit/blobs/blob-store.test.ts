import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, truncateSync, statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOB_CHUNK_BYTES, BLOB_FRAME_BYTES, BLOB_HEADER_BYTES, BlobOpener, BlobSealer, sealedBlobSize } from '../../../main/core/crypto/blob-stream';
import { randomBytes } from '../../../main/core/crypto/bytes';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { newTestVault } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { rejectsWith } from '../../helpers/errors';

function pseudoRandom(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('blob store', () => {
  it('stores a file encrypted, with the SHA-256 of the original, and returns identical bytes', async () => {
    const { vault } = await newTestVault();
    const src = join(tempDir(), 'evidence.bin');
    const data = pseudoRandom(3 * BLOB_CHUNK_BYTES + 1234);
    writeFileSync(src, data);
    const progress: number[] = [];
    const info = await vault.blobs.write(src, { onProgress: (n) => progress.push(n) });
    expect(info.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(info.size).toBe(data.length);
    expect(progress.at(-1)).toBe(data.length);
    const onDisk = readFileSync(vault.blobs.pathOf(info.blobId));
    expect(onDisk.length).toBe(sealedBlobSize(data.length));
    expect(onDisk.includes(data.subarray(0, 64))).toBe(false);
    expect(Buffer.compare(await vault.blobs.readAll(info.blobId), data)).toBe(0);
    expect(await vault.blobs.verify(info)).toEqual({ ok: true });
    vault.close();
  });

  it('handles empty files and exact multiples of the chunk size', async () => {
    const { vault } = await newTestVault();
    for (const size of [0, 1, BLOB_CHUNK_BYTES, 2 * BLOB_CHUNK_BYTES]) {
      const data = pseudoRandom(size, size + 7);
      const info = await vault.blobs.write([data]);
      expect((await vault.blobs.readAll(info.blobId)).equals(data), `size ${size}`).toBe(true);
    }
    vault.close();
  });

  it('detects a flipped bit in the header and in every chunk, naming the chunk', async () => {
    const { vault } = await newTestVault();
    const data = pseudoRandom(2 * BLOB_CHUNK_BYTES + 10);
    const info = await vault.blobs.write([data]);
    const path = vault.blobs.pathOf(info.blobId);
    const original = readFileSync(path);
    const positions = [3, BLOB_HEADER_BYTES + 5, BLOB_HEADER_BYTES + BLOB_FRAME_BYTES + 100, original.length - 1];
    const expected = [
      { message: /not a Sanctum v1 blob/ },
      { message: /failed authentication/, where: /chunk 0$/ },
      { message: /failed authentication/, where: /chunk 1$/ },
      { message: /failed authentication/, where: /chunk 2$/ },
    ];
    for (const [i, pos] of positions.entries()) {
      const bad = Buffer.from(original);
      bad[pos] = bad[pos]! ^ 0x04;
      writeFileSync(path, bad);
      await rejectsWith(vault.blobs.readAll(info.blobId), { code: 'BLOB_TAMPERED', ...expected[i]! });
    }
    writeFileSync(path, original);
    vault.close();
  });

  it('detects truncation at a frame boundary (missing final chunk) and mid-frame', async () => {
    const { vault } = await newTestVault();
    const info = await vault.blobs.write([pseudoRandom(2 * BLOB_CHUNK_BYTES + 10)]);
    const path = vault.blobs.pathOf(info.blobId);
    truncateSync(path, BLOB_HEADER_BYTES + 2 * BLOB_FRAME_BYTES);
    await expect(vault.blobs.readAll(info.blobId)).rejects.toMatchObject({ code: 'BLOB_TRUNCATED' });
    truncateSync(path, BLOB_HEADER_BYTES + BLOB_FRAME_BYTES + 50);
    await expect(vault.blobs.readAll(info.blobId)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
    truncateSync(path, 10);
    await expect(vault.blobs.readAll(info.blobId)).rejects.toMatchObject({ code: 'BLOB_TRUNCATED' });
    vault.close();
  });

  it('detects frames swapped between positions or appended after the end', async () => {
    const { vault } = await newTestVault();
    const info = await vault.blobs.write([pseudoRandom(3 * BLOB_CHUNK_BYTES)]);
    const path = vault.blobs.pathOf(info.blobId);
    const orig = readFileSync(path);
    const f = (i: number) => orig.subarray(BLOB_HEADER_BYTES + i * BLOB_FRAME_BYTES, BLOB_HEADER_BYTES + (i + 1) * BLOB_FRAME_BYTES);
    writeFileSync(path, Buffer.concat([orig.subarray(0, BLOB_HEADER_BYTES), f(1), f(0), f(2)]));
    await rejectsWith(vault.blobs.readAll(info.blobId), { code: 'BLOB_TAMPERED', where: /chunk 0$/ });
    writeFileSync(path, Buffer.concat([orig, f(2)]));
    await rejectsWith(vault.blobs.readAll(info.blobId), { code: 'BLOB_TAMPERED', message: /after the final chunk/, where: /chunk 3$/ });
    vault.close();
  });

  it('cancel leaves nothing behind', async () => {
    const { vault, dir } = await newTestVault();
    const ctrl = new AbortController();
    async function* slow() {
      for (let i = 0; i < 50; i++) {
        if (i === 20) ctrl.abort();
        yield pseudoRandom(BLOB_CHUNK_BYTES, i);
      }
    }
    await expect(vault.blobs.write(slow(), { signal: ctrl.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(vault.blobs.listOnDisk()).toEqual([]);
    expect(existsSync(join(dir, 'tmp')) ? readdirSync(join(dir, 'tmp')) : []).toEqual([]);
    vault.close();
  });

  it('garbage collection removes unreferenced blobs and interrupted writes', async () => {
    const { vault } = await newTestVault();
    const keep = await vault.blobs.write([pseudoRandom(100)]);
    const drop = await vault.blobs.write([pseudoRandom(100, 2)]);
    writeFileSync(join(vault.blobs.tmpDir, 'deadbeef.part'), 'partial');
    expect(vault.blobs.collectGarbage({ ids: new Set([keep.blobId]), incomplete: null }).removed).toBe(2);
    expect(vault.blobs.listOnDisk()).toEqual([keep.blobId]);
    expect(statSync(vault.blobs.pathOf(keep.blobId)).size).toBeGreaterThan(0);
    void drop;
    vault.close();
  });

  it('stream format round-trips arbitrary chunkings (property)', async () => {
    await initCrypto();
    const key = randomBytes(32);
    const id = randomBytes(16);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * BLOB_CHUNK_BYTES + 7 }), (size) => {
        const data = pseudoRandom(size, size);
        const sealer = new BlobSealer(key, id);
        const frames: Uint8Array[] = [];
        const chunks = Math.max(1, Math.ceil(size / BLOB_CHUNK_BYTES));
        for (let i = 0; i < chunks; i++) frames.push(sealer.push(data.subarray(i * BLOB_CHUNK_BYTES, (i + 1) * BLOB_CHUNK_BYTES), i === chunks - 1));
        const opener = new BlobOpener(key, id, sealer.header, 't');
        const out = Buffer.concat(frames.map((f, i) => opener.pull(f, i).chunk));
        expect(opener.done).toBe(true);
        expect(out.equals(data)).toBe(true);
        expect(() => new BlobOpener(key, randomBytes(16), sealer.header, 't').pull(frames[0]!, 0)).toThrow(/failed authentication/);
      }),
      { numRuns: 25 },
    );
  });
});
