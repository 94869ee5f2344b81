/**
 * The navbar search: names and aliases across every case, in any script and spelling, as you type
 * (debounced; a slow answer to an older query never replaces a newer one). ↑/↓ move, Enter opens,
 * Esc closes; Ctrl/Cmd+Shift+K focuses it from anywhere (Ctrl/Cmd+K opens the search across everything).
 */
import { Classes, Icon, InputGroup, KeyComboTag, Spinner } from '@blueprintjs/core';
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import type { SearchHit } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';
import { asApiError } from '../api/hooks';
import { describeError } from '../api/messages';
import { KIND_ICONS, kindLabel } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';

const DEBOUNCE_MS = 150;
const LIMIT = 12;

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'hits'; hits: SearchHit[]; text: string; tookMs: number } | { kind: 'error'; message: string; detail?: string };

export function SearchBox({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const { cases, currentCase, chooseCase, navigate } = useWorkspace();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [active, setActive] = useState(0);
  // Hover selects on pointer movement only (see command-palette.tsx).
  const seq = useRef(0);
  const listId = useId();
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const q = text.trim();
    const mine = ++seq.current;
    if (!q) {
      setState({ kind: 'idle' });
      return;
    }
    setState((s) => (s.kind === 'hits' ? s : { kind: 'loading' }));
    const t = setTimeout(() => {
      invoke('search.query', { text: q, limit: LIMIT }).then(
        (r) => {
          if (mine !== seq.current) return;
          setState({ kind: 'hits', hits: r.hits, text: q, tookMs: r.tookMs });
          setActive(0);
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          const m = describeError(asApiError(e, 'search.query'));
          setState({ kind: 'error', message: m.message, ...(m.detail ? { detail: m.detail } : {}) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const hits = state.kind === 'hits' ? state.hits : [];
  const caseName = (id: string) => cases?.find((c) => c.id === id)?.data.name ?? 'another case';

  const openHit = (h: SearchHit | undefined) => {
    if (!h) return;
    if (h.caseId !== currentCase?.id) chooseCase(h.caseId);
    navigate({ area: 'entities', entityId: h.id });
    setOpen(false);
    setText('');
    (document.activeElement as HTMLElement | null)?.blur();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      openHit(hits[Math.min(active, hits.length - 1)]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open && text) setOpen(false);
      else {
        setText('');
        e.currentTarget.blur();
      }
    }
  };

  const showList = open && text.trim() !== '';
  const activeId = showList && hits.length ? `${listId}-${Math.min(active, hits.length - 1)}` : undefined;

  return (
    <div className="search-box" ref={boxRef} onBlur={(e) => (!boxRef.current?.contains(e.relatedTarget as Node | null) ? setOpen(false) : undefined)}>
      <InputGroup dir="auto"
        inputRef={inputRef}
        type="search"
        leftIcon="search"
        placeholder="Search names and aliases"
        value={text}
        onValueChange={(v) => {
          setText(v);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        rightElement={state.kind === 'loading' ? <Spinner size={14} className="search-spinner" /> : <KeyComboTag combo="mod+shift+k" minimal className="search-key" />}
        role="combobox"
        aria-label="Search names and aliases"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-keyshortcuts="Control+Shift+K Meta+Shift+K"
        autoComplete="off"
        spellCheck={false}
        className="search-input"
        data-testid="search-input"
      />
      {showList ? (
        <div className="search-results" role="listbox" id={listId} aria-label="Search results" data-testid="search-results">
          {state.kind === 'error' ? (
            <div className="search-message" role="status">
              <Icon icon="warning-sign" size={14} /> Search is not available right now.
              {state.detail ? <div className={`search-detail ${Classes.TEXT_MUTED}`}>{state.detail}</div> : null}
            </div>
          ) : state.kind === 'hits' && hits.length === 0 ? (
            <div className={`search-message ${Classes.TEXT_MUTED}`} role="status">
              No one matches “{state.text}”. Try another spelling, an alias, or the name in its original script.
            </div>
          ) : state.kind === 'loading' ? (
            <div className={`search-message ${Classes.TEXT_MUTED}`} role="status">
              Searching…
            </div>
          ) : (
            hits.map((h, i) => (
              <div
                key={`${h.caseId}/${h.id}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`search-hit${i === active ? ' search-hit-active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  openHit(h);
                }}
                onMouseMove={() => active !== i && setActive(i)}
              >
                <Icon icon={KIND_ICONS[h.kind]} size={14} className="search-hit-icon" />
                <div className="search-hit-text">
                  <span className="search-hit-name" dir="auto">
                    {h.name}
                  </span>
                  {h.matched ? (
                    <span className="search-hit-matched">
                      matched <span dir="auto">“{h.matched}”</span>
                    </span>
                  ) : null}
                </div>
                <span className={`search-hit-meta ${Classes.TEXT_MUTED}`}>
                  {kindLabel(h.kind)}
                  {h.caseId !== currentCase?.id ? ` · ${caseName(h.caseId)}` : ''}
                </span>
              </div>
            ))
          )}
          {state.kind === 'hits' && hits.length ? (
            <div className={`search-foot ${Classes.TEXT_MUTED}`}>
              <KeyComboTag combo="up" minimal /> <KeyComboTag combo="down" minimal /> choose · <KeyComboTag combo="enter" minimal /> open · <KeyComboTag combo="esc" minimal /> close
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
