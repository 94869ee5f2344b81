/**
 * Exploring a large network instead of drawing all of it (i2 "expand", Maltego style):
 *  - `neighbourhood`: the entities within `depth` links of some, and the links among them (expand a node);
 *  - `topEntities`: a starting set, the top N by a metric;
 *  - `metaGraph`: entities grouped (by community, kind, organisation membership or country) into meta-nodes with
 *    member counts and the money moved inside; a group can be open (its members drawn one by one). Links
 *    touching a closed group are aggregated into meta-links with counts and money per currency. With every
 *    group closed and grouping by community this is the "whole network" overview, readable at 20k entities.
 *
 * Money is summed per currency and never converted. Pure (no Node, no DOM): the renderer's analytics worker and
 * main (the CLI, main/core/graph/explore.ts) both run it.
 */
import type { CaseGraph } from './build-graph';

export const GROUP_BYS = ['community', 'kind', 'organisation', 'country'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Link kinds that make a person part of an organisation (for grouping by organisation membership). */
const MEMBERSHIP = new Set(['member_of', 'commands', 'acted_for']);
const ORG_KINDS = new Set(['organization', 'armed_group', 'company']);

export interface MetaGroup {
  /** The meta-node's id: `group:<by>:<key>`. */
  id: string;
  key: string;
  label: string;
  count: number;
  /** Members per entity kind. */
  kinds: Record<string, number>;
  /** Links between two members. */
  internalLinks: number;
  /** Money moved on links between two members, per currency (links without a currency under ''). */
  money: Record<string, number>;
  /** Up to five members with the most links (ids), to name the group. */
  top: string[];
}

export interface MetaLink {
  id: string;
  source: string;
  target: string;
  count: number;
  money: Record<string, number>;
}

export interface MetaGraph {
  groupBy: GroupBy;
  /** Closed groups (drawn as meta-nodes), largest first. */
  groups: MetaGroup[];
  /** Open groups (their members are drawn one by one), with their sizes. */
  open: { id: string; key: string; label: string; count: number }[];
  /** Entities drawn one by one (members of open groups). */
  nodes: string[];
  /** Links between two entities drawn one by one. */
  links: string[];
  /** Aggregated links with a closed group at one end at least (entity–group or group–group). */
  metaLinks: MetaLink[];
  /** Group id of every entity drawn one by one. */
  groupOf: Record<string, string>;
}

export function groupId(by: GroupBy, key: string): string {
  return `group:${by}:${key}`;
}

/** More groups than this and the smallest are folded into "other" groups, so an overview stays readable. */
export const MAX_GROUPS = 60;

/**
 * Which group each entity belongs to: key and label. `community` is needed when grouping by community.
 *
 * Past `maxGroups` groups the smallest are folded, whole, into "other" groups. One "other" group for all of them
 * is unreadable at scale (at 20k entities in Louvain communities it held ~40% of the case, and opening it drew
 * thousands of entities), so the folded groups are shared out over as many "other" groups as keep each within
 * `foldCap` entities (twice an even share: 2 × entities / maxGroups). As many of the largest groups keep their own
 * meta-node as leave room for those; at least maxGroups / 2 - 1 always do, and then no folded group is larger
 * than the cap (a larger one would make those kept hold more than every entity). Folded groups go largest first to
 * the least full "other" group (ties: lower number), so they stay even; keys `other` (one) or `other-1`…`other-B`.
 */
export function groupKeys(g: CaseGraph, by: GroupBy, community?: Readonly<Record<string, number>>, maxGroups = MAX_GROUPS): Map<string, { key: string; label: string }> {
  const out = rawGroupKeys(g, by, community);
  const size = new Map<string, number>();
  for (const k of out.values()) size.set(k.key, (size.get(k.key) ?? 0) + 1);
  if (size.size <= maxGroups) return out;
  const bins = foldBins([...size], foldCap(out.size, maxGroups), maxGroups);
  const keyOf = new Map<string, { key: string; label: string }>();
  bins.forEach((bin, i) => {
    const key = bins.length === 1 ? 'other' : `other-${i + 1}`;
    const label = bins.length === 1 ? `Other (${bin.length} smaller groups)` : `Other ${i + 1} (${bin.length} smaller groups)`;
    for (const k of bin) keyOf.set(k, { key, label });
  });
  for (const [id, k] of out) {
    const folded = keyOf.get(k.key);
    if (folded) out.set(id, folded);
  }
  return out;
}

/** The most entities a folded "other" group holds (see groupKeys): twice an even share, at least one. */
export function foldCap(total: number, maxGroups: number): number {
  return Math.max(1, Math.ceil((2 * total) / maxGroups));
}

/** Groups past the kept largest, shared out evenly: the keys in each "other" group. */
function foldBins(sizes: [string, number][], cap: number, maxGroups: number): string[][] {
  const sorted = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  /** The tail from `k` shared over `b` groups, largest first to the least full; null if one goes over the cap. */
  const share = (k: number, b: number) => {
    const bins = Array.from({ length: b }, () => ({ keys: [] as string[], load: 0 }));
    for (const [key, n] of sorted.slice(k)) {
      let best = bins[0]!;
      for (const x of bins) if (x.load < best.load) best = x;
      best.keys.push(key);
      best.load += n;
    }
    return bins.some((x) => x.load > cap && x.keys.length > 1) ? null : bins.map((x) => x.keys);
  };
  for (let k = maxGroups - 1; k >= 1; k--) {
    const tail = sorted.slice(k).reduce((a, [, n]) => a + n, 0);
    for (let b = Math.max(1, Math.ceil(tail / cap)); k + b <= maxGroups; b++) {
      const bins = share(k, b);
      if (bins) return bins;
    }
  }
  return share(1, maxGroups - 1) ?? [sorted.slice(1).map(([key]) => key)];
}

function rawGroupKeys(g: CaseGraph, by: GroupBy, community?: Readonly<Record<string, number>>): Map<string, { key: string; label: string }> {
  const out = new Map<string, { key: string; label: string }>();
  if (by === 'community') {
    if (!community) throw new Error('grouping by community needs the communities');
    g.forEachNode((id) => {
      const c = community[id] ?? -1;
      out.set(id, c >= 0 ? { key: String(c + 1), label: `Community ${c + 1}` } : { key: 'none', label: 'No community' });
    });
  } else if (by === 'kind') {
    g.forEachNode((id, a) => out.set(id, { key: a.kind, label: a.kind.replace(/_/g, ' ') }));
  } else if (by === 'country') {
    g.forEachNode((id, a) => {
      const c = a.countries[0] ?? a.nationality[0];
      out.set(id, c ? { key: c.toLowerCase(), label: c.toUpperCase() } : { key: 'unknown', label: 'Country unknown' });
    });
  } else {
    // Organisation membership: an organisation is its own group; a member joins the organisation it is linked
    // to by membership with the most members (ties: smallest id), so every entity is in one group.
    const members = new Map<string, number>();
    g.forEachEdge((_e, a, s, t) => {
      if (MEMBERSHIP.has(a.kind) && ORG_KINDS.has(g.getNodeAttribute(t, 'kind'))) members.set(t, (members.get(t) ?? 0) + 1);
    });
    g.forEachNode((id, a) => {
      if (ORG_KINDS.has(a.kind)) {
        out.set(id, { key: id, label: a.name });
        return;
      }
      let best: string | null = null;
      g.forEachOutEdge(id, (_e, ea, _s, t) => {
        if (!MEMBERSHIP.has(ea.kind) || !ORG_KINDS.has(g.getNodeAttribute(t, 'kind'))) return;
        if (best === null || (members.get(t) ?? 0) > (members.get(best) ?? 0) || ((members.get(t) ?? 0) === (members.get(best) ?? 0) && t < best)) best = t;
      });
      out.set(id, best !== null ? { key: best, label: g.getNodeAttribute(best, 'name') } : { key: 'none', label: 'No organisation' });
    });
  }
  return out;
}

function addMoney(into: Record<string, number>, m: { amount: number; currency?: string } | null): void {
  if (!m) return;
  const c = m.currency ?? '';
  into[c] = (into[c] ?? 0) + m.amount;
}

/** Group the graph; `open` lists group ids (or keys) whose members are drawn one by one. */
export function metaGraph(g: CaseGraph, by: GroupBy, opts: { community?: Readonly<Record<string, number>>; open?: readonly string[]; maxGroups?: number } = {}): MetaGraph {
  const keys = groupKeys(g, by, opts.community, opts.maxGroups);
  const openSet = new Set((opts.open ?? []).map((k) => (k.startsWith('group:') ? k : groupId(by, k))));
  const groups = new Map<string, MetaGroup>();
  const degree = (id: string) => g.degree(id);
  g.forEachNode((id, a) => {
    const k = keys.get(id)!;
    const gid = groupId(by, k.key);
    let grp = groups.get(gid);
    if (!grp) groups.set(gid, (grp = { id: gid, key: k.key, label: k.label, count: 0, kinds: {}, internalLinks: 0, money: {}, top: [] }));
    grp.count++;
    grp.kinds[a.kind] = (grp.kinds[a.kind] ?? 0) + 1;
    // Keep the five members with the most links (insertion into a short sorted list).
    grp.top.push(id);
    grp.top.sort((x, y) => degree(y) - degree(x) || (x < y ? -1 : 1));
    if (grp.top.length > 5) grp.top.pop();
  });
  const drawnAs = (id: string): string => {
    const gid = groupId(by, keys.get(id)!.key);
    return openSet.has(gid) ? id : gid;
  };
  const links: string[] = [];
  const meta = new Map<string, MetaLink>();
  g.forEachEdge((e, a, s, t) => {
    const gs = groupId(by, keys.get(s)!.key);
    const gt = groupId(by, keys.get(t)!.key);
    if (gs === gt) {
      const grp = groups.get(gs)!;
      grp.internalLinks++;
      addMoney(grp.money, a.money);
    }
    const x = drawnAs(s);
    const y = drawnAs(t);
    if (x === s && y === t) {
      links.push(e);
      return;
    }
    if (x === y) return; // inside a closed group: counted above
    const [p, q] = x < y ? [x, y] : [y, x];
    const id = `meta:${p}|${q}`;
    let ml = meta.get(id);
    if (!ml) meta.set(id, (ml = { id, source: p, target: q, count: 0, money: {} }));
    ml.count++;
    addMoney(ml.money, a.money);
  });
  const nodes: string[] = [];
  const groupOf: Record<string, string> = {};
  g.forEachNode((id) => {
    const gid = groupId(by, keys.get(id)!.key);
    if (openSet.has(gid)) {
      nodes.push(id);
      groupOf[id] = gid;
    }
  });
  const bySize = (x: { count: number; id: string }, y: { count: number; id: string }) => y.count - x.count || (x.id < y.id ? -1 : 1);
  const all = [...groups.values()].sort(bySize);
  return {
    groupBy: by,
    groups: all.filter((x) => !openSet.has(x.id)),
    open: all.filter((x) => openSet.has(x.id)).map((x) => ({ id: x.id, key: x.key, label: x.label, count: x.count })),
    nodes,
    links,
    metaLinks: [...meta.values()].sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : 1)),
    groupOf,
  };
}

/** Entities within `depth` links of the given ones, and the links among them. Unknown ids throw. */
export function neighbourhood(g: CaseGraph, ids: readonly string[], depth = 1): { nodes: string[]; links: string[]; added: string[] } {
  for (const id of ids) if (!g.hasNode(id)) throw new Error(`entity ${id} is not in the graph`);
  const seen = new Set(ids);
  let frontier = [...ids];
  const added: string[] = [];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const v of frontier) {
      g.forEachNeighbor(v, (w) => {
        if (!seen.has(w)) {
          seen.add(w);
          next.push(w);
          added.push(w);
        }
      });
    }
    frontier = next;
  }
  const links = new Set<string>();
  // Only edges at the nodes seen (not a scan of the whole graph: an expansion stays cheap at 20k).
  for (const v of seen) {
    g.forEachEdge(v, (e, _a, s, t) => {
      if (seen.has(s) && seen.has(t)) links.add(e);
    });
  }
  return { nodes: [...seen], links: [...links], added };
}

/** The `n` entities with the highest `metric` (ties: more links, then id). */
export function topEntities(g: CaseGraph, metric: Readonly<Record<string, number>> | null, n: number): string[] {
  const ids: string[] = [];
  g.forEachNode((id) => {
    ids.push(id);
  });
  const m = (id: string) => (metric ? (metric[id] ?? 0) : g.degree(id));
  return ids.sort((a, b) => m(b) - m(a) || g.degree(b) - g.degree(a) || (a < b ? -1 : 1)).slice(0, n);
}
