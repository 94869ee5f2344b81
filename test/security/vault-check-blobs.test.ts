/**
 * Issue 9, finding 2: `vault check` must verify evidence files, which keep their blob reference at
 * `data.file.blob` (not `data.blob`), and garbage collection must never run on an incomplete reference set.
 * Evidence goes in through the real intake (EvidenceService), and the check runs in the real CLI.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blobRefs, collectBlobReferences } from '../../main/core/blobs/blob-refs';
import { Workspace } from '../../main/core/workspace';
import { fromHex } from '../../main/core/crypto/bytes';
import { unlockVault } from '../../main/core/vault/vault';
import { jsonOf, sanctum } from '../helpers/cli';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

async function vaultWithEvidence() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const c = ws.cases.create({ name: 'Intake case' });
  const bytes = new TextEncoder().encode('ledger page 4: payments to the coast guard unit, 2017'.repeat(2000));
  const item = await ws.evidence.intake([bytes], { caseId: c.id, originalName: 'ledger.txt' });
  const blobId = item.data.file!.blob.blobId;
  return { dir, vault, ws, caseId: c.id, item, blobId };
}

interface CheckJson {
  ok: boolean;
  blobs: { referenced: number; verified: number; failed: number };
  problems: { check: string; message: string; where?: string }[];
}

async function cliCheck(dir: string) {
  const r = await sanctum(['vault', 'check', dir, '--json'], { env: { SANCTUM_PASSPHRASE: PASS } });
  return { code: r.code, json: jsonOf<CheckJson>(r) };
}

/** Core side of the check: every reference a record holds, verified against its file. */
async function coreBlobProblems(dir: string): Promise<string[]> {
  const vault = await unlockVault(dir, PASS);
  try {
    const out: string[] = [];
    for (const rec of vault.store.scan('records')) {
      for (const ref of blobRefs(rec)) {
        const v = await vault.blobs.verify(ref);
        if (!v.ok) out.push(v.where);
      }
    }
    return out;
  } finally {
    vault.close();
  }
}

describe('vault check verifies evidence files taken in for real', () => {
  it('an intact evidence file is referenced and verified', async () => {
    const { dir, vault, blobId } = await vaultWithEvidence();
    vault.close();
    const r = await cliCheck(dir);
    expect(r.code).toBe(0);
    expect(r.json.blobs).toMatchObject({ referenced: 1, verified: 1, failed: 0 });
    expect(await coreBlobProblems(dir)).toEqual([]);
    void blobId;
  });

  it('a flipped byte in an evidence file: core and CLI (exit 1) name the blob', async () => {
    const { dir, vault, blobId } = await vaultWithEvidence();
    const path = vault.blobs.pathOf(blobId);
    vault.close();
    const b = readFileSync(path);
    b[b.length - 100] = b[b.length - 100]! ^ 0x01;
    writeFileSync(path, b);
    expect((await coreBlobProblems(dir)).join()).toContain(blobId);
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.problems.some((p) => p.check === 'blobs' && (p.where ?? '').includes(blobId))).toBe(true);
  });

  it('a deleted evidence file: core and CLI (exit 1) name the blob', async () => {
    const { dir, vault, blobId } = await vaultWithEvidence();
    const path = vault.blobs.pathOf(blobId);
    vault.close();
    rmSync(path);
    expect((await coreBlobProblems(dir)).join()).toContain(blobId);
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);
    expect(r.json.problems.some((p) => p.check === 'blobs' && (p.where ?? '').includes(blobId))).toBe(true);
  });
});

describe('garbage collection and an incomplete reference set', () => {
  it('keeps evidence files (data.file.blob) when every record was read', async () => {
    const { vault, blobId } = await vaultWithEvidence();
    const stray = await vault.blobs.write([new TextEncoder().encode('never referenced')]);
    const refs = collectBlobReferences(vault.store);
    expect(refs.incomplete).toBeNull();
    expect(vault.blobs.collectGarbage(refs).removed).toBe(1);
    expect(vault.blobs.listOnDisk()).toEqual([blobId]);
    void stray;
    vault.close();
  });

  it('refuses while the witness compartment is locked and holds rows', async () => {
    const { vault, ws, caseId, blobId } = await vaultWithEvidence();
    await vault.unlockWitness(WITNESS_PASS);
    ws.witnesses.create({ caseId, pseudonym: 'W-001' }, { fullName: 'Witness Real Name' });
    vault.lockWitness();
    const refs = collectBlobReferences(vault.store);
    expect(refs.incomplete).toMatch(/witness compartment is locked/);
    expect(() => vault.blobs.collectGarbage(refs)).toThrow(expect.objectContaining({ code: 'GC_REFUSED' }));
    expect(vault.blobs.listOnDisk()).toEqual([blobId]);
    await vault.unlockWitness(WITNESS_PASS);
    expect(collectBlobReferences(vault.store).incomplete).toBeNull();
    vault.close();
  });

  it('refuses when a record fails to open (its references are unknown)', async () => {
    const { vault, item, blobId } = await vaultWithEvidence();
    const row = vault.db.prepare('SELECT ct FROM records WHERE id = ?').get(fromHex(item.id)) as { ct: Buffer };
    row.ct[row.ct.length - 1] = row.ct[row.ct.length - 1]! ^ 0x01;
    vault.db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(row.ct, fromHex(item.id));
    const refs = collectBlobReferences(vault.store);
    expect(refs.ids.has(blobId)).toBe(false);
    expect(refs.incomplete).toMatch(/could not be opened/);
    expect(() => vault.blobs.collectGarbage(refs)).toThrow(expect.objectContaining({ code: 'GC_REFUSED' }));
    expect(vault.blobs.listOnDisk()).toEqual([blobId]);
    vault.close('aborted');
  });
});
