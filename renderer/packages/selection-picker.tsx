/** The "by entity / by claim / by hand" lists of the export wizard: filter, tick, see how many are chosen. */
import { Button, Checkbox, Classes, InputGroup, NonIdealState, Spinner } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { foldForFilter, formatBytes, humanize } from '../ui/format';
import type { SelectionMode } from './package-model';

interface Row {
  id: string;
  label: string;
  detail: string;
}

/** Rendering thousands of checkboxes helps nobody: show this many and ask for a filter. */
const SHOWN = 300;

async function loadRows(mode: Exclude<SelectionMode, 'case'>, caseId: string): Promise<Row[]> {
  if (mode === 'entities') {
    const rows = await invoke('entity.list', { caseId });
    return rows.map((e) => ({ id: e.id, label: e.name, detail: `${humanize(e.kind)}${e.isWitness ? ' · witness (pseudonym)' : ''}${e.claims ? ` · ${e.claims} claim(s)` : ''}` }));
  }
  if (mode === 'claims') {
    const rows = await invoke('claim.list', { caseId });
    return rows.map((c) => ({ id: c.id, label: c.summary, detail: `${c.evidence.length} citation(s)${c.data.releasable ? ' · releasable' : ''}` }));
  }
  const rows = await invoke('evidence.list', { caseId });
  return rows.map((e) => ({
    id: e.id,
    label: e.title,
    detail: `${e.type === 'statement' ? 'Witness statement' : (e.mediaType ?? 'file')}${e.size !== null ? ` · ${formatBytes(e.size)}` : ''}${e.derivedFrom ? ' · working copy' : ''}`,
  }));
}

const NOUN: Record<Exclude<SelectionMode, 'case'>, string> = { entities: 'entities', claims: 'claims', evidence: 'evidence items' };

export function SelectionPicker({
  mode,
  caseId,
  chosen,
  onChange,
  version,
}: {
  mode: Exclude<SelectionMode, 'case'>;
  caseId: string;
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  version: number;
}) {
  const q = useQuery(() => loadRows(mode, caseId), [mode, caseId, version]);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = foldForFilter(filter.trim());
    return (q.data ?? []).filter((r) => !f || foldForFilter(`${r.label} ${r.detail}`).includes(f));
  }, [q.data, filter]);

  if (q.loading) return <Spinner size={20} className="pkg-spinner" />;
  if (q.error) return <NonIdealState icon="error" title={`The ${NOUN[mode]} could not be read`} description={describeError(q.error).message} />;
  if (!q.data?.length) return <p className={`pkg-empty ${Classes.TEXT_MUTED}`}>This case has no {NOUN[mode]} yet.</p>;

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <div className="pkg-picker">
      <div className="pkg-picker-bar">
        <InputGroup dir="auto" leftIcon="filter" placeholder={`Filter ${NOUN[mode]}`} value={filter} onValueChange={setFilter} aria-label={`Filter ${NOUN[mode]}`} className="pkg-picker-filter" />
        <Button variant="minimal" text="Select all shown" onClick={() => onChange(new Set([...chosen, ...shown.map((r) => r.id)]))} disabled={!shown.length} />
        <Button variant="minimal" text="Clear" onClick={() => onChange(new Set())} disabled={!chosen.size} />
        <span className={`pkg-picker-count ${Classes.TEXT_MUTED}`} aria-live="polite">
          {chosen.size} of {q.data.length} chosen
        </span>
      </div>
      <ul className="pkg-picker-list" aria-label={`Choose ${NOUN[mode]}`}>
        {shown.slice(0, SHOWN).map((r) => (
          <li key={r.id}>
            <Checkbox
              checked={chosen.has(r.id)}
              onChange={(e) => toggle(r.id, e.currentTarget.checked)}
              labelElement={
                <span className="pkg-picker-row">
                  <span className="pkg-picker-label">{r.label}</span>
                  <span className={`pkg-picker-detail ${Classes.TEXT_MUTED}`}>{r.detail}</span>
                </span>
              }
            />
          </li>
        ))}
      </ul>
      {shown.length > SHOWN ? <p className={Classes.TEXT_MUTED}>Showing {SHOWN} of {shown.length}: filter to find the rest.</p> : null}
      {!shown.length ? <p className={Classes.TEXT_MUTED}>Nothing matches “{filter}”.</p> : null}
    </div>
  );
}
