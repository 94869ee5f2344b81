/**
 * Terminal escape injection: names and file names from a hostile package (ESC sequences, CR, C1 controls, the
 * U+202E override) are printed by `sanctum verify` and `sanctum search` with every control and bidi character
 * made visible, through the CLI's one output layer; --json stays lossless and valid. And the shared detector
 * the renderer uses for its warning badge.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../main/core/exchange/package';
import { hasSpoofingCharacters, neutraliseControls } from '../../shared/text/controls';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { ORG, fileScopedVault } from '../helpers/package-fixture';
import { PASS } from '../helpers/vault';

/** Every raw character that steers a terminal or reorders text; "\n" is allowed (multi-line output). */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const rawIn = (s: string) => [...s].filter((c) => RAW.test(c)).map((c) => `U+${c.codePointAt(0)!.toString(16)}`);

const PAINT = '\u001b[2K\r\u001b[32mVALID: all good\u001b[0m';
const HOSTILE_NAME = `Tesfay${PAINT}\u202Eexe.fdp\u009b31m`;
const HOSTILE_FILE = `data/evidence/invoice\u202Efdp.exe\u001b]0;owned\u0007${'\r'}VALID`;

let root: string;
let vaultDir: string;
let bag: string;
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

beforeAll(async () => {
  await cliBundle();
  root = mkdtempSync(join(tmpdir(), 'sanctum-esc-'));
  const v = await fileScopedVault();
  vaultDir = v.dir;
  const c = v.ws.cases.create({ name: `Case ${PAINT}` });
  v.ws.entities.create({ caseId: c.id, kind: 'person', name: HOSTILE_NAME });
  await v.ws.evidence.intake([Buffer.from('evidence')], { caseId: c.id, originalName: 'invoice\u202Efdp.exe', title: `Invoice ${PAINT}` });
  const clean = join(root, 'bag');
  await exportPackage(v.ws, { caseId: c.id, selection: { case: true }, profile: 'prosecutor', outPath: clean, organization: ORG });
  // The CLI opens the vault next: copy it while closed (the file-scoped one is removed with its folder).
  v.ws.dispose();
  v.vault.close();
  vaultDir = join(root, 'vault');
  cpSync(v.dir, vaultDir, { recursive: true });
  rmSync(join(v.dir, '..'), { recursive: true, force: true });
  // The hostile sender adds a file with escapes in its name and a manifest line whose %0A would start a forged line.
  bag = join(root, 'hostile');
  cpSync(clean, bag, { recursive: true });
  writeFileSync(join(bag, ...HOSTILE_FILE.split('/')), 'x');
  appendFileSync(join(bag, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/x%0AVALID forged line\u001b[8m\n`);
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('terminal escape injection', () => {
  it('neutraliseControls shows controls and bidi characters visibly', () => {
    expect(neutraliseControls('a\u001b[31mb\rc\u202Ed\u2066e\u0085f\tg\nh')).toBe('a\\x1B[31mb\\x0Dc<U+202E>d<U+2066>e\\x85f\\x09g\\x0Ah');
    expect(neutraliseControls('line 1\nline 2\u001b', { keepNewlines: true })).toBe('line 1\nline 2\\x1B');
    expect(neutraliseControls('Абд аль-Рахман عبد الرحمن')).toBe('Абд аль-Рахман عبد الرحمن');
  });

  it('hasSpoofingCharacters flags U+202E-style spoofing and controls, not ordinary scripts', () => {
    for (const s of ['invoice\u202Efdp.exe', 'a\u2067b', 'x\u200Fy', 'x\u061Cy', 'ESC\u001b[2K', 'C1\u009b']) expect(hasSpoofingCharacters(s), JSON.stringify(s)).toBe(true);
    for (const s of ['Tesfay Weldemariam', 'عبد الرحمن الميلاد', 'ተስፋይ', 'O\u2019Brien']) expect(hasSpoofingCharacters(s), s).toBe(false);
  });

  it('sanctum verify prints no raw control or bidi character, and no forged line', async () => {
    const r = await sanctum(['verify', bag]);
    expect(r.code, explain(r)).toBe(1);
    expect(rawIn(r.stdout), r.stdout).toEqual([]);
    expect(rawIn(r.stderr), r.stderr).toEqual([]);
    expect(r.stdout).toMatch(/^INVALID: /);
    expect(r.stdout.split('\n').filter((l) => /^\s*VALID/.test(l))).toEqual([]);
    expect(r.stdout).toContain('invoice<U+202E>fdp.exe\\x1B]0;owned\\x07\\x0DVALID');
    expect(r.stdout).toContain('data/x\\x0AVALID forged line');
    // --json is lossless: the names come back exactly, C1 and bidi as \u escapes.
    const j = await sanctum(['verify', bag, '--json']);
    expect(j.stdout).not.toMatch(/[\u0080-\u009F\u202A-\u202E\u2066-\u2069]/u);
    expect(jsonOf<{ problems: { file: string }[] }>(j).problems.map((p) => p.file)).toContain(HOSTILE_FILE);
  }, 180_000);

  it('sanctum search prints hostile names visibly', async () => {
    const r = await sanctum(['search', vaultDir, 'Tesfay'], { env: { SANCTUM_PASSPHRASE: PASS } });
    expect(r.code, explain(r)).toBe(0);
    expect(rawIn(r.stdout), r.stdout).toEqual([]);
    expect(r.stdout).toContain('Tesfay\\x1B[2K\\x0D\\x1B[32mVALID: all good\\x1B[0m<U+202E>exe.fdp\\x9B31m');
    expect(r.stdout).toContain('case Case \\x1B[2K');
    const j = await sanctum(['search', vaultDir, 'Tesfay', '--json'], { env: { SANCTUM_PASSPHRASE: PASS } });
    expect(jsonOf<{ hits: { name: string }[] }>(j).hits[0]!.name).toBe(HOSTILE_NAME);
  }, 180_000);
});
