/**
 * Draws a timeline layout on a canvas: only the lanes the scrolled viewport shows (a case with thousands of
 * lanes costs what a screenful costs), the axis fixed on top, marks as the SVG export draws them (light
 * possible range, hatched when approximate, solid certain part, dot for a day, arrows for open ends), density
 * bars where a lane has more items than rows, selection rings and the lane of the entity selected in the graph.
 */
import { AXIS_HEIGHT, DENSITY_HEIGHT, TIMELINE_COLOURS, type TimelineLayout } from '../../shared/graph/timeline-layout';
import { DENSITY_COLOUR, densityHeight } from '../../shared/graph/timeline-svg';
import { visibleLanes } from './scene';

export interface Theme {
  text: string;
  muted: string;
  stripe: string;
  border: string;
  borderSoft: string;
  panel: string;
}

export interface DrawState {
  scrollTop: number;
  /** CSS pixels of the canvas. */
  viewWidth: number;
  viewHeight: number;
  dpr: number;
  /** Items drawn with a ring. */
  selected: ReadonlySet<string>;
  /** Items of the entity selected in the graph (drawn stronger). */
  related: ReadonlySet<string> | null;
  selectedLane: string | null;
  theme: Theme;
}

const FONT = 'Helvetica, Arial, sans-serif';

/** The theme's colours from the CSS variables in effect on `el` (light and dark themes). */
export function themeOf(el: Element): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--s-text', '#1c2127'),
    muted: v('--s-muted', '#5f6b7c'),
    stripe: v('--s-stripe', 'rgba(143, 153, 168, 0.09)'),
    border: v('--s-border', 'rgba(17, 20, 24, 0.15)'),
    borderSoft: v('--s-border-soft', 'rgba(17, 20, 24, 0.08)'),
    panel: v('--s-panel', '#ffffff'),
  };
}

const hatchCache = new WeakMap<CanvasRenderingContext2D, CanvasPattern | null>();
function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  if (hatchCache.has(ctx)) return hatchCache.get(ctx)!;
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  let p: CanvasPattern | null = null;
  if (t) {
    t.strokeStyle = 'rgba(255, 255, 255, 0.7)';
    t.lineWidth = 2;
    t.beginPath();
    t.moveTo(-1, 7);
    t.lineTo(7, -1);
    t.moveTo(-1, 1);
    t.lineTo(1, -1);
    t.moveTo(5, 7);
    t.lineTo(7, 5);
    t.stroke();
    p = ctx.createPattern(tile, 'repeat');
  }
  hatchCache.set(ctx, p);
  return p;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function drawTimeline(ctx: CanvasRenderingContext2D, l: TimelineLayout, s: DrawState): void {
  const { theme, dpr } = s;
  const right = l.labelWidth + l.plotWidth;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, s.viewWidth, s.viewHeight);
  const top = s.scrollTop + AXIS_HEIGHT;
  const bottom = s.scrollTop + s.viewHeight;
  const [i0, i1] = visibleLanes(l, top, bottom);

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_HEIGHT, s.viewWidth, s.viewHeight - AXIS_HEIGHT);
  ctx.clip();
  ctx.translate(0, -s.scrollTop);
  // Lanes: stripes, the lane selected in the graph, names.
  ctx.font = `12px ${FONT}`;
  ctx.textBaseline = 'alphabetic';
  for (let i = i0; i < i1; i++) {
    const lane = l.lanes[i]!;
    const sel = lane.entityId === s.selectedLane;
    if (sel || i % 2 === 1) {
      ctx.fillStyle = sel ? 'rgba(45, 114, 210, 0.12)' : theme.stripe;
      ctx.fillRect(0, lane.y, right, lane.height);
    }
    ctx.fillStyle = theme.text;
    ctx.font = `${lane.isWitness ? 'italic ' : ''}${sel ? 'bold ' : ''}12px ${FONT}`;
    ctx.fillText(truncate(lane.name, 24), 6, lane.y + Math.min(lane.height / 2 + 4, 19), l.labelWidth - 10);
  }
  // Tick lines through the lanes.
  for (const t of l.ticks) {
    ctx.fillStyle = t.major ? theme.border : theme.borderSoft;
    ctx.fillRect(Math.round(t.x), top, 1, bottom - top);
  }
  for (let i = i0; i < i1; i++) drawLane(ctx, l, l.lanes[i]!, s);
  ctx.restore();
  drawAxis(ctx, l, s, right);
}

function drawLane(ctx: CanvasRenderingContext2D, l: TimelineLayout, lane: TimelineLayout['lanes'][number], s: DrawState): void {
  const pattern = hatch(ctx);
  for (const m of lane.marks) {
    const c = TIMELINE_COLOURS[m.item.kind];
    const related = s.related?.has(m.item.id) ?? false;
    ctx.fillStyle = c;
    if (m.dot) {
      ctx.beginPath();
      ctx.arc((m.x1 + m.x2) / 2, m.y + m.h / 2, m.h / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      const w = Math.max(2, m.x2 - m.x1);
      ctx.globalAlpha = related ? 0.5 : m.item.approximate ? 0.22 : 0.32;
      ctx.fillRect(m.x1, m.y, w, m.h);
      ctx.globalAlpha = 1;
      if (m.item.approximate && pattern) {
        ctx.fillStyle = pattern;
        ctx.fillRect(m.x1, m.y, w, m.h);
        ctx.fillStyle = c;
      }
      if (m.cx1 !== null && m.cx2 !== null) ctx.fillRect(m.cx1, m.y + 2, m.cx2 - m.cx1, m.h - 4);
      if (m.clipRight) arrow(ctx, m.x2, m.y, m.h, 1);
      if (m.clipLeft) arrow(ctx, m.x1, m.y, m.h, -1);
    }
    if (s.selected.has(m.item.id)) {
      ctx.strokeStyle = s.theme.text;
      ctx.lineWidth = 2;
      ctx.strokeRect(m.x1 - 2, m.y - 2, Math.max(6, m.x2 - m.x1) + 4, m.h + 4);
    }
  }
  if (lane.bins.length) {
    const max = lane.bins.reduce((a, b) => Math.max(a, b.count), 1);
    ctx.fillStyle = DENSITY_COLOUR;
    ctx.globalAlpha = 0.75;
    for (const b of lane.bins) {
      const h = densityHeight(b.count, max);
      ctx.fillRect(b.x, lane.binY + DENSITY_HEIGHT - h, Math.max(1, l.binPx - 1), h);
    }
    ctx.globalAlpha = 1;
  }
}

function arrow(ctx: CanvasRenderingContext2D, x: number, y: number, h: number, dir: 1 | -1): void {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x + 6 * dir, y + h / 2);
  ctx.lineTo(x, y + h);
  ctx.closePath();
  ctx.fill();
}

function drawAxis(ctx: CanvasRenderingContext2D, l: TimelineLayout, s: DrawState, right: number): void {
  const { theme } = s;
  ctx.fillStyle = theme.panel;
  ctx.fillRect(0, 0, s.viewWidth, AXIS_HEIGHT);
  ctx.fillStyle = theme.muted;
  ctx.fillRect(l.labelWidth, AXIS_HEIGHT, right - l.labelWidth, 1);
  ctx.textBaseline = 'alphabetic';
  for (const t of l.ticks) {
    ctx.fillStyle = t.major ? theme.border : theme.borderSoft;
    ctx.fillRect(Math.round(t.x), t.major ? 2 : 10, 1, AXIS_HEIGHT - (t.major ? 2 : 10));
    ctx.font = `${t.major ? 'bold ' : ''}11px ${FONT}`;
    ctx.fillStyle = t.major ? theme.text : theme.muted;
    ctx.fillText(t.label, t.x + 3, AXIS_HEIGHT - 8);
  }
}
