import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { unlockVault } from '../../../main/core/vault/vault';
import { newTestVault, PASS, WITNESS_PASS } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { buildFixtureCase } from '../../helpers/case-fixture';

async function fixture() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  return { dir, vault, ws, f };
}

describe('case workspace', () => {
  it('builds a case and survives lock/unlock with indexes rebuilt', async () => {
    const { dir, vault, ws, f } = await fixture();
    expect(ws.entities.list(f.caseId)).toHaveLength(10);
    expect(ws.entities.neighbours(f.e.milad).map((n) => n.link.data.kind).sort()).toEqual(['commands', 'owns']);
    expect(ws.claims.about(f.e.milad)).toHaveLength(3);
    vault.close();
    const v2 = await unlockVault(dir, PASS);
    const ws2 = new Workspace(v2);
    expect(ws2.entities.list(f.caseId)).toHaveLength(10);
    expect(ws2.claims.citing(f.evidence.photo).map((c) => c.id).sort()).toEqual([f.claims.conductMilad2, f.claims.participation].sort());
    expect(ws2.events.forEntity(f.e.milad)).toHaveLength(2);
    expect(ws2.cases.counts(f.caseId)).toMatchObject({ entity: 10, link: 4, event: 2, claim: 4, witness: 1 });
    v2.close();
  });

  it('validates input and names the field', async () => {
    const { vault, ws, f } = await fixture();
    expect(() => ws.entities.create({ caseId: f.caseId, kind: 'person', name: '' })).toThrow(/name/);
    expect(() => ws.entities.create({ caseId: f.caseId, kind: 'spaceship', name: 'x' })).toThrow(/kind/);
    expect(() => ws.links.create({ caseId: f.caseId, kind: 'member_of', source: f.e.milad, target: f.e.milad })).toThrow(/two different/);
    expect(() => ws.links.create({ caseId: f.caseId, kind: 'member_of', source: f.e.milad, target: f.e.coastguard, money: { amount: 5 } })).toThrow(/amount/);
    expect(() => ws.claims.create({ caseId: f.caseId, assertion: { type: 'conduct', entityId: f.e.milad, conduct: 'jaywalking' } })).toThrow(/conduct/);
    const other = ws.cases.create({ name: 'Other case' });
    expect(() => ws.links.create({ caseId: other.id, kind: 'associate', source: f.e.milad, target: f.e.ghermay })).toThrow(/another case/);
    vault.close();
  });

  it('detects the script of aliases', async () => {
    const { vault, ws, f } = await fixture();
    const milad = ws.entities.get(f.e.milad);
    expect(milad.data.aliases.find((a) => a.value.startsWith('عبد'))?.script).toBe('arabic');
    expect(milad.data.aliases.find((a) => a.value === 'Al-Bija')?.script).toBe('latin');
    vault.close();
  });

  it('hashes evidence at intake on the original bytes and exports them identically', async () => {
    const { vault, ws, f } = await fixture();
    const src = join(tempDir(), 'scan.pdf');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7)]);
    writeFileSync(src, bytes);
    const progress: number[] = [];
    const item = await ws.evidence.intake(src, { caseId: f.caseId, originalName: 'scan.pdf' }, { onProgress: (n) => progress.push(n) });
    expect(item.data.file?.blob.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(item.data.file?.mediaType).toBe('application/pdf');
    expect(progress.at(-1)).toBe(bytes.length);
    const out = join(tempDir(), 'exported.pdf');
    const res = await ws.evidence.exportOriginal(item.id, out);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    expect(res.sha256).toBe(item.data.file?.blob.sha256);
    await expect(ws.evidence.exportOriginal(item.id, out)).rejects.toMatchObject({ code: 'CONFLICT' });
    await ws.evidence.read(item.id);
    const custody = ws.evidence.custody(item.id).map((e) => e.action);
    expect(custody).toEqual(['custody.intake', 'custody.exported', 'custody.viewed']);
    expect(vault.audit.verify().ok).toBe(true);
    vault.close();
  });

  it('trusts bytes over the file name for the media type', async () => {
    const { vault, ws, f } = await fixture();
    const item = await ws.evidence.intake([Buffer.from('MZ\x90\x00 not really a pdf')], { caseId: f.caseId, originalName: 'invoice.pdf' });
    expect(item.data.file?.mediaType).toBe('application/x-msdownload');
    vault.close();
  });

  it('keeps working copies linked to untouched originals, with custody on both', async () => {
    const { vault, ws, f } = await fixture();
    const orig = ws.evidence.get(f.evidence.report);
    const copy = await ws.evidence.addWorkingCopy(f.evidence.report, [Buffer.from('redacted text')], { originalName: 'ngo-report-redacted.txt', type: 'redacted' });
    expect(copy.data.derivedFrom).toEqual({ evidenceId: f.evidence.report, type: 'redacted' });
    expect(ws.evidence.get(f.evidence.report)).toEqual(orig);
    expect(ws.evidence.workingCopies(f.evidence.report).map((c) => c.id)).toEqual([copy.id]);
    expect(ws.evidence.custody(f.evidence.report).map((e) => e.action)).toEqual(['custody.intake', 'custody.copied']);
    vault.close();
  });

  it('warns before deleting evidence a claim relies on and shows what loses support', async () => {
    const { vault, ws, f } = await fixture();
    const impact = ws.evidence.deleteImpact(f.evidence.photo);
    expect(impact.unsupported.map((u) => u.claimId).sort()).toEqual([f.claims.conductMilad2, f.claims.participation].sort());
    expect(impact.weakened).toEqual([]);
    const impact2 = ws.evidence.deleteImpact(f.evidence.report);
    expect(impact2.weakened).toEqual([{ claimId: f.claims.conductMilad, statement: expect.any(String), remaining: 1 }]);
    await expect(ws.evidence.delete(f.evidence.photo)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/2 claim\(s\) with no evidence/) });
    expect(ws.evidence.get(f.evidence.photo)).toBeTruthy();
    const blobId = ws.evidence.get(f.evidence.photo).data.file!.blob.blobId;
    await ws.evidence.delete(f.evidence.photo, { confirm: true });
    expect(() => ws.evidence.get(f.evidence.photo)).toThrow(/no evidence/);
    expect(ws.claims.get(f.claims.conductMilad2).data.evidence).toEqual([]);
    expect(vault.blobs.listOnDisk()).not.toContain(blobId);
    expect(vault.audit.verify().ok).toBe(true);
    vault.close();
  });

  it('deletes an entity only with confirmation when links and claims depend on it; undo restores all', async () => {
    const { vault, ws, f } = await fixture();
    expect(() => ws.entities.delete(f.e.milad)).toThrow(/2 link\(s\) and 4 claim\(s\)/);
    const before = ws.repo.size;
    ws.entities.delete(f.e.milad, { confirm: true });
    expect(ws.entities.neighbours(f.e.coastguard)).toEqual([]);
    expect(ws.events.get(f.events.interception).data.participants.map((p) => p.entityId)).not.toContain(f.e.milad);
    expect(ws.repo.peekUndo()?.label).toBe('delete entity');
    ws.repo.undo();
    expect(ws.repo.size).toBe(before);
    expect(ws.entities.neighbours(f.e.coastguard)).toHaveLength(1);
    expect(ws.claims.about(f.e.milad)).toHaveLength(3);
    expect(ws.events.get(f.events.interception).data.participants.map((p) => p.entityId)).toContain(f.e.milad);
    const actions = [...vault.audit.entries()].map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['entity.deleted', 'undo']);
    vault.close();
  });

  it('undo reverts the last edit and refuses when the record changed again since', async () => {
    const { vault, ws, f } = await fixture();
    ws.entities.update(f.e.ghermay, { name: 'Ermias Ghermay (Guro)' });
    ws.repo.undo();
    expect(ws.entities.get(f.e.ghermay).data.name).toBe('Ermias Ghermay');
    // A later change that is not itself undoable (evidence deletion edits the claim) blocks the undo.
    ws.claims.update(f.claims.conductMilad2, { assessment: 'confirmed' });
    await ws.evidence.delete(f.evidence.photo, { confirm: true });
    expect(() => ws.repo.undo()).toThrow(/changed again/);
    expect(ws.claims.get(f.claims.conductMilad2).data.assessment).toBe('confirmed');
    vault.close();
  });

  it('keeps witness identities in the locked compartment; reveal is logged', async () => {
    const { vault, ws, f } = await fixture();
    expect(() => ws.witnesses.setIdentity(f.witnessId, { fullName: 'Real Person Name' })).toThrow(/compartment is locked/);
    expect(() => ws.witnesses.create({ caseId: f.caseId }, { fullName: 'Another Real Name' })).toThrow(/compartment is locked/);
    expect(ws.witnesses.list(f.caseId)).toHaveLength(1);
    await vault.unlockWitness(WITNESS_PASS);
    ws.witnesses.setIdentity(f.witnessId, { fullName: 'Real Person Name', contact: '+000' });
    const w2 = ws.witnesses.create({ caseId: f.caseId }, { fullName: 'Second Witness Name' });
    expect(w2.data.pseudonym).toBe('W-001');
    expect(ws.witnesses.revealIdentity(f.witnessId)?.fullName).toBe('Real Person Name');
    vault.lockWitness();
    expect(() => ws.witnesses.revealIdentity(f.witnessId)).toThrow(/compartment is locked/);
    expect([...vault.audit.entries()].filter((e) => e.action === 'witness.identity_viewed')).toHaveLength(1);
    vault.close();
  });

  it('records statements as evidence from the witness’s own source', async () => {
    const { vault, ws, f } = await fixture();
    const st = ws.evidence.get(f.statementId);
    expect(st.data.type).toBe('statement');
    expect(st.data.sourceId).toBe(ws.witnesses.sourceOf(f.witnessId)?.id);
    expect(st.data.statement?.consent.useForListing).toBe(true);
    const edited = ws.witnesses.updateStatement(f.statementId, { text: 'Corrected text.' });
    expect(edited.data.statement?.text).toBe('Corrected text.');
    expect(ws.evidence.custody(f.statementId).map((e) => e.action)).toEqual(['custody.statement_recorded', 'custody.statement_edited']);
    vault.close();
  });

  it('resolves cases by name or id and creates a default case on demand', async () => {
    const { vault, ws, f } = await fixture();
    expect(ws.cases.resolve('zawiya coast network').id).toBe(f.caseId);
    expect(ws.cases.resolve(f.caseId).id).toBe(f.caseId);
    expect(() => ws.cases.resolve('nope')).toThrow(/no case named/);
    expect(() => ws.cases.create({ name: 'Zawiya Coast Network' })).toThrow(/already exists/);
    vault.close();
  });
});
