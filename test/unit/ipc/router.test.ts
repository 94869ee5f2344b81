import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { buildHandlers } from '../../../main/ipc/handlers';
import { createRouter } from '../../../main/ipc/router';
import { mergeUnique } from '../../../shared/ipc/merge';
import { contract } from '../../../shared/ipc/contract';
import { TEST_KDF, PASS, WITNESS_PASS } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';

function app() {
  const events: [string, unknown][] = [];
  let t = 0;
  const { session, router } = createApp(
    { vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF, now: () => t, emit: (e, p) => events.push([e, p]) },
    { validateResponses: true },
  );
  return { session, router, events, advance: (ms: number) => (t += ms) };
}

describe('ipc router over a real session', () => {
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

  it('rejects unknown channels, malformed payloads and extra fields with INVALID_INPUT naming the field', async () => {
    const { router } = app();
    expect(await router.invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await router.invoke('vault.unlock', { passphrase: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: 'passphrase' } });
    expect(await router.invoke('vault.unlock', { passphrase: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await router.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers VAULT_LOCKED for vault-only channels while locked', async () => {
    const { router } = app();
    expect(await router.invoke('settings.get', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(await router.invoke('audit.verify', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });

  it('locks after the idle period the user set, and on suspend', async () => {
    const { router, session, events, advance } = app();
    await router.invoke('vault.create', { passphrase: PASS });
    expect(await router.invoke('settings.update', { idleLockMinutes: 5 })).toMatchObject({ ok: true, value: { idleLockMinutes: 5 } });
    advance(4 * 60_000);
    await router.invoke('session.activity', {});
    advance(4 * 60_000);
    expect(session.tick()).toBe(false);
    advance(61_000);
    expect(session.tick()).toBe(true);
    expect(session.status().unlocked).toBe(false);
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'idle' }]);

    await router.invoke('vault.unlock', { passphrase: PASS });
    expect(session.settings.idleLockMinutes).toBe(5);
    expect(session.tick(6 * 60)).toBe(true); // the system reports the machine idle for 6 minutes
    await router.invoke('vault.unlock', { passphrase: PASS });
    session.systemEvent('suspend');
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'suspend' }]);
  });

  it('serves exactly the channels of the contract, each with a function', () => {
    // Compares the maps themselves: invoking each channel with `{}` would stop at request validation and pass
    // with a handler missing.
    const handlers = buildHandlers() as unknown as Record<string, unknown>;
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    for (const [name, h] of Object.entries(handlers)) expect(typeof h, name).toBe('function');
  });

  it('answers INTERNAL, naming the channel, when a handler is missing at run time', async () => {
    const handlers = buildHandlers() as unknown as Record<string, unknown>;
    delete handlers['case.list'];
    const router = createRouter(handlers as never, {} as never);
    expect(await router.invoke('case.list', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'no handler for case.list' } });
  });

  it('refuses a channel or handler defined twice when the maps are merged', () => {
    expect(() => mergeUnique({ 'case.list': 1 }, { 'case.get': 2 }, { 'case.list': 3 })).toThrow('"case.list" is defined twice');
    expect(mergeUnique({ a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
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
