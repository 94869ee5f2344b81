/**
 * FtM import of every schema of the model (issue 12): three fixtures written for this test, in the OpenSanctions
 * flat, nested and delta shapes, that together use every concrete schema of the installed model. Each FtM entity
 * must become something (an entity, links, an event, a designation, something kept on an entity) or be listed as
 * skipped with its reason; invalid values are kept aside with a warning per value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regimeForUnReference } from '../../../shared/catalog';
import type { DesignationData, EntityData, EventData, LinkData } from '../../../shared/model/records';
import { Workspace } from '../../../main/core/workspace';
import { join } from 'node:path';
import { exportFtm, importFtm } from '../../../main/core/exchange/ftm';
import { ftmSchema, ftmSchemaNames } from '../../../main/core/exchange/ftm/model';
import { FTM_FIXTURES, ftmFileProblems, readFtm } from '../../helpers/ftm';
import { tempDir } from '../../helpers/tmp';
import { newTestVault } from '../../helpers/vault';

const FLAT = `${FTM_FIXTURES}os-flat.ftm.jsonl`;
const NESTED = `${FTM_FIXTURES}os-nested.ftm.jsonl`;
const DELTA = `${FTM_FIXTURES}os-delta.ftm.jsonl`;

async function workspace() {
  const { vault } = await newTestVault();
  return { vault, ws: new Workspace(vault) };
}

async function* chunks(...lines: string[]): AsyncGenerator<Uint8Array> {
  for (const l of lines) yield Buffer.from(`${l}\n`);
}

/** Every FtM entity object in a fixture (nested ones and delta payloads included): id and schema. */
function fixtureEntities(path: string): { id: string; schema: string }[] {
  const out: { id: string; schema: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.schema === 'string' && typeof o.id === 'string') out.push({ id: o.id, schema: o.schema });
      Object.values(o).forEach(walk);
    }
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim()) walk(JSON.parse(line));
  return out;
}

interface Outcomes {
  entities: Map<string, { id: string; data: EntityData }>;
  links: Map<string, LinkData[]>;
  events: Map<string, EventData>;
  designations: Map<string, DesignationData[]>;
  /** FtM id of a kept entity -> FtM id of the entity it is kept on. */
  keptOn: Map<string, string>;
  ftmOf: Map<string, string>;
}

function outcomes(ws: Workspace, caseId: string): Outcomes {
  const o: Outcomes = { entities: new Map(), links: new Map(), events: new Map(), designations: new Map(), keptOn: new Map(), ftmOf: new Map() };
  for (const e of ws.entities.list(caseId)) {
    const ftmId = e.data.external!.ftmId!;
    o.entities.set(ftmId, { id: e.id, data: e.data });
    o.ftmOf.set(e.id, ftmId);
    for (const k of e.data.external?.kept ?? []) o.keptOn.set(k.id, ftmId);
  }
  for (const l of ws.links.list(caseId)) o.links.set(l.data.external!.ftmId!, [...(o.links.get(l.data.external!.ftmId!) ?? []), l.data]);
  for (const v of ws.repo.ofKind('event')) if (v.data.caseId === caseId) o.events.set(v.data.external!.ftmId!, v.data);
  for (const d of ws.repo.ofKind('designation')) {
    if (d.data.caseId === caseId) o.designations.set(d.data.external!.ftmId!, [...(o.designations.get(d.data.external!.ftmId!) ?? []), d.data]);
  }
  return o;
}

/** What one FtM id became, as a short string a test can compare. */
function fateOf(o: Outcomes, id: string): string | undefined {
  const e = o.entities.get(id);
  if (e) return `entity:${e.data.kind}`;
  const l = o.links.get(id);
  if (l) return `link:${l.map((x) => x.kind).join(',')}`;
  if (o.events.has(id)) return 'event';
  if (o.designations.has(id)) return 'designation';
  if (o.keptOn.has(id)) return `kept on ${o.keptOn.get(id)}`;
  return undefined;
}

describe('FtM import fixtures', () => {
  it('together use every concrete schema of the model, and nothing outside it', () => {
    const used = new Set([FLAT, NESTED, DELTA].flatMap((f) => fixtureEntities(f).map((e) => e.schema)));
    const concrete = ftmSchemaNames().filter((n) => !ftmSchema(n)!.abstract);
    expect(concrete.length).toBeGreaterThan(50);
    expect(concrete.filter((n) => !used.has(n))).toEqual([]);
    expect([...used].filter((n) => !concrete.includes(n))).toEqual([]);
  });
});

describe('FtM import: the flat shape', () => {
  it('imports every line as something, or says why not', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Flat' }).id;
    const report = await importFtm(ws, FLAT, { caseId });
    expect(report.rejected).toEqual([]);
    expect(report.aborted).toBe(false);
    const o = outcomes(ws, caseId);
    const skipped = new Map(report.skippedLines.map((s) => [s.id, s]));
    for (const { id, schema } of fixtureEntities(FLAT)) expect(fateOf(o, id) ?? (skipped.has(id) ? 'skipped' : undefined), `${id} (${schema})`).toBeDefined();

    const fates = Object.fromEntries(fixtureEntities(FLAT).map(({ id }) => [id, fateOf(o, id) ?? 'skipped']));
    expect(fates).toEqual({
      'fx-pay-split': 'link:paid,paid',
      'fx-p-dawit': 'entity:person',
      'fx-p-selam': 'entity:person',
      'fx-org-brigade': 'entity:armed_group',
      'fx-co-tamra': 'entity:company',
      'fx-le-trust': 'entity:organization',
      'fx-pb-coastguard': 'entity:organization',
      'fx-ba-iban': 'entity:bank_account',
      'fx-cw-trx': 'entity:crypto_wallet',
      'fx-vs-amal': 'entity:vessel',
      'fx-vh-truck': 'entity:vehicle',
      'fx-ap-cargo': 'entity:vehicle',
      'fx-addr-kufra': 'entity:location',
      'fx-addr-sabha': 'entity:location',
      'fx-re-farm': 'entity:location',
      'fx-pos-head': 'entity:organization',
      'fx-mem-1': 'link:member_of',
      'fx-own-1': 'link:owns',
      'fx-dir-1': 'link:controls',
      'fx-assoc-1': 'link:associate',
      'fx-fam-1': 'link:family',
      'fx-ul-1': 'link:located_at',
      'fx-emp-1': 'link:associate',
      'fx-occ-1': 'link:associate',
      'fx-rep-1': 'link:acted_for',
      'fx-succ-1': 'link:associate',
      'fx-debt-1': 'link:associate',
      'fx-ev-1': 'event',
      'fx-trip-1': 'event',
      'fx-call-1': 'event',
      'fx-sanc-1': 'designation',
      'fx-pass-1': 'kept on fx-p-dawit',
      'fx-idn-1': 'kept on fx-p-selam',
      'fx-note-1': 'kept on fx-co-tamra',
      'fx-risk-1': 'kept on fx-co-tamra',
      'fx-tax-1': 'kept on fx-le-trust',
      'fx-ua-1': 'kept on fx-p-dawit',
      'fx-sec-1': 'kept on fx-co-tamra',
      // The Ownership of a Security (no record in the case model) is kept on the owner, not turned into a link.
      'fx-own-sec': 'kept on fx-le-trust',
      'fx-sim-1': 'kept on fx-p-dawit',
      'fx-ea-1': 'kept on fx-co-tamra',
      'fx-lonely-doc': 'skipped',
    });
    expect(report.skippedLines).toEqual([{ line: 42, id: 'fx-lonely-doc', reason: expect.stringMatching(/^Document has no record in the case model and refers to no entity/) as string }]);
    expect(report.imported).toEqual({ entities: 15, links: 13, events: 3, designations: 1, kept: 10, skipped: 1 });
    expect(report.bySchema).toMatchObject({ Person: 2, Address: 2, Ownership: 2, Sanction: 1, Airplane: 1 });
    vault.close();
  });

  it('keeps invalid values aside with one warning each (line, property, value, why), and imports the line', async () => {
    const { vault, ws } = await workspace();
    const report = await importFtm(ws, FLAT);
    expect(report.aborted).toBe(false);
    expect(report.warnings).toEqual([
      { line: 2, id: 'fx-p-dawit', property: 'birthDate', value: '2017-02-30', reason: '"2017-02-30": no day 30 in 2017-02; kept aside' },
      { line: 2, id: 'fx-p-dawit', property: 'nationality', value: 'xx', reason: '"xx" is not a country code of the FtM model; kept aside' },
      { line: 2, id: 'fx-p-dawit', property: 'shoeSize', value: '44', reason: 'Person has no property shoeSize in the FtM model; kept aside' },
      { line: 2, id: 'fx-p-dawit', property: 'sourceUrl', value: 'not a url', reason: '"not a url" is not a URL; kept aside' },
    ]);
    const dawit = outcomes(ws, report.caseId).entities.get('fx-p-dawit')!.data;
    expect(dawit).toMatchObject({ name: 'Dawit Habte', birthDate: { value: '1982-05-14' }, nationality: ['er'] });
    expect(dawit.external!.invalid).toEqual({ birthDate: ['2017-02-30'], nationality: ['xx'], shoeSize: ['44'], sourceUrl: ['not a url'] });
    // Not passed on as if valid: the kept-for-export properties hold only the valid values.
    expect(dawit.external!.extra?.birthDate ?? []).not.toContain('2017-02-30');
    expect(dawit.external!.extra?.sourceUrl).toBeUndefined();
    vault.close();
  });

  it('maps what the case model can hold: split payments, designations, identifiers, notes, events, metadata', async () => {
    const { vault, ws } = await workspace();
    const { caseId } = await importFtm(ws, FLAT);
    const o = outcomes(ws, caseId);
    const rid = (ftmId: string) => o.entities.get(ftmId)!.id;

    // A BankAccount with only an IBAN is named by it; an Address without "full" by its parts.
    expect(o.entities.get('fx-ba-iban')!.data).toMatchObject({ name: 'MT84MALT011000012345MTLCAST001S', identifiers: [{ type: 'iban', value: 'MT84MALT011000012345MTLCAST001S' }] });
    expect(o.entities.get('fx-addr-kufra')!.data.name).toBe('Kufra, ly');
    expect(o.entities.get('fx-ap-cargo')!.data).toMatchObject({ name: '5A-FXA', identifiers: [{ type: 'registration_number', value: '5A-FXA' }], external: { ftmSchema: 'Airplane' } });

    // Two beneficiaries: one link per pair, each with the money and the ends as the source had them.
    const pay = o.links.get('fx-pay-split')!;
    expect(pay.map((l) => [o.ftmOf.get(l.source), o.ftmOf.get(l.target)]).sort()).toEqual([
      ['fx-co-tamra', 'fx-org-brigade'],
      ['fx-co-tamra', 'fx-p-dawit'],
    ]);
    for (const l of pay) {
      expect(l).toMatchObject({ kind: 'paid', money: { amount: 25000, currency: 'USD' }, date: { value: '2019-04-02' }, role: 'Transport fees' });
      expect(l.external!.ends).toEqual({ source: ['fx-co-tamra'], target: ['fx-p-dawit', 'fx-org-brigade'] });
    }
    expect(o.links.get('fx-occ-1')![0]).toMatchObject({ source: rid('fx-p-selam'), target: rid('fx-pos-head'), start: { value: '2020-01' }, external: { ftmSchema: 'Occupancy' } });
    expect(o.links.get('fx-rep-1')![0]).toMatchObject({ source: rid('fx-p-selam'), target: rid('fx-co-tamra'), role: 'broker' });
    expect(o.links.get('fx-debt-1')![0]).toMatchObject({ money: { amount: 9000, currency: 'EUR' } });

    // Sanction -> designation on its entity: regime from the UN reference, listing date, the rest in the note.
    const [des] = o.designations.get('fx-sanc-1')!;
    expect(des).toMatchObject({ entityId: rid('fx-p-dawit'), regimeIds: [regimeForUnReference('LYi.901')!.id], references: ['LYi.901'], listedOn: { value: '2020-07-09' }, source: 'import' });
    for (const part of ['Programme: Libya', 'Authority: UN Security Council', 'Reason: Leader of a trafficking network.', 'Source: https://example.org/un/lyi901']) expect(des!.note).toContain(part);
    expect(des!.external!.extra).toMatchObject({ authority: ['UN Security Council'], unscId: ['LYi.901'] });

    // Passport / Identification -> identifiers on the holder, the FtM entity kept verbatim too.
    const dawit = o.entities.get('fx-p-dawit')!.data;
    expect(dawit.identifiers).toContainEqual({ type: 'passport', value: 'P1234567', country: 'er', issued: { value: '2016-01-10' }, expires: { value: '2026-01-09' } });
    expect(dawit.external!.kept!.find((k) => k.id === 'fx-pass-1')).toEqual({ id: 'fx-pass-1', schema: 'Passport', properties: { holder: ['fx-p-dawit'], number: ['P1234567'], country: ['er'], startDate: ['2016-01-10'], endDate: ['2026-01-09'] } });
    expect(o.entities.get('fx-p-selam')!.data.identifiers).toContainEqual({ type: 'national_id', value: 'LY-119-2231', country: 'ly', note: 'national identity card' });
    // Note -> a note on the entity.
    expect(o.entities.get('fx-co-tamra')!.data.description).toContain('Note "Registry check": Registered office is a mail drop.');

    // OpenSanctions' top-level fields stay on the record.
    expect(dawit.external!.meta).toEqual({ caption: 'Dawit Habte', datasets: ['fx_test_list'], referents: ['fx-old-dawit'], target: true, first_seen: '2021-03-01T00:00:00', last_seen: '2024-02-01T00:00:00', last_change: '2023-11-15T09:30:00' });

    // Events: dates, place, and the entities involved, never as perpetrators.
    const ev = o.events.get('fx-ev-1')!;
    expect(ev).toMatchObject({ title: 'Departure of the Amal II from Zuwara', date: { value: '2019-06-11' }, place: { name: 'Zuwara', country: 'ly' } });
    expect(ev.participants.map((p) => [o.ftmOf.get(p.entityId), p.role]).sort()).toEqual([
      ['fx-org-brigade', 'unspecified'],
      ['fx-p-dawit', 'unspecified'],
      ['fx-vs-amal', 'unspecified'],
    ]);
    const trip = o.events.get('fx-trip-1')!;
    expect(trip).toMatchObject({ date: { value: '2019-05-20' }, endDate: { value: '2019-05-23' }, place: { locationId: rid('fx-addr-kufra') } });
    expect(o.events.get('fx-call-1')!.participants.map((p) => o.ftmOf.get(p.entityId)).sort()).toEqual(['fx-p-dawit', 'fx-p-selam']);
    vault.close();
  });
});

describe('FtM import: the nested shape', () => {
  it('flattens nested entities, forward and reverse, and imports each once', async () => {
    const { vault, ws } = await workspace();
    const report = await importFtm(ws, NESTED);
    expect(report.rejected).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.skippedLines).toEqual([]);
    const o = outcomes(ws, report.caseId);
    const all = fixtureEntities(NESTED);
    for (const { id, schema } of all) expect(fateOf(o, id), `${id} (${schema})`).toBeDefined();
    // The address nested in two lines is one entity.
    expect(all.filter((e) => e.id === 'nx-addr-tripoli')).toHaveLength(2);
    expect(report.bySchema.Address).toBe(1);
    expect(report.imported).toMatchObject({ entities: 4, links: 2, events: 1, designations: 1, skipped: 0 });

    const rid = (ftmId: string) => o.entities.get(ftmId)!.id;
    // Reverse nesting: the Sanction under "sanctions" designates the person it is nested in.
    expect(o.designations.get('nx-sanc-1')![0]).toMatchObject({ entityId: rid('nx-p-kidane'), listedOn: { value: '2018-06-07' }, external: { meta: { caption: 'UN sanction' } } });
    expect(o.entities.get('nx-p-kidane')!.data.identifiers).toContainEqual({ type: 'passport', value: 'E0099887', country: 'er' });
    // Forward nesting inside reverse nesting: the Ownership's asset is the nested vessel.
    expect(o.links.get('nx-own-1')![0]).toMatchObject({ kind: 'owns', source: rid('nx-p-kidane'), target: rid('nx-vs-1'), role: 'beneficial owner' });
    expect(o.links.get('nx-pay-1')![0]).toMatchObject({ kind: 'paid', source: rid('nx-org-1'), target: rid('nx-p-kidane'), money: { amount: 4000, currency: 'LYD' } });
    expect(o.events.get('nx-ev-1')!.participants).toEqual([{ entityId: rid('nx-org-1'), role: 'unspecified' }]);
    // The Article reached only through a Documentation is kept on the person the Documentation is about.
    expect(fateOf(o, 'nx-art-1')).toBe('kept on nx-p-kidane');
    expect(fateOf(o, 'nx-page-1')).toBe('kept on nx-p-kidane');
    expect(o.entities.get('nx-p-kidane')!.data.external!.meta).toMatchObject({ caption: 'Kidane Zekarias', datasets: ['fx_nested'], target: true });
    vault.close();
  });
});

describe('FtM import: the delta shape', () => {
  it('applies ADD, MOD and DEL within the file, and says what it does not do to records imported before', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Delta' }).id;
    await importFtm(ws, FLAT, { caseId });
    const before = outcomes(ws, caseId);
    const report = await importFtm(ws, DELTA, { caseId });
    expect(report.rejected).toEqual([]);
    expect(report.aborted).toBe(false);
    expect(report.skippedLines.map((s) => [s.line, s.id])).toEqual([
      [6, 'dx-p-3'],
      [7, 'dx-never-seen'],
      [9, 'fx-p-selam'],
      [10, 'fx-p-dawit'],
    ]);
    expect(report.skippedLines[2]!.reason).toMatch(/already in this case; a delta's change to a record imported before is not applied/);
    expect(report.skippedLines[3]!.reason).toMatch(/not deleted by an import/);
    const o = outcomes(ws, caseId);
    // MOD replaced the earlier ADD; DEL removed what the file had added.
    expect(o.entities.get('dx-p-1')!.data).toMatchObject({ name: 'Yohannes Berhe Tesfamariam', nationality: ['er'], external: { meta: { last_change: '2024-03-02T00:00:00' } } });
    expect(o.entities.has('dx-p-3')).toBe(false);
    // Records imported before are untouched, and can be the end of a new link.
    expect(o.entities.get('fx-p-selam')!.data).toEqual(before.entities.get('fx-p-selam')!.data);
    expect(o.entities.has('fx-p-dawit')).toBe(true);
    expect(o.links.get('dx-mem-1')![0]).toMatchObject({ kind: 'member_of', source: o.entities.get('dx-p-1')!.id, target: o.entities.get('fx-org-brigade')!.id });
    expect(fateOf(o, 'dx-asset-1')).toBe('kept on dx-p-2');
    expect(fateOf(o, 'dx-own-1')).toBe('kept on dx-p-2');
    vault.close();
  });
});

describe('FtM import: lines outside the model', () => {
  it('rejects a schema the model lacks, an abstract schema and a bad delta op as error lines, with the rest importable', async () => {
    const { vault, ws } = await workspace();
    const lines = [
      '{"id":"a","schema":"Person","properties":{"name":["A"]}}',
      '{"id":"t","schema":"Territory","properties":{"name":["Somewhere"]}}',
      '{"id":"th","schema":"Thing","properties":{"name":["Abstract"]}}',
      '{"op":"UPSERT","entity":{"id":"b","schema":"Person","properties":{"name":["B"]}}}',
      '{"id":"c","schema":"Person","properties":{"name":["C"],"addressEntity":[{"id":"n1","schema":"Spaceship","properties":{}}]}}',
    ];
    const strict = await importFtm(ws, chunks(...lines));
    expect(strict.aborted).toBe(true);
    expect(strict.rejected).toEqual([
      { line: 2, id: 't', reason: 'unknown schema "Territory"; not a schema of the FollowTheMoney model' },
      { line: 3, id: 'th', reason: 'schema Thing is abstract in the FollowTheMoney model; an entity needs a concrete schema' },
      { line: 4, reason: 'delta "op" is UPSERT; expected ADD, MOD or DEL' },
    ]);
    // A bad nested entity is left out of its line with a warning; the line itself stands.
    expect(strict.warnings).toEqual([{ line: 5, id: 'c', property: 'addressEntity', value: expect.stringContaining('Spaceship') as string, reason: expect.stringMatching(/^nested entity left out: unknown schema "Spaceship"/) as string }]);
    const valid = await importFtm(ws, chunks(...lines), { validLinesOnly: true });
    expect(valid.imported.entities).toBe(2);
    expect(ws.entities.list(valid.caseId).map((e) => e.data.name).sort()).toEqual(['A', 'C']);
    vault.close();
  });
});

describe('FtM import then export: what was kept goes back out', () => {
  it('writes every kept entity and every Sanction back, as valid FtM, under their own ids', async () => {
    const { vault, ws } = await workspace();
    const caseId = ws.cases.create({ name: 'Flat out' }).id;
    await importFtm(ws, FLAT, { caseId });
    const o = outcomes(ws, caseId);
    const out = join(tempDir(), 'flat-out.ftm.jsonl');
    const report = exportFtm(ws, caseId, out);
    const lines = readFtm(out);
    expect(ftmFileProblems(lines)).toEqual([]);
    const written = new Map(lines.map((l) => [l.id, l]));
    // Kept entities whose references all point at lines of the file go out as they came, same id and schema.
    const source = new Map(fixtureEntities(FLAT).map((e) => [e.id, e.schema]));
    expect(o.keptOn.size).toBeGreaterThan(3);
    for (const id of o.keptOn.keys()) {
      const line = written.get(id);
      if (line) expect(line.schema, id).toBe(source.get(id));
      else expect(report.invalid.some((i) => i.id === id), `${id} neither written nor reported`).toBe(true);
    }
    expect([...o.keptOn.keys()].filter((id) => written.has(id)).length).toBeGreaterThan(0);
    // Sanctions: one line per designation, on the entity's FtM id.
    expect(lines.filter((l) => l.schema === 'Sanction').length).toBe(report.sanctions);
    expect(report.sanctions).toBe(o.designations.size);
    // OpenSanctions' top-level metadata goes back out at the top level (the caption is left to FtM tools).
    const dawit = readFileSync(out, 'utf8').split('\n').map((l) => (l ? (JSON.parse(l) as Record<string, unknown>) : null)).find((l) => l?.id === 'fx-p-dawit')!;
    expect(dawit).toMatchObject({ datasets: ['fx_test_list'], referents: ['fx-old-dawit'], target: true, first_seen: '2021-03-01T00:00:00', last_seen: '2024-02-01T00:00:00', last_change: '2023-11-15T09:30:00' });
    expect(dawit).not.toHaveProperty('caption');
    expect(dawit).not.toHaveProperty('meta');
    vault.close();
  });
});
