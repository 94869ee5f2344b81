/**
 * entity.mentions and evidence.suggestions through the real router (responses validated), over extracted text
 * stored as an `evidence_text` record, with a claim making a mention "linked".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import type { EvidenceTextData } from '../../../shared/model/records';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

async function app() {
  const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF }, { validateResponses: true });
  await openInSession(session);
  const { call } = caller(router);
  return { session, call };
}

const PAGES = [
  'Rapport de la brigade, Tripoli.\nLe témoin déclare que Mohamed Haddad a reçu 5 000 € de Samir Ben Youssef.',
  'The broker Mohammed Al-Haddad used +218 91 234 5678 and the account GB82 WEST 1234 5698 7654 32.\nقال الشاهد إن محمد الحداد كان هناك.',
];

describe('mentions over the router', () => {
  it('lists an entity’s mentions and a document’s suggestions, and marks them linked once a claim cites it', async () => {
    const { session, call } = await app();
    const c = await call('case.create', { name: 'Zawiya coast network' });
    const haddad = await call('entity.create', {
      data: { caseId: c.id, kind: 'person', name: 'Mohammed Al-Haddad', identifiers: [{ type: 'phone_number', value: '00218 912 345 678' }] },
    });
    const account = await call('entity.create', { data: { caseId: c.id, kind: 'bank_account', name: 'Account at West Bank', identifiers: [{ type: 'iban', value: 'GB82WEST12345698765432' }] } });
    const file = join(tempDir(), 'report.pdf');
    writeFileSync(file, '%PDF-1.4 fake');
    const w = session.workspace();
    const ev = await w.evidence.intake(file, { caseId: c.id, originalName: 'report.pdf', title: 'Brigade report' });
    const text: EvidenceTextData = {
      caseId: c.id,
      evidenceId: ev.id,
      sha256: ev.data.file!.blob.sha256,
      status: 'extracted',
      pages: PAGES.map((t, i) => ({ page: i + 1, method: 'pdf-text', text: t })),
      languages: [],
      extractor: 'test',
      extractedAt: new Date().toISOString(),
      warnings: [],
    };
    await w.text.save(text);

    const s = await call('evidence.suggestions', { evidenceId: ev.id });
    expect(s.entities).toEqual([{ entityId: haddad.id, name: 'Mohammed Al-Haddad', count: 3, firstPage: 1, linked: false }]);
    expect(s.patterns).toEqual([
      { type: 'amount', value: '5 000 €', normalised: '5000 EUR', page: 1 },
      { type: 'phone', value: '+218 91 234 5678', normalised: '+218912345678', page: 2, entityId: haddad.id },
      { type: 'iban', value: 'GB82 WEST 1234 5698 7654 32', normalised: 'GB82WEST12345698765432', page: 2, entityId: account.id },
    ]);
    expect(s.unknownNames).toEqual([{ name: 'Samir Ben Youssef', count: 1, page: 1 }]);

    const mentions = await call('entity.mentions', { entityId: haddad.id });
    expect(mentions.map((m) => [m.page, m.via, m.found, m.linked])).toEqual([
      [1, 'name', 'Mohamed Haddad', false],
      [2, 'name', 'Mohammed Al-Haddad', false],
      [2, 'identifier', '+218 91 234 5678', false],
      [2, 'name', 'محمد الحداد', false],
    ]);
    for (const m of mentions) {
      expect(m.title).toBe('Brigade report');
      const [[a, b]] = m.highlights as [[number, number]];
      expect(m.snippet.slice(a, b)).toBe(m.found);
    }

    // Accepting "create claim" is the existing claim.create citing the item: the mention becomes linked.
    await call('claim.create', { data: { caseId: c.id, assertion: { type: 'conduct', entityId: haddad.id, conduct: 'kidnap_for_ransom' }, evidence: [{ evidenceId: ev.id, locator: 'p. 1' }] } });
    expect((await call('entity.mentions', { entityId: haddad.id })).every((m) => m.linked)).toBe(true);
    expect((await call('evidence.suggestions', { evidenceId: ev.id })).entities[0]!.linked).toBe(true);
    // The account entity is not named in words, only by its IBAN.
    expect((await call('entity.mentions', { entityId: account.id })).map((m) => m.via)).toEqual(['identifier']);

    await expect(call('evidence.suggestions', { evidenceId: haddad.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    session.lock();
    await expect(call('entity.mentions', { entityId: haddad.id })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  it('answers empty suggestions for an item without extracted text', async () => {
    const { session, call } = await app();
    const c = await call('case.create', { name: 'C' });
    const file = join(tempDir(), 'photo.jpg');
    writeFileSync(file, 'not really a jpeg');
    const ev = await session.workspace().evidence.intake(file, { caseId: c.id, originalName: 'photo.jpg' });
    expect(await call('evidence.suggestions', { evidenceId: ev.id })).toEqual({ evidenceId: ev.id, entities: [], patterns: [], unknownNames: [] });
    session.lock();
  });
});
