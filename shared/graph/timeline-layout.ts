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
}

export interface LaidLane {
  entityId: string;
  name: string;
  isWitness: boolean;
  y: number;
  height: number;
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
  marks: Mark[];
  ticks: { x: number; label: string; major: boolean }[];
  x(day: number): number;
  day(x: number): number;
}

export const AXIS_HEIGHT = 26;

/** The model's domain with 3 % margin each side (at least a fortnight), in days; null without dated items. */
export function defaultRange(m: TimelineModel): { from: number; to: number } | null {
  if (!m.domain) return null;
  const a = toDay(m.domain.from);
  const b = toDay(m.domain.to) + 1;
  const pad = Math.max(14, (b - a) * 0.03);
  return { from: a - pad, to: b + pad };
}

export function layoutTimeline(m: TimelineModel, o: LayoutOptions): TimelineLayout {
  const labelWidth = o.labelWidth ?? 180;
  const rowHeight = o.rowHeight ?? 14;
  const range = defaultRange(m) ?? { from: toDay('2000-01-01'), to: toDay('2001-01-01') };
  const from = o.from ?? range.from;
  const to = Math.max(from + 1, o.to ?? range.to);
  const plotWidth = Math.max(50, o.width - labelWidth - 12);
  const k = plotWidth / (to - from);
  const x = (day: number) => labelWidth + (day - from) * k;
  const day = (px: number) => from + (px - labelWidth) / k;
  const byId = new Map(m.items.map((it) => [it.id, it]));
  const laneList = o.lanes ? o.lanes.map((id) => m.lanes.find((l) => l.entityId === id)).filter((l): l is TimelineModel['lanes'][number] => !!l) : m.lanes;

  const lanes: LaidLane[] = [];
  const marks: Mark[] = [];
  let y = AXIS_HEIGHT;
  const left = labelWidth;
  const right = labelWidth + plotWidth;
  for (const lane of laneList) {
    // Greedy packing: each item takes the first sub-row free at its start (a few pixels apart).
    const rowsEnd: number[] = [];
    const laneMarks: Mark[] = [];
    for (const id of lane.items) {
      const it = byId.get(id);
      if (!it) continue;
      const a = toDay(it.earliest);
      const b = toDay(it.latest) + 1;
      if (b < from || a > to) continue; // off the view
      let x1 = Math.max(left, x(a));
      let x2 = Math.min(right, x(b));
      const dot = it.point && it.certain !== null && it.earliest === it.latest;
      if (dot || x2 - x1 < 6) {
        const c = (x(a) + x(b)) / 2;
        x1 = Math.max(left, c - 4);
        x2 = Math.min(right, c + 4);
      }
      let cx1: number | null = null;
      let cx2: number | null = null;
      if (it.certain && !dot) {
        const ca = Math.max(left, x(toDay(it.certain.from)));
        const cb = Math.min(right, x(toDay(it.certain.to) + 1));
        if (cb > ca) {
          cx1 = ca;
          cx2 = Math.max(cb, ca + 2);
        }
      }
      let row = rowsEnd.findIndex((end) => end + 3 <= x1);
      if (row < 0) {
        row = rowsEnd.length;
        rowsEnd.push(x2);
      } else rowsEnd[row] = x2;
      laneMarks.push({ item: it, laneId: lane.entityId, x1, x2, cx1, cx2, y: row, h: rowHeight - 4, dot, clipLeft: it.openStart || x(a) < left, clipRight: it.openEnd || x(b) > right });
    }
    const rows = Math.max(1, rowsEnd.length);
    const height = rows * rowHeight + 10;
    for (const mk of laneMarks) {
      mk.y = y + 5 + mk.y * rowHeight + 2;
      marks.push(mk);
    }
    lanes.push({ entityId: lane.entityId, name: lane.name, isWitness: lane.isWitness, y, height });
    y += height;
  }
  const maxTicks = Math.max(2, Math.floor(plotWidth / 70));
  return {
    from,
    to,
    labelWidth,
    plotWidth,
    width: o.width,
    top: AXIS_HEIGHT,
    height: y + 4,
    lanes,
    marks,
    ticks: ticks(from, to, maxTicks).map((t) => ({ x: x(t.day), label: t.label, major: t.major })),
    x,
    day,
  };
}
