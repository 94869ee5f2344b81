/**
 * Issue 9, finding 3: rollback and deletion of sealed rows, of vault.db, of the whole folder, and truncation of
 * the audit log must be noticed at unlock (refused) and by `vault check` (reported), never accepted silently.
 * The database is edited with better-sqlite3 directly, as someone holding the folder would.
 */
import { copyFileSync, cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { fromHex, randomBytes, toHex } from '../../main/core/crypto/bytes';
import { readHeader, unlockVault, type Vault } from '../../main/core/vault/vault';
import { seenHeadPath } from '../../main/core/vault/head-state';
import { jsonOf, sanctum } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

type Table = 'records' | 'witness_records';

function withDb<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'vault.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const ctOf = (dir: string, table: Table, id: string) =>
  withDb(dir, (db) => (db.prepare(`SELECT ct FROM ${table} WHERE id = ?`).get(fromHex(id)) as { ct: Buffer }).ct);

/** A case with a witness who may be named; returns the witness record id. */
async function vaultWithWitness() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const c = ws.cases.create({ name: 'Rollback case' });
  const w = ws.witnesses.create({ caseId: c.id, pseudonym: 'W-009', consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: true } });
  return { dir, vault, ws, caseId: c.id, witnessId: w.id };
}

async function expectRefused(dir: string, code: string, what: RegExp): Promise<void> {
  // Both ways the vault is opened: the check alone (CLI), and the check in one pass with the decryption of every
  // record (the app's unlock, `preload`): refused the same, before any record is handed out.
  await expect(unlockVault(dir, PASS)).rejects.toMatchObject({ code, message: expect.stringMatching(what) });
  await expect(unlockVault(dir, PASS, { preload: true })).rejects.toMatchObject({ code, message: expect.stringMatching(what) });
}

/** The core side of `vault check`: opened read-only, problems listed. */
async function reported(dir: string): Promise<Vault['integrityProblems']> {
  const v = await unlockVault(dir, PASS, { integrity: 'report' });
  try {
    expect(v.readOnly).toBe(true);
    return v.integrityProblems;
  } finally {
    v.close();
  }
}

async function cliCheck(dir: string) {
  const r = await sanctum(['vault', 'check', dir, '--json'], { env: { SANCTUM_PASSPHRASE: PASS } });
  return { code: r.code, json: jsonOf<{ ok: boolean; problems: { check: string; code?: string; message: string }[] }>(r) };
}

describe('single rows', () => {
  it("an older ciphertext of one record put back (the risk level before it was raised) is refused at unlock and reported", async () => {
    const { dir, vault, ws, witnessId } = await vaultWithWitness();
    vault.close();
    const named = ctOf(dir, 'records', witnessId);
    const v2 = await unlockVault(dir, PASS);
    new Workspace(v2).witnesses.update(witnessId, { riskLevel: 'extreme' });
    v2.close();
    void ws;
    withDb(dir, (db) => db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(named, fromHex(witnessId)));

    await expectRefused(dir, 'VAULT_ROLLED_BACK', /not the version Sanctum last committed/);
    const problems = await reported(dir);
    expect(problems.map((p) => p.code)).toContain('VAULT_ROLLED_BACK');
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);
    expect(r.json.problems[0]).toMatchObject({ check: 'integrity', code: 'VAULT_ROLLED_BACK' });
    // Inspection wrote nothing: still refused afterwards.
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /not the version/);
  });

  it('a deleted row is refused and reported', async () => {
    const { dir, vault, witnessId } = await vaultWithWitness();
    vault.close();
    withDb(dir, (db) => db.prepare('DELETE FROM records WHERE id = ?').run(fromHex(witnessId)));
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /1 row\(s\) of records .* missing/);
    expect((await reported(dir))[0]).toMatchObject({ code: 'VAULT_ROLLED_BACK', where: 'vault.db/records' });
  });

  it('an inserted foreign row (a copy of another row under a new id) is refused', async () => {
    const { dir, vault, witnessId } = await vaultWithWitness();
    vault.close();
    withDb(dir, (db) => db.prepare('INSERT INTO records (id, ct) VALUES (?, ?)').run(randomBytes(16), ctOf(dir, 'records', witnessId)));
    await expectRefused(dir, 'RECORD_TAMPERED', /not committed by Sanctum/);
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);
    // The copy does not open under its new id (records problem, listed first) and breaks the commitment.
    expect(r.json.problems).toContainEqual(expect.objectContaining({ check: 'integrity', code: 'RECORD_TAMPERED', message: expect.stringMatching(/not committed by Sanctum/) }));
  });

  it('a witness-identity row put back is noticed without the compartment key', async () => {
    const { dir, vault, ws, witnessId } = await vaultWithWitness();
    await vault.unlockWitness(WITNESS_PASS);
    ws.witnesses.setIdentity(witnessId, { fullName: 'First Name Given' });
    vault.close();
    // The compartment holds decoy rows too (a multiple of 16): find the row the change rewrote.
    const rows = (d: string) =>
      withDb(d, (db) => new Map((db.prepare('SELECT id, ct FROM witness_records').all() as { id: Buffer; ct: Buffer }[]).map((r) => [r.id.toString('hex'), r.ct.toString('hex')])));
    const before = rows(dir);
    const v2 = await unlockVault(dir, PASS);
    await v2.unlockWitness(WITNESS_PASS);
    new Workspace(v2).witnesses.setIdentity(witnessId, { fullName: 'Changed Name' });
    v2.close();
    const after = rows(dir);
    const id = [...after.keys()].find((k) => before.has(k) && before.get(k) !== after.get(k))!;
    expect(id).toBeDefined();
    const old = fromHex(before.get(id)!);
    withDb(dir, (db) => db.prepare('UPDATE witness_records SET ct = ? WHERE id = ?').run(old, fromHex(id)));
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /not the version/);
  });

  it('the commitment row deleted is refused', async () => {
    const { dir, vault } = await vaultWithWitness();
    vault.close();
    withDb(dir, (db) => db.prepare('DELETE FROM vault_meta').run());
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /commitment row is missing/);
  });
});

describe('whole database, folder and audit log', () => {
  async function olderAndNewer() {
    const { dir, vault, witnessId } = await vaultWithWitness();
    vault.close();
    const backup = join(tempDir(), 'backup');
    cpSync(dir, backup, { recursive: true });
    const v2 = await unlockVault(dir, PASS);
    new Workspace(v2).witnesses.update(witnessId, { riskLevel: 'extreme' });
    v2.close();
    return { dir, backup, witnessId };
  }

  it('vault.db rolled back to an older copy is refused via the state this computer saw; accept-rollback opens it (logged)', async () => {
    const { dir, backup } = await olderAndNewer();
    expect(existsSync(join(backup, 'vault.db-wal'))).toBe(false);
    copyFileSync(join(backup, 'vault.db'), join(dir, 'vault.db'));
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /older copy of the vault was put back/);
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);

    const acc = await sanctum(['vault', 'accept-rollback', dir], { env: { SANCTUM_PASSPHRASE: PASS } });
    expect(acc.code, acc.stderr).toBe(0);
    const v = await unlockVault(dir, PASS);
    expect([...v.audit.entries()].some((e) => e.action === 'vault.rollback_accepted')).toBe(true);
    v.close();
  });

  it('accept-rollback never accepts rows changed outside Sanctum', async () => {
    const { dir, vault, witnessId } = await vaultWithWitness();
    vault.close();
    withDb(dir, (db) => db.prepare('DELETE FROM records WHERE id = ?').run(fromHex(witnessId)));
    await expect(unlockVault(dir, PASS, { acceptRollback: true })).rejects.toMatchObject({ code: 'VAULT_ROLLED_BACK' });
  });

  it('the whole folder rolled back is refused', async () => {
    const { dir, backup } = await olderAndNewer();
    rmSync(dir, { recursive: true });
    cpSync(backup, dir, { recursive: true });
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /older copy/);
  });

  it('without the profile state (new machine) an older folder opens: the documented limit', async () => {
    const { dir, backup } = await olderAndNewer();
    rmSync(seenHeadPath(toHex(readHeader(dir).vaultId)));
    rmSync(dir, { recursive: true });
    cpSync(backup, dir, { recursive: true });
    (await unlockVault(dir, PASS)).close();
  });

  it('the audit log truncated to an earlier signed head is refused', async () => {
    const { dir, vault } = await vaultWithWitness();
    vault.close();
    const v2 = await unlockVault(dir, PASS);
    const signed = v2.audit.heads().at(-1)!.seq;
    new Workspace(v2).cases.create({ name: 'Later work' });
    v2.close();
    withDb(dir, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(signed);
      db.prepare('DELETE FROM audit_heads WHERE seq > ?').run(signed);
    });
    await expectRefused(dir, 'VAULT_ROLLED_BACK', /audit log ends at #\d+ but the vault committed entry #\d+: it was truncated/);
    const r = await cliCheck(dir);
    expect(r.code).toBe(1);
  });
});

describe('migration and normal use', () => {
  it('a vault made before commitments gets one at first unlock (logged), and the signed head covers it', async () => {
    const { dir, vault } = await vaultWithWitness();
    const id = vault.vaultId;
    vault.close();
    // What an older build left: no commitment row, heads without the vault state, no profile state.
    withDb(dir, (db) => {
      db.prepare('DELETE FROM vault_meta').run();
      db.prepare('DELETE FROM audit_heads').run();
    });
    rmSync(seenHeadPath(id));
    const v = await unlockVault(dir, PASS);
    expect([...v.audit.entries()].some((e) => e.action === 'vault.commitment_created')).toBe(true);
    v.close();
    const v2 = await unlockVault(dir, PASS);
    const head = v2.audit.heads().at(-1)!;
    expect(head.vault?.counter).toBeGreaterThan(0);
    expect(v2.audit.verify().ok).toBe(true);
    v2.close();
  });

  it('a failed action rolls the commitment back with the transaction', async () => {
    const { dir, vault, ws, caseId } = await vaultWithWitness();
    expect(() =>
      vault.action({ action: 'test.fails' }, () => {
        vault.store.insert('records', 'note', { caseId });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    ws.cases.create({ name: 'After the failure' });
    vault.close();
    (await unlockVault(dir, PASS)).close();
  });
});
