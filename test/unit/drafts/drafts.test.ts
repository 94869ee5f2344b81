/**
 * Drafts through the idle lock (issue 15, item 1), over the real router and session: a draft the renderer
 * reported is sealed into the vault when the vault locks (idle included), the lock event says what was kept,
 * and after unlock it is listed, restored (taken back and live again) or discarded, each step in the log.
 * Canary: the typed words never appear in any file of the vault folder, open or locked.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../main/ipc';
import { filesUnder, findString } from '../../helpers/files';
import { tempDir } from '../../helpers/tmp';
import { PASS, TEST_KDF, openInSession } from '../../helpers/vault';

const WORDS = 'Canary-7Q: the broker Haile Gebremeskel took our passports at the Kufra warehouse';

function app(draftFlushMs?: number) {
  const events: [string, unknown][] = [];
  let t = 0;
  const vaultDir = join(tempDir(), 'vault');
  const { session, router } = createApp({ vaultDir, kdf: TEST_KDF, now: () => t, emit: (e, p) => events.push([e, p]), ...(draftFlushMs ? { draftFlushMs } : {}) }, { validateResponses: true });
  const call = async <T = unknown>(ch: string, p: unknown = {}): Promise<T> => {
    const r = await router.invoke(ch, p);
    if (!r.ok) throw new Error(`${ch}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { session, router, events, call, vaultDir, advance: (ms: number) => (t += ms) };
}

type Summary = { id: string; key: string; form: string; caseId: string | null; caseName: string | null; route: { area: string; witnessId?: string; statementId?: string }; description: string };

function noCanaryIn(dir: string): string[] {
  const hits: string[] = [];
  for (const f of filesUnder(dir)) for (const enc of findString(f.bytes, 'Canary-7Q')) hits.push(`${f.path} (${enc})`);
  return hits;
}

async function setUp(draftFlushMs?: number) {
  const a = app(draftFlushMs);
  await openInSession(a.session, { witnessPassphrase: PASS });
  const c = await a.call<{ id: string }>('case.create', { name: 'Kufra crossings' });
  const draft = {
    key: 'statement:new:w1',
    form: 'statement',
    caseId: c.id,
    route: { area: 'statements', witnessId: 'w1', statementId: 'new' },
    context: { witnessId: 'w1' },
    fields: { title: 'Second interview', text: WORDS, credibility: 2, attachments: [] },
  };
  return { ...a, caseId: c.id, draft };
}

describe('drafts kept through a lock', () => {
  it('seals a live draft at the idle lock, says so, and restores it after unlock', async () => {
    const { call, events, advance, session, vaultDir, caseId, draft } = await setUp();
    await call('settings.update', { idleLockMinutes: 1 });
    await call('drafts.put', draft);
    // Live drafts are memory only: nothing of them is on disk while the vault is open.
    expect(noCanaryIn(vaultDir)).toEqual([]);
    advance(61_000);
    expect(session.tick()).toBe(true);
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'idle', kept: ['statement for case Kufra crossings'] }]);
    // Sealed: the words are in no file of the locked folder (database, WAL, header, blobs).
    expect(noCanaryIn(vaultDir)).toEqual([]);

    await call('vault.unlock', { passphrase: PASS });
    expect(noCanaryIn(vaultDir)).toEqual([]);
    const list = await call<Summary[]>('drafts.list');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ key: draft.key, form: 'statement', caseId, caseName: 'Kufra crossings', route: draft.route, description: 'statement for case Kufra crossings' });
    // A listing names the draft, never its words.
    expect(JSON.stringify(list)).not.toContain('Canary-7Q');

    const taken = await call<{ fields: Record<string, unknown> }>('drafts.take', { id: list[0]!.id });
    expect(taken.fields).toEqual(draft.fields);
    expect(await call('drafts.list')).toEqual([]);
    // Taken back, it is live again: a second lock before saving keeps it once more.
    await call('vault.lock');
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'user', kept: ['statement for case Kufra crossings'] }]);
    await call('vault.unlock', { passphrase: PASS });
    const again = await call<Summary[]>('drafts.list');
    expect(again).toHaveLength(1);

    const log = await call<{ entries: { action: string; details?: Record<string, unknown> }[] }>('audit.list', { limit: 1000 });
    const actions = log.entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'draft.kept')).toHaveLength(2);
    expect(actions).toContain('draft.restored');
    // The log says which form and which case, not a word of the draft.
    expect(JSON.stringify(log)).not.toContain('Canary-7Q');
    expect(log.entries.find((e) => e.action === 'draft.kept')?.details).toMatchObject({ count: 1, drafts: [{ form: 'statement', caseId }] });
  });

  it('forgets a draft that was saved or cancelled, and discards a kept one', async () => {
    const { call, events, caseId, draft } = await setUp();
    await call('drafts.put', draft);
    await call('drafts.put', { ...draft, key: 'entity:new', form: 'entity', route: { area: 'entities' }, context: { kind: 'person' }, fields: { name: 'Canary-7Q person' } });
    await call('drafts.clear', { key: draft.key });
    await call('vault.lock');
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'user', kept: ['entity for case Kufra crossings'] }]);
    await call('vault.unlock', { passphrase: PASS });
    const [kept] = await call<Summary[]>('drafts.list');
    expect(kept).toMatchObject({ form: 'entity', caseId });
    await call('drafts.discard', { id: kept!.id });
    expect(await call('drafts.list')).toEqual([]);
    const r = await call<{ entries: { action: string }[] }>('audit.list', { limit: 10 });
    expect(r.entries.map((e) => e.action)).toContain('draft.discarded');
    // Nothing left to keep: the next lock writes no draft.
    await call('vault.lock');
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'user' }]);
  });

  it('replaces a draft kept under the same key instead of keeping two', async () => {
    const { call, draft } = await setUp();
    await call('drafts.put', draft);
    await call('vault.lock');
    await call('vault.unlock', { passphrase: PASS });
    // Not restored, typed again from scratch under the same key, locked again.
    await call('drafts.put', { ...draft, fields: { ...draft.fields, text: 'newer words' } });
    await call('vault.lock');
    await call('vault.unlock', { passphrase: PASS });
    const list = await call<Summary[]>('drafts.list');
    expect(list).toHaveLength(1);
    expect((await call<{ fields: { text: string } }>('drafts.take', { id: list[0]!.id })).fields.text).toBe('newer words');
  });

  it('refuses drafts while locked, unknown forms, and ids that are not kept drafts', async () => {
    const { router, call, caseId, draft } = await setUp();
    expect(await router.invoke('drafts.put', { ...draft, form: 'spreadsheet' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await router.invoke('drafts.take', { id: caseId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await router.invoke('drafts.discard', { id: caseId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await call('vault.lock');
    expect(await router.invoke('drafts.put', draft)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(await router.invoke('drafts.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });

  it('does not count a kept draft among the case’s records', async () => {
    const { call, caseId, draft } = await setUp();
    const before = await call<{ id: string; counts: Record<string, number> }[]>('case.list');
    await call('drafts.put', draft);
    await call('vault.lock');
    await call('vault.unlock', { passphrase: PASS });
    const after = await call<{ id: string; counts: Record<string, number> }[]>('case.list');
    expect(after.find((c) => c.id === caseId)?.counts).toEqual(before.find((c) => c.id === caseId)?.counts);
  });

  it('an idle lock first asks the renderer for its held-back drafts and keeps what arrives before it locks', async () => {
    // The renderer debounces drafts while typing; words typed just before an idle lock are still in it. The
    // lock asks (`drafts.flush`), the renderer puts them and answers (`drafts.flushed`), then the lock seals.
    const { call, events, advance, session, draft } = await setUp(60_000);
    await call('settings.update', { idleLockMinutes: 1 });
    advance(61_000);
    expect(session.tick()).toBe(true);
    expect(events.at(-1)).toEqual(['drafts.flush', {}]);
    expect(session.status().unlocked).toBe(true);
    // The renderer's answer to the flush: the held-back draft, then "done".
    await call('drafts.put', draft);
    await call('drafts.flushed');
    expect(session.status().unlocked).toBe(false);
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'idle', kept: ['statement for case Kufra crossings'] }]);
    await call('vault.unlock', { passphrase: PASS });
    expect((await call<Summary[]>('drafts.list')).map((d) => d.key)).toEqual([draft.key]);
  });

  it('lockAfterFlush resolves only once the vault is locked (quitting waits on it), whoever locks it', async () => {
    const { call, events, session, draft } = await setUp(60_000);
    let settled = false;
    const quitting = session.lockAfterFlush('quit').then(() => (settled = true));
    // A second ask while the first waits: no second flush, the same lock.
    const again = session.lockAfterFlush('quit');
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(events.filter(([e]) => e === 'drafts.flush')).toHaveLength(1);
    await call('drafts.put', draft);
    await call('drafts.flushed');
    await Promise.all([quitting, again]);
    expect(session.status().unlocked).toBe(false);
    expect(events.at(-1)).toEqual(['vault.locked', { reason: 'quit', kept: ['statement for case Kufra crossings'] }]);
    // A lock that someone else does while the flush waits settles it too; a locked vault settles at once.
    await call('vault.unlock', { passphrase: PASS });
    const waiting = session.lockAfterFlush('quit');
    await call('vault.lock');
    await waiting;
    await session.lockAfterFlush('quit');
    expect(events.filter(([e]) => e === 'vault.locked').map(([, p]) => (p as { reason: string }).reason)).toEqual(['quit', 'user']);
  });

  it('locks anyway when the renderer does not answer the flush in time, and a lock in between wins', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { call, events, advance, session } = await setUp(1500);
      await call('settings.update', { idleLockMinutes: 1 });
      advance(61_000);
      expect(session.tick()).toBe(true);
      vi.advanceTimersByTime(1499);
      expect(session.status().unlocked).toBe(true);
      vi.advanceTimersByTime(1);
      expect(session.status().unlocked).toBe(false);
      expect(events.filter(([e]) => e === 'vault.locked')).toEqual([['vault.locked', { reason: 'idle' }]]);

      // A manual lock while the idle lock waits: one lock; the late answer and the timer change nothing.
      await call('vault.unlock', { passphrase: PASS });
      advance(61_000);
      expect(session.tick()).toBe(true);
      await call('vault.lock');
      await call('vault.unlock', { passphrase: PASS });
      vi.advanceTimersByTime(2000);
      expect(session.status().unlocked).toBe(true);
      expect(events.filter(([e]) => e === 'vault.locked').map(([, p]) => p)).toEqual([{ reason: 'idle' }, { reason: 'user' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
