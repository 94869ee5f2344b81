import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_FILE } from '../../main/core/vault/header';
import { recoverVault, unlockVault, createVault } from '../../main/core/vault/vault';
import { canonicalJson } from '../../main/core/util/canonical-json';
import { sha256Hex } from '../../main/core/crypto/hash';
import { MiB } from '../../main/core/crypto/kdf';
import { createTestVault, PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';
import { snapshot } from '../helpers/files';
import { tempDir } from '../helpers/tmp';

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeTruthy();
  expect((err as { code: string }).code).toBe(code);
  if (message) expect((err as Error).message).toMatch(message);
}

/** Rewrite the header JSON with a change and a valid checksum (what a careful attacker would do). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of parsed JSON
type Json = Record<string, any>;
function editHeader(dir: string, edit: (h: Json) => void, fixChecksum = true) {
  const path = join(dir, HEADER_FILE);
  const h = JSON.parse(readFileSync(path, 'utf8'));
  edit(h);
  if (fixChecksum) {
    const { checksum: _c, ...body } = h;
    h.checksum = sha256Hex(canonicalJson(body));
  }
  writeFileSync(path, JSON.stringify(h));
}

describe('vault lifecycle', () => {
  it('creates, locks, unlocks, and keeps records across sessions', async () => {
    const { dir, vault, recoveryKey } = await createTestVault();
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
    const rec = vault.action({ action: 'test.insert' }, () => vault.store.insert('records', 'note', { text: 'hello' }));
    vault.close();
    expect(vault.closed).toBe(true);
    expect(() => vault.store.get('records', rec.id)).toThrow(/locked/);

    const again = await unlockVault(dir, PASS);
    expect(again.store.get('records', rec.id)?.data).toEqual({ text: 'hello' });
    expect(again.audit.verify().ok).toBe(true);
    again.close();
  });

  it('refuses a wrong passphrase with a clear error and changes no file', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    const before = snapshot(dir);
    await expectCode(unlockVault(dir, 'not the passphrase at all'), 'WRONG_PASSPHRASE', /wrong passphrase/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports a truncated header, and changes no file', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    const path = join(dir, HEADER_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 200));
    const before = snapshot(dir);
    await expectCode(unlockVault(dir, PASS), 'HEADER_TRUNCATED', /truncated/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports an unknown format version by number', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    editHeader(dir, (h) => (h.version = 7));
    const before = snapshot(dir);
    await expectCode(unlockVault(dir, PASS), 'UNSUPPORTED_VERSION', /version 7/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses KDF parameters below the floor before deriving anything', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    editHeader(dir, (h) => (h.kdf.memLimitBytes = 16 * MiB));
    const before = snapshot(dir);
    await expectCode(unlockVault(dir, PASS), 'KDF_BELOW_FLOOR', /16 MiB \/ 3 passes.*below the floor of 64 MiB/);
    editHeader(dir, (h) => {
      h.kdf.memLimitBytes = 64 * MiB;
      h.kdf.opsLimit = 2;
    });
    await expectCode(unlockVault(dir, PASS), 'KDF_BELOW_FLOOR', /2 passes/);
    expect(snapshot(dir).size).toBe(before.size);
  });

  it('refuses to create a vault with weak KDF parameters', async () => {
    await expectCode(createVault(join(tempDir(), 'v'), { passphrase: PASS, kdf: { opsLimit: 2, memLimitBytes: 64 * MiB } }), 'KDF_BELOW_FLOOR');
  });

  it('detects a damaged header (checksum) separately from a wrong passphrase', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    editHeader(dir, (h) => (h.kdf.opsLimit = 4), false);
    await expectCode(unlockVault(dir, PASS), 'HEADER_CORRUPT', /checksum/);
  });

  it('detects a header edited with a recomputed checksum (authenticated fields)', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    // Raising the cost keeps the header above the floor, but the wrap's AD binds the parameters.
    editHeader(dir, (h) => (h.kdf.opsLimit = 4));
    await expectCode(unlockVault(dir, PASS), 'WRONG_PASSPHRASE');
  });

  it('says there is no vault when the header is missing', async () => {
    await expectCode(unlockVault(tempDir(), PASS), 'HEADER_MISSING', /no Sanctum vault/);
  });

  it('refuses to create over an existing vault or a non-empty folder', async () => {
    const { dir, vault } = await createTestVault();
    vault.close();
    await expectCode(createVault(dir, { passphrase: PASS, kdf: TEST_KDF }), 'VAULT_EXISTS');
    const other = tempDir();
    writeFileSync(join(other, 'stray.txt'), 'x');
    await expectCode(createVault(other, { passphrase: PASS, kdf: TEST_KDF }), 'VAULT_EXISTS', /not empty/);
  });

  it('refuses short passphrases', async () => {
    await expectCode(createVault(join(tempDir(), 'v'), { passphrase: 'short', kdf: TEST_KDF }), 'WEAK_PASSPHRASE');
  });

  it('changes the passphrase: old one stops working, new one works, data intact', async () => {
    const { dir, vault } = await createTestVault();
    const rec = vault.action({ action: 't' }, () => vault.store.insert('records', 'note', { n: 1 }));
    await expectCode(vault.changePassphrase('wrong current passphrase', 'a brand new passphrase'), 'WRONG_PASSPHRASE', /nothing was changed/);
    (await vault.changePassphrase(PASS, 'a brand new passphrase')).close();
    expect(vault.closed).toBe(true);
    await expectCode(unlockVault(dir, PASS), 'WRONG_PASSPHRASE');
    const v2 = await unlockVault(dir, 'a brand new passphrase');
    expect(v2.store.get('records', rec.id)?.data).toEqual({ n: 1 });
    expect([...v2.audit.entries()].map((e) => e.action)).toContain('vault.passphrase_changed');
    v2.close();
  });

  it('recovers with the recovery key (typed loosely) and sets a new passphrase', async () => {
    const { dir, vault, recoveryKey } = await createTestVault();
    vault.close();
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ');
    const v = await recoverVault(dir, typed, 'recovered passphrase here');
    v.close();
    const v2 = await unlockVault(dir, 'recovered passphrase here');
    expect([...v2.audit.entries()].map((e) => e.action)).toContain('vault.recovered');
    expect(v2.audit.verify().ok).toBe(true);
    v2.close();
  });

  it('rejects a mistyped recovery key as a typo and a foreign one as wrong', async () => {
    const { dir, vault, recoveryKey } = await createTestVault();
    vault.close();
    const other = await createTestVault();
    other.vault.close();
    const groups = recoveryKey.split('-');
    groups[2] = groups[2]![0] === 'A' ? `B${groups[2]!.slice(1)}` : `A${groups[2]!.slice(1)}`;
    const before = snapshot(dir);
    await expectCode(recoverVault(dir, groups.join('-'), 'recovered passphrase here'), 'RECOVERY_KEY_MALFORMED', /mistyped/);
    await expectCode(recoverVault(dir, other.recoveryKey, 'recovered passphrase here'), 'WRONG_RECOVERY_KEY');
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps the witness compartment locked until its own passphrase is given', async () => {
    const { dir, vault } = await createTestVault();
    expect(vault.witnessUnlocked).toBe(false);
    expect(() => vault.store.insert('witness_records', 'identity', { name: 'x' })).toThrow(/compartment is locked/);
    await expectCode(vault.unlockWitness(PASS), 'WRONG_PASSPHRASE', /witness/);
    await vault.unlockWitness(WITNESS_PASS);
    const id = vault.action({ action: 't' }, () => vault.store.insert('witness_records', 'identity', { name: 'Real Name' })).id;
    vault.lockWitness();
    expect(() => vault.store.get('witness_records', id)).toThrow(/compartment is locked/);
    vault.close();
    const v2 = await unlockVault(dir, PASS);
    expect(v2.witnessUnlocked).toBe(false);
    await v2.unlockWitness(WITNESS_PASS);
    expect(v2.store.get('witness_records', id)?.data).toEqual({ name: 'Real Name' });
    const actions = [...v2.audit.entries()].map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['compartment.unlock_failed', 'compartment.unlocked', 'compartment.locked']));
    v2.close();
  });

  it('changes the witness passphrase independently', async () => {
    const { dir, vault } = await createTestVault();
    (await vault.changeWitnessPassphrase(WITNESS_PASS, 'another witness phrase')).close();
    const v = await unlockVault(dir, PASS);
    await expectCode(v.unlockWitness(WITNESS_PASS), 'WRONG_PASSPHRASE');
    await v.unlockWitness('another witness phrase');
    v.close();
  });

  it('rotates the recovery key: the old one stops working, the new one opens vault and compartment', async () => {
    const { dir, vault, recoveryKey } = await createTestVault();
    await expectCode(vault.rotateRecoveryKey(PASS), 'COMPARTMENT_LOCKED');
    await vault.unlockWitness(WITNESS_PASS);
    await expectCode(vault.rotateRecoveryKey('not my passphrase!'), 'WRONG_PASSPHRASE');
    const { vault: rotated, recoveryKey: fresh } = await vault.rotateRecoveryKey(PASS);
    expect(fresh).not.toBe(recoveryKey);
    expect(rotated.witnessUnlocked).toBe(true);
    rotated.close();
    await expectCode(recoverVault(dir, recoveryKey, 'another new passphrase'), 'WRONG_RECOVERY_KEY');
    const v = await recoverVault(dir, fresh, 'another new passphrase');
    const v3 = await v.recoverWitness(fresh, 'new witness phrase 2');
    v3.lockWitness();
    await v3.unlockWitness('new witness phrase 2');
    expect([...v3.audit.entries()].map((e) => e.action)).toEqual(expect.arrayContaining(['vault.recovery_key_rotated', 'vault.recovered', 'compartment.recovered']));
    expect(v3.audit.verify().ok).toBe(true);
    v3.close();
  });

  it('names the field of a weak passphrase', async () => {
    const err = await createVault(join(tempDir(), 'v'), { passphrase: PASS, witnessPassphrase: 'short', kdf: TEST_KDF }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WEAK_PASSPHRASE', where: 'witnessPassphrase' });
  });

  it('lets only one process hold the vault open', async () => {
    const { dir, vault } = await createTestVault();
    await expectCode(unlockVault(dir, PASS), 'VAULT_BUSY', /open in another/);
    vault.close();
  });
});
