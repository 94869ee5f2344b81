/**
 * The acceptance test of the FtM exchange: an FtM file imported and exported again gives back every entity and
 * relationship it supports, with the same id, schema and property values (as multisets), and importing that
 * export into a fresh vault gives the same records. Then the same for arbitrary valid FtM (fast-check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { exportFtm, importFtm } from '../../../main/core/exchange/ftm';
import { LINK_SCHEMATA } from '../../../main/core/exchange/ftm/schemata';
import { byId, cleanedFtm as cleaned, ftmFileProblems, multisets, NETWORK, parseFtm, readFtm, type FtmEntity } from '../../helpers/ftm';
import { tempDir } from '../../helpers/tmp';
import { newTestVault } from '../../helpers/vault';

/** Lines of the network fixture that Sanctum does not import: a Sanction, a RealEstate and a link to it. */
/** An Ownership of a CryptoWallet: not FtM (the asset must be an Asset), so it goes back out as an UnknownLink. */
const NOT_FTM = 'zn-own-tesfay-wallet';

async function workspace() {
  const { vault } = await newTestVault();
  return { vault, ws: new Workspace(vault) };
}

/** A case's records keyed by FtM id, with vault-specific ids (case, link ends) replaced by FtM ids. */
function recordsByFtmId(ws: Workspace, caseId: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const ftmOf = new Map<string, string>();
  for (const e of ws.entities.list(caseId)) {
    ftmOf.set(e.id, e.data.external!.ftmId!);
    const { caseId: _c, ...rest } = e.data;
    // OpenSanctions' top-level fields (caption, datasets …) are kept on import; the exporter does not write them yet.
    const { meta: _m, ...external } = rest.external!;
    out.set(e.data.external!.ftmId!, { record: 'entity', ...rest, external });
  }
  for (const l of ws.links.list(caseId)) {
    const { caseId: _c, source, target, ...rest } = l.data;
    out.set(l.data.external!.ftmId!, { record: 'link', ...rest, source: ftmOf.get(source), target: ftmOf.get(target) });
  }
  return out;
}

function expectSameFtm(exported: FtmEntity[], original: FtmEntity[]): void {
  const want = byId(original);
  expect(exported.map((e) => e.id).sort()).toEqual([...want.keys()].sort());
  for (const e of exported) {
    const o = want.get(e.id)!;
    expect({ id: e.id, schema: e.schema, properties: multisets(e.properties) }).toEqual({ id: o.id, schema: o.schema, properties: multisets(o.properties) });
  }
}

describe('FtM round trip', () => {
  it('imports the network fixture and exports every entity and relationship back, as valid FtM', async () => {
    const { vault, ws } = await workspace();
    const report = await importFtm(ws, NETWORK);
    expect(report.rejected).toEqual([]);
    expect(report.imported).toEqual({ entities: 14, links: 18, events: 0, designations: 1, kept: 0, skipped: 0 });

    const out = join(tempDir(), 'export.ftm.jsonl');
    const ex = exportFtm(ws, report.caseId, out);
    // The Sanction came in as a designation and goes back out as the same Sanction line.
    expect(ex).toMatchObject({ entities: 14, links: 18, sanctions: 1, invalid: [] });
    expect(ex.skipped).toEqual([{ kind: 'owns links between a Person and a CryptoWallet', count: 1, reason: expect.stringMatching(/Ownership.*UnknownLink/) as string }]);
    const exported = readFtm(out);
    expect(ftmFileProblems(exported)).toEqual([]);
    expectSameFtm(
      exported.filter((e) => e.id !== NOT_FTM),
      // As written, normalised as FtM does (the fixture pads a name with spaces).
      readFtm(NETWORK).filter((e) => e.id !== NOT_FTM).map(cleaned),
    );
    expect(exported.find((e) => e.id === NOT_FTM)).toEqual({ id: NOT_FTM, schema: 'UnknownLink', properties: { object: ['zn-cw-usdt'], role: ['Owns'], subject: ['zn-p-tesfay'] } });
    // Entities first, then relationships, each in id order.
    const ids = exported.map((e) => e.id);
    expect(ids.slice(0, 14)).toEqual([...ids.slice(0, 14)].sort());
    expect(ids.slice(14)).toEqual([...ids.slice(14)].sort());
    expect(ids.slice(0, 14).every((id) => !/^zn-(own|mem|dir|pay|assoc|fam|ul)-/.test(id))).toBe(true);

    // The export, imported into a fresh vault, gives the very same records.
    const second = await workspace();
    const again = await importFtm(second.ws, out);
    expect(again.rejected).toEqual([]);
    // The same records; the wallet's ownership is an owns link again, now from an UnknownLink.
    const firstRecords = recordsByFtmId(ws, report.caseId);
    const secondRecords = recordsByFtmId(second.ws, again.caseId);
    expect(secondRecords.get(NOT_FTM)).toMatchObject({ record: 'link', kind: 'owns', source: 'zn-p-tesfay', target: 'zn-cw-usdt' });
    firstRecords.delete(NOT_FTM);
    secondRecords.delete(NOT_FTM);
    // Values the export normalised ("SD" -> "sd", a padded name trimmed) need no verbatim copy any more.
    const unshadow = (id: string, prop: string) => delete (firstRecords.get(id) as { external: { extra: Record<string, unknown> } }).external.extra[prop];
    unshadow('zn-p-hamid', 'nationality');
    unshadow('zn-p-amina', 'name');
    expect(secondRecords).toEqual(firstRecords);
    vault.close();
    second.vault.close();
  });

  it('exports the same bytes twice', async () => {
    const { vault, ws } = await workspace();
    const { caseId } = await importFtm(ws, NETWORK);
    const dir = tempDir();
    const a = exportFtm(ws, caseId, join(dir, 'a.jsonl'));
    const b = exportFtm(ws, caseId, join(dir, 'b.jsonl'));
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(join(dir, 'a.jsonl'))).toEqual(readFileSync(join(dir, 'b.jsonl')));
    vault.close();
  });

  it('keeps what it cannot map verbatim, and an edited field wins over the kept original', async () => {
    const { vault, ws } = await workspace();
    const { caseId } = await importFtm(ws, NETWORK);
    const salem = ws.entities.list(caseId).find((e) => e.data.external?.ftmId === 'zn-p-salem')!;
    // Two birth dates: the first is the field, both are kept for export.
    expect(salem.data.birthDate).toEqual({ value: '1984-03-11' });
    expect(salem.data.external?.extra?.birthDate).toEqual(['1984-03-11', '1985']);
    ws.entities.update(salem.id, { birthDate: { value: '1983' } });
    const out = join(tempDir(), 'edited.jsonl');
    exportFtm(ws, caseId, out);
    const line = readFtm(out).find((e) => e.id === 'zn-p-salem')!;
    expect(line.properties.birthDate).toEqual(['1983']);
    // Untouched neighbours still come back exactly.
    expect(line.properties.name).toEqual(['Salem Abdulhadi al-Zawi', 'سالم عبد الهادي الزاوي']);
    expect(line.properties.previousName).toEqual(['Salem Abdulhadi']);
    vault.close();
  });
});

// ----------------------------------------------------------------------------------------- property test

const word = fc.string({ minLength: 1, maxLength: 24, unit: fc.constantFrom(...'abcdefgh ABC-\'ሰላምعبد'.split('')) });
const nonBlank = word.filter((s) => s.trim().length > 0);
const anyText = fc.oneof(word, fc.string({ maxLength: 30 }), fc.constantFrom('  padded  ', '', ' '));
const values = (v: fc.Arbitrary<string>) => fc.array(v, { maxLength: 3 });
const dates = fc.oneof(
  fc.constantFrom('1980', '1980-06', '1980-06-15', '2017-02-30', 'c. 1980', '2017-03-01T10:00:00', '1980-6', ''),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const countries = fc.constantFrom('ly', 'er', 'SD', 'suhh', 'zz', ' et ', 'xk');

/** Optional properties any entity may carry, mapped or not, with awkward values. */
const commonProps = fc.record(
  {
    alias: values(anyText),
    weakAlias: values(anyText),
    previousName: values(anyText),
    country: values(countries),
    notes: values(anyText),
    summary: values(anyText),
    description: values(anyText),
    address: values(anyText),
    topics: values(fc.constantFrom('crime.traffick', 'sanction', 'role.pep')),
    sourceUrl: values(fc.constantFrom('https://example.org/a', 'not a url')),
    xCustomField: values(anyText),
  },
  { requiredKeys: [] },
);

const schemaProps: Record<string, fc.Arbitrary<Record<string, string[]>>> = {
  Person: fc.record(
    {
      birthDate: values(dates),
      deathDate: values(dates),
      nationality: values(countries),
      citizenship: values(countries),
      gender: values(fc.constantFrom('male', 'female', 'other', 'unknown', 'Male')),
      title: values(anyText),
      position: values(anyText),
      birthPlace: values(anyText),
      passportNumber: values(anyText),
      idNumber: values(anyText),
      phone: values(anyText),
      email: values(anyText),
      religion: values(anyText),
    },
    { requiredKeys: [] },
  ),
  Organization: fc.record({ classification: values(fc.constantFrom('armed group', 'Armed Group', 'NGO', ' armed group')), incorporationDate: values(dates), registrationNumber: values(anyText) }, { requiredKeys: [] }),
  LegalEntity: fc.record({ taxNumber: values(anyText), swiftBic: values(anyText), legalForm: values(anyText) }, { requiredKeys: [] }),
  Company: fc.record({ incorporationDate: values(dates), jurisdiction: values(countries), email: values(anyText) }, { requiredKeys: [] }),
  Vessel: fc.record({ imoNumber: values(anyText), mmsi: values(anyText), callSign: values(anyText), flag: values(countries), registrationNumber: values(anyText) }, { requiredKeys: [] }),
  Vehicle: fc.record({ registrationNumber: values(anyText), model: values(anyText) }, { requiredKeys: [] }),
  BankAccount: fc.record({ iban: values(anyText), accountNumber: values(anyText), bic: values(anyText), bankName: values(anyText) }, { requiredKeys: [] }),
  CryptoWallet: fc.record({ publicKey: values(anyText), currencySymbol: values(anyText) }, { requiredKeys: [] }),
};

const entityArb = fc.oneof(
  ...Object.entries(schemaProps).map(([schema, extra]) =>
    fc.record({ names: fc.array(nonBlank, { minLength: 1, maxLength: 3 }), common: commonProps, extra }).map(({ names, common, extra: e }) => ({
      schema,
      properties: { name: names, ...common, ...e },
    })),
  ),
  fc.record({ full: fc.array(nonBlank, { minLength: 1, maxLength: 2 }), city: values(anyText), country: values(countries), summary: values(anyText) }).map((p) => ({
    schema: 'Address',
    properties: p as Record<string, string[]>,
  })),
);

const LINKS: [string, string, string, string][] = [
  ['Membership', 'member', 'organization', 'role'],
  ['Ownership', 'owner', 'asset', 'role'],
  ['Directorship', 'director', 'organization', 'role'],
  ['Payment', 'payer', 'beneficiary', 'purpose'],
  ['Associate', 'person', 'associate', 'relationship'],
  ['Family', 'person', 'relative', 'relationship'],
  ['UnknownLink', 'subject', 'object', 'role'],
];
const roles = values(fc.oneof(anyText, fc.constantFrom('Commander', 'commander', 'financing', 'Financing of operations', 'Recruited', 'member of', 'Paid', 'business contact')));
const linkArb = fc.record({
  spec: fc.constantFrom(...LINKS),
  roles,
  startDate: values(dates),
  endDate: values(dates),
  date: values(dates),
  amount: values(fc.constantFrom('50000.00', '12', '-3.5', '1e3', 'abc', '1,000', '123456789012345678901234567890')),
  currency: values(fc.constantFrom('USD', 'usd', 'EURO', 'LYD')),
  summary: values(anyText),
  percentage: values(anyText),
});

describe('FtM round trip, arbitrary entities with awkward values (fast-check)', () => {
  it('exports every valid property of every entity and relationship as it came in, and only valid FtM', async () => {
    const { vault, ws } = await workspace();
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entityArb, { minLength: 2, maxLength: 6 }), fc.array(linkArb, { maxLength: 4 }), async (ents, links) => {
        run++;
        const entities: FtmEntity[] = ents.map((e, i) => ({ id: `e${run}-${i}`, ...e }));
        const rels: FtmEntity[] = links.map((l, j) => {
          const [schema, from, to, roleProp] = l.spec;
          const props: Record<string, string[]> = { [from]: [entities[j % entities.length]!.id], [to]: [entities[(j + 1) % entities.length]!.id], [roleProp]: l.roles, startDate: l.startDate, endDate: l.endDate, date: l.date, summary: l.summary };
          if (schema === 'Payment') Object.assign(props, { amount: l.amount, currency: l.currency });
          if (schema === 'Ownership') props.percentage = l.percentage;
          return { id: `r${run}-${j}`, schema, properties: props };
        });
        const all = [...rels, ...entities];
        const text = all.map((e) => JSON.stringify(e)).join('\n');
        const caseId = ws.cases.create({ name: `Run ${run}` }).id;
        const report = await importFtm(ws, (async function* () {
          yield Buffer.from(text);
        })(), { caseId });
        expect(report.rejected, text).toEqual([]);
        // Values invalid for their FtM type (or properties the schema lacks) are kept aside with a warning each, and
        // not exported as valid: the export is the file minus exactly the values warned about.
        const warned = new Set(report.warnings.map((w) => `${w.id}\u0000${w.property}\u0000${w.value}`));
        const expected = parseFtm(text).map((e) => ({
          ...e,
          properties: Object.fromEntries(
            Object.entries(e.properties)
              .map(([k, vs]) => [k, vs.filter((v) => !warned.has(`${e.id}\u0000${k}\u0000${v}`))] as const)
              .filter(([, vs]) => vs.length > 0),
          ),
        }));
        const aside = report.warnings.length;
        const keptAside = [...ws.entities.list(caseId), ...ws.links.list(caseId)].reduce((n, r) => n + Object.values(r.data.external?.invalid ?? {}).reduce((m, vs) => m + vs.length, 0), 0);
        expect(keptAside).toBe(aside);
        const out = join(dir, `out-${run}.jsonl`);
        exportFtm(ws, caseId, out);
        const exported = readFtm(out);
        // Valid FtM, whatever came in.
        expect(ftmFileProblems(exported), text).toEqual([]);
        // Entities, and relationships whose ends fit their schema: as they came in, less what FtM rejects.
        const schemaOf = new Map(all.map((e) => [e.id, e.schema]));
        // A payment to or from a bank account with one known holder leaves as a Payment between the holders with
        // the account beside it (payerAccount / beneficiaryAccount): the input never carries those properties.
        const viaAccount = (e: FtmEntity) => e.schema === 'Payment' && (e.properties.payerAccount !== undefined || e.properties.beneficiaryAccount !== undefined);
        const kept = exported.filter((e) => schemaOf.get(e.id) === e.schema && !viaAccount(e));
        expectSameFtm(kept, expected.filter((e) => kept.some((k) => k.id === e.id)).map(cleaned));
        for (const e of exported.filter(viaAccount)) {
          const orig = expected.find((r) => r.id === e.id)!;
          const holderOf = (account: string) => {
            const owners = rels.filter((r) => r.schema === 'Ownership' && r.properties.asset![0] === account).map((r) => r.properties.owner![0]!);
            return owners.length > 0 && owners.every((o) => o === owners[0]) ? owners[0] : undefined;
          };
          for (const [end, accountProp] of [['payer', 'payerAccount'], ['beneficiary', 'beneficiaryAccount']] as const) {
            const was = orig.properties[end]![0]!;
            if (schemaOf.get(was) === 'BankAccount') {
              expect(e.properties[accountProp]).toEqual([was]);
              expect(e.properties[end]).toEqual([holderOf(was)]);
            } else {
              expect(e.properties[accountProp]).toBeUndefined();
              expect(e.properties[end]).toEqual([was]);
            }
          }
          const rest = (x: FtmEntity) => ({ ...x, properties: Object.fromEntries(Object.entries(x.properties).filter(([k]) => !['payer', 'beneficiary', 'payerAccount', 'beneficiaryAccount'].includes(k))) });
          expectSameFtm([rest(e)], [rest(cleaned(orig))]);
        }
        expect(exported.map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
        // A relationship whose ends its schema does not take is an UnknownLink between the same two entities.
        for (const e of exported.filter((x) => schemaOf.get(x.id) !== x.schema)) {
          const orig = rels.find((r) => r.id === e.id)!;
          const spec = LINK_SCHEMATA[orig.schema]!;
          expect(e.schema).toBe('UnknownLink');
          expect([e.properties.subject, e.properties.object]).toEqual([orig.properties[spec.source], orig.properties[spec.target]]);
        }
      }),
      { numRuns: 60 },
    );
    vault.close();
  });
});
