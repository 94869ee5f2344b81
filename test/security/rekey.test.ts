/**
 * Finding 4: changing the passphrase (or rotating the recovery key, or changing the witness passphrase) re-keys
 * the vault. An old copy of the header with the old secret no longer opens anything; everything stays readable
 * with the new one; an interrupted re-key (SIGKILL at several points) leaves the vault wholly old or wholly new.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWithWorkers } from '../../build/scripts/lib/cli.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/core/crypto/sodium';
import { HEADER_FILE } from '../../main/core/vault/header';
import { recoverVault, unlockVault, type Vault } from '../../main/core/vault/vault';
import { childEnv, REPO } from '../helpers/cli';
import { PASS, WITNESS_PASS, newTestVault } from '../helpers/vault';

const NEW = 'a completely new passphrase';
const RECORDS = 4500; // three batches of the re-key copy
const BLOB_SIZES = [0, 1000, 200_000];

interface Fixture {
  dir: string;
  recoveryKey: string;
  records: Map<string, { n: number }>;
  witness: Map<string, { name: string }>;
  blobs: { blobId: string; sha256: string; size: number }[];
}

async function fixture(): Promise<Fixture> {
  const { dir, vault, recoveryKey } = await newTestVault();
  const records = new Map<string, { n: number }>();
  vault.action({ action: 'test.fill' }, () => {
    for (let n = 0; n < RECORDS; n++) records.set(vault.store.insert('records', 'note', { n }).id, { n });
  });
  await vault.unlockWitness(WITNESS_PASS);
  const witness = new Map<string, { name: string }>();
  vault.action({ action: 'test.witness' }, () => {
    for (const name of ['Amina K.', 'Tomas R.']) witness.set(vault.store.insert('witness_records', 'identity', { name }).id, { name });
  });
  const blobs = [];
  for (const size of BLOB_SIZES) blobs.push(await vault.blobs.write([new Uint8Array(size).fill(size % 251)]));
  vault.close();
  return { dir, recoveryKey, records, witness, blobs };
}

/** Everything the fixture wrote is there and readable, the log verifies; returns the audit actions. */
async function expectIntact(v: Vault, f: Fixture, witnessPass: string): Promise<string[]> {
  expect(v.store.count('records')).toBe(RECORDS);
  for (const rec of v.store.scan<{ n: number }>('records')) expect(f.records.get(rec.id)).toEqual(rec.data);
  if (!v.witnessUnlocked) await v.unlockWitness(witnessPass);
  for (const [id, data] of f.witness) expect(v.store.get('witness_records', id)?.data).toEqual(data);
  for (const b of f.blobs) expect(await v.blobs.verify(b)).toEqual({ ok: true });
  const report = v.audit.verify();
  expect(report.firstProblem).toBeUndefined();
  expect(report.ok).toBe(true);
  return [...v.audit.entries()].map((e) => e.action);
}

let childBundle: string;
/** The child, with the worker threads it starts (the KDF) beside it, in .tmp/rekey/<content hash>/. */
async function bundleChild(): Promise<string> {
  const files = await bundleWithWorkers({ entry: 'test/helpers/rekey-child.ts', binName: 'rekey-child.mjs' });
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.name).update(f.contents);
  const dir = join(REPO, '.tmp', 'rekey', hash.digest('hex').slice(0, 16));
  if (!existsSync(dir)) {
    const tmp = `${dir}.${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    for (const f of files) writeFileSync(join(tmp, f.name), f.contents);
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another run wrote the same files
    }
  }
  return join(dir, 'rekey-child.mjs');
}

function runChild(dir: string, op: string, step: string, done: number): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childBundle, dir, op, step, String(done)], {
      cwd: REPO,
      env: childEnv({ OLD: PASS, NEW, WOLD: WITNESS_PASS }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  await initCrypto();
  childBundle = await bundleChild();
});

describe('re-key', () => {
  it('passphrase change: an old header copy with the old passphrase is refused; all data readable with the new one', async () => {
    const f = await fixture();
    const oldHeader = readFileSync(join(f.dir, HEADER_FILE));
    const v = await unlockVault(f.dir, PASS);
    const oldFingerprint = v.fingerprint;
    const v2 = await v.changePassphrase(PASS, NEW);
    expect(v.closed).toBe(true);
    expect(v2.fingerprint).not.toBe(oldFingerprint); // new signing key
    const actions = await expectIntact(v2, f, WITNESS_PASS);
    expect(actions.slice(-3)).toEqual(['vault.passphrase_changed', 'vault.signing_key_rotated', 'compartment.unlocked']);
    v2.close();
    expect(readdirSync(join(f.dir, 'tmp')).filter((n) => n.startsWith('rekey-'))).toEqual([]);

    await expect(unlockVault(f.dir, PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    // The seized copy: the old header put back. It unwraps the OLD master key, which opens nothing now.
    const current = readFileSync(join(f.dir, HEADER_FILE));
    writeFileSync(join(f.dir, HEADER_FILE), oldHeader);
    await expect(unlockVault(f.dir, PASS)).rejects.toThrow();
    writeFileSync(join(f.dir, HEADER_FILE), current);

    // The recovery key still works (sealed box to the recovery key's public half).
    const v3 = await recoverVault(f.dir, f.recoveryKey, 'recovered passphrase 123');
    await expectIntact(v3, f, WITNESS_PASS);
    v3.close();
  });

  it('recovery-key rotation: the old recovery key is refused, even with an old header copy', async () => {
    const f = await fixture();
    const oldHeader = readFileSync(join(f.dir, HEADER_FILE));
    const v = await unlockVault(f.dir, PASS);
    await v.unlockWitness(WITNESS_PASS);
    const { vault: v2, recoveryKey } = await v.rotateRecoveryKey(PASS);
    await expectIntact(v2, f, WITNESS_PASS);
    v2.close();
    await expect(recoverVault(f.dir, f.recoveryKey, 'recovered passphrase 123')).rejects.toMatchObject({ code: 'WRONG_RECOVERY_KEY' });
    const current = readFileSync(join(f.dir, HEADER_FILE));
    writeFileSync(join(f.dir, HEADER_FILE), oldHeader);
    await expect(recoverVault(f.dir, f.recoveryKey, 'recovered passphrase 123')).rejects.toThrow();
    await expect(unlockVault(f.dir, PASS)).rejects.toThrow();
    writeFileSync(join(f.dir, HEADER_FILE), current);
    const v3 = await recoverVault(f.dir, recoveryKey, 'recovered passphrase 123');
    await expectIntact(v3, f, WITNESS_PASS);
    v3.close();
  });

  it('witness passphrase change re-keys the compartment: an old header copy with the old compartment passphrase reads nothing', async () => {
    const f = await fixture();
    const oldHeader = readFileSync(join(f.dir, HEADER_FILE));
    const v = await unlockVault(f.dir, PASS);
    const v2 = await v.changeWitnessPassphrase(WITNESS_PASS, 'new witness phrase');
    v2.close();
    const v3 = await unlockVault(f.dir, PASS);
    await expect(v3.unlockWitness(WITNESS_PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expectIntact(v3, f, 'new witness phrase');
    v3.close();
    // Old header back: the vault part still matches (its master key did not change), the compartment does not.
    copyFileSync(join(f.dir, HEADER_FILE), join(f.dir, 'current.json'));
    writeFileSync(join(f.dir, HEADER_FILE), oldHeader);
    const v4 = await unlockVault(f.dir, PASS).catch((e: unknown) => e);
    if (v4 && typeof v4 === 'object' && 'unlockWitness' in v4) {
      const vault = v4 as Vault;
      await vault.unlockWitness(WITNESS_PASS);
      const [id] = [...f.witness.keys()];
      expect(() => vault.store.get('witness_records', id!)).toThrow();
      vault.close();
    } else {
      expect(v4).toMatchObject({ code: 'HEADER_ALTERED' });
    }
  });

  // Kill points: before commit the vault must be wholly old (old passphrase, no work folder left after unlock);
  // from the commit on it must be wholly new.
  const KILLS: { step: string; done: number; committed: boolean }[] = [
    { step: 'records', done: 2000, committed: false },
    { step: 'witness_records', done: 0, committed: false },
    { step: 'audit', done: 0, committed: false },
    { step: 'blobs', done: 2, committed: false },
    { step: 'header', done: 1, committed: false },
    { step: 'commit', done: 1, committed: true },
    { step: 'swap', done: 0, committed: true },
    { step: 'swap', done: 1, committed: true }, // database swapped, blobs and header not yet
    { step: 'swap', done: 2, committed: true }, // database and blobs swapped, header not yet
  ];
  for (const k of KILLS) {
    it(`a re-key killed at ${k.step} (${k.done}) is ${k.committed ? 'finished' : 'rolled back'} at the next unlock, never half`, async () => {
      const f = await fixture();
      const r = await runChild(f.dir, 'passwd', k.step, k.done);
      expect(r.stderr).toBe('');
      expect(r.signal).toBe('SIGKILL');
      const [good, bad] = k.committed ? [NEW, PASS] : [PASS, NEW];
      await expect(unlockVault(f.dir, bad)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      const v = await unlockVault(f.dir, good);
      const actions = await expectIntact(v, f, WITNESS_PASS);
      expect(actions.includes('vault.passphrase_changed')).toBe(k.committed);
      v.close();
      expect(readdirSync(join(f.dir, 'tmp')).filter((n) => n.startsWith('rekey-'))).toEqual([]);
    });
  }

  it('does not roll back a re-key that another open of the vault may still be building', async () => {
    const f = await fixture();
    const v = await unlockVault(f.dir, PASS);
    const work = join(f.dir, 'tmp', 'rekey-0011223344556677');
    mkdirSync(work);
    writeFileSync(join(work, 'state.json'), JSON.stringify({ v: 1, phase: 'building', blobs: true }));
    await expect(unlockVault(f.dir, PASS)).rejects.toMatchObject({ code: 'VAULT_BUSY' });
    expect(existsSync(work)).toBe(true);
    v.close();
    (await unlockVault(f.dir, PASS)).close();
    expect(existsSync(work)).toBe(false);
  });

  it('a witness re-key killed mid-way is rolled back', async () => {
    const f = await fixture();
    const r = await runChild(f.dir, 'witness', 'witness_records', 2);
    expect(r.signal).toBe('SIGKILL');
    const v = await unlockVault(f.dir, PASS);
    await expectIntact(v, f, WITNESS_PASS);
    v.close();
  });
});
