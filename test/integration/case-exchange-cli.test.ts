/**
 * `sanctum case`, `import`, `export` and `evidence add` through the real bundled CLI, on vaults made in-process
 * at the KDF floor.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { unlockVault } from '../../main/core/vault/vault';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { cleanedFtm, ftmFileProblems, MALFORMED, multisets, NETWORK, readFtm } from '../helpers/ftm';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

const env = { env: { SANCTUM_PASSPHRASE: PASS } };
/** Each CLI run unlocks the vault (Argon2id at the floor): tests with several runs get room on a busy machine. */
const SLOW = 180_000;

function expectExit(r: CliResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`).toBe(code);
}

async function emptyVault(): Promise<string> {
  const { dir, vault } = await newTestVault();
  vault.close();
  return dir;
}

function sha256sum(path: string): string {
  try {
    return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(/\s+/)[0]!;
  } catch {
    return createHash('sha256').update(readFileSync(path)).digest('hex'); // no coreutils (Windows)
  }
}

describe('sanctum case', () => {
  it('creates cases and lists them with counts', async () => {
    const dir = await emptyVault();
    const made = await sanctum(['case', 'create', dir, 'Zawiya network', '--country', 'LY', '--country', 'er', '--description', 'Coastal smuggling', '--json'], env);
    expectExit(made, 0);
    const c = jsonOf<{ id: string; name: string; countries: string[]; description: string }>(made);
    expect(c).toMatchObject({ name: 'Zawiya network', countries: ['ly', 'er'], description: 'Coastal smuggling' });
    expect(c.id).toMatch(/^[0-9a-f]{32}$/);

    const dup = await sanctum(['case', 'create', dir, 'zawiya NETWORK', '--json'], env);
    expectExit(dup, 1);
    expect(jsonOf(dup)).toMatchObject({ error: { code: 'CONFLICT' } });
    expectExit(await sanctum(['case', 'create', dir, 'Other', '--country', 'Libya'], env), 2);

    expectExit(await sanctum(['import', dir, NETWORK, '--format', 'ftm', '--case', c.id], env), 0);
    const list = await sanctum(['case', 'list', dir, '--json'], env);
    expectExit(list, 0);
    expect(jsonOf<{ cases: unknown[] }>(list).cases).toEqual([expect.objectContaining({ id: c.id, name: 'Zawiya network', counts: { entity: 14, link: 18, designation: 1 } })]);
    const text = await sanctum(['case', 'list', dir], env);
    expect(text.stdout).toMatch(/^Zawiya network\s+[0-9a-f]{32}\s+14\s+18\s+0\s+0\s+open$/m);
  }, SLOW);
});

describe('sanctum import / export', () => {
  it('imports FtM into the default case and exports it back, refusing to overwrite without --force', async () => {
    const dir = await emptyVault();
    const imp = await sanctum(['import', dir, NETWORK, '--format', 'ftm', '--json'], env);
    expectExit(imp, 0);
    expect(jsonOf(imp)).toMatchObject({ format: 'ftm', lines: 33, imported: { entities: 14, links: 18, events: 0, designations: 1, kept: 0, skipped: 0 }, rejected: [], aborted: false });
    const human = await sanctum(['import', dir, NETWORK, '--format', 'FTM'], env);
    expectExit(human, 1); // the same ids again: every line rejected
    expect(human.stdout).toMatch(/^Nothing imported: 33 line\(s\) of 33 rejected/);
    expect(human.stdout).toMatch(/^ {2}line 1: id "zn-own-horizon-falcon" is already in this case/m);

    const out = join(tempDir(), 'network-out.ftm.jsonl');
    const ex = await sanctum(['export', dir, '--format', 'ftm', '--out', out, '--json'], env);
    expectExit(ex, 0);
    const report = jsonOf<{ entities: number; links: number; sha256: string }>(ex);
    expect(report).toMatchObject({ entities: 14, links: 18 });
    expect(report.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    const original = new Map(readFtm(NETWORK).map((e) => [e.id, e]));
    // Valid FtM: each line as it came in, normalised as FtM does; the Ownership of a wallet (not an Asset) that
    // the fixture holds goes out as an UnknownLink.
    expect(ftmFileProblems(readFtm(out))).toEqual([]);
    for (const e of readFtm(out)) {
      if (e.schema === 'UnknownLink' && original.get(e.id)!.schema === 'Ownership') continue;
      expect(multisets(e.properties), e.id).toEqual(multisets(cleanedFtm(original.get(e.id)!).properties));
    }

    const again = await sanctum(['export', dir, '--format', 'ftm', '--out', out], env);
    expectExit(again, 1);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const forced = await sanctum(['export', dir, '--format', 'ftm', '--out', out, '--force', '--case', 'Default'], env);
    expectExit(forced, 0);
    expect(forced.stdout).toMatch(/^Exported case "Default" to .*: 14 entities, 18 relationships, 1 sanction\.$/m);
  }, SLOW);

  it('exits 1 with every rejection when lines are rejected; --valid-lines imports the rest', async () => {
    const dir = await emptyVault();
    const r = await sanctum(['import', dir, MALFORMED, '--format', 'ftm', '--json'], env);
    expectExit(r, 1);
    const report = jsonOf<{ aborted: boolean; rejected: { line: number; reason: string }[]; imported: { entities: number } }>(r);
    expect(report.aborted).toBe(true);
    expect(report.rejected.map((x) => x.line)).toEqual([3, 4, 5, 7, 8, 9, 10, 11, 12, 18]);
    expect(report.imported.entities).toBe(0);

    const valid = await sanctum(['import', dir, MALFORMED, '--format', 'ftm', '--valid-lines', '--json'], env);
    expectExit(valid, 1);
    expect(jsonOf(valid)).toMatchObject({ aborted: false, imported: { entities: 5, links: 2, designations: 1, skipped: 0 } });
    const vault = await unlockVault(dir, PASS);
    const ws = new Workspace(vault);
    expect(ws.repo.countOfKind('entity')).toBe(5);
    vault.close();
  }, SLOW);

  it('--case NAME creates the case when there is none, says so, and uses it the next time', async () => {
    const dir = await emptyVault();
    const first = await sanctum(['import', dir, NETWORK, '--format', 'ftm', '--case', 'Zawiya network'], env);
    expectExit(first, 0);
    expect(first.stdout).toMatch(/^Created case "Zawiya network"\.$/m);
    expect(first.stdout).toMatch(/^Imported 14 entities and 18 relationships, 1 designations into case "Zawiya network"/m);
    const other = await sanctum(['import', dir, MALFORMED, '--format', 'ftm', '--case', 'zawiya NETWORK', '--valid-lines', '--json'], env);
    expectExit(other, 1);
    expect(jsonOf(other)).toMatchObject({ caseCreated: false, warnings: [{ line: 15, property: 'nationality', value: '42' }] });
    // An id is never taken for a new case's name.
    const byId = await sanctum(['import', dir, NETWORK, '--format', 'ftm', '--case', '0123456789abcdef0123456789abcdef', '--json'], env);
    expectExit(byId, 1);
    expect(jsonOf(byId)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const list = jsonOf<{ cases: { name: string }[] }>(await sanctum(['case', 'list', dir, '--json'], env));
    expect(list.cases.map((c) => c.name)).toEqual(['Zawiya network']);
  }, SLOW);

  it('checks --format: required, and an unknown one is a usage error naming the allowed ones', async () => {
    const dir = tempDir();
    const unknown = await sanctum(['import', dir, NETWORK, '--format', 'graphml']);
    expectExit(unknown, 2);
    expect(unknown.stderr).toMatch(/unknown format "graphml" for import; allowed: ftm/);
    const missing = await sanctum(['export', dir, '--out', join(dir, 'x')]);
    expectExit(missing, 2);
    expect(missing.stderr).toMatch(/--format is required \(ftm, graphml, gexf\)/);
    expectExit(await sanctum(['export', dir, '--format', 'ftm']), 2);
  });
});

describe('sanctum evidence add', () => {
  it('prints each item’s id and a SHA-256 equal to sha256sum of the file', async () => {
    const dir = await emptyVault();
    const files = tempDir();
    const a = join(files, 'ledger.csv');
    const b = join(files, 'photo.jpg');
    writeFileSync(a, 'date,amount\n2017-03-01,50000\n');
    writeFileSync(b, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 9)]));
    const r = await sanctum(['evidence', 'add', dir, a, b, '--json'], env);
    expectExit(r, 0);
    const out = jsonOf<{ caseId: string; items: { file: string; id: string; sha256: string; size: number; mediaType: string }[] }>(r);
    expect(out.items.map((i) => i.file)).toEqual([a, b]);
    expect(out.items[0]!.sha256).toBe(sha256sum(a));
    expect(out.items[1]!.sha256).toBe(sha256sum(b));
    expect(out.items[1]).toMatchObject({ size: 300_004, mediaType: 'image/jpeg' });
    for (const i of out.items) expect(i.id).toMatch(/^[0-9a-f]{32}$/);

    // Text mode: sha256sum-style lines; --title for one file; --source must name a source of the case.
    const c = await sanctum(['evidence', 'add', dir, a, '--title', 'Ledger page 4', '--case', 'Default'], env);
    expectExit(c, 0);
    expect(c.stdout).toMatch(new RegExp(`^${sha256sum(a)} {2}${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}\\(evidence [0-9a-f]{32}\\)$`, 'm'));
    expectExit(await sanctum(['evidence', 'add', dir, a, b, '--title', 'One title'], env), 2);
    const badSource = await sanctum(['evidence', 'add', dir, a, '--source', 'f'.repeat(32), '--json'], env);
    expectExit(badSource, 1);
    expect(jsonOf(badSource)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const missing = await sanctum(['evidence', 'add', dir, join(files, 'nope.pdf')], env);
    expectExit(missing, 1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.pdf/);

    const vault = await unlockVault(dir, PASS);
    const ws = new Workspace(vault);
    const items = ws.evidence.list(out.caseId);
    expect(items.map((i) => i.data.title).sort()).toEqual(['Ledger page 4', 'ledger.csv', 'photo.jpg']);
    vault.close();
  }, SLOW);
});
