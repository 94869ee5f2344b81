import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { granter } from '../../helpers/grants';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { caller } from '../../helpers/ipc';

async function app() {
  const events: [string, unknown][] = [];
  const dir = tempDir();
  const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p]) }, { validateResponses: true });
  await openInSession(session);
  const { call, sendUnchecked } = caller(router);
  return { session, router, call, sendUnchecked, events, dir, g: granter(grants) };
}

describe('case channels over the real router', () => {
  it('never grades a witness silently F: the request asks for reliability, "not yet graded" is explicit and caveated', async () => {
    const { call, sendUnchecked, session } = await app();
    const c = await call('case.create', { name: 'Grading', countries: ['ly'] });
    // Issue 11 rule 4: no grade, no witness.
    await expect(sendUnchecked('witness.create', { data: { caseId: c.id } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const graded = await call('witness.create', { data: { caseId: c.id }, reliability: 'B' });
    const ungraded = await call('witness.create', { data: { caseId: c.id }, reliability: 'ungraded' });
    const sources = await call('source.list', { caseId: c.id });
    const sourceOf = (w: { id: string }) => sources.find((s) => s.data.witnessId === w.id)!;
    expect(sourceOf(graded).data).toMatchObject({ reliability: 'B' });
    expect(sourceOf(graded).data.ungraded).toBeUndefined();
    expect(sourceOf(ungraded).data).toMatchObject({ reliability: 'F', ungraded: true });

    // The engine counts it as the lowest grade and says so on the finding.
    const ws = session.workspace();
    const who = await call('entity.create', { data: { caseId: c.id, kind: 'person', name: 'Subject' } });
    const ev = await ws.evidence.intake([Buffer.from('account')], { caseId: c.id, originalName: 'account.txt', sourceId: sourceOf(ungraded).id, credibility: 2 });
    await call('claim.create', { data: { caseId: c.id, assertion: { type: 'conduct', entityId: who.id, conduct: 'kidnap_for_ransom', country: 'ly' }, evidence: [{ evidenceId: ev.id }] } });
    const caveats = async () => {
      const a = await call('criteria.assess', { entityId: who.id, regimes: ['un-1970-libya'] });
      return a.regimes[0]!.criteria.find((x) => x.id === 'LY-05')!.caveats.join(' ');
    };
    expect(await caveats()).toMatch(/reliability is not yet graded \(W-\d+\), counted as F/);
    // Grading the source clears the flag and the caveat.
    const updated = await call('source.update', { id: sourceOf(ungraded).id, patch: { reliability: 'C' } });
    expect(updated.data.ungraded).toBeUndefined();
    expect(await caveats()).not.toMatch(/not yet graded/);
  });

  it('creates a case, entities and a link; lists rows; builds the entity view', async () => {
    const { call } = await app();
    const c = await call('case.create', { name: 'Test case', countries: ['ly'] });
    const a = await call('entity.create', { data: { caseId: c.id, kind: 'person', name: 'Ermias Ghermay', aliases: [{ value: 'Ermias Ghirmay', quality: 'weak' }] } });
    const b = await call('entity.create', { data: { caseId: c.id, kind: 'armed_group', name: 'Group B' } });
    await call('link.create', { data: { caseId: c.id, kind: 'member_of', source: a.id, target: b.id } });
    const rows = await call('entity.list', { caseId: c.id });
    expect(rows.map((r: { name: string; links: number }) => [r.name, r.links]).sort()).toEqual([['Ermias Ghermay', 1], ['Group B', 1]]);
    const view = await call('entity.get', { id: a.id });
    expect(view.links[0]!.target.name).toBe('Group B');
    expect((await call('case.list'))[0]!.counts).toMatchObject({ entity: 2, link: 1 });
    expect(await call('undo.peek')).toEqual({ label: 'create link' });
    await call('undo.run');
    expect((await call('entity.get', { id: a.id })).links).toEqual([]);
  });

  it('takes in evidence by grant with progress events, previews and exports it, and can cancel', async () => {
    const { call, events, dir, g } = await app();
    const c = await call('case.create', { name: 'Evidence case' });
    const path = join(dir, 'note.txt');
    writeFileSync(path, 'seen at the port on 14 May');
    const { items } = await call('evidence.intake', { caseId: c.id, grants: [g.read('evidence.intake', path)], jobId: 'job-1' });
    expect(items[0]).toMatchObject({ title: 'note.txt', mediaType: 'text/plain', size: 26 });
    expect(events.filter(([e]) => e === 'job.progress').at(-1)).toEqual(['job.progress', { jobId: 'job-1', label: 'Adding note.txt', done: 26, total: 26 }]);
    const prev = await call('evidence.preview', { id: items[0]!.id });
    expect(Buffer.from(prev.base64!, 'base64').toString()).toBe('seen at the port on 14 May');
    const view = await call('evidence.get', { id: items[0]!.id });
    expect(view.custody.map((e: { action: string }) => e.action)).toEqual(['custody.intake', 'custody.viewed']);
    await expect(call('evidence.intake', { caseId: c.id, grants: [g.read('evidence.intake', join(dir, 'missing.bin'))], jobId: 'j2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('job.cancel', { jobId: 'nothing-running' })).toEqual({ cancelled: false });
  });

  it('never returns a witness identity except through witness.reveal', async () => {
    const { call } = await app();
    const c = await call('case.create', { name: 'Witness case' });
    await expect(call('witness.create', { data: { caseId: c.id }, identity: { fullName: 'Zz Secret Name' }, reliability: 'ungraded' })).rejects.toMatchObject({ code: 'COMPARTMENT_LOCKED' });
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const w = await call('witness.create', { data: { caseId: c.id }, identity: { fullName: 'Zz Secret Name' }, reliability: 'ungraded' });
    expect(w.data.pseudonym).toBe('W-001');
    expect(w.hasIdentity).toBe(true);
    const st = await call('statement.create', { caseId: c.id, witnessId: w.id, text: 'testimony' });
    expect(JSON.stringify(await call('witness.list', { caseId: c.id }))).not.toContain('Zz Secret');
    expect(JSON.stringify(await call('evidence.get', { id: st.id }))).not.toContain('Zz Secret');
    expect((await call('witness.reveal', { witnessId: w.id }))!.fullName).toBe('Zz Secret Name');
    await call('compartment.lock');
    await expect(call('witness.reveal', { witnessId: w.id })).rejects.toMatchObject({ code: 'COMPARTMENT_LOCKED' });
    expect((await call('witness.list', { caseId: c.id }))[0]!.hasIdentity).toBeNull();
  });

  it('reports missing dialogs clearly when no shell provides them', async () => {
    const { router } = await app();
    expect(await router.invoke('system.pickFiles', { purpose: 'evidence.intake' })).toMatchObject({ ok: false, error: { message: /not available/ } });
  });
});
