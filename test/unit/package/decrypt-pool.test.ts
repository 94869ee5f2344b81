/**
 * The export's blob decryption pool (main/core/crypto/blob-decrypt-pool.ts): worker threads return exactly the
 * bytes BlobStore.read returns, with their digests, and refuse every damaged blob the way it does (same code,
 * message and chunk named); leaving early cancels; close() ends every stream. An export that decrypts on the
 * pool writes the same package as one that decrypts in process, and a cancel still leaves nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_CHUNK_BYTES, BLOB_FRAME_BYTES, BLOB_HEADER_BYTES } from '../../../main/core/crypto/blob-stream';
import type { EvidenceData } from '../../../shared/model/records';
import type { BlobDecryptPool } from '../../../main/core/crypto/blob-decrypt-pool';
import { exportPackage, verifyBag } from '../../../main/core/exchange/package';
import { newTestVault } from '../../helpers/vault';
import { rejectsWith } from '../../helpers/errors';
import { ORG, packageFixture, type PackageFixture } from '../../helpers/package-fixture';

type Vault = Awaited<ReturnType<typeof newTestVault>>['vault'];

function pseudoRandom(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function readAll(pool: BlobDecryptPool, blobId: string, algs: string[] = ['sha256', 'sha512']) {
  const r = pool.open(blobId, algs);
  const parts: Uint8Array[] = [];
  for await (const c of r) parts.push(c);
  return { bytes: Buffer.concat(parts), ...(await r.result()) };
}

describe('blob decryption pool', () => {
  let vault: Vault;
  let pool: BlobDecryptPool;
  beforeAll(async () => {
    ({ vault } = await newTestVault());
    pool = vault.blobs.decryptPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
    vault.close();
  });

  it('returns the bytes BlobStore.read returns, with SHA-256 and SHA-512, for every size and many at once', async () => {
    const sizes = [0, 1, BLOB_CHUNK_BYTES, BLOB_CHUNK_BYTES + 1, 16 * BLOB_CHUNK_BYTES, 16 * BLOB_CHUNK_BYTES + 7, 40 * BLOB_CHUNK_BYTES + 3];
    const data = sizes.map((n, i) => pseudoRandom(n, i + 1));
    const infos = await Promise.all(data.map((d) => vault.blobs.write([d])));
    const got = await Promise.all(infos.map((i) => readAll(pool, i.blobId)));
    for (const [i, g] of got.entries()) {
      expect(Buffer.compare(g.bytes, data[i]!)).toBe(0);
      expect(Buffer.compare(g.bytes, await vault.blobs.readAll(infos[i]!.blobId))).toBe(0);
      expect(g.size).toBe(sizes[i]);
      expect(g.digests).toEqual([createHash('sha256').update(data[i]!).digest('hex'), createHash('sha512').update(data[i]!).digest('hex')]);
      expect(g.digests[0]).toBe(infos[i]!.sha256);
    }
  });

  it('refuses damaged blobs exactly as BlobStore.read does', async () => {
    const info = await vault.blobs.write([pseudoRandom(3 * BLOB_CHUNK_BYTES + 10)]);
    const path = vault.blobs.pathOf(info.blobId);
    const orig = readFileSync(path);
    const frame = (i: number) => orig.subarray(BLOB_HEADER_BYTES + i * BLOB_FRAME_BYTES, BLOB_HEADER_BYTES + (i + 1) * BLOB_FRAME_BYTES);
    const flip = (pos: number) => {
      const bad = Buffer.from(orig);
      bad[pos] = bad[pos]! ^ 0x04;
      return bad;
    };
    const cases: [Buffer, { code: string; message?: RegExp; where?: RegExp }][] = [
      [flip(3), { code: 'BLOB_TAMPERED', message: /not a Sanctum v1 blob/ }],
      [flip(BLOB_HEADER_BYTES + 5), { code: 'BLOB_TAMPERED', message: /failed authentication/, where: /chunk 0$/ }],
      [flip(BLOB_HEADER_BYTES + 2 * BLOB_FRAME_BYTES + 100), { code: 'BLOB_TAMPERED', message: /failed authentication/, where: /chunk 2$/ }],
      [flip(orig.length - 1), { code: 'BLOB_TAMPERED', message: /failed authentication/, where: /chunk 3$/ }],
      [Buffer.concat([orig.subarray(0, BLOB_HEADER_BYTES), frame(1), frame(0), frame(2)]), { code: 'BLOB_TAMPERED', where: /chunk 0$/ }],
      [Buffer.concat([orig, frame(2)]), { code: 'BLOB_TAMPERED', where: /chunk 3$/ }], // the short final frame no longer ends where it did
      [orig.subarray(0, BLOB_HEADER_BYTES + 2 * BLOB_FRAME_BYTES), { code: 'BLOB_TRUNCATED', message: /without its final chunk/ }],
      [orig.subarray(0, BLOB_HEADER_BYTES + BLOB_FRAME_BYTES + 50), { code: 'BLOB_TAMPERED', where: /chunk 1$/ }],
      [orig.subarray(0, 10), { code: 'BLOB_TRUNCATED', message: /shorter than its header/ }],
    ];
    const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message?: string; where?: string }) => ({ code: e.code, message: e.message, where: e.where }));
    for (const [bytes, want] of cases) {
      writeFileSync(path, bytes);
      await rejectsWith(vault.blobs.readAll(info.blobId), want);
      expect(await failure(readAll(pool, info.blobId))).toEqual(await failure(vault.blobs.readAll(info.blobId)));
      const r = pool.open(info.blobId, ['sha256']);
      await rejectsWith(r.result(), want); // the digests are never given for a damaged blob
    }
    const whole = await vault.blobs.write([pseudoRandom(3 * BLOB_CHUNK_BYTES)]);
    const wholePath = vault.blobs.pathOf(whole.blobId);
    const w = readFileSync(wholePath);
    writeFileSync(wholePath, Buffer.concat([w, w.subarray(BLOB_HEADER_BYTES, BLOB_HEADER_BYTES + BLOB_FRAME_BYTES)]));
    await rejectsWith(readAll(pool, whole.blobId), { code: 'BLOB_TAMPERED', message: /after the final chunk/, where: /chunk 3$/ });
    writeFileSync(path, orig);
    truncateSync(path, 0);
    await rejectsWith(readAll(pool, info.blobId), { code: 'BLOB_TRUNCATED' });
    rmSync(path);
    await rejectsWith(readAll(pool, info.blobId), { code: 'NOT_FOUND', where: new RegExp(`blobs/${info.blobId}$`) });
    expect(() => pool.open('not-a-blob-id', [])).toThrow();
    // The pool still works after all of that.
    const ok = await vault.blobs.write([pseudoRandom(100)]);
    expect((await readAll(pool, ok.blobId)).bytes.length).toBe(100);
  });

  it('a blob from another vault fails authentication (the key went to the workers)', async () => {
    const { vault: other } = await newTestVault();
    const info = await other.blobs.write([pseudoRandom(1000)]);
    const target = vault.blobs.pathOf(info.blobId);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(other.blobs.pathOf(info.blobId)));
    other.close();
    await rejectsWith(readAll(pool, info.blobId), { code: 'BLOB_TAMPERED', where: /chunk 0$/ });
  });

  it('leaving a blob early cancels it, and close() ends the streams still open', async () => {
    const big = await vault.blobs.write([pseudoRandom(64 * BLOB_CHUNK_BYTES)]);
    const r = pool.open(big.blobId, ['sha256']);
    for await (const c of r) {
      expect(c.length).toBeGreaterThan(0);
      break;
    }
    await rejectsWith(r.result(), { code: 'CANCELLED' });
    const own = vault.blobs.decryptPool({ workers: 1 });
    const pending = own.open(big.blobId, ['sha256']);
    const skipped = own.open(big.blobId, []);
    skipped.cancel();
    await rejectsWith(skipped.result(), { code: 'CANCELLED' });
    await own.close();
    await rejectsWith(pending.result(), { code: 'CANCELLED' });
    expect(() => own.open(big.blobId, [])).toThrow(/closed/);
  });
});

describe('export with the decryption pool', () => {
  let f: PackageFixture;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sanctum-pool-'));
    f = await packageFixture();
  });
  afterAll(() => {
    f?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes the same payload and manifests as decrypting in process, as a folder and a .tar', async () => {
    const req = { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel' as const, organization: ORG };
    const inProcess = await exportPackage(f.ws, { ...req, outPath: join(work, 'a'), decryptWorkers: 0 });
    const pooled = await exportPackage(f.ws, { ...req, outPath: join(work, 'b'), decryptWorkers: 2 });
    const tar = await exportPackage(f.ws, { ...req, outPath: join(work, 'c.tar'), decryptWorkers: 2 });
    expect(pooled.items).toEqual(inProcess.items);
    expect(tar.items).toEqual(inProcess.items);
    // The payload files' lines (metadata differs between exports: package id, custody).
    const payload = (dir: string, m: string) => readFileSync(join(work, dir, m), 'utf8').split('\n').filter((l) => / data\/(evidence|statements)\//.test(l));
    for (const m of ['manifest-sha256.txt', 'manifest-sha512.txt']) {
      expect(payload('b', m).length).toBe(inProcess.items.length);
      expect(payload('b', m)).toEqual(payload('a', m));
    }
    for (const p of [join(work, 'b'), join(work, 'c.tar')]) expect((await verifyBag(p)).valid).toBe(true);
  });

  it('refuses a blob altered since intake, and a cancel leaves nothing behind', async () => {
    const before = new Set(readdirSync(work));
    const ctrl = new AbortController();
    await rejectsWith(
      exportPackage(f.ws, {
        caseId: f.fx.caseId,
        selection: { case: true },
        profile: 'panel',
        outPath: join(work, 'cancelled'),
        organization: ORG,
        decryptWorkers: 2,
        signal: ctrl.signal,
        onProgress: (p) => {
          if (p.phase === 'writing') ctrl.abort();
        },
      }),
      { code: 'CANCELLED' },
    );
    expect(new Set(readdirSync(work))).toEqual(before);

    const item = (await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: join(work, 'probe'), organization: ORG })).items.find((i) => i.path.startsWith('data/evidence/'))!;
    const blobId = f.ws.repo.get<EvidenceData>(item.id)!.data.file!.blob.blobId;
    const path = f.vault.blobs.pathOf(blobId);
    const orig = readFileSync(path);
    const bad = Buffer.from(orig);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    writeFileSync(path, bad);
    try {
      const names = new Set(readdirSync(work));
      await rejectsWith(exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: join(work, 'tampered'), organization: ORG, decryptWorkers: 2 }), { code: 'BLOB_TAMPERED' });
      expect(new Set(readdirSync(work))).toEqual(names);
    } finally {
      writeFileSync(path, orig);
    }
  });
});
