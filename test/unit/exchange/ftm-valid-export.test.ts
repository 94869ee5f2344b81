/**
 * Issue 12: every FtM line Sanctum writes is valid FollowTheMoney, judged by the model library, in the FtM
 * export and in evidence packages alike, even from awkward data: "15/03/1980" as a date, "Libya" as a country,
 * upper-case codes, properties the schema lacks, an associate link between a person and an organisation,
 * ownership of a location, payments to bank accounts, date ranges, events, evidence and claims. The same link
 * kind gets the same schema from both writers; claims are not FtM and go to claims.jsonl.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFtm, importFtm, type ExportReport } from '../../../main/core/exchange/ftm';
import { exportPackage, importPackage, verifyBag } from '../../../main/core/exchange/package';
import { ftmFileProblems, parseFtm, readFtm, type FtmEntity } from '../../helpers/ftm';
import { ORG, fileScopedVault, packageFixture, type PackageFixture } from '../../helpers/package-fixture';

/** An FtM file with values FtM does not accept, as other tools (and hand edits) produce them. */
const AWKWARD = [
  { id: 'aw-person', schema: 'Person', properties: { name: ['Awkward Person'], birthDate: ['15/03/1980'], nationality: ['Libya', 'LY'], country: ['LY'], email: ['not an email'], imoNumber: ['9123456'] } },
  { id: 'aw-company', schema: 'Company', properties: { name: ['Awkward Shipping Ltd'], jurisdiction: ['Libya'], country: ['ER '], incorporationDate: ['2012/05/01'] } },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

let f: PackageFixture;
let work: string;
let exported: { report: ExportReport; lines: FtmEntity[] };
let pkg: { dir: string; lines: FtmEntity[]; raw: string[]; claims: string[]; records: string[] };

const nameOf = (lines: FtmEntity[], id: string | undefined) => {
  const l = lines.find((x) => x.id === id);
  return l?.properties.name?.[0] ?? l?.properties.full?.[0] ?? `?${id}`;
};

/** Relationship lines as "schema: source > target", by entity names (ids differ between the two writers). */
function relationships(lines: FtmEntity[]): string[] {
  const ends: Record<string, [string, string]> = {
    Membership: ['member', 'organization'],
    Directorship: ['director', 'organization'],
    Ownership: ['owner', 'asset'],
    Payment: ['payer', 'beneficiary'],
    Associate: ['person', 'associate'],
    Family: ['person', 'relative'],
    UnknownLink: ['subject', 'object'],
  };
  return lines
    .filter((l) => ends[l.schema])
    .map((l) => `${l.schema}: ${nameOf(lines, l.properties[ends[l.schema]![0]]?.[0])} > ${nameOf(lines, l.properties[ends[l.schema]![1]]?.[0])}`)
    .sort();
}

beforeAll(async () => {
  f = await packageFixture();
  const { ws, fx } = f;
  const caseId = fx.caseId;
  const imported = await importFtm(ws, (async function* () {
    yield Buffer.from(AWKWARD);
  })(), { caseId });
  expect(imported.rejected).toEqual([]);
  // Import now keeps such values aside (external.invalid, one warning each). Vaults from before that kept them
  // verbatim with the FtM properties to export (external.extra), as hand edits may: the writer must still refuse them.
  expect(imported.warnings.map((w) => `${w.id} ${w.property}=${w.value}`)).toContain('aw-person birthDate=15/03/1980');
  for (const e of ws.entities.list(caseId)) {
    const x = e.data.external;
    if (!x?.invalid) continue;
    const { invalid, ...rest } = x;
    ws.entities.update(e.id, { external: { ...rest, extra: { ...(x.extra ?? {}), ...invalid } } });
  }
  const account2 = ws.entities.create({ caseId, kind: 'bank_account', name: 'Account at Bank Z' }).id;
  const link = (d: Record<string, unknown>) => ws.links.create({ caseId, ...d }).id;
  link({ kind: 'associate', source: fx.e.milad, target: fx.e.coastguard, role: 'business partner' });
  link({ kind: 'associate', source: fx.e.milad, target: fx.e.ghermay });
  link({ kind: 'owns', source: fx.e.milad, target: fx.e.zawiya });
  // The coast guard unit holds the account at Bank Y; nobody is known to hold the one at Bank Z.
  link({ kind: 'owns', source: fx.e.coastguard, target: fx.e.account });
  link({ kind: 'paid', source: fx.e.financier, target: fx.e.account, money: { amount: 12000, currency: 'EUR' }, date: { from: '2018-03-01', to: '2018-03-31' } });
  link({ kind: 'paid', source: fx.e.financier, target: account2, money: { amount: 3000, currency: 'EUR' } });
  link({ kind: 'family', source: fx.e.dabbashi, target: fx.e.milad, role: 'cousin', start: { from: '2018', to: '2019' } });
  work = mkdtempSync(join(tmpdir(), 'sanctum-ftm-valid-'));

  const out = join(work, 'case.ftm.jsonl');
  exported = { report: exportFtm(ws, caseId, out), lines: readFtm(out) };

  const dir = join(work, 'package');
  await exportPackage(ws, { caseId, selection: { case: true }, profile: 'panel', outPath: dir, organization: ORG });
  const read = (name: string) => readFileSync(join(dir, 'data/metadata', name), 'utf8').split('\n').filter((l) => l.trim());
  const raw = read('entities.ftm.jsonl');
  pkg = { dir, raw, lines: parseFtm(raw.join('\n')), claims: read('claims.jsonl'), records: read('records.jsonl') };
});

afterAll(() => {
  f?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('FtM export of awkward data', () => {
  it('writes only lines the FtM model accepts, every reference within its range', () => {
    expect(exported.lines.length).toBeGreaterThan(20);
    expect(ftmFileProblems(exported.lines)).toEqual([]);
  });

  it('drops invalid values and says which, where and why; normalises the rest', () => {
    const person = exported.lines.find((l) => l.id === 'aw-person')!;
    expect(person.properties).toEqual({ name: ['Awkward Person'], nationality: ['ly'], country: ['ly'] });
    const company = exported.lines.find((l) => l.id === 'aw-company')!;
    expect(company.properties).toEqual({ name: ['Awkward Shipping Ltd'], country: ['er'] });
    const invalid = exported.report.invalid.map((i) => `${i.id} ${i.property}=${i.value}`).sort();
    expect(invalid).toEqual(
      [
        // (nationality and email are written from the record's own fields, which hold only valid values.)
        'aw-person birthDate=15/03/1980',
        'aw-person imoNumber=9123456',
        'aw-company jurisdiction=Libya',
        'aw-company incorporationDate=2012/05/01',
      ].sort(),
    );
    for (const i of exported.report.invalid) expect(i.reason.length).toBeGreaterThan(5);
    expect(exported.report.invalid.find((i) => i.property === 'imoNumber')!.reason).toMatch(/Person has no property imoNumber/);
    expect(exported.report.skipped.find((s) => s.kind === 'invalid FtM values')).toMatchObject({ count: 4 });
    // No date in the file is anything but an ISO prefix ("2018/2019" is not an FtM date).
    for (const l of exported.lines) for (const [k, vs] of Object.entries(l.properties)) if (/date$/i.test(k)) for (const v of vs) expect(v).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
  });

  it('chooses relationship schemata that fit both ends, else UnknownLink', () => {
    const rels = relationships(exported.lines);
    expect(rels).toEqual(
      expect.arrayContaining([
        // Associate needs a person at both ends.
        'Associate: Abd Al-Rahman Al-Milad > Ermias Ghermay',
        'UnknownLink: Abd Al-Rahman Al-Milad > Zawiya Coast Guard unit',
        // Ownership needs an asset; a place is not one.
        'UnknownLink: Abd Al-Rahman Al-Milad > Zawiya',
        'Ownership: Zawiya Coast Guard unit > Account at Bank Y',
        // A payment into an account with a known holder pays the holder, into that account.
        'Payment: Financier X > Zawiya Coast Guard unit',
        'UnknownLink: Financier X > Account at Bank Z',
        'Family: Ahmad Oumar Imhamad Al-Fitouri > Abd Al-Rahman Al-Milad',
      ]),
    );
    const pay = exported.lines.find((l) => l.schema === 'Payment' && l.properties.amount?.[0] === '12000')!;
    const account = exported.lines.find((l) => l.properties.name?.[0] === 'Account at Bank Y')!;
    // A range that is exactly one month is that month.
    expect(pay.properties).toMatchObject({ beneficiaryAccount: [account.id], currency: ['EUR'], date: ['2018-03'] });
    const partner = exported.lines.find((l) => l.schema === 'UnknownLink' && l.properties.role?.includes('business partner'))!;
    // An UnknownLink without a kind label reads back as an associate (the default), so it needs none.
    expect(partner.properties.role).toEqual(['business partner']);
    expect(exported.lines.find((l) => l.schema === 'UnknownLink' && nameOf(exported.lines, l.properties.object?.[0]) === 'Zawiya')!.properties.role).toEqual(['Owns']);
    // Any other range: its start, and the report says so.
    expect(exported.lines.find((l) => l.schema === 'Family')!.properties.startDate).toEqual(['2018']);
    expect(exported.report.skipped.find((s) => s.kind === 'link dates given as a range')).toMatchObject({ count: 1, reason: expect.stringMatching(/start/) as string });
    expect(exported.report.skipped.find((s) => s.kind === 'amounts of links that FtM can only carry as UnknownLink')).toMatchObject({ count: 1 });
  });

  it('writes events as Event and evidence as Document, metadata only', () => {
    expect(exported.report.events).toBe(2);
    const docs = exported.lines.filter((l) => l.schema === 'Document');
    expect(docs.length).toBe(exported.report.documents);
    expect(docs.map((d) => d.properties.fileName![0])).toEqual(expect.arrayContaining(['boat-photo.jpg', 'press-release.txt', 'detention-list-redacted.txt']));
    const text = exported.lines.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain('The coast guard unit intercepted a boat');
    expect(text).not.toMatch(/Amanuel|Tesfay Haile|Selam Berhane/);
    expect(exported.report.skipped.find((s) => s.kind === 'claims')).toMatchObject({ reason: expect.stringMatching(/claims\.jsonl/) as string });
  });
});

describe('evidence packages use the same FtM writer', () => {
  it('writes only valid FtM, plain: no claims, no Sanctum members', () => {
    expect(pkg.lines.length).toBeGreaterThan(20);
    expect(ftmFileProblems(pkg.lines)).toEqual([]);
    for (const l of pkg.raw) expect(Object.keys(JSON.parse(l) as object).sort()).toEqual(['id', 'properties', 'schema']);
    expect(pkg.lines.some((l) => l.schema === 'SanctumClaim' || l.schema === 'Thing')).toBe(false);
    expect(pkg.lines.filter((l) => l.schema === 'Event')).toHaveLength(2);
    expect(pkg.lines.filter((l) => l.schema === 'Document').length).toBeGreaterThan(0);
  });

  it('verifies without a warning; the verifier flags a line FtM tools would reject', async () => {
    const ok = await verifyBag(pkg.dir, { expectSigner: f.vault.fingerprint });
    expect(ok.valid).toBe(true);
    expect(ok.problems.filter((p) => p.file.startsWith('data/metadata/'))).toEqual([]);
    const bad = join(work, 'bad-package');
    cpSync(pkg.dir, bad, { recursive: true });
    appendFileSync(join(bad, 'data/metadata/entities.ftm.jsonl'), `${JSON.stringify({ id: 'x', schema: 'Person', properties: { name: ['X'], birthDate: ['15/03/1980'] } })}\n`);
    appendFileSync(join(bad, 'data/metadata/claims.jsonl'), '{"kind":"entity"}\n');
    const report = await verifyBag(bad, { expectSigner: f.vault.fingerprint });
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { severity: 'warning', file: 'data/metadata/entities.ftm.jsonl', reason: expect.stringMatching(new RegExp(`line ${pkg.raw.length + 1} is not valid FollowTheMoney: birthDate`)) as string },
        { severity: 'error', file: 'data/metadata/claims.jsonl', reason: expect.stringMatching(/is not a Sanctum claim record/) as string },
      ]),
    );
  });

  it('gives each relationship the same schema as the FtM export', () => {
    expect(relationships(pkg.lines)).toEqual(relationships(exported.lines));
  });

  it('puts claims in claims.jsonl and the records beside the FtM lines, and imports them back', async () => {
    const pkgJson = JSON.parse(readFileSync(join(pkg.dir, 'data/metadata/package.json'), 'utf8')) as { counts: { claims: number; entities: number }; ftm: { lines: number } };
    expect(pkg.claims).toHaveLength(pkgJson.counts.claims);
    expect(pkg.claims.length).toBeGreaterThan(0);
    for (const c of pkg.claims) expect(JSON.parse(c)).toMatchObject({ kind: 'claim', summary: expect.any(String) as string, data: { assertion: expect.any(Object) as object } });
    expect(pkgJson.ftm.lines).toBe(pkg.lines.length);
    const records = pkg.records.map((l) => JSON.parse(l) as { kind: string; ftmId: string | null });
    expect(records.filter((r) => r.kind === 'entity')).toHaveLength(pkgJson.counts.entities);
    // Every record that has an FtM line names it.
    const ids = new Set(pkg.lines.map((l) => l.id));
    for (const r of records) if (r.ftmId !== null) expect(ids.has(r.ftmId)).toBe(true);

    const receiver = await fileScopedVault();
    try {
      const r = await importPackage(receiver.ws, pkg.dir, { trustSigner: f.vault.fingerprint });
      expect(r.claims).toBe(pkg.claims.length);
      expect(r.entities).toBe(pkgJson.counts.entities);
      expect(r.links).toBe(records.filter((x) => x.kind === 'link').length);
      const birth = receiver.ws.entities.list(r.caseId).find((e) => e.data.name === 'Awkward Person');
      // The record itself came across as it was, with what FtM could not carry.
      expect(birth?.data.external?.extra?.birthDate).toEqual(['15/03/1980']);
    } finally {
      receiver.dispose();
    }
  });
});
