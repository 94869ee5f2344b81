/**
 * Signer trust. A valid signature proves only that a package is intact since someone signed it: an attacker can
 * alter a package and re-sign it with a fresh key — exactly what a package exported from the attacker's own
 * vault is. Such a package verifies as "signature valid, signer UNKNOWN" (CLI exit 3), and import refuses it until
 * the person confirms the fingerprint (then the signer is remembered, audited). Known signers: the vault's own key
 * and sealed records managed with `sanctum signers`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSigner,
  exportPackage,
  importPackage,
  knownFingerprints,
  listSigners,
  removeSigner,
  UnknownSignerError,
  verifyBag,
} from '../../main/core/exchange/package';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { rejectsWith } from '../helpers/errors';
import { ORG, fileScopedVault } from '../helpers/package-fixture';
import { PASS } from '../helpers/vault';

type V = Awaited<ReturnType<typeof fileScopedVault>>;
let receiver: V;
let attacker: V;
let root: string;
let forged: string;
let forged2: string;
let own: string;
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
const actions = (v: V) => [...v.vault.audit.entries()].map((e) => e.action);

async function packageOf(v: V, out: string, name: string): Promise<string> {
  const c = v.ws.cases.create({ name });
  await v.ws.evidence.intake([Buffer.from(`${name}: a ledger that was never written by the sender`)], { caseId: c.id, originalName: 'ledger.txt' });
  await exportPackage(v.ws, { caseId: c.id, selection: { case: true }, profile: 'prosecutor', outPath: out, organization: ORG });
  return out;
}

beforeAll(async () => {
  await cliBundle();
  root = mkdtempSync(join(tmpdir(), 'sanctum-signers-'));
  receiver = await fileScopedVault();
  attacker = await fileScopedVault();
  forged = await packageOf(attacker, join(root, 'forged'), 'Forged case');
  forged2 = await packageOf(attacker, join(root, 'forged-2'), 'Second forged case');
  own = await packageOf(receiver, join(root, 'own'), 'Own case');
});

afterAll(() => {
  receiver?.dispose();
  attacker?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('signer trust in the core', () => {
  it('a package re-signed with a fresh key verifies as valid with an UNKNOWN signer', async () => {
    const r = await verifyBag(forged, { knownSigners: knownFingerprints(receiver.ws.repo, receiver.vault) });
    expect(r.valid).toBe(true);
    expect(r.sanctum).toMatchObject({ signatureValid: true, signerTrust: 'unknown', signer: { fingerprint: attacker.vault.fingerprint } });
    expect((await verifyBag(forged, { expectSigner: attacker.vault.fingerprint })).sanctum?.signerTrust).toBe('expected');
    expect((await verifyBag(forged, { knownSigners: [attacker.vault.fingerprint] })).sanctum?.signerTrust).toBe('known');
    // The vault's own packages are known.
    expect((await verifyBag(own, { knownSigners: knownFingerprints(receiver.ws.repo, receiver.vault) })).sanctum?.signerTrust).toBe('known');
  });

  it('import refuses an unknown signer, and a confirmation of another key, recording nothing', async () => {
    const before = receiver.ws.repo.size;
    const err = await importPackage(receiver.ws, forged).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownSignerError);
    expect((err as UnknownSignerError).code).toBe('FORBIDDEN');
    expect((err as UnknownSignerError).fingerprint).toBe(attacker.vault.fingerprint);
    expect((err as Error).message).toMatch(/signer .* is not known to this vault/);
    await rejectsWith(importPackage(receiver.ws, forged, { trustSigner: receiver.vault.fingerprint }), { code: 'FORBIDDEN', message: /not by .*the fingerprint confirmed/ });
    expect(receiver.ws.repo.size).toBe(before);
    expect(listSigners(receiver.ws.repo, receiver.vault).map((s) => s.fingerprint)).toEqual([receiver.vault.fingerprint]);
  });

  it('a confirmed fingerprint imports and is remembered (audited); the next package by that key is known', async () => {
    const r = await importPackage(receiver.ws, forged, { trustSigner: attacker.vault.fingerprint.replace(/ /g, '').toLowerCase() });
    expect(r.signerTrust).toBe('trusted');
    const known = listSigners(receiver.ws.repo, receiver.vault);
    expect(known.map((s) => [s.fingerprint, s.own])).toEqual([
      [receiver.vault.fingerprint, true],
      [attacker.vault.fingerprint, false],
    ]);
    expect(actions(receiver)).toContain('package.signer_trusted');
    expect((await importPackage(receiver.ws, forged2)).signerTrust).toBe('known');
    expect((await importPackage(receiver.ws, own)).signerTrust).toBe('known');
    expect(receiver.vault.audit.verify().ok).toBe(true);
  });

  it('signers can be added and removed (audited); the vault’s own key cannot be removed', async () => {
    removeSigner(receiver.ws.repo, receiver.vault, attacker.vault.fingerprint);
    expect(actions(receiver)).toContain('package.signer_removed');
    await expect(importPackage(receiver.ws, forged2)).rejects.toBeInstanceOf(UnknownSignerError);
    expect(() => removeSigner(receiver.ws.repo, receiver.vault, receiver.vault.fingerprint)).toThrow(/cannot be removed/);
    const k = addSigner(receiver.ws.repo, receiver.vault, Buffer.from(attacker.vault.publicKey).toString('hex'), { label: 'Panel' });
    expect(k).toMatchObject({ fingerprint: attacker.vault.fingerprint, label: 'Panel', own: false });
    expect(actions(receiver)).toContain('package.signer_added');
    removeSigner(receiver.ws.repo, receiver.vault, attacker.vault.fingerprint);
    expect(() => addSigner(receiver.ws.repo, receiver.vault, 'not a key')).toThrow(/neither a signer fingerprint/);
  });
});

describe('signer trust on the command line', () => {
  it('verify exits 3 for an unknown signer; import refuses until --trust-signer; signers list|add|remove', async () => {
    // A closed copy of the receiver vault for the CLI (the file-scoped one stays open in this process).
    const dir = join(root, 'cli-vault');
    const r = await fileScopedVault();
    r.ws.dispose();
    r.vault.close();
    cpSync(r.dir, dir, { recursive: true });
    rmSync(join(r.dir, '..'), { recursive: true, force: true });
    const env = { SANCTUM_PASSPHRASE: PASS };
    const fp = attacker.vault.fingerprint;

    const v = await sanctum(['verify', forged]);
    expect(v.code, explain(v)).toBe(3);
    expect(v.stdout).toMatch(/^VALID, SIGNER UNKNOWN: /);
    expect(v.stdout).toContain(`Ed25519 key ${fp} — signature valid, signer UNKNOWN`);
    expect((await sanctum(['verify', forged, '--signer', fp])).code).toBe(0);

    const refused = await sanctum(['package', 'import', dir, forged], { env });
    expect(refused.code, explain(refused)).toBe(3);
    expect(refused.stdout).toContain(`Signer fingerprint: ${fp}`);
    expect(refused.stdout).toContain('--trust-signer');
    const imported = await sanctum(['package', 'import', dir, forged, '--trust-signer', fp, '--json'], { env });
    expect(imported.code, explain(imported)).toBe(0);
    expect(jsonOf<{ signerTrust: string }>(imported).signerTrust).toBe('trusted');

    const list = await sanctum(['signers', 'list', dir, '--json'], { env });
    expect(jsonOf<{ signers: { fingerprint: string }[] }>(list).signers.map((s) => s.fingerprint)).toContain(fp);
    expect((await sanctum(['verify', forged, '--vault', dir], { env })).code).toBe(0);
    const removed = await sanctum(['signers', 'remove', dir, fp], { env });
    expect(removed.code, explain(removed)).toBe(0);
    expect((await sanctum(['verify', forged, '--vault', dir], { env })).code).toBe(3);

    const help = await sanctum(['verify', '--help']);
    expect(help.stdout).toMatch(/Exit codes: .*3 valid, signature valid, but the signer is UNKNOWN/);
    expect((await sanctum(['--help'])).stdout).toMatch(/3 a package whose signature is valid but whose signer is UNKNOWN/);
  }, 240_000); // eleven CLI runs, most opening a vault (Argon2id): slow on a loaded machine
});
