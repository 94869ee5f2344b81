/**
 * Network analytics of a case graph, shaped for the graph view (sizes by centrality, colour by community) and a
 * sortable table. Runs in the renderer's Web Worker (graph-worker-api.ts) and in main (GraphML export).
 *
 * Treatment of direction and multiplicity (see projection.ts for the reasons):
 *  - degree counts links on the multigraph: in / out for directed links, `undirected` for the others, and
 *    `neighbours` for distinct entities; weighted by evidence (sum of link strengths) or by money (per currency,
 *    never converted);
 *  - betweenness, eigenvector, Louvain and k-core run on the simple undirected projection (parallel links are
 *    one tie); betweenness and paths can follow direction on request;
 *  - weights: 'none' (default: structure only) or 'evidence' — strength as tie weight for eigenvector and
 *    Louvain, −ln(strength) as distance for betweenness and paths (most credible chains).
 * Louvain takes a seeded RNG (default seed 1): the same case gives the same communities on every run.
 *
 * Pure (no Node, no DOM).
 */
// Subpath imports name the .js file: these packages have no exports map, and Node's ESM loader (the bundled CLI
// and main process keep packages external) does not guess extensions.
import eigenvectorCentrality from 'graphology-metrics/centrality/eigenvector.js';
import louvain from 'graphology-communities-louvain';
import type { CaseGraph } from './build-graph';
import { betweennessSteps, type BetweennessOptions } from './betweenness';
import { project, type Projection } from './projection';
import { seededRandom } from './rng';
import type { SizeMetric } from './snapshot';

export { buildGraph, type CaseGraph, type NodeAttrs, type EdgeAttrs } from './build-graph';
export { project, type Projection } from './projection';
export { betweennessSteps, betweennessArray, type BetweennessOptions } from './betweenness';
export { shortestPath, simplePaths, type GraphPath, type PathWeight, type SimplePathsOptions, type SimplePathsResult } from './paths';
export { moneyFlow, type MoneyFlowOptions, type MoneyFlowResult, type MoneyHop, type MoneyPath, type MoneyTotals } from './money-flow';
export { applyFilters, type FilteredSnapshot } from './filters';
export { asOf, extentOf, eventExtent, timeDomain, timeStatus, windowBounds, type Extent, type TimeStatus } from './time';
export { edgeEvidence, type EdgeEvidence } from './evidence';

export type WeightMode = 'none' | 'evidence';

export interface DegreeRow {
  in: number;
  out: number;
  undirected: number;
  /** Links touching the entity (in + out + undirected). */
  total: number;
  /** Distinct entities it is linked to. */
  neighbours: number;
  /** Sum of the evidence strength of its links. */
  evidence: number;
  /** Amounts received / paid over money links, per currency (links without a currency are not summed). */
  moneyIn: Record<string, number>;
  moneyOut: Record<string, number>;
}

export function degrees(g: CaseGraph): Record<string, DegreeRow> {
  const out: Record<string, DegreeRow> = {};
  g.forEachNode((id) => {
    out[id] = { in: g.inDegree(id), out: g.outDegree(id), undirected: g.undirectedDegree(id), total: g.degree(id), neighbours: g.neighbors(id).length, evidence: 0, moneyIn: {}, moneyOut: {} };
  });
  g.forEachEdge((_e, a, source, target) => {
    out[source]!.evidence += a.evidence.strength;
    out[target]!.evidence += a.evidence.strength;
    if (a.directed && a.money && a.money.currency !== undefined) {
      const c = a.money.currency;
      const src = out[source]!.moneyOut;
      const dst = out[target]!.moneyIn;
      src[c] = (src[c] ?? 0) + a.money.amount;
      dst[c] = (dst[c] ?? 0) + a.money.amount;
    }
  });
  return out;
}

function byId(p: Projection, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < p.ids.length; i++) out[p.ids[i]!] = values[i]!;
  return out;
}

/** Eigenvector centrality (graphology-metrics, power iteration on I + A, so bipartite graphs converge). */
export function eigenvector(p: Projection, opts: { weight?: WeightMode } = {}): { scores: Record<string, number>; converged: boolean } {
  if (p.ids.length === 0) return { scores: {}, converged: true };
  const getEdgeWeight = opts.weight === 'evidence' ? 'weight' : null;
  for (const maxIterations of [100, 1000]) {
    try {
      return { scores: eigenvectorCentrality(p.graph, { getEdgeWeight, maxIterations, tolerance: 1e-6 }), converged: true };
    } catch {
      // did not converge; try again with more iterations
    }
  }
  return { scores: byId(p, new Float64Array(p.ids.length)), converged: false };
}

export interface CommunityResult {
  /** Community per node: 0 is the largest, then by size (ties: first node in snapshot order). */
  community: Record<string, number>;
  count: number;
  sizes: number[];
  modularity: number;
}

export function communities(p: Projection, opts: { seed?: number; resolution?: number; weight?: WeightMode } = {}): CommunityResult {
  const n = p.ids.length;
  let raw: Record<string, number>;
  let modularity = 0;
  if (p.ties === 0) {
    raw = byId(p, Int32Array.from({ length: n }, (_, i) => i));
  } else {
    const d = louvain.detailed(p.graph, {
      getEdgeWeight: opts.weight === 'evidence' ? 'weight' : null,
      resolution: opts.resolution ?? 1,
      rng: seededRandom(opts.seed ?? 1),
    });
    raw = d.communities;
    modularity = d.modularity;
  }
  // Renumber by size (largest first) so colours are stable and meaningful.
  const size = new Map<number, number>();
  const first = new Map<number, number>();
  p.ids.forEach((id, i) => {
    const c = raw[id]!;
    size.set(c, (size.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, i);
  });
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || first.get(a)! - first.get(b)!);
  const rank = new Map(order.map((c, i) => [c, i]));
  const community: Record<string, number> = {};
  for (const id of p.ids) community[id] = rank.get(raw[id]!)!;
  return { community, count: order.length, sizes: order.map((c) => size.get(c)!), modularity };
}

/** Core number of every node (Batagelj & Zaversnik 2003, O(m)) on the undirected projection. */
export function kCore(p: Projection): { core: Record<string, number>; maxCore: number } {
  const n = p.ids.length;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) {
    deg[i] = p.starts[i + 1]! - p.starts[i]!;
    if (deg[i]! > maxDeg) maxDeg = deg[i]!;
  }
  // Bucket sort by degree: vert in degree order, pos = index in vert, bin = first index of each degree.
  const bin = new Int32Array(maxDeg + 2);
  for (let i = 0; i < n; i++) bin[deg[i]!]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d]!;
    bin[d] = start;
    start += c;
  }
  const vert = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pos[i] = bin[deg[i]!]!;
    vert[pos[i]!] = i;
    bin[deg[i]!]!++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1]!;
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i]!;
    for (let j = p.starts[v]!, end = p.starts[v + 1]!; j < end; j++) {
      const u = p.adj[j]!;
      if (deg[u]! > deg[v]!) {
        // Move u to the front of its bucket, then shrink the bucket from the front.
        const du = deg[u]!;
        const pu = pos[u]!;
        const pw = bin[du]!;
        const w = vert[pw]!;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]!++;
        deg[u] = du - 1;
      }
    }
  }
  let maxCore = 0;
  for (let i = 0; i < n; i++) if (deg[i]! > maxCore) maxCore = deg[i]!;
  return { core: byId(p, deg), maxCore };
}

/** Connected components of the undirected projection; component 0 is the largest. */
export function components(p: Projection): { component: Record<string, number>; sizes: number[] } {
  const n = p.ids.length;
  const comp = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s]! >= 0) continue;
    const c = sizes.length;
    let qe = 0;
    queue[qe++] = s;
    comp[s] = c;
    for (let qh = 0; qh < qe; qh++) {
      const v = queue[qh]!;
      for (let j = p.starts[v]!, end = p.starts[v + 1]!; j < end; j++) {
        const w = p.adj[j]!;
        if (comp[w]! < 0) {
          comp[w] = c;
          queue[qe++] = w;
        }
      }
      if (p.directed) {
        for (let j = p.inStarts[v]!, end = p.inStarts[v + 1]!; j < end; j++) {
          const w = p.inAdj[j]!;
          if (comp[w]! < 0) {
            comp[w] = c;
            queue[qe++] = w;
          }
        }
      }
    }
    sizes.push(qe);
  }
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const rank = new Int32Array(sizes.length);
  order.forEach((c, i) => (rank[c] = i));
  const component: Record<string, number> = {};
  for (let i = 0; i < n; i++) component[p.ids[i]!] = rank[comp[i]!]!;
  return { component, sizes: order.map((c) => sizes[c]!) };
}

export interface BrokerRow {
  id: string;
  betweenness: number;
  /** Participation coefficient (Guimerà & Amaral 2005): 0 = all ties in one community, → 1 = spread evenly. */
  participation: number;
  /** Its own community. */
  community: number;
  /** The other communities its ties reach. */
  bridges: number[];
  /** betweenness × participation: on many shortest paths *and* between groups. */
  score: number;
}

/**
 * Brokers: entities with high betweenness whose ties span communities. Betweenness alone also ranks the hub
 * at the centre of one dense group; weighting by participation keeps those who connect groups.
 */
export function brokers(p: Projection, betweenness: Record<string, number>, community: Record<string, number>, opts: { limit?: number } = {}): BrokerRow[] {
  const rows: BrokerRow[] = [];
  for (let i = 0; i < p.ids.length; i++) {
    const id = p.ids[i]!;
    const k = p.starts[i + 1]! - p.starts[i]!;
    if (k === 0) continue;
    const per = new Map<number, number>();
    for (let j = p.starts[i]!, end = p.starts[i + 1]!; j < end; j++) {
      const c = community[p.ids[p.adj[j]!]!]!;
      per.set(c, (per.get(c) ?? 0) + 1);
    }
    let sum = 0;
    for (const v of per.values()) sum += (v / k) ** 2;
    const own = community[id]!;
    const bridges = [...per.keys()].filter((c) => c !== own).sort((a, b) => a - b);
    const participation = 1 - sum;
    const b = betweenness[id] ?? 0;
    if (bridges.length === 0 || b <= 0) continue;
    rows.push({ id, betweenness: b, participation, community: own, bridges, score: b * participation });
  }
  rows.sort((a, b) => b.score - a.score || b.betweenness - a.betweenness || (a.id < b.id ? -1 : 1));
  return rows.slice(0, opts.limit ?? 20);
}

/** Above this much work (nodes × ties), overview's 'auto' betweenness samples pivots instead of all sources. */
export const AUTO_EXACT_WORK = 50_000_000;

export type BetweennessMode = 'exact' | 'auto' | { samples: number };

export interface OverviewOptions {
  weight?: WeightMode;
  seed?: number;
  resolution?: number;
  betweenness?: BetweennessMode;
  sizeBy?: SizeMetric;
  /** For sizeBy 'money': which currency (default: the one with the largest total). */
  currency?: string;
  brokerLimit?: number;
}

export interface NodeMetrics {
  id: string;
  name: string;
  kind: string;
  roles: string[];
  isWitness: boolean;
  degree: number;
  inDegree: number;
  outDegree: number;
  undirectedDegree: number;
  neighbours: number;
  evidenceDegree: number;
  moneyIn: Record<string, number>;
  moneyOut: Record<string, number>;
  betweenness: number;
  eigenvector: number;
  community: number;
  core: number;
  component: number;
  participation: number;
  brokerScore: number;
}

/** The numeric columns of the analytics table, each ranked in the worker ("12th of 5,000" in a cell's tooltip). */
export const RANKED_METRICS = ['degree', 'inDegree', 'outDegree', 'neighbours', 'evidenceDegree', 'betweenness', 'eigenvector', 'community', 'core', 'brokerScore', 'participation'] as const;
export type RankedMetric = (typeof RANKED_METRICS)[number];

/** Dense ranks, highest first (equal values share a rank): for "12th of 5,000". */
export function denseRanks(values: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const out = new Int32Array(values.length);
  let rank = 0;
  let prev = NaN;
  for (const i of order) {
    const v = values[i]!;
    if (v !== prev) {
      rank++;
      prev = v;
    }
    out[i] = rank;
  }
  return out;
}

export interface OverviewResult {
  rows: NodeMetrics[];
  /**
   * Per numeric column, each row's dense rank (highest first), aligned with `rows`. Computed in the worker: the
   * table's tooltips needed eleven sorts of every row, 0.5 s of the page's main thread at 5k entities.
   */
  ranks: Record<RankedMetric, Int32Array>;
  /** For the view: size 0..1 (area-proportional to the chosen metric) and community for colour. */
  visual: Record<string, { size: number; community: number }>;
  brokers: BrokerRow[];
  summary: {
    nodes: number;
    links: number;
    ties: number;
    density: number;
    components: number;
    largestComponent: number;
    communities: number;
    communitySizes: number[];
    modularity: number;
    maxCore: number;
    eigenvectorConverged: boolean;
    betweenness: { approximate: boolean; sources: number };
    weight: WeightMode;
    seed: number;
    sizeBy: SizeMetric;
    currency: string | null;
  };
}

export interface OverviewProgress {
  stage: 'projection' | 'degree' | 'betweenness' | 'eigenvector' | 'communities' | 'cores' | 'brokers';
  done: number;
  total: number | null;
}

export function betweennessOptions(p: Projection, mode: BetweennessMode = 'exact', base: BetweennessOptions = {}): BetweennessOptions {
  const n = p.ids.length;
  if (mode === 'exact') return base;
  if (mode === 'auto') {
    if (n * Math.max(1, p.ties) <= AUTO_EXACT_WORK) return base;
    return { ...base, samples: Math.max(100, Math.floor(AUTO_EXACT_WORK / Math.max(1, p.ties))) };
  }
  return { ...base, samples: mode.samples };
}

/** Size values 0..1, area-proportional (sqrt of value / max) so a node twice as central is twice the area. */
export function sizes(values: Record<string, number>): Record<string, number> {
  let max = 0;
  for (const v of Object.values(values)) if (v > max) max = v;
  const out: Record<string, number> = {};
  for (const [id, v] of Object.entries(values)) out[id] = max > 0 && v > 0 ? Math.sqrt(v / max) : 0;
  return out;
}

/** Everything the graph view and the table show, in stages (the worker yields between them). */
export function* overviewSteps(g: CaseGraph, opts: OverviewOptions = {}, given?: { projection?: Projection }): Generator<OverviewProgress, OverviewResult> {
  const weight = opts.weight ?? 'none';
  const seed = opts.seed ?? 1;
  yield { stage: 'projection', done: 0, total: null };
  const p = given?.projection ?? project(g);
  yield { stage: 'degree', done: 0, total: null };
  const deg = degrees(g);
  const bopts = betweennessOptions(p, opts.betweenness ?? 'auto', { weighted: weight === 'evidence', seed });
  const it = betweennessSteps(p, bopts);
  let bcArr: Float64Array;
  for (;;) {
    const r = it.next();
    if (r.done) {
      bcArr = r.value;
      break;
    }
    yield { stage: 'betweenness', done: r.value.done, total: r.value.total };
  }
  const bc = byId(p, bcArr);
  yield { stage: 'eigenvector', done: 0, total: null };
  const eig = eigenvector(p, { weight });
  yield { stage: 'communities', done: 0, total: null };
  const com = communities(p, { seed, resolution: opts.resolution ?? 1, weight });
  yield { stage: 'cores', done: 0, total: null };
  const cores = kCore(p);
  const comps = components(p);
  yield { stage: 'brokers', done: 0, total: null };
  const allBrokers = brokers(p, bc, com.community, { limit: Number.MAX_SAFE_INTEGER });
  const brokerById = new Map(allBrokers.map((b) => [b.id, b]));

  const rows: NodeMetrics[] = p.ids.map((id) => {
    const a = g.getNodeAttributes(id);
    const d = deg[id]!;
    const b = brokerById.get(id);
    return {
      id,
      name: a.name,
      kind: a.kind,
      roles: a.roles,
      isWitness: a.isWitness,
      degree: d.total,
      inDegree: d.in,
      outDegree: d.out,
      undirectedDegree: d.undirected,
      neighbours: d.neighbours,
      evidenceDegree: d.evidence,
      moneyIn: d.moneyIn,
      moneyOut: d.moneyOut,
      betweenness: bc[id]!,
      eigenvector: eig.scores[id] ?? 0,
      community: com.community[id]!,
      core: cores.core[id]!,
      component: comps.component[id]!,
      participation: b?.participation ?? 0,
      brokerScore: b?.score ?? 0,
    };
  });

  // Money sizes need one currency: the asked one, else the one that moved most.
  let currency: string | null = opts.currency ?? null;
  if (opts.sizeBy === 'money' && currency === null) {
    const tot = new Map<string, number>();
    for (const r of rows) for (const [c, v] of Object.entries(r.moneyOut)) tot.set(c, (tot.get(c) ?? 0) + v);
    currency = [...tot].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
  }
  const sizeBy = opts.sizeBy ?? 'betweenness';
  const metric: Record<string, number> = {};
  for (const r of rows) {
    metric[r.id] =
      sizeBy === 'degree' ? r.degree
      : sizeBy === 'betweenness' ? r.betweenness
      : sizeBy === 'eigenvector' ? r.eigenvector
      : sizeBy === 'core' ? r.core
      : sizeBy === 'evidence' ? r.evidenceDegree
      : currency ? (r.moneyIn[currency] ?? 0) + (r.moneyOut[currency] ?? 0) : 0;
  }
  const size = sizes(metric);
  const visual: OverviewResult['visual'] = {};
  for (const r of rows) visual[r.id] = { size: size[r.id]!, community: r.community };
  rows.sort((x, y) => y.betweenness - x.betweenness || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

  const ranks = Object.fromEntries(RANKED_METRICS.map((k) => [k, denseRanks(rows.map((r) => r[k]))])) as OverviewResult['ranks'];

  const n = p.ids.length;
  return {
    rows,
    ranks,
    visual,
    brokers: allBrokers.slice(0, opts.brokerLimit ?? 20),
    summary: {
      nodes: n,
      links: g.size,
      ties: p.ties,
      density: n > 1 ? (2 * p.ties) / (n * (n - 1)) : 0,
      components: comps.sizes.length,
      largestComponent: comps.sizes[0] ?? 0,
      communities: com.count,
      communitySizes: com.sizes,
      modularity: com.modularity,
      maxCore: cores.maxCore,
      eigenvectorConverged: eig.converged,
      betweenness: { approximate: bopts.samples !== undefined && bopts.samples < n, sources: Math.min(n, bopts.samples ?? n) },
      weight,
      seed,
      sizeBy,
      currency,
    },
  };
}

export function overview(g: CaseGraph, opts: OverviewOptions = {}): OverviewResult {
  const it = overviewSteps(g, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** Betweenness by node id (runs to completion; the worker uses betweennessSteps for progress). */
export function betweenness(p: Projection, opts: BetweennessOptions = {}): Record<string, number> {
  const it = betweennessSteps(p, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return byId(p, r.value);
  }
}

export type SortKey = keyof Pick<NodeMetrics, 'name' | 'kind' | 'degree' | 'inDegree' | 'outDegree' | 'neighbours' | 'evidenceDegree' | 'betweenness' | 'eigenvector' | 'community' | 'core' | 'brokerScore' | 'participation'>;

/** Sort table rows by a column; ties by name, so the order is stable across runs. */
export function sortRows(rows: readonly NodeMetrics[], key: SortKey, dir: 'asc' | 'desc' = 'desc'): NodeMetrics[] {
  const sign = dir === 'asc' ? 1 : -1;
  const cmp = (a: NodeMetrics, b: NodeMetrics): number => {
    const x = a[key];
    const y = b[key];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c * sign || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  };
  return [...rows].sort(cmp);
}
