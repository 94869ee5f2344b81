/**
 * Follow the money from one entity or group to another.
 *
 * Money moves along money links (LINK_KIND_SPECS[kind].money: `paid`, `finances`), payer → payee. We report:
 *  - direct transfers from the `from` group to the `to` group;
 *  - paths through intermediaries, up to `maxDepth` hops, never passing through a member of either group
 *    (money moving inside a group is not flow between the groups), shortest first;
 *  - per currency, totals: direct (sum of direct transfers) and total = the maximum flow from the group to
 *    the group over the links on those paths, amounts as capacities. Max flow, not a sum over paths: paths
 *    share links, and summing them counts the same money twice (A pays X 100, X pays B1 60 and B2 60 → at
 *    most 100 reached the group, not 120). It is an upper bound on what can have moved from A to B through
 *    recorded transfers, not proof that the same money moved.
 * Amounts are never converted: a path whose hops are in different currencies (or lack an amount) is listed
 * but adds to no total. With `chronological` (default), a hop that certainly happened before the previous
 * one (money cannot be passed on before it arrived) ends the path; undated hops always pass.
 *
 * Pure (no Node, no DOM).
 */
import { LINK_KIND_SPECS } from '../model/vocabulary';
import type { CaseGraph } from './build-graph';

export interface MoneyFlowOptions {
  /** Longest path, in hops (default 4). */
  maxDepth?: number;
  /** Stop listing paths after this many (default 500); totals then cover the paths found. */
  maxPaths?: number;
  maxSteps?: number;
  chronological?: boolean;
}

export interface MoneyHop {
  link: string;
  from: string;
  to: string;
  kind: string;
  amount: number | null;
  currency: string | null;
  /** Date bounds of the transfer, when dated. */
  earliest: string | null;
  latest: string | null;
}

export interface MoneyPath {
  nodes: string[];
  hops: MoneyHop[];
  /** The one currency of every hop, when they share one and all have amounts; else null. */
  currency: string | null;
  /** The smallest amount along the path (what at most passed along it alone), in `currency`. */
  bottleneck: number | null;
}

export interface MoneyTotals {
  direct: number;
  viaIntermediaries: number;
  /** Maximum flow from group to group in this currency. */
  total: number;
}

export interface MoneyFlowResult {
  from: string[];
  to: string[];
  direct: MoneyHop[];
  paths: MoneyPath[];
  totals: Record<string, MoneyTotals>;
  /** Entities in the middle of paths, with how many paths cross them, most first. */
  intermediaries: { id: string; paths: number }[];
  /** Hops on the paths with no amount or no currency (they add to no total). */
  unknownAmounts: number;
  truncated: boolean;
}

function hopOf(g: CaseGraph, edge: string): MoneyHop {
  const a = g.getEdgeAttributes(edge);
  return {
    link: edge,
    from: g.source(edge),
    to: g.target(edge),
    kind: a.kind,
    amount: a.money?.amount ?? null,
    currency: a.money?.currency ?? null,
    earliest: a.extent?.earliest ?? null,
    latest: a.extent?.latest ?? null,
  };
}

/** Edmonds–Karp on a small graph: `edges` are [from, to, capacity]; S and T are node names. */
function maxFlow(edges: [string, string, number][], sources: Set<string>, sinks: Set<string>): number {
  const S = '\u0000S';
  const T = '\u0000T';
  const cap = new Map<string, Map<string, number>>();
  const addCap = (u: string, v: string, c: number) => {
    let m = cap.get(u);
    if (!m) cap.set(u, (m = new Map()));
    m.set(v, (m.get(v) ?? 0) + c);
    let r = cap.get(v);
    if (!r) cap.set(v, (r = new Map()));
    if (!r.has(u)) r.set(u, 0);
  };
  for (const [u, v, c] of edges) addCap(u, v, c);
  for (const s of sources) addCap(S, s, Infinity);
  for (const t of sinks) addCap(t, T, Infinity);
  let flow = 0;
  for (;;) {
    const prev = new Map<string, string>([[S, S]]);
    const queue = [S];
    for (let i = 0; i < queue.length && !prev.has(T); i++) {
      const u = queue[i]!;
      for (const [v, c] of cap.get(u) ?? []) {
        if (c > 0 && !prev.has(v)) {
          prev.set(v, u);
          queue.push(v);
        }
      }
    }
    if (!prev.has(T)) return flow;
    let bottleneck = Infinity;
    for (let v = T; v !== S; v = prev.get(v)!) bottleneck = Math.min(bottleneck, cap.get(prev.get(v)!)!.get(v)!);
    for (let v = T; v !== S; v = prev.get(v)!) {
      const u = prev.get(v)!;
      cap.get(u)!.set(v, cap.get(u)!.get(v)! - bottleneck);
      cap.get(v)!.set(u, cap.get(v)!.get(u)! + bottleneck);
    }
    flow += bottleneck;
  }
}

export function moneyFlow(g: CaseGraph, from: readonly string[], to: readonly string[], opts: MoneyFlowOptions = {}): MoneyFlowResult {
  const maxDepth = opts.maxDepth ?? 4;
  const maxPaths = opts.maxPaths ?? 500;
  let steps = opts.maxSteps ?? 1_000_000;
  const chronological = opts.chronological ?? true;
  const A = new Set(from.filter((id) => g.hasNode(id)));
  const B = new Set(to.filter((id) => g.hasNode(id)));

  const isMoney = (edge: string) => {
    const a = g.getEdgeAttributes(edge);
    return a.directed && LINK_KIND_SPECS[a.kind].money;
  };

  // Hops to the `to` group over money links, against their direction (prunes the search).
  const toB = new Map<string, number>();
  let frontier = [...B];
  for (const b of B) toB.set(b, 0);
  for (let d = 1; d <= maxDepth && frontier.length; d++) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const e of g.inEdges(v)) {
        if (!isMoney(e)) continue;
        const u = g.source(e);
        if (!toB.has(u)) {
          toB.set(u, d);
          next.push(u);
        }
      }
    }
    frontier = next;
  }

  const found: MoneyHop[][] = [];
  let truncated = false;
  const stack: MoneyHop[] = [];
  const onPath = new Set<string>();
  const walk = (v: string, depth: number): boolean => {
    if (--steps < 0) {
      truncated = true;
      return false;
    }
    for (const e of g.outEdges(v)) {
      if (!isMoney(e)) continue;
      const w = g.target(e);
      if (onPath.has(w) || A.has(w)) continue;
      const hop = hopOf(g, e);
      const last = stack[stack.length - 1];
      if (chronological && last && last.earliest !== null && hop.latest !== null && hop.latest < last.earliest) continue;
      if (B.has(w)) {
        found.push([...stack, hop]);
        if (found.length >= maxPaths) {
          truncated = true;
          return false;
        }
        continue;
      }
      const d = toB.get(w);
      if (d === undefined || depth + 1 + d > maxDepth) continue;
      onPath.add(w);
      stack.push(hop);
      const go = walk(w, depth + 1);
      stack.pop();
      onPath.delete(w);
      if (!go) return false;
    }
    return true;
  };
  for (const a of A) {
    if (B.has(a)) continue;
    onPath.add(a);
    const go = walk(a, 0);
    onPath.delete(a);
    if (!go) break;
  }

  const paths: MoneyPath[] = found
    .map((hops) => {
      const cur = hops[0]!.currency;
      const same = cur !== null && hops.every((h) => h.currency === cur && h.amount !== null);
      return {
        nodes: [hops[0]!.from, ...hops.map((h) => h.to)],
        hops,
        currency: same ? cur : null,
        bottleneck: same ? Math.min(...hops.map((h) => h.amount!)) : null,
      };
    })
    .sort((x, y) => x.hops.length - y.hops.length || (y.bottleneck ?? -1) - (x.bottleneck ?? -1));

  const direct = paths.filter((p) => p.hops.length === 1).map((p) => p.hops[0]!);
  const totals: Record<string, MoneyTotals> = {};
  const byCurrency = new Map<string, Map<string, MoneyHop>>();
  for (const p of paths) {
    if (p.currency === null) continue;
    let m = byCurrency.get(p.currency);
    if (!m) byCurrency.set(p.currency, (m = new Map()));
    for (const h of p.hops) m.set(h.link, h);
  }
  for (const [cur, hops] of byCurrency) {
    const directSum = direct.filter((h) => h.currency === cur && h.amount !== null).reduce((s, h) => s + h.amount!, 0);
    const total = maxFlow(
      [...hops.values()].map((h) => [h.from, h.to, h.amount!]),
      A,
      B,
    );
    totals[cur] = { direct: directSum, viaIntermediaries: total - directSum, total };
  }

  const crossing = new Map<string, number>();
  for (const p of paths) for (const id of p.nodes.slice(1, -1)) crossing.set(id, (crossing.get(id) ?? 0) + 1);
  const seenHops = new Set<string>();
  let unknownAmounts = 0;
  for (const p of paths) {
    for (const h of p.hops) {
      if (seenHops.has(h.link)) continue;
      seenHops.add(h.link);
      if (h.amount === null || h.currency === null) unknownAmounts++;
    }
  }
  return {
    from: [...A],
    to: [...B],
    direct,
    paths,
    totals,
    intermediaries: [...crossing].map(([id, n]) => ({ id, paths: n })).sort((a, b) => b.paths - a.paths || (a.id < b.id ? -1 : 1)),
    unknownAmounts,
    truncated,
  };
}
