/**
 * The side panel of the graph view: the selected entity or link with its claims and evidence, the path finder,
 * and the analytics table (sortable; a row selects the entity on the canvas).
 *
 * Witness rule: for an entity that stands for a witness the panel shows only what the snapshot carries (the
 * pseudonym, kind, roles and links) and never asks main for the entity record, whose aliases or dates could
 * identify the person.
 */
import { Button, ButtonGroup, Callout, Classes, HTMLSelect, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { NodeMetrics, OverviewResult, RankedMetric, SortKey } from '../../shared/graph/analytics';
import { sortRows } from '../../shared/graph/analytics';
import { edgeEvidence } from '../../shared/graph/evidence';
import type { GraphPath } from '../../shared/graph/paths';
import type { CaseGraphSnapshot, SnapshotLink, SnapshotNode } from '../../shared/graph/snapshot';
import type { GraphSanctionStatus } from '../../shared/ipc/channels/graph';
import { formatPartialDate } from '../../shared/model/partial-date';
import { ENTITY_KIND_LABELS, LINK_KIND_SPECS, ROLE_LABELS } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { ClaimCard } from '../entities/claim-card';
import { VirtualTable, type Column, type SortState } from '../ui/virtual-table';
import { EN_INTEGER, formatMetric, ordinal } from './metric-format';
import { useWorkspace } from '../workspace/workspace';

export interface NodeActions {
  focus(id: string): void;
  expand(id: string): void;
  collapse(id: string): void;
  canCollapse(id: string): boolean;
  togglePin(id: string): void;
  isPinned(id: string): boolean;
  pathFrom(id: string): void;
  pathTo(id: string): void;
}

function linkWhen(l: SnapshotLink): string {
  if (l.date) return formatPartialDate(l.date);
  if (l.start || l.end) return `${l.start ? formatPartialDate(l.start) : '…'} – ${l.end ? formatPartialDate(l.end) : 'now'}`;
  return 'undated';
}

function Roles({ roles }: { roles: readonly string[] }) {
  if (!roles.length) return null;
  return (
    <div className="graph-tags">
      {roles.map((r) => (
        <Tag key={r} minimal round>
          {ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r}
        </Tag>
      ))}
    </div>
  );
}

export function EntityDetails({ node, snapshot, sanctions, actions, onSelect }: { node: SnapshotNode; snapshot: CaseGraphSnapshot; sanctions: GraphSanctionStatus | undefined; actions: NodeActions; onSelect: (id: string) => void }) {
  const { navigate, version } = useWorkspace();
  // Never for a witness: see the module comment.
  const claims = useQuery(() => invoke('claim.list', { aboutId: node.id }), [node.id, version], !node.isWitness);
  const names = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n.name])), [snapshot]);
  const links = snapshot.links.filter((l) => l.source === node.id || l.target === node.id);
  const sanction = sanctions?.[node.id];
  return (
    <section className="graph-details" aria-label={`Selected: ${node.name}`} data-testid="graph-selection">
      <header>
        <h3 dir="auto" className={node.isWitness ? 'graph-witness-name' : undefined}>
          {node.name}
        </h3>
        <div className="graph-tags">
          <Tag minimal>{ENTITY_KIND_LABELS[node.kind]}</Tag>
          {node.isWitness ? (
            <Tag minimal intent="success" icon="shield">
              Witness (pseudonym)
            </Tag>
          ) : null}
          {sanction ? (
            <Tag intent={sanction.status === 'listed' ? 'danger' : 'warning'} icon="flag">
              {sanction.status === 'listed' ? `Listed${sanction.regimes.length ? ` (${sanction.regimes.join(', ')})` : ''}` : 'Flagged'}
            </Tag>
          ) : null}
        </div>
        <Roles roles={node.roles} />
      </header>
      <ButtonGroup className="graph-actions" variant="outlined">
        <Button size="small" icon="locate" text="Focus" onClick={() => actions.focus(node.id)} title="Show only this entity and its direct links" />
        <Button size="small" icon="add" text="Expand" onClick={() => actions.expand(node.id)} title="Add its linked entities (E)" />
        <Button size="small" icon="remove" text="Collapse" disabled={!actions.canCollapse(node.id)} onClick={() => actions.collapse(node.id)} title="Remove what expanding it added (C)" />
        <Button size="small" icon={actions.isPinned(node.id) ? 'unpin' : 'pin'} text={actions.isPinned(node.id) ? 'Unpin' : 'Pin'} onClick={() => actions.togglePin(node.id)} title="Layouts leave a pinned entity where it is (P)" />
      </ButtonGroup>
      <ButtonGroup className="graph-actions" variant="outlined">
        <Button size="small" icon="route" text="Path from here" onClick={() => actions.pathFrom(node.id)} />
        <Button size="small" icon="flag" text="Path to here" onClick={() => actions.pathTo(node.id)} />
        {!node.isWitness ? <Button size="small" icon="share" text="Open entity" onClick={() => navigate({ area: 'entities', entityId: node.id })} /> : null}
      </ButtonGroup>
      {node.isWitness ? (
        <Callout intent="primary" icon="shield" compact className="graph-witness-note">
          This entity stands for a protected witness. The graph shows the pseudonym only; the identity stays in the witness compartment.
        </Callout>
      ) : null}
      <h4>Links ({links.length})</h4>
      <ul className="graph-link-list">
        {links.map((l) => {
          const other = l.source === node.id ? l.target : l.source;
          const spec = LINK_KIND_SPECS[l.kind];
          const ev = edgeEvidence(l.support);
          return (
            <li key={l.id}>
              <span className={Classes.TEXT_MUTED}>{l.source === node.id ? spec.verb : `← ${spec.verb}`}</span>{' '}
              <button type="button" className="inline-link" onClick={() => onSelect(other)}>
                <span dir="auto">{names.get(other) ?? '(unknown)'}</span>
              </button>{' '}
              <span className={Classes.TEXT_MUTED}>
                · {linkWhen(l)}
                {l.money ? ` · ${l.money.amount.toLocaleString('en-US')} ${l.money.currency ?? ''}` : ''} · {ev.unsupported ? 'no evidence' : `${ev.sources} source${ev.sources === 1 ? '' : 's'}`}
              </span>
            </li>
          );
        })}
      </ul>
      {!node.isWitness ? (
        <>
          <h4>Claims and evidence</h4>
          {claims.loading ? <Spinner size={16} /> : null}
          {claims.error ? <Callout intent="danger">{describeError(claims.error).message}</Callout> : null}
          {claims.data && claims.data.length === 0 ? <p className={Classes.TEXT_MUTED}>No claims about this entity yet.</p> : null}
          {claims.data?.map((c) => <ClaimCard key={c.id} claim={c} />)}
        </>
      ) : null}
    </section>
  );
}

export function LinkDetails({ link, snapshot }: { link: SnapshotLink; snapshot: CaseGraphSnapshot }) {
  const { version } = useWorkspace();
  const claims = useQuery(() => invoke('claim.list', { aboutId: link.id }), [link.id, version]);
  const name = (id: string) => snapshot.nodes.find((n) => n.id === id)?.name ?? '(unknown)';
  const spec = LINK_KIND_SPECS[link.kind];
  const ev = edgeEvidence(link.support);
  return (
    <section className="graph-details" aria-label="Selected link" data-testid="graph-selection">
      <h3 dir="auto">
        {name(link.source)} <span className={Classes.TEXT_MUTED}>{spec.verb}</span> {name(link.target)}
      </h3>
      <dl className="graph-facts">
        <dt>When</dt>
        <dd>{linkWhen(link)}</dd>
        {link.money ? (
          <>
            <dt>Amount</dt>
            <dd>
              {link.money.amount.toLocaleString('en-US')} {link.money.currency ?? ''}
            </dd>
          </>
        ) : null}
        <dt>Evidence</dt>
        <dd>
          {ev.unsupported ? 'none yet' : `${ev.sources} independent source${ev.sources === 1 ? '' : 's'}, best grade ${ev.bestGrade ?? '—'}, strength ${Math.round(ev.strength * 100)}%`}
        </dd>
      </dl>
      <h4>Claims and evidence</h4>
      {claims.data && claims.data.length === 0 ? <p className={Classes.TEXT_MUTED}>No claim asserts this link yet.</p> : null}
      {claims.data?.map((c) => <ClaimCard key={c.id} claim={c} />)}
    </section>
  );
}

export function PathPanel({
  from,
  to,
  names,
  weight,
  onWeight,
  onFind,
  onClear,
  result,
  busy,
  error,
}: {
  from: string | null;
  to: string | null;
  names: Map<string, string>;
  weight: 'hops' | 'evidence';
  onWeight: (w: 'hops' | 'evidence') => void;
  onFind: () => void;
  onClear: () => void;
  result: GraphPath | null | undefined;
  busy: boolean;
  error: string | null;
}) {
  return (
    <section className="graph-details" aria-label="Path between two entities" data-testid="graph-path">
      <p className={Classes.TEXT_MUTED}>Select an entity and choose “Path from here”, then another and “Path to here”.</p>
      <dl className="graph-facts">
        <dt>From</dt>
        <dd data-testid="path-from">{from ? names.get(from) : '—'}</dd>
        <dt>To</dt>
        <dd data-testid="path-to">{to ? names.get(to) : '—'}</dd>
      </dl>
      <div className="graph-path-controls">
        <HTMLSelect value={weight} onChange={(e) => onWeight(e.currentTarget.value as 'hops' | 'evidence')} aria-label="Path weight">
          <option value="hops">Fewest links</option>
          <option value="evidence">Most credible chain</option>
        </HTMLSelect>
        <Button intent="primary" icon="route" text="Find shortest path" disabled={!from || !to || from === to} loading={busy} onClick={onFind} />
        <Button variant="minimal" text="Clear" onClick={onClear} disabled={!from && !to && result === undefined} />
      </div>
      {error ? <Callout intent="danger">{error}</Callout> : null}
      {result === null ? (
        <Callout intent="warning" icon="disable">
          These two entities are not connected under the current filters.
        </Callout>
      ) : null}
      {result ? (
        <div data-testid="path-result">
          <p>
            <strong>
              {result.length} link{result.length === 1 ? '' : 's'}
            </strong>{' '}
            · {result.strength > 0 ? `chain strength ${Math.round(result.strength * 100)}%` : 'a link on it has no evidence yet'}
          </p>
          <ol className="graph-path-list">
            {result.nodes.map((id) => (
              <li key={id} dir="auto">
                {names.get(id) ?? id}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

type ColumnSpec = { id: SortKey; header: string; title: string; width: number; value?: (r: NodeMetrics) => number; text?: (r: NodeMetrics) => string };

/** Every metric the worker computes, each sortable; widths in px (resizable). */
const METRIC_COLUMNS: ColumnSpec[] = [
  { id: 'kind', header: 'Kind', title: 'Entity kind', width: 90, text: (r) => ENTITY_KIND_LABELS[r.kind as keyof typeof ENTITY_KIND_LABELS] ?? r.kind },
  { id: 'degree', header: 'Links', title: 'Links touching the entity (degree)', width: 56, value: (r) => r.degree },
  { id: 'inDegree', header: 'In', title: 'Directed links in', width: 44, value: (r) => r.inDegree },
  { id: 'outDegree', header: 'Out', title: 'Directed links out', width: 48, value: (r) => r.outDegree },
  { id: 'neighbours', header: 'Neighb.', title: 'Distinct entities linked', width: 66, value: (r) => r.neighbours },
  { id: 'evidenceDegree', header: 'Evid.', title: 'Evidence-weighted degree (sum of link strengths)', width: 56, value: (r) => r.evidenceDegree },
  { id: 'betweenness', header: 'Betweenness', title: 'Normalised betweenness (brokerage); scientific when tiny, rank in the tooltip', width: 96, value: (r) => r.betweenness },
  { id: 'eigenvector', header: 'Eigenv.', title: 'Eigenvector centrality (well-connected ties)', width: 70, value: (r) => r.eigenvector },
  { id: 'community', header: 'Comm.', title: 'Louvain community (1 is the largest)', width: 58, value: (r) => r.community + 1 },
  { id: 'core', header: 'Core', title: 'k-core (embeddedness)', width: 48, value: (r) => r.core },
  { id: 'brokerScore', header: 'Broker', title: 'Broker score: betweenness × participation across communities', width: 64, value: (r) => r.brokerScore },
  { id: 'participation', header: 'Partic.', title: 'Participation coefficient: how evenly its ties spread over communities', width: 62, value: (r) => r.participation },
];
const INTEGER_COLUMNS = new Set<SortKey>(['degree', 'inDegree', 'outDegree', 'neighbours', 'community', 'core']);

export function AnalyticsTable({
  rows,
  ranks,
  onOpen,
  running,
  sanctions,
  onBrokers,
}: {
  rows: NodeMetrics[] | undefined;
  /** Ranks per numeric column, aligned with `rows` (computed in the analytics worker). */
  ranks: OverviewResult['ranks'] | undefined;
  onOpen: (id: string) => void;
  running: boolean;
  sanctions: GraphSanctionStatus | undefined;
  /** Highlight the top brokers on the canvas. */
  onBrokers?: (() => void) | undefined;
}) {
  const [sort, setSort] = useState<SortState>({ column: 'betweenness', dir: 'desc' });
  const [widths, setWidths] = useState<Record<string, number>>({ name: 180 });
  const sorted = useMemo(() => (rows ? sortRows(rows, sort.column as SortKey, sort.dir) : []), [rows, sort]);
  // Where each row is in `rows` (the worker's ranks are aligned with it), for the tooltips ("12th of 5,000").
  const indexOf = useMemo(() => new Map(rows?.map((r, i) => [r.id, i]) ?? []), [rows]);
  const rankOf = (c: ColumnSpec, r: NodeMetrics) => ranks?.[c.id as RankedMetric]?.[indexOf.get(r.id) ?? -1] ?? 0;
  const ofTotal = EN_INTEGER.format(rows?.length ?? 0);
  const w = (id: string, d: number) => widths[id] ?? d;
  const columns: Column<NodeMetrics>[] = [
    {
      id: 'name',
      header: 'Entity',
      width: `${w('name', 180)}px`,
      sortable: true,
      render: (r) => (
        <span dir="auto" className={r.isWitness ? 'graph-witness-name' : undefined}>
          {sanctions?.[r.id]?.status === 'listed' ? '⚑ ' : ''}
          {r.name}
        </span>
      ),
      title: (r) => r.name,
    },
    ...METRIC_COLUMNS.map<Column<NodeMetrics>>((c) => ({
      id: c.id,
      header: c.header,
      width: `${w(c.id, c.width)}px`,
      sortable: true,
      ...(c.value ? { align: 'right' as const } : {}),
      render: (r) => (c.text ? c.text(r) : INTEGER_COLUMNS.has(c.id) ? String(c.value!(r)) : formatMetric(c.value!(r))),
      title: (r) => (c.value ? `${c.title}: ${c.value(r)} — ${ordinal(rankOf(c, r))} of ${ofTotal}` : c.title),
    })),
  ];
  const total = columns.reduce((a, c) => a + Number.parseFloat(c.width), 0) + 16;
  if (!rows) return running ? <NonIdealState icon={<Spinner size={20} />} title="Computing centrality and communities…" /> : null;
  return (
    <>
      {onBrokers ? <Button size="small" variant="minimal" icon="intersection" text="Highlight the top brokers on the graph" onClick={onBrokers} className="graph-brokers-button" /> : null}
      <div className="graph-analytics-scroll">
        <div className="graph-analytics-inner" style={{ minWidth: total }}>
          <VirtualTable
            label="Network analytics"
            columns={columns}
            rows={sorted}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(column) => setSort((s) => ({ column, dir: s.column === column && s.dir === 'desc' ? 'asc' : column === 'name' || column === 'kind' ? 'asc' : 'desc' }))}
            onResizeColumn={(id, px) => setWidths((x) => ({ ...x, [id]: px }))}
            onOpen={(r) => onOpen(r.id)}
            empty={<NonIdealState icon="graph" title="No entities in view" />}
            testId="graph-analytics-table"
            className="graph-analytics-table"
          />
        </div>
      </div>
    </>
  );
}
