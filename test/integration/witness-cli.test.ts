/**
 * `sanctum source add`, `witness add`, `statement add` and review before release (`--review FILE`) through the
 * real bundled CLI: an export that finds a possible identity mention exits 1 listing each hit with its key and
 * context; with the decisions in a review file it goes through, and the decisions are in the activity log.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unlockVault } from '../../main/core/vault/vault';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

const env = { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } };

function expectExit(r: CliResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`).toBe(code);
}

describe('witnesses from the CLI, and review before release', () => {
  it('adds a source, a witness with identity and a statement; an export stops on each possible mention until reviewed', async () => {
    const { dir: vaultDir, vault } = await newTestVault();
    vault.close();
    const work = tempDir();
    expectExit(await sanctum(['case', 'create', vaultDir, 'Kufra'], env), 0);

    const src = await sanctum(['source', 'add', vaultDir, '--case', 'Kufra', '--name', 'NGO report', '--grade', 'B', '--json'], env);
    expectExit(src, 0);
    expect(jsonOf(src).id).toMatch(/^[0-9a-f]{32}$/);
    expectExit(await sanctum(['source', 'add', vaultDir, '--case', 'Kufra', '--name', 'x', '--grade', 'G'], env), 2);

    const idFile = join(work, 'identity.json');
    writeFileSync(idFile, JSON.stringify({ givenName: 'Yonas', fatherName: 'Tesfamariam', grandfatherName: 'Berhe', phone: '+251 911 424242', idNumbers: ['EP7788990'] }));
    const w = await sanctum(['witness', 'add', vaultDir, '--case', 'Kufra', '--pseudonym', 'W-001', '--identity', idFile, '--reliability', 'C', '--json'], env);
    expectExit(w, 0);
    expect(jsonOf(w)).toMatchObject({ pseudonym: 'W-001', identity: true });
    // The identity needs the compartment passphrase (not given, no terminal to ask at): refused, nothing added.
    const noPass = await sanctum(['witness', 'add', vaultDir, '--case', 'Kufra', '--pseudonym', 'W-002', '--identity', idFile], { env: { SANCTUM_PASSPHRASE: PASS } });
    expect(noPass.code).not.toBe(0);
    expect(noPass.stderr).toMatch(/SANCTUM_WITNESS_PASSPHRASE/);

    const textFile = join(work, 'statement.txt');
    writeFileSync(textFile, 'They wrote my name as Yonas Tesfamariam and my phone 0911 424 242. Later only Tesfamariam was called.');
    const st = await sanctum(['statement', 'add', vaultDir, '--case', 'Kufra', '--witness', 'W-001', '--text-file', textFile, '--consent', 'listing,prosecutors', '--credibility', '2', '--json'], env);
    expectExit(st, 0);
    expect(jsonOf(st)).toMatchObject({ consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: false } });

    // The export stops: exit 1, the single name part listed with its key and context; nothing written.
    const out = join(work, 'panel.tar');
    const args = ['package', 'export', vaultDir, '--case', 'Kufra', '--profile', 'panel', '--org', 'Panel', '--out', out];
    const stopped = await sanctum([...args, '--json'], env);
    expectExit(stopped, 1);
    const message = (jsonOf(stopped) as { error: { message: string } }).error.message;
    expect(message).toMatch(/need review/);
    expect(message).toMatch(/\[\[Tesfamariam\]\] was called/);
    const keys = [...message.matchAll(/^ {2}([0-9a-f]{16}) /gm)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(0);

    // A keep needs a reason.
    const review = join(work, 'review.json');
    writeFileSync(review, JSON.stringify(keys.map((key) => ({ key, decision: 'keep' }))));
    expectExit(await sanctum([...args, '--review', review], env), 1);
    writeFileSync(review, JSON.stringify(keys.map((key) => ({ key, decision: 'redact' }))));
    expectExit(await sanctum([...args, '--review', review], env), 0);
    const bytes = readFileSync(out, 'utf8');
    expect(bytes).toMatch(/They wrote my name as W-001 and my phone \[redacted\]\. Later only W-001 was called\./);
    for (const s of ['Yonas', 'Tesfamariam', '424 242']) expect(bytes).not.toContain(s);

    const v = await unlockVault(vaultDir, PASS);
    const decided = [...v.audit.entries()].filter((e) => e.action === 'protection.review_decided');
    v.close();
    expect(decided).toHaveLength(1);
    expect(decided[0]!.details).toMatchObject({ output: 'evidence package', decisions: keys.map((key) => ({ key, decision: 'redact' })) });
  }, 300_000);
});
