/** React glue for the bridge: vault status, events, actions with busy/error state, activity reports. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, EventOf } from '../../shared/ipc/contract';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { ACTIVITY_EVENTS, ACTIVITY_REPORT_INTERVAL_MS, createThrottle } from './activity';
import { ApiError, invoke, onEvent } from './client';

export function asApiError(e: unknown, channel = '(renderer)'): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(channel, { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}

/** Subscribe to a main-process event for the lifetime of the component; `cb` may change freely. */
export function useEvent<E extends EventName>(name: E, cb: (payload: EventOf<E>) => void): void {
  const ref = useRef(cb);
  ref.current = cb;
  useEffect(() => onEvent(name, (p) => ref.current(p)), [name]);
}

export interface VaultStatusState {
  status: VaultStatus | null;
  error: ApiError | null;
  refresh: () => Promise<VaultStatus | null>;
  setStatus: (s: VaultStatus) => void;
}

/** The vault's status, loaded on mount; callers that change it (unlock, lock …) set the new one directly. */
export function useVaultStatus(): VaultStatusState {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = useCallback(async () => {
    try {
      const s = await invoke('vault.status', {});
      setStatus(s);
      setError(null);
      return s;
    } catch (e) {
      setError(asApiError(e, 'vault.status'));
      return null;
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { status, error, refresh, setStatus };
}

export type ActionResult<R> = { ok: true; value: R } | { ok: false; error: ApiError };

/**
 * An async action (usually one invoke) with `busy` for the spinner and `error` for the field it concerns.
 * A second run while one is in flight is ignored: a double Enter must not start two key derivations.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (...args: A): Promise<ActionResult<R> | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const value = await fnRef.current(...args);
      return { ok: true, value };
    } catch (e) {
      const err = asApiError(e);
      if (mounted.current) setError(err);
      return { ok: false, error: err };
    } finally {
      inFlight.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, setError, clearError };
}

/** Tell main the person is here (restarts the idle-lock countdown), at most once per 30 s. */
export function useActivityReporter(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const ready = createThrottle(ACTIVITY_REPORT_INTERVAL_MS);
    const onInput = () => {
      if (ready()) invoke('session.activity', {}).catch(() => undefined);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    };
  }, [enabled]);
}
