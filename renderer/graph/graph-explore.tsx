/**
 * Exploring a large case in the graph view: above EXPLORE_FROM entities the view does not draw everything, it
 * opens on the network grouped into meta-nodes (by community unless the person chose another grouping), and the
 * person goes from there — open a group (double-click it), start from one entity (double-click, E, search, a
 * table row), from the most-linked entities, and expand neighbours. The grouping itself is computed in the
 * analytics worker (shared/graph/explore.ts); this module holds the bar above the canvas and the side panel of a
 * selected meta-node.
 */
import { Button, Classes, HTMLSelect, Tag } from '@blueprintjs/core';
import { GROUP_BYS, type GroupBy, type MetaGraph, type MetaGroup } from '../../shared/graph/explore';
import { ENTITY_KIND_LABELS, type EntityKind } from '../../shared/model/vocabulary';
import { groupLabel, moneyText } from './graph-style';

/** Views with more entities than this open grouped (meta-nodes), not drawn whole. */
export const EXPLORE_FROM = 500;
/** How many entities "Start from the most linked" shows. */
export const TOP_START = 50;

export interface Grouping {
  by: GroupBy | 'none';
  /** Open groups (meta-node ids). */
  open: string[];
}

const BY_LABELS: Record<GroupBy | 'none', string> = {
  none: 'No grouping',
  community: 'Group by community',
  kind: 'Group by kind',
  organisation: 'Group by organisation',
  country: 'Group by country',
};

/** Only record ids are entity positions worth saving (meta-nodes are not records). */
export const isEntityId = (id: string) => /^[0-9a-f]{32}$/.test(id);

export function ExploreBar({
  grouping,
  onGrouping,
  meta,
  total,
  focused,
  onTop,
  onDrawAll,
}: {
  grouping: Grouping;
  onGrouping: (g: Grouping) => void;
  meta: MetaGraph | null;
  /** Entities the filters keep. */
  total: number;
  focused: boolean;
  onTop: () => void;
  onDrawAll: () => void;
}) {
  const grouped = grouping.by !== 'none' && !focused;
  return (
    <div className="graph-explore-bar" data-testid="graph-explore">
      <HTMLSelect value={grouping.by} aria-label="Grouping" onChange={(e) => onGrouping({ by: e.currentTarget.value as Grouping['by'], open: [] })} disabled={focused}>
        {(['none', ...GROUP_BYS] as const).map((b) => (
          <option key={b} value={b}>
            {BY_LABELS[b]}
          </option>
        ))}
      </HTMLSelect>
      <Button size="small" icon="trending-up" text={`Start from the ${TOP_START} most linked`} onClick={onTop} />
      {grouped && total > EXPLORE_FROM ? <Button size="small" variant="minimal" icon="graph" text={`Draw all ${total.toLocaleString('en-US')} entities`} onClick={onDrawAll} title="Draw every entity (may be slow to lay out)" /> : null}
      {grouped && meta ? (
        <span className={Classes.TEXT_MUTED} data-testid="graph-explore-status">
          {meta.groups.length} group{meta.groups.length === 1 ? '' : 's'}
          {meta.open.length ? `, ${meta.open.length} open (${meta.nodes.length.toLocaleString('en-US')} entities drawn)` : ''} of {total.toLocaleString('en-US')} entities · double-click a group to open it, an entity to explore from it
        </span>
      ) : null}
      {grouped && meta
        ? meta.open.map((o) => (
            <Tag key={o.id} minimal interactive onRemove={() => onGrouping({ ...grouping, open: grouping.open.filter((x) => x !== o.id) })} title="Collapse this group back into one node" data-testid="graph-open-group">
              {groupLabel(meta.groupBy, o.label, o.key)} · {o.count}
            </Tag>
          ))
        : null}
    </div>
  );
}

export function MetaDetails({ group, by, names, onOpen, onExplore }: { group: MetaGroup; by: GroupBy; names: Map<string, string>; onOpen: () => void; onExplore: (id: string) => void }) {
  const money = moneyText(group.money);
  return (
    <section className="graph-details" aria-label={`Selected group: ${group.label}`} data-testid="graph-selection">
      <header>
        <h3 dir="auto">{groupLabel(by, group.label, group.key)}</h3>
        <div className="graph-tags">
          <Tag minimal>{BY_LABELS[by]}</Tag>
        </div>
      </header>
      <dl className="graph-facts">
        <dt>Entities</dt>
        <dd data-testid="meta-count">{group.count.toLocaleString('en-US')}</dd>
        <dt>Kinds</dt>
        <dd>
          {Object.entries(group.kinds)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${n} ${ENTITY_KIND_LABELS[k as EntityKind] ?? k}`)
            .join(', ')}
        </dd>
        <dt>Links inside</dt>
        <dd>{group.internalLinks.toLocaleString('en-US')}</dd>
        <dt>Money inside</dt>
        <dd>{money || 'none recorded'}</dd>
      </dl>
      <Button intent="primary" icon="folder-open" text="Open this group" onClick={onOpen} title="Draw its members one by one (or double-click the group)" />
      <h4>Most linked members</h4>
      <ul className="graph-link-list">
        {group.top.map((id) => (
          <li key={id}>
            <button type="button" className="inline-link" onClick={() => onExplore(id)} title="Explore from this entity">
              <span dir="auto">{names.get(id) ?? id}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
