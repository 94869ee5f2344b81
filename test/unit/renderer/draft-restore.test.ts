import { describe, expect, it } from 'vitest';
import { restoreFields } from '../../../renderer/workspace/draft-restore';

function form<T extends Record<string, unknown>>(initial: T) {
  const state = { ...initial };
  const set = Object.fromEntries(Object.keys(initial).map((k) => [k, (v: unknown) => ((state as Record<string, unknown>)[k] = v)])) as { [K in keyof T]: (v: T[K]) => void };
  return { state, set };
}

describe('restoreFields (a form filled from its kept draft in one call)', () => {
  it('sets every field the draft has, keeps the others', () => {
    const current = { name: '', reliability: '', tags: [] as string[], verified: false, credibility: '6' };
    const f = form(current);
    restoreFields({ name: 'Harbour contact', tags: ['port'], verified: true }, current, f.set);
    expect(f.state).toEqual({ name: 'Harbour contact', reliability: '', tags: ['port'], verified: true, credibility: '6' });
  });

  it('never puts a value of another kind into a field (an older or damaged draft), and ignores unknown keys', () => {
    const current = { name: 'kept', tags: ['a'], count: 2, note: null as string | null };
    const f = form(current);
    restoreFields({ name: 42, tags: 'not a list', count: '3', note: 'now text', extra: 'ignored' }, current, f.set);
    expect(f.state).toEqual({ name: 'kept', tags: ['a'], count: 2, note: 'now text' });
    restoreFields(null, current, f.set);
    restoreFields(['x'], current, f.set);
    expect(f.state).toEqual(current);
  });
});
