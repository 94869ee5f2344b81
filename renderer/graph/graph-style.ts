/**
 * What the graph looks like, as pure data: cytoscape elements built from the case snapshot (kind, role,
 * sanctions status, evidence strength, money, time status, centrality, community) and the stylesheet that
 * turns that data into shapes, colours, widths and fades. The legend (graph-legend.tsx) reads the same tables,
 * so what the legend says is what the canvas draws. No React, no DOM: the bench page uses it too.
 */
import type { ElementDefinition, StylesheetJson } from 'cytoscape';
import { edgeEvidence } from '../../shared/graph/evidence';
import type { GroupBy, MetaGraph } from '../../shared/graph/explore';
import { discLines, discRadius, LABEL_MIN_PX, labelFontSize, membersInDisc, metaLinkWidths, packDiscs, type Disc } from '../../shared/graph/overview-layout';
import type { CaseGraphSnapshot, SnapshotLink, SnapshotNode } from '../../shared/graph/snapshot';
import type { TimeStatus } from '../../shared/graph/time';
import type { GraphSanctionStatus } from '../../shared/ipc/channels/graph';
import { ENTITY_KIND_LABELS, LINK_KIND_SPECS, ROLE_LABELS, type EntityKind, type Role } from '../../shared/model/vocabulary';

export type ColourBy = 'kind' | 'community' | 'role';

/** Shape per entity kind: actors are rounded, things angular, places a star. */
export const KIND_SHAPES: Record<EntityKind, string> = {
  person: 'ellipse',
  organization: 'round-rectangle',
  armed_group: 'diamond',
  company: 'rectangle',
  vessel: 'barrel',
  vehicle: 'round-triangle',
  bank_account: 'round-tag',
  crypto_wallet: 'hexagon',
  phone: 'round-pentagon',
  location: 'star',
};

export const KIND_COLOURS: Record<EntityKind, string> = {
  person: '#2d72d2',
  organization: '#238c2c',
  armed_group: '#ac2f33',
  company: '#7961db',
  vessel: '#147eb3',
  vehicle: '#c87619',
  bank_account: '#d1980b',
  crypto_wallet: '#946638',
  phone: '#00a396',
  location: '#738091',
};

/** Roles grouped for the ring colour: what the person does in the network, at a glance. */
export const ROLE_GROUPS = [
  { id: 'exploitation', label: 'Trafficking / exploitation', colour: '#cd4246', roles: ['trafficker', 'smuggler', 'exploiter', 'recruiter', 'transporter', 'guard', 'document_forger'] },
  { id: 'finance', label: 'Finance', colour: '#d1980b', roles: ['financier', 'money_launderer'] },
  { id: 'armed', label: 'Command / armed group', colour: '#5642a6', roles: ['commander', 'armed_group_member', 'arms_supplier'] },
  { id: 'official', label: 'Facilitator / official', colour: '#c87619', roles: ['facilitator', 'corrupt_official'] },
  { id: 'protected', label: 'Victim / witness / informant', colour: '#238c2c', roles: ['victim', 'witness', 'informant'] },
] as const satisfies readonly { id: string; label: string; colour: string; roles: readonly Role[] }[];
export type RoleGroup = (typeof ROLE_GROUPS)[number]['id'] | 'none';
export const NO_ROLE_COLOUR = '#8f99a8';

/** 12 distinguishable colours for the largest communities; the rest share grey. */
export const COMMUNITY_COLOURS = ['#2d72d2', '#cd4246', '#238c2c', '#d1980b', '#7961db', '#00a396', '#c87619', '#db2c6f', '#147eb3', '#946638', '#5642a6', '#29a634'];
export const OTHER_COMMUNITY_COLOUR = '#abb3bf';

export const SANCTION_COLOURS = { listed: '#cd4246', flagged: '#ec9a3c' } as const;
export const MONEY_EDGE_COLOUR = '#c87619';
export const EDGE_COLOUR = '#8f99a8';

/** The first role group a node's roles fall in (protected roles win: a victim is never drawn as a perpetrator). */
export function roleGroup(roles: readonly string[]): RoleGroup {
  const protectedGroup = ROLE_GROUPS.find((g) => g.id === 'protected')!;
  if (roles.some((r) => (protectedGroup.roles as readonly string[]).includes(r))) return 'protected';
  for (const g of ROLE_GROUPS) if (roles.some((r) => (g.roles as readonly string[]).includes(r))) return g.id;
  return 'none';
}

export function roleColour(group: RoleGroup): string {
  return ROLE_GROUPS.find((g) => g.id === group)?.colour ?? NO_ROLE_COLOUR;
}

export function communityColour(c: number | undefined): string {
  return c !== undefined && c < COMMUNITY_COLOURS.length ? COMMUNITY_COLOURS[c]! : OTHER_COMMUNITY_COLOUR;
}

/** In a large view, how many entities carry a label (the largest by the size metric). */
export const LABELLED_IN_LARGE = 250;

export const MIN_NODE = 18;
export const MAX_NODE = 60;

export type EdgeTime = TimeStatus | 'outside';

/**
 * Numbers in labels, as `toLocaleString('en-US')` writes them. One formatter for every label: toLocaleString
 * builds a new one per call, which was a visible part of building 15,000 link labels on the main thread.
 */
const EN_NUMBER = new Intl.NumberFormat('en-US');

export interface ElementsInput {
  snapshot: CaseGraphSnapshot;
  /** Entities and links to draw (null: all). */
  nodes?: ReadonlySet<string> | null;
  links?: ReadonlySet<string> | null;
  /** Per link: where it stands relative to the time window (absent: no window). */
  linkTime?: Readonly<Record<string, EdgeTime>>;
  /** Size 0..1 and community per node, from the analytics worker. */
  visual?: Readonly<Record<string, { size: number; community: number }>>;
  sanctions?: GraphSanctionStatus;
  colourBy?: ColourBy;
  /** Initial positions (saved layout or the current one). */
  positions?: Readonly<Record<string, { x: number; y: number }>>;
}

export function nodeLabel(n: SnapshotNode, sanction: 'listed' | 'flagged' | undefined): string {
  return sanction === 'listed' ? `⚑ ${n.name}` : n.name;
}

export function nodeData(n: SnapshotNode, input: ElementsInput): Record<string, unknown> {
  const sanction = input.sanctions?.[n.id]?.status;
  const v = input.visual?.[n.id];
  const group = roleGroup(n.roles);
  const colourBy = input.colourBy ?? 'kind';
  const fill = colourBy === 'community' ? communityColour(v?.community) : colourBy === 'role' ? roleColour(group) : KIND_COLOURS[n.kind];
  return {
    id: n.id,
    label: nodeLabel(n, sanction),
    name: n.name,
    kind: n.kind,
    shape: KIND_SHAPES[n.kind],
    fill,
    ring: roleColour(group),
    roleGroup: group,
    sanction: sanction ?? 'none',
    witness: n.isWitness ? 1 : 0,
    size: v ? MIN_NODE + (MAX_NODE - MIN_NODE) * v.size : MIN_NODE + 8,
    community: v?.community ?? -1,
  };
}

/** Edge width from money: log-scaled per currency against the largest amount in view, 1.5–9 px. */
export function moneyWidths(links: readonly SnapshotLink[]): Map<string, number> {
  const max = new Map<string, number>();
  for (const l of links) if (l.money) max.set(l.money.currency ?? '', Math.max(max.get(l.money.currency ?? '') ?? 0, Math.abs(l.money.amount)));
  const out = new Map<string, number>();
  for (const l of links) {
    if (!l.money) continue;
    const m = max.get(l.money.currency ?? '') ?? 0;
    out.set(l.id, m > 0 ? 1.5 + 7.5 * (Math.log1p(Math.abs(l.money.amount)) / Math.log1p(m)) : 1.5);
  }
  return out;
}

export function edgeData(l: SnapshotLink, width: number | undefined, time: EdgeTime | undefined): Record<string, unknown> {
  const ev = edgeEvidence(l.support);
  const spec = LINK_KIND_SPECS[l.kind];
  const money = l.money ? ` · ${EN_NUMBER.format(l.money.amount)}${l.money.currency ? ` ${l.money.currency}` : ''}` : '';
  return {
    id: l.id,
    source: l.source,
    target: l.target,
    kind: l.kind,
    label: `${spec.label}${money}`,
    directed: spec.directed ? 1 : 0,
    money: l.money ? 1 : 0,
    width: width ?? 1.5,
    evidence: ev.unsupported ? 'none' : ev.singleSource ? 'single' : 'multi',
    strength: ev.strength,
    time: time ?? 'none',
  };
}

/** Every element to draw. Edges whose ends are not drawn are left out. */
export function buildElements(input: ElementsInput): ElementDefinition[] {
  const { snapshot: s } = input;
  const nodes = s.nodes.filter((n) => !input.nodes || input.nodes.has(n.id));
  const present = new Set(nodes.map((n) => n.id));
  const links = s.links.filter((l) => (!input.links || input.links.has(l.id)) && present.has(l.source) && present.has(l.target));
  const widths = moneyWidths(links);
  const out: ElementDefinition[] = [];
  for (const n of nodes) {
    const el: ElementDefinition = { group: 'nodes', data: nodeData(n, input) };
    const p = input.positions?.[n.id];
    if (p) el.position = { x: p.x, y: p.y };
    out.push(el);
  }
  for (const l of links) out.push({ group: 'edges', data: edgeData(l, widths.get(l.id), input.linkTime?.[l.id]) });
  return out;
}

/** Money per currency as a short text: "1,500 USD, 700 EUR". */
export function moneyText(m: Readonly<Record<string, number>>): string {
  return Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([c, v]) => `${EN_NUMBER.format(Math.round(v))}${c ? ` ${c}` : ''}`)
    .join(', ');
}

/**
 * The overview's discs (shared/graph/overview-layout.ts) for every group of a grouped view, open ones included
 * (an opened group keeps its place, its members are drawn inside it), each labelled as its meta-node is.
 */
export function overviewDiscs(m: MetaGraph): Map<string, Disc> {
  const groups = [...m.groups.map((g) => ({ id: g.id, count: g.count, lines: discLines(groupLabel(m.groupBy, g.label, g.key), g.count, g.money) })), ...m.open.map((g) => ({ id: g.id, count: g.count }))];
  // Links are counted between groups (an aggregated link may end at a member of an open group).
  const groupOf = (id: string) => m.groupOf[id] ?? id;
  const links = m.metaLinks.map((l) => ({ source: groupOf(l.source), target: groupOf(l.target), count: l.count, money: l.money }));
  return new Map(packDiscs(groups, links).map((d) => [d.id, d]));
}

/**
 * Where to draw a grouped view: every meta-node at its disc's centre, and the members of each open group inside
 * its disc (highest `rank` at the centre). `discs` must hold every group of `m` (see `overviewDiscs`).
 */
export function overviewPositions(m: MetaGraph, discs: ReadonlyMap<string, Disc>, rank: (id: string) => number = () => 0): Record<string, { x: number; y: number }> {
  const out: Record<string, { x: number; y: number }> = {};
  for (const g of m.groups) {
    const d = discs.get(g.id);
    if (d) out[g.id] = { x: d.x, y: d.y };
  }
  const members = new Map<string, string[]>();
  for (const id of m.nodes) {
    const gid = m.groupOf[id];
    if (gid) members.set(gid, [...(members.get(gid) ?? []), id]);
  }
  for (const [gid, ids] of members) {
    const d = discs.get(gid);
    if (!d) continue;
    ids.sort((a, b) => rank(b) - rank(a) || (a < b ? -1 : 1));
    Object.assign(out, membersInDisc(d, ids));
  }
  return out;
}

/**
 * The meta-nodes (closed groups) and aggregated links of a grouped view, as cytoscape elements. Members of open
 * groups are ordinary entity elements (buildElements); aggregated links may end at one of them. A meta-node is a
 * disc sized by its count, with its label written inside (font size from the packing, so labels never collide);
 * `discs` are the packed discs (computed here when not given).
 */
export function metaElements(m: MetaGraph, o: { dark?: boolean; discs?: ReadonlyMap<string, Disc> } = {}): ElementDefinition[] {
  const discs = o.discs ?? overviewDiscs(m);
  const out: ElementDefinition[] = [];
  m.groups.forEach((g, i) => {
    const fill = m.groupBy === 'kind' && g.key in KIND_COLOURS ? KIND_COLOURS[g.key as EntityKind] : communityColour(m.groupBy === 'community' && /^\d+$/.test(g.key) ? Number(g.key) - 1 : i);
    const lines = discLines(groupLabel(m.groupBy, g.label, g.key), g.count, g.money);
    const d = discs.get(g.id);
    const r = d?.r ?? discRadius(g.count);
    const fontSize = d?.fontSize || labelFontSize(lines, r);
    out.push({
      group: 'nodes',
      ...(d ? { position: { x: d.x, y: d.y } } : {}),
      data: {
        id: g.id,
        meta: 1,
        groupBy: m.groupBy,
        key: g.key,
        label: lines.join('\n'),
        name: g.label,
        count: g.count,
        shape: 'ellipse',
        fill,
        ring: o.dark ? '#f6f7f9' : '#1c2127',
        roleGroup: 'meta',
        sanction: 'none',
        witness: 0,
        size: 2 * r,
        labelSize: fontSize,
        ringWidth: Math.max(3, r * 0.03),
        community: -1,
      },
    });
  });
  const widths = metaLinkWidths(m.metaLinks);
  m.metaLinks.forEach((l, i) => {
    const money = moneyText(l.money);
    out.push({
      group: 'edges',
      data: {
        id: l.id,
        source: l.source,
        target: l.target,
        meta: 1,
        count: l.count,
        label: `${EN_NUMBER.format(l.count)} link${l.count === 1 ? '' : 's'}${money ? ` · ${money}` : ''}`,
        directed: 0,
        money: money ? 1 : 0,
        width: widths[i]!,
        evidence: 'multi',
        strength: 1,
        time: 'none',
      },
    });
  });
  return out;
}

/** A group's name on the canvas: kinds by their label ("Armed group"), the others as the worker named them. */
export function groupLabel(by: GroupBy, label: string, key?: string): string {
  return by === 'kind' && key && key in ENTITY_KIND_LABELS ? ENTITY_KIND_LABELS[key as EntityKind] : label;
}

/**
 * Nodes whose every drawn link is outside the time window are faded too (an entity with no link in the period
 * is not part of the network then); entities without links keep their look.
 */
export function fadedNodes(links: readonly SnapshotLink[], linkTime: Readonly<Record<string, EdgeTime>>): Set<string> {
  const inside = new Set<string>();
  const touched = new Set<string>();
  for (const l of links) {
    const t = linkTime[l.id];
    if (t === undefined) continue;
    touched.add(l.source).add(l.target);
    if (t !== 'outside') inside.add(l.source).add(l.target);
  }
  return new Set([...touched].filter((id) => !inside.has(id)));
}

export interface StyleOptions {
  dark?: boolean;
  /** Draw labels only when zoomed in enough (large graphs). */
  large?: boolean;
}

export function stylesheet(o: StyleOptions = {}): StylesheetJson {
  const text = o.dark ? '#f6f7f9' : '#1c2127';
  const halo = o.dark ? '#1c2127' : '#ffffff';
  return [
    {
      selector: 'node',
      style: {
        shape: 'data(shape)' as never,
        'background-color': 'data(fill)',
        width: 'data(size)',
        height: 'data(size)',
        'border-width': 3,
        'border-color': 'data(ring)',
        // Large views: only the most central entities are labelled (label layout is most of a first frame).
        label: o.large ? '' : 'data(label)',
        color: text,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-outline-color': halo,
        'text-outline-width': 2,
        'text-max-width': '140px',
        'text-wrap': 'ellipsis',
        'min-zoomed-font-size': o.large ? 9 : 6,
      },
    },
    { selector: 'node.labelled, node:selected, node.path, node.keyboard-focus', style: { label: 'data(label)' } },
    { selector: 'node[roleGroup = "none"]', style: { 'border-width': 1, 'border-color': o.dark ? '#abb3bf' : '#5f6b7c' } },
    // Sanctions status: a halo behind the node (the ring is the role's), and ⚑ before a listed name.
    { selector: 'node[sanction = "listed"]', style: { 'underlay-color': SANCTION_COLOURS.listed, 'underlay-padding': 7, 'underlay-opacity': 0.55, 'underlay-shape': 'ellipse' } },
    { selector: 'node[sanction = "flagged"]', style: { 'underlay-color': SANCTION_COLOURS.flagged, 'underlay-padding': 6, 'underlay-opacity': 0.4, 'underlay-shape': 'ellipse' } },
    { selector: 'node[witness = 1]', style: { 'font-style': 'italic' } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': EDGE_COLOUR,
        'target-arrow-color': EDGE_COLOUR,
        'curve-style': o.large ? 'haystack' : 'bezier',
        'arrow-scale': 0.9,
        opacity: 0.85,
      },
    },
    { selector: 'edge[directed = 1]', style: { 'target-arrow-shape': o.large ? 'none' : 'triangle' } },
    { selector: 'edge[money = 1]', style: { 'line-color': MONEY_EDGE_COLOUR, 'target-arrow-color': MONEY_EDGE_COLOUR } },
    // Evidence strength: one independent source dashed, no evidence dotted.
    { selector: 'edge[evidence = "single"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    { selector: 'edge[evidence = "none"]', style: { 'line-style': 'dotted' } },
    // Time window: partly dated links are lighter; outside the window, nearly gone.
    { selector: 'edge[time = "possible"], edge[time = "undated"]', style: { opacity: 0.45 } },
    { selector: 'edge[time = "outside"]', style: { opacity: 0.1 } },
    { selector: 'node.time-outside', style: { opacity: 0.25 } },
    { selector: 'node.pinned', style: { 'border-style': 'double', 'border-width': 5 } },
    ...(o.large ? [] : [{ selector: 'edge', style: { label: 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 11, color: text, 'text-outline-color': halo, 'text-outline-width': 2, 'text-rotation': 'autorotate' } } as StylesheetJson[number]]),
    { selector: 'edge.show-label, edge:selected', style: { 'min-zoomed-font-size': 0, label: 'data(label)', 'font-size': 9, color: text, 'text-outline-color': halo, 'text-outline-width': 2, 'text-rotation': 'autorotate' } },
    { selector: '.dim', style: { opacity: 0.12 } },
    { selector: 'node.path', style: { 'border-color': '#fbb360', 'border-width': 6, opacity: 1 } },
    { selector: 'edge.path', style: { 'line-color': '#ec9a3c', 'target-arrow-color': '#ec9a3c', width: 5, opacity: 1, 'z-index': 10 } },
    { selector: 'node:selected', style: { 'overlay-color': '#2d72d2', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    // Meta-nodes (a closed group): the name, count and money written inside the disc at a size that fits it
    // (overview-layout.ts), drawn once readable (larger groups first as the view zooms in); a dashed ring says
    // "double-click to open".
    {
      selector: 'node[meta = 1]',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': '100000px',
        'text-valign': 'center',
        'text-halign': 'center',
        'text-margin-y': 0,
        'font-size': 'data(labelSize)',
        'font-weight': 'bold',
        'text-outline-width': 0,
        'text-background-color': halo,
        'text-background-opacity': 0.6,
        'text-background-shape': 'roundrectangle',
        'border-style': 'dashed',
        'border-width': 'data(ringWidth)',
        'background-opacity': 0.85,
        'min-zoomed-font-size': LABEL_MIN_PX,
      },
    },
    { selector: 'edge[meta = 1]', style: { 'curve-style': 'straight', 'line-color': EDGE_COLOUR, opacity: 0.6, 'line-style': 'solid' } },
    { selector: 'edge[meta = 1][money = 1]', style: { 'line-color': MONEY_EDGE_COLOUR } },
    { selector: 'node.keyboard-focus', style: { 'overlay-color': '#2d72d2', 'overlay-opacity': 0.35, 'overlay-padding': 8 } },
    // The WebGL renderer draws every label whatever its min-zoomed-font-size: label-lod.ts marks the unreadable.
    { selector: '.lod-hidden', style: { label: '' } },
  ];
}

export const SIZE_LABELS: Record<string, string> = {
  betweenness: 'Betweenness (brokerage)',
  degree: 'Degree (links)',
  eigenvector: 'Eigenvector (well-connected ties)',
  core: 'k-core (embeddedness)',
  evidence: 'Evidence-weighted degree',
  money: 'Money moved',
};

export function kindLabelOf(kind: EntityKind): string {
  return ENTITY_KIND_LABELS[kind];
}

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
