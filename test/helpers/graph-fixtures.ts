/**
 * Graph fixtures for the analytics tests and the benchmark: compact snapshot builders, textbook graphs
 * (Zachary's karate club) and a deterministic clustered network that looks like a trafficking case.
 */
import type { CaseGraphSnapshot, Grade, SnapshotLink, SnapshotNode, SupportClaim } from '../../shared/graph/snapshot';
import { seededRandom } from '../../shared/graph/rng';
import type { PartialDate } from '../../shared/model/partial-date';
import type { EntityKind, LinkKind, Role } from '../../shared/model/vocabulary';

/** A record-shaped id for a small integer or a name (ids must be 32 hex). */
export function hexId(x: number | string): string {
  if (typeof x === 'number') return x.toString(16).padStart(32, '0');
  let h = '';
  for (const ch of x) h += ch.codePointAt(0)!.toString(16);
  if (h.length > 31) throw new Error(`name too long for a test id: ${x}`);
  return `f${h.padStart(31, '0')}`;
}

export function node(name: string, extra: Partial<SnapshotNode> = {}): SnapshotNode {
  return { id: hexId(name), kind: 'person', name, aliases: [], roles: [], nationality: [], countries: [], isWitness: false, ...extra };
}

let linkSeq = 1;
export interface LinkSpec {
  kind?: LinkKind;
  money?: { amount: number; currency?: string };
  date?: PartialDate;
  start?: PartialDate;
  end?: PartialDate;
  support?: SupportClaim[];
  id?: string;
}

export function link(a: string, b: string, spec: LinkSpec = {}): SnapshotLink {
  const { kind = 'associate', id, support = [], ...rest } = spec;
  return { id: id ?? hexId(0x10_0000 + linkSeq++), kind, source: hexId(a), target: hexId(b), support, ...rest };
}

/** One claim citing items from (sourceName, grade, credibility) triples. */
export function claim(...items: [source: string | null, grade: Grade | null, credibility: 1 | 2 | 3 | 4 | 5 | 6, verified?: boolean][]): SupportClaim {
  return {
    claimId: hexId(0x20_0000 + linkSeq++),
    assessment: 'probable',
    evidence: items.map(([src, grade, credibility, verified]) => ({
      evidenceId: hexId(0x30_0000 + linkSeq++),
      sourceId: src === null ? null : hexId(src),
      grade,
      credibility,
      verified: verified ?? false,
    })),
  };
}

export function snapshot(nodes: SnapshotNode[], links: SnapshotLink[], extra: Partial<CaseGraphSnapshot> = {}): CaseGraphSnapshot {
  return { version: 1, caseId: hexId(0xcafe), caseName: 'Test case', nodes, links, events: [], positions: {}, ...extra };
}

/** A snapshot from an undirected edge list over integer node names. */
export function fromEdges(n: number, edges: readonly (readonly [number, number])[], kind: LinkKind = 'associate'): CaseGraphSnapshot {
  const nodes = Array.from({ length: n }, (_, i) => node(String(i), { id: hexId(i) }));
  const links = edges.map(([a, b], i) => ({ id: hexId(0x40_0000 + i), kind, source: hexId(a), target: hexId(b), support: [] }));
  return snapshot(nodes, links);
}

/** Zachary's karate club (34 members, 78 ties), as networkx.karate_club_graph() numbers them (0-based). */
export const KARATE_EDGES: readonly (readonly [number, number])[] = [
  [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 10], [0, 11], [0, 12], [0, 13], [0, 17], [0, 19], [0, 21], [0, 31],
  [1, 2], [1, 3], [1, 7], [1, 13], [1, 17], [1, 19], [1, 21], [1, 30], [2, 3], [2, 7], [2, 8], [2, 9], [2, 13], [2, 27], [2, 28], [2, 32],
  [3, 7], [3, 12], [3, 13], [4, 6], [4, 10], [5, 6], [5, 10], [5, 16], [6, 16], [8, 30], [8, 32], [8, 33], [9, 33], [13, 33], [14, 32],
  [14, 33], [15, 32], [15, 33], [18, 32], [18, 33], [19, 33], [20, 32], [20, 33], [22, 32], [22, 33], [23, 25], [23, 27], [23, 29], [23, 32],
  [23, 33], [24, 25], [24, 27], [24, 31], [25, 31], [26, 29], [26, 33], [27, 33], [28, 31], [28, 33], [29, 32], [29, 33], [30, 32], [30, 33],
  [31, 32], [31, 33], [32, 33],
];

const KINDS: [EntityKind, number][] = [
  ['person', 0.72],
  ['organization', 0.05],
  ['armed_group', 0.03],
  ['company', 0.05],
  ['bank_account', 0.06],
  ['phone', 0.05],
  ['vessel', 0.02],
  ['location', 0.02],
];
const ROLES_BY_RANK: Role[] = ['commander', 'financier', 'trafficker', 'smuggler', 'recruiter', 'transporter', 'guard', 'facilitator', 'money_launderer'];
const CURRENCIES = ['USD', 'EUR', 'LYD'];
const GRADES: Grade[] = ['A', 'B', 'C', 'D', 'E', 'F'];

/**
 * A deterministic clustered network: `n` entities in cells of 20–300 members (sizes vary like real networks),
 * `m` links, ~85% inside cells with preferential attachment (a few hubs per cell), the rest between cells,
 * mostly through each cell's few brokers. Links carry kinds by endpoint kind, money on payments, partial dates
 * from 2012 to 2023, and evidence on about half of them.
 */
export function clusteredNetwork(n: number, m: number, seed = 42): CaseGraphSnapshot {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const nodes: SnapshotNode[] = [];
  const cells: number[][] = [];
  for (let i = 0; i < n; ) {
    const size = Math.min(n - i, 20 + Math.floor(280 * rnd() ** 2));
    cells.push(Array.from({ length: size }, (_, k) => i + k));
    i += size;
  }
  const cellOf = new Int32Array(n);
  cells.forEach((c, ci) => c.forEach((v) => (cellOf[v] = ci)));
  for (let i = 0; i < n; i++) {
    let r = rnd();
    let kind: EntityKind = 'person';
    for (const [k, p] of KINDS) {
      if ((r -= p) < 0) {
        kind = k;
        break;
      }
    }
    const roles: Role[] = kind === 'person' && rnd() < 0.4 ? [pick(ROLES_BY_RANK)] : [];
    nodes.push({ id: hexId(i), kind, name: `Entity ${i}`, aliases: rnd() < 0.3 ? [`Alias ${i}`] : [], roles, nationality: kind === 'person' ? [pick(['ly', 'er', 'ng', 'sd'])] : [], countries: [], isWitness: false });
  }
  const brokers = cells.map((c) => c.slice(0, Math.max(1, Math.floor(c.length / 40))));
  const degree = new Float64Array(n).fill(1);
  const seen = new Set<string>();
  const links: SnapshotLink[] = [];
  const sources = Array.from({ length: 200 }, (_, i) => ({ id: hexId(0x50_0000 + i), grade: GRADES[Math.min(5, Math.floor(rnd() * rnd() * 6))]! }));
  let evidenceSeq = 0;
  let attempts = 0;
  while (links.length < m && attempts++ < m * 50) {
    const a = Math.floor(rnd() * n);
    let b: number;
    if (rnd() < 0.85) {
      // Preferential attachment inside the cell: pick by degree among a few candidates.
      const cell = cells[cellOf[a]!]!;
      let best = pick(cell);
      for (let t = 0; t < 3; t++) {
        const c = pick(cell);
        if (degree[c]! > degree[best]!) best = c;
      }
      b = best;
    } else {
      const from = rnd() < 0.7 ? pick(brokers[cellOf[a]!]!) : a;
      b = pick(brokers[Math.floor(rnd() * cells.length)]!);
      if (from !== a) {
        if (from === b) continue;
        const key = from < b ? `${from},${b}` : `${b},${from}`;
        if (seen.has(key)) continue;
        seen.add(key);
        links.push(makeLink(from, b));
        degree[from]!++;
        degree[b]!++;
        continue;
      }
    }
    if (a === b) continue;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(makeLink(a, b));
    degree[a]!++;
    degree[b]!++;
  }
  return snapshot(nodes, links, { caseName: `Clustered network ${n}/${m}` });

  function makeLink(a: number, b: number): SnapshotLink {
    const ka = nodes[a]!.kind;
    const kb = nodes[b]!.kind;
    let kind: LinkKind;
    if (kb === 'organization' || kb === 'armed_group') kind = rnd() < 0.8 ? 'member_of' : 'commands';
    else if (kb === 'bank_account' || kb === 'phone' || kb === 'vessel' || kb === 'company') kind = ka === 'person' ? 'owns' : 'controls';
    else if (kb === 'location') kind = 'located_at';
    else kind = pick<LinkKind>(['associate', 'associate', 'family', 'communicated_with', 'recruited', 'paid', 'paid', 'finances', 'transported']);
    const year = 2012 + Math.floor(rnd() * 12);
    const l: SnapshotLink = { id: hexId(0x100_0000 + links.length), kind, source: hexId(a), target: hexId(b), support: [] };
    if (kind === 'paid' || kind === 'finances') {
      l.money = { amount: Math.round(500 + rnd() * 50_000), currency: pick(CURRENCIES) };
      l.date = { value: rnd() < 0.5 ? `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}` : String(year) };
    } else if (rnd() < 0.6) {
      l.start = { value: String(year), ...(rnd() < 0.3 ? { approximate: true } : {}) };
      if (rnd() < 0.3) l.end = { value: String(Math.min(2024, year + 1 + Math.floor(rnd() * 4))) };
    }
    if (rnd() < 0.5) {
      const k = 1 + Math.floor(rnd() * 3);
      l.support = [
        {
          claimId: hexId(0x200_0000 + links.length),
          assessment: 'probable',
          evidence: Array.from({ length: k }, () => {
            const s = pick(sources);
            return { evidenceId: hexId(0x300_0000 + evidenceSeq++), sourceId: s.id, grade: s.grade, credibility: (1 + Math.floor(rnd() * 6)) as 1 | 2 | 3 | 4 | 5 | 6, verified: rnd() < 0.05 };
          }),
        },
      ];
    }
    return l;
  }
}
