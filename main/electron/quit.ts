/**
 * Quitting goes through the same path as an idle or menu lock: ask the renderer for the drafts still in
 * their typing pause (`drafts.flush`), lock when it answers or after the session's wait, and only then let
 * the app quit. Without it a window close, Ctrl+Q / Cmd+Q or an OS shutdown locked at once and lost the words
 * typed in the last quarter second.
 *
 * Pure ordering, no `electron` import: main.ts hands it Electron's events (anything with `preventDefault`),
 * the session and `app.quit`; tests hand it fakes.
 *
 *   close / before-quit / shutdown, vault open  ->  preventDefault, lockAfterFlush('quit')
 *                                                   ... locked  ->  quit()  ->  the same events pass through
 *   vault locked (or the lock already done)     ->  pass through
 *   Windows query-session-end                   ->  lockAfterFlush('shutdown') without holding the session end
 *   Windows session-end                         ->  lock now if still open (the process may die on return)
 */

/** An Electron event the guard may hold back. */
export interface Preventable {
  preventDefault(): void;
}

export interface QuitGuardDeps {
  /** Whether the vault is open (a locked vault has nothing to keep: quit at once). */
  unlocked(): boolean;
  /** Session.lockAfterFlush: ask for the last drafts, lock; resolves once locked. */
  lockAfterFlush(reason: string): Promise<void>;
  /** Session.lock: locks at once (used only if the vault is somehow still open after the wait). */
  lock(reason: string): void;
  /** app.quit(): called once, after the lock. */
  quit(): void;
}

export interface QuitGuard {
  /** BrowserWindow 'close' (the window's close button; closing the window quits the app). */
  windowClose(e: Preventable): void;
  /** app 'before-quit' (Ctrl+Q, the menu's Quit, Cmd+Q, app.quit() from anywhere). */
  beforeQuit(e: Preventable): void;
  /** powerMonitor 'shutdown' (Linux, macOS: Electron delays the shutdown while it is prevented). */
  shutdown(e?: Preventable): void;
  /**
   * BrowserWindow 'query-session-end' (Windows log-off or shut-down asks first): start keeping the drafts and
   * locking, without holding the session end — holding it makes Windows ask the user to force the app closed.
   */
  querySessionEnd(): void;
  /** BrowserWindow 'session-end' (Windows): the process may be killed as soon as this returns, so lock now. */
  sessionEnd(): void;
  /** 'holding' while the drafts are being kept, 'done' once quitting may go ahead. */
  readonly state: 'open' | 'holding' | 'done';
}

export function quitGuard(deps: QuitGuardDeps): QuitGuard {
  let state: QuitGuard['state'] = 'open';

  const request = (e: Preventable | undefined, reason: string): void => {
    if (state === 'done') return;
    if (state === 'open' && !deps.unlocked()) return;
    e?.preventDefault();
    if (state === 'holding') return;
    state = 'holding';
    const finish = (): void => {
      // The audit head must be signed before the process goes, whatever happened while waiting.
      try {
        if (deps.unlocked()) deps.lock(reason);
      } catch {
        // Nothing more can be done for the vault here; the app must still quit.
      }
      state = 'done';
      deps.quit();
    };
    let started: Promise<void>;
    try {
      started = deps.lockAfterFlush(reason);
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    void started.then(finish, finish);
  };

  return {
    windowClose: (e) => request(e, 'quit'),
    beforeQuit: (e) => request(e, 'quit'),
    shutdown: (e) => request(e, 'shutdown'),
    querySessionEnd: () => request(undefined, 'shutdown'),
    sessionEnd: () => {
      // Whatever the flush has kept by now is sealed; the audit head is signed before Windows ends the process.
      try {
        if (deps.unlocked()) deps.lock('shutdown');
      } catch {
        // Nothing more can be done here; Windows ends the process anyway.
      }
    },
    get state() {
      return state;
    },
  };
}
