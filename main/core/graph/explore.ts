/**
 * Exploring a case network from main (the `sanctum graph neighbours|expand|overview|top` commands): the same
 * functions the graph view's analytics worker runs (shared/graph/explore.ts), on the case snapshot — which has
 * already been through witness protection (main/core/graph/snapshot.ts): a protected entity is its label only,
 * and every other name has been checked for identities. Group labels are kinds, country codes, community
 * numbers or organisation names taken from that snapshot, so nothing here reaches around the protection.
 */
import { communities } from '../../../shared/graph/analytics';
import { buildGraph, type CaseGraph } from '../../../shared/graph/build-graph';
import { metaGraph, neighbourhood, topEntities, type GroupBy, type MetaGraph } from '../../../shared/graph/explore';
import { project } from '../../../shared/graph/projection';
import type { CaseGraphSnapshot } from '../../../shared/graph/snapshot';
import { SanctumError } from '../errors';
import { buildCaseSnapshot, type SnapshotSources } from './snapshot';

export interface CaseNetwork {
  snapshot: CaseGraphSnapshot;
  graph: CaseGraph;
  name(id: string): string;
  /** An entity by id or by its (protected) name, case-insensitively; ambiguous or unknown names throw. */
  resolve(ref: string): string;
}

export function caseNetwork(ws: SnapshotSources, caseId: string): CaseNetwork {
  const snapshot = buildCaseSnapshot(ws, caseId);
  const graph = buildGraph(snapshot);
  const names = new Map(snapshot.nodes.map((n) => [n.id, n.name]));
  return {
    snapshot,
    graph,
    name: (id) => names.get(id) ?? id,
    resolve(ref) {
      if (graph.hasNode(ref)) return ref;
      const want = ref.trim().toLocaleLowerCase();
      const hits = snapshot.nodes.filter((n) => n.name.toLocaleLowerCase() === want);
      if (hits.length === 1) return hits[0]!.id;
      if (hits.length > 1) throw new SanctumError('CONFLICT', `${hits.length} entities are named "${ref}"; give the id (${hits.map((h) => h.id).join(', ')})`);
      throw new SanctumError('NOT_FOUND', `no entity "${ref}" in this case`);
    },
  };
}

export interface Neighbour {
  id: string;
  name: string;
  kind: string;
  /** Links between the entity and this neighbour, by kind and direction ("paid →", "← member_of", "associate"). */
  links: string[];
}

/** The entities linked to one entity, with how. */
export function neighboursOf(net: CaseNetwork, id: string): Neighbour[] {
  const g = net.graph;
  const by = new Map<string, string[]>();
  g.forEachEdge(id, (_e, a, s, t) => {
    const other = s === id ? t : s;
    const label = !a.directed ? a.kind : s === id ? `${a.kind} →` : `← ${a.kind}`;
    by.set(other, [...(by.get(other) ?? []), label]);
  });
  return [...by]
    .map(([o, links]) => ({ id: o, name: net.name(o), kind: g.getNodeAttribute(o, 'kind'), links: links.sort() }))
    .sort((x, y) => y.links.length - x.links.length || x.name.localeCompare(y.name) || (x.id < y.id ? -1 : 1));
}

/** Expanding entities: what a view showing them would add, `depth` links out. */
export function expand(net: CaseNetwork, ids: readonly string[], depth = 1): { nodes: string[]; links: string[]; added: string[] } {
  return neighbourhood(net.graph, ids, depth);
}

/** The grouped overview (meta-nodes); communities are Louvain with the app's seed (1), as the view shows them. */
export function overviewOf(net: CaseNetwork, by: GroupBy, opts: { open?: readonly string[]; seed?: number } = {}): MetaGraph {
  const community = by === 'community' ? communities(project(net.graph), { seed: opts.seed ?? 1 }).community : undefined;
  return metaGraph(net.graph, by, { ...(community ? { community } : {}), open: opts.open ?? [] });
}

export function topOf(net: CaseNetwork, n: number): string[] {
  return topEntities(net.graph, null, n);
}
