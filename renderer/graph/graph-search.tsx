/** Search-to-focus: names and aliases of this case (search.query), ↑/↓ and Enter to centre the entity on the canvas. */
import { Classes, Icon, InputGroup, Spinner } from '@blueprintjs/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { SearchHit } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';
import { KIND_ICONS } from '../ui/vocab';

/** `nodeOf` gives the snapshot's view of a hit: for a witness the pseudonym, and the matched alias is not shown. */
export function GraphSearch({ caseId, onChoose, nodeOf }: { caseId: string; onChoose: (id: string) => void; nodeOf: (id: string) => { name: string; isWitness: boolean } | undefined }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);
  const listId = useId();

  useEffect(() => {
    const q = text.trim();
    const mine = ++seq.current;
    if (!q) {
      setHits(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    const t = setTimeout(() => {
      invoke('search.query', { text: q, caseId, limit: 8 }).then(
        (r) => {
          if (mine !== seq.current) return;
          setHits(r.hits);
          setActive(0);
          setLoading(false);
        },
        () => {
          if (mine !== seq.current) return;
          setHits([]);
          setLoading(false);
        },
      );
    }, 120);
    return () => clearTimeout(t);
  }, [text, caseId]);

  const choose = (h: SearchHit | undefined) => {
    if (!h) return;
    onChoose(h.id);
    setOpen(false);
    setText('');
  };

  const showList = open && text.trim() !== '' && hits !== null;
  return (
    <div className="graph-search" onBlur={(e) => (!e.currentTarget.contains(e.relatedTarget as Node | null) ? setOpen(false) : undefined)}>
      <InputGroup dir="auto"
        type="search"
        leftIcon="locate"
        placeholder="Find in graph"
        value={text}
        onValueChange={(v) => {
          setText(v);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min((hits?.length ?? 1) - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(hits?.[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
            setText('');
          }
        }}
        rightElement={loading ? <Spinner size={14} className="search-spinner" /> : undefined}
        role="combobox"
        aria-label="Find an entity in the graph"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && hits?.length ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        data-testid="graph-search"
      />
      {showList ? (
        <ul className="graph-search-results" role="listbox" id={listId} aria-label="Entities found">
          {hits!.length === 0 ? <li className={Classes.TEXT_MUTED}>No entity in this case matches.</li> : null}
          {hits!.map((h, i) => (
            <li
              key={h.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(h)}
            >
              <Icon icon={KIND_ICONS[h.kind]} size={12} /> <span dir="auto">{nodeOf(h.id)?.name ?? h.name}</span>
              {h.matched && h.matched !== h.name && !nodeOf(h.id)?.isWitness ? <span className={Classes.TEXT_MUTED}> · {h.matched}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
