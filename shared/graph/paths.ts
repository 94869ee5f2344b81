/**
 * How two entities are connected: the shortest path (fewest links, or most credible chain) and all simple paths
 * up to a length and a count.
 *
 * Paths run on the projection (projection.ts): undirected unless `respectDirection`, in which case directed
 * links are followed source → target and undirected links either way. Each hop lists the case links that join
 * its two entities (strongest evidence first), so the UI can highlight the actual records.
 *
 * Pure (no Node, no DOM).
 */
import { bidirectional as unweightedBidirectional } from 'graphology-shortest-path/unweighted.js';
import { bidirectional as dijkstraBidirectional } from 'graphology-shortest-path/dijkstra.js';
import type { CaseGraph } from './build-graph';
import type { Projection } from './projection';

export type PathWeight = 'hops' | 'evidence';

export interface GraphPath {
  nodes: string[];
  /** Per hop, the link ids joining nodes[i] and nodes[i+1], strongest evidence first. */
  links: string[][];
  /** Number of hops. */
  length: number;
  /** Product over hops of the best link's evidence strength: how likely the whole chain holds. */
  strength: number;
}

export function hopLinks(g: CaseGraph, a: string, b: string, respectDirection: boolean): string[] {
  const ids = respectDirection ? [...g.outEdges(a, b), ...g.undirectedEdges(a, b)] : g.edges(a, b);
  return [...new Set(ids)].sort((x, y) => g.getEdgeAttribute(y, 'evidence').strength - g.getEdgeAttribute(x, 'evidence').strength || (x < y ? -1 : 1));
}

export function toPath(g: CaseGraph, nodes: string[], respectDirection: boolean): GraphPath {
  const links: string[][] = [];
  let strength = 1;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const hop = hopLinks(g, nodes[i]!, nodes[i + 1]!, respectDirection);
    links.push(hop);
    strength *= hop.length ? g.getEdgeAttribute(hop[0]!, 'evidence').strength : 0;
  }
  return { nodes, links, length: nodes.length - 1, strength };
}

/**
 * Shortest path by hops (BFS) or by evidence (Dijkstra on −ln strength: the most credible chain), via
 * graphology-shortest-path. Null when the two are not connected.
 */
export function shortestPath(g: CaseGraph, p: Projection, source: string, target: string, opts: { weight?: PathWeight } = {}): GraphPath | null {
  const nodes = opts.weight === 'evidence' ? (dijkstraBidirectional(p.graph, source, target, 'cost') as string[] | null) : unweightedBidirectional(p.graph, source, target);
  return nodes ? toPath(g, nodes, p.directed) : null;
}

export interface SimplePathsOptions {
  /** Longest path, in hops (default 4). */
  maxLength?: number;
  /** Stop after this many paths (default 100). */
  maxPaths?: number;
  /** Stop after this many search steps, whatever was found (default 2,000,000): a bound on time. */
  maxSteps?: number;
}

export interface SimplePathsResult {
  paths: GraphPath[];
  /** A bound stopped the search: there may be more paths. */
  truncated: boolean;
}

/**
 * All simple paths from source to target of at most `maxLength` hops, shortest first (iterative deepening),
 * at most `maxPaths` of them. A node farther from the target than the hops left is never expanded (distances
 * from one reverse BFS), so the search only walks nodes that can still reach the target in time.
 */
export function simplePaths(g: CaseGraph, p: Projection, source: string, target: string, opts: SimplePathsOptions = {}): SimplePathsResult {
  const maxLength = opts.maxLength ?? 4;
  const maxPaths = opts.maxPaths ?? 100;
  let steps = opts.maxSteps ?? 2_000_000;
  const s = p.index.get(source);
  const t = p.index.get(target);
  if (s === undefined || t === undefined || s === t) return { paths: [], truncated: false };
  const n = p.ids.length;

  // Hops from every node to the target, against the direction of travel.
  const toTarget = new Int32Array(n).fill(-1);
  toTarget[t] = 0;
  const queue = new Int32Array(n);
  let qe = 0;
  queue[qe++] = t;
  for (let qh = 0; qh < qe; qh++) {
    const v = queue[qh]!;
    if (toTarget[v]! >= maxLength) continue;
    for (let j = p.inStarts[v]!, end = p.inStarts[v + 1]!; j < end; j++) {
      const u = p.inAdj[j]!;
      if (toTarget[u]! < 0) {
        toTarget[u] = toTarget[v]! + 1;
        queue[qe++] = u;
      }
    }
  }

  const found: number[][] = [];
  let truncated = false;
  const onPath = new Uint8Array(n);
  const stack: number[] = [s];
  onPath[s] = 1;
  const reach = toTarget[s]!;
  const walk = (v: number, left: number): boolean => {
    if (--steps < 0) {
      truncated = true;
      return false;
    }
    for (let j = p.starts[v]!, end = p.starts[v + 1]!; j < end; j++) {
      const w = p.adj[j]!;
      if (onPath[w]) continue;
      if (w === t) {
        if (left === 1) {
          found.push([...stack, t]);
          if (found.length >= maxPaths) {
            truncated = true;
            return false;
          }
        }
        continue; // the target ends a path; it is never passed through
      }
      const d = toTarget[w]!;
      if (d < 0 || d > left - 1) continue;
      onPath[w] = 1;
      stack.push(w);
      const go = walk(w, left - 1);
      stack.pop();
      onPath[w] = 0;
      if (!go) return false;
    }
    return true;
  };
  if (reach > 0) {
    for (let len = reach; len <= maxLength; len++) if (!walk(s, len)) break;
  }
  // Reaching maxPaths exactly on the last path is not truncation if nothing else exists; we cannot know
  // without searching on, so the flag errs on "there may be more".
  return { paths: found.map((ids) => toPath(g, ids.map((i) => p.ids[i]!), p.directed)), truncated };
}
