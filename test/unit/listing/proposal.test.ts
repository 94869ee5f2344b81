import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { proposalToHtml } from '../../../main/core/listing/render';

async function setup() {
  const { vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  // A second, independent source for the ransom fact so LY-05 is met.
  const panel = await ws.evidence.intake([Buffer.from('site visit notes')], { caseId: f.caseId, originalName: 'site-visit.txt', sourceId: f.sources.panel, credibility: 2 });
  ws.claims.update(f.claims.conductMilad, { evidence: [...ws.claims.get(f.claims.conductMilad).data.evidence, { evidenceId: panel.id }], releasable: true });
  return { vault, ws, f, panel };
}

describe('listing proposal', () => {
  it('follows the standard form, with criteria, cited paragraphs and evidence hashes', async () => {
    const { vault, ws, f, panel } = await setup();
    const p = ws.listing.build(f.e.milad, 'un-1970-libya');
    expect(p.identifiers).toEqual(expect.arrayContaining([{ label: 'Name (original script)', value: 'عبد الرحمن الميلاد' }, { label: 'Date of birth', value: '1989-12-29' }, { label: 'Nationality', value: 'LY' }]));
    expect(p.aliases).toEqual(expect.arrayContaining([{ value: 'Al-Bija', quality: 'low', script: 'latin' }, { value: 'عبد الرحمن الميلاد', quality: 'good', script: 'arabic' }]));
    expect(p.criteria.find((c) => c.id === 'LY-05')).toMatchObject({ status: 'met', citation: 'S/RES/2213 (2015), para 11(a)' });
    const para = p.statementOfCase.find((x) => x.claimId === f.claims.conductMilad)!;
    expect(para.text).toMatch(/^Al-Milad controlled a detention centre/);
    expect(para.refs.length).toBe(3);
    // Every cited ref resolves to an evidence entry with a SHA-256 — files by their original hash.
    for (const ref of p.statementOfCase.flatMap((x) => x.refs)) expect(p.evidence.find((e) => e.label === ref)!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.evidence.find((e) => e.evidenceId === panel.id)!.sha256).toBe(panel.data.file!.blob.sha256);
    expect(p.evidence.find((e) => e.kind === 'statement')!.title).toMatch(/Witness statement \(W-017\)/);
    // Only releasable claims reach the narrative summary, drafted as prose (an opening, then per criterion).
    expect(p.narrativeSummary[0]!.text).toMatch(/^Abd Al-Rahman Al-Milad is proposed for listing on the basis of .*S\/RES\/2213 \(2015\), para 11\(a\)/);
    expect(p.narrativeSummary.slice(1).map((x) => x.text).join(' ')).toMatch(/: Al-Milad controlled a detention centre/);
    expect(p.narrativeSummary.every((x) => x.claimId === null)).toBe(true);
    expect(p.notices.join(' ')).toMatch(/compartment is locked/);
    vault.close();
  });

  it('follows the committees’ standard form: met criteria only, measures with paragraphs, evidence nature, already listed flagged (issue 11 rule 7)', async () => {
    const { vault, ws, f } = await setup();
    let p = ws.listing.build(f.e.milad, 'un-1970-libya');
    expect(p.criteria.every((c) => c.status === 'met')).toBe(true);
    expect(p.identifiers.map((i) => i.label)).not.toContain('Roles in the case');
    expect(p.measures).toEqual([
      { measure: 'TB', label: 'Travel ban', citation: 'S/RES/1970 (2011), para 15' },
      { measure: 'AF', label: 'Asset freeze', citation: 'S/RES/1970 (2011), para 17' },
    ]);
    for (const e of p.evidence) {
      expect(e.nature).toBeTruthy();
      expect(e.supply).toMatch(/supplied/);
    }
    expect(p.alreadyListed).toBeNull();
    ws.criteria.addDesignation({ caseId: f.caseId, entityId: f.e.milad, regimeIds: ['un-1970-libya'], references: ['LYi.026'], source: 'manual' });
    p = ws.listing.build(f.e.milad, 'un-1970-libya');
    expect(p.alreadyListed).toEqual({ references: ['LYi.026'] });
    expect(p.notices.join(' ')).toMatch(/Already listed under this regime \(LYi.026\)/);
    const html = proposalToHtml(p);
    expect(html).toMatch(/<h3>3a\. Releasable<\/h3>/);
    expect(html).toMatch(/<h3>3b\. Confidential<\/h3>/);
    expect(html).toMatch(/Measures requested/);
    vault.close();
  });

  it('shows a linked person’s undecided screening match under links to listed parties (issue 11 rule 9)', async () => {
    const { vault, ws, f } = await setup();
    const deputy = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'Deputy with a namesake on the list' }).id;
    ws.links.create({ caseId: f.caseId, kind: 'associate', source: f.e.milad, target: deputy });
    const hit = { entryId: 'LYi.099', entryHash: 'a'.repeat(64), caption: 'A namesake', schema: 'Person', programs: ['Libya'], score: 0.81, verdict: 'possible' as const, features: {}, explanation: [] };
    ws.ctx.repo.transact({ action: 'screening.run_recorded' }, (tx) =>
      tx.insert('screening_run', { caseId: f.caseId, listId: 'un', snapshotId: f.caseId, listName: 'UN list', listSha256: 'b'.repeat(64), screenedAt: '2026-12-01', screenedBy: 'test', entityIds: [deputy], results: [{ entityId: deputy, query: { id: deputy, schema: 'Person', names: ['Deputy'] }, hits: [hit] }] }),
    );
    const p = ws.listing.build(f.e.milad, 'un-1970-libya');
    expect(p.linkedListedParties.find((l) => l.name === 'Deputy with a namesake on the list')).toMatchObject({ references: [], pending: ['A namesake (possible, score 0.81, UN list)'] });
    expect(p.notices.join(' ')).toMatch(/screening match not yet decided/);
    expect(proposalToHtml(p)).toMatch(/pending screening match: .*A namesake/);
    vault.close();
  });

  it('replaces a witness’s real name in free text when the compartment is open', async () => {
    const { vault, ws, f } = await setup();
    await vault.unlockWitness(WITNESS_PASS);
    ws.witnesses.setIdentity(f.witnessId, { fullName: 'Yonas Tesfay' });
    ws.claims.update(f.claims.conductMilad, { statement: 'Yonas Tesfay saw Al-Milad decide who was released after payment.' });
    const p = ws.listing.build(f.e.milad, 'un-1970-libya');
    const html = proposalToHtml(p);
    expect(html).not.toMatch(/Yonas Tesfay/i);
    expect(p.statementOfCase.find((x) => x.claimId === f.claims.conductMilad)!.text).toMatch(/^W-017 saw Al-Milad/);
    // Once in the statement of case, once in the releasable narrative summary.
    expect(p.notices.join(' ')).toMatch(/2 mention\(s\) of a protected person's identity were replaced/);
    vault.close();
  });

  it('refuses to propose a person recorded as a victim', async () => {
    const { vault, ws, f } = await setup();
    expect(() => ws.listing.build(f.e.victim, 'un-1970-libya')).toThrow(/never proposed/);
    vault.close();
  });

  it('keeps drafts and exports HTML and Word, logging each export with its hash', async () => {
    const { vault, ws, f } = await setup();
    ws.listing.saveDraft({ caseId: f.caseId, entityId: f.e.milad, regimeId: 'un-1970-libya', introduction: 'Proposed by the Panel.', excludeClaims: [f.claims.participation], pointOfContact: 'Panel coordinator' });
    const p = ws.listing.build(f.e.milad, 'un-1970-libya');
    expect(p.introduction).toBe('Proposed by the Panel.');
    expect(p.statementOfCase.map((x) => x.claimId)).not.toContain(f.claims.participation);
    const dir = tempDir();
    const html = await ws.listing.export(f.e.milad, 'un-1970-libya', 'html', join(dir, 'p.html'));
    const text = readFileSync(html.path, 'utf8');
    expect(text).toMatch(/<h2>3\. Statement of case<\/h2>/);
    expect(text).toMatch(/dir="auto">عبد الرحمن الميلاد/);
    const docx = await ws.listing.export(f.e.milad, 'un-1970-libya', 'docx', join(dir, 'p.docx'));
    expect(readFileSync(docx.path).subarray(0, 2).toString()).toBe('PK');
    await expect(ws.listing.export(f.e.milad, 'un-1970-libya', 'html', join(dir, 'p.html'))).rejects.toMatchObject({ code: 'CONFLICT' });
    const exports = [...vault.audit.entries()].filter((e) => e.action === 'export.listing_proposal');
    expect(exports.map((e) => e.details!.sha256)).toEqual([html.sha256, docx.sha256]);
    vault.close();
  });
});
