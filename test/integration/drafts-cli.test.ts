/**
 * `sanctum drafts list|show|discard` through the real bundled CLI, over a vault whose app session kept a
 * statement draft at lock. The draft's text holds a witness's real name: `show` never prints it (redacted with
 * the compartment open, not shown at all without it). The CLI's own unlock entries name the analyst.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../main/ipc';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

const REAL_NAME = 'Selamawit Gebru Tesfaye';

function expectExit(r: CliResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`).toBe(code);
}

type Listed = { id: string; form: string; description: string; caseName: string | null };

describe('sanctum drafts', () => {
  it('lists, shows through witness protection and discards a kept draft; unlock entries name the analyst', async () => {
    const vaultDir = join(tempDir(), 'vault');
    const { router } = createApp({ vaultDir, kdf: TEST_KDF, emit: () => {} });
    const call = async <T = unknown>(ch: string, p: unknown = {}): Promise<T> => {
      const r = await router.invoke(ch, p);
      if (!r.ok) throw new Error(`${ch}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };
    await call('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS, analystName: 'Amira Haddad', deviceName: 'Field laptop 2' });
    const c = await call<{ id: string }>('case.create', { name: 'Kufra crossings' });
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const w = await call<{ id: string }>('witness.create', { data: { caseId: c.id, pseudonym: 'W-007' }, identity: { fullName: REAL_NAME }, reliability: 'ungraded' });
    await call('drafts.put', {
      key: `statement:new:${w.id}`,
      form: 'statement',
      caseId: c.id,
      route: { area: 'statements', witnessId: w.id, statementId: 'new' },
      context: { witnessId: w.id },
      // The full name is an identity (redacted outright); "Gebru" alone is a possible mention, which `show` redacts
      // without review and says so, labelled as a draft (the same protection labels the activity-log export's).
      fields: { title: 'Interview 2', text: `I am ${REAL_NAME}; the broker took our passports. Later Gebru came back alone.` },
    });
    await call('vault.lock');

    const env = { env: { SANCTUM_PASSPHRASE: PASS } };
    const list = await sanctum(['drafts', 'list', vaultDir, '--json'], env);
    expectExit(list, 0);
    const drafts = jsonOf<Listed[]>(list);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ form: 'statement', caseName: 'Kufra crossings', description: 'statement for case Kufra crossings' });
    expect(list.stdout).not.toContain('passports');
    const id = drafts[0]!.id;

    // Without the compartment nothing of the text is printed: it could not be checked for identities.
    const blind = await sanctum(['drafts', 'show', vaultDir, id], env);
    expectExit(blind, 0);
    expect(blind.stdout).not.toContain(REAL_NAME);
    expect(blind.stdout).not.toContain('passports');
    expect(blind.stdout).toMatch(/not checked/);

    // With it, the words are shown and the real name redacted.
    const shown = await sanctum(['drafts', 'show', vaultDir, id, '--json'], { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } });
    expectExit(shown, 0);
    const doc = jsonOf<{ fields: { text: string }; identitiesChecked: boolean; redactions: number; redactedWithoutReview: { where: string }[] }>(shown);
    expect(doc.identitiesChecked).toBe(true);
    expect(doc.fields.text).toContain('the broker took our passports');
    expect(shown.stdout).not.toContain(REAL_NAME);
    expect(shown.stdout).not.toContain('Selamawit');
    expect(doc.redactions).toBeGreaterThan(0);
    expect(shown.stdout).not.toContain('Gebru');
    expect(doc.fields.text).toContain('came back alone');
    expect(doc.redactedWithoutReview.length).toBeGreaterThan(0);
    for (const u of doc.redactedWithoutReview) expect(u).toEqual({ where: 'draft', field: expect.any(String), subject: 'W-007', reason: 'draft: redacted without review' });
    const shownText = await sanctum(['drafts', 'show', vaultDir, id], { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } });
    expectExit(shownText, 0);
    expect(shownText.stdout).toMatch(/Redacted without review \(draft\): a possible mention of the .+ of W-007\./);
    expect(shownText.stdout).not.toContain('Gebru');

    expectExit(await sanctum(['drafts', 'discard', vaultDir, id], env), 0);
    expect(jsonOf<Listed[]>(await sanctum(['drafts', 'list', vaultDir, '--json'], env))).toEqual([]);
    const again = await sanctum(['drafts', 'discard', vaultDir, id], env);
    expect(again.code).not.toBe(0);

    const log = jsonOf<{ entries: { action: string; actor: string; device?: string; details?: { via?: string } }[] }>(await sanctum(['audit', 'list', vaultDir, '--json', '--limit', '1000'], env));
    const actions = log.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['draft.kept', 'draft.discarded']));
    const cliUnlocks = log.entries.filter((e) => e.action === 'vault.unlocked' && e.details?.via?.startsWith('cli'));
    expect(cliUnlocks.length).toBeGreaterThan(3);
    for (const e of cliUnlocks) expect(e).toMatchObject({ actor: 'Amira Haddad', device: 'Field laptop 2' });
  }, 420_000);
});
