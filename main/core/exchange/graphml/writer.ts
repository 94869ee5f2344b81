/**
 * GraphML 1.0 writer (http://graphml.graphdrawing.org/) for a case graph snapshot, for Gephi, yEd and networkx.
 *
 * Every attribute is declared once with `<key id for attr.name attr.type>` (types string / boolean / int /
 * double, so readers type the columns) and a `<data>` element appears only where the value exists. Node and edge
 * ids are record ids, so a file can be matched back to the case.
 *
 * Direction: link kinds are directed or not (LINK_KIND_SPECS). In `directed` mode (default) every edge is
 * written as directed under `edgedefault="directed"` (an undirected link keeps its recorded source → target) and
 * the boolean `link_directed` says what the link kind really is: networkx, the most common reader, refuses mixed
 * files ("directed=false edge found in directed graph"). In `mixed` mode (an option, for Gephi and yEd) the
 * graph's `edgedefault` is directed when any link is, and each edge whose direction differs carries
 * `directed="false"` (or "true"), the GraphML way to write a mixed graph. Both modes carry `link_directed`.
 *
 * Multigraph: each link record is one edge; parallel links (paid, and associate, between the same two people)
 * are separate edges, never merged. Hence:
 *  - `weight` = the number of claims asserting the link, at least 1 (a link recorded without a claim is one
 *    assertion). A count of assertions, not of independent sources (`sources`) nor of money (`amount`).
 *  - `degree` (analytics) counts links, parallel ones each (in + out + undirected), which is what networkx's
 *    `MultiDiGraph.degree` returns for the file; `degree_distinct` counts the distinct entities linked.
 * The descriptions are also written into the file (`<desc>` of each key).
 *
 * Dates are written as ISO day bounds (earliest / latest possible) plus the text as recorded ("c. 1980").
 * Witnesses appear only under their pseudonym (the snapshot never holds more).
 */
import { edgeEvidence } from '../../../../shared/graph/evidence';
import type { CaseGraphSnapshot, SnapshotLink, SnapshotNode } from '../../../../shared/graph/snapshot';
import { extentOf } from '../../../../shared/graph/time';
import { dateBounds, formatPartialDate, type PartialDate } from '../../../../shared/model/partial-date';
import { ENTITY_KIND_LABELS, LINK_KIND_SPECS } from '../../../../shared/model/vocabulary';
import { escapeAttr, escapeText } from './xml';

export type GraphmlKeyType = 'string' | 'boolean' | 'int' | 'double';
type Value = string | number | boolean | null | undefined;

export interface GraphmlKey<T> {
  id: string;
  for: 'graph' | 'node' | 'edge';
  name: string;
  type: GraphmlKeyType;
  value: (x: T) => Value;
  /** What the attribute means, written as the key's `<desc>` where the name alone could mislead. */
  desc?: string;
}

/** Per-node results of the analytics, written when given. */
export interface NodeAnalytics {
  /** Links at the node, parallel links counted each (multigraph degree). */
  degree: number;
  /** Distinct entities linked to the node. */
  degreeDistinct: number;
  betweenness: number;
  eigenvector: number;
  community: number;
  core: number;
  brokerScore: number;
}

export interface GraphmlOptions {
  analytics?: Record<string, NodeAnalytics>;
  /** Extra graph-level facts (e.g. how betweenness was computed). */
  graphData?: Record<string, string | number | boolean>;
  /** 'directed' (default; networkx) or 'mixed' (Gephi, yEd). */
  edges?: EdgeMode;
}

export type EdgeMode = 'directed' | 'mixed';
export const EDGE_MODES = ['directed', 'mixed'] as const;

export const DEGREE_DESC = 'links at this entity, parallel links counted each (in + out + undirected; equals networkx MultiDiGraph.degree)';
export const DEGREE_DISTINCT_DESC = 'distinct entities linked to this entity (parallel links counted once)';
export const WEIGHT_DESC = 'claims asserting this link, at least 1 (each link is its own edge: parallel links are never merged)';
export const LINK_DIRECTED_DESC = 'true when the link kind has a direction (paid, commands); false for associate, family and other undirected kinds';

/** The edge weight (see the header): claims asserting the link, at least 1. */
export function linkWeight(ev: { claims: number }): number {
  return Math.max(1, ev.claims);
}

export type NodeIn = { n: SnapshotNode; a: NodeAnalytics | undefined };
export type EdgeIn = { l: SnapshotLink; ev: ReturnType<typeof edgeEvidence> };

const list = (xs: readonly string[]) => (xs.length ? xs.join('; ') : null);
const earliest = (d: PartialDate | undefined) => dateBounds(d)?.earliest ?? null;
const latest = (d: PartialDate | undefined) => dateBounds(d)?.latest ?? null;
const text = (d: PartialDate | undefined) => (d ? formatPartialDate(d) || null : null);

export const NODE_KEYS: GraphmlKey<NodeIn>[] = [
  { id: 'n_label', for: 'node', name: 'label', type: 'string', value: ({ n }) => n.name },
  { id: 'n_kind', for: 'node', name: 'kind', type: 'string', value: ({ n }) => n.kind },
  { id: 'n_kind_label', for: 'node', name: 'kind_label', type: 'string', value: ({ n }) => ENTITY_KIND_LABELS[n.kind] },
  { id: 'n_original_script_name', for: 'node', name: 'original_script_name', type: 'string', value: ({ n }) => n.originalScriptName },
  { id: 'n_aliases', for: 'node', name: 'aliases', type: 'string', value: ({ n }) => list(n.aliases) },
  { id: 'n_roles', for: 'node', name: 'roles', type: 'string', value: ({ n }) => list(n.roles) },
  { id: 'n_nationality', for: 'node', name: 'nationality', type: 'string', value: ({ n }) => list(n.nationality) },
  { id: 'n_countries', for: 'node', name: 'countries', type: 'string', value: ({ n }) => list(n.countries) },
  { id: 'n_birth_earliest', for: 'node', name: 'birth_earliest', type: 'string', value: ({ n }) => earliest(n.birthDate) },
  { id: 'n_birth_latest', for: 'node', name: 'birth_latest', type: 'string', value: ({ n }) => latest(n.birthDate) },
  { id: 'n_birth_text', for: 'node', name: 'birth_text', type: 'string', value: ({ n }) => text(n.birthDate) },
  { id: 'n_witness', for: 'node', name: 'witness', type: 'boolean', value: ({ n }) => n.isWitness },
  { id: 'n_degree', for: 'node', name: 'degree', type: 'int', value: ({ a }) => a?.degree, desc: DEGREE_DESC },
  { id: 'n_degree_distinct', for: 'node', name: 'degree_distinct', type: 'int', value: ({ a }) => a?.degreeDistinct, desc: DEGREE_DISTINCT_DESC },
  { id: 'n_betweenness', for: 'node', name: 'betweenness', type: 'double', value: ({ a }) => a?.betweenness },
  { id: 'n_eigenvector', for: 'node', name: 'eigenvector', type: 'double', value: ({ a }) => a?.eigenvector },
  { id: 'n_community', for: 'node', name: 'community', type: 'int', value: ({ a }) => a?.community },
  { id: 'n_core', for: 'node', name: 'core', type: 'int', value: ({ a }) => a?.core },
  { id: 'n_broker_score', for: 'node', name: 'broker_score', type: 'double', value: ({ a }) => a?.brokerScore },
];

export const EDGE_KEYS: GraphmlKey<EdgeIn>[] = [
  { id: 'e_label', for: 'edge', name: 'label', type: 'string', value: ({ l }) => LINK_KIND_SPECS[l.kind].label },
  { id: 'e_kind', for: 'edge', name: 'kind', type: 'string', value: ({ l }) => l.kind },
  { id: 'e_link_directed', for: 'edge', name: 'link_directed', type: 'boolean', value: ({ l }) => LINK_KIND_SPECS[l.kind].directed, desc: LINK_DIRECTED_DESC },
  { id: 'e_weight', for: 'edge', name: 'weight', type: 'double', value: ({ ev }) => linkWeight(ev), desc: WEIGHT_DESC },
  { id: 'e_role', for: 'edge', name: 'role', type: 'string', value: ({ l }) => l.role },
  { id: 'e_start_earliest', for: 'edge', name: 'start_earliest', type: 'string', value: ({ l }) => earliest(l.start) },
  { id: 'e_start_latest', for: 'edge', name: 'start_latest', type: 'string', value: ({ l }) => latest(l.start) },
  { id: 'e_start_text', for: 'edge', name: 'start_text', type: 'string', value: ({ l }) => text(l.start) },
  { id: 'e_end_earliest', for: 'edge', name: 'end_earliest', type: 'string', value: ({ l }) => earliest(l.end) },
  { id: 'e_end_latest', for: 'edge', name: 'end_latest', type: 'string', value: ({ l }) => latest(l.end) },
  { id: 'e_end_text', for: 'edge', name: 'end_text', type: 'string', value: ({ l }) => text(l.end) },
  { id: 'e_date_earliest', for: 'edge', name: 'date_earliest', type: 'string', value: ({ l }) => earliest(l.date) },
  { id: 'e_date_latest', for: 'edge', name: 'date_latest', type: 'string', value: ({ l }) => latest(l.date) },
  { id: 'e_date_text', for: 'edge', name: 'date_text', type: 'string', value: ({ l }) => text(l.date) },
  { id: 'e_active_earliest', for: 'edge', name: 'active_earliest', type: 'string', value: ({ l }) => extentOf(l)?.earliest },
  { id: 'e_active_latest', for: 'edge', name: 'active_latest', type: 'string', value: ({ l }) => extentOf(l)?.latest },
  { id: 'e_amount', for: 'edge', name: 'amount', type: 'double', value: ({ l }) => l.money?.amount },
  { id: 'e_currency', for: 'edge', name: 'currency', type: 'string', value: ({ l }) => l.money?.currency },
  { id: 'e_claims', for: 'edge', name: 'claims', type: 'int', value: ({ ev }) => ev.claims },
  { id: 'e_sources', for: 'edge', name: 'sources', type: 'int', value: ({ ev }) => ev.sources },
  { id: 'e_best_grade', for: 'edge', name: 'best_grade', type: 'string', value: ({ ev }) => ev.bestGrade },
  { id: 'e_best_credibility', for: 'edge', name: 'best_credibility', type: 'int', value: ({ ev }) => ev.bestCredibility },
  { id: 'e_verified', for: 'edge', name: 'verified_document', type: 'boolean', value: ({ ev }) => ev.verified },
  { id: 'e_strength', for: 'edge', name: 'evidence_strength', type: 'double', value: ({ ev }) => ev.strength },
  { id: 'e_single_source', for: 'edge', name: 'single_source', type: 'boolean', value: ({ ev }) => ev.singleSource },
  { id: 'e_unsupported', for: 'edge', name: 'unsupported', type: 'boolean', value: ({ ev }) => ev.unsupported },
];

/** A value as its GraphML / GEXF lexical form, or null to leave it out (shared with the GEXF writer). */
export function lexical(type: GraphmlKeyType, v: Value): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null;
    case 'double':
      // xs:double has no "Infinity": leave non-finite values out rather than write an unreadable file.
      return typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
    default:
      return String(v);
  }
}

function dataLines<T>(keys: readonly GraphmlKey<T>[], x: T, indent: string): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const v = lexical(k.type, k.value(x));
    if (v !== null) out.push(`${indent}<data key="${k.id}">${escapeText(v)}</data>`);
  }
  return out;
}

/** Node keys that exist only with the analytics. */
export const ANALYTICS_KEYS: readonly string[] = ['n_degree', 'n_degree_distinct', 'n_betweenness', 'n_eigenvector', 'n_community', 'n_core', 'n_broker_score'];

/** The node keys a file carries: the analytics ones only when analytics were computed. */
export function nodeKeysFor(withAnalytics: boolean): GraphmlKey<NodeIn>[] {
  return NODE_KEYS.filter((k) => withAnalytics || !ANALYTICS_KEYS.includes(k.id));
}

/** The links a file can hold: both ends among the (filtered) nodes. */
export function linksAmong(s: CaseGraphSnapshot): SnapshotLink[] {
  const present = new Set(s.nodes.map((n) => n.id));
  return s.links.filter((l) => present.has(l.source) && present.has(l.target));
}

export function writeGraphml(s: CaseGraphSnapshot, opts: GraphmlOptions = {}): { xml: string; nodes: number; edges: number } {
  const mode = opts.edges ?? 'directed';
  const nodeKeys = nodeKeysFor(opts.analytics !== undefined);
  const graphData: Record<string, string | number | boolean> = { case: s.caseName, case_id: s.caseId, generator: 'Sanctum', ...(opts.graphData ?? {}) };
  const graphKeys = Object.entries(graphData).map(([name, v]) => ({
    id: `g_${name}`,
    name,
    type: (typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isSafeInteger(v) ? 'int' : 'double') : 'string') as GraphmlKeyType,
    v,
  }));

  const links = linksAmong(s);
  const anyDirected = links.some((l) => LINK_KIND_SPECS[l.kind].directed);
  const edgeDefault = mode === 'directed' || anyDirected || links.length === 0 ? 'directed' : 'undirected';

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of graphKeys) out.push(`  <key id="${escapeAttr(k.id)}" for="graph" attr.name="${escapeAttr(k.name)}" attr.type="${k.type}"/>`);
  for (const k of [...nodeKeys, ...EDGE_KEYS]) {
    const head = `  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"`;
    out.push(k.desc ? `${head}><desc>${escapeText(k.desc)}</desc></key>` : `${head}/>`);
  }
  out.push(`  <graph id="G" edgedefault="${edgeDefault}">`);
  for (const k of graphKeys) out.push(`    <data key="${escapeAttr(k.id)}">${escapeText(lexical(k.type, k.v) ?? '')}</data>`);
  for (const n of s.nodes) {
    out.push(`    <node id="${escapeAttr(n.id)}">`, ...dataLines(nodeKeys, { n, a: opts.analytics?.[n.id] }, '      '), '    </node>');
  }
  for (const l of links) {
    const directed = LINK_KIND_SPECS[l.kind].directed;
    const dirAttr = mode === 'mixed' && directed !== (edgeDefault === 'directed') ? ` directed="${directed}"` : '';
    out.push(
      `    <edge id="${escapeAttr(l.id)}" source="${escapeAttr(l.source)}" target="${escapeAttr(l.target)}"${dirAttr}>`,
      ...dataLines(EDGE_KEYS, { l, ev: edgeEvidence(l.support) }, '      '),
      '    </edge>',
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return { xml: out.join('\n'), nodes: s.nodes.length, edges: links.length };
}
