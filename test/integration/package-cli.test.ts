/**
 * `sanctum package …` and `sanctum verify` through the real, bundled CLI: export (plain and encrypted),
 * verify with exit codes and --json, a tampered package and a hostile archive refused with the file named,
 * key, decrypt, import into a second vault.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { buildFixtureCase } from '../helpers/case-fixture';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

const env = { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS };
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

async function vaultWithCase(): Promise<{ dir: string; caseId: string }> {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const fx = await buildFixtureCase(ws);
  ws.dispose();
  vault.close();
  return { dir, caseId: fx.caseId };
}

describe('sanctum package / verify', () => {
  it('exports, verifies, refuses tampering, encrypts to a recipient, decrypts and imports', async () => {
    const a = await vaultWithCase();
    const b = await newTestVault();
    b.vault.close();
    const work = tempDir();
    const bag = join(work, 'for-panel');

    const exp = await sanctum(['package', 'export', a.dir, '--case', 'Zawiya coast network', '--profile', 'panel', '--out', bag, '--org', 'UN Panel of Experts', '--json'], { env });
    expect(exp.code, explain(exp)).toBe(0);
    const e = jsonOf<{ packageId: string; items: { path: string }[]; signer: { fingerprint: string } }>(exp);
    expect(e.items.length).toBe(4);

    // Without --signer or a vault that knows the key: valid, but the signer is unknown (exit 3).
    const unknown = await sanctum(['verify', bag]);
    expect(unknown.code, explain(unknown)).toBe(3);
    expect(unknown.stdout).toMatch(/^VALID, SIGNER UNKNOWN: /);
    expect(unknown.stdout).toContain(`Ed25519 key ${e.signer.fingerprint} — signature valid, signer UNKNOWN`);
    const ok = await sanctum(['verify', bag, '--signer', e.signer.fingerprint]);
    expect(ok.code, explain(ok)).toBe(0);
    expect(ok.stdout).toMatch(/^VALID: /);
    expect(ok.stdout).toContain(`Ed25519 key ${e.signer.fingerprint} — signature valid, the expected signer`);
    expect(ok.stdout).toMatch(/continuous from intake to this export/);

    const bad = join(work, 'tampered');
    cpSync(bag, bad, { recursive: true });
    const victim = e.items[0]!.path;
    const bytes = readFileSync(join(bad, victim));
    bytes[0]! ^= 1;
    writeFileSync(join(bad, victim), bytes);
    const no = await sanctum(['verify', bad]);
    expect(no.code, explain(no)).toBe(1);
    expect(no.stdout).toMatch(/^INVALID: /);
    expect(no.stdout).toContain(`error    ${victim}: SHA-256 does not match manifest-sha256.txt`);
    const noJson = await sanctum(['verify', bad, '--json']);
    expect(noJson.code).toBe(1);
    expect(jsonOf<{ valid: boolean; problems: { file: string }[] }>(noJson).problems.map((p) => p.file)).toContain(victim);
    const wrongSigner = await sanctum(['verify', bag, '--signer', '0000 0000 0000 0000 0000 0000 0000 0000']);
    expect(wrongSigner.code).toBe(1);

    // A hostile archive: refused with the entry named, exit 1, nothing written.
    const evil = join(work, 'evil.tar');
    const h = Buffer.alloc(512);
    h.write('../../etc/cron.d/x', 0);
    h.write('0000644\0', 100);
    h.write('00000000005\0', 124);
    h.fill(0x20, 148, 156);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const x of h) sum += x;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    writeFileSync(evil, Buffer.concat([h, Buffer.from('evil\n'), Buffer.alloc(507 + 1024)]));
    const hostile = await sanctum(['verify', evil]);
    expect(hostile.code, explain(hostile)).toBe(1);
    expect(hostile.stdout).toMatch(/error {4}\.\.\/\.\.\/etc\/cron\.d\/x: unsafe path in the archive/);

    // Encrypted to vault B, which alone opens it.
    const key = await sanctum(['package', 'key', b.dir, '--json'], { env });
    expect(key.code, explain(key)).toBe(0);
    const { publicKey, fingerprint } = jsonOf<{ publicKey: string; fingerprint: string }>(key);
    expect(publicKey).toMatch(/^x25519:[0-9a-f]{64}$/);
    expect(fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){7}$/);
    const sealed = join(work, 'panel.sanctum');
    const enc = await sanctum(['package', 'export', a.dir, '--case', a.caseId, '--profile', 'panel', '--recipient', publicKey, '--out', sealed, '--org', 'UN'], { env });
    expect(enc.code, explain(enc)).toBe(0);
    expect(enc.stdout).toMatch(/Encrypted to 1 recipient/);
    const noVault = await sanctum(['verify', sealed]);
    expect(noVault.code).toBe(2);
    const withVault = await sanctum(['verify', sealed, '--vault', b.dir], { env });
    expect(withVault.code, explain(withVault)).toBe(3); // B does not know A's key yet
    const dec = await sanctum(['package', 'decrypt', b.dir, sealed, '--out', join(work, 'opened'), '--json'], { env });
    expect(dec.code, explain(dec)).toBe(0);
    const opened = jsonOf<{ path: string }>(dec).path;
    expect(existsSync(join(opened, 'bagit.txt'))).toBe(true);
    expect((await sanctum(['verify', opened, '--signer', e.signer.fingerprint])).code).toBe(0);

    const imp = await sanctum(['package', 'import', b.dir, sealed, '--trust-signer', e.signer.fingerprint, '--json'], { env });
    expect(imp.code, explain(imp)).toBe(0);
    expect(jsonOf<{ packageId: string; items: unknown[] }>(imp).items.length).toBe(4);
    const refused = await sanctum(['package', 'import', b.dir, bad], { env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Refused: the package is not valid.');
    expect(refused.stdout).toContain(victim);
  }, 240_000);

  it('says what is missing: usage errors exit 2', async () => {
    const r = await sanctum(['package', 'export', '/nowhere', '--case', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out <path> is required/);
    const p = await sanctum(['package', 'export', '/nowhere', '--case', 'x', '--out', '/tmp/x', '--profile', 'press']);
    expect(p.code).toBe(2);
  });
});
