/** `sanctum search` through the bundled CLI, over a vault holding the fixture case. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { initCrypto } from '../../main/core/crypto/sodium';
import { createVault } from '../../main/core/vault/vault';
import { buildFixtureCase, type FixtureCase } from '../helpers/case-fixture';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';

const env = { env: { SANCTUM_PASSPHRASE: PASS } };
// One vault for the whole file (test/helpers/tmp.ts would remove it after the first test).
const root = mkdtempSync(join(tmpdir(), 'sanctum-search-cli-'));
const dir = join(root, 'vault');
let f: FixtureCase;

beforeAll(async () => {
  await cliBundle();
  await initCrypto();
  const { vault } = await createVault(dir, { passphrase: PASS, witnessPassphrase: WITNESS_PASS, kdf: TEST_KDF });
  const ws = new Workspace(vault);
  f = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zz Secretname Tadesse' });
  ws.cases.create({ name: 'Second case' });
  vault.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function explain(r: CliResult): string {
  return `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
}

interface Out {
  query: string;
  case: { id: string; name: string } | null;
  tookMs: number;
  hits: { id: string; case: { id: string; name: string }; kind: string; name: string; matched: string | null; score: number }[];
}

describe('sanctum search', () => {
  it('finds a transliteration variant, with id, case, kind, name, matched alias and score', async () => {
    const r = await sanctum(['search', dir, 'Abdulrahman Milad', '--json'], env);
    expect(r.code, explain(r)).toBe(0);
    const out = jsonOf<Out>(r);
    expect(out.query).toBe('Abdulrahman Milad');
    expect(out.hits[0]).toEqual({
      id: f.e.milad,
      case: { id: f.caseId, name: 'Zawiya coast network' },
      kind: 'person',
      name: 'Abd Al-Rahman Al-Milad',
      matched: null,
      score: expect.any(Number),
    });
    expect(out.hits[0]!.score).toBeGreaterThan(0.9);
  });

  it('takes other scripts, --case by name or id, and --limit', async () => {
    const geez = jsonOf<Out>(await sanctum(['search', dir, 'ኤርምያስ', '--case', 'zawiya coast network', '--json'], env));
    expect(geez.case).toEqual({ id: f.caseId, name: 'Zawiya coast network' });
    expect(geez.hits[0]).toMatchObject({ id: f.e.ghermay, name: 'Ermias Ghermay' });
    const alias = jsonOf<Out>(await sanctum(['search', dir, 'al bija', '--case', f.caseId, '--json'], env));
    expect(alias.hits[0]).toMatchObject({ id: f.e.milad, matched: 'Al-Bija' });
    const one = jsonOf<Out>(await sanctum(['search', dir, 'Milad', '--limit', '1', '--json'], env));
    expect(one.hits).toHaveLength(1);
    const none = jsonOf<Out>(await sanctum(['search', dir, 'Milad', '--case', 'Second case', '--json'], env));
    expect(none.hits).toEqual([]);
  });

  it('prints a readable list without --json', async () => {
    const text = await sanctum(['search', dir, 'A. Al-Milad'], env);
    expect(text.code, explain(text)).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^\d\.\d\d {2}Abd Al-Rahman Al-Milad {2}person, case Zawiya coast network {2}[0-9a-f]{32}$/);
    const nothing = await sanctum(['search', dir, 'Zzyzx'], env);
    expect(nothing.stdout).toMatch(/No entity matches "Zzyzx"/);
  });

  it('never returns a witness identity', async () => {
    for (const text of ['Secretname', 'Zz Secretname Tadesse']) {
      const r = await sanctum(['search', dir, text, '--json'], env);
      expect(jsonOf<Out>(r).hits, text).toEqual([]);
    }
  });

  it('reports usage errors and unknown cases', async () => {
    const noCase = await sanctum(['search', dir, 'Milad', '--case', 'Nope', '--json'], env);
    expect(noCase.code, explain(noCase)).toBe(1);
    expect(jsonOf(noCase)).toEqual({ error: { code: 'NOT_FOUND', message: 'no case named "Nope"', where: 'Nope' } });
    const badLimit = await sanctum(['search', dir, 'Milad', '--limit', '0'], env);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be between 1 and 200/);
    const missing = await sanctum(['search', dir], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing <text>/);
    const help = await sanctum(['--help']);
    expect(help.stdout).toMatch(/search <dir> <text> \[--case NAME\|ID\] \[--limit N\]/);
  });
});
