/** search.query through the real router (responses validated), over the session's worker-backed index. */
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

describe('search.query over the router', () => {
  it('finds entities by variant spellings and scripts, with filters, and never a witness identity', async () => {
    const { session, call } = await app();
    const c = await call('case.create', { name: 'Zawiya coast network' });
    const other = await call('case.create', { name: 'Other case' });
    const milad = await call('entity.create', {
      data: { caseId: c.id, kind: 'person', name: 'Abd Al-Rahman Al-Milad', originalScriptName: 'عبد الرحمن الميلاد', aliases: [{ value: 'Al-Bija', quality: 'weak' }] },
    });
    const boat = await call('entity.create', { data: { caseId: c.id, kind: 'vessel', name: 'Al-Milad Star' } });
    await call('entity.create', { data: { caseId: other.id, kind: 'person', name: 'Abdul Rahman Milad' } });

    const r = await call('search.query', { text: 'Abdulrahman Milad', caseId: c.id });
    expect(r.hits[0]).toEqual({ id: milad.id, caseId: c.id, kind: 'person', name: 'Abd Al-Rahman Al-Milad', matched: null, score: expect.any(Number) });
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
    expect((await call('search.query', { text: 'al-bija' })).hits[0]).toMatchObject({ id: milad.id, matched: 'Al-Bija' });
    expect((await call('search.query', { text: 'الميلاد', kinds: ['vessel'] })).hits.map((h) => h.id)).toEqual([boat.id]);
    expect((await call('search.query', { text: 'Milad', limit: 1 })).hits).toHaveLength(1);

    // The witness compartment: the identity is recorded, the pseudonym is all search ever sees.
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const w = await call('witness.create', { data: { caseId: c.id }, identity: { fullName: 'Zz Secretname Tadesse' }, reliability: 'C' });
    await call('entity.create', { data: { caseId: c.id, kind: 'person', name: w.data.pseudonym, witnessId: w.id } });
    for (const text of ['Secretname', 'Zz Secretname Tadesse', 'Tadesse']) expect((await call('search.query', { text })).hits, text).toEqual([]);
    expect((await call('search.query', { text: w.data.pseudonym })).hits.map((h) => h.name)).toEqual([w.data.pseudonym]);
    expect(JSON.stringify(await call('search.query', { text: 'Zz', limit: 200 }))).not.toContain('Secretname');

    // Locked: no search; unlocked again: the index is rebuilt from the vault.
    session.lock();
    await expect(call('search.query', { text: 'Milad' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await call('vault.unlock', { passphrase: PASS });
    expect((await call('search.query', { text: 'Abdulrahman Milad', caseId: c.id })).hits[0]?.id).toBe(milad.id);
    session.lock();
  });

  it('validates the request and names an unknown case', async () => {
    const { session, call, sendUnchecked } = await app();
    await expect(call('search.query', { text: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'INVALID_INPUT', where: 'text' });
    await expect(call('search.query', { text: 'x', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', where: 'limit' });
    await expect(sendUnchecked('search.query', { text: 'x', kinds: ['spaceship'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('search.query', { text: 'x', caseId: 'f'.repeat(32) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('search.query', { text: '' })).toMatchObject({ hits: [] });
    session.lock();
  });
});
