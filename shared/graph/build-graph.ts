/**
 * A case snapshot as a graphology graph: one node per entity, one edge per link.
 *
 * The graph is a mixed multigraph: two people can be linked several times (paid, and associate, and family),
 * and link kinds are directed or not per LINK_KIND_SPECS (`paid` runs payer → payee, `associate` has no
 * direction). Keys are record ids, so a result always points back at the records and their claims.
 *
 * Pure (no Node, no DOM): runs in the renderer's worker and in main.
 */
import { MultiGraph } from 'graphology';
import type { PartialDate } from '../model/partial-date';
import { LINK_KIND_SPECS, type EntityKind, type LinkKind, type Role } from '../model/vocabulary';
import { edgeEvidence, type EdgeEvidence } from './evidence';
import type { CaseGraphSnapshot, Position } from './snapshot';
import { extentOf, type Extent } from './time';

export interface NodeAttrs {
  kind: EntityKind;
  name: string;
  originalScriptName?: string;
  aliases: string[];
  roles: Role[];
  nationality: string[];
  countries: string[];
  isWitness: boolean;
  position?: Position;
}

export interface EdgeAttrs {
  kind: LinkKind;
  directed: boolean;
  role?: string;
  /** Carried by money links (paid, finances); amount in `currency` (absent when unknown). */
  money: { amount: number; currency?: string } | null;
  start?: PartialDate;
  end?: PartialDate;
  date?: PartialDate;
  /** When it can have been active; null when undated. */
  extent: Extent | null;
  evidence: EdgeEvidence;
}

export type CaseGraph = MultiGraph<NodeAttrs, EdgeAttrs>;

export function buildGraph(s: CaseGraphSnapshot): CaseGraph {
  const g: CaseGraph = new MultiGraph<NodeAttrs, EdgeAttrs>({ type: 'mixed', allowSelfLoops: false });
  for (const n of s.nodes) {
    const attrs: NodeAttrs = {
      kind: n.kind,
      name: n.name,
      aliases: n.aliases,
      roles: n.roles,
      nationality: n.nationality,
      countries: n.countries,
      isWitness: n.isWitness,
    };
    if (n.originalScriptName) attrs.originalScriptName = n.originalScriptName;
    const pos = s.positions[n.id];
    if (pos) attrs.position = pos;
    g.addNode(n.id, attrs);
  }
  for (const l of s.links) {
    // A link to an entity outside the snapshot (filtered out) is not part of this graph.
    if (!g.hasNode(l.source) || !g.hasNode(l.target) || l.source === l.target) continue;
    const directed = LINK_KIND_SPECS[l.kind].directed;
    const attrs: EdgeAttrs = {
      kind: l.kind,
      directed,
      money: l.money ? { ...l.money } : null,
      extent: extentOf(l),
      evidence: edgeEvidence(l.support),
    };
    if (l.role) attrs.role = l.role;
    if (l.start) attrs.start = l.start;
    if (l.end) attrs.end = l.end;
    if (l.date) attrs.date = l.date;
    if (directed) g.addDirectedEdgeWithKey(l.id, l.source, l.target, attrs);
    else g.addUndirectedEdgeWithKey(l.id, l.source, l.target, attrs);
  }
  return g;
}
