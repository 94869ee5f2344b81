/**
 * Ctrl/Cmd+K: one search across everything in the current case (`search.everything`): entities, evidence text,
 * statements (by pseudonym only), claims, notes, sources and events, grouped by kind with counts. ↑/↓ move
 * through the hits, Enter opens one (evidence at the hit's page, with the words highlighted), Esc closes.
 * Snippet highlights come as offsets and are rendered as <mark> elements around text nodes, never as HTML.
 */
import { Classes, Dialog, Icon, InputGroup, Spinner, type IconName } from '@blueprintjs/core';
import { useEffect, useId, useRef, useState } from 'react';
import { EVERYTHING_KINDS, type EverythingHit, type EverythingKind, type EverythingResult } from '../../shared/ipc/schemas/documents';
import { invoke } from '../api/client';
import { asApiError } from '../api/hooks';
import { describeError } from '../api/messages';
import { KIND_ICONS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import type { Route } from '../workspace/routes';

const DEBOUNCE_MS = 150;
const LIMIT = 60;

export const KIND_TITLES: Record<EverythingKind, string> = {
  entity: 'Entities',
  evidence: 'Evidence',
  statement: 'Statements',
  claim: 'Claims',
  note: 'Notes',
  source: 'Sources',
  event: 'Events',
};
const KIND_ICON: Record<EverythingKind, IconName> = { entity: 'person', evidence: 'document', statement: 'comment', claim: 'endorsed', note: 'annotation', source: 'book', event: 'calendar' };

/** Text with [start, end) ranges marked: plain text nodes and <mark>, so nothing in the text is ever markup. */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  const sorted = [...ranges].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  for (const [a0, b0] of sorted) {
    const a = Math.max(at, Math.min(a0, text.length));
    const b = Math.min(b0, text.length);
    if (b <= a) continue;
    if (a > at) parts.push(text.slice(at, a));
    parts.push(<mark key={a}>{text.slice(a, b)}</mark>);
    at = b;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'done'; text: string; result: EverythingResult } | { kind: 'error'; message: string };

/** The route that opens a hit. Claims and notes open what they are about. */
async function routeFor(h: EverythingHit, query: string): Promise<Route | null> {
  switch (h.kind) {
    case 'entity':
      return { area: 'entities', entityId: h.id };
    case 'evidence':
    case 'statement':
      return { area: 'evidence', evidenceId: h.id, ...(h.page ? { page: h.page } : {}), highlight: query };
    case 'event':
      return { area: 'events', eventId: h.id };
    case 'source':
      return { area: 'sources' };
    case 'note':
      return { area: 'cases' };
    case 'claim': {
      const claims = await invoke('claim.list', { caseId: h.caseId });
      const c = claims.find((x) => x.id === h.id);
      if (!c) return null;
      const a = c.data.assertion;
      if (a.type === 'link') {
        const link = (await invoke('link.list', { caseId: h.caseId })).find((l) => l.id === a.linkId);
        return link ? { area: 'entities', entityId: link.data.source } : null;
      }
      return { area: 'entities', entityId: a.entityId };
    }
  }
}

export function CommandPalette({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { currentCase, chooseCase, navigate } = useWorkspace();
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [active, setActive] = useState(0);
  // Hits follow the pointer only when it moves: results appearing under a still pointer must not steal the
  // keyboard selection (mouseenter fires then).
  const seq = useRef(0);
  const listId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const q = text.trim();
    const mine = ++seq.current;
    if (!q) {
      setState({ kind: 'idle' });
      return;
    }
    setState((s) => (s.kind === 'done' ? s : { kind: 'loading' }));
    const run = () =>
      invoke('search.everything', { text: q, ...(currentCase ? { caseId: currentCase.id } : {}), limit: LIMIT }).then(
        (result) => {
          if (mine !== seq.current) return;
          setState({ kind: 'done', text: q, result });
          setActive(0);
          // While the index is still being built, ask again shortly: more hits arrive as it fills.
          if (result.building) timer = setTimeout(run, 800);
        },
        (e: unknown) => {
          if (mine === seq.current) setState({ kind: 'error', message: describeError(asApiError(e, 'search.everything')).message });
        },
      );
    let timer = setTimeout(run, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, isOpen, currentCase]);

  const result = state.kind === 'done' ? state.result : null;
  // Grouped in a fixed order; the flat list is what ↑/↓ walk.
  const groups = EVERYTHING_KINDS.map((k) => ({ kind: k, hits: (result?.hits ?? []).filter((h) => h.kind === k) })).filter((g) => g.hits.length);
  const flat = groups.flatMap((g) => g.hits);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = async (h: EverythingHit | undefined) => {
    if (!h) return;
    const route = await routeFor(h, state.kind === 'done' ? state.text : text.trim());
    if (!route) return;
    if (h.caseId !== currentCase?.id) chooseCase(h.caseId);
    navigate(route);
    onClose();
    setText('');
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(flat.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void open(flat[Math.min(active, flat.length - 1)]);
    }
  };

  let index = -1;
  const activeId = flat.length ? `${listId}-${Math.min(active, flat.length - 1)}` : undefined;
  return (
    <Dialog isOpen={isOpen} onClose={onClose} className="palette" aria-label="Search everything" autoFocus enforceFocus>
      <div className="palette-body" data-testid="palette">
        <InputGroup
          dir="auto"
          autoFocus
          large
          type="search"
          leftIcon="search"
          placeholder={currentCase ? `Search everything in ${currentCase.data.name}` : 'Search everything'}
          value={text}
          onValueChange={setText}
          onKeyDown={onKeyDown}
          rightElement={state.kind === 'loading' ? <Spinner size={16} /> : undefined}
          role="combobox"
          aria-label="Search everything"
          aria-expanded={flat.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          autoComplete="off"
          spellCheck={false}
          data-testid="palette-input"
        />
        {result?.building ? (
          <div className={`palette-message ${Classes.TEXT_MUTED}`} role="status" data-testid="palette-building">
            <Spinner size={12} /> The search index is being built ({result.building.done} of {result.building.total}); results will fill in.
          </div>
        ) : null}
        <div className="palette-results" role="listbox" id={listId} aria-label="Results" ref={listRef} data-testid="palette-results">
          {state.kind === 'idle' ? (
            <div className={`palette-message ${Classes.TEXT_MUTED}`}>Type to search entities, documents, statements, claims, notes, sources and events. Use "quotes" for a phrase.</div>
          ) : state.kind === 'error' ? (
            <div className="palette-message" role="status">
              <Icon icon="warning-sign" size={14} /> {state.message}
            </div>
          ) : state.kind === 'done' && flat.length === 0 && !result?.building ? (
            <div className={`palette-message ${Classes.TEXT_MUTED}`} role="status">
              Nothing matches “{state.text}”.
            </div>
          ) : (
            groups.map((g) => (
              <div key={g.kind} role="group" aria-label={`${KIND_TITLES[g.kind]}: ${result?.counts[g.kind] ?? g.hits.length}`} className="palette-group">
                <div className="palette-group-title" aria-hidden="true">
                  <Icon icon={KIND_ICON[g.kind]} size={12} /> {KIND_TITLES[g.kind]} <span className="palette-count">{result?.counts[g.kind] ?? g.hits.length}</span>
                </div>
                {g.hits.map((h) => {
                  index++;
                  const i = index;
                  return (
                    <div
                      key={`${h.kind}/${h.id}/${h.page ?? 0}/${i}`}
                      id={`${listId}-${i}`}
                      data-index={i}
                      role="option"
                      aria-selected={i === active}
                      className={`palette-hit${i === active ? ' palette-hit-active' : ''}`}
                      onMouseDown={(e) => {
                        e.preventDefault();
                        void open(h);
                      }}
                      onMouseMove={() => active !== i && setActive(i)}
                      data-testid="palette-hit"
                    >
                      <Icon icon={h.entityKind ? KIND_ICONS[h.entityKind] : KIND_ICON[h.kind]} size={14} className="palette-hit-icon" />
                      <div className="palette-hit-text">
                        <span className="palette-hit-title" dir="auto">
                          {h.title}
                          {h.page ? <span className={Classes.TEXT_MUTED}> · p. {h.page}</span> : null}
                        </span>
                        {h.snippet ? (
                          <span className="palette-hit-snippet" dir="auto">
                            <Highlighted text={h.snippet} ranges={h.highlights} />
                          </span>
                        ) : null}
                      </div>
                    </div>
                  );
                })}
              </div>
            ))
          )}
        </div>
        <div className={`palette-foot ${Classes.TEXT_MUTED}`}>↑ ↓ to move · Enter to open · Esc to close{result ? ` · ${Math.round(result.tookMs)} ms` : ''}</div>
      </div>
    </Dialog>
  );
}
