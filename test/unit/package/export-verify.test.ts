/**
 * An exported package verifies (folder, .tar, .tar.gz, encrypted), and every kind of tampering is rejected with
 * the right file named: a bit flipped in any payload or tag file, a file deleted or added, bag-info edited, the
 * signature swapped for another vault's, the archive truncated; a custody log edited and re-signed is caught by
 * the chain itself. Cancelling an export leaves nothing.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../main/core/workspace';
import { sha256Hex, sha512Hex } from '../../../main/core/crypto/hash';
import { signDetached } from '../../../main/core/crypto/sign';
import { exportPackage, recipientKey, verifyBag, type BagReport, type ExportResult } from '../../../main/core/exchange/package';
import { serializeManifest } from '../../../main/core/exchange/package/manifest';
import { ORG, fileScopedVault, packageFixture, type PackageFixture } from '../../helpers/package-fixture';
import { rejectsWith } from '../../helpers/errors';

let f: PackageFixture;
let work: string;
let bag: string;
let exported: ExportResult;
let other: { pkg: string; ws: Workspace; dispose(): void };

const explain = (r: BagReport) => r.problems.map((p) => `${p.severity} ${p.file}: ${p.reason}`).join('\n');
const errorFiles = (r: BagReport) => new Set(r.problems.filter((p) => p.severity === 'error').map((p) => p.file));

function filesOf(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((n) => {
    const p = rel ? `${rel}/${n}` : n;
    return statSync(join(dir, p)).isDirectory() ? filesOf(dir, p) : [p];
  });
}

let copies = 0;
function copyOfBag(): string {
  const d = join(work, `copy-${copies++}`);
  cpSync(bag, d, { recursive: true });
  return d;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sanctum-pkg-'));
  f = await packageFixture();
  bag = join(work, 'panel-bag');
  exported = await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: bag, organization: ORG });
  const o = await fileScopedVault();
  const ows = o.ws;
  const c = ows.cases.create({ name: 'Other case' });
  await ows.evidence.intake([Buffer.from('other vault evidence')], { caseId: c.id, originalName: 'x.txt' });
  const pkg = join(work, 'other-bag');
  await exportPackage(ows, { caseId: c.id, selection: { case: true }, profile: 'panel', outPath: pkg, organization: ORG });
  other = { pkg, ws: ows, dispose: o.dispose };
});

afterAll(() => {
  f?.dispose();
  other?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an exported package', () => {
  it('verifies, as a folder, a .tar, a .tar.gz and encrypted', async () => {
    const r = await verifyBag(bag);
    expect(r.valid, explain(r)).toBe(true);
    expect(r.problems, explain(r)).toEqual([]);
    expect(r.sanctum).toMatchObject({
      packageId: exported.packageId,
      disclosureProfile: 'panel',
      signer: { algorithm: 'Ed25519', fingerprint: f.vault.fingerprint },
      signatureValid: true,
      signedManifestSha256: exported.manifestSha256,
      custody: { valid: true },
      items: exported.items.length,
      withheld: exported.withheld.length,
    });
    expect(r.sanctum!.logHead).toMatchObject({ valid: true });
    for (const name of ['pkg.tar', 'pkg.tar.gz']) {
      const out = join(work, name);
      const e = await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: out, organization: ORG });
      const a = await verifyBag(out);
      expect(a.valid, explain(a)).toBe(true);
      expect(a.format).toBe(name.endsWith('.gz') ? 'tar.gz' : 'tar');
      expect(a.sanctum?.signedManifestSha256).toBe(e.manifestSha256);
      expect(e.fileSha256).toBe(sha256Hex(readFileSync(out)));
    }
    const key = recipientKey(other.ws.repo);
    const enc = join(work, 'pkg.sanctum');
    await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: enc, organization: ORG, recipients: [key.text] });
    expect((await verifyBag(enc, { recipient: key })).valid).toBe(true);
    const locked = await verifyBag(enc);
    expect(locked.valid).toBe(false);
    expect(locked.problems[0]!.reason).toMatch(/encrypted/);
  });

  it('has the layout the profile describes, with the custody chain of every item ending in this export', () => {
    const files = filesOf(bag).sort();
    for (const required of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt', 'sanctum/custody.jsonl', 'sanctum/log-head.json', 'sanctum/signer.json', 'sanctum/signature.ed25519', 'data/metadata/items.json', 'data/metadata/items.csv', 'data/metadata/entities.ftm.jsonl', 'data/metadata/withheld.json', 'data/metadata/package.json']) {
      expect(files).toContain(required);
    }
    expect(files).not.toContain('fetch.txt');
    // Originals byte for byte: the photo as taken in at intake.
    const photo = exported.items.find((i) => i.path.endsWith('boat-photo.jpg'))!;
    expect(readFileSync(join(bag, photo.path)).toString()).toBe('evidence file boat-photo.jpg');
    expect(sha256Hex(readFileSync(join(bag, photo.path)))).toBe(f.ws.evidence.get(photo.id).data.file!.blob.sha256);
    const chains = readFileSync(join(bag, 'sanctum/custody.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; custody: { item: string }; details?: { packageId?: string } });
    for (const item of exported.items) {
      const chain = chains.filter((e) => e.custody.item === item.id);
      expect(['custody.intake', 'custody.statement_recorded']).toContain(chain[0]!.action);
      expect(chain.at(-1)).toMatchObject({ action: 'custody.exported', details: { packageId: exported.packageId } });
    }
    // The export is in the vault's own chain too.
    expect(f.ws.evidence.custody(photo.id).some((e) => e.action === 'custody.exported' && (e.details as { packageId?: string }).packageId === exported.packageId)).toBe(true);
    const head = JSON.parse(readFileSync(join(bag, 'sanctum/log-head.json'), 'utf8')) as { reason: string };
    expect(head.reason).toBe('export');
    expect(f.vault.audit.verify().ok).toBe(true);
  });
});

describe('tampering is rejected with the right file named', () => {
  it('one bit flipped in any payload or tag file', async () => {
    for (const file of filesOf(bag)) {
      const d = copyOfBag();
      const bytes = readFileSync(join(d, file));
      // A bit in the middle: inside the content, not only in the last line ending.
      bytes[Math.floor(bytes.length / 2)]! ^= 0x04;
      writeFileSync(join(d, file), bytes);
      const r = await verifyBag(d);
      expect(r.valid, `${file} flipped:\n${explain(r)}`).toBe(false);
      expect(errorFiles(r), `${file} flipped:\n${explain(r)}`).toContain(file);
      rmSync(d, { recursive: true });
    }
  });

  it('a file deleted, a payload or tag file added, bag-info edited', async () => {
    for (const file of ['data/metadata/items.csv', exported.items[0]!.path, 'sanctum/log-head.json', 'bag-info.txt']) {
      const d = copyOfBag();
      rmSync(join(d, file));
      const r = await verifyBag(d);
      expect(r.valid).toBe(false);
      expect(errorFiles(r), `${file} deleted:\n${explain(r)}`).toContain(file);
    }
    for (const file of ['data/evidence/extra.pdf', 'sanctum/notes.txt', 'notes.txt', 'fetch.txt']) {
      const d = copyOfBag();
      writeFileSync(join(d, file), file === 'fetch.txt' ? 'https://example.org/x - data/x\n' : 'added later');
      const r = await verifyBag(d);
      expect(r.valid).toBe(false);
      expect(errorFiles(r), `${file} added:\n${explain(r)}`).toContain(file);
    }
    const d = copyOfBag();
    writeFileSync(join(d, 'bag-info.txt'), readFileSync(join(d, 'bag-info.txt'), 'utf8').replace('Source-Organization: UN Panel', 'Source-Organization: A Forger'));
    const r = await verifyBag(d);
    expect(r.valid).toBe(false);
    expect(errorFiles(r)).toEqual(new Set(['bag-info.txt']));
  });

  it("the signature swapped for another vault's", async () => {
    const d = copyOfBag();
    cpSync(join(other.pkg, 'sanctum/signature.ed25519'), join(d, 'sanctum/signature.ed25519'));
    const r = await verifyBag(d);
    expect(r.valid).toBe(false);
    expect(errorFiles(r)).toEqual(new Set(['sanctum/signature.ed25519']));
    // With the other vault's key description too: the signed manifest no longer matches signer.json.
    cpSync(join(other.pkg, 'sanctum/signer.json'), join(d, 'sanctum/signer.json'));
    const both = await verifyBag(d);
    expect(both.valid).toBe(false);
    expect(errorFiles(both)).toContain('sanctum/signer.json');
    expect(both.sanctum!.signer!.fingerprint).toBe(other.ws.ctx.vault.fingerprint);
    // A verifier told whom to expect refuses another signer even on an intact package.
    const wrong = await verifyBag(other.pkg, { expectSigner: f.vault.fingerprint });
    expect(wrong.valid).toBe(false);
    expect(errorFiles(wrong)).toEqual(new Set(['sanctum/signer.json']));
    expect((await verifyBag(bag, { expectSigner: f.vault.fingerprint.toLowerCase().replace(/ /g, '') })).valid).toBe(true);
  });

  it('the archive truncated', async () => {
    const tarPath = join(work, 'trunc.tar');
    const e = await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: tarPath, organization: ORG });
    const full = statSync(tarPath).size;
    // Inside the first payload file's bytes (after its 512-byte header), and at the end-of-archive marker.
    for (const [cut, named] of [
      [512 + 10, e.items[0]!.path],
      [full - 1024, '(archive)'],
    ] as const) {
      const p = join(work, `trunc-${cut}.tar`);
      writeFileSync(p, readFileSync(tarPath).subarray(0, cut));
      const r = await verifyBag(p);
      expect(r.valid).toBe(false);
      expect(errorFiles(r), explain(r)).toContain(named);
    }
    const gz = join(work, 'trunc.tar.gz');
    await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: gz, organization: ORG });
    truncateSync(gz, statSync(gz).size - 200);
    const r = await verifyBag(gz);
    expect(r.valid).toBe(false);
    expect(r.problems.some((p) => p.file === '(archive)' && /truncated/.test(p.reason))).toBe(true);
  });

  it('a custody excerpt edited and the package re-signed with the vault key is caught by the chain', async () => {
    const d = copyOfBag();
    const lines = readFileSync(join(d, 'sanctum/custody.jsonl'), 'utf8').trim().split('\n');
    // Drop the intake of the first item (hiding where it came from), and alter what another entry says.
    const firstItem = exported.items[0]!.id;
    const kept = lines.filter((l) => !(l.includes('"custody.intake"') && l.includes(`"item":"${firstItem}"`)));
    const edited = kept.map((l) => (l.includes('"custody.viewed"') ? l.replace('"purpose":"view"', '"purpose":"preview"') : l));
    writeFileSync(join(d, 'sanctum/custody.jsonl'), `${edited.join('\n')}\n`);
    // Re-sign as an insider holding the key would.
    const tagFiles = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'sanctum/custody.jsonl', 'sanctum/log-head.json', 'sanctum/signer.json'];
    for (const [alg, h] of [['sha256', sha256Hex], ['sha512', sha512Hex]] as const) {
      writeFileSync(join(d, `tagmanifest-${alg}.txt`), serializeManifest(tagFiles.map((t) => ({ path: t, checksum: h(readFileSync(join(d, t))) }))));
    }
    writeFileSync(join(d, 'sanctum/signature.ed25519'), signDetached(readFileSync(join(d, 'tagmanifest-sha512.txt')), f.vault.signer().secretKey));
    const r = await verifyBag(d);
    expect(r.valid).toBe(false);
    expect(r.sanctum!.signatureValid).toBe(true);
    expect(r.sanctum!.custody.valid).toBe(false);
    expect(r.problems.filter((p) => p.severity === 'error').every((p) => p.file === 'sanctum/custody.jsonl'), explain(r)).toBe(true);
    expect(explain(r)).toMatch(new RegExp(`item ${firstItem}: the chain does not start at intake`));
  });
});

describe('export', () => {
  it('refuses to overwrite, and a cancel leaves nothing behind (and says so in the custody chains)', async () => {
    await rejectsWith(exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'panel', outPath: bag, organization: ORG }), { code: 'CONFLICT' });
    const before = new Set(readdirSync(work));
    const ctrl = new AbortController();
    const out = join(work, 'cancelled.tar');
    await rejectsWith(
      exportPackage(f.ws, {
        caseId: f.fx.caseId,
        selection: { case: true },
        profile: 'panel',
        outPath: out,
        organization: ORG,
        signal: ctrl.signal,
        onProgress: (p) => {
          if (p.phase === 'signing') ctrl.abort();
        },
      }),
      { code: 'CANCELLED' },
    );
    expect(new Set(readdirSync(work))).toEqual(before);
    const last = f.ws.evidence.custody(exported.items[0]!.id).at(-1)!;
    expect(last.action).toBe('custody.export_abandoned');
    expect(f.vault.audit.verify().ok).toBe(true);
  });
});
