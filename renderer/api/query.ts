/**
 * Loading data over the bridge for a view: the last good value stays on screen while a reload runs (no
 * flicker after every edit), and a slow answer to an older request never overwrites a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from './client';
import { asApiError } from './hooks';

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True until the first answer (value or error) arrives. */
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` on mount and whenever a dependency changes (pass the workspace `version` to reload after
 * edits and undo). `enabled: false` keeps the last value and does not call.
 */
export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    // Started a microtask later, so an effect that is set up and torn down at once (React's StrictMode
    // check in development) never sends the request at all.
    void Promise.resolve().then(async () => {
      if (!live) return;
      const mine = ++seq.current;
      try {
        const value = await loadRef.current();
        if (!live || mine !== seq.current) return;
        setData(value);
        setError(null);
      } catch (e) {
        if (!live || mine !== seq.current) return;
        setError(asApiError(e));
      }
      setLoading(false);
    });
    return () => {
      live = false;
    };
    // The caller's deps are the contract of this hook (like useEffect's own); `load` is read through a ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
