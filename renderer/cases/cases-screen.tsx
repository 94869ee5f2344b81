import { Button, ButtonGroup, Classes, H1, Intent, Menu, MenuItem, NonIdealState, PopoverNext, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { CaseView } from '../../shared/ipc/schemas/case';
import { FtmExportDialog } from '../exchange/ftm-export-dialog';
import { FtmImportDialog } from '../exchange/ftm-import-dialog';
import { DataTable, type DataColumn } from '../ui/data-table';
import { countryName, formatCountries, formatDate } from '../ui/format';
import { CASE_STATUS_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { CaseDialog } from './case-dialog';
import { useDraftOpener } from '../workspace/drafts';

const STATUS_INTENT: Record<string, Intent> = { open: Intent.SUCCESS, closed: Intent.NONE, archived: Intent.NONE };

function Count({ n, what }: { n: number | undefined; what: string }) {
  return (
    <span className={n ? 'count' : `count ${Classes.TEXT_MUTED}`} title={`${n ?? 0} ${what}`}>
      {(n ?? 0).toLocaleString('en-GB')}
    </span>
  );
}

export function CasesScreen() {
  const { cases, casesError, currentCase, chooseCase, navigate, changed } = useWorkspace();
  const [editing, setEditing] = useState<CaseView | null | 'new'>(null);
  const [importing, setImporting] = useState<CaseView | null>(null);
  const [exporting, setExporting] = useState<CaseView | null>(null);
  // A case form's draft kept through a lock opens it again (once the cases are listed, for an edit).
  useDraftOpener(
    'case',
    (d) => !d.context.editsCase || (cases ?? []).some((c) => c.id === d.context.editsCase),
    (d) => setEditing((cases ?? []).find((c) => c.id === d.context.editsCase) ?? 'new'),
  );

  const open = (c: CaseView) => {
    chooseCase(c.id);
    navigate({ area: 'entities' });
  };

  const columns: DataColumn<CaseView>[] = [
    {
      id: 'name',
      header: 'Case',
      render: (c) => (
        <div className="case-name-cell">
          <span className="case-name">
            {c.data.name}
            {c.id === currentCase?.id ? (
              <Tag minimal intent={Intent.PRIMARY} className="current-tag">
                current
              </Tag>
            ) : null}
          </span>
          {c.data.description ? <span className={`case-description ${Classes.TEXT_MUTED}`}>{c.data.description}</span> : null}
        </div>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      width: '96px',
      render: (c) => (
        <Tag minimal round intent={STATUS_INTENT[c.data.status]}>
          {CASE_STATUS_LABELS[c.data.status]}
        </Tag>
      ),
    },
    {
      id: 'countries',
      header: 'Countries',
      width: '100px',
      render: (c) => <span title={c.data.countries.map((x) => countryName(x) ?? x).join(', ')}>{formatCountries(c.data.countries) || '—'}</span>,
    },
    { id: 'entities', header: 'Entities', width: '72px', align: 'right', render: (c) => <Count n={c.counts.entity} what="entities" /> },
    { id: 'evidence', header: 'Evidence', width: '78px', align: 'right', render: (c) => <Count n={c.counts.evidence} what="evidence items (files and statements)" /> },
    { id: 'witnesses', header: 'Witnesses', width: '84px', align: 'right', render: (c) => <Count n={c.counts.witness} what="witnesses" /> },
    { id: 'claims', header: 'Claims', width: '64px', align: 'right', render: (c) => <Count n={c.counts.claim} what="claims" /> },
    { id: 'updated', header: 'Updated', width: '96px', render: (c) => <span className="tabular">{formatDate(c.updatedAt)}</span> },
    {
      id: 'actions',
      header: <span className={Classes.TEXT_MUTED}>Actions</span>,
      width: '164px',
      align: 'right',
      render: (c) => (
        <ButtonGroup variant="minimal" className="row-actions">
          <Button size="small" icon="folder-open" text="Open" onClick={() => open(c)} aria-label={`Open case ${c.data.name}`} />
          <Button size="small" icon="edit" onClick={() => setEditing(c)} aria-label={`Edit case ${c.data.name}`} title="Edit case" />
          <PopoverNext
            placement="bottom-end"
            arrow={false}
            content={
              <Menu>
                <MenuItem icon="import" text="Import FollowTheMoney…" onClick={() => setImporting(c)} />
                <MenuItem icon="export" text="Export FollowTheMoney…" onClick={() => setExporting(c)} />
              </Menu>
            }
          >
            <Button size="small" icon="more" aria-label={`More actions for ${c.data.name}`} title="Import and export" />
          </PopoverNext>
        </ButtonGroup>
      ),
    },
  ];

  let body: React.ReactNode;
  if (!cases) {
    body = casesError ? <NonIdealState icon="error" title="The cases could not be read" description={casesError} /> : <Spinner size={24} aria-label="Loading cases" />;
  } else if (cases.length === 0) {
    body = (
      <div className="empty-panel">
        <NonIdealState
          icon="folder-new"
          title="Create your first case"
          description={
            <p className="placeholder-purpose">
              A case holds one investigation: the people, groups and companies involved, the evidence, the witness statements and the claims that tie
              them together.
            </p>
          }
          action={<Button intent={Intent.PRIMARY} icon="add" text="Create your first case" onClick={() => setEditing('new')} />}
        />
      </div>
    );
  } else {
    body = <DataTable label="Cases" columns={columns} rows={cases} rowKey={(c) => c.id} onOpen={open} rowClassName={(c) => (c.id === currentCase?.id ? 'dt-row-current' : undefined)} testId="case-table" fixed />;
  }

  return (
    <div className="area-page area-page-wide">
      <header className="area-header area-header-row">
        <div>
          <H1>Cases</H1>
          <p className={Classes.TEXT_MUTED}>Each investigation is a case. Open one to work in it; the areas on the left then show its records.</p>
        </div>
        <div className="area-actions">
          {currentCase ? <Button icon="import" text="Import FtM…" title={`Import FollowTheMoney into ${currentCase.data.name}`} onClick={() => setImporting(currentCase)} /> : null}
          {currentCase ? <Button icon="export" text="Export FtM…" title={`Export ${currentCase.data.name} as FollowTheMoney`} onClick={() => setExporting(currentCase)} /> : null}
          {cases && cases.length > 0 ? <Button intent={Intent.PRIMARY} icon="add" text="New case" onClick={() => setEditing('new')} /> : null}
        </div>
      </header>
      {body}
      <CaseDialog
        isOpen={editing !== null}
        existing={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(c) => {
          const wasNew = editing === 'new';
          setEditing(null);
          changed();
          if (wasNew) chooseCase(c.id);
        }}
      />
      <FtmImportDialog caseView={importing} onClose={() => setImporting(null)} />
      <FtmExportDialog caseView={exporting} onClose={() => setExporting(null)} />
    </div>
  );
}
