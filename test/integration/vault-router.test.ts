/**
 * Creating, locking, unlocking, re-keying and recovering a vault through the IPC router over a real session. In
 * the integration project because every step runs Argon2id for real (a new vault or a re-key draws new salts):
 * seconds each on the 2-core machines. Validation, the handler map and idle locking stay in
 * test/unit/ipc/router.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../main/ipc';
import { TEST_KDF, PASS, WITNESS_PASS } from '../helpers/vault';
import { tempDir } from '../helpers/tmp';

function app() {
  const events: [string, unknown][] = [];
  const { session, router } = createApp(
    { vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p]) },
    { validateResponses: true },
  );
  return { session, router, events };
}

describe('vault lifecycle through the ipc router', () => {
  it('creates, locks, refuses a wrong passphrase, unlocks', async () => {
    const { router, events } = app();
    const status = await router.invoke('vault.status', {});
    expect(status).toMatchObject({ ok: true, value: { exists: false, unlocked: false, folder: 'vault' } });
    // The vault's path never reaches the (untrusted) renderer, only the folder's name.
    expect(JSON.stringify(status)).not.toContain('/');
    const created = await router.invoke('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS });
    expect(created).toMatchObject({ ok: true, value: { status: { exists: true, unlocked: true, witnessUnlocked: false } } });
    expect((created as { value: { recoveryKey: string } }).value.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){8}$/);
    expect(await router.invoke('vault.lock', {})).toMatchObject({ ok: true, value: { unlocked: false, fingerprint: null } });
    expect(events).toEqual([['vault.locked', { reason: 'user' }]]);
    expect(await router.invoke('vault.unlock', { passphrase: 'wrong wrong wrong' })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'wrong passphrase' },
    });
    expect(await router.invoke('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { unlocked: true } });
    const audit = await router.invoke('audit.verify', {});
    expect(audit).toMatchObject({ ok: true, value: { ok: true } });
    const list = (await router.invoke('audit.list', {})) as { ok: true; value: { entries: { action: string }[] } };
    expect(list.value.entries.map((e) => e.action)).toEqual(['vault.unlocked', 'vault.locked', 'vault.created']);
  });

  it('records the unlock under the analyst’s name from the sealed settings', async () => {
    const { router } = app();
    await router.invoke('vault.create', { passphrase: PASS });
    await router.invoke('settings.update', { analystName: 'Analyst K' });
    await router.invoke('vault.lock', {});
    await router.invoke('vault.unlock', { passphrase: PASS });
    const list = (await router.invoke('audit.list', { limit: 1 })) as { ok: true; value: { entries: { action: string; actor: string }[] } };
    expect(list.value.entries[0]).toMatchObject({ action: 'vault.unlocked', actor: 'Analyst K' });
  });

  it('changes the passphrase through the router: the vault is re-keyed and served again, with its data and analyst', async () => {
    const { router, session } = app();
    await router.invoke('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS });
    await router.invoke('settings.update', { analystName: 'Analyst K' });
    await router.invoke('case.create', { name: 'Before the re-key' });
    const before = session.status().fingerprint;
    expect(await router.invoke('vault.changePassphrase', { current: PASS, next: 'a brand new passphrase' })).toMatchObject({ ok: true, value: { unlocked: true } });
    expect(session.status().fingerprint).not.toBe(before); // new signing key
    expect(JSON.stringify(await router.invoke('case.list', {}))).toContain('Before the re-key');
    const list = (await router.invoke('audit.list', { limit: 2 })) as { ok: true; value: { entries: { action: string; actor: string }[] } };
    expect(list.value.entries.map((e) => e.action)).toEqual(['vault.signing_key_rotated', 'vault.passphrase_changed']);
    expect(await router.invoke('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    await router.invoke('case.create', { name: 'After the re-key' });
    await router.invoke('vault.lock', {});
    expect(await router.invoke('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await router.invoke('vault.unlock', { passphrase: 'a brand new passphrase' })).toMatchObject({ ok: true });
    expect(JSON.stringify(await router.invoke('case.list', {}))).toContain('After the re-key');
  });

  it('recovers through the router and unlocks the compartment separately', async () => {
    const { router } = app();
    const created = (await router.invoke('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS })) as { value: { recoveryKey: string } };
    await router.invoke('vault.lock', {});
    expect(await router.invoke('vault.recover', { recoveryKey: created.value.recoveryKey, newPassphrase: 'after recovery phrase' })).toMatchObject({
      ok: true,
      value: { unlocked: true },
    });
    expect(await router.invoke('compartment.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await router.invoke('compartment.unlock', { passphrase: WITNESS_PASS })).toMatchObject({ ok: true, value: { witnessUnlocked: true } });
    expect(await router.invoke('compartment.lock', {})).toMatchObject({ ok: true, value: { witnessUnlocked: false } });
  });
});
