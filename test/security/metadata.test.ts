/**
 * Acceptance (issue 9, finding 6): what a seized folder shows by size. A vault is filled through the real
 * services (links of every kind, entities, statements, witnesses with identities, identity reveals, evidence
 * files of many sizes); then the raw rows of vault.db and the blob files on disk are read as someone without
 * the passphrase would, and their size histogram is checked:
 *
 * - every link, of every kind, has the same ciphertext size (and short entities share it);
 * - statements whose lengths fall in one bucket have one size;
 * - audit entries of different kinds (an identity reveal, a creation, an intake …) have one size;
 * - blob files are Padmé-padded: files of different sizes in one bucket are the same size on disk, and no
 *   file's exact size can be computed from its blob's size;
 * - witness_records holds a whole number of buckets, not the number of identities.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { BLOB_CHUNK_BYTES, BLOB_FRAME_OVERHEAD, BLOB_HEADER_BYTES } from '../../main/core/crypto/blob-stream';
import { fromHex } from '../../main/core/crypto/bytes';
import { padme } from '../../main/core/crypto/padding';
import { LINK_KINDS } from '../../shared/model/vocabulary';
import { buildFixtureCase } from '../helpers/case-fixture';
import { newTestVault, WITNESS_PASS } from '../helpers/vault';

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const words = (n: number) => 'The detainees were moved at night to the farm near the coast road. '.repeat(Math.ceil(n / 68)).slice(0, n);

/** Evidence file sizes: pairs that fall in one Padmé bucket, and sizes that are not bucket edges. */
const FILE_SIZES = [1, 300, 4000, 5000, 5100, 70_000, 70_500, 3 * BLOB_CHUNK_BYTES + 1234, 1_000_003];

interface Seen {
  linkSizes: Set<number>;
  entitySizes: Set<number>;
  statementSizes: Set<number>;
  auditByAction: Map<string, Set<number>>;
  blobs: { size: number; onDisk: number }[];
  witnessRows: number;
}

/** Fill a vault through the services, close it, and read sizes as someone without the passphrase would. */
async function seizedVault(): Promise<Seen> {
  const { vault, dir } = await newTestVault();
  if (!vault.witnessUnlocked) await vault.unlockWitness(WITNESS_PASS);
  const ws = new Workspace(vault);
  const fx = await buildFixtureCase(ws);
  const caseId = fx.caseId;

  // One link of every kind, with the fields each kind usually carries.
  const linkIds = LINK_KINDS.map((kind, i) => {
    const extra: Record<string, unknown> =
      kind === 'paid' || kind === 'finances'
        ? { money: { amount: 125_000 + i, currency: 'USD' }, date: { value: '2017-03-02' } }
        : { start: { value: '2016' }, role: i % 2 ? 'deputy' : undefined };
    return ws.links.create({ caseId, kind, source: fx.e.milad, target: fx.e.dabbashi, ...extra }).id;
  });
  linkIds.push(...Object.values(fx.links));
  const shortEntities = [fx.e.boat, fx.e.zawiya, fx.e.victim, fx.e.coastguard];

  // Statements whose lengths fall in one record bucket (1–2 KiB of JSON), and witnesses with identities.
  const statementIds: string[] = [];
  const witnessIds: string[] = [];
  for (const [i, len] of [700, 850, 1000].entries()) {
    const w = ws.witnesses.create({ caseId, riskLevel: 'high' }, { fullName: `Witness Real Name ${i}`, contact: `+218 91 555 01${i}` });
    witnessIds.push(w.id);
    statementIds.push(ws.witnesses.recordStatement({ caseId, witnessId: w.id, text: words(len), credibility: 2 }).id);
  }
  for (const id of witnessIds) ws.witnesses.revealIdentity(id);
  ws.witnesses.revealIdentity(witnessIds[0]!);

  // Evidence files of many sizes.
  const blobIds: string[] = [];
  for (const [i, size] of FILE_SIZES.entries()) {
    const rec = await ws.evidence.intake([pseudoRandom(size, i + 1)], { caseId, originalName: `file-${i}.bin` });
    blobIds.push(rec.data.file!.blob.blobId);
  }
  const blobPaths = blobIds.map((id) => vault.blobs.pathOf(id));
  const actions = new Map<number, string>();
  for (const e of vault.audit.entries()) actions.set(e.seq, e.action);
  vault.close();

  const db = new Database(join(dir, 'vault.db'), { readonly: true });
  try {
    const rowSize = (id: string) => (db.prepare('SELECT length(ct) AS n FROM records WHERE id = ?').get(fromHex(id)) as { n: number }).n;
    const auditByAction = new Map<string, Set<number>>();
    for (const { seq, n } of db.prepare('SELECT seq, length(ct) AS n FROM audit_log').all() as { seq: number; n: number }[]) {
      const a = actions.get(seq) ?? '(written by close)';
      auditByAction.set(a, (auditByAction.get(a) ?? new Set()).add(n));
    }
    return {
      linkSizes: new Set(linkIds.map(rowSize)),
      entitySizes: new Set(shortEntities.map(rowSize)),
      statementSizes: new Set(statementIds.map(rowSize)),
      auditByAction,
      blobs: FILE_SIZES.map((size, i) => ({ size, onDisk: statSync(blobPaths[i]!).size })),
      witnessRows: (db.prepare('SELECT count(*) AS n FROM witness_records').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('what a seized folder shows by size (finding 6)', () => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await seizedVault();
  });

  it('every link, of every kind, has one ciphertext size, which short entities share', () => {
    expect(seen.linkSizes.size, `link ciphertext sizes ${[...seen.linkSizes].join(', ')}`).toBe(1);
    expect(seen.entitySizes).toEqual(seen.linkSizes);
  });

  it('statements whose lengths fall in one bucket have one size', () => {
    expect(seen.statementSizes.size, `statement ciphertext sizes ${[...seen.statementSizes].join(', ')}`).toBe(1);
  });

  it('audit entries of different kinds (identity reveals among them) have one size', () => {
    const all = new Set([...seen.auditByAction.values()].flatMap((s) => [...s]));
    expect(seen.auditByAction.has('witness.identity_viewed')).toBe(true);
    expect(seen.auditByAction.size).toBeGreaterThan(5);
    expect(all.size, `audit sizes by action ${JSON.stringify([...seen.auditByAction].map(([a, s]) => [a, [...s]]))}`).toBe(1);
  });

  it('blob files hold Padmé sizes (>= 4 KiB): files in one bucket are the same size on disk, no exact size derivable', () => {
    for (const b of seen.blobs) {
      const frames = Math.ceil((b.onDisk - BLOB_HEADER_BYTES) / (BLOB_CHUNK_BYTES + BLOB_FRAME_OVERHEAD));
      const plain = b.onDisk - BLOB_HEADER_BYTES - frames * BLOB_FRAME_OVERHEAD;
      expect(plain, `blob of a ${b.size}-byte file`).toBeGreaterThanOrEqual(Math.max(4096, b.size));
      expect(padme(plain), `blob of a ${b.size}-byte file holds a Padmé size`).toBe(plain);
    }
    const onDisk = (n: number) => seen.blobs.find((b) => b.size === n)!.onDisk;
    expect(onDisk(1)).toBe(onDisk(300));
    expect(onDisk(300)).toBe(onDisk(4000));
    expect(onDisk(5000)).toBe(onDisk(5100));
    expect(onDisk(70_000)).toBe(onDisk(70_500));
  });

  it('witness_records holds a whole number of buckets, not the number of identities', () => {
    expect(seen.witnessRows).toBeGreaterThan(0);
    expect(seen.witnessRows % 16 /* WITNESS_ROWS_BUCKET */, `witness_records has ${seen.witnessRows} rows`).toBe(0);
  });
});
