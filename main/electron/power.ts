/**
 * Locks on lid close / suspend / screen lock / OS shutdown, and drives the idle timer from the OS's idle time
 * (so a user who walks away is caught even if the window never saw input). Takes `powerMonitor` as a parameter
 * so the wiring is tested with a fake; main.ts passes Electron's.
 */
import type { Session } from '../core/session';

export type PowerEvent = 'suspend' | 'lock-screen' | 'shutdown';

/** Electron passes 'shutdown' an event whose preventDefault delays the OS shutdown (Linux, macOS). */
export type PowerListener = (e?: { preventDefault(): void }) => void;

export interface PowerMonitorLike {
  on(event: PowerEvent, listener: PowerListener): unknown;
  removeListener(event: PowerEvent, listener: PowerListener): unknown;
  /** Seconds since the last user input anywhere on the system. */
  getSystemIdleTime(): number;
}

export interface PowerWatchOptions {
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /**
   * What an OS shutdown does: the app passes its quit guard (main/electron/quit.ts: keep the last drafts, lock,
   * quit, holding the shutdown meanwhile). Without one it locks at once.
   */
  onShutdown?: PowerListener;
}

export const IDLE_TICK_MS = 15_000;

export function watchPower(
  session: Pick<Session, 'tick' | 'systemEvent' | 'lock'>,
  monitor: PowerMonitorLike,
  opts: PowerWatchOptions = {},
): () => void {
  const set = opts.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms).unref());
  const clear = opts.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout));

  const onSuspend = () => session.systemEvent('suspend');
  const onLockScreen = () => session.systemEvent('lock-screen');
  // Shutdown is not a setting: the audit head must be signed before the process dies.
  const onShutdown: PowerListener = opts.onShutdown ?? (() => session.lock('shutdown'));
  monitor.on('suspend', onSuspend);
  monitor.on('lock-screen', onLockScreen);
  monitor.on('shutdown', onShutdown);

  const handle = set(() => {
    let idle: number | undefined;
    try {
      idle = monitor.getSystemIdleTime();
    } catch {
      idle = undefined; // Some Wayland sessions cannot report it; fall back to in-app activity.
    }
    session.tick(idle);
  }, opts.intervalMs ?? IDLE_TICK_MS);

  return () => {
    clear(handle);
    monitor.removeListener('suspend', onSuspend);
    monitor.removeListener('lock-screen', onLockScreen);
    monitor.removeListener('shutdown', onShutdown);
  };
}
