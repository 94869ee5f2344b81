/**
 * Issue 10, last acceptance bullet: a statement's consent withdrawn (not for listings, not to be named), then
 * the row's older ciphertext put back by someone holding the folder (as test/security/rollback.test.ts does).
 * The vault refuses to open, so no package or listing proposal can be built from the restored consent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { fromHex } from '../../main/core/crypto/bytes';
import { unlockVault } from '../../main/core/vault/vault';
import type { EvidenceData } from '../../shared/model/records';
import { buildFixtureCase } from '../helpers/case-fixture';
import { cliBundle, sanctum } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS, WITNESS_PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

function withDb<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'vault.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('consent rolled back', () => {
  it('an older ciphertext of a statement (consent given) put back after withdrawal: unlock refused, no package, no proposal', async () => {
    const { dir, vault } = await newTestVault();
    const ws = new Workspace(vault);
    const fx = await buildFixtureCase(ws);
    const given = { useForListing: true, shareWithProsecutors: true, mayBeNamed: true };
    ws.witnesses.updateStatement(fx.statementId, { consent: given });
    ws.dispose();
    vault.close();
    const old = withDb(dir, (db) => (db.prepare('SELECT ct FROM records WHERE id = ?').get(fromHex(fx.statementId)) as { ct: Buffer }).ct);

    // The witness withdraws consent.
    const v2 = await unlockVault(dir, PASS);
    const ws2 = new Workspace(v2);
    ws2.witnesses.updateStatement(fx.statementId, { consent: { useForListing: false, shareWithProsecutors: false, mayBeNamed: false } });
    expect(ws2.repo.get<EvidenceData>(fx.statementId)?.data.statement?.consent).toMatchObject({ useForListing: false, mayBeNamed: false });
    ws2.dispose();
    v2.close();

    // Someone holding the folder puts the consenting version back.
    withDb(dir, (db) => db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(old, fromHex(fx.statementId)));

    await expect(unlockVault(dir, PASS)).rejects.toMatchObject({ code: 'VAULT_ROLLED_BACK' });
    const env = { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } };
    const out = tempDir();
    const pkg = await sanctum(['package', 'export', dir, '--case', fx.caseId, '--profile', 'prosecutor', '--org', 'Court', '--out', join(out, 'p.tar')], env);
    expect(pkg.code).toBe(1);
    expect(pkg.stderr).toMatch(/not the version Sanctum last committed|rolled back/i);
    const proposal = await sanctum(['proposal', dir, fx.e.milad, '--regime', 'un-1970-libya', '--out', join(out, 'p.html')], env);
    expect(proposal.code).toBe(1);
    expect(proposal.stderr).toMatch(/not the version Sanctum last committed|rolled back/i);
    expect(existsSync(join(out, 'p.tar')) || existsSync(join(out, 'p.html'))).toBe(false);
  }, 120_000);
});
