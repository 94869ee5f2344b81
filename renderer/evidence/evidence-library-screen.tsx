import { Button, Classes, H1, HTMLSelect, Icon, InputGroup, Intent, KeyComboTag, NonIdealState, Spinner, type HotkeyConfig, useHotkeys, type IconName } from '@blueprintjs/core';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import type { EvidenceRow } from '../../shared/ipc/schemas/case';
import type { GrantedFile } from '../../shared/ipc/grants';
import { invoke } from '../api/client';
import { asApiError } from '../api/hooks';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { foldForFilter, formatBytes, formatDate, grade, gradeExplanation, shortSha } from '../ui/format';
import { useToast } from '../ui/toaster';
import { nextSort, VirtualTable, type Column, type SortState } from '../ui/virtual-table';
import { useCurrentCase, useViewState, useWorkspace } from '../workspace/workspace';
import { useDraftOpener } from '../workspace/drafts';
import { IntakeDialog } from './intake-dialog';
import { SpoofBadge } from '../ui/spoof-badge';
import { textFilterMatches, TextStatusSelect, type TextFilter } from './text-status-filter';

export function mediaIcon(row: Pick<EvidenceRow, 'type' | 'mediaType'>): IconName {
  if (row.type === 'statement') return 'chat';
  const m = row.mediaType ?? '';
  if (m.startsWith('image/')) return 'media';
  if (m === 'application/pdf') return 'document';
  if (m.startsWith('audio/')) return 'volume-up';
  if (m.startsWith('video/')) return 'video';
  if (m.startsWith('text/') || m === 'application/json' || m === 'application/xml') return 'align-left';
  if (m.includes('spreadsheet') || m.includes('excel') || m === 'text/csv') return 'th';
  return 'document';
}

type TypeFilter = '' | 'file' | 'statement' | 'copy';
interface Prepared {
  row: EvidenceRow;
  copies: number;
  haystack: string;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function sortValue(p: Prepared, column: string): string | number {
  switch (column) {
    case 'type':
      return p.row.type + (p.row.derivedFrom ? '1' : '0');
    case 'mediaType':
      return p.row.mediaType ?? '';
    case 'size':
      return p.row.size ?? -1;
    case 'source':
      return `${p.row.sourceReliability ?? 'Z'}${p.row.sourceName ?? ''}`;
    case 'credibility':
      return p.row.credibility;
    case 'claims':
      return p.row.claims;
    case 'copies':
      return p.copies;
    case 'createdAt':
      return p.row.createdAt;
    default:
      return p.row.title;
  }
}

/** The library's columns; `titles` names the original a working copy was made from. */
function evidenceColumns(titles: ReadonlyMap<string, string>): Column<Prepared>[] {
  return [
    {
      id: 'title',
      header: 'Title',
      width: 'minmax(190px, 2.4fr)',
      sortable: true,
      title: (p) => p.row.title,
      render: (p) => (
        <span className="evidence-title-cell">
          <Icon icon={mediaIcon(p.row)} size={14} className={Classes.TEXT_MUTED} />
          <span className="evidence-title" dir="auto">
            {p.row.title}
          </span>
          <SpoofBadge text={p.row.title} />
          {p.row.derivedFrom ? <span className={`evidence-derived ${Classes.TEXT_MUTED}`}>copy of {titles.get(p.row.derivedFrom) ?? 'an item'}</span> : null}
        </span>
      ),
    },
    {
      id: 'type',
      header: 'Type',
      width: '104px',
      sortable: true,
      render: (p) => (p.row.type === 'statement' ? 'Statement' : p.row.derivedFrom ? 'Working copy' : 'Original'),
    },
    { id: 'mediaType', header: 'Media type', width: '128px', sortable: true, className: 'mono cell-small', render: (p) => p.row.mediaType ?? '—', title: (p) => p.row.mediaType ?? undefined },
    { id: 'size', header: 'Size', width: '74px', sortable: true, align: 'right', className: 'tabular', render: (p) => formatBytes(p.row.size) },
    { id: 'sha', header: 'SHA-256', width: '116px', className: 'mono cell-small', render: (p) => shortSha(p.row.sha256), title: (p) => p.row.sha256 ?? undefined },
    {
      id: 'source',
      header: 'Source',
      width: 'minmax(110px, 1.2fr)',
      sortable: true,
      title: (p) => (p.row.sourceName ? `${p.row.sourceName} (${p.row.sourceReliability})` : 'No source recorded'),
      render: (p) => (p.row.sourceName ? <span dir="auto">{p.row.sourceName}</span> : <span className={Classes.TEXT_MUTED}>—</span>),
    },
    {
      id: 'credibility',
      header: 'Grade',
      width: '70px',
      sortable: true,
      title: (p) => gradeExplanation(p.row.sourceReliability, p.row.credibility),
      render: (p) => <span className="grade-text">{grade(p.row.sourceReliability, p.row.credibility)}</span>,
    },
    { id: 'claims', header: 'Claims', width: '72px', sortable: true, align: 'right', className: 'tabular', render: (p) => p.row.claims || <span className={Classes.TEXT_MUTED}>0</span> },
    { id: 'copies', header: 'Copies', width: '72px', sortable: true, align: 'right', className: 'tabular', render: (p) => p.copies || <span className={Classes.TEXT_MUTED}>0</span> },
    { id: 'createdAt', header: 'Added', width: '94px', sortable: true, className: 'tabular', render: (p) => formatDate(p.row.createdAt) },
  ];
}

export function EvidenceLibraryScreen() {
  const current = useCurrentCase();
  const { version, navigate } = useWorkspace();
  const toast = useToast();
  const rows = useQuery(() => invoke('evidence.list', { caseId: current.id }), [current.id, version]);
  const [intakeFiles, setIntakeFiles] = useState<GrantedFile[] | null>(null);
  const [text, setText] = useViewState(`evidence/${current.id}/text`, '');
  const [type, setType] = useViewState<TypeFilter>(`evidence/${current.id}/type`, '');
  const [textFilter, setTextFilter] = useViewState<TextFilter>(`evidence/${current.id}/textStatus`, '');
  const [sort, setSort] = useViewState<SortState>(`evidence/${current.id}/sort`, { column: 'createdAt', dir: 'desc' });
  const [picking, setPicking] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const titles = useMemo(() => new Map((rows.data ?? []).map((r) => [r.id, r.title] as const)), [rows.data]);
  const prepared = useMemo(() => {
    const copies = new Map<string, number>();
    for (const r of rows.data ?? []) if (r.derivedFrom) copies.set(r.derivedFrom, (copies.get(r.derivedFrom) ?? 0) + 1);
    return (rows.data ?? []).map((row) => ({ row, copies: copies.get(row.id) ?? 0, haystack: foldForFilter(`${row.title}\u0001${row.sourceName ?? ''}\u0001${row.sha256 ?? ''}`) }));
  }, [rows.data]);
  const sorted = useMemo(() => {
    const out = [...prepared];
    const sign = sort.dir === 'asc' ? 1 : -1;
    out.sort((a, b) => {
      const x = sortValue(a, sort.column);
      const y = sortValue(b, sort.column);
      return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
    });
    return out;
  }, [prepared, sort]);
  const deferredText = useDeferredValue(text);
  const shown = useMemo(() => {
    const t = foldForFilter(deferredText.trim());
    return sorted.filter(
      (p) =>
        (!t || p.haystack.includes(t)) &&
        (!type || (type === 'copy' ? !!p.row.derivedFrom : type === 'file' ? p.row.type === 'file' && !p.row.derivedFrom : p.row.type === 'statement')) &&
        textFilterMatches(p.row, textFilter),
    );
  }, [sorted, deferredText, type, textFilter]);

  // An intake kept through a lock comes back open, with no file: its grants died with the lock (it names them).
  useDraftOpener(
    'intake',
    (d) => !d.route.evidenceId && (d.caseId === null || d.caseId === current.id),
    () => setIntakeFiles((f) => f ?? []),
  );

  const addFiles = async () => {
    if (picking) return;
    setPicking(true);
    try {
      const r = await invoke('system.pickFiles', { purpose: 'evidence.intake', title: 'Add evidence files', multiple: true });
      if (r.files.length) setIntakeFiles(r.files);
    } catch (e) {
      toast({ message: describeError(asApiError(e)).message, intent: Intent.DANGER, icon: 'error' });
    } finally {
      setPicking(false);
    }
  };

  // The hotkey calls the current addFiles (it reads this render's state), while the key list itself stays put.
  const addFilesRef = useRef(addFiles);
  addFilesRef.current = addFiles;
  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [
      { combo: '/', global: true, group: 'Evidence', label: 'Filter the library', preventDefault: true, onKeyDown: () => filterRef.current?.focus() },
      { combo: 'a', global: true, group: 'Evidence', label: 'Add files…', preventDefault: true, onKeyDown: () => void addFilesRef.current() },
    ],
    [],
  );
  useHotkeys(hotkeys);

  const columns = evidenceColumns(titles);

  const total = prepared.length;
  let body: React.ReactNode;
  if (rows.error && !rows.data) body = <NonIdealState icon="error" title="The evidence library could not be read" description={describeError(rows.error).message} />;
  else if (!rows.data)
    body = (
      <div className="log-loading">
        <Spinner size={24} aria-label="Loading evidence" />
      </div>
    );
  else if (total === 0)
    body = (
      <div className="empty-panel">
        <NonIdealState
          icon="document"
          title="No evidence in this case yet"
          description={<p className="placeholder-purpose">Photos, documents, spreadsheets and recordings are hashed on their original bytes and encrypted into the vault. Nothing is ever modified.</p>}
          action={<Button intent={Intent.PRIMARY} icon="import" text="Add files…" onClick={() => void addFiles()} loading={picking} />}
        />
      </div>
    );
  else
    body = (
      <VirtualTable<Prepared>
        label="Evidence items"
        columns={columns}
        rows={shown}
        rowKey={(p) => p.row.id}
        sort={sort}
        onSort={(c) => setSort((s) => nextSort(s, c))}
        onOpen={(p) => navigate({ area: 'evidence', evidenceId: p.row.id })}
        gridRef={gridRef}
        testId="evidence-table"
        empty="No item matches."
        footer={
          <span className="table-foot">
            {shown.length === total ? `${total.toLocaleString('en-GB')} ${total === 1 ? 'item' : 'items'}` : `${shown.length.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} items`}
            <span className="table-foot-keys">
              Grade: source reliability A–F and credibility 1–6 · <KeyComboTag combo="enter" minimal /> open
            </span>
          </span>
        }
      />
    );

  return (
    <div className="area-page area-page-table">
      <header className="area-header area-header-row">
        <div>
          <H1>Evidence</H1>
          <p className={Classes.TEXT_MUTED}>Files taken into {current.data.name}, hashed at intake and never altered, and the witness statements recorded in it.</p>
        </div>
        <div className="area-actions">
          {total > 0 ? <Button intent={Intent.PRIMARY} icon="import" text="Add files…" onClick={() => void addFiles()} loading={picking} aria-keyshortcuts="A" /> : null}
        </div>
      </header>
      {total > 0 ? (
        <div className="filter-bar" role="search" aria-label="Filter evidence">
          <InputGroup dir="auto"
            inputRef={filterRef}
            leftIcon="filter"
            placeholder="Filter by title, source or hash"
            value={text}
            onValueChange={setText}
            className="filter-text"
            aria-label="Filter by title, source or hash"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                gridRef.current?.focus();
              }
            }}
          />
          <HTMLSelect value={type} onChange={(e) => setType(e.currentTarget.value as TypeFilter)} aria-label="Type">
            <option value="">Everything</option>
            <option value="file">Original files</option>
            <option value="copy">Working copies</option>
            <option value="statement">Statements</option>
          </HTMLSelect>
          <TextStatusSelect value={textFilter} onChange={setTextFilter} rows={rows.data ?? []} />
        </div>
      ) : null}
      {body}
      <IntakeDialog caseId={current.id} files={intakeFiles} onClose={() => setIntakeFiles(null)} />
    </div>
  );
}
