/**
 * FtM import: the mapping of the realistic fixture, malformed files (every rejection with its line number and
 * reason; nothing imported unless the valid lines were asked for), the per-line byte limit, BOM/CRLF, cancel,
 * one transaction with one audit entry.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { importFtm, MAX_LINE_BYTES, readLines } from '../../../main/core/exchange/ftm';
import type { EntityData, LinkData } from '../../../shared/model/records';
import { MALFORMED, NETWORK } from '../../helpers/ftm';
import { rejectsWith } from '../../helpers/errors';
import { tempDir } from '../../helpers/tmp';
import { newTestVault } from '../../helpers/vault';

async function workspace() {
  const { vault } = await newTestVault();
  return { vault, ws: new Workspace(vault) };
}

function byFtmId<T extends { external?: { ftmId?: string } }>(records: { data: T }[]): Map<string, T> {
  return new Map(records.map((r) => [r.data.external!.ftmId!, r.data]));
}

function auditActions(ws: Workspace): string[] {
  return [...ws.ctx.vault.audit.entries()].map((e) => e.action);
}

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

describe('FtM import: mapping', () => {
  it('maps each schema and property of the network fixture', async () => {
    const { vault, ws } = await workspace();
    const report = await importFtm(ws, NETWORK);
    expect(report.rejected).toEqual([]);
    expect(report.lines).toBe(33);
    expect(report.bySchema).toMatchObject({ Person: 4, Organization: 2, UnknownLink: 6, Sanction: 1, RealEstate: 1 });
    const e = byFtmId<EntityData>(ws.entities.list(report.caseId));
    const l = byFtmId<LinkData>(ws.links.list(report.caseId));

    const tesfay = e.get('zn-p-tesfay')!;
    expect(tesfay).toMatchObject({ kind: 'person', name: 'Tesfay Weldemariam', birthDate: { value: '1979' }, nationality: ['er', 'sd'], countries: ['er', 'ly'], gender: 'male', birthPlace: 'Asmara' });
    expect(tesfay.aliases).toEqual([
      { value: 'ተስፋይ ወልደማርያም', quality: 'strong', script: 'ethiopic', note: 'name variant' },
      { value: 'Tesfai Woldemariam', quality: 'strong', script: 'latin' },
      { value: 'Wedi Tesfa', quality: 'weak', script: 'latin' },
      { value: 'Tesfay Gebremedhin', quality: 'strong', script: 'latin', note: 'previous name' },
    ]);
    expect(tesfay.identifiers.map((i) => `${i.type}:${i.value}`)).toEqual(['passport:P0000137', 'national_id:ER-55-1234', 'phone_number:+218910000001', 'email:tesfa.w@example.org']);
    expect(tesfay.description).toBe('Known to move between Kufra, Bani Walid and Zawiya.');
    // Unmapped properties kept verbatim; OpenSanctions' top-level fields (caption, datasets …) are not properties.
    expect(tesfay.external).toMatchObject({ ftmId: 'zn-p-tesfay', ftmSchema: 'Person', extra: { religion: ['Orthodox'], topics: ['crime.traffick'], modifiedAt: ['2024-05-30T11:42:00'] } });
    expect(tesfay.external?.extra).not.toHaveProperty('caption');

    const salem = e.get('zn-p-salem')!;
    expect(salem).toMatchObject({ title: 'Captain', position: 'Commander, coastal unit', birthDate: { value: '1984-03-11' } });
    expect(salem.aliases[0]).toMatchObject({ value: 'سالم عبد الهادي الزاوي', script: 'arabic' });
    expect(salem.description).toBe('Named in several NGO reports as deciding which detainees are released after payment.\n\nCommands the coastal unit that intercepts boats off Zawiya.');
    expect(e.get('zn-p-hamid')).toMatchObject({ deathDate: { value: '2019-08' }, birthDate: { value: '1971-02' }, nationality: ['sd'], address: 'Al-Kufra, Libya' });
    // Trimmed; a non-ISO country and a date-time stay in the shadow only.
    expect(e.get('zn-p-amina')).toMatchObject({ name: 'Amina Yusuf Adam', gender: 'female', nationality: ['sd'] });
    expect(e.get('zn-p-amina')!.birthDate).toBeUndefined();

    expect(e.get('zn-org-coastal')).toMatchObject({ kind: 'armed_group', foundedDate: { value: '2014' }, countries: ['ly'] });
    expect(e.get('zn-org-committee')).toMatchObject({ kind: 'organization', identifiers: [{ type: 'registration_number', value: 'SRC-2016-004' }] });
    expect(e.get('zn-le-alnour')).toMatchObject({ kind: 'organization', external: { ftmSchema: 'LegalEntity' } });
    expect(e.get('zn-co-horizon')).toMatchObject({ kind: 'company', foundedDate: { value: '2014-05-20' }, address: 'Triq il-Port, Valletta, Malta' });
    expect(e.get('zn-co-horizon')!.identifiers.map((i) => i.type)).toEqual(['registration_number', 'tax_number', 'email', 'swift_bic']);
    expect(e.get('zn-vs-sea-falcon')!.identifiers.map((i) => i.type)).toEqual(['imo_number', 'mmsi', 'call_sign', 'registration_number']);
    expect(e.get('zn-vh-landcruiser')).toMatchObject({ kind: 'vehicle', identifiers: [{ type: 'licence_plate', value: '5-123456' }] });
    expect(e.get('zn-ba-sahara')!.identifiers.map((i) => i.type)).toEqual(['iban', 'account_number', 'swift_bic']);
    expect(e.get('zn-cw-usdt')).toMatchObject({ kind: 'crypto_wallet', identifiers: [{ type: 'wallet_address', value: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE' }] });
    expect(e.get('zn-addr-warehouse')).toMatchObject({ kind: 'location', name: 'Warehouse 4, Port Road, Zawiya, Libya', countries: ['ly'], external: { extra: { city: ['Zawiya'] } } });

    const ends = (id: string) => {
      const d = l.get(id)!;
      return [ws.repo.get<EntityData>(d.source)!.data.external!.ftmId, ws.repo.get<EntityData>(d.target)!.data.external!.ftmId];
    };
    // Relationships before their entities in the file (the first line) resolve all the same.
    expect(l.get('zn-own-horizon-falcon')).toMatchObject({ kind: 'owns', role: 'registered owner', start: { value: '2017-02' } });
    expect(ends('zn-own-horizon-falcon')).toEqual(['zn-co-horizon', 'zn-vs-sea-falcon']);
    expect(l.get('zn-mem-salem-coastal')).toMatchObject({ kind: 'member_of', role: 'deputy leader', start: { value: '2016' }, end: { value: '2019-05' } });
    expect(l.get('zn-dir-salem-coastal')).toMatchObject({ kind: 'commands', role: 'Commanding officer' });
    expect(l.get('zn-dir-tesfay-horizon')).toMatchObject({ kind: 'controls', role: 'Director' });
    expect(l.get('zn-pay-alnour-salem')).toMatchObject({ kind: 'paid', money: { amount: 50000, currency: 'USD' }, date: { value: '2017-03' }, role: 'Release of detainees' });
    expect(l.get('zn-pay-horizon-coastal')).toMatchObject({ kind: 'finances', money: { amount: 120000, currency: 'EUR' } });
    expect(l.get('zn-assoc-tesfay-salem')).toMatchObject({ kind: 'associate', role: 'Business partner' });
    expect(l.get('zn-fam-hamid-amina')).toMatchObject({ kind: 'family', role: 'Spouse' });
    expect(ends('zn-fam-hamid-amina')).toEqual(['zn-p-hamid', 'zn-p-amina']);
    expect(l.get('zn-ul-tesfay-warehouse')).toMatchObject({ kind: 'located_at', date: { value: '2017-05' } });
    expect(l.get('zn-ul-tesfay-warehouse')!.role).toBeUndefined();
    expect(l.get('zn-ul-hamid-tesfay')!.kind).toBe('communicated_with');
    expect(l.get('zn-ul-tesfay-coastal')!.kind).toBe('supplied_arms');
    expect(l.get('zn-ul-alnour-tesfay')).toMatchObject({ kind: 'associate', role: 'business contact', external: { ftmSchema: 'UnknownLink' } });
    expect(l.get('zn-ul-salem-hamid')).toMatchObject({ kind: 'recruited', role: 'as a driver' });
    expect(l.get('zn-ul-vehicle-amina')).toMatchObject({ kind: 'transported', description: 'Drove her from Kufra to Bani Walid.' });
    // The Sanction is a designation of its entity; the RealEstate a location, and its Ownership a link.
    expect(report.imported).toEqual({ entities: 14, links: 18, events: 0, designations: 1, kept: 0, skipped: 0 });
    expect(e.get('zn-re-villa')).toMatchObject({ kind: 'location', name: 'Villa in Janzour', countries: ['ly'] });
    expect(ends('zn-own-villa')).toEqual(['zn-p-salem', 'zn-re-villa']);
    const [designation, ...more] = [...ws.repo.ofKind('designation')].map((r) => r.data);
    expect(more).toEqual([]);
    expect(ws.repo.get<EntityData>(designation!.entityId)!.data.external!.ftmId).toBe('zn-p-tesfay');
    expect(designation).toMatchObject({ source: 'import', listedOn: { value: '2018-06-07' }, external: { ftmId: 'zn-sanction-tesfay', ftmSchema: 'Sanction' } });
    expect(designation!.note).toContain('Programme: Test regime');
    expect(designation!.note).toContain('Authority: Test Committee');
    vault.close();
  });

  it('records the import as one action: one transaction, one audit entry with the file hash', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Target' }).id;
    const before = auditActions(ws).length;
    const report = await importFtm(ws, NETWORK, { caseId });
    expect(report.caseId).toBe(caseId);
    const after = [...ws.ctx.vault.audit.entries()].slice(before);
    expect(after.map((e) => e.action)).toEqual(['import.ftm']);
    expect(after[0]!.details).toMatchObject({ sha256: createHash('sha256').update(readFileSync(NETWORK)).digest('hex'), entities: 14, links: 18, designations: 1, skipped: 0, rejected: 0 });
    expect(ws.cases.counts(caseId)).toEqual({ entity: 14, link: 18, designation: 1 });
    vault.close();
  });

  it('uses the default case when none is given, and refuses to import the same ids into a case twice', async () => {
    const { vault, ws } = await workspace();
    const first = await importFtm(ws, NETWORK);
    expect(ws.cases.get(first.caseId).data.name).toBe('Default');
    const again = await importFtm(ws, NETWORK);
    expect(again.caseId).toBe(first.caseId);
    expect(again.aborted).toBe(true);
    // Every line again: entities, relationships and the Sanction (its designation carries the FtM id).
    expect(again.rejected).toHaveLength(33);
    expect(again.imported.skipped).toBe(0);
    expect(again.rejected[0]).toEqual({ line: 1, id: 'zn-own-horizon-falcon', reason: 'id "zn-own-horizon-falcon" is already in this case (imported before)' });
    expect(ws.repo.countOfKind('entity')).toBe(14);
    // Into another case the same file is welcome.
    const other = ws.cases.create({ name: 'Other' }).id;
    expect((await importFtm(ws, NETWORK, { caseId: other })).imported.entities).toBe(14);
    vault.close();
  });
});

describe('FtM import: malformed files', () => {
  const EXPECTED: [number, RegExp][] = [
    [3, /^not valid JSON/],
    [4, /^not a JSON object/],
    [5, /^unknown schema "Spaceship"/],
    [7, /^Person has no name \(property "name"\)$/],
    [8, /^Membership has no "organization"$/],
    [9, /^"organization" refers to "mf-org-404", which is not an entity in this file or case$/],
    [10, /^duplicate id "mf-p-1" \(first on line 1\)$/],
    [11, /^property "name" is not an array of strings$/],
    [12, /^no "id"/],
    [18, /^"relative" is "mf-p-3", which was rejected \(line 7\)$/],
  ];

  it('rejects each bad line with its number and reason, and imports nothing', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Target' }).id;
    const auditBefore = auditActions(ws).length;
    const report = await importFtm(ws, MALFORMED, { caseId });
    expect(report.aborted).toBe(true);
    expect(report.lines).toBe(19);
    expect(report.rejected.map((r) => r.line)).toEqual(EXPECTED.map(([line]) => line));
    for (const [i, [, reason]] of EXPECTED.entries()) expect(report.rejected[i]!.reason).toMatch(reason);
    expect(report.rejected.find((r) => r.line === 10)!.id).toBe('mf-p-1');
    expect(report.imported).toEqual({ entities: 0, links: 0, events: 0, designations: 0, kept: 0, skipped: 0 });
    // A value of the wrong type is kept aside with a warning; it does not reject its line.
    expect(report.warnings).toEqual([{ line: 15, id: 'mf-p-5', property: 'nationality', value: '42', reason: 'a country value must be a string, not number; kept aside' }]);
    expect(ws.cases.counts(caseId)).toEqual({});
    expect(auditActions(ws)).toHaveLength(auditBefore);
    vault.close();
  });

  it('with "import valid lines", imports the valid ones and still reports every rejection', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Target' }).id;
    const report = await importFtm(ws, MALFORMED, { caseId, validLinesOnly: true });
    expect(report.aborted).toBe(false);
    expect(report.rejected.map((r) => r.line)).toEqual(EXPECTED.map(([line]) => line));
    expect(report.imported).toEqual({ entities: 5, links: 2, events: 0, designations: 1, kept: 0, skipped: 0 });
    const e = byFtmId<EntityData>(ws.entities.list(caseId));
    expect([...e.keys()].sort()).toEqual(['mf-addr-1', 'mf-org-1', 'mf-p-1', 'mf-p-5', 'mf-p-6']);
    // An address needs no "full" in FtM: named from its parts. The bad nationality is aside, not on the person.
    expect(e.get('mf-addr-1')).toMatchObject({ kind: 'location', name: 'Kufra' });
    expect(e.get('mf-p-5')).toMatchObject({ nationality: [], external: { invalid: { nationality: ['42'] } } });
    expect([...byFtmId<LinkData>(ws.links.list(caseId)).keys()].sort()).toEqual(['mf-assoc-1', 'mf-mem-3']);
    expect(auditActions(ws).at(-1)).toBe('import.ftm');
    vault.close();
  });

  it('rejects a 10 MB line without reading it into memory, and keeps the lines around it', async () => {
    const { vault, ws } = await workspace();
    const path = join(tempDir(), 'huge.ftm.jsonl');
    const fd = openSync(path, 'w');
    writeSync(fd, '{"id":"a","schema":"Person","properties":{"name":["Before"]}}\n{"id":"huge","schema":"Person","properties":{"name":["');
    const block = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 10; i++) writeSync(fd, block);
    writeSync(fd, '"]}}\n{"id":"b","schema":"Person","properties":{"name":["After"]}}\n');
    closeSync(fd);
    const report = await importFtm(ws, path);
    expect(report.rejected).toEqual([{ line: 2, reason: expect.stringMatching(/^line is longer than 2 MiB/) as string }]);
    expect(report.aborted).toBe(true);
    const kept = await importFtm(ws, path, { validLinesOnly: true });
    expect(kept.imported.entities).toBe(2);
    expect(ws.entities.list(kept.caseId).map((e) => e.data.name).sort()).toEqual(['After', 'Before']);
    vault.close();
  });

  it('holds at most the line limit of a line, however long the line is', async () => {
    // 64 MiB in 64 KiB chunks, one line: generated lazily, so only the reader could hold on to it.
    const chunk = Buffer.alloc(64 * 1024, 'y');
    async function* endless() {
      yield Buffer.from('{"id":"x","schema":"Person","properties":{"name":["');
      for (let i = 0; i < 1024; i++) yield Buffer.from(chunk);
      yield Buffer.from('"]}}\n\n{"id":"ok","schema":"Person","properties":{"name":["Fine"]}}');
    }
    const seen: [number, string][] = [];
    const stats = await readLines(endless(), { line: (n, t) => seen.push([n, t.slice(0, 9)]), reject: (n, r) => seen.push([n, r.slice(0, 25)]) });
    expect(seen).toEqual([
      [1, 'line is longer than 2 MiB'],
      [3, '{"id":"ok'],
    ]);
    expect(stats.lines).toBe(3);
    expect(stats.maxBufferedBytes).toBeLessThanOrEqual(MAX_LINE_BYTES + 1);
    expect(stats.bytes).toBeGreaterThan(64 * 1024 * 1024);
  });

  it('tolerates a BOM, CRLF line ends and blank lines, and counts lines as an editor does', async () => {
    const { vault, ws } = await workspace();
    const text = [
      '\uFEFF{"id":"p1","schema":"Person","properties":{"name":["Meron Haile"]}}',
      '',
      '   ',
      '{"id":"p2","schema":"Person","properties":{"name":["Selam Kidane"]}}',
      '{"id":"f1","schema":"Family","properties":{"person":["p1"],"relative":["p2"]}}',
      '{"id":"bad","schema":"Person"}',
      '',
    ].join('\r\n');
    const report = await importFtm(ws, chunks(text.slice(0, 7), text.slice(7)));
    expect(report.rejected).toEqual([{ line: 6, id: 'bad', reason: 'Person has no name (property "name")' }]);
    const ok = await importFtm(ws, chunks(Buffer.from(text)), { validLinesOnly: true });
    expect(ok.imported).toEqual({ entities: 2, links: 1, events: 0, designations: 0, kept: 0, skipped: 0 });
    expect(ws.entities.list(ok.caseId).map((e) => e.data.name).sort()).toEqual(['Meron Haile', 'Selam Kidane']);
    vault.close();
  });

  it('rejects lines that are not UTF-8, a relationship to a relationship and a link to itself', async () => {
    const { vault, ws } = await workspace();
    const report = await importFtm(
      ws,
      chunks(
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
        '{"id":"p1","schema":"Person","properties":{"name":["A"]}}\n',
        '{"id":"m1","schema":"Membership","properties":{"member":["p1"],"organization":["p1"]}}\n',
        '{"id":"u1","schema":"UnknownLink","properties":{"subject":["p1"],"object":["m1"]}}\n',
        '{"id":"u2","schema":"UnknownLink","properties":{"subject":["p1","p1"],"object":["p1"]}}\n',
        '{"id":"p2","schema":"Person","properties":{"name":["B"],"__proto__":["x"]}}\n',
      ),
    );
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [1, 'line is not valid UTF-8 text'],
      [3, 'both ends are the same entity'],
      [4, '"object" is "m1", a relationship, not an entity'],
      // The same end twice is one end: still a link to itself.
      [5, 'both ends are the same entity'],
      [6, 'property name "__proto__" is not allowed'],
    ]);
    vault.close();
  });

  it('leaves nothing behind when cancelled', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Target' }).id;
    const ctrl = new AbortController();
    async function* slow() {
      yield Buffer.from('{"id":"p1","schema":"Person","properties":{"name":["A"]}}\n');
      ctrl.abort();
      yield Buffer.from('{"id":"p2","schema":"Person","properties":{"name":["B"]}}\n');
    }
    await rejectsWith(importFtm(ws, slow(), { caseId, signal: ctrl.signal }), { code: 'CANCELLED' });
    expect(ws.cases.counts(caseId)).toEqual({});
    // A cancel that arrives after the last chunk still stops the commit.
    const late = new AbortController();
    async function* thenCancel() {
      yield Buffer.from('{"id":"p1","schema":"Person","properties":{"name":["A"]}}\n');
      late.abort();
    }
    await rejectsWith(importFtm(ws, thenCancel(), { caseId, signal: late.signal }), { code: 'CANCELLED' });
    expect(ws.cases.counts(caseId)).toEqual({});
    vault.close();
  });

  it('says which file it cannot read', async () => {
    const { vault, ws } = await workspace();
    await rejectsWith(importFtm(ws, join(tempDir(), 'missing.jsonl')), { code: 'NOT_FOUND', message: /cannot read/ });
    const empty = join(tempDir(), 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await importFtm(ws, empty)).toMatchObject({ lines: 0, imported: { entities: 0, links: 0, skipped: 0 }, rejected: [], aborted: false });
    vault.close();
  });
});
