import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApp } from '../../../main/ipc';
import { TEST_KDF, PASS, openInSession } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { caller } from '../../helpers/ipc';

describe('criteria channels over the real router', () => {
  it('assesses, records designations and overrides, and changes a standard', async () => {
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'v'), kdf: TEST_KDF }, { validateResponses: true });
    await openInSession(session, { witnessPassphrase: PASS });
    const f = await buildFixtureCase(session.workspace());
    const { call, sendUnchecked } = caller(router);
    const a = await call('criteria.assess', { entityId: f.e.milad, regimes: ['un-1970-libya'] });
    const ly05 = a.regimes[0]!.criteria.find((c) => c.id === 'LY-05')!;
    expect(ly05.status).toBe('partly');

    // Under a looser UN standard (one source), the same evidence meets the criterion.
    await call('criteria.setStandard', { authority: 'UN', patch: { minIndependentSources: 1 } });
    const b = await call('criteria.assess', { entityId: f.e.milad, regimes: ['un-1970-libya'] });
    expect(b.regimes[0]!.criteria.find((c) => c.id === 'LY-05')!.status).toBe('met');
    expect((await call('criteria.standards', {})).UN.minIndependentSources).toBe(1);
    await expect(sendUnchecked('criteria.setStandard', { authority: 'UN', patch: { threshold: 'anything' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // The victim is excluded until an analyst overrides with a reason.
    const v = await call('criteria.assess', { entityId: f.e.victim, regimes: ['un-1970-libya'] });
    expect(v.regimes[0]!.excluded!.reason).toMatch(/victim/);
    await expect(call('criteria.setOverride', { caseId: f.caseId, entityId: f.e.victim, reason: 'short' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await call('criteria.setOverride', { caseId: f.caseId, entityId: f.e.victim, reason: 'Became a guard at the detention centre and abused others.' });
    expect((await call('criteria.assess', { entityId: f.e.victim, regimes: ['un-1970-libya'] })).regimes[0]!.excluded).toBeNull();

    // Designations make association criteria reachable, and feed the case-wide flags.
    await call('criteria.addDesignation', { data: { caseId: f.caseId, entityId: f.e.milad, regimeIds: ['un-1970-libya'], references: ['LYi.026'], source: 'manual' } });
    expect(await call('criteria.designations', { entityId: f.e.milad })).toHaveLength(1);
    const flags = await call('criteria.assessCase', { caseId: f.caseId, regimes: ['un-1970-libya'] });
    expect(flags.find((x) => x.entityId === f.e.milad)!.met).toContain('LY-05');
    // Rule 9: who is already listed travels with the flags, so the Listings screen warns before a proposal.
    expect(flags.find((x) => x.entityId === f.e.milad)!.listed).toEqual({ regimeIds: ['un-1970-libya'], references: ['LYi.026'] });
    expect(flags.find((x) => x.entityId === f.e.victim)!.listed).toBeNull();

    const t = await call('criteria.traffickingTest', { eventId: f.events.detention });
    expect(t.title).toMatch(/Detention/);
    // The Events list: one verdict per event of the case, the same as the per-event test.
    const outcomes = await call('criteria.traffickingOutcomes', { caseId: f.caseId });
    expect(outcomes.map((o: { eventId: string }) => o.eventId).sort()).toEqual(Object.values(f.events).sort());
    expect(outcomes.find((o: { eventId: string }) => o.eventId === f.events.detention)).toEqual({ eventId: f.events.detention, trafficking: t.trafficking, outcome: t.outcome });
    await expect(call('criteria.traffickingOutcomes', { caseId: f.e.milad })).rejects.toMatchObject({ code: expect.any(String) });
    const actions = [...session.vault().audit.entries()].map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['criteria.standard_changed', 'criteria.victim_override_set', 'designation.recorded']));
  });
});

describe('assessCase', () => {
  it('gives, for every entity, exactly what assessing it alone gives (designations, overrides and standards read once)', async () => {
    const { session } = createApp({ vaultDir: join(tempDir(), 'v'), kdf: TEST_KDF });
    await openInSession(session, { witnessPassphrase: PASS });
    const ws = session.workspace();
    const f = await buildFixtureCase(ws);
    ws.criteria.addDesignation({ caseId: f.caseId, entityId: f.e.dabbashi, regimeIds: ['un-1970-libya'], references: ['LYi.021'], groups: ['al-dabbashi'], source: 'manual' });
    ws.criteria.setOverride({ caseId: f.caseId, entityId: f.e.victim, reason: 'Became a guard at the detention centre and abused others.' });
    ws.criteria.setStandard('UN', { minIndependentSources: 1 });
    for (const regimes of [undefined, ['un-1970-libya', 'eu-global-human-rights']]) {
      const all = ws.criteria.assessCase(f.caseId, regimes);
      expect(all.map((a) => a.entityId).sort()).toEqual(Object.values(f.e).sort());
      for (const a of all) expect(a).toEqual(ws.criteria.assess(a.entityId, regimes));
      // The fixture exercises what the shared lookups feed: an association, a lifted exclusion, a met criterion.
      const statuses = all.flatMap((a) => a.regimes.flatMap((r) => r.criteria.map((c) => c.status)));
      expect(statuses).toContain('met');
      expect(all.find((a) => a.entityId === f.e.victim)!.regimes.every((r) => r.excluded === null)).toBe(true);
    }
  });
});
