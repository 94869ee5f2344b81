/**
 * A vault for package tests: the realistic fixture case, plus a protected witness whose real name appears in
 * places it must never leave from: the statement text, a document (UTF-16, as office formats store text), and
 * a document that has a redacted working copy. One more statement allows naming to prosecutors, one allows no
 * sharing at all, and one public document is not confidential.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../main/core/workspace';
import type { Vault } from '../../main/core/vault/vault';
import { buildFixtureCase, type FixtureCase } from './case-fixture';
import { openTestVaultAt, WITNESS_PASS } from './vault';

/**
 * A vault that lives for a whole test file (created in beforeAll): not under tempDir(), which empties itself
 * after every test. `dispose` locks it and removes the folder.
 */
export async function fileScopedVault(): Promise<{ dir: string; vault: Vault; ws: Workspace; dispose(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'sanctum-pkgvault-'));
  const dir = join(root, 'vault');
  const { vault } = await openTestVaultAt(dir);
  const ws = new Workspace(vault);
  return {
    dir,
    vault,
    ws,
    dispose() {
      ws.dispose();
      vault.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const WITNESS_NAME = 'Amanuel Tesfay Haile';
export const WITNESS_OTHER_NAME = 'Aman Haile';
export const NAMED_WITNESS = 'Selam Berhane Tekle';

export interface PackageFixture {
  dir: string;
  vault: Vault;
  ws: Workspace;
  dispose(): void;
  fx: FixtureCase;
  ids: {
    /** A document with the witness's name in UTF-16LE; no redacted copy: must be withheld under every profile. */
    nameUtf16: string;
    /** A document naming the witness, with a clean redacted working copy that goes instead. */
    nameWithCopy: string;
    redactedCopy: string;
    /** Not confidential: the public profile releases it. */
    publicDoc: string;
    /** Consent to share with prosecutors and to be named. */
    namedStatement: string;
    /** No consent to share with prosecutors, nor for listings. */
    privateStatement: string;
    namedWitness: string;
  };
}

export async function packageFixture(): Promise<PackageFixture> {
  const { dir, vault, ws, dispose } = await fileScopedVault();
  const fx = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(fx.witnessId, { fullName: WITNESS_NAME, otherNames: [WITNESS_OTHER_NAME] });
  ws.witnesses.updateStatement(fx.statementId, {
    text: `My name is ${WITNESS_NAME}; people call me ${WITNESS_OTHER_NAME.toUpperCase()}. I was held for two months at the centre.`,
  });
  const caseId = fx.caseId;
  const add = async (name: string, bytes: Uint8Array, meta: Record<string, unknown> = {}) => (await ws.evidence.intake([bytes], { caseId, originalName: name, ...meta })).id;
  const nameUtf16 = await add('interview-notes.docx', Buffer.concat([Buffer.from('PK\u0003\u0004 binary header '), Buffer.from(`Interviewed ${WITNESS_NAME} today`, 'utf16le')]));
  const nameWithCopy = await add('detention-list.txt', Buffer.from(`Detainees: 14. Among them ${WITNESS_NAME.toLowerCase()}, age 19.\n`));
  const redactedCopy = (await ws.evidence.addWorkingCopy(nameWithCopy, [Buffer.from('Detainees: 14. Among them [REDACTED], age 19.\n')], { type: 'redacted', originalName: 'detention-list-redacted.txt' })).id;
  const publicDoc = await add('press-release.txt', Buffer.from('The coast guard unit intercepted a boat on 14 May 2017.\n'), { confidentiality: 'normal' });
  const namedWitness = ws.witnesses.create({ caseId, pseudonym: 'W-018' }, { fullName: NAMED_WITNESS }).id;
  const namedStatement = ws.witnesses.recordStatement({
    caseId,
    witnessId: namedWitness,
    consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: true },
    text: `I, ${NAMED_WITNESS}, saw the boat being towed back.`,
  }).id;
  const privateStatement = ws.witnesses.recordStatement({
    caseId,
    witnessId: fx.witnessId,
    consent: { useForListing: false, shareWithProsecutors: false, mayBeNamed: false },
    text: 'A second account, given on condition that it stays with the investigators.',
  }).id;
  // Claims citing the new items, so selections by claim and the releasable narrative have something to show.
  ws.claims.create({ caseId, assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly' }, statement: 'Public reporting of the interception.', evidence: [{ evidenceId: publicDoc }], releasable: true });
  ws.claims.create({ caseId, assertion: { type: 'participation', entityId: fx.e.milad, eventId: fx.events.detention }, evidence: [{ evidenceId: nameWithCopy, excerpt: `${WITNESS_NAME} was on the list` }, { evidenceId: namedStatement }] });
  return { dir, vault, ws, dispose, fx, ids: { nameUtf16, nameWithCopy, redactedCopy, publicDoc, namedStatement, privateStatement, namedWitness } };
}

export const ORG = { name: 'UN Panel of Experts on Libya', contactName: 'Coordinator' };
