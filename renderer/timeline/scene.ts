/**
 * The pure parts of the timeline view (no DOM, unit-tested): which lanes a scrolled viewport shows, what lies
 * under the pointer (a mark, a density bar, a lane), the keyboard's order of items, and zoom / pan of the
 * shown range. The layout itself (lanes, sub-rows, density bars) is shared/graph/timeline-layout.ts, the same
 * one the SVG export draws.
 */
import type { DensityBin, LaidLane, Mark, TimelineLayout } from '../../shared/graph/timeline-layout';
import { DENSITY_HEIGHT, prepared } from '../../shared/graph/timeline-layout';
import type { TimelineItem, TimelineModel } from '../../shared/graph/timeline';

/** Narrowest and widest span shown, in days: from a week (days on the axis) to 250 years (decades). */
export const MIN_SPAN = 7;
export const MAX_SPAN = 365.25 * 250;

export interface Range {
  from: number;
  to: number;
}

/** Index of the lane under `y` (layout coordinates), or -1 (above the first, below the last). */
export function laneIndexAt(l: TimelineLayout, y: number): number {
  let lo = 0;
  let hi = l.lanes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const lane = l.lanes[mid]!;
    if (y < lane.y) hi = mid - 1;
    else if (y >= lane.y + lane.height) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Lanes [start, end) that meet the band [top, bottom) of layout coordinates. */
export function visibleLanes(l: TimelineLayout, top: number, bottom: number): [number, number] {
  let lo = 0;
  let hi = l.lanes.length;
  // First lane whose bottom is below `top`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const lane = l.lanes[mid]!;
    if (lane.y + lane.height <= top) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < l.lanes.length && l.lanes[end]!.y < bottom) end++;
  return [lo, end];
}

export type Hit = { kind: 'mark'; mark: Mark; lane: LaidLane } | { kind: 'density'; bin: DensityBin; lane: LaidLane } | { kind: 'lane'; lane: LaidLane } | null;

/**
 * What lies at (x, y) in layout coordinates: a mark (the last drawn wins, as on screen; `slop` pixels of
 * tolerance, open-end arrows included), a density bar, or just a lane.
 */
export function hitTest(l: TimelineLayout, x: number, y: number, slop = 2): Hit {
  const i = laneIndexAt(l, y);
  if (i < 0) return null;
  const lane = l.lanes[i]!;
  if (x < l.labelWidth) return { kind: 'lane', lane };
  for (let k = lane.marks.length - 1; k >= 0; k--) {
    const m = lane.marks[k]!;
    const left = m.x1 - slop - (m.clipLeft ? 6 : 0);
    const right = Math.max(m.x2, m.x1 + 2) + slop + (m.clipRight ? 6 : 0);
    if (x >= left && x <= right && y >= m.y - slop && y <= m.y + m.h + slop) return { kind: 'mark', mark: m, lane };
  }
  if (lane.bins.length && y >= lane.binY - 1 && y <= lane.binY + DENSITY_HEIGHT + 1) {
    // Bins are sorted by x: the last one starting at or before x.
    let lo = 0;
    let hi = lane.bins.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lane.bins[mid]!.x <= x) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const bin = found >= 0 ? lane.bins[found]! : null;
    if (bin && x < bin.x + l.binPx + slop) return { kind: 'density', bin, lane };
  }
  return { kind: 'lane', lane };
}

/**
 * The items on the axis in the lanes shown, within the shown dates, in the model's date order (← / → step
 * through these; lanes far from the viewport are not packed, so this does not go by marks).
 */
export function shownOrder(model: TimelineModel, l: TimelineLayout): TimelineItem[] {
  const lanes = new Set(l.lanes.map((x) => x.entityId));
  const p = prepared(model);
  return model.items.filter((it) => {
    if (!it.entities.some((e) => lanes.has(e))) return false;
    const pi = p.item(it);
    return pi.b >= l.from && pi.a <= l.to;
  });
}

/** The first lane shown that an item is in (to scroll it into view). */
export function laneOfItem(l: TimelineLayout, item: TimelineItem): LaidLane | undefined {
  return l.lanes.find((x) => item.entities.includes(x.entityId));
}

/** The next item for ← / → from the one selected (none selected: the first or the last). */
export function stepItem(order: readonly TimelineItem[], selected: string | null, dir: 1 | -1): TimelineItem | null {
  if (!order.length) return null;
  const i = selected ? order.findIndex((it) => it.id === selected) : -1;
  if (i < 0) return dir > 0 ? order[0]! : order[order.length - 1]!;
  return order[Math.max(0, Math.min(order.length - 1, i + dir))]!;
}

/** Zoom by `factor` (< 1 in) around `centre` (a day; default the middle), the span kept within MIN_SPAN..MAX_SPAN. */
export function zoomRange(r: Range, factor: number, centre?: number): Range {
  const c = centre ?? (r.from + r.to) / 2;
  const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (r.to - r.from) * factor));
  const t = (c - r.from) / (r.to - r.from);
  return { from: c - span * t, to: c + span * (1 - t) };
}

/** Pan by a fraction of the span (negative: earlier). */
export function panRange(r: Range, fraction: number): Range {
  const d = (r.to - r.from) * fraction;
  return { from: r.from + d, to: r.to + d };
}
