import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { ScreeningService } from '../../../main/core/screening/screening-service';
import { countEntries, type ListEntry, type ListSnapshot } from '../../../main/core/screening/list-model';
import type { ListSnapshotData } from '../../../shared/model/records';
import { sha256Hex } from '../../../main/core/crypto/hash';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { newTestVault, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

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
    const evidenceBlobs = vault.blobs.listOnDisk();
    const snap = ScreeningService.parseBytes(unList(), 'un-xml', '/downloads/consolidated.xml');
    const r = await ws.screening.importSnapshot(snap);
    expect(r.unchanged).toBe(false);
    expect(r.snapshot).toMatchObject({ listId: 'un-consolidated', format: 'un-xml', source: 'consolidated.xml', sha256: snap.sha256, counts: { individuals: 2, entities: 1 }, current: true });
    expect(r.snapshot.generatedAt).toMatch(/^2024-02-01/);
    expect(r.snapshot.counts.aliases).toBe(snap.counts.aliases);
    // The same file again is not stored twice.
    expect((await ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'again.xml'))).unchanged).toBe(true);
    expect(ws.screening.lists()).toHaveLength(1);
    const audit = [...vault.audit.entries()].filter((e) => e.action === 'screening.list_imported');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ listId: 'un-consolidated', sha256: snap.sha256 });
    // Persisted: a fresh repository over the same vault reads it back.
    expect(new Workspace(vault).screening.lists().map((l) => l.sha256)).toEqual([snap.sha256]);
    // The record holds the metadata; the entries are in one encrypted blob, and nothing is left in tmp/.
    const rec = ws.repo.get<ListSnapshotData>(r.snapshot.id)!;
    expect(rec.data.entries).toBeUndefined();
    expect(rec.data).toMatchObject({ entryCount: 3, blob: { blobId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(vault.blobs.listOnDisk().filter((b) => !evidenceBlobs.includes(b))).toEqual([rec.data.blob!.blobId]);
    expect(await vault.blobs.verify(rec.data.blob!)).toEqual({ ok: true });
    vault.close();
    expect(existsSync(join(dir, 'tmp')) ? readdirSync(join(dir, 'tmp')) : []).toEqual([]);
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
    await ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'consolidated.xml'));
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

  it('never screens a protected person under their names, nor stores one in a run; the run says how many were left out', async () => {
    const { vault, ws, f } = await setup();
    await ws.screening.importSnapshot(ScreeningService.parseBytes(unList({ ghermayAlias: 'Tekle Zeraburuk' }), 'un-xml', 'consolidated.xml'));
    await ws.screening.screenCase(f.caseId);
    // The fixture's own protected people (its victims), before three more are added.
    const base = [...ws.repo.ofKind('screening_run')][0]!.data.protectedNotScreened ?? 0;
    // A victim, a witness's entity (linked from the witness record only) and a flagged person: all protected.
    const victim = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'Ermias Ghermay Victimname', roles: ['victim'] });
    const standIn = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'Tekle Zeraburuk', roles: [] });
    ws.witnesses.update(f.witnessId, { entityId: standIn.id });
    const flagged = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'Ermias Flaggedname', roles: [], protected: true });
    const results = await ws.screening.screenCase(f.caseId);
    const ids = new Set(results.map((r) => r.entityId));
    for (const id of [victim.id, standIn.id, flagged.id]) expect(ids.has(id)).toBe(false);
    expect(ids.has(f.e.ghermay)).toBe(true);
    const runs = [...ws.repo.ofKind('screening_run')];
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) {
      expect(r.data.protectedNotScreened).toBe(base + 3);
      const text = JSON.stringify(r.data);
      for (const n of ['Victimname', 'Tekle Zeraburuk', 'Flaggedname']) expect(text.includes(n), n).toBe(false);
    }
    const last = await ws.screening.lastScreening(f.caseId);
    expect(last?.runs[0]?.protectedNotScreened).toBe(base + 3);
    expect(last?.unscreened).toBe(0);
    expect(await ws.screening.screenEntity(standIn.id)).toBeNull();
    expect([...vault.audit.entries()].filter((e) => e.action === 'screening.case_screened').at(-1)?.details).toMatchObject({ protectedNotScreened: base + 3 });
  });

  it('keeps a decision ledger: a true positive designates, decisions replay on re-import, changed entries are flagged', async () => {
    const { vault, ws, f } = await setup();
    await ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'v1.xml'));
    await expect(ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: '' })).rejects.toThrow(/reason/);

    const tp = await ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same name, original script and date of birth.' });
    expect(tp.data).toMatchObject({ decision: 'true_positive', decidedBy: vault.actor, entryId: 'LYi.901' });
    expect(tp.data.designationId).toBeTruthy();
    // The designation feeds the criteria engine's "listed" status under the entry's regime.
    // The list's LISTED_ON becomes the designation's date: "acting for a listed person" counts only from then.
    expect(ws.criteria.listed(f.e.milad)).toEqual({ regimeIds: ['un-1970-libya'], references: ['LYi.901'], listedOn: { value: '2018-06-07' } });
    await ws.screening.decide({ caseId: f.caseId, entityId: f.e.ghermay, listId: 'un-consolidated', entryId: 'LYi.902', decision: 'false_positive', reason: 'Different person: born 1975 in Asmara.' });
    await ws.screening.decide({ caseId: f.caseId, entityId: f.e.boat, listId: 'un-consolidated', entryId: 'LYe.901', decision: 'false_positive', reason: 'A vessel, not the shipping company.' });
    const decided = [...vault.audit.entries()].filter((e) => e.action === 'screening.decision_recorded');
    expect(decided.map((e) => [e.target?.id, e.details?.decision])).toEqual([
      [f.e.milad, 'true_positive'],
      [f.e.ghermay, 'false_positive'],
      [f.e.boat, 'false_positive'],
    ]);
    expect(decided[0]!.details?.reason).toBe('Same name, original script and date of birth.');

    // A new version of the list: Ghermay's entry changed, the company was delisted, Al-Milad's is as it was.
    const v2 = await ws.screening.importSnapshot(ScreeningService.parseBytes(unList({ ghermayAlias: 'Ermias Ghirmay', withEntity: false }), 'un-xml', 'v2.xml'));
    expect(v2.replay).toEqual({ carried: 1, changed: 1, removed: 1 });
    expect(ws.screening.lists().map((l) => l.current)).toEqual([true, false]);
    expect((await ws.screening.screenEntity(f.e.milad))!.hits.find((h) => h.entryId === 'LYi.901')!.decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    const gh = (await ws.screening.screenEntity(f.e.ghermay))!;
    const ghDecision = gh.hits.find((h) => h.entryId === 'LYi.902')?.decision ?? gh.otherDecisions.find((d) => d.entryId === 'LYi.902');
    expect(ghDecision).toMatchObject({ decision: 'false_positive', review: 'changed' });
    expect((await ws.screening.screenEntity(f.e.boat))!.otherDecisions).toEqual([expect.objectContaining({ entryId: 'LYe.901', review: 'removed' })]);
    expect((await ws.screening.ledger(f.caseId)).map((d) => d.review).sort()).toEqual(['changed', 'current', 'removed']);

    // Reversing the true positive removes its designation, in the same action.
    await ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'false_positive', reason: 'Namesake: the listed man was born in Zawiya, ours in Misrata.' });
    expect(ws.criteria.listed(f.e.milad)).toBeNull();
    expect(await ws.screening.ledger(f.caseId)).toHaveLength(3);
    // Undo brings the confirmed match and its designation back together.
    ws.repo.undo();
    expect(ws.criteria.listed(f.e.milad)?.references).toEqual(['LYi.901']);
    vault.close();
  });

  it('refuses decisions on unknown lists or entries, and a true positive it cannot place in a regime', async () => {
    const { vault, ws, f } = await setup();
    await expect(ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'false_positive', reason: 'no list yet' })).rejects.toThrow(/no imported list/);
    const ftm = Buffer.from(`${JSON.stringify({ id: 'ofac-1', schema: 'Person', properties: { name: ['Abd Al-Rahman Al-Milad'] } })}\n`);
    await ws.screening.importSnapshot(ScreeningService.parseBytes(ftm, 'ftm', 'ofac.ftm.json'));
    expect(ws.screening.lists()[0]!.listId).toBe('ofac');
    await expect(ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'nope', decision: 'false_positive', reason: 'xyz' })).rejects.toThrow(/not on the current/);
    await expect(ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'ofac-1', decision: 'true_positive', reason: 'same person' })).rejects.toThrow(/which sanctions regime/);
    const d = await ws.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'ofac', entryId: 'ofac-1', decision: 'true_positive', reason: 'same person', regimeIds: ['un-1970-libya'] });
    expect(d.data.designationId).toBeTruthy();
    vault.close();
  });
});

/** A large synthetic list (an OpenSanctions-sized dump in miniature): invented names, one of them Al-Milad's. */
function syntheticList(n: number, source = 'opensanctions.ftm.json'): ListSnapshot {
  const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ze', 'da', 'fo', 'gu', 'ha', 'ji', 'pe', 'qo'];
  const word = (i: number, len: number) => Array.from({ length: len }, (_, k) => syl[(i >> (k * 4)) & 15]).join('');
  const entries: ListEntry[] = [];
  for (let i = 0; i < n; i++) {
    const person = i % 3 !== 0;
    entries.push({
      id: `os-${i}`,
      schema: person ? 'Person' : 'Company',
      caption: `${word(i, 3)} ${word(i * 7 + 3, 4)}`,
      names: [{ value: `${word(i, 3)} ${word(i * 7 + 3, 4)}`, kind: 'primary' }, ...(i % 5 === 0 ? [{ value: `${word(i + 11, 3)} ${word(i, 2)}`, kind: 'alias' as const }] : [])],
      birthDates: person ? [String(1950 + (i % 50))] : [],
      nationalities: [['ly', 'er', 'ng', 'sd'][i % 4]!],
      programs: ['SYNTH'],
    });
  }
  entries[n >> 1] = { id: 'os-milad', schema: 'Person', caption: 'Abd al-Rahman al-Milad', names: [{ value: 'Abd al-Rahman al-Milad', kind: 'primary' }, { value: 'Al-Bija', kind: 'alias' }], birthDates: ['1989-12-29'], nationalities: ['ly'], programs: ['LY'] };
  return { format: 'ftm', source, sha256: sha256Hex(`${source}:${n}`), importedAt: new Date().toISOString(), entries, counts: countEntries(entries) };
}

/** The size of a record's sealed row on disk. */
function rowBytes(vault: { db: { prepare(sql: string): { get(...a: unknown[]): unknown } } }, id: string): number {
  return (vault.db.prepare('SELECT length(ct) AS n FROM records WHERE id = ?').get(Buffer.from(id, 'hex')) as { n: number }).n;
}

describe('list snapshots in the blob store', () => {
  it('imports a 50k-entry list into a blob, keeps the record small, and reads the entries only when screening', async () => {
    const { dir, vault, ws, f } = await setup();
    const snap = syntheticList(50_000);
    const r = await ws.screening.importSnapshot(snap);
    expect(r.snapshot).toMatchObject({ listId: 'opensanctions', counts: snap.counts });
    const rec = ws.repo.get<ListSnapshotData>(r.snapshot.id)!;
    expect(rec.data.entryCount).toBe(50_000);
    expect(JSON.stringify(rec.data).length).toBeLessThan(1000);
    expect(rowBytes(vault, rec.id)).toBeLessThanOrEqual(1024 + 42); // one 1 KiB size bucket (records are padded: crypto/padding.ts) + envelope
    expect(rec.data.blob!.size).toBeGreaterThan(100_000);

    // A fresh workspace (as after unlock) lists it without reading the blob, and reads it once to screen.
    const read = vi.spyOn(vault.blobs, 'read');
    const ws2 = new Workspace(vault);
    expect(ws2.screening.lists()).toHaveLength(1);
    expect(read).not.toHaveBeenCalled();
    const results = await ws2.screening.screenCase(f.caseId);
    expect(read).toHaveBeenCalledTimes(1);
    const milad = results.find((x) => x.entityId === f.e.milad)!;
    expect(milad.hits[0]).toMatchObject({ entryId: 'os-milad', listId: 'opensanctions', verdict: 'match' });
    // Cached while unlocked: screening again and deciding do not read it again.
    await ws2.screening.screenEntity(f.e.milad);
    await ws2.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'opensanctions', entryId: 'os-milad', decision: 'false_positive', reason: 'Born in Zawiya, not Misrata.' });
    expect(read).toHaveBeenCalledTimes(1);
    // Dropped on lock (the workspace is disposed).
    ws2.dispose();
    await ws2.screening.screenEntity(f.e.milad);
    expect(read).toHaveBeenCalledTimes(2);
    read.mockRestore();

    // The stored run is per list and holds hits, not the list.
    const run = [...ws2.repo.ofKind('screening_run')];
    expect(run).toHaveLength(1);
    expect(rowBytes(vault, run[0]!.id)).toBeLessThan(50_000);
    vault.close();
    // No entry in plaintext anywhere in the vault folder.
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const needle of ['os-milad', 'Abd al-Rahman al-Milad', snap.entries[123]!.caption, 'SYNTH']) expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${file}`).toBe(false);
    }
  }, 120_000);

  it('leaves no blob and no record when the import is cancelled or its transaction fails', async () => {
    const { dir, vault, ws } = await setup();
    const before = vault.blobs.listOnDisk().length;
    const snap = syntheticList(2_000);
    const ac = new AbortController();
    ac.abort();
    await expect(ws.screening.importSnapshot(snap, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const transact = vi.spyOn(ws.repo, 'transact').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await expect(ws.screening.importSnapshot(snap)).rejects.toThrow('disk full');
    transact.mockRestore();
    expect(ws.screening.lists()).toEqual([]);
    expect(vault.blobs.listOnDisk()).toHaveLength(before);
    expect(existsSync(join(dir, 'tmp')) ? readdirSync(join(dir, 'tmp')) : []).toEqual([]);
    // And then it imports.
    expect((await ws.screening.importSnapshot(snap)).unchanged).toBe(false);
    expect(vault.blobs.listOnDisk()).toHaveLength(before + 1);
    vault.close();
  });

  it('reads snapshots stored the old way (entries in the record) and moves them into a blob on the next import', async () => {
    const { vault, ws, f } = await setup();
    // A v1 snapshot, written as the previous version did.
    const old = ScreeningService.parseBytes(unList(), 'un-xml', 'consolidated.xml');
    const legacy = ws.repo.transact({ action: 'screening.list_imported', details: { listId: 'un-consolidated' } }, (tx) =>
      tx.insert('list_snapshot', { listId: 'un-consolidated', name: 'UN Security Council Consolidated List', format: 'un-xml', source: 'consolidated.xml', generatedAt: old.generatedAt ?? null, sha256: old.sha256, importedAt: '2024-02-02T00:00:00.000Z', counts: old.counts, problems: 0, entries: old.entries }, { v: 1 }),
    );
    const blobsBefore = vault.blobs.listOnDisk().length;
    const ws2 = new Workspace(vault);
    expect(ws2.screening.lists()).toEqual([expect.objectContaining({ id: legacy.id, current: true, counts: old.counts })]);
    const results = await ws2.screening.screenCase(f.caseId);
    expect(results.find((x) => x.entityId === f.e.milad)!.hits[0]).toMatchObject({ entryId: 'LYi.901', snapshotId: legacy.id });
    await ws2.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same person.' });
    expect(vault.blobs.listOnDisk()).toHaveLength(blobsBefore); // reading changes nothing

    // The next import (here another list) moves it into a blob, keeping its id.
    await ws2.screening.importSnapshot(syntheticList(500));
    const moved = ws2.repo.get<ListSnapshotData>(legacy.id)!;
    expect(moved.data.entries).toBeUndefined();
    expect(moved.data).toMatchObject({ entryCount: old.entries.length, sha256: old.sha256, importedAt: '2024-02-02T00:00:00.000Z' });
    expect([...vault.audit.entries()].filter((e) => e.action === 'screening.lists_migrated').map((e) => e.details)).toEqual([{ snapshots: 1 }]);
    expect(await ws2.screening.migrateLegacySnapshots()).toBe(0);
    // A fresh workspace reads it from the blob; the decision still stands, unchanged.
    const ws3 = new Workspace(vault);
    expect((await ws3.screening.screenEntity(f.e.milad))!.hits.find((h) => h.entryId === 'LYi.901')!.decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    expect(await ws3.screening.ledger(f.caseId)).toEqual([expect.objectContaining({ entryId: 'LYi.901', snapshotId: legacy.id, review: 'current' })]);
    vault.close();
  });

  it('leaves an old-format snapshot as it was when moving it fails', async () => {
    const { vault, ws } = await setup();
    const evidenceBlobs = vault.blobs.listOnDisk().length;
    const old = ScreeningService.parseBytes(unList(), 'un-xml', 'consolidated.xml');
    const legacy = ws.repo.transact({ action: 'screening.list_imported' }, (tx) =>
      tx.insert('list_snapshot', { listId: 'un-consolidated', name: 'UN', format: 'un-xml', source: 'c.xml', generatedAt: null, sha256: old.sha256, importedAt: '2024-02-02T00:00:00.000Z', counts: old.counts, problems: 0, entries: old.entries }, { v: 1 }),
    );
    const transact = vi.spyOn(ws.repo, 'transact').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await expect(ws.screening.migrateLegacySnapshots()).rejects.toThrow('disk full');
    transact.mockRestore();
    expect(vault.blobs.listOnDisk()).toHaveLength(evidenceBlobs);
    expect(ws.repo.get<ListSnapshotData>(legacy.id)!.data.entries).toHaveLength(3);
    expect(await ws.screening.migrateLegacySnapshots()).toBe(1);
    expect(vault.blobs.listOnDisk()).toHaveLength(evidenceBlobs + 1);
    vault.close();
  });
});

describe('screening results kept per case and list', () => {
  it('stores the last run, shows it with current decisions, and replaces it with the next run', async () => {
    const { vault, ws, f } = await setup();
    expect(await ws.screening.lastScreening(f.caseId)).toBeNull();
    const v1 = await ws.screening.importSnapshot(ScreeningService.parseBytes(unList(), 'un-xml', 'v1.xml'));
    const results = await ws.screening.screenCase(f.caseId);
    expect([...vault.audit.entries()].filter((e) => e.action === 'screening.case_screened')).toHaveLength(1);

    // Read back in a fresh workspace (as after unlock), without reading the list: decisions need no review yet.
    const read = vi.spyOn(vault.blobs, 'read');
    const ws2 = new Workspace(vault);
    const last = (await ws2.screening.lastScreening(f.caseId))!;
    expect(read).not.toHaveBeenCalled();
    expect(last!.runs).toEqual([expect.objectContaining({ listId: 'un-consolidated', snapshotId: v1.snapshot.id, listSha256: v1.snapshot.sha256, screenedBy: vault.actor, entities: results.length, current: true })]);
    expect(last.unscreened).toBe(0);
    expect(last.results.map((r) => r.entityId)).toEqual(results.map((r) => r.entityId));
    const milad = last.results.find((r) => r.entityId === f.e.milad)!;
    const fresh = results.find((r) => r.entityId === f.e.milad)!;
    expect(milad.hits).toEqual(fresh.hits);
    expect(milad.query).toEqual(fresh.query);
    expect(milad.hits[0]).toMatchObject({ entryId: 'LYi.901', verdict: 'match', decision: null });
    expect(Object.keys(milad.hits[0]!.features).length).toBeGreaterThan(0);
    read.mockRestore();

    // Decisions stay in the ledger and show on the kept results.
    await ws2.screening.decide({ caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same name and date of birth.' });
    expect((await ws2.screening.lastScreening(f.caseId))!.results.find((r) => r.entityId === f.e.milad)!.hits[0]!.decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    expect([...ws2.repo.ofKind('screening_run')][0]!.data.results.flatMap((r) => r.hits).every((h) => !('decision' in h))).toBe(true);

    // A new version of the list: the kept run is flagged as against an older version; an entity added since is counted.
    await ws2.screening.importSnapshot(ScreeningService.parseBytes(unList({ ghermayAlias: 'Ermias Ghirmay', withEntity: false }), 'un-xml', 'v2.xml'));
    ws2.entities.create({ caseId: f.caseId, kind: 'person', name: 'Newly Added Person' });
    const stale = (await ws2.screening.lastScreening(f.caseId))!;
    expect(stale.runs[0]).toMatchObject({ snapshotId: v1.snapshot.id, current: false });
    expect(stale.unscreened).toBe(1);
    expect(stale.results.find((r) => r.entityId === f.e.milad)!.hits[0]!.decision).toMatchObject({ review: 'current' });

    // Screening again replaces the run (one record per case and list).
    const firstAt = stale.runs[0]!.screenedAt;
    await new Promise((r) => setTimeout(r, 5));
    await ws2.screening.screenCase(f.caseId);
    const runs = [...ws2.repo.ofKind('screening_run')];
    expect(runs).toHaveLength(1);
    const again = (await ws2.screening.lastScreening(f.caseId))!;
    expect(again.runs[0]).toMatchObject({ current: true, entities: results.length + 1 });
    expect(again.runs[0]!.snapshotId).not.toBe(v1.snapshot.id);
    expect(again.runs[0]!.screenedAt > firstAt).toBe(true);
    expect(again.unscreened).toBe(0);
    expect(again.results.some((r) => r.hits.some((h) => h.entryId === 'LYe.901'))).toBe(false); // delisted

    // A second list gets its own run; a list removed from the vault loses its run at the next screening.
    const ofac = await ws2.screening.importSnapshot(ScreeningService.parseBytes(Buffer.from(`${JSON.stringify({ id: 'o-1', schema: 'Person', properties: { name: ['Ermias Ghermay'] } })}\n`), 'ftm', 'ofac.ftm.json'));
    await ws2.screening.screenCase(f.caseId);
    expect((await ws2.screening.lastScreening(f.caseId))!.runs.map((r) => r.listId).sort()).toEqual(['ofac', 'un-consolidated']);
    await ws2.screening.removeSnapshot(ofac.snapshot.id);
    expect((await ws2.screening.lastScreening(f.caseId))!.runs.find((r) => r.listId === 'ofac')).toMatchObject({ current: false });
    await ws2.screening.screenCase(f.caseId);
    expect((await ws2.screening.lastScreening(f.caseId))!.runs.map((r) => r.listId)).toEqual(['un-consolidated']);
    expect([...ws2.repo.ofKind('screening_run')]).toHaveLength(1);

    // A cancelled screening keeps the previous results.
    const ac = new AbortController();
    ac.abort();
    const before = (await ws2.screening.lastScreening(f.caseId))!.runs[0]!.screenedAt;
    await expect(ws2.screening.screenCase(f.caseId, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await ws2.screening.lastScreening(f.caseId))!.runs[0]!.screenedAt).toBe(before);
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
    const { session, router, grants } = createApp({ vaultDir: join(tempDir(), 'v'), kdf: TEST_KDF, emit: (event, payload) => void events.push({ event, payload }) }, { validateResponses: true });
    const read = (path: string) => grants.issue(path, 'read', 'screening.importList').grant;
    await openInSession(session, { witnessPassphrase: PASS });
    const f = await buildFixtureCase(session.workspace());
    const { call } = caller(router);
    const file = join(tempDir(), 'consolidated.xml');
    writeFileSync(file, unList());
    const imported = await call('screening.importList', { grant: read(file), format: 'un-xml', jobId: 'j1' });
    expect(imported.snapshot.counts).toMatchObject({ individuals: 2, entities: 1 });
    expect(events.filter((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === 'j1').length).toBeGreaterThan(0);
    await expect(call('screening.importList', { grant: read(join(tempDir(), 'missing.xml')), format: 'un-xml', jobId: 'j2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const results = await call('screening.screenCase', { caseId: f.caseId, jobId: 'j3' });
    const milad = results.find((r: { entityId: string }) => r.entityId === f.e.milad);
    expect(milad!.hits[0]!.entryId).toBe('LYi.901');
    await call('screening.decide', { caseId: f.caseId, entityId: f.e.milad, listId: 'un-consolidated', entryId: 'LYi.901', decision: 'true_positive', reason: 'Same person.' });
    expect((await call('screening.screenEntity', { entityId: f.e.milad }))!.hits[0]!.decision).toMatchObject({ decision: 'true_positive', review: 'current' });
    expect(await call('screening.ledger', { caseId: f.caseId })).toHaveLength(1);
    expect(await call('criteria.designations', { entityId: f.e.milad })).toHaveLength(1);
    expect(await call('screening.lists', {})).toHaveLength(1);
    const last = await call('screening.lastRun', { caseId: f.caseId });
    expect(last!.runs).toEqual([expect.objectContaining({ listId: 'un-consolidated', current: true })]);
    expect(last!.results.find((r) => r.entityId === f.e.milad)!.hits[0]!.decision).toMatchObject({ decision: 'true_positive' });
    session.lock('test');
  });
});
