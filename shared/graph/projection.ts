/**
 * Structural projection of the case multigraph for centrality, paths, communities and cores.
 *
 * The case graph is a mixed multigraph (see build-graph.ts). Structural measures run on a *simple* graph:
 *  - parallel links collapse into one tie (paid + associate + family between two people is one relationship
 *    for brokerage; counting it three times would let multiplicity masquerade as centrality, and Brandes on a
 *    multigraph multiplies path counts);
 *  - by default direction is ignored (undirected projection): who brokers between groups, and how two people
 *    are connected, do not depend on which way "member of" or "commands" points — and information, orders and
 *    money flow along these ties in both directions in practice. Analyses that need direction (money flow, and
 *    paths/betweenness when asked) use the directed projection, where an undirected link counts both ways.
 *
 * A tie's `strength` is the best evidence strength of the links it merges; its `cost` is −ln(strength), so the
 * cheapest path is the chain of links most likely to be all true (product of strengths). Strength is floored at
 * 0.01 so a link no evidence supports still connects, at a high cost.
 *
 * The projection is kept as CSR arrays (typed, cache-friendly) for our own loops, and as a graphology graph
 * (edge attributes `weight` = strength, `cost`) for graphology's algorithms.
 *
 * Pure (no Node, no DOM).
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { CaseGraph } from './build-graph';

export const MIN_STRENGTH = 0.01;

export interface TieAttrs {
  weight: number;
  cost: number;
}

export interface Projection {
  directed: boolean;
  /** Node ids by index (the case graph's node order). */
  ids: string[];
  index: Map<string, number>;
  /** Out-adjacency in CSR form: neighbours of i are adj[starts[i] .. starts[i+1]). Symmetric when undirected. */
  starts: Int32Array;
  adj: Int32Array;
  strength: Float64Array;
  cost: Float64Array;
  /** In-adjacency (the same arrays as out-adjacency when undirected). */
  inStarts: Int32Array;
  inAdj: Int32Array;
  inCost: Float64Array;
  /** Number of ties (unordered pairs when undirected, ordered when directed). */
  ties: number;
  /** The same simple graph as a graphology instance, built on first use. */
  readonly graph: UndirectedGraph<Record<string, never>, TieAttrs> | DirectedGraph<Record<string, never>, TieAttrs>;
}

/** −ln(strength), strength clamped to [0.01, 1 − 1e-9] so every cost is finite and strictly positive (Dijkstra). */
export function tieCost(strength: number): number {
  return -Math.log(Math.min(Math.max(strength, MIN_STRENGTH), 1 - 1e-9));
}

function csr(n: number, from: Int32Array, to: Int32Array, strength: Float64Array, m: number) {
  const starts = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) starts[from[e]! + 1]!++;
  for (let i = 0; i < n; i++) starts[i + 1]! += starts[i]!;
  const fill = starts.slice(0, n);
  const adj = new Int32Array(m);
  const str = new Float64Array(m);
  const cost = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const k = fill[from[e]!]!++;
    adj[k] = to[e]!;
    str[k] = strength[e]!;
    cost[k] = tieCost(strength[e]!);
  }
  return { starts, adj, strength: str, cost };
}

export function project(g: CaseGraph, opts: { directed?: boolean } = {}): Projection {
  const directed = opts.directed ?? false;
  const ids = g.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));

  // Merge parallel links: pair key -> best strength, in first-seen order (deterministic).
  const pairs = new Map<number, number>();
  const pairKey = (a: number, b: number) => a * n + b;
  const add = (a: number, b: number, s: number) => {
    const k = pairKey(a, b);
    const prev = pairs.get(k);
    if (prev === undefined || s > prev) pairs.set(k, s);
  };
  g.forEachEdge((_e, attrs, source, target) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    const s = attrs.evidence.strength;
    if (!directed) add(Math.min(a, b), Math.max(a, b), s);
    else {
      add(a, b, s);
      if (!attrs.directed) add(b, a, s);
    }
  });

  const ties = pairs.size;
  const m = directed ? ties : 2 * ties;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const str = new Float64Array(m);
  let e = 0;
  for (const [k, s] of pairs) {
    const a = Math.floor(k / n);
    const b = k - a * n;
    from[e] = a;
    to[e] = b;
    str[e++] = s;
    if (!directed) {
      from[e] = b;
      to[e] = a;
      str[e++] = s;
    }
  }
  const out = csr(n, from, to, str, m);
  const inn = directed ? csr(n, to, from, str, m) : out;

  let cached: Projection['graph'] | null = null;
  return {
    directed,
    ids,
    index,
    starts: out.starts,
    adj: out.adj,
    strength: out.strength,
    cost: out.cost,
    inStarts: inn.starts,
    inAdj: inn.adj,
    inCost: inn.cost,
    ties,
    get graph() {
      if (cached) return cached;
      const sg = directed ? new DirectedGraph<Record<string, never>, TieAttrs>() : new UndirectedGraph<Record<string, never>, TieAttrs>();
      for (const id of ids) sg.addNode(id);
      for (const [k, s] of pairs) {
        const a = Math.floor(k / n);
        sg.addEdge(ids[a]!, ids[k - a * n]!, { weight: s, cost: tieCost(s) });
      }
      cached = sg;
      return sg;
    },
  };
}
