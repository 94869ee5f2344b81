/**
 * Round trip: export from one vault, import into another. Same hashes; custody extended (each imported item's
 * chain starts with an intake citing the sender's chain); provenance kept (package, signer, original ids). An
 * invalid or tampered package is refused with its report and leaves nothing behind.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimData, EntityData, EvidenceData } from '../../../shared/model/records';
import { sha256Hex } from '../../../main/core/crypto/hash';
import { InvalidPackageError, exportPackage, importPackage, recipientKey, verifyBag, type ExportResult } from '../../../main/core/exchange/package';
import { ORG, fileScopedVault, packageFixture, type PackageFixture } from '../../helpers/package-fixture';
import { rejectsWith } from '../../helpers/errors';

let sender: PackageFixture;
let receiver: Awaited<ReturnType<typeof fileScopedVault>>;
let work: string;
let exported: ExportResult;
let pkg: string;

const blobFiles = (vaultDir: string) => readdirSync(join(vaultDir, 'blobs'), { recursive: true }).filter((n) => /[0-9a-f]{32}$/.test(String(n))).length;

beforeAll(async () => {
  sender = await packageFixture();
  receiver = await fileScopedVault();
  work = mkdtempSync(join(tmpdir(), 'sanctum-roundtrip-'));
  pkg = join(work, 'to-prosecutor.tar.gz');
  exported = await exportPackage(sender.ws, { caseId: sender.fx.caseId, selection: { case: true }, profile: 'prosecutor', outPath: pkg, organization: ORG });
});

afterAll(() => {
  sender?.dispose();
  receiver?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('export → import into another vault', () => {
  it('brings every item in with the same hash, custody extended and provenance kept', async () => {
    // The receiver confirmed the sender's fingerprint (the signer is then known for later packages).
    const r = await importPackage(receiver.ws, pkg, { trustSigner: sender.vault.fingerprint });
    expect(r.signerTrust).toBe('trusted');
    expect(r.packageId).toBe(exported.packageId);
    expect(r.signer.fingerprint).toBe(sender.vault.fingerprint);
    expect(r.items.map((i) => [i.originalId, i.sha256]).sort()).toEqual(exported.items.map((i) => [i.id, i.sha256]).sort());
    for (const item of r.items) {
      const ev = receiver.ws.evidence.get(item.id);
      // The same bytes, re-hashed at intake in the receiving vault.
      const bytes = await receiver.vault.blobs.readAll(ev.data.file!.blob.blobId);
      expect(sha256Hex(bytes)).toBe(item.sha256);
      const sent = exported.items.find((e) => e.id === item.originalId)!;
      expect(ev.data.file!.blob.sha256).toBe(sent.sha256);
      // Custody: starts with an intake that cites the sender's chain, signature and key.
      const chain = receiver.ws.evidence.custody(item.id);
      expect(chain[0]).toMatchObject({
        action: 'custody.intake',
        custody: { item: item.id, prev: null },
        details: {
          sha256: item.sha256,
          provenance: { packageId: exported.packageId, originalId: item.originalId, signer: sender.vault.fingerprint, signedManifestSha256: exported.manifestSha256 },
        },
      });
      const senderChain = sender.ws.evidence.custody(item.originalId);
      const senderExport = senderChain.find((e) => (e.details as { packageId?: string }).packageId === exported.packageId)!;
      expect((chain[0]!.details as { provenance: { senderChainHead: string } }).provenance.senderChainHead).toBe(senderExport.hash);
      expect(ev.data.notes).toContain(exported.packageId);
    }
    // Entities, links, events and claims, with new ids that map back to the originals.
    expect([r.entities, r.links, r.events, r.claims]).toEqual([10, 4, 2, 6]);
    const prov = receiver.ws.repo.get<{ packageId: string; signer: { fingerprint: string }; ids: Record<string, string> }>(r.provenanceId)!;
    expect(prov.kind).toBe('package_import');
    expect(prov.data).toMatchObject({ packageId: exported.packageId, signer: { fingerprint: sender.vault.fingerprint } });
    const milad = receiver.ws.repo.get<EntityData>(prov.data.ids[sender.fx.e.milad]!)!;
    expect(milad.data).toMatchObject({ name: 'Abd Al-Rahman Al-Milad', caseId: r.caseId, external: { ftmId: `sanctum-${sender.fx.e.milad}` } });
    const claim = receiver.ws.repo.get<ClaimData>(prov.data.ids[sender.fx.claims.conductMilad]!)!;
    expect(claim.data.assertion).toMatchObject({ type: 'conduct', entityId: milad.id });
    // It cited the statement and the NGO report; both came over (the statement as its rendering).
    expect(claim.data.evidence.map((e) => receiver.ws.repo.get<EvidenceData>(e.evidenceId)?.kind)).toEqual(['evidence', 'evidence']);
    expect(receiver.vault.audit.verify().ok).toBe(true);
    // And what came in can go out again: the chain now starts at the receiving vault's intake.
    const again = join(work, 'onward');
    await exportPackage(receiver.ws, { caseId: r.caseId, selection: { case: true }, profile: 'panel', outPath: again, organization: { name: 'Prosecutor' } });
    expect((await verifyBag(again)).valid).toBe(true);
  });

  it('opens a package encrypted to the receiving vault, and only there', async () => {
    const key = recipientKey(receiver.ws.repo);
    const enc = join(work, 'sealed.sanctum');
    await exportPackage(sender.ws, { caseId: sender.fx.caseId, selection: { claimIds: [sender.fx.claims.linkCommands] }, profile: 'panel', outPath: enc, organization: ORG, recipients: [key.text] });
    const r = await importPackage(receiver.ws, enc);
    expect(r.items.length).toBe(1);
    await rejectsWith(importPackage(sender.ws, enc), { code: 'INVALID_INPUT', message: /not encrypted to this vault/ });
  });

  it('refuses a tampered or unsigned package with the report, and imports nothing', async () => {
    const bag = join(work, 'bag');
    await exportPackage(sender.ws, { caseId: sender.fx.caseId, selection: { case: true }, profile: 'panel', outPath: bag, organization: ORG });
    const bad = join(work, 'bad');
    cpSync(bag, bad, { recursive: true });
    const victim = exported.items.length ? readdirSync(join(bad, 'data/evidence'))[0]! : '';
    const file = join(bad, 'data/evidence', victim, readdirSync(join(bad, 'data/evidence', victim))[0]!);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('!')]));
    const before = { records: receiver.ws.repo.size, blobs: blobFiles(receiver.dir) };
    const err = await importPackage(receiver.ws, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPackageError);
    expect((err as InvalidPackageError).report.problems.some((p) => p.severity === 'error' && p.file.startsWith(`data/evidence/${victim}/`))).toBe(true);
    // A plain bag without the Sanctum layer is not imported either.
    const plain = join(work, 'plain');
    cpSync(bag, plain, { recursive: true });
    rmSync(join(plain, 'sanctum'), { recursive: true });
    await rejectsWith(importPackage(receiver.ws, plain), { code: 'INVALID_INPUT' });
    expect({ records: receiver.ws.repo.size, blobs: blobFiles(receiver.dir) }).toEqual(before);
  });
});
