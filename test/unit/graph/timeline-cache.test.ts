/**
 * The workspace's timeline cache (main/core/graph/timeline.ts TimelineCache): the same model answered again
 * while nothing changed, and a fresh one after anything that changes what the timeline shows or hides — a
 * write, an undo, the witness compartment opening or closing, a witness identity recorded while it is open,
 * the workspace disposed at lock. Each rebuilt model is checked against a build from scratch.
 */
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../main/core/graph/timeline';
import { timelineCase } from '../../helpers/timeline-fixture';
import { WITNESS_PASS } from '../../helpers/vault';

const fixture = () => timelineCase({ date: '2016', statement: 'Ghermay recruited Zz Secret Fullname, known as Qq Harbour Name.' });

const labelOf = (m: ReturnType<typeof buildTimeline>, id: string) => m.items.find((i) => i.id === id)?.label ?? '';

describe('timeline cache', () => {
  it('answers the same model while nothing changed, and rebuilds after a write and after an undo', async () => {
    const { ws, f } = await fixture();
    const first = ws.timelines.get(f.caseId);
    expect(ws.timelines.get(f.caseId)).toBe(first);
    expect(ws.timelines.builds).toBe(1);
    expect(first).toEqual(buildTimeline(ws, f.caseId));

    const added = ws.links.create({ caseId: f.caseId, kind: 'paid', source: f.e.ghermay, target: f.e.milad, date: { value: '2018-05-02' } }).id;
    const after = ws.timelines.get(f.caseId);
    expect(after).not.toBe(first);
    expect(after.items.map((i) => i.id)).toContain(added);
    expect(after).toEqual(buildTimeline(ws, f.caseId));

    ws.repo.undo();
    const undone = ws.timelines.get(f.caseId);
    expect(undone.items.map((i) => i.id)).not.toContain(added);
    expect(undone).toEqual(first);
    expect(ws.timelines.builds).toBe(3);

    // Lock disposes the workspace: no model outlives it.
    const cache = ws.timelines;
    expect(cache.size).toBe(1);
    ws.dispose();
    expect(cache.size).toBe(0);
  });

  it('keeps one model per case: asking for another case does not throw the first away', async () => {
    const { ws, f } = await fixture();
    const first = ws.timelines.get(f.caseId);
    const other = ws.cases.create({ name: 'Second case' }).id;
    const a = ws.timelines.get(f.caseId); // the create is a write: rebuilt once
    expect(a).not.toBe(first);
    const b = ws.timelines.get(other);
    expect(b.caseName).toBe('Second case');
    expect(ws.timelines.get(f.caseId)).toBe(a);
    expect(ws.timelines.get(other)).toBe(b);
  });

  it('rebuilds when the witness compartment opens or closes, and when an identity is recorded while open', async () => {
    const { vault, ws, f, claim } = await fixture();
    const open = ws.timelines.get(f.caseId);
    expect(labelOf(open, claim)).not.toContain('Zz Secret');
    // A name the identity does not know yet is shown.
    expect(labelOf(open, claim)).toContain('Qq Harbour Name');

    // Recorded in the compartment only (no case record changes): the cached model would still show the name.
    ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zz Secret Fullname', otherNames: ['Qq Harbour Name'] });
    const known = ws.timelines.get(f.caseId);
    expect(labelOf(known, claim)).not.toContain('Qq Harbour Name');
    expect(known).toEqual(buildTimeline(ws, f.caseId));

    // Closed: identities are no longer read, so the model differs from the one built with them.
    vault.lockWitness();
    const closed = ws.timelines.get(f.caseId);
    expect(closed).not.toBe(known);
    expect(closed).toEqual(buildTimeline(ws, f.caseId));
    expect(labelOf(closed, claim)).toContain('Zz Secret Fullname');

    // Open again (a fresh compartment repository): protected again, not the closed-compartment model.
    await vault.unlockWitness(WITNESS_PASS);
    const reopened = ws.timelines.get(f.caseId);
    expect(labelOf(reopened, claim)).not.toContain('Zz Secret');
    expect(labelOf(reopened, claim)).not.toContain('Qq Harbour Name');
  });
});
