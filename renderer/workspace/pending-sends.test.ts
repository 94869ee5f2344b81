import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingSends } from './pending-sends';

describe('PendingSends (drafts waiting for the typing pause)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends after the pause, once', async () => {
    const p = new PendingSends();
    const sent: string[] = [];
    p.schedule({}, async () => sent.push('a'), 250);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a']);
    await p.flush();
    expect(sent).toEqual(['a']);
    expect(p.size).toBe(0);
  });

  it('a flush before the pause (a lock right after typing) sends now and waits for the answer, and the timer sends nothing more', async () => {
    const p = new PendingSends();
    const sent: string[] = [];
    let answered = false;
    p.schedule({}, async () => {
      sent.push('last words');
      await Promise.resolve();
      answered = true;
    }, 250);
    p.schedule({}, async () => sent.push('other form'), 250);
    vi.advanceTimersByTime(10);
    await p.flush();
    expect(sent.sort()).toEqual(['last words', 'other form']);
    expect(answered).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('keeps one waiting send per form: typing again replaces it; cancelling (a form closed, saved) drops it', async () => {
    const p = new PendingSends();
    const form = {};
    const sent: string[] = [];
    p.schedule(form, async () => sent.push('old'), 250);
    const cancel = p.schedule(form, async () => sent.push('new'), 250);
    expect(p.size).toBe(1);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual(['new']);
    const cancel2 = p.schedule(form, async () => sent.push('dropped'), 250);
    cancel2();
    cancel(); // a stale cancel changes nothing
    await p.flush();
    vi.advanceTimersByTime(300);
    expect(sent).toEqual(['new']);
  });

  it('a failed send does not stop the others from being flushed', async () => {
    const p = new PendingSends();
    const sent: string[] = [];
    p.schedule({}, () => Promise.reject(new Error('locked')), 250);
    p.schedule({}, async () => sent.push('b'), 250);
    await expect(p.flush()).resolves.toBeUndefined();
    expect(sent).toEqual(['b']);
  });
});
