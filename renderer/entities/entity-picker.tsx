/**
 * Choose one entity of the case by typing part of a name or alias (for links and claims). A list of the
 * best matches opens under the field; ↑/↓ move, Enter chooses, Esc closes.
 */
import { Button, Classes, Icon, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useId, useMemo, useState } from 'react';
import type { EntityRow } from '../../shared/ipc/schemas/case';
import { foldForFilter } from '../ui/format';
import { KIND_ICONS, kindLabel } from '../ui/vocab';

const MAX = 8;

export function EntityPicker({
  id,
  rows,
  value,
  onChange,
  exclude,
  invalid,
  describedBy,
  autoFocus,
}: {
  id: string;
  rows: readonly EntityRow[];
  value: EntityRow | null;
  onChange: (row: EntityRow | null) => void;
  exclude?: string;
  invalid?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();

  const matches = useMemo(() => {
    const t = foldForFilter(text.trim());
    const out: { row: EntityRow; alias: string | null }[] = [];
    for (const row of rows) {
      if (row.id === exclude) continue;
      if (!t) out.push({ row, alias: null });
      else if (foldForFilter(row.name).includes(t)) out.push({ row, alias: null });
      else {
        const alias = row.aliases.find((a) => foldForFilter(a).includes(t));
        if (alias) out.push({ row, alias });
      }
      if (out.length >= MAX) break;
    }
    return out;
  }, [rows, text, exclude]);

  if (value) {
    return (
      <div className="picked-entity" id={id} tabIndex={-1}>
        <Tag large minimal icon={KIND_ICONS[value.kind]} onRemove={() => onChange(null)} className="picked-tag">
          <span dir="auto">{value.name}</span> <span className={Classes.TEXT_MUTED}>· {kindLabel(value.kind)}</span>
        </Tag>
        <Button variant="minimal" size="small" text="Change" onClick={() => onChange(null)} />
      </div>
    );
  }

  const choose = (row: EntityRow | undefined) => {
    if (!row) return;
    onChange(row);
    setText('');
    setOpen(false);
  };

  return (
    <div className="picker">
      <InputGroup dir="auto"
        id={id}
        value={text}
        leftIcon="search"
        placeholder="Type part of a name or alias"
        autoFocus={autoFocus}
        autoComplete="off"
        onValueChange={(v) => {
          setText(v);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(matches.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            if (open && matches.length) {
              e.preventDefault();
              choose(matches[Math.min(active, matches.length - 1)]?.row);
            }
          } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
          }
        }}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches.length ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        intent={invalid ? Intent.DANGER : Intent.NONE}
      />
      {open ? (
        <ul className="picker-list" id={listId} role="listbox">
          {matches.length === 0 ? (
            <li className={`picker-empty ${Classes.TEXT_MUTED}`}>{rows.length ? 'No entity matches.' : 'No other entities in this case yet.'}</li>
          ) : (
            matches.map((m, i) => (
              <li
                key={m.row.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`picker-option${i === active ? ' picker-option-active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(m.row);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <Icon icon={KIND_ICONS[m.row.kind]} size={14} className={Classes.TEXT_MUTED} />
                <span dir="auto">{m.row.name}</span>
                {m.alias ? <span className={`picker-alias ${Classes.TEXT_MUTED}`} dir="auto">aka {m.alias}</span> : null}
                <span className={`picker-kind ${Classes.TEXT_MUTED}`}>{kindLabel(m.row.kind)}</span>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
