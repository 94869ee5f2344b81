import { describe, expect, it, vi } from 'vitest';
import { IDLE_TICK_MS, watchPower, type PowerEvent, type PowerListener, type PowerMonitorLike } from '../../../main/electron/power';

function fakeMonitor(idleSeconds: () => number) {
  const handlers = new Map<PowerEvent, Set<PowerListener>>();
  const monitor: PowerMonitorLike = {
    on: (e, l) => {
      if (!handlers.has(e)) handlers.set(e, new Set());
      handlers.get(e)!.add(l);
    },
    removeListener: (e, l) => handlers.get(e)?.delete(l),
    getSystemIdleTime: () => idleSeconds(),
  };
  return {
    monitor,
    fire: (e: PowerEvent) => handlers.get(e)?.forEach((l) => l()),
    fireWith: (e: PowerEvent, event: { preventDefault(): void }) => handlers.get(e)?.forEach((l) => l(event)),
    size: () => [...handlers.values()].reduce((n, s) => n + s.size, 0) };
}

function fakeSession() {
  return { tick: vi.fn(() => false), systemEvent: vi.fn(), lock: vi.fn() };
}

function fakeTimers() {
  let fn: (() => void) | null = null;
  let ms = 0;
  const cleared: unknown[] = [];
  return {
    setInterval: (f: () => void, m: number) => {
      fn = f;
      ms = m;
      return 'handle';
    },
    clearInterval: (h: unknown) => cleared.push(h),
    fire: () => fn?.(),
    get ms() {
      return ms;
    },
    cleared,
  };
}

describe('watchPower', () => {
  it('turns suspend and screen lock into session system events, and shutdown into a lock', () => {
    const m = fakeMonitor(() => 0);
    const s = fakeSession();
    watchPower(s, m.monitor, fakeTimers());
    m.fire('suspend');
    expect(s.systemEvent).toHaveBeenLastCalledWith('suspend');
    m.fire('lock-screen');
    expect(s.systemEvent).toHaveBeenLastCalledWith('lock-screen');
    m.fire('shutdown');
    expect(s.lock).toHaveBeenCalledWith('shutdown');
  });

  it('hands an OS shutdown and its event to the quit guard when given one (instead of locking at once)', () => {
    const m = fakeMonitor(() => 0);
    const s = fakeSession();
    const seen: unknown[] = [];
    const stop = watchPower(s, m.monitor, { ...fakeTimers(), onShutdown: (e) => seen.push(e) });
    const event = { preventDefault: () => undefined };
    m.fireWith('shutdown', event);
    expect(seen).toEqual([event]);
    expect(s.lock).not.toHaveBeenCalled();
    stop();
    expect(m.size()).toBe(0);
  });

  it('ticks every 15 s with the system idle time', () => {
    let idle = 12;
    const m = fakeMonitor(() => idle);
    const s = fakeSession();
    const t = fakeTimers();
    watchPower(s, m.monitor, t);
    expect(t.ms).toBe(IDLE_TICK_MS);
    expect(IDLE_TICK_MS).toBe(15_000);
    t.fire();
    expect(s.tick).toHaveBeenLastCalledWith(12);
    idle = 900;
    t.fire();
    expect(s.tick).toHaveBeenLastCalledWith(900);
  });

  it('still ticks (on in-app activity alone) when the OS cannot report idle time', () => {
    const m = fakeMonitor(() => {
      throw new Error('not supported on this compositor');
    });
    const s = fakeSession();
    const t = fakeTimers();
    watchPower(s, m.monitor, t);
    t.fire();
    expect(s.tick).toHaveBeenCalledWith(undefined);
  });

  it('stop() removes every listener and the interval', () => {
    const m = fakeMonitor(() => 0);
    const s = fakeSession();
    const t = fakeTimers();
    const stop = watchPower(s, m.monitor, t);
    expect(m.size()).toBe(3);
    stop();
    expect(m.size()).toBe(0);
    expect(t.cleared).toEqual(['handle']);
    m.fire('suspend');
    expect(s.systemEvent).not.toHaveBeenCalled();
  });

  it('works with real timers', () => {
    vi.useFakeTimers();
    try {
      const s = fakeSession();
      const stop = watchPower(s, fakeMonitor(() => 3).monitor);
      vi.advanceTimersByTime(IDLE_TICK_MS * 2);
      expect(s.tick).toHaveBeenCalledTimes(2);
      stop();
      vi.advanceTimersByTime(IDLE_TICK_MS * 2);
      expect(s.tick).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
