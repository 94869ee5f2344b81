/** Package channels over the real router (responses validated against the contract): preview, export with job progress, verify, key, import, decrypt. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { granter } from '../../helpers/grants';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { caller } from '../../helpers/ipc';

async function app() {
  const events: [string, unknown][] = [];
  const dir = tempDir();
  const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p]) }, { validateResponses: true });
  await openInSession(session);
  const { call } = caller(router);
  return { session, router, call, events, dir, g: granter(grants) };
}

describe('package channels', () => {
  it('preview, export (with progress), verify, recipient key, import and decrypt', async () => {
    const { session, call, events, dir, g } = await app();
    const fx = await buildFixtureCase(session.workspace());
    const preview = await call('package.preview', { caseId: fx.caseId, selection: { case: true }, profile: 'panel' });
    expect(preview).toMatchObject({ profile: 'panel', needsWitnessCompartment: true, witnessCompartmentOpen: false, counts: { claims: 4 } });
    expect(preview.items.find((i) => i.id === fx.statementId)!.treatment).toMatch(/pseudonym W-017/);
    const publicPreview = await call('package.preview', { caseId: fx.caseId, selection: { case: true }, profile: 'public' });
    expect(publicPreview.items).toEqual([]);
    expect(publicPreview.withheld.map((w: { code: string }) => w.code).sort()).toEqual(['confidential', 'confidential', 'confidential', 'public_statement']);

    const outPath = join(dir, 'panel.tar');
    // Each export redeems its own grant (single use); main adds the extension `packaging` needs.
    const req = () => ({ caseId: fx.caseId, selection: { case: true }, profile: 'panel' as const, out: g.write('package.export', join(dir, 'panel')), packaging: 'tar' as const, organization: { name: 'Panel of Experts' }, jobId: 'exp-1' });
    await expect(call('package.export', req())).rejects.toMatchObject({ code: 'COMPARTMENT_LOCKED' });
    expect(existsSync(outPath)).toBe(false);
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const res = await call('package.export', req());
    expect(res).toMatchObject({ name: 'panel.tar', format: 'tar', profile: 'panel', signer: { fingerprint: session.vault().fingerprint } });
    expect(events.filter(([e, p]) => e === 'job.progress' && (p as { jobId: string }).jobId === 'exp-1').length).toBeGreaterThan(0);

    // The export hands back a grant to verify what it wrote; each verify hands back one to import it and one to verify again.
    const report = await call('package.verify', { grant: res.verifyGrant, jobId: 'ver-1' });
    expect(report).toMatchObject({ name: 'panel.tar', valid: true, sanctum: { packageId: res.packageId, signatureValid: true } });
    expect(JSON.stringify(report)).not.toContain(dir);
    expect(await call('package.verify', { grant: report.verifyGrant!, expectSigner: 'AAAA BBBB' })).toMatchObject({ valid: false });
    await expect(call('package.verify', { grant: report.verifyGrant! })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('package.export', { ...req(), recipients: ['not-a-key'], jobId: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT', where: 'recipients.0' });

    const key = await call('package.recipientKey');
    expect(key.publicKey).toMatch(/^x25519:[0-9a-f]{64}$/);
    expect(await call('package.recipientKey')).toEqual(key);
    const sealed = join(dir, 'sealed.sanctum');
    await call('package.export', { ...req(), out: g.write('package.export', sealed), recipients: [key.publicKey], jobId: 'exp-2' });
    const sealedReport = await call('package.verify', { grant: g.read('package.verify', sealed) });
    expect(sealedReport).toMatchObject({ valid: true, format: 'encrypted' });
    const plain = await call('package.decrypt', { grant: g.read('package.decrypt', sealed), out: g.write('package.decrypt', join(dir, 'opened')), jobId: 'dec-1' });
    expect(plain).toMatchObject({ name: 'sealed' });
    expect(await call('package.verify', { grant: plain.verifyGrant })).toMatchObject({ valid: true, format: 'directory' });

    const imported = await call('package.import', { grant: sealedReport.importGrant!, jobId: 'imp-1' });
    expect(imported).toMatchObject({ packageId: expect.stringMatching(/^sanctum-pkg-/), signer: { fingerprint: session.vault().fingerprint } });
    expect(imported.items.length).toBe(res.items.length);
    // Item locations are inside the bag, never paths on this computer, on both sides of the exchange.
    for (const i of [...res.items, ...imported.items] as Record<string, unknown>[]) {
      expect(i.inBag).toMatch(/^data\//);
      expect(i).not.toHaveProperty('path');
    }

    await call('vault.lock');
    // Verification needs no vault, except to open an encrypted package.
    expect(await call('package.verify', { grant: g.read('package.verify', outPath) })).toMatchObject({ valid: true });
    await expect(call('package.verify', { grant: g.read('package.verify', sealed) })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
