/**
 * Exploring a large network (shared/graph/explore.ts): neighbourhoods, the top-N start set, and meta-nodes by
 * community, kind, organisation and country with counts and money. Expected values are worked out here from the
 * fixtures' edge lists, not read back from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { communities } from '../../../shared/graph/analytics';
import { buildGraph } from '../../../shared/graph/build-graph';
import { foldCap, groupId, groupKeys, MAX_GROUPS, metaGraph, neighbourhood, topEntities } from '../../../shared/graph/explore';
import { project } from '../../../shared/graph/projection';
import { clusteredNetwork, fromEdges, hexId, KARATE_EDGES, link, node, snapshot } from '../../helpers/graph-fixtures';

/** Two organisations; people who are members; a payment inside each, one between them; a loner. */
function orgCase() {
  const nodes = [
    node('Brigade', { kind: 'armed_group', countries: ['ly'] }),
    node('Trading Co', { kind: 'company', countries: ['ae'] }),
    node('Amir', { nationality: ['ly'] }),
    node('Basel', { nationality: ['ly'] }),
    node('Chidi', { nationality: ['ng'] }),
    node('Dawit', { nationality: ['er'] }),
    node('Loner'),
  ];
  const links = [
    link('Amir', 'Brigade', { kind: 'member_of' }),
    link('Basel', 'Brigade', { kind: 'member_of' }),
    link('Chidi', 'Trading Co', { kind: 'member_of' }),
    link('Dawit', 'Trading Co', { kind: 'acted_for' }),
    link('Amir', 'Basel', { kind: 'paid', money: { amount: 1000, currency: 'USD' } }),
    link('Amir', 'Basel', { kind: 'paid', money: { amount: 500, currency: 'USD' } }),
    link('Chidi', 'Dawit', { kind: 'paid', money: { amount: 700, currency: 'EUR' } }),
    link('Basel', 'Chidi', { kind: 'paid', money: { amount: 250, currency: 'USD' } }),
    link('Dawit', 'Loner', { kind: 'associate' }),
  ];
  return buildGraph(snapshot(nodes, links));
}

describe('neighbourhood', () => {
  it('grows by depth and keeps only links among the entities reached', () => {
    const g = buildGraph(fromEdges(6, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [0, 5]]));
    const one = neighbourhood(g, [hexId(0)], 1);
    expect(new Set(one.nodes)).toEqual(new Set([0, 1, 5].map(hexId)));
    expect(new Set(one.added)).toEqual(new Set([1, 5].map(hexId)));
    expect(one.links).toHaveLength(2); // 0–1 and 0–5; 1 and 5 are not linked
    const two = neighbourhood(g, [hexId(0)], 2);
    expect(new Set(two.nodes)).toEqual(new Set([0, 1, 2, 4, 5].map(hexId)));
    expect(two.links).toHaveLength(4);
    expect(() => neighbourhood(g, [hexId(99)])).toThrow(/not in the graph/);
  });

  it('agrees with a brute-force scan on a clustered network', () => {
    const s = clusteredNetwork(800, 2400, 7);
    const g = buildGraph(s);
    const start = [s.nodes[3]!.id, s.nodes[400]!.id];
    const r = neighbourhood(g, start, 1);
    const want = new Set(start);
    for (const l of s.links) {
      if (start.includes(l.source)) want.add(l.target);
      if (start.includes(l.target)) want.add(l.source);
    }
    expect(new Set(r.nodes)).toEqual(want);
    expect(new Set(r.links)).toEqual(new Set(s.links.filter((l) => want.has(l.source) && want.has(l.target)).map((l) => l.id)));
  });
});

describe('meta-nodes', () => {
  it('groups by organisation membership with counts, internal links and money per currency', () => {
    const g = orgCase();
    const m = metaGraph(g, 'organisation');
    const brigade = m.groups.find((x) => x.key === hexId('Brigade'))!;
    const trading = m.groups.find((x) => x.key === hexId('Trading Co'))!;
    const none = m.groups.find((x) => x.key === 'none')!;
    expect(brigade).toMatchObject({ label: 'Brigade', count: 3, internalLinks: 4, money: { USD: 1500 } });
    expect(trading).toMatchObject({ label: 'Trading Co', count: 3, internalLinks: 3, money: { EUR: 700 } });
    expect(none).toMatchObject({ count: 1, internalLinks: 0, money: {} });
    expect(m.nodes).toEqual([]);
    // Between groups: Basel→Chidi (250 USD), Dawit–Loner.
    const between = (a: string, b: string) => m.metaLinks.find((l) => new Set([l.source, l.target]).size === 2 && [l.source, l.target].sort().join() === [a, b].sort().join());
    expect(between(brigade.id, trading.id)).toMatchObject({ count: 1, money: { USD: 250 } });
    expect(between(trading.id, none.id)).toMatchObject({ count: 1, money: {} });
    expect(m.metaLinks).toHaveLength(2);
  });

  it('opens a group: its members drawn one by one, linked to the closed groups by aggregated links', () => {
    const g = orgCase();
    const m = metaGraph(g, 'organisation', { open: [hexId('Brigade')] });
    expect(new Set(m.nodes)).toEqual(new Set(['Brigade', 'Amir', 'Basel'].map(hexId)));
    expect(m.open).toEqual([{ id: groupId('organisation', hexId('Brigade')), key: hexId('Brigade'), label: 'Brigade', count: 3 }]);
    expect(m.links).toHaveLength(4); // the two memberships and the two payments
    const trading = groupId('organisation', hexId('Trading Co'));
    expect(m.metaLinks.find((l) => l.source === hexId('Basel') || l.target === hexId('Basel'))).toMatchObject({ count: 1, money: { USD: 250 } });
    expect(m.metaLinks.some((l) => l.source === trading || l.target === trading)).toBe(true);
    expect(m.groupOf[hexId('Amir')]).toBe(groupId('organisation', hexId('Brigade')));
  });

  it('groups by kind and by country (place first, then nationality)', () => {
    const g = orgCase();
    const kinds = metaGraph(g, 'kind');
    expect(Object.fromEntries(kinds.groups.map((x) => [x.key, x.count]))).toEqual({ person: 5, armed_group: 1, company: 1 });
    const countries = metaGraph(g, 'country');
    expect(Object.fromEntries(countries.groups.map((x) => [x.key, x.count]))).toEqual({ ly: 3, ae: 1, ng: 1, er: 1, unknown: 1 });
    // Past maxGroups the smallest fold into one.
    const folded = metaGraph(g, 'country', { maxGroups: 3 });
    expect(Object.fromEntries(folded.groups.map((x) => [x.key, x.count]))).toEqual({ ly: 3, ae: 1, other: 3 });
  });

  it('the community overview covers every entity and link once, and stays small', () => {
    const s = clusteredNetwork(4000, 12_000, 3);
    const g = buildGraph(s);
    const com = communities(project(g), { seed: 1 });
    const m = metaGraph(g, 'community', { community: com.community });
    expect(m.groups).toHaveLength(Math.min(com.count, MAX_GROUPS));
    expect(m.groups.reduce((a, x) => a + x.count, 0)).toBe(4000);
    // The largest communities keep their own meta-node; past MAX_GROUPS the rest share "other" groups.
    expect(m.groups.find((x) => x.key === '1')?.count).toBe(com.sizes[0]);
    const kept = m.groups.filter((x) => !x.key.startsWith('other'));
    const others = m.groups.filter((x) => x.key.startsWith('other'));
    expect(kept.map((x) => x.count)).toEqual(com.sizes.slice(0, kept.length));
    if (com.count > MAX_GROUPS) expect(others.reduce((a, x) => a + x.count, 0)).toBe(com.sizes.slice(kept.length).reduce((a, b) => a + b, 0));
    const inside = m.groups.reduce((a, x) => a + x.internalLinks, 0);
    const between = m.metaLinks.reduce((a, x) => a + x.count, 0);
    expect(inside + between).toBe(g.size);
    expect(() => metaGraph(g, 'community')).toThrow(/needs the communities/);
  });
});

describe('folding small groups into "other" groups', () => {
  /** `sizes[i]` entities in community i (no links: grouping reads only the community map). */
  function sized(sizes: number[]) {
    const nodes = sizes.flatMap((n, c) => Array.from({ length: n }, (_, k) => node(`c${c}m${k}`)));
    const community: Record<string, number> = {};
    sizes.forEach((n, c) => {
      for (let k = 0; k < n; k++) community[hexId(`c${c}m${k}`)] = c;
    });
    return { g: buildGraph(snapshot(nodes, [])), community };
  }

  it('shares the small groups out evenly, each kept whole, none over the cap', () => {
    // 4 groups of 100, then 40 of 10 and 20 of 5: 64 groups, 900 entities, at most 10 meta-nodes.
    const sizes = [100, 100, 100, 100, ...Array<number>(40).fill(10), ...Array<number>(20).fill(5)];
    const { g, community } = sized(sizes);
    const keys = groupKeys(g, 'community', community, 10);
    const members = new Map<string, string[]>();
    for (const [id, k] of keys) members.set(k.key, [...(members.get(k.key) ?? []), id]);
    // The cap is 2 × 900 / 10 = 180: the four large groups keep theirs, and the 500 folded entities need at
    // least ceil(500 / 180) = 3 "other" groups.
    expect(foldCap(900, 10)).toBe(180);
    const other = [...members.keys()].filter((k) => k.startsWith('other')).sort();
    const own = [...members.keys()].filter((k) => !k.startsWith('other'));
    expect(own.length + other.length).toBeLessThanOrEqual(10);
    expect(own).toEqual(expect.arrayContaining(['1', '2', '3', '4']));
    expect(other.length).toBeGreaterThan(1);
    expect(other).toEqual(other.map((_, i) => `other-${i + 1}`));
    const loads = other.map((k) => members.get(k)!.length);
    for (const n of loads) expect(n).toBeLessThanOrEqual(180);
    // Even: the fullest and the emptiest differ by at most one folded group's size (10).
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(10);
    // A folded community is never split: all its members are in one "other" group.
    for (let c = 0; c < sizes.length; c++) {
      const of = new Set([...keys].filter(([id]) => community[id] === c).map(([, k]) => k.key));
      expect(of.size, `community ${c + 1}`).toBe(1);
    }
    expect(keys.size).toBe(900);
  });

  // At 20k entities: test/unit/graph/overview-layout.test.ts, which builds that network once for both checks.
});

describe('top entities', () => {
  it('by degree: karate club hubs 33, 0, 32 first', () => {
    const g = buildGraph(fromEdges(34, KARATE_EDGES));
    expect(topEntities(g, null, 3)).toEqual([33, 0, 32].map(hexId));
  });
  it('by a given metric', () => {
    const g = buildGraph(fromEdges(4, [[0, 1], [1, 2], [2, 3]]));
    expect(topEntities(g, { [hexId(3)]: 5, [hexId(0)]: 2 }, 2)).toEqual([hexId(3), hexId(0)]);
  });
});
