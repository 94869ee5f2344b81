/**
 * The open workspace: the cases, the current case (remembered for this app session), where the person is
 * (the route), a version number that every view reloads on after an edit or undo, and the undo affordance.
 *
 * Everything here lives under the app frame, so a lock (which unmounts the frame) drops it all.
 */
import { Alert, Intent } from '@blueprintjs/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CaseView } from '../../shared/ipc/schemas/case';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { useToast } from '../ui/toaster';
import { sameRoute, type Route } from './routes';

const CASE_KEY = 'sanctum.currentCase';

export interface Workspace {
  status: VaultStatus;
  cases: CaseView[] | undefined;
  casesError: string | null;
  currentCase: CaseView | null;
  chooseCase: (id: string | null) => void;
  route: Route;
  navigate: (route: Route) => void;
  /** Bumped after every change; views pass it to useQuery to reload. */
  version: number;
  /** Call after a successful edit: views reload and the undo affordance updates. */
  changed: () => void;
  /** A screen with unsaved edits registers a guard; it returns a question to ask before leaving, or null. */
  setLeaveGuard: (guard: (() => string | null) | null) => void;
  /** Opens the witness-compartment unlock dialog (owned by the frame). */
  requestCompartmentUnlock: () => void;
  undoLabel: string | null;
  runUndo: () => Promise<void>;
  /** View state (filters, sort) kept while the workspace is open, so going back to a list finds it as it was. */
  viewState: Map<string, unknown>;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside WorkspaceProvider');
  return w;
}

/** The current case, for screens that only render once one is chosen. */
export function useCurrentCase(): CaseView {
  const c = useWorkspace().currentCase;
  if (!c) throw new Error('no current case');
  return c;
}

function readStoredCase(): string | null {
  try {
    return sessionStorage.getItem(CASE_KEY);
  } catch {
    return null;
  }
}

/** Like useState, but remembered under `key` for as long as the workspace is open (not across a lock). */
export function useViewState<T>(key: string, initial: T): [T, (next: T | ((prev: T) => T)) => void] {
  const { viewState } = useWorkspace();
  const [value, setValue] = useState<T>(() => (viewState.has(key) ? (viewState.get(key) as T) : initial));
  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      setValue((prev) => {
        const v = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        viewState.set(key, v);
        return v;
      });
    },
    [key, viewState],
  );
  return [value, set];
}

export function WorkspaceProvider({
  status,
  children,
  requestCompartmentUnlock,
  initialRoute,
}: {
  status: VaultStatus;
  children: ReactNode;
  requestCompartmentUnlock: () => void;
  initialRoute: Route;
}) {
  const toast = useToast();
  const [version, setVersion] = useState(0);
  const [route, setRoute] = useState<Route>(initialRoute);
  const [pending, setPending] = useState<{ route: Route; question: string } | null>(null);
  const [caseId, setCaseId] = useState<string | null>(readStoredCase);
  const [undoLabel, setUndoLabel] = useState<string | null>(null);
  const guard = useRef<(() => string | null) | null>(null);
  const viewState = useRef(new Map<string, unknown>()).current;
  const undoBusy = useRef(false);

  const cases = useQuery(() => invoke('case.list', {}), [version]);

  const refreshUndo = useCallback(() => {
    invoke('undo.peek', {}).then(
      (top) => setUndoLabel(top?.label ?? null),
      () => setUndoLabel(null),
    );
  }, []);
  useEffect(() => refreshUndo(), [refreshUndo]);

  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    refreshUndo();
  }, [refreshUndo]);

  // The case list as it was when a case was chosen: a case created a moment ago is not in that list yet, and
  // must not be "corrected" away until a list fetched after the choice says it is gone.
  const listRef = useRef<CaseView[] | undefined>(undefined);
  const choseWith = useRef<CaseView[] | undefined>(undefined);
  const chooseCase = useCallback((id: string | null) => {
    choseWith.current = listRef.current;
    setCaseId(id);
    try {
      if (id) sessionStorage.setItem(CASE_KEY, id);
      else sessionStorage.removeItem(CASE_KEY);
    } catch {
      // storage unavailable: the choice lasts until the frame unmounts
    }
  }, []);

  // The remembered case may have been removed (undo of its creation); with exactly one case, choose it.
  const list = cases.data;
  listRef.current = list;
  let currentCase: CaseView | null = list?.find((c) => c.id === caseId) ?? null;
  if (!currentCase && list && list.length === 1 && caseId === null) currentCase = list[0]!;
  useEffect(() => {
    if (!list) return;
    if (caseId && !list.some((c) => c.id === caseId)) {
      if (list === choseWith.current) return; // chosen after this list was fetched (a new case): wait for the next
      chooseCase(list.length === 1 ? list[0]!.id : null);
    }
    else if (!caseId && list.length === 1) chooseCase(list[0]!.id);
  }, [list, caseId, chooseCase]);

  const routeRef = useRef(route);
  routeRef.current = route;
  const navigate = useCallback((next: Route) => {
    if (sameRoute(routeRef.current, next)) return;
    const question = guard.current?.() ?? null;
    if (question) setPending({ route: next, question });
    else setRoute(next);
  }, []);

  const setLeaveGuard = useCallback((g: (() => string | null) | null) => {
    guard.current = g;
  }, []);

  const runUndo = useCallback(async () => {
    if (undoBusy.current) return;
    undoBusy.current = true;
    try {
      const done = await invoke('undo.run', {});
      if (done) toast({ message: `Undone: ${done.label}.`, intent: Intent.PRIMARY, icon: 'undo' });
      else toast({ message: 'Nothing to undo.', icon: 'info-sign' });
      changed();
    } catch (e) {
      toast({ message: describeError(e as { code?: unknown; message?: unknown }).message, intent: Intent.DANGER, icon: 'error' });
      refreshUndo();
    } finally {
      undoBusy.current = false;
    }
  }, [toast, changed, refreshUndo]);

  const value = useMemo<Workspace>(
    () => ({
      status,
      cases: list,
      casesError: cases.error ? describeError(cases.error).message : null,
      currentCase,
      chooseCase,
      route,
      navigate,
      version,
      changed,
      setLeaveGuard,
      requestCompartmentUnlock,
      undoLabel,
      runUndo,
      viewState,
    }),
    [status, list, cases.error, currentCase, chooseCase, route, navigate, version, changed, setLeaveGuard, requestCompartmentUnlock, undoLabel, runUndo, viewState],
  );

  return (
    <WorkspaceContext.Provider value={value}>
      {children}
      <Alert
        isOpen={pending !== null}
        intent={Intent.WARNING}
        icon="warning-sign"
        confirmButtonText="Leave without saving"
        cancelButtonText="Stay"
        canEscapeKeyCancel
        // Blueprint would hand focus back to the link that asked to leave once the dialog has faded out — after
        // "Stay" that is often while the user is typing again, and a space then follows the link. Alert's types
        // omit this Overlay prop, which it passes through.
        {...{ shouldReturnFocusOnClose: false }}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const next = pending?.route;
          setPending(null);
          guard.current = null;
          if (next) setRoute(next);
        }}
      >
        <p>{pending?.question}</p>
      </Alert>
    </WorkspaceContext.Provider>
  );
}
