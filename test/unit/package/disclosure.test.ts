/**
 * Disclosure profiles. The byte-level guarantee: under panel and public no protected witness's real name is in
 * any file of the package, in UTF-8 or UTF-16, in any case. Redaction never alters an original: statements go
 * out as working copies, a file naming a witness is replaced by its redacted copy or withheld, and every withheld
 * item is listed with its reason.
 */
import { readFileSync, readdirSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPackage, planPackage, verifyBag, type DisclosureProfile, type ExportResult } from '../../../main/core/exchange/package';
import { sha256Hex } from '../../../main/core/crypto/hash';
import { findString } from '../../helpers/files';
import { NAMED_WITNESS, ORG, WITNESS_NAME, WITNESS_OTHER_NAME, packageFixture, type PackageFixture } from '../../helpers/package-fixture';
import { rejectsWith } from '../../helpers/errors';

let f: PackageFixture;
let work: string;
const out: Partial<Record<DisclosureProfile, { dir: string; result: ExportResult }>> = {};

function everyFile(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? everyFile(p) : [{ path: p, bytes: readFileSync(p) }];
  });
}

/** Every casing a leak could take, each searched in UTF-8, UTF-16LE and UTF-16BE. */
function leaks(dir: string, name: string): string[] {
  const forms = new Set([name, name.toLowerCase(), name.toUpperCase()]);
  return everyFile(dir).flatMap((file) => [...forms].flatMap((n) => findString(file.bytes, n).map((enc) => `${file.path.slice(dir.length + 1)} (${enc}: ${n})`)));
}

const items = (p: DisclosureProfile) => JSON.parse(readFileSync(join(out[p]!.dir, 'data/metadata/items.json'), 'utf8')).items as { id: string; path: string; type: string; derivedFrom: { id: string; type: string } | null; author: string | null }[];
const withheld = (p: DisclosureProfile) => JSON.parse(readFileSync(join(out[p]!.dir, 'data/metadata/withheld.json'), 'utf8')).items as { id: string; code: string; reason: string }[];

beforeAll(async () => {
  f = await packageFixture();
  work = mkdtempSync(join(tmpdir(), 'sanctum-disclosure-'));
  for (const profile of ['prosecutor', 'panel', 'public'] as const) {
    const dir = join(work, profile);
    out[profile] = { dir, result: await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile, outPath: dir, organization: ORG }) };
  }
});

afterAll(() => {
  f?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('no protected name leaves the vault', () => {
  it('under panel and public: no witness name in any file, in UTF-8 or UTF-16, in any case', () => {
    for (const p of ['panel', 'public'] as const) {
      for (const name of [WITNESS_NAME, WITNESS_OTHER_NAME, NAMED_WITNESS]) expect(leaks(out[p]!.dir, name), `${p}: ${name}`).toEqual([]);
    }
  });
  it('under prosecutor: only the witness who consented to be named, and only in their statement', () => {
    expect(leaks(out.prosecutor!.dir, WITNESS_NAME)).toEqual([]);
    expect(leaks(out.prosecutor!.dir, WITNESS_OTHER_NAME)).toEqual([]);
    const named = leaks(out.prosecutor!.dir, NAMED_WITNESS);
    expect(named.length).toBeGreaterThan(0);
    const statement = items('prosecutor').find((i) => i.derivedFrom?.id === f.ids.namedStatement)!;
    expect(named.every((l) => l.startsWith(statement.path) || l.startsWith('data/metadata/items'))).toBe(true);
    expect(statement.author).toBe(NAMED_WITNESS);
  });
  it('the packages still verify', async () => {
    for (const p of ['prosecutor', 'panel', 'public'] as const) expect((await verifyBag(out[p]!.dir)).valid).toBe(true);
  });
});

describe('what each profile releases and withholds', () => {
  it('prosecutor: statements shared with consent (pseudonym unless naming is allowed); no statement without consent', () => {
    const rows = items('prosecutor');
    const w = withheld('prosecutor');
    expect(w.find((x) => x.id === f.ids.privateStatement)).toMatchObject({ code: 'no_prosecutor_consent' });
    const pseudonymous = rows.find((r) => r.derivedFrom?.id === f.fx.statementId)!;
    expect(pseudonymous).toMatchObject({ type: 'statement', author: 'W-017', derivedFrom: { type: 'redacted' } });
    const text = readFileSync(join(out.prosecutor!.dir, pseudonymous.path), 'utf8');
    expect(text).toContain('My name is W-017; people call me W-017.');
    expect(rows.find((r) => r.derivedFrom?.id === f.ids.namedStatement)!.derivedFrom!.type).toBe('converted');
  });
  it('panel: pseudonyms only; statements without listing consent withheld', () => {
    const rows = items('panel');
    expect(rows.filter((r) => r.type === 'statement').map((r) => r.author).sort()).toEqual(['W-017', 'W-018']);
    expect(withheld('panel').find((x) => x.id === f.ids.privateStatement)).toMatchObject({ code: 'no_listing_consent' });
  });
  it('public: no statements, no confidential originals; the non-confidential document and releasable claims only', () => {
    const rows = items('public');
    expect(rows.map((r) => r.id)).toEqual([f.ids.publicDoc]);
    const codes = new Map(withheld('public').map((w) => [w.id, w.code]));
    for (const s of [f.fx.statementId, f.ids.namedStatement, f.ids.privateStatement]) expect(codes.get(s)).toBe('public_statement');
    for (const e of Object.values(f.fx.evidence)) expect(codes.get(e)).toBe('confidential');
    // Claims are not FtM: they are in claims.jsonl, and only the releasable one.
    const claims = readFileSync(join(out.public!.dir, 'data/metadata/claims.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; data: { releasable?: boolean } });
    expect(claims.length).toBe(1);
    expect(claims.every((c) => c.kind === 'claim' && c.data.releasable)).toBe(true);
    expect(readFileSync(join(out.public!.dir, 'data/metadata/entities.ftm.jsonl'), 'utf8')).not.toMatch(/SanctumClaim|"claim"/);
    // Titles of withheld items are not given out publicly.
    expect(withheld('public').every((w) => (w as { title?: string | null }).title === null)).toBe(true);
  });
  it('a file naming a witness goes as its clean redacted copy, or is withheld; every selected item is accounted for', () => {
    for (const p of ['prosecutor', 'panel'] as const) {
      const rows = items(p);
      expect(rows.some((r) => r.id === f.ids.nameWithCopy)).toBe(false);
      expect(rows.find((r) => r.id === f.ids.redactedCopy)).toMatchObject({ derivedFrom: { id: f.ids.nameWithCopy, type: 'redacted' } });
      expect(withheld(p).find((w) => w.id === f.ids.nameUtf16)).toMatchObject({ code: 'witness_name', reason: expect.stringMatching(/protected witness's name/) });
      const accounted = new Set([...rows.map((r) => r.derivedFrom?.id ?? r.id), ...withheld(p).map((w) => w.id)]);
      for (const e of f.ws.evidence.list(f.fx.caseId)) if (!e.data.derivedFrom) expect(accounted.has(e.id), `${p}: ${e.data.title}`).toBe(true);
    }
  });
  it('claims keep citations of withheld items by id only, without the quoted excerpt', () => {
    const text = readFileSync(join(out.panel!.dir, 'data/metadata/claims.jsonl'), 'utf8');
    expect(text).toContain('"evidenceId"');
    expect(text).not.toContain('was on the list');
  });
});

describe('originals are never altered', () => {
  it('statements and originals keep their hashes; renderings are working copies, reused when identical', async () => {
    const original = f.ws.evidence.get(f.ids.nameWithCopy).data.file!.blob;
    expect(sha256Hex(await f.vault.blobs.readAll(original.blobId))).toBe(original.sha256);
    const copies = () => f.ws.evidence.workingCopies(f.fx.statementId);
    const before = copies().length;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(copies().every((c) => c.data.derivedFrom?.type === 'redacted' && c.data.file?.mediaType === 'text/plain')).toBe(true);
    await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: join(work, 'again'), organization: ORG });
    expect(copies().length).toBe(before);
    expect(f.ws.evidence.get(f.fx.statementId).data.statement!.text).toContain(WITNESS_NAME);
    expect(f.vault.audit.verify().ok).toBe(true);
  });
});

describe('the criteria-assessment hook', () => {
  it('adds its files under data/assessments, and a witness name in them stops the export before anything is written', async () => {
    const dir = join(work, 'assessed');
    const r = await exportPackage(f.ws, {
      caseId: f.fx.caseId,
      selection: { case: true },
      profile: 'panel',
      outPath: dir,
      organization: ORG,
      assessments: (plan) => [{ name: 'criteria.json', bytes: Buffer.from(JSON.stringify({ entities: plan.entities.length })) }],
    });
    expect(readFileSync(join(dir, 'data/assessments/criteria.json'), 'utf8')).toMatch(/"entities":\d+/);
    expect(readFileSync(join(dir, 'manifest-sha512.txt'), 'utf8')).toContain('data/assessments/criteria.json');
    expect((await verifyBag(dir)).valid).toBe(true);
    expect(r.items.length).toBeGreaterThan(0);
    const leaky = join(work, 'leaky');
    await rejectsWith(
      exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: leaky, organization: ORG, assessments: () => [{ name: 'x.txt', bytes: Buffer.from(`witness ${WITNESS_NAME}`, 'utf16le') }] }),
      { code: 'FORBIDDEN', where: /data\/assessments\/x\.txt/ },
    );
    expect(readdirSync(work).some((n) => n.includes('leaky'))).toBe(false);
  });
});

describe('selection and guards', () => {
  it('exports what a claim or an entity rests on', () => {
    const plan = planPackage(f.ws, { caseId: f.fx.caseId, selection: { claimIds: [f.fx.claims.linkCommands] }, profile: 'panel' });
    expect(plan.items.map((i) => i.evidence.id)).toEqual([f.fx.evidence.ledger]);
    expect(plan.entities.map((e) => e.id).sort()).toEqual([f.fx.e.milad, f.fx.e.coastguard].sort());
    const byEntity = planPackage(f.ws, { caseId: f.fx.caseId, selection: { entityIds: [f.fx.e.dabbashi] }, profile: 'panel' });
    expect(byEntity.links.map((l) => l.id).sort()).toEqual([f.fx.links.member, f.fx.links.paid].sort());
    expect(() => planPackage(f.ws, { caseId: f.fx.caseId, selection: {}, profile: 'panel' })).toThrow(/choose what to export/);
  });
  it("a working copy chosen by hand goes with its original's chain of custody", async () => {
    const dir = join(work, 'copy-only');
    const r = await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { evidenceIds: [f.ids.redactedCopy] }, profile: 'panel', outPath: dir, organization: ORG });
    expect(r.items.map((i) => i.id)).toEqual([f.ids.redactedCopy]);
    const v = await verifyBag(dir);
    expect(v.valid, v.problems.map((p) => p.reason).join('\n')).toBe(true);
    expect(v.sanctum!.custody.items).toBe(2);
  });
  it('needs the witness compartment open when the case has witnesses, and writes nothing otherwise', async () => {
    f.vault.lockWitness();
    try {
      await rejectsWith(exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: join(work, 'locked'), organization: ORG }), { code: 'COMPARTMENT_LOCKED' });
      expect(readdirSync(work).some((n) => n.includes('locked'))).toBe(false);
    } finally {
      await f.vault.unlockWitness('witness compartment phrase');
    }
  });
});
