import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/case/workspace';
import { ScreeningService } from '../../../main/core/screening/screening-service';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { newTestVault } from '../../helpers/vault';

/** A small list in the UN Consolidated List schema (invented entries under the Libya regime's prefixes). */
function unList(opts: { ghermayAlias?: string; withEntity?: boolean } = {}): Buffer {
  const alias = (q: string, n: string) => `<INDIVIDUAL_ALIAS><QUALITY>${q}</QUALITY><ALIAS_NAME>${n}</ALIAS_NAME></INDIVIDUAL_ALIAS>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2024-02-01T10:00:00.000-05:00"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ABD AL-RAHMAN</FIRST_NAME><SECOND_NAME>AL-MILAD</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.901</REFERENCE_NUMBER><LISTED_ON>2018-06-07</LISTED_ON><NAME_ORIGINAL_SCRIPT>عبد الرحمن الميلاد</NAME_ORIGINAL_SCRIPT><NATIONALITY><VALUE>Libya</VALUE></NATIONALITY>${alias('Low', 'Al-Bija')}<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1989-12-29</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>ERMIAS</FIRST_NAME><SECOND_NAME>GHERMAY</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.902</REFERENCE_NUMBER><LISTED_ON>2018-06-07</LISTED_ON><NATIONALITY><VALUE>Eritrea</VALUE></NATIONALITY>${opts.ghermayAlias ? alias('Good', opts.ghermayAlias) : ''}<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1980</YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>
</INDIVIDUALS><ENTITIES>${
    opts.withEntity === false
      ? ''
      : '<ENTITY><DATAID>3</DATAID><FIRST_NAME>BLUE STAR SHIPPING</FIRST_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYe.901</REFERENCE_NUMBER><LISTED_ON>2018-06-07</LISTED_ON></ENTITY>'
  }</ENTITIES></CONSOLIDATED_LIST>`);
}

async function setup() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  return { dir, vault, ws, f };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('screening in the vault', () => {
  it('stores list snapshots sealed, with source, date, hash and counts', async () => {
    const { dir, vault, ws } = await setup();
    const snap = ScreeningService.parseBytes(unList(), 'un-xml', '/downloads/consolidated.xml');
    const r = ws.screening.importSnapshot(snap);
    expect(r.unchanged).toBe(false);
    expect(r.snapshot).toMatchObject({ listId: 'un-consolidated', format: 'un-xml', source: 'consolidated.xml', sha256: snap.sha256, counts: { individuals: 2, entities: 1 }, current: true });
    expect(r.snapshot.generatedAt).toMatch(/^2024-02-01/);
    expect(r.snapshot.counts.aliases).toBe(snap.counts.aliases);
    // The same file again is not stored twice.
    expect(ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'again.xml')).unchanged).toBe(true);
    expect(ws.screening.lists()).toHaveLength(1);
    const audit = [...vault.audit.entries()].filter((e) => e.action === 'screening.list_imported');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ listId: 'un-consolidated', sha256: snap.sha256 });
    // Persisted: a fresh repository over the same vault reads it back.
    expect(new Workspace(vault).screening.lists().map((l) => l.sha256)).toEqual([snap.sha256]);
    vault.close();
    // Sealed: neither names nor reference numbers are on disk in the clear.
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const needle of ['GHERMAY', 'LYi.902', 'BLUE STAR SHIPPING']) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16) in ${file}`).toBe(false);
      }
    }
  });

  it('screens every person and organisation of a case with reasons per feature', async () => {
    const { vault, ws, f } = await setup();
    ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'consolidated.xml'));
    const jobs: [number, number][] = [];
    const results = await ws.screening.screenCase(f.caseId, { onProgress: (d, t) => jobs.push([d, t]) });
    const byId = new Map(results.map((r) => [r.entityId, r]));
    // Locations and bank accounts are not screened; people, organisations, groups and vessels are.
    expect(byId.has(f.e.zawiya)).toBe(false);
    expect(byId.has(f.e.account)).toBe(false);
    expect(byId.has(f.e.milad) && byId.has(f.e.militia) && byId.has(f.e.boat)).toBe(true);
    expect(jobs.at(-1)).toEqual([results.length, results.length]);
    const milad = byId.get(f.e.milad)!;
    // Names, aliases and the original script all go into the query.
    expect(milad.query.names).toEqual(expect.arrayContaining(['Abd Al-Rahman Al-Milad', 'عبد الرحمن الميلاد', 'Al-Bija']));
    expect(milad.query.birthDates).toEqual(['1989-12-29']);
    const top = milad.hits[0]!;
    expect(top).toMatchObject({ entryId: 'LYi.901', verdict: 'match', listId: 'un-consolidated' });
    expect(top.explanation.length).toBeGreaterThan(0);
    expect(Object.keys(top.features).length).toBeGreaterThan(0);
    // Ghermay's entry is not Al-Milad's.
    expect(milad.hits.some((h) => h.entryId === 'LYi.902' && h.verdict === 'match')).toBe(false);
    vault.close();
  });

  it('keeps a decision ledger: a true positive designates, decisions replay on re-import, changed entries are flagged', async () => {
    const { vault, ws, f } = await setup();
    ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'v1.xml'));
    expect(() => ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: '' })).toThrow(/reason/);

    const tp = ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same name, original script and date of birth.' });
    expect(tp.data).toMatchObject({ decision: 'true_positive', decidedBy: vault.actor, entryId: 'LYi.901' });
    expect(tp.data.designationId).toBeTruthy();
    // The designation feeds the criteria engine's "listed" status under the entry's regime.
    expect(ws.criteria.listed(f.e.milad)).toEqual({ regimeIds: ['un-1970-libya'], references: ['LYi.901'] });
    ws.screening.decide({ caseId: f.caseId, entityId: f.e.ghermay, listId: 'un-consolidated', entryId: 'LYi.902', decision: 'false_positive', reason: 'Different person: born 1975 in Asmara.' });
    ws.screening.decide({ caseId: f.caseId, entityId: f.e.boat, listId: 'un-consolidated', entryId: 'LYe.901', decision: 'false_positive', reason: 'A vessel, not the shipping company.' });
    const decided = [...vault.audit.entries()].filter((e) => e.action === 'screening.decision_recorded');
    expect(decided.map((e) => [e.target?.id, e.details?.decision])).toEqual([
      [f.e.milad, 'true_positive'],
      [f.e.ghermay, 'false_positive'],
      [f.e.boat, 'false_positive'],
    ]);
    expect(decided[0]!.details?.reason).toBe('Same name, original script and date of birth.');

    // A new version of the list: Ghermay's entry changed, the company was delisted, Al-Milad's is as it was.
    const v2 = ws.screening.importSnapshot(ScreeningService.parseBytes(unList({ ghermayAlias: 'Ermias Ghirmay', withEntity: false }), 'un-xml', 'v2.xml'));
    expect(v2.replay).toEqual({ carried: 1, changed: 1, removed: 1 });
    expect(ws.screening.lists().map((l) => l.current)).toEqual([true, false]);
    expect(ws.screening.screenEntity(f.e.milad)!.hits.find((h) => h.entryId === 'LYi.901')!.decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    const gh = ws.screening.screenEntity(f.e.ghermay)!;
    const ghDecision = gh.hits.find((h) => h.entryId === 'LYi.902')?.decision ?? gh.otherDecisions.find((d) => d.entryId === 'LYi.902');
    expect(ghDecision).toMatchObject({ decision: 'false_positive', review: 'changed' });
    expect(ws.screening.screenEntity(f.e.boat)!.otherDecisions).toEqual([expect.objectContaining({ entryId: 'LYe.901', review: 'removed' })]);
    expect(ws.screening.ledger(f.caseId).map((d) => d.review).sort()).toEqual(['changed', 'current', 'removed']);

    // Reversing the true positive removes its designation, in the same action.
    ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'false_positive', reason: 'Namesake: the listed man was born in Zawiya, ours in Misrata.' });
    expect(ws.criteria.listed(f.e.milad)).toBeNull();
    expect(ws.screening.ledger(f.caseId)).toHaveLength(3);
    // Undo brings the confirmed match and its designation back together.
    ws.repo.undo();
    expect(ws.criteria.listed(f.e.milad)?.references).toEqual(['LYi.901']);
    vault.close();
  });

  it('refuses decisions on unknown lists or entries, and a true positive it cannot place in a regime', async () => {
    const { vault, ws, f } = await setup();
    expect(() => ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'false_positive', reason: 'no list yet' })).toThrow(/no imported list/);
    const ftm = Buffer.from(`${JSON.stringify({ id: 'ofac-1', schema: 'Person', properties: { name: ['Abd Al-Rahman Al-Milad'] } })}\n`);
    ws.screening.importSnapshot(ScreeningService.parseBytes(ftm, 'ftm', 'ofac.ftm.json'));
    expect(ws.screening.lists()[0]!.listId).toBe('ofac');
    expect(() => ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'nope', decision: 'false_positive', reason: 'xyz' })).toThrow(/not on the current/);
    expect(() => ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'ofac-1', decision: 'true_positive', reason: 'same person' })).toThrow(/which sanctions regime/);
    const d = ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'ofac-1', decision: 'true_positive', reason: 'same person', regimeIds: ['un-1970-libya'] });
    expect(d.data.designationId).toBeTruthy();
    vault.close();
  });
});

describe('screening channels over the real router', () => {
  it('imports with progress, screens a case, records a decision and lists the ledger', async () => {
    const { createApp } = await import('../../../main/ipc');
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../../helpers/tmp');
    const { PASS, TEST_KDF } = await import('../../helpers/vault');
    const events: { event: string; payload: unknown }[] = [];
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'v'), kdf: TEST_KDF, emit: (event, payload) => void events.push({ event, payload }) }, { validateResponses: true });
    await router.invoke('vault.create', { passphrase: PASS });
    const f = await buildFixtureCase(session.workspace());
    const call = async (ch: string, p: unknown) => {
      const r = await router.invoke(ch, p);
      if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
      return r.value as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const file = join(tempDir(), 'consolidated.xml');
    writeFileSync(file, unList());
    const imported = await call('screening.importList', { path: file, format: 'un-xml', jobId: 'j1' });
    expect(imported.snapshot.counts).toMatchObject({ individuals: 2, entities: 1 });
    expect(events.filter((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === 'j1').length).toBeGreaterThan(0);
    await expect(call('screening.importList', { path: join(tempDir(), 'missing.xml'), format: 'un-xml', jobId: 'j2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const results = await call('screening.screenCase', { caseId: f.caseId, jobId: 'j3' });
    const milad = results.find((r: { entityId: string }) => r.entityId === f.e.milad);
    expect(milad.hits[0].entryId).toBe('LYi.901');
    await call('screening.decide', { caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same person.' });
    expect((await call('screening.screenEntity', { entityId: f.e.milad })).hits[0].decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    expect(await call('screening.ledger', { caseId: f.caseId })).toHaveLength(1);
    expect(await call('criteria.designations', { entityId: f.e.milad })).toHaveLength(1);
    expect(await call('screening.lists', {})).toHaveLength(1);
    session.lock('test');
  });
});
