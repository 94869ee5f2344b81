/**
 * Command-line conventions (issue 12, part 5): `sanctum --version`, a `bin` that works, `-` for standard input and
 * output, and relative paths meaning the caller's directory — also under `npm run sanctum`, which runs in the
 * package root (npm passes the caller's directory as INIT_CWD).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { bundleCli, CLI_BIN } from '../../build/scripts/lib/cli.mjs';
import { Workspace } from '../../main/core/workspace';
import { callerCwd } from '../../main/cli/io';
import { resolvePath } from '../../main/cli/registry';
import { buildFixtureCase } from '../helpers/case-fixture';
import { cliBundle, jsonOf, REPO, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };
const env = { SANCTUM_PASSPHRASE: PASS };
const explain = (r: { code?: number | null; status?: number | null; stdout: string; stderr: string }) => `exit ${r.code ?? r.status}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

beforeAll(async () => {
  await cliBundle();
});

/** A vault with the fixture case at `<parent>/vault`. */
async function vaultIn(parent: string) {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  ws.dispose();
  vault.close();
  cpSync(dir, join(parent, 'vault'), { recursive: true });
  return { dir: join(parent, 'vault'), f };
}

describe('sanctum --version and the bin', () => {
  it('prints the version from package.json', async () => {
    const r = await sanctum(['--version']);
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout).toBe(`sanctum ${pkg.version}\n`);
    const j = await sanctum(['--version', '--json']);
    expect(jsonOf(j)).toEqual({ name: 'sanctum', version: pkg.version });
    expect((await sanctum(['--help'])).stdout).toContain('sanctum --version');
  });

  it('has a bin entry whose bundle runs by itself (npm run build:cli writes it)', async () => {
    expect(pkg.bin).toEqual({ sanctum: CLI_BIN });
    expect(pkg.scripts['build:cli']).toBe('node build/scripts/build-cli.mjs');
    expect(pkg.scripts.sanctum).toBe('tsx main/cli/sanctum.ts');
    // Built beside the repo's node_modules, as dist/cli/ is, but in .tmp so the test leaves dist/ alone.
    const outDir = join(REPO, '.tmp', 'bin-test', `${process.pid}`);
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const { file } = await bundleCli({ outFile: join(outDir, 'sanctum.mjs') });
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(file).mode & 0o111).not.toBe(0);
    // Executed directly, as the link npm puts on the PATH is.
    const v = spawnSync(file, ['--version'], { encoding: 'utf8' });
    expect(v.status, explain(v)).toBe(0);
    expect(v.stdout).toBe(`sanctum ${pkg.version}\n`);
    const h = spawnSync(file, ['graph', 'export', '--help'], { encoding: 'utf8' });
    expect(h.stdout).toMatch(/--format F\s+graphml \(default\) or gexf/);
  });
});

describe('relative paths', () => {
  it('are resolved against INIT_CWD only when npm runs the sanctum script', () => {
    expect(callerCwd({ INIT_CWD: '/home/me/work', npm_lifecycle_event: 'sanctum' }, '/repo')).toBe('/home/me/work');
    // Inherited from another npm script (a test runner under `npm test`): not ours.
    expect(callerCwd({ INIT_CWD: '/home/me/work', npm_lifecycle_event: 'test' }, '/repo')).toBe('/repo');
    expect(callerCwd({}, '/repo')).toBe('/repo');
    expect(resolvePath('out/net.graphml', '/home/me/work')).toBe('/home/me/work/out/net.graphml');
    expect(resolvePath('/abs/net.graphml', '/home/me/work')).toBe('/abs/net.graphml');
    expect(resolvePath('-', '/home/me/work')).toBe('-');
  });

  it('mean the caller directory for the vault and the output, under npm run sanctum too', { timeout: 120_000 }, async () => {
    const caller = tempDir();
    const elsewhere = tempDir();
    const { f } = await vaultIn(caller);

    // As npm runs the script: in another directory (the package root), INIT_CWD = where the person typed it.
    const r = await sanctum(['graph', 'export', 'vault', '--out', 'net.graphml', '--json'], { env: { ...env, INIT_CWD: caller, npm_lifecycle_event: 'sanctum' }, cwd: elsewhere });
    expect(r.code, explain(r)).toBe(0);
    expect(jsonOf(r)).toMatchObject({ caseId: f.caseId, path: join(caller, 'net.graphml') });
    expect(existsSync(join(caller, 'net.graphml'))).toBe(true);
    expect(existsSync(join(elsewhere, 'net.graphml'))).toBe(false);

    // Without npm: the process's own directory.
    const plain = await sanctum(['graph', 'export', 'vault', '--out', 'plain.graphml'], { env, cwd: caller });
    expect(plain.code, explain(plain)).toBe(0);
    expect(existsSync(join(caller, 'plain.graphml'))).toBe(true);

    // The real thing: `npm run sanctum` from the caller's directory (npm --prefix finds the package).
    mkdirSync(join(caller, 'sub'));
    const npm = spawnSync('npm', ['--prefix', REPO, 'run', '-s', 'sanctum', '--', 'graph', 'export', '../vault', '--format', 'gexf', '--out', 'net.gexf'], {
      cwd: join(caller, 'sub'),
      env: { ...process.env, ...env, npm_lifecycle_event: undefined, INIT_CWD: undefined },
      encoding: 'utf8',
    });
    expect(npm.status, explain(npm)).toBe(0);
    expect(readFileSync(join(caller, 'sub', 'net.gexf'), 'utf8')).toContain('<gexf ');
    expect(existsSync(join(REPO, 'net.gexf'))).toBe(false);
  });
});

describe('- for standard input and output', () => {
  it('exports FtM to standard output and imports it from standard input', async () => {
    const a = await vaultIn(tempDir());
    const b = await vaultIn(tempDir());
    const out = await sanctum(['export', a.dir, '--format', 'ftm', '--out', '-'], { env });
    expect(out.code, explain(out)).toBe(0);
    expect(out.stderr).toMatch(/to standard output: 10 entities, 4 relationships/);
    const lines = out.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(14);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('schema');

    const created = await sanctum(['case', 'create', b.dir, 'Imported', '--json'], { env });
    expect(created.code, explain(created)).toBe(0);
    const imp: CliResult = await sanctum(['import', b.dir, '-', '--format', 'ftm', '--case', 'Imported', '--json'], { env, input: out.stdout });
    expect(imp.code, explain(imp)).toBe(0);
    expect(jsonOf(imp)).toMatchObject({ file: '-', imported: { entities: 10, links: 4 } });
  });

  it('reads --review from standard input', async () => {
    const a = await vaultIn(tempDir());
    const out = join(tempDir(), 'x.graphml');
    const ok = await sanctum(['graph', 'export', a.dir, '--out', out, '--review', '-'], { env, input: '[]' });
    expect(ok.code, explain(ok)).toBe(0);
    const bad = await sanctum(['graph', 'export', a.dir, '--out', out, '--force', '--review', '-'], { env, input: '{"decisions": [{"key": "nothex", "decision": "keep"}]}' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/review file -: decisions\.0\.key/);
  });

  it('takes evidence, a witness identity, a statement and a sanctions list from standard input', async () => {
    const { dir } = await vaultIn(tempDir());
    const wenv = { ...env, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS };
    const bytes = 'a field report, piped in\n';
    const ev = await sanctum(['evidence', 'add', dir, '-', '--title', 'report.txt', '--json'], { env, input: bytes });
    expect(ev.code, explain(ev)).toBe(0);
    const item = jsonOf<{ items: { sha256: string; title: string; file: string }[] }>(ev).items[0]!;
    // The SHA-256 of what was piped in, as sha256sum would print it.
    const { createHash } = await import('node:crypto');
    expect(item).toMatchObject({ file: '-', title: 'report.txt', sha256: createHash('sha256').update(bytes).digest('hex') });
    const twice = await sanctum(['evidence', 'add', dir, '-', '-'], { env, input: bytes });
    expect(twice.code).toBe(2);

    const w = await sanctum(['witness', 'add', dir, '--pseudonym', 'W-100', '--identity', '-', '--json'], { env: wenv, input: JSON.stringify({ givenName: 'Zz Piped', familyName: 'Zz Identity' }) });
    expect(w.code, explain(w)).toBe(0);
    expect(jsonOf(w)).toMatchObject({ pseudonym: 'W-100', identity: true });
    const st = await sanctum(['statement', 'add', dir, '--witness', 'W-100', '--text-file', '-', '--json'], { env: wenv, input: 'A statement typed into a pipe.' });
    expect(st.code, explain(st)).toBe(0);

    const list = readFileSync(join(REPO, 'test/fixtures/screening/un-small.xml'));
    const fromFile = await sanctum(['lists', 'parse', join(REPO, 'test/fixtures/screening/un-small.xml'), '--format', 'un-xml', '--json']);
    const fromStdin = await sanctum(['lists', 'parse', '-', '--format', 'un-xml', '--json'], { input: list.toString('utf8') });
    expect(fromStdin.code, explain(fromStdin)).toBe(0);
    expect(jsonOf(fromStdin)).toMatchObject({ sha256: jsonOf(fromFile).sha256, counts: jsonOf(fromFile).counts });
  });
});
