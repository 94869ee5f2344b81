/**
 * The no-name guarantee holds for every output format, not only folders: under panel and public, no protected
 * witness name is anywhere in a .tar, inside a .tar.gz once decompressed, or inside an encrypted package once
 * decrypted (tar headers included, where a file name could carry one). And the export preview, which the
 * wizard shows before anything is written, says what happens to each witness identity without naming anyone.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptStream, exportPackage, previewPackage, recipientKey, type DisclosureProfile } from '../../../main/core/exchange/package';
import { findString } from '../../helpers/files';
import { NAMED_WITNESS, ORG, WITNESS_NAME, WITNESS_OTHER_NAME, packageFixture, type PackageFixture } from '../../helpers/package-fixture';

let f: PackageFixture;
let work: string;

beforeAll(async () => {
  f = await packageFixture();
  work = mkdtempSync(join(tmpdir(), 'sanctum-disclosure-archives-'));
});

afterAll(() => {
  f?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

function leaks(bytes: Buffer, names: readonly string[]): string[] {
  return names.flatMap((name) => [...new Set([name, name.toLowerCase(), name.toUpperCase()])].flatMap((n) => findString(bytes, n).map((enc) => `${enc}: ${n}`)));
}

async function decrypted(path: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of decryptStream(createReadStream(path), recipientKey(f.ws.repo), path)) parts.push(c);
  return Buffer.concat(parts);
}

describe('no protected name inside any archive', () => {
  const names = [WITNESS_NAME, WITNESS_OTHER_NAME, NAMED_WITNESS];
  for (const profile of ['panel', 'public'] as const satisfies readonly DisclosureProfile[]) {
    it(`${profile}: .tar, .tar.gz (decompressed) and encrypted (decrypted) hold no witness name in any encoding or case`, async () => {
      const req = { caseId: f.fx.caseId, selection: { case: true }, profile, organization: ORG };
      const tar = join(work, `${profile}.tar`);
      const tgz = join(work, `${profile}.tar.gz`);
      const enc = join(work, `${profile}.sanctum`);
      await exportPackage(f.ws, { ...req, outPath: tar });
      await exportPackage(f.ws, { ...req, outPath: tgz });
      await exportPackage(f.ws, { ...req, outPath: enc, recipients: [recipientKey(f.ws.repo).text] });
      const contents = { tar: readFileSync(tar), 'tar.gz': gunzipSync(readFileSync(tgz)), encrypted: await decrypted(enc) };
      for (const [format, bytes] of Object.entries(contents)) {
        // A real archive with the statements and documents in it, so an empty result means something.
        expect(bytes.includes(Buffer.from('data/metadata/items.json')), format).toBe(true);
        expect(leaks(bytes, names), `${profile} ${format}`).toEqual([]);
      }
    });
  }

  it('the prosecutor archive does carry the consenting witness’s name (the search would find a leak)', async () => {
    const tar = join(work, 'prosecutor.tar');
    await exportPackage(f.ws, { caseId: f.fx.caseId, selection: { case: true }, profile: 'prosecutor', organization: ORG, outPath: tar });
    const bytes = readFileSync(tar);
    expect(leaks(bytes, [NAMED_WITNESS])).not.toEqual([]);
    expect(leaks(bytes, [WITNESS_NAME, WITNESS_OTHER_NAME])).toEqual([]);
  });
});

describe('export preview', () => {
  it('lists each witness identity as withheld (or named, with consent) by pseudonym, and never carries a name', () => {
    const req = { caseId: f.fx.caseId, selection: { case: true } };
    const panel = previewPackage(f.ws, { ...req, profile: 'panel' });
    const witnesses = f.ws.witnesses.list(f.fx.caseId);
    expect(panel.identities.map((i) => i.pseudonym).sort()).toEqual(witnesses.map((w) => w.data.pseudonym).sort());
    expect(panel.identities.every((i) => !i.disclosed && /pseudonym only/.test(i.reason))).toBe(true);

    const prosecutor = previewPackage(f.ws, { ...req, profile: 'prosecutor' });
    expect(prosecutor.identities.filter((i) => i.disclosed).map((i) => i.witnessId)).toEqual([f.ids.namedWitness]);
    expect(previewPackage(f.ws, { ...req, profile: 'public' }).identities.some((i) => i.disclosed)).toBe(false);

    for (const p of [panel, prosecutor]) {
      const text = JSON.stringify(p);
      for (const n of [WITNESS_NAME, WITNESS_OTHER_NAME, NAMED_WITNESS]) expect(text).not.toContain(n);
    }
    // The dry run agrees with the plan the export follows: the same items in, the same withheld.
    expect(panel.items.length + panel.withheld.length).toBeGreaterThan(0);
    expect(panel.withheld.map((w) => w.id)).toContain(f.ids.privateStatement);
  });
});
