/**
 * The verifier against (1) our own fixture bags (test/fixtures/bags, built from scratch by build.ts) and (2) the
 * Library of Congress BagIt conformance suite in ../shared, when it is there. Each bag is checked as a folder and
 * again as a .tar.gz read as a stream, which must reach the same verdict.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { verifyBag } from '../../../main/core/exchange/package/verify';
import type { BagReport } from '../../../main/core/exchange/package/format';
import { REPO } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const files = (r: BagReport, severity: 'error' | 'warning') => [...new Set(r.problems.filter((p) => p.severity === severity).map((p) => p.file))];
const explain = (r: BagReport) => r.problems.map((p) => `${p.severity} ${p.file}: ${p.reason}`).join('\n');

async function asTarGz(bagDir: string): Promise<string> {
  const out = join(tempDir('sanctum-bagtar-'), 'bag.tar.gz');
  await tar.c({ gzip: true, file: out, cwd: join(bagDir, '..'), portable: true }, [bagDir.split('/').pop()!]);
  return out;
}

describe('own fixture bags (test/fixtures/bags)', () => {
  const root = join(REPO, 'test/fixtures/bags');
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<string, { valid: boolean; complete: boolean; errorFiles: string[]; warningFiles?: string[] }>;
  const bags = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());

  it('has an expectation for every bag and a bag for every expectation', () => {
    expect(bags.sort()).toEqual(Object.keys(expected).filter((k) => k !== '//').sort());
  });

  for (const name of bags) {
    it(`${name}: verdict and named files, as a folder and as a .tar.gz`, async () => {
      const want = expected[name]!;
      for (const path of [join(root, name), await asTarGz(join(root, name))]) {
        const r = await verifyBag(path);
        expect(r.valid, explain(r)).toBe(want.valid);
        expect(r.complete, explain(r)).toBe(want.complete);
        expect(files(r, 'error').sort(), explain(r)).toEqual([...want.errorFiles].sort());
        if (want.warningFiles) expect(files(r, 'warning').sort(), explain(r)).toEqual([...want.warningFiles].sort());
      }
    });
  }
});

const SUITE = join(REPO, '..', 'shared', 'bagit-conformance-suite');
const haveSuite = existsSync(SUITE);
if (!haveSuite) console.warn(`[conformance] SKIPPED: the Library of Congress BagIt conformance suite is not at ${SUITE}`);

describe.skipIf(!haveSuite)(haveSuite ? 'Library of Congress BagIt conformance suite' : 'Library of Congress BagIt conformance suite — SKIPPED (../shared/bagit-conformance-suite not found)', () => {
  const cases: { version: string; category: string; name: string; dir: string }[] = [];
  if (haveSuite) {
    for (const version of readdirSync(SUITE).filter((d) => /^v\d/.test(d))) {
      for (const category of readdirSync(join(SUITE, version))) {
        for (const name of readdirSync(join(SUITE, version, category))) cases.push({ version, category, name, dir: join(SUITE, version, category, name) });
      }
    }
  }
  // PROVENANCE.md: this bag lists data/.DS_Store, which the source repository lost; we put the (empty) file back.
  const QUIRK_MISSING_DS_STORE = 'v0.97/warning/special-system-files';

  it('covers every category the suite ships', () => {
    expect(new Set(cases.map((c) => c.category))).toEqual(new Set(['valid', 'invalid', 'warning', 'linux-only', 'windows-only']));
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  for (const c of cases) {
    const id = `${c.version}/${c.category}/${c.name}`;
    it(`${id} is ${c.category === 'valid' ? 'accepted' : c.category === 'warning' ? 'accepted with a warning' : 'rejected'}`, async () => {
      let dir = c.dir;
      if (id === QUIRK_MISSING_DS_STORE) {
        // As shipped it is incomplete, and we say so by name; restored, it is the warning case it was meant to be.
        const asShipped = await verifyBag(dir);
        expect(asShipped.valid).toBe(false);
        expect(files(asShipped, 'error')).toContain('data/.DS_Store');
        dir = join(tempDir('sanctum-quirk-'), c.name);
        cpSync(c.dir, dir, { recursive: true });
        writeFileSync(join(dir, 'data', '.DS_Store'), '');
      }
      for (const path of [dir, await asTarGz(dir)]) {
        const r = await verifyBag(path);
        switch (c.category) {
          case 'valid':
            expect(r.valid, explain(r)).toBe(true);
            break;
          case 'warning':
            expect(r.valid, explain(r)).toBe(true);
            expect(r.warnings, explain(r)).toBeGreaterThan(0);
            break;
          case 'invalid':
            expect(r.valid, explain(r)).toBe(false);
            break;
          case 'linux-only':
            // Must be rejected on Linux; our path rules do not depend on the platform, so it is rejected everywhere.
            expect(r.valid, explain(r)).toBe(false);
            break;
          case 'windows-only':
            // Backslashes and drive letters are refused on every platform: a package checked here is opened on Windows next.
            expect(r.valid, explain(r)).toBe(false);
            break;
        }
        for (const p of r.problems) expect(p.file.length, 'every problem names a file').toBeGreaterThan(0);
      }
    });
  }

  it('names the offending file or line for the rejected bags', async () => {
    const r = await verifyBag(join(SUITE, 'v0.97/invalid/corrupt-data-file'));
    expect(files(r, 'error')).toContain('data/bare-filename');
    const dup = await verifyBag(join(SUITE, 'v1.0/invalid/same-filename-listed-twice-with-the-same-hash'));
    expect(dup.problems.some((p) => p.file === 'manifest-sha256.txt' && /exactly once/.test(p.reason))).toBe(true);
    const dup097 = await verifyBag(join(SUITE, 'v0.97/warning/same-filename-listed-twice-with-the-same-hash'));
    expect(dup097.valid).toBe(true);
    expect(dup097.problems.some((p) => p.file === 'manifest-sha256.txt' && p.severity === 'warning')).toBe(true);
    const abs = await verifyBag(join(SUITE, 'v0.97/linux-only/out-of-scope-file-paths-using-absolute-path'));
    expect(abs.problems.find((p) => p.severity === 'error')).toMatchObject({ file: 'manifest-md5.txt', reason: expect.stringMatching(/line 3: the path is absolute/) });
  });
});
