/** search.everything through the real router (responses validated), over the session's full-text worker. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { tempDir } from '../../helpers/tmp';
import { PASS, TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

async function app() {
  const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF }, { validateResponses: true });
  await openInSession(session);
  const { call, sendUnchecked } = caller(router);
  return { session, router, call, sendUnchecked };
}

describe('search.everything over the router', () => {
  it('finds statements, entities and events; never a witness identity; audited; gone at lock', async () => {
    const { session, call } = await app();
    const find = (text: string, more: object = {}) => call('search.everything', { text, ...more });
    const c = await call('case.create', { name: 'Zawiya coast network', description: 'Boats leaving from the western coast' });
    const other = await call('case.create', { name: 'Other case' });
    const milad = await call('entity.create', { data: { caseId: c.id, kind: 'person', name: 'Muhammad Al-Milad', aliases: [{ value: 'Al-Bija', quality: 'weak' }], description: 'Coastguard commander in Zawiya' } });
    await call('event.create', { data: { caseId: other.id, title: 'Departure from Zuwara', date: { value: '2017-05-03' }, description: 'Forty people on a rubber boat' } });

    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const w = await call('witness.create', { data: { caseId: c.id }, identity: { fullName: 'Qqsecret Tadesse', otherNames: ['Qqalias'] }, reliability: 'B' });
    await call('entity.create', { data: { caseId: c.id, kind: 'person', name: w.data.pseudonym, witnessId: w.id } });
    const st = await call('statement.create', { caseId: c.id, witnessId: w.id, text: `${w.data.pseudonym} says the commander took payments in Zawiya harbour.`, interview: { date: { value: '2019-02-01' } } });

    // The index is built in the worker after unlock: wait for it, so the answer is complete (`building` null).
    await session.workspace().fulltext.ready();
    const r = await find('payments zawiya');
    expect(r.hits.map((h) => [h.kind, h.id])).toEqual([['statement', st.id]]);
    const h = r.hits[0]!;
    expect(h.highlights.map(([s, e]) => h.snippet.slice(s, e).toLowerCase()).sort()).toEqual(['payments', 'zawiya']);
    expect(r.counts.statement).toBe(1);
    expect(r.building).toBeNull();
    // Name normaliser: another spelling of the entity's name.
    expect((await find('Mohammed')).hits.map((x) => x.id)).toEqual([milad.id]);
    // Filters: case, kind, date, grade (the statement comes from the witness's source, graded B).
    expect((await find('zawiya', { kinds: ['entity'] })).hits.map((x) => x.id)).toEqual([milad.id]);
    expect((await find('boat*', { caseId: other.id })).hits.map((x) => x.kind)).toEqual(['event']);
    expect((await find('boat*', { caseId: c.id })).hits.map((x) => x.kind)).toEqual(['note']);
    expect((await find('zawiya', { from: '2019', to: '2019-02' })).hits.map((x) => x.id)).toEqual([st.id]);
    expect((await find('zawiya', { from: '2019-03' })).hits).toEqual([]);
    expect((await find('zawiya', { grades: ['B'] })).hits.map((x) => x.id)).toEqual([st.id]);
    expect((await find('zawiya', { grades: ['A', 'ungraded'] })).hits).toEqual([]);

    // The identity is in the compartment, never in the index; the pseudonym is found.
    for (const text of ['Qqsecret', 'Tadesse', 'Qqalias', '~qqsecrt', 'qqsec*']) expect((await find(text)).hits, text).toEqual([]);
    expect((await find(w.data.pseudonym)).hits.map((x) => x.kind).sort()).toEqual(['entity', 'source', 'statement']);

    // Searches are accesses: audited, without the query text.
    const audit = await call('audit.list', { limit: 1000 });
    const runs = audit.entries.filter((e) => e.action === 'search.everything');
    expect(runs.length).toBeGreaterThanOrEqual(10);
    // (The log names the case searched, and one case here is called "Zawiya coast network": look at the details.)
    expect(JSON.stringify(runs.map((r) => r.details))).not.toMatch(/zawiya|Qqsecret|payments/i);

    // Locked: the index is gone with the workspace.
    session.lock();
    await expect(find('zawiya')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await call('vault.unlock', { passphrase: PASS });
    // The index is rebuilt after unlock, opening text bodies as it goes: a search meanwhile may be partial.
    await session.workspace().fulltext.ready();
    expect((await find('payments')).hits.map((x) => x.id)).toEqual([st.id]);
    session.lock();
  });

  it('validates the request and names an unknown case', async () => {
    const { session, call, sendUnchecked } = await app();
    await expect(call('search.everything', { text: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', where: 'text' });
    await expect(sendUnchecked('search.everything', { text: 'x', kinds: ['spaceship'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('search.everything', { text: 'x', caseId: 'f'.repeat(32) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    session.lock();
  });
});
