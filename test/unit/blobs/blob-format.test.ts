/**
 * Blob format v2 (content padded to a Padmé size, length sealed in the header) and reading v1 blobs written
 * before it, through BlobStore and through the export's worker pool; record padding keeps older, unpadded
 * records readable.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../main/core/blobs/blob-store';
import { BLOB_CHUNK_BYTES, BLOB_HEADER_BYTES, BLOB_MAGIC_V1, sealedBlobSize } from '../../../main/core/crypto/blob-stream';
import { concatBytes, randomBytes, toHex, utf8 } from '../../../main/core/crypto/bytes';
import { blobPaddedSize, padme, recordBucket } from '../../../main/core/crypto/padding';
import { sealEnvelope } from '../../../main/core/crypto/record-envelope';
import { SecretKey } from '../../../main/core/crypto/secret-key';
import { initCrypto, sodium } from '../../../main/core/crypto/sodium';
import { migrate } from '../../../main/core/store/migrations';
import { SealedStore } from '../../../main/core/store/sealed-store';
import { rejectsWith } from '../../helpers/errors';
import { tempDir } from '../../helpers/tmp';

function pseudoRandom(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A blob exactly as format v1 wrote it (no padding, no length box). */
function v1Blob(key: Uint8Array, blobId: Uint8Array, data: Uint8Array): Uint8Array {
  const s = sodium();
  const init = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const ad = concatBytes(utf8('sanctum.blob.v1\0'), blobId);
  const parts: Uint8Array[] = [BLOB_MAGIC_V1, init.header];
  const chunks = Math.max(1, Math.ceil(data.length / BLOB_CHUNK_BYTES));
  for (let i = 0; i < chunks; i++) {
    const last = i === chunks - 1;
    const tag = last ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    parts.push(s.crypto_secretstream_xchacha20poly1305_push(init.state, data.subarray(i * BLOB_CHUNK_BYTES, (i + 1) * BLOB_CHUNK_BYTES), ad, tag));
  }
  return concatBytes(...parts);
}

async function storeWithKey() {
  await initCrypto();
  const key = randomBytes(32);
  return { key, store: new BlobStore(tempDir(), () => new SecretKey(key)) };
}

describe('blob format v2', () => {
  it('Padmé: known values, never smaller, a 4 KiB floor for blobs', () => {
    expect([0, 1, 2, 3, 1000, 4096, 5000, 5100, 70_000, 196_618].map(padme)).toEqual([0, 1, 2, 3, 1024, 4096, 5120, 5120, 71_680, 200_704]);
    for (let n = 1; n < 300_000; n += 997) expect(padme(n)).toBeGreaterThanOrEqual(n);
    expect(blobPaddedSize(0)).toBe(4096);
    expect([1, 300, 512, 513, 1500, 70_000].map(recordBucket)).toEqual([512, 512, 512, 1024, 2048, 71_680]);
  });

  it('pads on disk to the Padmé size, and reads back exactly the content (store and worker pool)', async () => {
    const { store } = await storeWithKey();
    const pool = store.decryptPool({ workers: 1 });
    try {
      for (const size of [0, 1, 4095, 4097, BLOB_CHUNK_BYTES - 1, BLOB_CHUNK_BYTES, 3 * BLOB_CHUNK_BYTES + 1234, 33 * BLOB_CHUNK_BYTES + 5]) {
        const data = pseudoRandom(size, size + 3);
        const info = await store.write([data]);
        expect(info.size).toBe(size);
        expect(readFileSync(store.pathOf(info.blobId)).length, `size ${size}`).toBe(sealedBlobSize(size));
        expect((await store.readAll(info.blobId)).equals(data), `size ${size}`).toBe(true);
        const r = pool.open(info.blobId, ['sha256']);
        const parts: Uint8Array[] = [];
        for await (const c of r) parts.push(c);
        expect(Buffer.concat(parts).equals(data), `pool, size ${size}`).toBe(true);
        expect((await r.result()).size).toBe(size);
        expect(await store.verify(info)).toEqual({ ok: true });
      }
    } finally {
      await pool.close();
    }
  });

  it('a changed length box fails authentication, in the store and in the pool', async () => {
    const { store } = await storeWithKey();
    const pool = store.decryptPool({ workers: 1 });
    try {
      const info = await store.write([pseudoRandom(5000)]);
      const path = store.pathOf(info.blobId);
      const bad = readFileSync(path);
      bad[BLOB_HEADER_BYTES - 20] = bad[BLOB_HEADER_BYTES - 20]! ^ 0x01;
      writeFileSync(path, bad);
      const want = { code: 'BLOB_TAMPERED', message: /header failed authentication/ };
      await rejectsWith(store.readAll(info.blobId), want);
      await rejectsWith(pool.open(info.blobId, ['sha256']).result(), want);
    } finally {
      await pool.close();
    }
  });

  it('still reads v1 blobs (store and worker pool), and refuses a v1 blob cut short', async () => {
    const { key, store } = await storeWithKey();
    const pool = store.decryptPool({ workers: 1 });
    try {
      for (const size of [0, 10, BLOB_CHUNK_BYTES, 2 * BLOB_CHUNK_BYTES + 77]) {
        const id = randomBytes(16);
        const data = pseudoRandom(size, size + 9);
        const path = store.pathOf(toHex(id));
        mkdirSync(dirname(path), { recursive: true });
        const file = v1Blob(key, id, data);
        writeFileSync(path, file);
        expect((await store.readAll(toHex(id))).equals(data), `v1 size ${size}`).toBe(true);
        const r = pool.open(toHex(id), ['sha256']);
        const parts: Uint8Array[] = [];
        for await (const c of r) parts.push(c);
        expect(Buffer.concat(parts).equals(data), `v1 pool, size ${size}`).toBe(true);
        if (size > BLOB_CHUNK_BYTES) {
          writeFileSync(path, file.subarray(0, 32 + 65_553));
          await rejectsWith(store.readAll(toHex(id)), { code: 'BLOB_TRUNCATED', message: /without its final chunk/ });
        }
      }
    } finally {
      await pool.close();
    }
  });
});

describe('record padding', () => {
  it('pads new records to their bucket and reads older, unpadded ones unchanged', async () => {
    await initCrypto();
    const db = new Database(':memory:');
    migrate(db);
    const key = new SecretKey(randomBytes(32));
    const store = new SealedStore(db, { records: () => key, witness_records: () => undefined });
    const rec = store.insert('records', 'link', { kind: 'owns' });
    const ct = (db.prepare('SELECT ct FROM records').get() as { ct: Uint8Array }).ct;
    expect(ct.length).toBe(2 + 24 + 512 + 16);
    expect(store.get('records', rec.id)?.data).toEqual({ kind: 'owns' });
    // As written before padding: the JSON alone.
    const id = randomBytes(16);
    const plain = { k: 'entity', v: 1, c: '2026-01-01T00:00:00.000Z', u: '2026-01-01T00:00:00.000Z', d: { name: 'old' } };
    db.prepare('INSERT INTO records (id, ct) VALUES (?, ?)').run(id, sealEnvelope(key.bytes, 1, 'records', id, utf8(JSON.stringify(plain))));
    expect(store.get('records', toHex(id))).toEqual({ id: toHex(id), kind: 'entity', v: 1, createdAt: plain.c, updatedAt: plain.u, data: { name: 'old' } });
    db.close();
  });
});
