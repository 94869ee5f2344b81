import { Button, Classes, H1, HTMLSelect, Icon, InputGroup, Intent, KeyComboTag, NonIdealState, Spinner, Tag, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { ENTITY_KINDS, ROLE_LABELS, ROLES, type EntityKind, type Role } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { countryName, formatDate } from '../ui/format';
import { nextSort, VirtualTable, type Column, type SortState } from '../ui/virtual-table';
import { KIND_ICONS, kindLabel } from '../ui/vocab';
import { useCurrentCase, useViewState, useWorkspace } from '../workspace/workspace';
import { EntityFormDialog } from './entity-form-dialog';
import { useDraftOpener } from '../workspace/drafts';
import { activeFilterCount, filterRows, matchedAlias, NO_FILTERS, prepareRows, sortRows, type EntityFilters, type PreparedRow } from './entity-table-model';
import { SpoofBadge } from '../ui/spoof-badge';

function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (!roles.length) return <span className={Classes.TEXT_MUTED}>—</span>;
  const shown = roles.slice(0, 2);
  return (
    <span className="role-tags">
      {shown.map((r) => (
        <Tag key={r} minimal className={r === 'victim' || r === 'witness' ? 'role-tag role-protected' : 'role-tag'}>
          {ROLE_LABELS[r]}
        </Tag>
      ))}
      {roles.length > 2 ? <span className={Classes.TEXT_MUTED}>+{roles.length - 2}</span> : null}
    </span>
  );
}

export function EntityTableScreen() {
  const current = useCurrentCase();
  const { version, navigate, changed } = useWorkspace();
  const rows = useQuery(() => invoke('entity.list', { caseId: current.id }), [current.id, version]);
  const [filters, setFilters] = useViewState<EntityFilters>(`entities/${current.id}/filters`, NO_FILTERS);
  const [sort, setSort] = useViewState<SortState>(`entities/${current.id}/sort`, { column: 'name', dir: 'asc' });
  const [creating, setCreating] = useState(false);
  // A new entity's draft kept through a lock opens the form again.
  useDraftOpener('entity', (d) => !d.context.entityId, () => setCreating(true));
  const filterRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const prepared = useMemo(() => prepareRows(rows.data ?? []), [rows.data]);
  const sorted = useMemo(() => sortRows(prepared, sort), [prepared, sort]);
  // Typing stays responsive with 100k rows: the filtered list may lag a frame behind the input.
  const deferred = useDeferredValue(filters);
  const shown = useMemo(() => filterRows(sorted, deferred), [sorted, deferred]);
  const nationalities = useMemo(() => {
    const s = new Set<string>();
    for (const p of prepared) for (const n of p.row.nationality) s.add(n);
    return [...s].sort();
  }, [prepared]);

  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [
      {
        combo: '/',
        global: true,
        group: 'Entities',
        label: 'Filter the table',
        preventDefault: true,
        onKeyDown: () => {
          filterRef.current?.focus();
          filterRef.current?.select();
        },
      },
      { combo: 'n', global: true, group: 'Entities', label: 'New entity', preventDefault: true, onKeyDown: () => setCreating(true) },
    ],
    [],
  );
  useHotkeys(hotkeys);

  const open = (p: PreparedRow) => navigate({ area: 'entities', entityId: p.row.id });
  const set = (patch: Partial<EntityFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: Column<PreparedRow>[] = [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(260px, 2.4fr)',
      sortable: true,
      title: (p) => [p.row.name, ...p.row.aliases].join(' · '),
      render: (p) => {
        const alias = matchedAlias(p.row, deferred.text);
        return (
          <span className="entity-name-cell">
            <Icon icon={KIND_ICONS[p.row.kind]} size={14} className="entity-kind-icon" title={kindLabel(p.row.kind)} />
            <span className="entity-name" dir="auto">
              {p.row.name}
            </span>
            <SpoofBadge text={p.row.name} />
            {alias ? (
              <span className="entity-alias-match" dir="auto">
                aka {alias}
              </span>
            ) : p.row.aliases.length ? (
              <span className={`entity-alias-count ${Classes.TEXT_MUTED}`}>+{p.row.aliases.length} {p.row.aliases.length === 1 ? 'alias' : 'aliases'}</span>
            ) : null}
            {p.row.isWitness ? (
              <Tag minimal intent={Intent.WARNING} className="witness-tag">
                witness
              </Tag>
            ) : null}
          </span>
        );
      },
    },
    { id: 'kind', header: 'Kind', width: '118px', sortable: true, render: (p) => kindLabel(p.row.kind) },
    { id: 'roles', header: 'Roles', width: 'minmax(150px, 1.2fr)', sortable: true, render: (p) => <RoleTags roles={p.row.roles} />, title: (p) => p.row.roles.map((r) => ROLE_LABELS[r]).join(', ') },
    {
      id: 'nationality',
      header: 'Nationality',
      width: '106px',
      sortable: true,
      render: (p) => p.row.nationality.map((n) => n.toUpperCase()).join(', ') || <span className={Classes.TEXT_MUTED}>—</span>,
      title: (p) => p.row.nationality.map((n) => countryName(n) ?? n).join(', ') || undefined,
    },
    { id: 'birthDate', header: 'Born / founded', width: '136px', sortable: true, className: 'tabular', render: (p) => p.row.birthDate || <span className={Classes.TEXT_MUTED}>—</span> },
    { id: 'links', header: 'Links', width: '72px', sortable: true, align: 'right', className: 'tabular', render: (p) => p.row.links || <span className={Classes.TEXT_MUTED}>0</span> },
    { id: 'claims', header: 'Claims', width: '80px', sortable: true, align: 'right', className: 'tabular', render: (p) => p.row.claims || <span className={Classes.TEXT_MUTED}>0</span> },
    { id: 'updatedAt', header: 'Updated', width: '104px', sortable: true, className: 'tabular', render: (p) => formatDate(p.row.updatedAt) },
  ];

  const total = prepared.length;
  const nFilters = activeFilterCount(filters);

  let body: React.ReactNode;
  if (rows.error && !rows.data) {
    body = <NonIdealState icon="error" title="The entities could not be read" description={describeError(rows.error).message} />;
  } else if (!rows.data) {
    body = (
      <div className="log-loading">
        <Spinner size={24} aria-label="Loading entities" />
      </div>
    );
  } else if (total === 0) {
    body = (
      <div className="empty-panel">
        <NonIdealState
          icon="people"
          title="No entities in this case yet"
          description={<p className="placeholder-purpose">Record the people, organisations, armed groups, companies, vessels and accounts the evidence is about.</p>}
          action={<Button intent={Intent.PRIMARY} icon="add" text="Add the first entity" onClick={() => setCreating(true)} />}
        />
      </div>
    );
  } else {
    body = (
      <VirtualTable<PreparedRow>
        label="Entities"
        columns={columns}
        rows={shown}
        rowKey={(p) => p.row.id}
        sort={sort}
        onSort={(c) => setSort((s) => nextSort(s, c))}
        onOpen={open}
        gridRef={gridRef}
        testId="entity-table"
        empty={
          <span>
            No entity matches these filters.{' '}
            <Button variant="minimal" size="small" text="Clear filters" onClick={() => setFilters(NO_FILTERS)} />
          </span>
        }
        footer={
          <span className="table-foot" data-testid="entity-count">
            {shown.length === total ? `${total.toLocaleString('en-GB')} ${total === 1 ? 'entity' : 'entities'}` : `${shown.length.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} entities`}
            <span className="table-foot-keys">
              <KeyComboTag combo="up" minimal /> <KeyComboTag combo="down" minimal /> move · <KeyComboTag combo="enter" minimal /> open · <KeyComboTag combo="/" minimal /> filter
            </span>
          </span>
        }
      />
    );
  }

  return (
    <div className="area-page area-page-table">
      <header className="area-header area-header-row">
        <div>
          <H1>Entities</H1>
          <p className={Classes.TEXT_MUTED}>People, organisations, armed groups, companies, vessels, accounts and places in {current.data.name}.</p>
        </div>
        <div className="area-actions">
          <Button intent={Intent.PRIMARY} icon="add" text="New entity" onClick={() => setCreating(true)} aria-keyshortcuts="N" />
        </div>
      </header>
      {total > 0 ? (
        <div className="filter-bar" role="search" aria-label="Filter entities">
          <InputGroup dir="auto"
            inputRef={filterRef}
            leftIcon="filter"
            placeholder="Filter by name or alias"
            value={filters.text}
            onValueChange={(v) => set({ text: v })}
            className="filter-text"
            aria-label="Filter by name or alias"
            aria-keyshortcuts="/"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                gridRef.current?.focus();
              } else if (e.key === 'Escape' && filters.text) {
                e.preventDefault();
                set({ text: '' });
              }
            }}
            rightElement={filters.text ? <Button variant="minimal" icon="cross" aria-label="Clear the text filter" onClick={() => set({ text: '' })} /> : <KeyComboTag combo="/" minimal className="filter-key" />}
          />
          <HTMLSelect value={filters.kind} onChange={(e) => set({ kind: e.currentTarget.value as EntityKind | '' })} aria-label="Kind">
            <option value="">All kinds</option>
            {ENTITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </HTMLSelect>
          <HTMLSelect value={filters.role} onChange={(e) => set({ role: e.currentTarget.value as Role | '' })} aria-label="Role">
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </HTMLSelect>
          <HTMLSelect value={filters.nationality} onChange={(e) => set({ nationality: e.currentTarget.value })} aria-label="Nationality">
            <option value="">All nationalities</option>
            {nationalities.map((n) => (
              <option key={n} value={n}>
                {n.toUpperCase()} — {countryName(n) ?? n}
              </option>
            ))}
          </HTMLSelect>
          {nFilters ? <Button variant="minimal" icon="filter-remove" text="Clear filters" onClick={() => setFilters(NO_FILTERS)} /> : null}
        </div>
      ) : null}
      {body}
      <EntityFormDialog
        isOpen={creating}
        caseId={current.id}
        existing={null}
        onClose={() => setCreating(false)}
        onSaved={(e) => {
          setCreating(false);
          changed();
          navigate({ area: 'entities', entityId: e.id });
        }}
      />
    </div>
  );
}
