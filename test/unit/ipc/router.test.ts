import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { buildHandlers } from '../../../main/ipc/handlers';
import { createRouter } from '../../../main/ipc/router';
import { mergeUnique } from '../../../shared/ipc/merge';
import { contract } from '../../../shared/ipc/contract';
import { TEST_KDF, PASS, openInSession } from '../../helpers/vault';
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

/**
 * The router over a real session: validation, the handler map, idle locking. Creating, unlocking, re-keying and
 * recovering through the router (new salts, real Argon2id each time) are in test/integration/vault-router.test.ts.
 */
describe('ipc router over a real session', () => {
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
    await openInSession(session);
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

});
