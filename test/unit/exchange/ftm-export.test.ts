/**
 * FtM export of a case built in Sanctum (not imported): valid FtM that imports back, what could not be exported
 * reported, witnesses under their pseudonym only (even with the compartment open), atomic and no overwrite.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { exportFtm, importFtm } from '../../../main/core/exchange/ftm';
import { ENTITY_SCHEMATA, LINK_SCHEMATA } from '../../../main/core/exchange/ftm/schemata';
import type { EntityData, LinkData } from '../../../shared/model/records';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { rejectsWith } from '../../helpers/errors';
import { ftmFileProblems, readFtm, type FtmEntity } from '../../helpers/ftm';
import { tempDir } from '../../helpers/tmp';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';

async function fixture() {
  const { vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  return { vault, ws, f };
}

/**
 * What makes a file FtM we and others can read: every line valid for the FtM model library (schema, properties,
 * values, required properties), every entity reference pointing at a line of the file within the property's
 * range, and both ends of every relationship present.
 */
function expectValidFtm(lines: FtmEntity[]): void {
  expect(ftmFileProblems(lines)).toEqual([]);
  const entityIds = new Set(lines.filter((l) => ENTITY_SCHEMATA[l.schema]).map((l) => l.id));
  for (const l of lines) {
    const link = LINK_SCHEMATA[l.schema];
    if (link) {
      expect(l.properties[link.source], `${l.id} ${link.source}`).toHaveLength(1);
      expect(l.properties[link.target], `${l.id} ${link.target}`).toHaveLength(1);
      expect(entityIds.has(l.properties[link.source]![0]!), `${l.id} source end`).toBe(true);
      expect(entityIds.has(l.properties[link.target]![0]!), `${l.id} target end`).toBe(true);
    } else expect(ENTITY_SCHEMATA[l.schema] ?? ['Event', 'Document'].includes(l.schema), l.schema).toBeTruthy();
  }
}

describe('FtM export of a case made in Sanctum', () => {
  it('writes valid FtM that imports back into the same entities and links', async () => {
    const { vault, ws, f } = await fixture();
    const out = join(tempDir(), 'zawiya.ftm.jsonl');
    const report = exportFtm(ws, f.caseId, out);
    const lines = readFtm(out);
    // Ten entities, four links, two events, three files as documents (the statement stays in the vault).
    expect(report).toMatchObject({ path: out, entities: 10, links: 4, events: 2, documents: 3, invalid: [] });
    expect(lines).toHaveLength(19);
    expectValidFtm(lines);
    // Our own ids never leave the vault.
    const recordIds = [...ws.repo.all()].map((r) => r.id);
    const text = readFileSync(out, 'utf8');
    for (const id of recordIds) expect(text).not.toContain(id);

    const byName = new Map(lines.map((l) => [l.properties.name?.[0] ?? l.properties.full?.[0], l]));
    expect(byName.get('Abd Al-Rahman Al-Milad')).toMatchObject({
      schema: 'Person',
      properties: { birthDate: ['1989-12-29'], nationality: ['ly'], weakAlias: ['Rahman Salim Milad', 'Al-Bija'], alias: ['عبد الرحمن الميلاد'] },
    });
    expect(byName.get('Anas al-Dabbashi militia')).toMatchObject({ schema: 'Organization', properties: { classification: ['armed group'] } });
    expect(byName.get('Blue Star')).toMatchObject({ schema: 'Vessel', properties: { imoNumber: ['9999999'] } });
    expect(byName.get('Zawiya')).toMatchObject({ schema: 'Address', properties: { full: ['Zawiya'], country: ['ly'] } });
    const paid = lines.find((l) => l.schema === 'Payment')!;
    expect(paid.properties).toMatchObject({ amount: ['50000'], currency: ['USD'], date: ['2017-03'] });
    expect(lines.find((l) => l.schema === 'Directorship')!.properties.role).toEqual(['commander']);
    // Events: Event lines; a participant that is not a person or organisation (the boat) cannot be "involved".
    const idOf = (name: string) => lines.find((l) => (l.properties.name ?? l.properties.full)?.[0] === name)!.id;
    expect(byName.get('Interception and return of a migrant boat')).toMatchObject({
      schema: 'Event',
      properties: { date: ['2017-05-14'], location: ['Off Zawiya'], country: ['ly'], involved: [idOf('Abd Al-Rahman Al-Milad')], addressEntity: [idOf('Zawiya')] },
    });
    // A range that is not one exact month or year is the interval it is, not "2017-05/2017-07".
    const detention = byName.get('Detention and ransom demands at a detention centre')!;
    expect(detention.properties).toMatchObject({ startDate: ['2017-05'], endDate: ['2017-07'] });
    expect(detention.properties.date).toBeUndefined();
    // Evidence: metadata only, as Documents.
    const docs = lines.filter((l) => l.schema === 'Document');
    expect(docs.map((d) => d.properties.fileName![0]).sort()).toEqual(['boat-photo.jpg', 'ledger.csv', 'ngo-report.txt']);
    const photo = ws.evidence.get(f.evidence.photo).data.file!;
    expect(docs.find((d) => d.properties.fileName![0] === 'boat-photo.jpg')!.properties).toMatchObject({ mimeType: ['image/jpeg'], fileSize: [String(photo.blob.size)], title: [expect.any(String)] });
    expect(text).not.toContain('evidence file boat-photo.jpg');

    // What FtM has no place for is reported, not dropped silently.
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.kind, s.count]));
    expect(skipped).toMatchObject({ 'SHA-256 hashes of evidence files': 3, claims: 4, 'witness statements': 1, sources: 3, witnesses: 1, 'roles of person entities': 4, 'approximate marks on birth dates': 1 });
    expect(skipped['event participants that are not people or organisations']).toBe(1);
    expect(skipped.events).toBeUndefined();
    // The victim is a protected person (main/core/protection): a label only, like a witness.
    expect(skipped['protected person details']).toBeGreaterThanOrEqual(1);
    for (const s of report.skipped) expect(s.reason.length).toBeGreaterThan(10);

    // Re-imported into a fresh vault: the same network.
    const other = await newTestVault();
    const ws2 = new Workspace(other.vault);
    const back = await importFtm(ws2, out);
    expect(back.rejected).toEqual([]);
    const shape = (w: Workspace, caseId: string) => {
      const name = (id: string) => w.repo.get<EntityData>(id)!.data.name;
      return {
        entities: w.entities.list(caseId).map((e) => `${e.data.kind}:${e.data.name}:${e.data.aliases.length}:${e.data.identifiers.length}`).sort(),
        links: w.links.list(caseId).map((l: { data: LinkData }) => `${l.data.kind}:${name(l.data.source)}>${name(l.data.target)}:${l.data.money?.amount ?? ''}`).sort(),
      };
    };
    // The same network, except that the victim (a protected person) came back under its label.
    const label = (t: string) => t.replace(/V-003/g, 'Protected person 1');
    const mine = shape(ws, f.caseId);
    expect(shape(ws2, back.caseId)).toEqual({ entities: mine.entities.map(label).sort(), links: mine.links.map(label).sort() });
    other.vault.close();
    vault.close();
  });

  it('writes a designation recorded in the vault as a valid FtM Sanction on its entity, and reads it back', async () => {
    const { vault, ws, f } = await fixture();
    ws.criteria.addDesignation({ caseId: f.caseId, entityId: f.e.milad, regimeIds: ['un-1970-libya'], references: ['LYi.026'], listedOn: { value: '2018-06-07' }, source: 'manual', note: 'analyst remark that stays in the vault' });
    const out = join(tempDir(), 'designated.ftm.jsonl');
    const report = exportFtm(ws, f.caseId, out);
    expect(report).toMatchObject({ sanctions: 1, invalid: [] });
    const lines = readFtm(out);
    expect(ftmFileProblems(lines)).toEqual([]);
    const milad = lines.find((l) => l.properties.name?.[0] === 'Abd Al-Rahman Al-Milad')!;
    const sanction = lines.find((l) => l.schema === 'Sanction')!;
    expect(sanction.properties).toEqual({ entity: [milad.id], program: [expect.stringMatching(/Libya/) as string], programId: ['un-1970-libya'], unscId: ['LYi.026'], listingDate: ['2018-06-07'] });
    // The analyst's note is not part of the Sanction.
    expect(readFileSync(out, 'utf8')).not.toContain('analyst remark');

    // Imported into another vault: a designation under the same regime, reference and date.
    const other = await fixture();
    const c = other.ws.cases.create({ name: 'Received' }).id;
    const imported = await importFtm(other.ws, out, { caseId: c });
    expect(imported.imported.designations).toBe(1);
    const entity = other.ws.entities.list(c).find((e) => e.data.name === 'Abd Al-Rahman Al-Milad')!;
    expect(other.ws.criteria.designations(entity.id).map((d) => d.data)).toEqual([expect.objectContaining({ regimeIds: ['un-1970-libya'], references: ['LYi.026'], listedOn: { value: '2018-06-07' }, source: 'import' })]);
    vault.close();
    other.vault.close();
  });

  it('reports entities FtM cannot represent and the links that touch them', async () => {
    const { vault, ws, f } = await fixture();
    const phone = ws.entities.create({ caseId: f.caseId, kind: 'phone', name: '+218 91 000 0000' });
    ws.links.create({ caseId: f.caseId, kind: 'communicated_with', source: f.e.milad, target: phone.id });
    ws.links.create({ caseId: f.caseId, kind: 'recruited', source: f.e.ghermay, target: f.e.victim, role: 'in Khartoum' });
    const out = join(tempDir(), 'x.jsonl');
    const report = exportFtm(ws, f.caseId, out);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { kind: 'Phone', count: 1, reason: expect.stringMatching(/no schema for phone/) as string },
        { kind: 'links', count: 1, reason: expect.stringMatching(/one end/) as string },
      ]),
    );
    const recruited = readFtm(out).find((l) => l.schema === 'UnknownLink')!;
    expect(recruited.properties.role).toEqual(['Recruited', 'in Khartoum']);
    expect(readFileSync(out, 'utf8')).not.toContain('+218 91');
    vault.close();
  });

  it('exports a witness under the pseudonym only, even with the compartment open and the identity recorded', async () => {
    const { vault, ws, f } = await fixture();
    await vault.unlockWitness(WITNESS_PASS);
    const secrets = ['Zz Real Witness Name', 'Zz Other Name', 'zz-contact@example.org', 'Zz Street 7', 'ZZ-PASSPORT-1', 'os-witness-foreign-id', 'Zz Imported Real Name'];
    ws.witnesses.setIdentity(f.witnessId, { fullName: secrets[0], otherNames: [secrets[1]], contact: secrets[2], address: secrets[3], birthDate: { value: '1990-01-01' } });
    // An entity that stands for the witness, into which an analyst has (wrongly) typed identifying details.
    const stand = ws.entities.create({
      caseId: f.caseId,
      kind: 'person',
      name: 'W-017',
      witnessId: f.witnessId,
      aliases: [{ value: secrets[0] }],
      identifiers: [{ type: 'passport', value: secrets[4] }],
      birthDate: { value: '1990-01-01' },
      roles: ['witness'],
    });
    ws.links.create({ caseId: f.caseId, kind: 'associate', source: stand.id, target: f.e.ghermay });
    // An imported person later marked as a witness: the foreign id could identify them, so it stays too.
    const imported = await importFtm(ws, (async function* () {
      yield Buffer.from(`{"id":"${secrets[5]}","schema":"Person","properties":{"name":["${secrets[6]}"]}}\n`);
    })(), { caseId: f.caseId });
    expect(imported.rejected).toEqual([]);
    const importedId = ws.entities.list(f.caseId).find((e) => e.data.external?.ftmId === secrets[5])!.id;
    ws.witnesses.create({ caseId: f.caseId, pseudonym: 'W-018', entityId: importedId });
    expect(ws.witnesses.revealIdentity(f.witnessId)?.fullName).toBe(secrets[0]);

    const out = join(tempDir(), 'witness.jsonl');
    const report = exportFtm(ws, f.caseId, out);
    const text = readFileSync(out, 'utf8');
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toContain('1990-01-01');
    const lines = readFtm(out);
    expectValidFtm(lines);
    const w017 = lines.find((l) => l.properties.name?.[0] === 'W-017')!;
    expect(w017).toMatchObject({ schema: 'Person', properties: { name: ['W-017'] } });
    expect(Object.keys(w017.properties)).toEqual(['name']);
    expect(w017.id).toMatch(/^snc-[0-9a-f]{40}$/);
    expect(lines.find((l) => l.properties.name?.[0] === 'W-018')!.id).toMatch(/^snc-/);
    expect(lines.some((l) => l.schema === 'Associate' && l.properties.person?.[0] === w017.id)).toBe(true);
    // Two witness entities and the fixture's victim.
    expect(report.skipped.find((s) => s.kind === 'protected person details')).toMatchObject({ count: 3 });
    vault.close();
  });

  it('refuses to replace a file unless told to, and leaves no temporary file behind', async () => {
    const { vault, ws, f } = await fixture();
    const dir = tempDir();
    const out = join(dir, 'case.jsonl');
    writeFileSync(out, 'precious');
    await rejectsWith(Promise.resolve().then(() => exportFtm(ws, f.caseId, out)), { code: 'CONFLICT', message: /already exists/ });
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const report = exportFtm(ws, f.caseId, out, { force: true });
    expect(readFtm(out)).toHaveLength(report.entities + report.links + report.events + report.documents);
    expect(readdirSync(dir)).toEqual(['case.jsonl']);
    const actions = [...vault.audit.entries()].map((e) => e.action);
    expect(actions.filter((a) => a === 'export.ftm')).toHaveLength(1);
    await rejectsWith(Promise.resolve().then(() => exportFtm(ws, f.caseId, join(dir, 'no-such-dir', 'x.jsonl'))), {});
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    vault.close();
  });
});
