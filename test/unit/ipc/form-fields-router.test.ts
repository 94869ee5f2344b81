/**
 * The forms' errors under their fields (issue 15 item 4) depend on where the real router and core say a refusal
 * is: these send each form's bad value through them and check the form maps it onto its own field. And a bank
 * account's new holder: one step with its "owns" link (one audit entry, one undo), removable as a link.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { claimCoreError } from '../../../renderer/entities/claim-form-model';
import { eventCoreError } from '../../../renderer/events/event-form-model';
import { statementCoreError } from '../../../renderer/statements/statement-model';
import { coreFieldError } from '../../../renderer/ui/field-errors';
import { caller } from '../../helpers/ipc';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, openInSession } from '../../helpers/vault';

async function app() {
  const dir = tempDir();
  const { session, router } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
  await openInSession(session);
  return caller(router);
}

/** The refusal of a request, as the renderer's ApiError carries it (code, message, where). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; where?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; where?: string };
  }
  throw new Error('the request was not refused');
}

describe('form errors land under the field the core names', () => {
  it('maps event, claim, statement and reason refusals of the real router onto the forms’ fields', async () => {
    const { call, sendUnchecked } = await app();
    const c = await call('case.create', { name: 'Fields' });
    const who = await call('entity.create', { data: { caseId: c.id, kind: 'person', name: 'Subject' } });
    const ev = await call('event.create', { data: { caseId: c.id, title: 'Departure' } });

    // Event: the place's country inside the patch, a victim group's count, an empty title on create.
    expect(eventCoreError(await refusal(call('event.update', { id: ev.id, patch: { place: { country: 'xyz' } } })))).toMatchObject({ field: 'country' });
    expect(eventCoreError(await refusal(call('event.update', { id: ev.id, patch: { victims: [{ count: 1 }, { count: 0 }] } })))).toMatchObject({ field: 'victim-1-count' });
    const noTitle = eventCoreError(await refusal(call('event.create', { data: { caseId: c.id, title: '   ' } })));
    expect(noTitle?.field).toBe('title');
    expect(noTitle?.message).toMatch(/^[A-Z].*\.$/);

    // Claim: the assertion's country, an evidence reference's locator.
    const conduct = { type: 'conduct' as const, entityId: who.id, conduct: 'kidnap_for_ransom' };
    expect(claimCoreError(await refusal(call('claim.create', { data: { caseId: c.id, assertion: { ...conduct, country: 'libya' } } })))).toMatchObject({ field: 'country' });
    const cl = await call('claim.create', { data: { caseId: c.id, assertion: conduct } });
    expect(claimCoreError(await refusal(sendUnchecked('claim.update', { id: cl.id, patch: { evidence: [{ evidenceId: ev.id, locator: 'p'.repeat(501) }] } })))).toMatchObject({ field: 'ev-0-locator' });

    // Statement: interview fields on create (no envelope) and on update (inside the patch).
    const w = await call('witness.create', { data: { caseId: c.id }, reliability: 'ungraded' });
    expect(statementCoreError(await refusal(call('statement.create', { caseId: c.id, witnessId: w.id, interview: { interviewer: 'i'.repeat(201) } })))).toMatchObject({ field: 'interviewer' });
    const st = await call('statement.create', { caseId: c.id, witnessId: w.id, text: 'account' });
    expect(statementCoreError(await refusal(call('statement.update', { id: st.id, patch: { consent: { note: 'n'.repeat(2001) } } })))).toMatchObject({ field: 'consentNote' });

    // Reasons: the override's minimum is the core's own check, the decision's maximum the router's.
    expect(coreFieldError(await refusal(call('criteria.setOverride', { caseId: c.id, entityId: who.id, reason: 'short' })), ['reason'])).toMatchObject({ field: 'reason' });
    const long = await refusal(call('screening.decide', { caseId: c.id, entityId: who.id, listId: 'l', entryId: 'e', decision: 'false_positive', reason: 'r'.repeat(5001) }));
    expect(coreFieldError(long, ['reason'])).toMatchObject({ field: 'reason' });

    // What names no field stays a whole-form error.
    expect(eventCoreError(await refusal(call('event.update', { id: ev.id, patch: { participants: [{ entityId: c.id }] } })))).toBeNull();
  });
});

describe('a bank account’s holder', () => {
  it('records a new holder and its owns link as one step: one audit entry, one undo', async () => {
    const { call } = await app();
    const c = await call('case.create', { name: 'Accounts' });
    const acct = await call('entity.create', { data: { caseId: c.id, kind: 'bank_account', name: 'Sahara Bank 0021' } });
    const before = (await call('audit.list', { limit: 1000 })).total;

    const made = await call('entity.createLinked', { data: { caseId: c.id, kind: 'company', name: 'Zuwara Trading' }, link: { kind: 'owns', target: acct.id } });
    expect(made.link.data).toMatchObject({ kind: 'owns', source: made.entity.id, target: acct.id });
    expect((await call('entity.get', { id: acct.id })).links.map((l) => l.source.name)).toEqual(['Zuwara Trading']);
    const log = await call('audit.list', { limit: 1000 });
    expect(log.total).toBe(before + 1);
    expect(log.entries[0]).toMatchObject({ action: 'entity.created', details: { kind: 'company', link: 'owns', toId: acct.id } });

    expect(await call('undo.peek')).toEqual({ label: 'create entity and owns link' });
    await call('undo.run');
    const rows = await call('entity.list', { caseId: c.id });
    expect(rows.map((r) => r.name)).toEqual(['Sahara Bank 0021']);
    expect((await call('link.list', { caseId: c.id })).length).toBe(0);
    // The account's own creation is the next step, not part of the holder's.
    expect(await call('undo.peek')).toEqual({ label: 'create entity' });
  });

  it('refuses a holder of an account in another case, recording nothing', async () => {
    const { call } = await app();
    const a = await call('case.create', { name: 'A' });
    const b = await call('case.create', { name: 'B' });
    const acct = await call('entity.create', { data: { caseId: b.id, kind: 'bank_account', name: 'Elsewhere' } });
    const total = (await call('audit.list', { limit: 1 })).total;
    await expect(call('entity.createLinked', { data: { caseId: a.id, kind: 'person', name: 'Nobody' }, link: { kind: 'owns', target: acct.id } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await call('entity.list', { caseId: a.id })).toEqual([]);
    expect((await call('audit.list', { limit: 1 })).total).toBe(total);
  });

  it('removes a holder by deleting the owns link, audited and undoable; the holder stays', async () => {
    const { call } = await app();
    const c = await call('case.create', { name: 'Remove' });
    const acct = await call('entity.create', { data: { caseId: c.id, kind: 'bank_account', name: 'Account' } });
    const made = await call('entity.createLinked', { data: { caseId: c.id, kind: 'person', name: 'Holder' }, link: { kind: 'owns', target: acct.id } });
    await call('link.delete', { id: made.link.id });
    expect((await call('entity.get', { id: acct.id })).links).toEqual([]);
    expect((await call('audit.list', { limit: 1 })).entries[0]).toMatchObject({ action: 'link.deleted', target: { kind: 'link', id: made.link.id } });
    expect((await call('entity.list', { caseId: c.id })).map((r) => r.name).sort()).toEqual(['Account', 'Holder']);
    await call('undo.run');
    expect((await call('entity.get', { id: acct.id })).links.map((l) => l.source.name)).toEqual(['Holder']);
  });
});
