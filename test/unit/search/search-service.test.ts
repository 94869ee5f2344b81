/**
 * SearchService over a real vault: the index in its worker thread, fed from the repository's commit stream,
 * current after every edit, never holding a witness's real identity; and the in-process variant the CLI uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { SearchService, SearchWorkerClient, type SearchMode } from '../../../main/core/search/search-service';
import { Repository } from '../../../main/core/store/repository';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';
import { generatedEntity } from '../../bench/search-names';

const open: { dispose(): void }[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

async function fixture(mode: SearchMode) {
  const { vault } = await newTestVault();
  const ws = new Workspace(vault, undefined, { search: mode });
  open.push(ws, { dispose: () => vault.close() });
  const f = await buildFixtureCase(ws);
  const find = async (text: string, opts: { caseId?: string; kinds?: string[] } = {}) => (await ws.search.query({ text, ...opts })).hits;
  return { vault, ws, f, find };
}

for (const mode of ['worker', 'in-process'] as const) {
  describe(`SearchService (${mode})`, () => {
    it('finds fixture entities by any spelling and script', async () => {
      const { ws, f, find } = await fixture(mode);
      expect(ws.search.mode).toBe(mode);
      expect((await find('Abdulrahman Milad'))[0]).toMatchObject({ id: f.e.milad, caseId: f.caseId, kind: 'person', name: 'Abd Al-Rahman Al-Milad', matched: null });
      expect((await find('عبد الرحمن الميلاد'))[0]?.id).toBe(f.e.milad);
      expect((await find('ኤርምያስ'))[0]?.id).toBe(f.e.ghermay);
      expect((await find('Dabbashi', { kinds: ['armed_group'] })).map((h) => h.id)).toEqual([f.e.militia]);
      const r = await ws.search.query({ text: 'Milad' });
      expect(r.tookMs).toBeGreaterThanOrEqual(0);
    });

    it('follows edits, deletions and undo through the commit stream', async () => {
      const { ws, f, find } = await fixture(mode);
      await find('warm up'); // the in-process index is built on first use; later edits must reach it too
      ws.entities.update(f.e.ghermay, { aliases: [{ value: 'Wedi Ghirmay', quality: 'weak' }] });
      expect((await find('Wedi Ghirmay'))[0]).toMatchObject({ id: f.e.ghermay, matched: 'Wedi Ghirmay' });
      expect((await find('Ermias Ghirmay')).map((h) => h.id)).toContain(f.e.ghermay); // name kept, old alias gone
      ws.entities.update(f.e.ghermay, { name: 'Yonas Tesfay' });
      expect((await find('Yonas Tesfay'))[0]?.id).toBe(f.e.ghermay);
      expect((await find('Ermias')).map((h) => h.id)).not.toContain(f.e.ghermay);
      ws.entities.delete(f.e.zawiya, { confirm: true });
      expect(await find('Zawiya', { kinds: ['location'] })).toEqual([]);
      ws.repo.undo();
      expect((await find('Zawiya', { kinds: ['location'] })).map((h) => h.id)).toEqual([f.e.zawiya]);
      const c = ws.cases.create({ name: 'Second case' });
      const e = ws.entities.create({ caseId: c.id, kind: 'person', name: 'Abdul Rahman Milad' });
      expect((await find('Abd al-Rahman al-Milad', { caseId: c.id })).map((h) => h.id)).toEqual([e.id]);
    });

    it("never indexes a witness's real identity, only the pseudonym", async () => {
      const { vault, ws, f, find } = await fixture(mode);
      await vault.unlockWitness(WITNESS_PASS);
      ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zerihun Qeshi Tadesse', otherNames: ['Wedi Tadesse'], address: 'Mai Temenai' });
      const entity = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'W-017', witnessId: f.witnessId });
      for (const q of ['Zerihun Qeshi Tadesse', 'Tadesse', 'Zerihun', 'Wedi Tadesse', 'Mai Temenai']) expect(await find(q), q).toEqual([]);
      expect((await find('W-017')).map((h) => h.id)).toEqual([entity.id]);
      // Nor after a rebuild from the vault (a worker restart or a new session takes a fresh snapshot).
      const again = new SearchService(ws.repo, { mode });
      open.push(again);
      expect((await again.query({ text: 'Tadesse' })).hits).toEqual([]);
      expect((await again.query({ text: 'W-017' })).hits.map((h) => h.id)).toEqual([entity.id]);
      expect(() => new SearchService(new Repository(vault, 'witness_records'), { mode })).toThrow(/case records only/);
    });

    it('refuses queries once disposed (vault locked)', async () => {
      const { ws, find } = await fixture(mode);
      await find('Milad');
      ws.search.dispose();
      await expect(find('Milad')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      await expect(ws.search.ready()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    });
  });
}

describe('search worker', () => {
  it('builds its index without blocking the main thread', async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => generatedEntity(i, ['c'.repeat(32)])).map(({ id, caseId, kind, name, aliases }) => ({ id, caseId, kind, name, aliases }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const client = new SearchWorkerClient(() => names);
    open.push(client);
    const afterPost = ticks;
    await client.ready();
    clearInterval(timer);
    // The main event loop kept running while the worker indexed 120k names.
    expect(ticks - afterPost).toBeGreaterThan(5);
    expect((await client.query(names[123]!.name, { limit: 5 })).map((h) => h.id)).toContain(names[123]!.id);
  });

  it('answers a failing query with an error and keeps serving the next ones', async () => {
    const client = new SearchWorkerClient(() => [{ id: 'e'.repeat(32), caseId: 'c'.repeat(32), kind: 'person', name: 'Ermias Ghermay' }]);
    open.push(client);
    await client.ready();
    // Not a string: the index throws inside the worker, which reports it for this query only.
    await expect(client.query(42 as unknown as string, {})).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await client.query('Ermias', {})).map((h) => h.name)).toEqual(['Ermias Ghermay']);
  });
});
