/**
 * Where the meta-nodes of a grouped view ("whole network" overview, shared/graph/explore.ts) are drawn, so that it
 * stays readable at 20k entities:
 *  - every group is a disc whose AREA is proportional to its member count (with a floor, so a group of one is
 *    still a target for the mouse);
 *  - discs are packed without overlap: largest first, each new disc tangent to discs already placed, at the free
 *    spot nearest the discs it has the most links with (else nearest the centre). Candidates are checked
 *    against every placed disc, and a spot beyond everything placed always exists, so no two discs overlap by
 *    construction;
 *  - a group's label (name · count, money) is written inside its own disc, its font size chosen so the text
 *    box fits inside the disc: labels can never collide with each other or with another disc. Font sizes grow
 *    with the disc, so as the view zooms in the largest groups' labels become readable first (level of
 *    detail: `labelsShownAt`);
 *  - meta-links are weighted by the number of links they stand for and by the money on them (per currency,
 *    each against the largest amount in that currency: currencies are never converted).
 * Open groups keep their disc (opening one does not move the others); their members are placed inside it on a
 * sunflower spiral, the most linked at the centre (`membersInDisc`).
 *
 * Model units: a member of an opened group gets about `unit`² · π of room, enough for entity nodes (18–60).
 * Pure and deterministic (no DOM, no Node, no randomness).
 */

export interface DiscInput {
  id: string;
  count: number;
  /** Label lines (name · count, then money); fitted inside the disc. */
  lines?: readonly string[];
}

export interface DiscLinkInput {
  source: string;
  target: string;
  count: number;
  money?: Readonly<Record<string, number>>;
}

export interface Disc {
  id: string;
  x: number;
  y: number;
  r: number;
  /** Font size (model units) at which every label line fits inside the disc; 0 without a label. */
  fontSize: number;
}

export interface OverviewLayoutOptions {
  /** Radius per square root of a member (model units). */
  unit?: number;
  /** Smallest radius. */
  minRadius?: number;
  /** Gap kept between two discs. */
  gap?: number;
}

export const UNIT = 26;
export const MIN_RADIUS = 60;
export const GAP = 16;
/** Average advance of a character as a share of the font size (Helvetica/Arial, bold: ~0.6). */
export const CHAR_WIDTH = 0.62;
/** Below this many screen pixels a group's label is not drawn (cytoscape's min-zoomed-font-size for meta-nodes). */
export const LABEL_MIN_PX = 7;
/** Line height as a share of the font size. */
export const LINE_HEIGHT = 1.25;
/** Label box as shares of the radius: (0.8)² + (0.55)² < 1, so the box's corners stay inside the disc. */
const BOX_W = 1.6;
const BOX_H = 1.1;
/** A label never grows past this share of the radius (a short name in a huge disc). */
const MAX_FONT = 0.3;

export function discRadius(count: number, o: OverviewLayoutOptions = {}): number {
  return Math.max(o.minRadius ?? MIN_RADIUS, (o.unit ?? UNIT) * Math.sqrt(Math.max(0, count)));
}

/** The largest font size at which `lines` fit in a box of 1.6r × 1.1r centred in a disc of radius r. */
export function labelFontSize(lines: readonly string[], r: number): number {
  if (!lines.length) return 0;
  const longest = Math.max(1, ...lines.map((l) => [...l].length));
  return Math.min(MAX_FONT * r, (BOX_W * r) / (longest * CHAR_WIDTH), (BOX_H * r) / (lines.length * LINE_HEIGHT));
}

/** Longest line of a group's name on its disc (characters); longer names wrap onto a second line, then are cut. */
export const NAME_LINE = 22;

/** Money in few characters: 15,813,077 → "15.8M". */
export function compactAmount(v: number): string {
  return v.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 });
}

/**
 * The lines written on a group's disc: its name (on up to two lines, cut with "…"), the member count, and the
 * money moved inside, compact: the largest amount with its currency, and how many other currencies there are
 * (never summed across currencies; the side panel lists them all).
 */
export function discLines(name: string, count: number, money: Readonly<Record<string, number>> = {}): string[] {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if ([...next].length <= NAME_LINE || !cur) cur = next;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  const cut = (l: string) => ([...l].length > NAME_LINE ? `${[...l].slice(0, NAME_LINE - 1).join('')}…` : l);
  const name2 = lines.length > 2 ? [lines[0]!, `${lines[1]!} …`] : lines;
  const amounts = Object.entries(money)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = amounts[0];
  const moneyLine = top ? `${compactAmount(top[1])}${top[0] ? ` ${top[0]}` : ''}${amounts.length > 1 ? ` +${amounts.length - 1}` : ''}` : null;
  return [...name2.map(cut), `${count.toLocaleString('en-US')} ${count === 1 ? 'entity' : 'entities'}`, ...(moneyLine ? [moneyLine] : [])];
}

/** The label's box (estimated from character counts), centred on the disc. */
export function labelBox(d: Disc, lines: readonly string[]): { x1: number; y1: number; x2: number; y2: number } {
  const longest = Math.max(0, ...lines.map((l) => [...l].length));
  const w = longest * CHAR_WIDTH * d.fontSize;
  const h = lines.length * LINE_HEIGHT * d.fontSize;
  return { x1: d.x - w / 2, y1: d.y - h / 2, x2: d.x + w / 2, y2: d.y + h / 2 };
}

/**
 * Placed discs in a uniform grid (a disc is listed in every cell it touches), for the free-spot test, the
 * packer's inner loop. A spot whose disc would cover more cells than there are discs is tested against all.
 */
class Placed {
  readonly #cells = new Map<number, number[]>();
  readonly #x: number[] = [];
  readonly #y: number[] = [];
  readonly #r: number[] = [];
  /** The disc that last refused a spot: the next spot nearby is most likely refused by it too. */
  #last = -1;
  constructor(readonly cell: number) {}
  // Cell coordinates stay well inside ±2^15 for any layout this packer makes.
  #key = (gx: number, gy: number) => (gx + 32768) * 65536 + (gy + 32768);
  #range(x: number, y: number, r: number): [number, number, number, number] {
    const c = this.cell;
    return [Math.floor((x - r) / c), Math.floor((y - r) / c), Math.floor((x + r) / c), Math.floor((y + r) / c)];
  }
  add(x: number, y: number, r: number): void {
    const i = this.#x.push(x) - 1;
    this.#y.push(y);
    this.#r.push(r);
    const [a, b, c, e] = this.#range(x, y, r);
    for (let gx = a; gx <= c; gx++)
      for (let gy = b; gy <= e; gy++) {
        const k = this.#key(gx, gy);
        const list = this.#cells.get(k);
        if (list) list.push(i);
        else this.#cells.set(k, [i]);
      }
  }
  #hits(i: number, x: number, y: number, r: number, gap: number): boolean {
    const min = this.#r[i]! + r + gap;
    const dx = this.#x[i]! - x;
    const dy = this.#y[i]! - y;
    // A hair of tolerance: tangent spots are computed to touch exactly.
    return dx * dx + dy * dy < min * min * (1 - 1e-9);
  }
  /** Whether a disc at (x, y) of radius r keeps `gap` from every placed disc. */
  free(x: number, y: number, r: number, gap: number): boolean {
    if (this.#last >= 0 && this.#hits(this.#last, x, y, r, gap)) return false;
    const [a, b, c, e] = this.#range(x, y, r + gap);
    if ((c - a + 1) * (e - b + 1) > this.#x.length) {
      for (let i = 0; i < this.#x.length; i++)
        if (this.#hits(i, x, y, r, gap)) {
          this.#last = i;
          return false;
        }
      return true;
    }
    for (let gx = a; gx <= c; gx++)
      for (let gy = b; gy <= e; gy++) {
        for (const i of this.#cells.get(this.#key(gx, gy)) ?? []) {
          if (this.#hits(i, x, y, r, gap)) {
            this.#last = i;
            return false;
          }
        }
      }
    return true;
  }
}

/** Points at distance da from A and db from B (none, or two). */
function tangentPoints(ax: number, ay: number, da: number, bx: number, by: number, db: number): [number, number][] {
  const dx = bx - ax;
  const dy = by - ay;
  const d = Math.hypot(dx, dy);
  if (d === 0 || d > da + db || d < Math.abs(da - db)) return [];
  const a = (da * da - db * db + d * d) / (2 * d);
  const h = Math.sqrt(Math.max(0, da * da - a * a));
  const mx = ax + (a * dx) / d;
  const my = ay + (a * dy) / d;
  return [
    [mx + (h * dy) / d, my - (h * dx) / d],
    [mx - (h * dy) / d, my + (h * dx) / d],
  ];
}

/** How many placed discs near the target a new disc is tried against (tangent to one, or to two of them). */
const NEAREST = 24;
const ANGLES = 12;
/** How far a disc's target is from the centre towards the groups it is linked to (0: centre, 1: their centroid). */
const PULL = 0.6;

/**
 * Discs for the groups, packed without overlap. Groups are placed largest first (ties by id); each goes to the
 * free tangent spot closest to the link-weighted centre of the groups it is linked to that are already placed
 * (or to the origin).
 */
export function packDiscs(groups: readonly DiscInput[], links: readonly DiscLinkInput[] = [], o: OverviewLayoutOptions = {}): Disc[] {
  const gap = o.gap ?? GAP;
  const order = [...groups].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const radii = order.map((g) => discRadius(g.count, o));
  const adj = new Map<string, Map<string, number>>();
  // Summed in a fixed order, so the same groups and links give the same picture whatever order they came in.
  const key = (l: DiscLinkInput) => (l.source < l.target ? `${l.source}\u0000${l.target}` : `${l.target}\u0000${l.source}`);
  for (const l of [...links].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.count - b.count))) {
    if (l.source === l.target) continue;
    for (const [a, b] of [
      [l.source, l.target],
      [l.target, l.source],
    ] as const) {
      const m = adj.get(a) ?? new Map<string, number>();
      m.set(b, (m.get(b) ?? 0) + l.count);
      adj.set(a, m);
    }
  }
  const placed: Disc[] = [];
  const index = new Placed(2 * (radii.length ? radii[Math.floor(radii.length / 2)]! : MIN_RADIUS) + gap);
  const at = new Map<string, Disc>();
  let extent = 0; // distance from the origin beyond which nothing is placed
  order.forEach((g, i) => {
    const r = radii[i]!;
    let tx = 0;
    let ty = 0;
    let w = 0;
    for (const [other, n] of adj.get(g.id) ?? []) {
      const p = at.get(other);
      if (!p) continue;
      tx += p.x * n;
      ty += p.y * n;
      w += n;
    }
    if (w > 0) {
      // Towards the linked groups, but pulled to the centre: the picture stays round and compact.
      tx = (tx / w) * PULL;
      ty = (ty / w) * PULL;
    }
    let best: [number, number] = [0, 0];
    if (placed.length) {
      // Candidate spots, nearest the target first; the first free one wins.
      const cand: number[] = [];
      const push = (x: number, y: number) => cand.push(x, y, (x - tx) ** 2 + (y - ty) ** 2);
      const firstFree = (): [number, number] | null => {
        const idx = Array.from({ length: cand.length / 3 }, (_, k) => k).sort((p, q) => cand[3 * p + 2]! - cand[3 * q + 2]! || p - q);
        for (const k of idx) if (index.free(cand[3 * k]!, cand[3 * k + 1]!, r, gap)) return [cand[3 * k]!, cand[3 * k + 1]!];
        return null;
      };
      // Placed discs nearest the target first, tried a batch at a time: tangent to one of the batch (towards
      // the target and around), or to two; the first batch with a free spot gives the spot nearest the target.
      const sorted = [...placed].sort((p, q) => (p.x - tx) ** 2 + (p.y - ty) ** 2 - ((q.x - tx) ** 2 + (q.y - ty) ** 2) || (p.id < q.id ? -1 : 1));
      let found: [number, number] | null = null;
      for (let start = 0; start < sorted.length && !found; start += NEAREST) {
        cand.length = 0;
        const batch = sorted.slice(start, start + NEAREST);
        for (const p of batch) {
          const dist = p.r + r + gap;
          const base = Math.atan2(ty - p.y, tx - p.x) || 0;
          for (let k = 0; k < ANGLES; k++) push(p.x + dist * Math.cos(base + (2 * Math.PI * k) / ANGLES), p.y + dist * Math.sin(base + (2 * Math.PI * k) / ANGLES));
        }
        for (let a = 0; a < batch.length; a++)
          for (let b = a + 1; b < batch.length; b++) {
            const p = batch[a]!;
            const q = batch[b]!;
            for (const [x, y] of tangentPoints(p.x, p.y, p.r + r + gap, q.x, q.y, q.r + r + gap)) push(x, y);
          }
        found = firstFree();
      }
      if (!found) {
        // Beyond everything placed, in the target's direction: always free.
        const a = Math.atan2(ty, tx) || 0;
        const d = extent + r + gap;
        found = [d * Math.cos(a), d * Math.sin(a)];
      }
      best = found;
    }
    const [x, y] = best;
    const disc: Disc = { id: g.id, x, y, r, fontSize: labelFontSize(g.lines ?? [], r) };
    placed.push(disc);
    at.set(g.id, disc);
    index.add(x, y, r);
    extent = Math.max(extent, Math.hypot(x, y) + r);
  });
  return placed;
}

/**
 * Positions for the members of an open group inside its disc: a sunflower (Vogel) spiral, evenly spread, the
 * first id at the centre — pass them most linked first.
 */
export function membersInDisc(disc: Pick<Disc, 'x' | 'y' | 'r'>, ids: readonly string[]): Record<string, { x: number; y: number }> {
  const out: Record<string, { x: number; y: number }> = {};
  const n = ids.length;
  const golden = Math.PI * (3 - Math.sqrt(5));
  const room = disc.r * 0.9;
  ids.forEach((id, k) => {
    const rr = n === 1 ? 0 : room * Math.sqrt((k + 0.5) / n);
    out[id] = { x: disc.x + rr * Math.cos(k * golden), y: disc.y + rr * Math.sin(k * golden) };
  });
  return out;
}

/**
 * Meta-link width (model units): a share for the number of links (log scale against the largest) and a share
 * for money (the largest amount among its currencies, each against the largest amount in that currency, square
 * root). Both scaled by `unit` so links keep their weight next to discs at any zoom.
 */
export function metaLinkWidths(links: readonly DiscLinkInput[], o: OverviewLayoutOptions = {}): number[] {
  const unit = o.unit ?? UNIT;
  const maxCount = Math.max(1, ...links.map((l) => l.count));
  const maxMoney = new Map<string, number>();
  for (const l of links) for (const [c, v] of Object.entries(l.money ?? {})) if (v > (maxMoney.get(c) ?? 0)) maxMoney.set(c, v);
  return links.map((l) => {
    const byCount = Math.log1p(l.count) / Math.log1p(maxCount);
    let byMoney = 0;
    for (const [c, v] of Object.entries(l.money ?? {})) {
      const m = maxMoney.get(c) ?? 0;
      if (m > 0 && v > 0) byMoney = Math.max(byMoney, Math.sqrt(v / m));
    }
    return unit * (0.25 + 1.75 * byCount + 1.25 * byMoney);
  });
}

/**
 * Level of detail: which labels are readable (at least `minPx` screen pixels high) at this zoom. Larger discs get
 * larger labels, so zooming in shows the largest groups' labels first.
 */
export function labelsShownAt(discs: readonly Disc[], zoom: number, minPx: number): Set<string> {
  return new Set(discs.filter((d) => d.fontSize > 0 && d.fontSize * zoom >= minPx).map((d) => d.id));
}

/** The zoom at which the discs fit a viewport of w × h (with `pad` pixels each side). */
export function fitZoom(discs: readonly Disc[], w: number, h: number, pad = 30): number {
  if (!discs.length) return 1;
  const x1 = Math.min(...discs.map((d) => d.x - d.r));
  const x2 = Math.max(...discs.map((d) => d.x + d.r));
  const y1 = Math.min(...discs.map((d) => d.y - d.r));
  const y2 = Math.max(...discs.map((d) => d.y + d.r));
  return Math.min((w - 2 * pad) / Math.max(1, x2 - x1), (h - 2 * pad) / Math.max(1, y2 - y1));
}
