/**
 * The quit path's ordering (issue 15, item 1): every way of quitting holds the quit while the renderer's last
 * drafts are asked for and the vault locks, then quits once; a locked vault quits at once.
 */
import { describe, expect, it } from 'vitest';
import { quitGuard, type QuitGuardDeps } from '../../../main/electron/quit';

function fakeShell(opts: { unlocked?: boolean; flushFails?: boolean; staysOpen?: boolean } = {}) {
  const log: string[] = [];
  let unlocked = opts.unlocked ?? true;
  let release: (() => void) | null = null;
  const deps: QuitGuardDeps = {
    unlocked: () => unlocked,
    lockAfterFlush: (reason) => {
      log.push(`flush:${reason}`);
      if (opts.flushFails) return Promise.reject(new Error('renderer gone'));
      return new Promise<void>((resolve) => {
        release = () => {
          if (!opts.staysOpen) {
            unlocked = false;
            log.push('locked');
          }
          resolve();
        };
      });
    },
    lock: (reason) => {
      unlocked = false;
      log.push(`lock:${reason}`);
    },
    quit: () => log.push('quit'),
  };
  const event = () => {
    const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
    return e;
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { deps, log, event, settle, release: () => release?.() };
}

describe('quitGuard', () => {
  it.each([
    ['window close', 'windowClose', 'quit'],
    ['Ctrl+Q / app.quit', 'beforeQuit', 'quit'],
    ['OS shutdown', 'shutdown', 'shutdown'],
  ] as const)('%s with the vault open: held until the drafts are kept and the vault locked, then quits once', async (_what, hook, reason) => {
    const s = fakeShell();
    const guard = quitGuard(s.deps);
    const first = s.event();
    guard[hook](first);
    expect(first.prevented).toBe(true);
    expect(guard.state).toBe('holding');
    // More quit requests while it waits (the user clicks close again, the OS insists): held, no second flush.
    const second = s.event();
    guard.beforeQuit(second);
    guard.windowClose(s.event());
    expect(second.prevented).toBe(true);
    await s.settle();
    expect(s.log).toEqual([`flush:${reason}`]);

    s.release();
    await s.settle();
    expect(s.log).toEqual([`flush:${reason}`, 'locked', 'quit']);
    expect(guard.state).toBe('done');
    // The quit it started comes back through before-quit and the window's close: both pass now.
    const after = s.event();
    guard.beforeQuit(after);
    guard.windowClose(after);
    expect(after.prevented).toBe(false);
    expect(s.log.filter((l) => l === 'quit')).toHaveLength(1);
  });

  it('lets the quit through at once when the vault is locked', () => {
    const s = fakeShell({ unlocked: false });
    const guard = quitGuard(s.deps);
    const e = s.event();
    guard.windowClose(e);
    guard.beforeQuit(e);
    guard.shutdown(e);
    expect(e.prevented).toBe(false);
    expect(s.log).toEqual([]);
  });

  it('still locks and quits when the flush fails or leaves the vault open', async () => {
    const failing = fakeShell({ flushFails: true });
    quitGuard(failing.deps).beforeQuit(failing.event());
    await failing.settle();
    expect(failing.log).toEqual(['flush:quit', 'lock:quit', 'quit']);

    const open = fakeShell({ staysOpen: true });
    quitGuard(open.deps).shutdown();
    open.release();
    await open.settle();
    expect(open.log).toEqual(['flush:shutdown', 'lock:shutdown', 'quit']);
  });

  it('Windows log-off: asks for the drafts without holding the session end, and locks at session-end', async () => {
    // The flush answers in time: its lock wins, session-end finds the vault locked, the app quits once.
    const inTime = fakeShell();
    const guard = quitGuard(inTime.deps);
    guard.querySessionEnd();
    expect(guard.state).toBe('holding');
    expect(inTime.log).toEqual(['flush:shutdown']);
    inTime.release();
    await inTime.settle();
    guard.sessionEnd();
    expect(inTime.log).toEqual(['flush:shutdown', 'locked', 'quit']);

    // Windows ends the session before the renderer answers: locked at once, so the audit head is signed.
    const late = fakeShell();
    const g2 = quitGuard(late.deps);
    g2.querySessionEnd();
    g2.sessionEnd();
    expect(late.log).toEqual(['flush:shutdown', 'lock:shutdown']);
    // A window close in between is held (the guard quits itself once the flush settles), not a second flush.
    const close = late.event();
    g2.windowClose(close);
    expect(close.prevented).toBe(true);
    late.release();
    await late.settle();
    expect(late.log.filter((l) => l === 'quit')).toHaveLength(1);
    expect(late.log.filter((l) => l.startsWith('flush'))).toHaveLength(1);

    // A locked vault: nothing to keep, nothing held.
    const locked = fakeShell({ unlocked: false });
    const g3 = quitGuard(locked.deps);
    g3.querySessionEnd();
    g3.sessionEnd();
    expect(g3.state).toBe('open');
    expect(locked.log).toEqual([]);
  });
});
