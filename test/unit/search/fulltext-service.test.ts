/**
 * FullTextService over a real vault, in its worker and in process: built from the sealed records, current after
 * edits, deletions and undo (the commit stream), witness links and source grades followed, gone when disposed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { FullTextService } from '../../../main/core/search/fulltext-service';
import { Repository } from '../../../main/core/store/repository';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';

const open: { dispose(): void }[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

for (const mode of ['worker', 'in-process'] as const) {
  describe(`FullTextService (${mode})`, () => {
    it('follows the commit stream: edits, deletions, undo, witness links and grades', async () => {
      const { vault } = await newTestVault();
      const ws = new Workspace(vault, undefined, { fulltext: mode });
      open.push(ws, { dispose: () => vault.close() });
      const f = await buildFixtureCase(ws);
      const ids = async (text: string, more: object = {}) => (await ws.fulltext.query({ text, ...more })).hits.map((h) => h.id);
      expect(await ids('"held for two months"')).toEqual([f.statementId]);
      expect(await ids('Dabbashi', { kinds: ['entity'] })).toContain(f.e.dabbashi);

      ws.entities.update(f.e.ghermay, { description: 'Runs the Kufra warehouse' });
      expect(await ids('kufra')).toEqual([f.e.ghermay]);
      ws.entities.update(f.e.ghermay, { description: 'Moved on' });
      expect(await ids('kufra')).toEqual([]);
      ws.repo.undo();
      expect(await ids('kufra')).toEqual([f.e.ghermay]);

      // Linked to a witness: only the entity's name stays indexed, not its description or aliases.
      const w = ws.witnesses.create({ caseId: f.caseId, pseudonym: 'W-099', entityId: f.e.ghermay });
      expect(await ids('kufra')).toEqual([]);
      expect(await ids('W-099', { kinds: ['source'] })).toContain(ws.witnesses.sourceOf(w.id)!.id);

      // A source's grade is the grade of the evidence that comes from it.
      expect(await ids('ngo-report*', { kinds: ['evidence'], grades: ['B'] })).toEqual([f.evidence.report]);
      ws.sources.update(f.sources.ngo, { reliability: 'D' });
      expect(await ids('ngo-report*', { kinds: ['evidence'], grades: ['B'] })).toEqual([]);
      expect(await ids('ngo-report*', { kinds: ['evidence'], grades: ['D'] })).toEqual([f.evidence.report]);

      ws.evidence.delete(f.evidence.report, { confirm: true });
      expect(await ids('ngo-report*', { kinds: ['evidence'] })).toEqual([]);

      ws.fulltext.dispose();
      await expect(ws.fulltext.query({ text: 'boat' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    });
  });
}

it('refuses the witness table', async () => {
  const { vault } = await newTestVault();
  open.push({ dispose: () => vault.close() });
  await vault.unlockWitness(WITNESS_PASS);
  expect(() => new FullTextService(new Repository(vault, 'witness_records'))).toThrow(/case records only/);
});
