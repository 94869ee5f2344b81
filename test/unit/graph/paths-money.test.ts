/** Shortest and simple paths (bounds, direction, evidence weights) and money flow (currencies, intermediaries). */
import { allSimplePaths } from 'graphology-simple-path';
import { describe, expect, it } from 'vitest';
import { buildGraph, moneyFlow, project, shortestPath, simplePaths } from '../../../shared/graph/analytics';
import { claim, fromEdges, hexId, KARATE_EDGES, link, node, snapshot } from '../../helpers/graph-fixtures';

const ids = (...names: string[]) => names.map((n) => hexId(n));

describe('shortest path', () => {
  // A - B - C - D (weak links: single grade E source) and A - X - Y - Z - D (strong: two A1 sources each).
  const weak = [claim(['rumour', 'E', 5])];
  const strong = [claim(['panel', 'A', 1]), claim(['bank', 'A', 1])];
  const s = snapshot(
    ['A', 'B', 'C', 'D', 'X', 'Y', 'Z'].map((n) => node(n)),
    [
      link('A', 'B', { support: weak, id: hexId(0xab) }),
      link('B', 'C', { support: weak }),
      link('C', 'D', { support: weak }),
      link('A', 'X', { support: strong }),
      link('X', 'Y', { support: strong }),
      link('Y', 'Z', { support: strong }),
      link('Z', 'D', { support: strong }),
      link('A', 'B', { kind: 'family', support: strong, id: hexId(0xab2) }),
    ],
  );
  const g = buildGraph(s);

  it('finds the fewest hops, listing the links of each hop strongest first', () => {
    const p = shortestPath(g, project(g), hexId('A'), hexId('D'))!;
    expect(p.nodes).toEqual(ids('A', 'B', 'C', 'D'));
    expect(p.length).toBe(3);
    expect(p.links[0]).toEqual([hexId(0xab2), hexId(0xab)]); // family (strong) before associate (weak)
    expect(p.strength).toBeCloseTo(0.9639 * 0.04 * 0.04, 10); // best link per hop: 1-(1-.81)^2, then E5 = .2 × .2
  });

  it('with evidence weights, takes the longer chain that is more likely to be all true', () => {
    const p = shortestPath(g, project(g), hexId('A'), hexId('D'), { weight: 'evidence' })!;
    expect(p.nodes).toEqual(ids('A', 'X', 'Y', 'Z', 'D'));
    expect(p.strength).toBeCloseTo(0.9639 ** 4, 10);
  });

  it('follows direction only when asked, and returns null when there is no path', () => {
    const d = buildGraph(snapshot(['A', 'B', 'C'].map((n) => node(n)), [link('A', 'B', { kind: 'paid' }), link('C', 'B', { kind: 'paid' })]));
    expect(shortestPath(d, project(d), hexId('A'), hexId('C'))?.nodes).toEqual(ids('A', 'B', 'C'));
    expect(shortestPath(d, project(d, { directed: true }), hexId('A'), hexId('C'))).toBeNull();
    expect(shortestPath(d, project(d, { directed: true }), hexId('A'), hexId('B'))?.nodes).toEqual(ids('A', 'B'));
  });
});

describe('all simple paths', () => {
  it('equals graphology-simple-path on the karate club, shortest first', () => {
    const g = buildGraph(fromEdges(34, KARATE_EDGES));
    const p = project(g);
    const r = simplePaths(g, p, hexId(0), hexId(33), { maxLength: 3, maxPaths: 10_000 });
    const ref = allSimplePaths(p.graph, hexId(0), hexId(33), { maxDepth: 3 });
    expect(r.truncated).toBe(false);
    expect(r.paths.map((x) => x.nodes.join('>')).sort()).toEqual(ref.map((x) => x.join('>')).sort());
    expect(r.paths.length).toBeGreaterThan(10);
    const lengths = r.paths.map((x) => x.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('counts paths by length on a complete graph and honours the length and count bounds', () => {
    // K6 between two nodes: 1 path of length 1, 4 of length 2, 4·3 = 12 of length 3, 24 of length 4, 24 of 5.
    const edges: [number, number][] = [];
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) edges.push([i, j]);
    const g = buildGraph(fromEdges(6, edges));
    const p = project(g);
    const all = simplePaths(g, p, hexId(0), hexId(5), { maxLength: 5, maxPaths: 1000 });
    const byLength = [1, 2, 3, 4, 5].map((L) => all.paths.filter((x) => x.length === L).length);
    expect(byLength).toEqual([1, 4, 12, 24, 24]);
    expect(all.truncated).toBe(false);
    expect(simplePaths(g, p, hexId(0), hexId(5), { maxLength: 2 }).paths).toHaveLength(5);
    const capped = simplePaths(g, p, hexId(0), hexId(5), { maxLength: 5, maxPaths: 10 });
    expect(capped.truncated).toBe(true);
    expect(capped.paths).toHaveLength(10);
    // The bound keeps the shortest: all of lengths 1 and 2, then 5 of length 3.
    expect(capped.paths.map((x) => x.length)).toEqual([1, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    const stepped = simplePaths(g, p, hexId(0), hexId(5), { maxLength: 5, maxPaths: 1000, maxSteps: 20 });
    expect(stepped.truncated).toBe(true);
    expect(stepped.paths.length).toBeLessThan(65);
  });

  it('never passes through the target and respects direction', () => {
    const g = buildGraph(snapshot(['A', 'B', 'C'].map((n) => node(n)), [link('A', 'B', { kind: 'paid' }), link('B', 'C', { kind: 'paid' }), link('A', 'C', { kind: 'paid' })]));
    expect(simplePaths(g, project(g, { directed: true }), hexId('A'), hexId('C')).paths.map((x) => x.nodes)).toEqual([ids('A', 'C'), ids('A', 'B', 'C')]);
    expect(simplePaths(g, project(g, { directed: true }), hexId('C'), hexId('A')).paths).toEqual([]);
    expect(simplePaths(g, project(g), hexId('A'), hexId('B')).paths.map((x) => x.nodes)).toEqual([ids('A', 'B'), ids('A', 'C', 'B')]);
  });
});

describe('money flow', () => {
  const pay = (a: string, b: string, amount: number | null, currency: string | null, date?: string, kind: 'paid' | 'finances' = 'paid') =>
    link(a, b, {
      kind,
      ...(amount !== null ? { money: currency ? { amount, currency } : { amount } } : {}),
      ...(date ? { date: { value: date } } : {}),
    });
  const people = ['A', 'A2', 'X', 'Y', 'Z', 'P', 'Q', 'B1', 'B2', 'N'].map((n) => node(n));
  const s = snapshot(people, [
    pay('A', 'X', 100, 'USD', '2017-01'),
    pay('X', 'B1', 60, 'USD', '2017-03'),
    pay('X', 'B2', 60, 'USD', '2017-04'),
    pay('A', 'B1', 30, 'USD', '2017-02'),
    pay('A', 'Y', 500, 'EUR', '2018'),
    pay('Y', 'B2', 200, 'EUR', '2018', 'finances'),
    pay('A', 'Z', 1000, 'LYD', '2016'),
    pay('Z', 'B1', 50, 'USD', '2016'),
    pay('A', 'P', 10, 'USD'),
    pay('P', 'Q', 10, 'USD'),
    pay('Q', 'B1', 10, 'USD'),
    pay('A2', 'B2', 7, 'USD'),
    pay('A', 'A2', 1000, 'USD'),
    pay('N', 'B1', null, null),
    pay('A', 'N', 3, null),
    link('B1', 'A', { kind: 'associate' }), // not a money link
  ]);
  const g = buildGraph(s);

  it('totals per currency by maximum flow, never summing shared links twice, and lists the paths', () => {
    const r = moneyFlow(g, [hexId('A'), hexId('A2')], [hexId('B1'), hexId('B2')], { maxDepth: 2 });
    // USD: direct 30 + 7; through X at most 100 (not 60 + 60 = 120). EUR: 200 through Y. LYD → USD is not summed.
    expect(r.totals.USD).toEqual({ direct: 37, viaIntermediaries: 100, total: 137 });
    expect(r.totals.EUR).toEqual({ direct: 0, viaIntermediaries: 200, total: 200 });
    expect(r.totals.LYD).toBeUndefined();
    const viaX = r.paths.filter((p) => p.nodes[1] === hexId('X'));
    expect(viaX.map((p) => p.bottleneck)).toEqual([60, 60]);
    expect(r.direct.map((h) => h.amount).sort()).toEqual([30, 7]);
    const mixed = r.paths.find((p) => p.nodes[1] === hexId('Z'))!;
    expect(mixed).toMatchObject({ currency: null, bottleneck: null });
    // Money passing through A2 (a member of the payer group) is not flow from the group.
    expect(r.paths.some((p) => p.nodes.slice(1).includes(hexId('A2')))).toBe(false);
    // The three-hop chain through P and Q is beyond depth 2.
    expect(r.paths.some((p) => p.nodes.includes(hexId('P')))).toBe(false);
    expect(r.intermediaries[0]).toEqual({ id: hexId('X'), paths: 2 });
    expect(r.unknownAmounts).toBe(2); // A -> N (no currency), N -> B1 (no amount)
  });

  it('reaches further with a deeper bound, and treats a group of payers as one side', () => {
    // From A alone: + P -> Q -> B1 (10) at depth 3, and A2 is now an intermediary (A -> A2 -> B2: 7).
    const deep = moneyFlow(g, [hexId('A')], [hexId('B1'), hexId('B2')], { maxDepth: 3 });
    expect(deep.totals.USD).toEqual({ direct: 30, viaIntermediaries: 117, total: 147 });
    const group = moneyFlow(g, [hexId('A'), hexId('A2')], [hexId('B2')], { maxDepth: 3 });
    expect(group.totals.USD).toEqual({ direct: 7, viaIntermediaries: 60, total: 67 });
  });

  it('drops a hop that certainly happened before the money arrived, unless told not to', () => {
    const late = snapshot(['A', 'X', 'B'].map((n) => node(n)), [pay('A', 'X', 100, 'USD', '2018-05'), pay('X', 'B', 80, 'USD', '2017-01'), pay('X', 'B', 20, 'USD')]);
    const lg = buildGraph(late);
    expect(moneyFlow(lg, [hexId('A')], [hexId('B')]).totals.USD!.total).toBe(20); // only the undated hop
    expect(moneyFlow(lg, [hexId('A')], [hexId('B')], { chronological: false }).totals.USD!.total).toBe(100);
  });

  it('bounds the number of paths', () => {
    const r = moneyFlow(g, [hexId('A')], [hexId('B1'), hexId('B2')], { maxDepth: 3, maxPaths: 2 });
    expect(r.truncated).toBe(true);
    expect(r.paths).toHaveLength(2);
  });
});
