/**
 * The timeline tests' case (test/unit/graph/timeline-cache.test.ts, test/integration/timeline-cli.test.ts): the
 * fixture case in a test vault, the witness compartment open with the witness's identity recorded, and a dated
 * conduct claim whose statement names the witness. Each test file says the claim's date and statement, which its
 * assertions quote.
 */
import { Workspace } from '../../main/core/workspace';
import { buildFixtureCase } from './case-fixture';
import { newTestVault, WITNESS_PASS } from './vault';

export async function timelineCase(claim: { date: string; statement: string }) {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zz Secret Fullname' });
  const claimId = ws.claims.create({
    caseId: f.caseId,
    assertion: { type: 'conduct', entityId: f.e.ghermay, conduct: 'recruitment', date: { value: claim.date } },
    statement: claim.statement,
  }).id;
  return { dir, vault, ws, f, claim: claimId };
}
