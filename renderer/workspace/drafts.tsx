/**
 * Drafts through the idle lock (issue 15). A form or editor calls `useDraft` with its values: while they
 * differ from what is saved, main is told (`drafts.put`, debounced; held in main's memory, never stored here —
 * no localStorage, no sessionStorage). When the vault locks, main seals them into the vault. After the next
 * unlock this provider lists what was kept, brings the person back to the newest draft's screen (its case
 * chosen), and the screen opens the form (`useDraftOpener`) whose `useDraft` takes the draft back and fills
 * itself in. Drafts not restored are listed above the screen, to open or discard.
 */
import { Alert, Button, Callout, Intent } from '@blueprintjs/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DraftForm, DraftSummary } from '../../shared/ipc/schemas/drafts';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { AREAS, type AreaId } from '../frame/areas';
import { useToast } from '../ui/toaster';
import { PendingSends } from './pending-sends';
import type { Route } from './routes';
import { useWorkspace } from './workspace';

/** How long typing pauses before main is told (a lock sends what is still waiting first: `flushDrafts`). */
const PUT_DELAY_MS = 250;

/** The drafts waiting for their typing pause, by form instance. */
const waiting = new PendingSends();

/**
 * Send every draft still waiting for its typing pause, now: called before a lock (the lock button and
 * shortcut before `vault.lock`; an idle or menu lock asks with `drafts.flush`) so the last words are kept.
 */
export async function flushDrafts(): Promise<void> {
  await waiting.flush();
}

interface Drafts {
  kept: DraftSummary[];
  /** The kept draft being brought back: its screen opens its form, whose useDraft takes it. */
  restoring: DraftSummary | null;
  open: (d: DraftSummary) => void;
  /** Called by useDraft once it has taken the draft back. */
  restored: (id: string) => void;
  discard: (d: DraftSummary) => void;
}

const DraftsContext = createContext<Drafts | null>(null);

function useDrafts(): Drafts {
  const d = useContext(DraftsContext);
  if (!d) throw new Error('useDrafts outside DraftsProvider');
  return d;
}

function routeOf(d: DraftSummary): Route | null {
  if (!AREAS.some((a) => a.id === d.route.area)) return null;
  const { area, ...ids } = d.route;
  return { area: area as AreaId, ...ids };
}

export function DraftsProvider({ children }: { children: ReactNode }) {
  const { navigate, chooseCase } = useWorkspace();
  const toast = useToast();
  const [kept, setKept] = useState<DraftSummary[]>([]);
  const [restoring, setRestoring] = useState<DraftSummary | null>(null);
  const [confirm, setConfirm] = useState<DraftSummary | null>(null);

  const open = useCallback(
    (d: DraftSummary) => {
      const route = routeOf(d);
      if (d.caseId) chooseCase(d.caseId);
      if (route) navigate(route);
      setRestoring(d);
    },
    [chooseCase, navigate],
  );

  // Once per unlock (the frame mounts after each): back to where the newest draft was being written.
  const listed = useRef(false);
  useEffect(() => {
    if (listed.current) return;
    listed.current = true;
    invoke('drafts.list', {}).then(
      (list) => {
        setKept(list);
        if (list[0]) open(list[0]);
      },
      () => undefined,
    );
  }, [open]);

  const restored = useCallback((id: string) => {
    setKept((k) => k.filter((d) => d.id !== id));
    setRestoring((r) => (r?.id === id ? null : r));
  }, []);

  const discard = useCallback((d: DraftSummary) => setConfirm(d), []);

  const value = useMemo<Drafts>(() => ({ kept, restoring, open, restored, discard }), [kept, restoring, open, restored, discard]);
  return (
    <DraftsContext.Provider value={value}>
      {children}
      <Alert
        isOpen={confirm !== null}
        intent={Intent.DANGER}
        icon="trash"
        confirmButtonText="Discard draft"
        cancelButtonText="Keep it"
        canEscapeKeyCancel
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const d = confirm;
          setConfirm(null);
          if (!d) return;
          invoke('drafts.discard', { id: d.id }).then(
            () => restored(d.id),
            (e: unknown) => toast({ message: describeError(e as { code?: unknown; message?: unknown }).message, intent: Intent.DANGER, icon: 'error' }),
          );
        }}
      >
        <p>Discard the unsaved {confirm?.description}? Its words are removed from the vault for good.</p>
      </Alert>
    </DraftsContext.Provider>
  );
}

/** Kept drafts not taken back yet: listed above the screen, to open or discard. */
export function KeptDraftsBar() {
  const { kept, open, discard } = useDrafts();
  const others = kept;
  if (!others.length) return null;
  return (
    <Callout icon="document-open" intent={Intent.PRIMARY} className="kept-drafts" title={`Unsaved draft${others.length === 1 ? '' : 's'} kept through the lock`} role="region" aria-label="Kept drafts">
      <ul className="kept-drafts-list">
        {others.map((d) => (
          <li key={d.id}>
            <span className="kept-drafts-what">{d.description}</span>
            <Button size="small" variant="minimal" intent={Intent.PRIMARY} icon="edit" text="Open" onClick={() => open(d)} aria-label={`Open the ${d.description}`} />
            <Button size="small" variant="minimal" icon="trash" text="Discard" onClick={() => discard(d)} aria-label={`Discard the ${d.description}`} />
          </li>
        ))}
      </ul>
    </Callout>
  );
}

/**
 * A screen that hosts a form: when the draft being restored is of `form` and `matches` this screen, `open` it
 * (once), e.g. set the dialog's state open for the record the draft edits.
 */
export function useDraftOpener(form: DraftForm, matches: (d: DraftSummary) => boolean, open: (d: DraftSummary) => void): void {
  const { restoring } = useDrafts();
  const opened = useRef<string | null>(null);
  const ref = useRef({ matches, open });
  ref.current = { matches, open };
  // After every render: what the screen needs to match (a list loading) may arrive after the draft.
  useEffect(() => {
    if (!restoring || restoring.form !== form || opened.current === restoring.id) return;
    if (!ref.current.matches(restoring)) return;
    opened.current = restoring.id;
    ref.current.open(restoring);
  });
}

export interface DraftOptions<T> {
  /** One draft per key: the form and what it edits ("entity:new", "claim:<id>"). */
  key: string;
  form: DraftForm;
  caseId: string | null;
  /** What opening the form again needs (ids, codes): never the content. */
  context?: Record<string, string | number | boolean | null>;
  value: T;
  /** True while the values differ from what is saved. */
  dirty: boolean;
  /** Fill the form with a kept draft's values. */
  restore: (value: T) => void;
}

/**
 * Keep this form's unsaved values through a lock. Returns `discard` (call it when the form is saved or
 * cancelled; a form that becomes clean is forgotten anyway).
 */
export function useDraft<T extends Record<string, unknown>>({ key, form, caseId, context, value, dirty, restore }: DraftOptions<T>): { discard: () => void } {
  const { route } = useWorkspace();
  const { restoring, restored } = useDrafts();
  // The key main holds a draft under for this form (the key changes when a new record is first saved).
  const sent = useRef<string | null>(null);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  // This form's identity in the waiting list.
  const [instance] = useState(() => ({}));

  // A kept draft for this form: take it back (it is live again in main) and fill the form.
  useEffect(() => {
    if (!restoring || restoring.key !== key) return;
    const id = restoring.id;
    invoke('drafts.take', { id }).then(
      (d) => {
        restoreRef.current(d.fields as T);
        sent.current = key;
        restored(id);
      },
      () => restored(id),
    );
  }, [restoring, key, restored]);

  const json = JSON.stringify(value);
  const latest = useRef({ key, form, caseId, context, route, json });
  latest.current = { key, form, caseId, context, route, json };
  useEffect(() => {
    const forget = () => {
      if (sent.current === null) return;
      const k = sent.current;
      sent.current = null;
      void invoke('drafts.clear', { key: k }).catch(() => undefined);
    };
    if (!dirty) return forget();
    if (sent.current !== null && sent.current !== key) forget();
    const send = () => {
      const l = latest.current;
      const { area, entityId, eventId, evidenceId, witnessId, statementId, regimeId } = l.route;
      const r = { area, entityId, eventId, evidenceId, witnessId, statementId, regimeId };
      sent.current = l.key;
      return invoke('drafts.put', {
        key: l.key,
        form: l.form,
        caseId: l.caseId,
        route: Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as typeof r,
        context: l.context ?? {},
        fields: JSON.parse(l.json) as Record<string, unknown>,
      });
    };
    return waiting.schedule(instance, send, PUT_DELAY_MS);
  }, [dirty, json, key, instance]);

  const discard = useCallback(() => {
    const k = sent.current ?? key;
    sent.current = null;
    void invoke('drafts.clear', { key: k }).catch(() => undefined);
  }, [key]);

  // A form that closes (saved, cancelled, left) takes its draft with it; a lock unmounts after main kept it.
  const discardRef = useRef(discard);
  discardRef.current = discard;
  useEffect(
    () => () => {
      if (sent.current !== null) discardRef.current();
    },
    [],
  );

  return { discard };
}

/**
 * Cancelling a form with unsaved words asks first ("Discard this draft?"); a clean form closes at once.
 * Returns the close handler to give the dialog and its Cancel button, and the question to render.
 */
export function useConfirmDiscard(dirty: boolean, onDiscard: () => void, what: string): [() => void, ReactNode] {
  const [asking, setAsking] = useState(false);
  const request = useCallback(() => (dirty ? setAsking(true) : onDiscard()), [dirty, onDiscard]);
  const element = (
    <Alert
      isOpen={asking}
      intent={Intent.WARNING}
      icon="warning-sign"
      confirmButtonText="Discard draft"
      cancelButtonText="Keep editing"
      canEscapeKeyCancel
      onCancel={() => setAsking(false)}
      onConfirm={() => {
        setAsking(false);
        onDiscard();
      }}
    >
      <p>Discard the unsaved {what}? What was typed is not kept.</p>
    </Alert>
  );
  return [request, element];
}

export interface FormDraftOptions<T> extends Omit<DraftOptions<T>, 'dirty'> {
  /** "link", "changes to this source": what the discard question names. */
  what: string;
  /** Close the form (after the person agreed to drop what was typed, or when nothing was). */
  onClose: () => void;
  /** Typed values deliberately left out of the draft (a witness's real identity): closing still asks. */
  unkeptDirty?: boolean;
}

/**
 * A form's draft and its close question together: dirty is "the values differ from when the form opened",
 * the draft lives through a lock (`useDraft`), and `requestClose` (for Cancel, Escape and the close button)
 * asks before throwing typed words away. Render `confirmDiscard`; call `discard` once saved.
 */
export function useFormDraft<T extends Record<string, unknown>>({ what, onClose, unkeptDirty = false, ...opts }: FormDraftOptions<T>): { dirty: boolean; discard: () => void; requestClose: () => void; confirmDiscard: ReactNode } {
  const [initial] = useState(() => JSON.stringify(opts.value));
  const dirty = JSON.stringify(opts.value) !== initial;
  const { discard } = useDraft({ ...opts, dirty });
  const [requestClose, confirmDiscard] = useConfirmDiscard(
    dirty || unkeptDirty,
    () => {
      discard();
      onClose();
    },
    what,
  );
  return { dirty, discard, requestClose, confirmDiscard };
}
