/**
 * Centrality, communities and cores against two kinds of reference:
 *  - hand-checked values on textbook graphs (path, star, two triangles joined by a bridge) and published
 *    values for Zachary's karate club (networkx 3.6.1: betweenness_centrality, eigenvector_centrality,
 *    core_number; the best known Louvain modularity is 0.4198);
 *  - graphology-metrics / graphology-communities-louvain called directly on the same projection of fixture
 *    graphs, where graphology is the reference implementation.
 */
import { DirectedGraph } from 'graphology';
import betweennessReference from 'graphology-metrics/centrality/betweenness.js';
import eigenvectorReference from 'graphology-metrics/centrality/eigenvector.js';
import modularity from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { AUTO_EXACT_WORK, betweenness, betweennessArray, betweennessOptions, brokers, buildGraph, communities, components, degrees, eigenvector, kCore, overview, project, sortRows, type Projection } from '../../../shared/graph/analytics';
import { seededRandom } from '../../../shared/graph/rng';
import { clusteredNetwork, fromEdges, hexId, KARATE_EDGES, claim, link, node, snapshot } from '../../helpers/graph-fixtures';

const karate = () => project(buildGraph(fromEdges(34, KARATE_EDGES)));
const at = (scores: Record<string, number>, i: number) => scores[hexId(i)]!;

describe('betweenness', () => {
  it('matches hand-computed values on a path, a star and two triangles joined by a bridge', () => {
    // Path 0-1-2-3-4: node 1 lies on the paths 0-2, 0-3, 0-4 (3); node 2 on 0-3, 0-4, 1-3, 1-4 (4).
    const path = betweenness(project(buildGraph(fromEdges(5, [[0, 1], [1, 2], [2, 3], [3, 4]]))), { normalized: false });
    expect([0, 1, 2, 3, 4].map((i) => at(path, i))).toEqual([0, 3, 4, 3, 0]);
    // Normalised by the number of pairs not involving the node, (n-1)(n-2)/2 = 6.
    const pathN = betweenness(project(buildGraph(fromEdges(5, [[0, 1], [1, 2], [2, 3], [3, 4]]))));
    expect(at(pathN, 2)).toBeCloseTo(4 / 6, 12);

    // Star: the centre is on every one of the C(4,2) = 6 leaf-leaf paths, normalised 1.
    const star = betweenness(project(buildGraph(fromEdges(5, [[0, 1], [0, 2], [0, 3], [0, 4]]))));
    expect(at(star, 0)).toBe(1);
    expect(at(star, 3)).toBe(0);

    // Triangles {0,1,2} and {3,4,5} joined by 2-3: each of 2 and 3 carries the 3 × 3 cross pairs except its own:
    // node 2 is on paths from 0 and 1 to 3, 4, 5 = 6 pairs; normalised by 10.
    const bow = betweenness(project(buildGraph(fromEdges(6, [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]]))));
    [0, 0, 0.6, 0.6, 0, 0].forEach((v, i) => expect(at(bow, i)).toBeCloseTo(v, 12));
  });

  it('splits shortest paths evenly between equal alternatives (a 4-cycle)', () => {
    // 0-1-2-3-0: the pair (0,2) has two shortest paths, via 1 and via 3, so each gets 1/2.
    const c4 = betweenness(project(buildGraph(fromEdges(4, [[0, 1], [1, 2], [2, 3], [3, 0]]))), { normalized: false });
    expect([0, 1, 2, 3].map((i) => at(c4, i))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("agrees with networkx on Zachary's karate club", () => {
    const bc = betweenness(karate());
    expect(at(bc, 0)).toBeCloseTo(0.4376352814, 9);
    expect(at(bc, 33)).toBeCloseTo(0.3040749759, 9);
    expect(at(bc, 32)).toBeCloseTo(0.145247114, 9);
    expect(at(bc, 2)).toBeCloseTo(0.1436568062, 9);
    expect(at(bc, 31)).toBeCloseTo(0.1382756133, 9);
    expect(at(bc, 1)).toBeCloseTo(0.0539366883, 9);
  });

  it('agrees with graphology-metrics on a clustered fixture network: unweighted, weighted and directed', () => {
    const g = buildGraph(clusteredNetwork(700, 2100, 7));
    const und = project(g);
    const check = (mine: Record<string, number>, ref: Record<string, number>) => {
      let worst = 0;
      for (const id of Object.keys(ref)) worst = Math.max(worst, Math.abs(mine[id]! - ref[id]!));
      expect(worst).toBeLessThan(1e-12);
      expect(Object.keys(mine).length).toBe(Object.keys(ref).length);
    };
    check(betweenness(und), betweennessReference(und.graph, { getEdgeWeight: null }));
    check(betweenness(und, { weighted: true }), betweennessReference(und.graph, { getEdgeWeight: 'cost' }));
    const dir = project(g, { directed: true });
    expect(dir.graph).toBeInstanceOf(DirectedGraph);
    check(betweenness(dir), betweennessReference(dir.graph, { getEdgeWeight: null }));
    check(betweenness(dir, { weighted: true }), betweennessReference(dir.graph, { getEdgeWeight: 'cost' }));
  });

  it('counts leaves exactly although they are not run as sources (trees, pairs, stars of stars)', () => {
    // A random tree (half its nodes are leaves), a separate pair, and a star whose centre has only leaves.
    const rnd = seededRandom(4);
    const edges: [number, number][] = [];
    for (let i = 1; i < 60; i++) edges.push([Math.floor(rnd() * i), i]);
    edges.push([60, 61], [62, 63], [62, 64], [62, 65]);
    const p = project(buildGraph(fromEdges(66, edges)));
    const ref = betweennessReference(p.graph, { getEdgeWeight: null });
    const mine = betweenness(p);
    for (const id of p.ids) expect(mine[id]).toBeCloseTo(ref[id]!, 12);
    const refW = betweennessReference(p.graph, { getEdgeWeight: 'cost' });
    const mineW = betweenness(p, { weighted: true });
    for (const id of p.ids) expect(mineW[id]).toBeCloseTo(refW[id]!, 12);
    expect(at(betweenness(p, { normalized: false }), 62)).toBe(3); // the star's centre: C(3,2) leaf pairs
  });

  it('treats parallel links as one tie and ignores direction by default', () => {
    // A-B-C with two links A->B (paid, finances) and C->B: B is on the one A..C path, counted once.
    const s = snapshot([node('A'), node('B'), node('C')], [link('A', 'B', { kind: 'paid' }), link('A', 'B', { kind: 'finances' }), link('C', 'B', { kind: 'member_of' })]);
    const p = project(buildGraph(s));
    expect(p.ties).toBe(2);
    expect(betweenness(p, { normalized: false })[hexId('B')]).toBe(1);
    // Following direction, A->B<-C has no path between A and C at all.
    expect(betweenness(project(buildGraph(s), { directed: true }), { normalized: false })[hexId('B')]).toBe(0);
    // An undirected link B-A is travelled both ways: C->B-A puts B on the path from C to A.
    const s2 = snapshot(s.nodes, [link('A', 'B', { kind: 'associate' }), link('C', 'B', { kind: 'member_of' })]);
    expect(betweenness(project(buildGraph(s2), { directed: true }), { normalized: false })[hexId('B')]).toBe(1);
  });

  it('estimates from seeded pivots, reproducibly, and is exact when every node is a pivot', () => {
    const p = project(buildGraph(clusteredNetwork(400, 1200, 3)));
    const exact = betweennessArray(p);
    expect(betweennessArray(p, { samples: 400 })).toEqual(exact);
    const a = betweennessArray(p, { samples: 100, seed: 5 });
    expect(betweennessArray(p, { samples: 100, seed: 5 })).toEqual(a);
    expect(betweennessArray(p, { samples: 100, seed: 6 })).not.toEqual(a);
    // An unbiased estimate: the totals agree within a few percent.
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    expect(Math.abs(sum(a) - sum(exact)) / sum(exact)).toBeLessThan(0.15);
  });
});

describe('eigenvector centrality', () => {
  it("agrees with networkx on the karate club and with graphology-metrics on a fixture", () => {
    const { scores, converged } = eigenvector(karate());
    expect(converged).toBe(true);
    expect(at(scores, 33)).toBeCloseTo(0.373363, 4);
    expect(at(scores, 0)).toBeCloseTo(0.355491, 4);
    expect(at(scores, 2)).toBeCloseTo(0.317193, 4);
    expect(at(scores, 32)).toBeCloseTo(0.308644, 4);
    const p = project(buildGraph(clusteredNetwork(500, 1500, 9)));
    expect(eigenvector(p).scores).toEqual(eigenvectorReference(p.graph, { getEdgeWeight: null, maxIterations: 100, tolerance: 1e-6 }));
    expect(eigenvector(p, { weight: 'evidence' }).scores).toEqual(eigenvectorReference(p.graph, { getEdgeWeight: 'weight', maxIterations: 100, tolerance: 1e-6 }));
  });

  it('converges on a bipartite star (power iteration on I + A) and ranks the centre first', () => {
    const { scores, converged } = eigenvector(project(buildGraph(fromEdges(5, [[0, 1], [0, 2], [0, 3], [0, 4]]))));
    expect(converged).toBe(true);
    // Star K1,4: the principal eigenvector is (2, 1, 1, 1, 1) up to scale.
    expect(at(scores, 0) / at(scores, 1)).toBeCloseTo(2, 4);
    expect(at(scores, 1)).toBeCloseTo(at(scores, 4), 9);
  });
});

describe('communities (Louvain)', () => {
  it('finds the karate club communities with near-optimal modularity, reproducibly for a seed', () => {
    const p = karate();
    const r = communities(p, { seed: 1 });
    expect(r.count).toBeGreaterThanOrEqual(3);
    expect(r.count).toBeLessThanOrEqual(5);
    expect(r.modularity).toBeGreaterThan(0.41);
    expect(r.modularity).toBeLessThanOrEqual(0.41979 + 1e-9); // the known optimum
    // The reported modularity is the partition's, as graphology-metrics computes it.
    expect(modularity(p.graph, { getNodeCommunity: (id) => r.community[id]!, getEdgeWeight: null })).toBeCloseTo(r.modularity, 10);
    // Same seed, same partition; numbered by size.
    expect(communities(p, { seed: 1 })).toEqual(r);
    expect([...r.sizes]).toEqual([...r.sizes].sort((a, b) => b - a));
    // Each community lies (almost) within one side of the club's historical split.
    const officer = new Set([9, 14, 15, 18, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]);
    let agree = 0;
    for (let c = 0; c < r.count; c++) {
      const members = [...Array(34).keys()].filter((i) => r.community[hexId(i)] === c);
      const o = members.filter((i) => officer.has(i)).length;
      agree += Math.max(o, members.length - o);
    }
    expect(agree / 34).toBeGreaterThanOrEqual(0.9);
  });

  it('separates two cliques joined by one tie, and leaves isolated nodes on their own', () => {
    const edges: [number, number][] = [];
    for (const base of [0, 5]) for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) edges.push([base + i, base + j]);
    edges.push([4, 5]);
    const r = communities(project(buildGraph(fromEdges(11, edges))));
    expect(r.count).toBe(3);
    expect(new Set([0, 1, 2, 3, 4].map((i) => r.community[hexId(i)]))).toEqual(new Set([r.community[hexId(0)]]));
    expect(new Set([5, 6, 7, 8, 9].map((i) => r.community[hexId(i)]))).toEqual(new Set([r.community[hexId(9)]]));
    expect(r.community[hexId(0)]).not.toBe(r.community[hexId(9)]);
    expect(r.sizes).toEqual([5, 5, 1]);
    expect(r.community[hexId(10)]).toBe(2);
    // No ties at all: every node alone, modularity 0.
    expect(communities(project(buildGraph(fromEdges(3, []))))).toMatchObject({ count: 3, modularity: 0 });
  });
});

/** Reference k-core: repeatedly delete nodes of degree < k (the definition), for every k. */
function naiveCores(n: number, edges: readonly (readonly [number, number])[]): number[] {
  const adj = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges) {
    adj[a]!.add(b);
    adj[b]!.add(a);
  }
  const core = new Array<number>(n).fill(0);
  for (let k = 1; ; k++) {
    const alive = new Set([...Array(n).keys()]);
    let changed = true;
    while (changed) {
      changed = false;
      for (const v of alive) {
        if ([...adj[v]!].filter((u) => alive.has(u)).length < k) {
          alive.delete(v);
          changed = true;
        }
      }
    }
    if (alive.size === 0) return core;
    for (const v of alive) core[v] = k;
  }
}

describe('k-core', () => {
  it('matches networkx core numbers on the karate club', () => {
    const expected = [4, 4, 4, 4, 3, 3, 3, 4, 4, 2, 3, 1, 2, 4, 2, 2, 2, 2, 2, 3, 2, 2, 2, 3, 3, 3, 2, 3, 3, 3, 4, 3, 4, 4];
    const { core, maxCore } = kCore(karate());
    expect([...Array(34).keys()].map((i) => at(core, i))).toEqual(expected);
    expect(maxCore).toBe(4);
  });

  it('finds K4 as the 3-core of a K4 with a triangle, a tail and an isolated node', () => {
    // K4 {0,1,2,3}; triangle {3,4,5}... 4-5 also tied to 3; tail 5-6-7; node 8 alone.
    const edges: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [3, 4], [4, 5], [3, 5], [5, 6], [6, 7]];
    const { core } = kCore(project(buildGraph(fromEdges(9, edges))));
    expect([...Array(9).keys()].map((i) => at(core, i))).toEqual([3, 3, 3, 3, 2, 2, 1, 1, 0]);
  });

  it('agrees with the peeling definition on a fixture network', () => {
    const s = clusteredNetwork(300, 900, 11);
    const index = new Map(s.nodes.map((n, i) => [n.id, i]));
    const edges = s.links.map((l) => [index.get(l.source)!, index.get(l.target)!] as const);
    const { core } = kCore(project(buildGraph(s)));
    expect(s.nodes.map((n) => core[n.id])).toEqual(naiveCores(s.nodes.length, edges));
  });
});

describe('degree, brokers, overview', () => {
  it('counts links on the multigraph: in, out, undirected, neighbours, evidence and money per currency', () => {
    const s = snapshot(
      [node('A'), node('B'), node('C')],
      [
        link('A', 'B', { kind: 'paid', money: { amount: 100, currency: 'USD' }, support: [claim(['panel', 'A', 1])] }),
        link('A', 'B', { kind: 'paid', money: { amount: 50, currency: 'EUR' } }),
        link('C', 'A', { kind: 'finances', money: { amount: 7, currency: 'USD' } }),
        link('A', 'C', { kind: 'associate' }),
        link('B', 'C', { kind: 'paid', money: { amount: 5 } }), // no currency: not summed
      ],
    );
    const d = degrees(buildGraph(s));
    expect(d[hexId('A')]).toMatchObject({ in: 1, out: 2, undirected: 1, total: 4, neighbours: 2, moneyOut: { USD: 100, EUR: 50 }, moneyIn: { USD: 7 } });
    expect(d[hexId('A')]!.evidence).toBeCloseTo(0.81, 12); // A1 = 0.9 × 0.9
    expect(d[hexId('B')]).toMatchObject({ in: 2, out: 1, undirected: 0, total: 3, neighbours: 2, moneyIn: { USD: 100, EUR: 50 }, moneyOut: {} });
  });

  it('ranks the entity that bridges two groups as the first broker, not the hub inside one', () => {
    // Clique P0..P5 with a hub P0 tied to 4 leaves; clique Q0..Q4; X tied to P1, P2, Q1, Q2.
    const names = [...['P0', 'P1', 'P2', 'P3', 'P4', 'P5'], ...['Q0', 'Q1', 'Q2', 'Q3', 'Q4'], 'X', 'L1', 'L2', 'L3', 'L4'];
    const links = [];
    for (const group of [['P0', 'P1', 'P2', 'P3', 'P4', 'P5'], ['Q0', 'Q1', 'Q2', 'Q3', 'Q4']]) {
      for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) links.push(link(group[i]!, group[j]!));
    }
    for (const t of ['P1', 'P2', 'Q1', 'Q2']) links.push(link('X', t));
    for (const l of ['L1', 'L2', 'L3', 'L4']) links.push(link('P0', l));
    const g = buildGraph(snapshot(names.map((n) => node(n)), links));
    const p = project(g);
    const bc = betweenness(p);
    const com = communities(p);
    const top = brokers(p, bc, com.community);
    expect(top[0]!.id).toBe(hexId('X'));
    expect(top[0]!.bridges.length).toBeGreaterThanOrEqual(1);
    // P0 has high betweenness (its leaves) but its ties stay in its group, or nearly: it ranks below X.
    expect(bc[hexId('P0')]).toBeGreaterThan(0);
    expect(top.findIndex((b) => b.id === hexId('P0'))).not.toBe(0);
  });

  it('gives the view sizes and colours and the table sortable rows', () => {
    const s = fromEdges(6, [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]]);
    const o = overview(buildGraph(s), { sizeBy: 'betweenness' });
    expect(o.summary).toMatchObject({ nodes: 6, links: 7, ties: 7, components: 1, maxCore: 2, communities: 2, betweenness: { approximate: false, sources: 6 } });
    expect(o.visual[hexId(2)]).toEqual({ size: 1, community: o.rows.find((r) => r.id === hexId(2))!.community });
    expect(o.visual[hexId(0)]!.size).toBe(0);
    expect(o.rows.slice(0, 2).map((r) => r.id).sort()).toEqual([hexId(2), hexId(3)]);
    const byName = sortRows(o.rows, 'name', 'asc').map((r) => r.name);
    expect(byName).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(sortRows(o.rows, 'core', 'desc')[0]!.core).toBe(2);
    expect(components(project(buildGraph(fromEdges(5, [[0, 1], [2, 3]])))).sizes).toEqual([2, 2, 1]);
  });

  it('samples betweenness in auto mode only above the work budget', () => {
    const small = overview(buildGraph(clusteredNetwork(300, 900, 1)));
    expect(small.summary.betweenness).toEqual({ approximate: false, sources: 300 });
    // 10k nodes × 30k ties is 6× the budget: about a sixth of the sources, seeded.
    const big = { ids: { length: 10_000 }, ties: 30_000 } as unknown as Projection;
    expect(betweennessOptions(big, 'auto', { seed: 3 })).toEqual({ seed: 3, samples: Math.floor(AUTO_EXACT_WORK / 30_000) });
    expect(betweennessOptions(big, 'exact')).toEqual({});
    expect(betweennessOptions(big, { samples: 50 })).toEqual({ samples: 50 });
  });
});
