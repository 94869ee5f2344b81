/**
 * Where things go on a drawn timeline: lanes (theme lines) top to bottom, items as marks inside their lanes
 * (overlapping items stacked in sub-rows), axis ticks. The renderer's interactive view and the SVG writer
 * (./timeline-svg.ts, used by the renderer's export and by `sanctum timeline --svg`) both draw from this, so
 * the exported picture is the one on screen.
 *
 * A mark has the possible range (x1..x2, drawn light, hatched when approximate) and, inside it, the certain
 * part (cx1..cx2, solid) when one is known; a point known to the day is a dot. Open ends run to the edge of
 * the view with an arrow.
 *
 * At the size of a real case (thousands of lanes, tens of thousands of marks) a lane keeps at most `maxRows`
 * sub-rows: what does not fit is counted into density bars (bins of `binPx` pixels) under the rows, so a busy
 * lane zoomed out is a histogram and zooming in frees room for its marks one by one. Dates are parsed once
 * per model (`prepared`), not at every zoom step.
 *
 * Pure (no Node, no DOM).
 */
import { ticks, toDay, type TimelineItem, type TimelineItemKind, type TimelineModel } from './timeline';

export const TIMELINE_COLOURS: Record<TimelineItemKind, string> = { event: '#2d72d2', link: '#238551', claim: '#c87619' };
export const TIMELINE_KIND_LABELS: Record<TimelineItemKind, string> = { event: 'Event', link: 'Dated link', claim: 'Dated claim (conduct)' };

export interface LayoutOptions {
  /** Visible range in days (toDay); default: the model's domain with a margin. */
  from?: number;
  to?: number;
  /** Entity ids whose lanes to draw, in this order; default every lane. */
  lanes?: readonly string[];
  width: number;
  labelWidth?: number;
  rowHeight?: number;
  /** Sub-rows per lane before the rest is counted into density bars (default MAX_ROWS). */
  maxRows?: number;
  /** Width of a density bar, in pixels (default BIN_PX). */
  binPx?: number;
}

export interface LaidLane {
  entityId: string;
  name: string;
  isWitness: boolean;
  y: number;
  height: number;
  /** Sub-rows of marks drawn one by one. */
  rows: number;
  /** This lane's marks (also in TimelineLayout.marks), in date order. */
  marks: Mark[];
  /** Marks that did not fit in the rows, counted per bar of `binPx` pixels (left edge `x`); empty when all fit. */
  bins: DensityBin[];
  /** Top of the density bars. */
  binY: number;
}

export interface DensityBin {
  x: number;
  count: number;
  /** The items counted here (ids), for the tooltip and the SVG's title. */
  items: string[];
}

export interface Mark {
  item: TimelineItem;
  laneId: string;
  x1: number;
  x2: number;
  /** The certain part, when known. */
  cx1: number | null;
  cx2: number | null;
  y: number;
  h: number;
  /** A point known to the day (drawn as a dot). */
  dot: boolean;
  /** The mark runs off the view on this side (open end, or beyond the view). */
  clipLeft: boolean;
  clipRight: boolean;
}

export interface TimelineLayout {
  from: number;
  to: number;
  labelWidth: number;
  plotWidth: number;
  width: number;
  /** Top of the first lane (below the axis). */
  top: number;
  height: number;
  lanes: LaidLane[];
  /** The marks of the lanes packed (all, or those in the band). */
  marks: Mark[];
  /** Item placements (an item once per lane) within the shown dates, in every lane: marks plus density. */
  inView: number;
  ticks: { x: number; label: string; major: boolean }[];
  /** Width of a density bar. */
  binPx: number;
  x(day: number): number;
  day(x: number): number;
}

export const AXIS_HEIGHT = 26;
export const MAX_ROWS = 6;
export const BIN_PX = 4;
export const DENSITY_HEIGHT = 12;
/** Work per slice (one task each) while LaneFramer places the lanes below the viewport. */
export const LANE_SLICE_MS = 12;

/** An item with its bounds as day numbers (parsed once per model). */
export interface PreparedItem {
  item: TimelineItem;
  /** First possible day, and the day after the last. */
  a: number;
  b: number;
  /** The certain part (day after its end), when known. */
  ca: number | null;
  cb: number | null;
  dot: boolean;
}

export interface PreparedTimeline {
  lanes: Map<string, TimelineModel['lanes'][number]>;
  /** An item's bounds as day numbers, parsed on first use (only the lanes placed or drawn parse theirs). */
  item(it: TimelineItem): PreparedItem;
  /** A lane's items, prepared, in the lane's order (no lookup by id at each zoom step); built on first use. */
  laneItems(entityId: string): PreparedItem[];
}

const preparedCache = new WeakMap<TimelineModel, PreparedTimeline>();

function prepareItem(it: TimelineItem): PreparedItem {
  const certain = it.certain;
  return {
    item: it,
    a: toDay(it.earliest),
    b: toDay(it.latest) + 1,
    ca: certain ? toDay(certain.from) : null,
    cb: certain ? toDay(certain.to) + 1 : null,
    dot: it.point && certain !== null && it.earliest === it.latest,
  };
}

/**
 * The model's dates as day numbers, per model (a model is never changed after it arrives), lazily: at 5k
 * entities parsing every date up front was a large part of the pane's first task, and the lanes far below
 * the viewport are placed later, a slice at a time (LaneFramer).
 */
export function prepared(m: TimelineModel): PreparedTimeline {
  let p = preparedCache.get(m);
  if (p) return p;
  const byId = new Map<string, TimelineItem>();
  const parsed = new Map<string, PreparedItem>();
  const perLane = new Map<string, PreparedItem[]>();
  const lanes = new Map(m.lanes.map((l) => [l.entityId, l]));
  const item = (it: TimelineItem): PreparedItem => {
    let pi = parsed.get(it.id);
    if (!pi) parsed.set(it.id, (pi = prepareItem(it)));
    return pi;
  };
  const laneItems = (entityId: string): PreparedItem[] => {
    let out = perLane.get(entityId);
    if (out) return out;
    if (byId.size === 0) for (const it of m.items) byId.set(it.id, it);
    out = [];
    for (const id of lanes.get(entityId)?.items ?? []) {
      const it = byId.get(id);
      if (it) out.push(item(it));
    }
    perLane.set(entityId, out);
    return out;
  };
  p = { lanes, item, laneItems };
  preparedCache.set(m, p);
  return p;
}

/** The model's domain with 3 % margin each side (at least a fortnight), in days; null without dated items. */
export function defaultRange(m: TimelineModel): { from: number; to: number } | null {
  if (!m.domain) return null;
  const a = toDay(m.domain.from);
  const b = toDay(m.domain.to) + 1;
  const pad = Math.max(14, (b - a) * 0.03);
  return { from: a - pad, to: b + pad };
}

/** A lane's place: its height comes from packing its items at the fitted range (the zoom does not move lanes). */
export interface LaneFrame {
  lane: TimelineModel['lanes'][number];
  y: number;
  height: number;
  rows: number;
  /** More items than rows at the fitted range: the lane has a row of density bars. */
  dense: boolean;
}

export interface LaneFrames {
  lanes: LaneFrame[];
  /** Bottom of the last lane (while lanes are still being placed: with room reserved for them). */
  height: number;
  /** Every lane placed (LaneFramer still working: false). */
  complete: boolean;
}

interface Scale {
  labelWidth: number;
  plotWidth: number;
  from: number;
  to: number;
  x(day: number): number;
  day(px: number): number;
}

function scaleOf(m: TimelineModel, o: LayoutOptions): Scale {
  const labelWidth = o.labelWidth ?? 180;
  const range = defaultRange(m) ?? { from: toDay('2000-01-01'), to: toDay('2001-01-01') };
  const from = o.from ?? range.from;
  const to = Math.max(from + 1, o.to ?? range.to);
  const plotWidth = Math.max(50, o.width - labelWidth - 12);
  const k = plotWidth / (to - from);
  return { labelWidth, plotWidth, from, to, x: (day: number) => labelWidth + (day - from) * k, day: (px: number) => from + (px - labelWidth) / k };
}

const geometryOf = (s: Scale): Geometry => ({ left: s.labelWidth, right: s.labelWidth + s.plotWidth, from: s.from, to: s.to, x: s.x });

/**
 * Where each lane goes, top to bottom: its rows are those its items need at the fitted range (capped at
 * maxRows), counted without building marks. Zooming in never needs more rows (every mark's box in days only
 * shrinks), so lanes keep their place while the view zooms and pans; only the lanes in view are then packed.
 */
export function laneFrames(m: TimelineModel, o: LayoutOptions): LaneFrames {
  const f = new LaneFramer(m, o);
  f.step();
  return f.frames();
}

/**
 * laneFrames a slice at a time: the lanes at the top first (what the viewport shows), the rest in later
 * tasks, so a pane of 4.5k lanes opens without one long task. Until it is `complete`, `frames()` holds the
 * lanes placed so far and a height that reserves MIN_LANE_HEIGHT for each lane still to come (the scroll
 * bar does not jump much when they arrive). The lanes placed are the same, in the same places, as one
 * laneFrames call.
 */
export class LaneFramer {
  readonly #laneList: readonly TimelineModel['lanes'][number][];
  readonly #p: PreparedTimeline;
  readonly #geo: Geometry;
  readonly #rowHeight: number;
  readonly #maxRows: number;
  readonly #lanes: LaneFrame[] = [];
  #y = AXIS_HEIGHT;

  constructor(m: TimelineModel, o: LayoutOptions) {
    this.#rowHeight = o.rowHeight ?? 14;
    this.#maxRows = Math.max(1, o.maxRows ?? MAX_ROWS);
    this.#p = prepared(m);
    this.#geo = geometryOf(scaleOf(m, { ...o, from: undefined, to: undefined }));
    const p = this.#p;
    this.#laneList = o.lanes ? o.lanes.map((id) => p.lanes.get(id)).filter((l): l is TimelineModel['lanes'][number] => !!l) : m.lanes;
  }

  get complete(): boolean {
    return this.#lanes.length >= this.#laneList.length;
  }

  /** Lanes placed so far, of `total`. */
  get placed(): number {
    return this.#lanes.length;
  }

  get total(): number {
    return this.#laneList.length;
  }

  /**
   * Place more lanes: all of them by default; else stop once the next lane would start below `untilY` or
   * once `deadline()` says so (checked every few lanes). Returns whether every lane is placed.
   */
  step(limit: { untilY?: number; deadline?: () => boolean } = {}): boolean {
    const { untilY = Infinity, deadline } = limit;
    const rowsEnd: number[] = [];
    const geo = this.#geo;
    let n = 0;
    while (this.#lanes.length < this.#laneList.length) {
      if (this.#y > untilY) break;
      if (deadline && ++n % 4 === 0 && deadline()) break;
      const lane = this.#laneList[this.#lanes.length]!;
      rowsEnd.length = 0;
      let dense = false;
      for (const pi of this.#p.laneItems(lane.entityId)) {
        if (pi.b < geo.from || pi.a > geo.to) continue;
        const [x1, x2] = boxOf(pi, geo);
        const row = freeRow(rowsEnd, x1);
        if (row >= 0) rowsEnd[row] = x2;
        else if (rowsEnd.length < this.#maxRows) rowsEnd.push(x2);
        else dense = true;
      }
      const rows = Math.max(1, rowsEnd.length);
      const height = rows * this.#rowHeight + (dense ? DENSITY_HEIGHT + 2 : 0) + 10;
      this.#lanes.push({ lane, y: this.#y, height, rows, dense });
      this.#y += height;
    }
    return this.complete;
  }

  /** The first `upTo` lanes placed (default: all placed so far), as a new object (a changed value for memos). */
  frames(upTo = this.#lanes.length): LaneFrames {
    const n = Math.max(0, Math.min(upTo, this.#lanes.length));
    const bottom = n < this.#lanes.length ? this.#lanes[n]!.y : this.#y;
    const waiting = this.#laneList.length - n;
    return { lanes: this.#lanes.slice(0, n), height: bottom + waiting * (this.#rowHeight + 10), complete: waiting === 0 };
  }
}

/**
 * The drawn timeline at a zoom. `band` (layout y, top and bottom): pack only the lanes that meet it (the
 * canvas view passes what is on screen, plus a margin); the others keep their place with no marks. `frames`:
 * lane places already worked out for this model, width and lanes (laneFrames), else computed here.
 */
export function layoutTimeline(m: TimelineModel, o: LayoutOptions & { band?: { top: number; bottom: number }; frames?: LaneFrames }): TimelineLayout {
  const rowHeight = o.rowHeight ?? 14;
  const binPx = Math.max(1, o.binPx ?? BIN_PX);
  const sc = scaleOf(m, o);
  const { labelWidth, plotWidth, from, to, x } = sc;
  const p = prepared(m);
  const frames = o.frames ?? laneFrames(m, o);
  const geo = geometryOf(sc);
  const lanes: LaidLane[] = [];
  const marks: Mark[] = [];
  let inView = 0;
  for (const f of frames.lanes) {
    const { lane, y, height, rows } = f;
    // Density bars under the rows of a lane dense at the fitted range; zoomed out further, a lane that was not
    // gets its bars over its last row (its height stays).
    const binY = f.dense ? y + 5 + rows * rowHeight + 2 : y + 5 + (rows - 1) * rowHeight + 1;
    for (const pi of p.laneItems(lane.entityId)) if (pi.b >= from && pi.a <= to) inView++;
    if (o.band && (y + height <= o.band.top || y >= o.band.bottom)) {
      lanes.push({ entityId: lane.entityId, name: lane.name, isWitness: lane.isWitness, y, height, rows, marks: [], bins: [], binY });
      continue;
    }
    const { laneMarks, bins } = packLane(lane, p, geo, rows, binPx, rowHeight);
    for (const mk of laneMarks) {
      mk.y = y + 5 + mk.y * rowHeight + 2;
      marks.push(mk);
    }
    lanes.push({ entityId: lane.entityId, name: lane.name, isWitness: lane.isWitness, y, height, rows, marks: laneMarks, bins, binY });
  }
  const maxTicks = Math.max(2, Math.floor(plotWidth / 70));
  return {
    from,
    to,
    labelWidth,
    plotWidth,
    width: o.width,
    top: AXIS_HEIGHT,
    height: frames.height + 4,
    lanes,
    marks,
    inView,
    ticks: ticks(from, to, maxTicks).map((t) => ({ x: x(t.day), label: t.label, major: t.major })),
    binPx,
    x,
    day: sc.day,
  };
}

/** The first sub-row free at `x1` (its last mark ends 3 px before), or -1. */
function freeRow(rowsEnd: readonly number[], x1: number): number {
  for (let r = 0; r < rowsEnd.length; r++) if (rowsEnd[r]! + 3 <= x1) return r;
  return -1;
}

/** A mark's box in pixels: its dates, at least 8 px wide (centred) when shorter than 6 px or a day-exact dot. */
function boxOf(pi: PreparedItem, g: Geometry): [number, number] {
  const { left, right, x } = g;
  let x1 = Math.max(left, x(pi.a));
  let x2 = Math.min(right, x(pi.b));
  if (pi.dot || x2 - x1 < 6) {
    const c = (x(pi.a) + x(pi.b)) / 2;
    x1 = Math.max(left, c - 4);
    x2 = Math.min(right, c + 4);
  }
  return [x1, x2];
}

interface Geometry {
  left: number;
  right: number;
  from: number;
  to: number;
  x(day: number): number;
}

/**
 * One lane's marks: greedy packing, each item in the first sub-row free at its start (a few pixels apart);
 * with every row taken, the item is counted into the density bar under its middle. `y` is the row here.
 */
function packLane(lane: TimelineModel['lanes'][number], p: PreparedTimeline, g: Geometry, maxRows: number, binPx: number, rowHeight: number) {
  const { left, right, x } = g;
  const rowsEnd: number[] = [];
  const laneMarks: Mark[] = [];
  const binMap = new Map<number, DensityBin>();
  for (const pi of p.laneItems(lane.entityId)) {
    const { a, b, dot } = pi;
    if (b < g.from || a > g.to) continue; // off the view
    const [x1, x2] = boxOf(pi, g);
    let row = freeRow(rowsEnd, x1);
    if (row < 0 && rowsEnd.length < maxRows) {
      row = rowsEnd.length;
      rowsEnd.push(x2);
    } else if (row < 0) {
      const bx = left + Math.floor(((x1 + x2) / 2 - left) / binPx) * binPx;
      const bin = binMap.get(bx) ?? binMap.set(bx, { x: bx, count: 0, items: [] }).get(bx)!;
      bin.count++;
      bin.items.push(pi.item.id);
      continue;
    } else rowsEnd[row] = x2;
    let cx1: number | null = null;
    let cx2: number | null = null;
    if (pi.ca !== null && pi.cb !== null && !dot) {
      const ca = Math.max(left, x(pi.ca));
      const cb = Math.min(right, x(pi.cb));
      if (cb > ca) {
        cx1 = ca;
        cx2 = Math.max(cb, ca + 2);
      }
    }
    const it = pi.item;
    laneMarks.push({ item: it, laneId: lane.entityId, x1, x2, cx1, cx2, y: row, h: rowHeight - 4, dot, clipLeft: it.openStart || x(a) < left, clipRight: it.openEnd || x(b) > right });
  }
  const bins = [...binMap.values()].sort((u, v) => u.x - v.x);
  return { laneMarks, bins };
}
