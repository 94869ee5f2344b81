/**
 * The overview's meta-node layout (shared/graph/overview-layout.ts): discs sized by count and packed without
 * overlap (60 and 500 groups, and the 20k-entity community overview), labels inside their own disc (so no two
 * collide), labels of larger groups readable first as the view zooms in, meta-links weighted by links and money.
 * Overlap and containment are checked here from the returned geometry, not from the packer's own bookkeeping.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { communities } from '../../../shared/graph/analytics';
import { buildGraph } from '../../../shared/graph/build-graph';
import { foldCap, MAX_GROUPS, metaGraph } from '../../../shared/graph/explore';
import { project } from '../../../shared/graph/projection';
import { seededRandom } from '../../../shared/graph/rng';
import { discLines, discRadius, LABEL_MIN_PX, fitZoom, GAP, labelBox, labelsShownAt, membersInDisc, metaLinkWidths, packDiscs, type Disc, type DiscInput, type DiscLinkInput } from '../../../shared/graph/overview-layout';
import { metaElements, overviewDiscs, overviewPositions } from '../../../renderer/graph/graph-style';
import { clusteredNetwork } from '../../helpers/graph-fixtures';

type Box = { x1: number; y1: number; x2: number; y2: number };

/** Pairs of discs closer than the sum of their radii (overlapping), with how much. */
function overlaps(discs: readonly Disc[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < discs.length; i++)
    for (let j = i + 1; j < discs.length; j++) {
      const a = discs[i]!;
      const b = discs[j]!;
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (d < a.r + b.r - 1e-6) out.push(`${a.id}/${b.id}: ${(a.r + b.r - d).toFixed(2)}`);
    }
  return out;
}

const boxesHit = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const boxInDisc = (b: Box, d: Disc) =>
  [
    [b.x1, b.y1],
    [b.x1, b.y2],
    [b.x2, b.y1],
    [b.x2, b.y2],
  ].every(([x, y]) => Math.hypot(x! - d.x, y! - d.y) <= d.r + 1e-6);
/** Whether a box and a disc share any point. */
const boxHitsDisc = (b: Box, d: Disc) => {
  const cx = Math.max(b.x1, Math.min(d.x, b.x2));
  const cy = Math.max(b.y1, Math.min(d.y, b.y2));
  return Math.hypot(cx - d.x, cy - d.y) < d.r;
};

/** Groups with skewed sizes (few large, many small), long and short names, and links between random pairs. */
function randomGroups(n: number, seed: number): { groups: DiscInput[]; links: DiscLinkInput[] } {
  const rnd = seededRandom(seed);
  const groups = Array.from({ length: n }, (_, i) => {
    const count = 1 + Math.floor(3000 * rnd() ** 4);
    const name = i % 7 === 0 ? `Transnational Logistics and Trading Company ${i}` : `Community ${i + 1}`;
    return { id: `g${i}`, count, lines: discLines(name, count, i % 3 === 0 ? { USD: count * 1234 } : {}) };
  });
  const links: DiscLinkInput[] = [];
  for (let k = 0; k < n * 2; k++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b) links.push({ source: `g${a}`, target: `g${b}`, count: 1 + Math.floor(rnd() * 40) });
  }
  return { groups, links };
}

function checkReadable(discs: readonly Disc[], groups: readonly DiscInput[]) {
  const lines = new Map(groups.map((g) => [g.id, g.lines ?? []]));
  expect(overlaps(discs)).toEqual([]);
  // Every pair keeps the gap (not only "does not overlap").
  let closest = Infinity;
  for (let i = 0; i < discs.length; i++) for (let j = i + 1; j < discs.length; j++) closest = Math.min(closest, Math.hypot(discs[i]!.x - discs[j]!.x, discs[i]!.y - discs[j]!.y) - discs[i]!.r - discs[j]!.r);
  if (discs.length > 1) expect(closest).toBeGreaterThanOrEqual(GAP - 1e-6);
  const boxes = discs.map((d) => ({ d, b: labelBox(d, lines.get(d.id)!) }));
  for (const { d, b } of boxes) {
    expect(d.fontSize).toBeGreaterThan(0);
    expect(boxInDisc(b, d), `label of ${d.id} inside its disc`).toBe(true);
  }
  const collisions: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = 0; j < boxes.length; j++) {
      if (i === j) continue;
      if (j > i && boxesHit(boxes[i]!.b, boxes[j]!.b)) collisions.push(`labels ${boxes[i]!.d.id}/${boxes[j]!.d.id}`);
      if (boxHitsDisc(boxes[i]!.b, boxes[j]!.d)) collisions.push(`label ${boxes[i]!.d.id} on disc ${boxes[j]!.d.id}`);
    }
  expect(collisions).toEqual([]);
}

describe('overview layout: discs packed without overlap', () => {
  for (const n of [60, 500]) {
    it(`packs ${n} groups with no two discs overlapping and every label inside its own disc`, () => {
      const { groups, links } = randomGroups(n, n);
      const discs = packDiscs(groups, links);
      expect(discs.map((d) => d.id).sort()).toEqual(groups.map((g) => g.id).sort());
      checkReadable(discs, groups);
      // Compact, not strung out: the discs cover a fair share of their bounding circle.
      const area = discs.reduce((a, d) => a + Math.PI * d.r * d.r, 0);
      const extent = Math.max(...discs.map((d) => Math.hypot(d.x, d.y) + d.r));
      expect(area / (Math.PI * extent * extent)).toBeGreaterThan(0.35);
    });
  }

  it('sizes discs by area: r² proportional to the count above the floor', () => {
    const discs = packDiscs([
      { id: 'a', count: 400 },
      { id: 'b', count: 100 },
      { id: 'c', count: 1 },
    ]);
    const r = Object.fromEntries(discs.map((d) => [d.id, d.r]));
    expect((r.a! / r.b!) ** 2).toBeCloseTo(4, 6);
    expect(r.c).toBe(discRadius(0));
    expect(r.c).toBeLessThan(r.b!);
  });

  it('puts a small group against the one it is linked to', () => {
    const groups = Array.from({ length: 12 }, (_, i) => ({ id: `big${i}`, count: 200 }));
    for (const target of ['big3', 'big9']) {
      const discs = packDiscs([...groups, { id: 'small', count: 5 }], [{ source: 'small', target, count: 3 }]);
      const s = discs.find((d) => d.id === 'small')!;
      const t = discs.find((d) => d.id === target)!;
      expect(Math.hypot(s.x - t.x, s.y - t.y) - s.r - t.r).toBeCloseTo(GAP, 6);
      expect(overlaps(discs)).toEqual([]);
    }
  });

  it('is deterministic and does not depend on the input order', () => {
    const { groups, links } = randomGroups(80, 7);
    const a = packDiscs(groups, links);
    const b = packDiscs([...groups].reverse(), [...links].reverse());
    expect(b).toEqual(a);
  });

  it('shows the largest groups’ labels first as the view zooms in', () => {
    const { groups, links } = randomGroups(60, 3);
    const discs = packDiscs(groups, links);
    const z = fitZoom(discs, 1200, 800);
    const shown = [0.5, 1, 2, 4, 8, 16].map((f) => labelsShownAt(discs, z * f, 9));
    for (let i = 1; i < shown.length; i++) for (const id of shown[i - 1]!) expect(shown[i]!.has(id)).toBe(true);
    expect(shown[0]!.size).toBeLessThan(shown.at(-1)!.size);
    // Among groups with labels of the same length, the larger disc is readable at a zoom at least as low.
    const byLength = new Map<number, Disc[]>();
    for (const d of discs) {
      const lines = groups.find((g) => g.id === d.id)!.lines!;
      const key = lines.length * 1000 + Math.max(...lines.map((l) => l.length));
      byLength.set(key, [...(byLength.get(key) ?? []), d]);
    }
    for (const same of byLength.values()) {
      same.sort((p, q) => q.r - p.r);
      for (let i = 1; i < same.length; i++) expect(same[i]!.fontSize).toBeLessThanOrEqual(same[i - 1]!.fontSize + 1e-9);
    }
  });
});

describe('overview layout: members of an open group, labels and meta-links', () => {
  it('writes a group’s name on at most two short lines, then its count and money', () => {
    expect(discLines('Community 3', 1234, { USD: 5000 })).toEqual(['Community 3', '1,234 entities', '5K USD']);
    expect(discLines('Other (1097 smaller groups)', 1)).toEqual(['Other (1097 smaller', 'groups)', '1 entity']);
    const long = discLines('The Transnational Logistics and Trading Company of the Southern Coast', 9, { USD: 1, EUR: 15_813_077, LYD: 3, '': 7 });
    expect(long).toHaveLength(4);
    for (const l of long) expect([...l].length).toBeLessThanOrEqual(22 + 2);
    expect(long[1]).toMatch(/…$/);
    // The largest amount with its currency, and how many other currencies (never summed together).
    expect(long[3]).toBe('15.8M EUR +3');
    expect(discLines('x', 2, { '': 1500 })[2]).toBe('1.5K');
    expect(discLines('Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 2)[0]).toBe('Aaaaaaaaaaaaaaaaaaaaa…');
  });

  it('places an open group’s members inside its disc, evenly, the first at the centre', () => {
    const disc = { x: 100, y: -50, r: discRadius(400) };
    const ids = Array.from({ length: 400 }, (_, i) => `m${i}`);
    const pos = membersInDisc(disc, ids);
    expect(Object.keys(pos)).toHaveLength(400);
    for (const p of Object.values(pos)) expect(Math.hypot(p.x - disc.x, p.y - disc.y)).toBeLessThanOrEqual(disc.r);
    expect(Math.hypot(pos.m0!.x - disc.x, pos.m0!.y - disc.y)).toBeLessThan(disc.r / 10);
    let closest = Infinity;
    const ps = Object.values(pos);
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) closest = Math.min(closest, Math.hypot(ps[i]!.x - ps[j]!.x, ps[i]!.y - ps[j]!.y));
    // Room for an entity node (18–60 model units) around each member.
    expect(closest).toBeGreaterThan(25);
  });

  it('weights meta-links by the number of links and by money, each currency against its own largest amount', () => {
    const w = metaLinkWidths([
      { source: 'a', target: 'b', count: 1 },
      { source: 'a', target: 'c', count: 50 },
      { source: 'b', target: 'c', count: 1, money: { USD: 1000 } },
      { source: 'c', target: 'd', count: 1, money: { USD: 100_000 } },
      { source: 'a', target: 'd', count: 1, money: { EUR: 500 } },
    ]);
    expect(w[1]).toBeGreaterThan(w[0]!);
    expect(w[2]).toBeGreaterThan(w[0]!);
    expect(w[3]).toBeGreaterThan(w[2]!);
    // 500 EUR is the largest EUR amount: as heavy as the largest USD one, never compared across currencies.
    expect(w[4]).toBeCloseTo(w[3]!, 9);
  });
});

describe('overview layout: the whole network at 20k entities', () => {
  // One 20k-entity clustered network and its Louvain communities (~10 s idle, a minute or more on a loaded
  // machine) for both checks below: built in the hook, whose timeout allows for the load.
  let built: { com: ReturnType<typeof communities>; m: ReturnType<typeof metaGraph> };
  beforeAll(() => {
    const g = buildGraph(clusteredNetwork(20_000, 60_000, 42));
    const com = communities(project(g), { seed: 1 });
    built = { com, m: metaGraph(g, 'community', { community: com.community }) };
  }, 240_000);
  const network20k = () => built;

  it('folds small groups so that no group holds more than a few percent of the case (shared/graph/explore.ts)', () => {
    const { com, m } = network20k();
    expect(com.count).toBeGreaterThan(MAX_GROUPS);
    expect(m.groups.length).toBeLessThanOrEqual(MAX_GROUPS);
    expect(m.groups.reduce((a, x) => a + x.count, 0)).toBe(20_000);
    // Before, one "other" group held ~40% of the case: now none holds more than twice an even share (667, 3.3%).
    const others = m.groups.filter((x) => x.key.startsWith('other'));
    expect(others.length).toBeGreaterThan(1);
    for (const x of others) expect(x.count, x.label).toBeLessThanOrEqual(foldCap(20_000, MAX_GROUPS));
    // The rest are Louvain's largest communities, each whole.
    const own = m.groups.filter((x) => !x.key.startsWith('other'));
    expect(own.map((x) => x.count)).toEqual(com.sizes.slice(0, own.length));
  }, 60_000);

  it('packs the 20k-entity community overview readably', () => {
    const { m } = network20k();
    expect(m.groups.reduce((a, x) => a + x.count, 0)).toBe(20_000);
    const groups: DiscInput[] = m.groups.map((x) => ({ id: x.id, count: x.count, lines: discLines(x.label, x.count, x.money) }));
    const discs = packDiscs(groups, m.metaLinks);
    expect(discs).toHaveLength(m.groups.length);
    checkReadable(discs, groups);
    // Fitted in a 1280×800 canvas: every group is a target at least 8 px across, and the labels of the ten
    // largest groups are drawn (at least LABEL_MIN_PX high) without zooming.
    const z = fitZoom(discs, 1280, 800);
    for (const d of discs) expect(2 * d.r * z).toBeGreaterThanOrEqual(8);
    const shown = labelsShownAt(discs, z, LABEL_MIN_PX);
    for (const x of m.groups.slice(0, 10)) expect(shown.has(x.id), `label of ${x.label} at the fitted zoom`).toBe(true);
    // Zooming in 3x makes every label readable (>= 9 px).
    expect(labelsShownAt(discs, 3 * z, 9).size).toBe(discs.length);
  }, 60_000);
});

describe('overview layout in the graph view (graph-style.ts)', () => {
  /** A 900-entity clustered network grouped by community, with the given groups open. */
  function grouped(open: string[]) {
    const s = clusteredNetwork(900, 2700, 5);
    const g = buildGraph(s);
    const com = communities(project(g), { seed: 1 });
    return metaGraph(g, 'community', { community: com.community, open });
  }

  it('draws each meta-node at its disc, sized by it, and the members of an open group inside its disc', () => {
    const closed = grouped([]);
    const discs = overviewDiscs(closed);
    const biggest = closed.groups[0]!;
    const opened = grouped([biggest.id]);
    // Opening a group keeps every disc where it was (the packing depends on the groups, not on what is open).
    const again = overviewDiscs(opened);
    for (const [id, d] of discs) expect(again.get(id)).toMatchObject({ x: d.x, y: d.y, r: d.r });
    const els = metaElements(opened, { discs });
    const metaNodes = els.filter((e) => e.group === 'nodes');
    expect(metaNodes.map((e) => e.data.id).sort()).toEqual(opened.groups.map((x) => x.id).sort());
    for (const e of metaNodes) {
      const d = discs.get(String(e.data.id))!;
      expect(e.position).toEqual({ x: d.x, y: d.y });
      expect(e.data.size).toBeCloseTo(2 * d.r, 9);
      expect(String(e.data.label)).toContain(`${Number(e.data.count).toLocaleString('en-US')} entit`);
    }
    const place = overviewPositions(opened, discs);
    const members = opened.nodes;
    expect(members).toHaveLength(biggest.count);
    const home = discs.get(biggest.id)!;
    for (const id of members) expect(Math.hypot(place[id]!.x - home.x, place[id]!.y - home.y)).toBeLessThanOrEqual(home.r);
    // Links from the open group's members to closed groups are drawn as meta-links, wider for more links.
    const links = els.filter((e) => e.group === 'edges');
    expect(links.length).toBe(opened.metaLinks.length);
    const byCount = [...links].sort((a, b) => Number(a.data.count) - Number(b.data.count));
    expect(Number(byCount.at(-1)!.data.width)).toBeGreaterThanOrEqual(Number(byCount[0]!.data.width));
  });
});
