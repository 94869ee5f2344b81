/**
 * The timeline as a standalone SVG document for reports: a header (title, case, date of the export, the
 * graph's time window), the axis, one lane per entity, the marks (./timeline-layout.ts) and a legend. Used by
 * the renderer's export (then rasterised for PNG) and by `sanctum timeline --svg`. Every string is escaped
 * (`xmlText`); the model's labels already went through witness protection in main, and main scans the image
 * again before writing it.
 *
 * Pure (no Node, no DOM).
 */
import { fromDay, TIMELINE_KINDS, type TimelineModel } from './timeline';
import { DENSITY_HEIGHT, layoutTimeline, TIMELINE_COLOURS, TIMELINE_KIND_LABELS, type LayoutOptions, type TimelineLayout } from './timeline-layout';

/** Characters XML 1.0 cannot carry are dropped (a pasted control character would make the file unreadable). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlText = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => (Math.round(v * 10) / 10).toString();

export interface TimelineSvgOptions extends Partial<LayoutOptions> {
  title?: string;
  /** Date of the export (YYYY-MM-DD), shown in the header. */
  generated?: string;
  /** The graph's date window, shaded and stated in the header. */
  window?: { from?: string; to?: string } | null;
  /** Item ids drawn highlighted. */
  selected?: readonly string[];
}

export const HEADER_HEIGHT = 64;
const LEGEND_HEIGHT = 34;

export function windowText(w: { from?: string; to?: string } | null | undefined): string {
  if (!w || (!w.from && !w.to)) return 'Time window: all dates';
  return `Time window: ${w.from ?? '…'} – ${w.to ?? '…'}`;
}

/** The marks, axis and lanes of a layout as SVG elements (no document wrapper), shifted down by `dy`. */
export function timelineBody(l: TimelineLayout, o: { dy?: number; selected?: ReadonlySet<string>; window?: { from?: string; to?: string } | null } = {}): string {
  const dy = o.dy ?? 0;
  const Y = (y: number) => num(y + dy);
  const parts: string[] = [];
  const right = l.labelWidth + l.plotWidth;
  // The graph's window, shaded behind everything.
  if (o.window && (o.window.from || o.window.to)) {
    const a = o.window.from ? l.x(dayOfPartial(o.window.from, 'start')) : l.labelWidth;
    const b = o.window.to ? l.x(dayOfPartial(o.window.to, 'end')) : right;
    const x1 = Math.max(l.labelWidth, a);
    const x2 = Math.min(right, b);
    if (x2 > x1) parts.push(`<rect class="tl-window" x="${num(x1)}" y="${Y(0)}" width="${num(x2 - x1)}" height="${num(l.height)}" fill="#fbb360" opacity="0.18"/>`);
  }
  parts.push(`<line x1="${num(l.labelWidth)}" y1="${Y(l.top)}" x2="${num(right)}" y2="${Y(l.top)}" stroke="#8f99a8"/>`);
  for (const t of l.ticks) {
    parts.push(`<line x1="${num(t.x)}" y1="${Y(t.major ? 2 : 10)}" x2="${num(t.x)}" y2="${Y(l.height)}" stroke="${t.major ? '#abb3bf' : '#dce0e5'}" stroke-width="1"/>`);
    parts.push(`<text x="${num(t.x + 3)}" y="${Y(l.top - 8)}" font-size="11" fill="#404854"${t.major ? ' font-weight="bold"' : ''}>${xmlText(t.label)}</text>`);
  }
  l.lanes.forEach((lane, i) => {
    if (i % 2 === 1) parts.push(`<rect x="0" y="${Y(lane.y)}" width="${num(right)}" height="${num(lane.height)}" fill="#8f99a8" opacity="0.08"/>`);
    parts.push(
      `<text x="6" y="${Y(lane.y + Math.min(lane.height / 2 + 4, 19))}" font-size="12" fill="#1c2127"${lane.isWitness ? ' font-style="italic"' : ''}>${xmlText(truncate(lane.name, Math.floor(l.labelWidth / 7)))}</text>`,
    );
  });
  for (const m of l.marks) {
    const c = TIMELINE_COLOURS[m.item.kind];
    const sel = o.selected?.has(m.item.id) ? ' stroke="#1c2127" stroke-width="2"' : '';
    if (m.dot) {
      parts.push(`<circle cx="${num((m.x1 + m.x2) / 2)}" cy="${Y(m.y + m.h / 2)}" r="${num(m.h / 2)}" fill="${c}"${sel}/>`);
      continue;
    }
    parts.push(`<rect x="${num(m.x1)}" y="${Y(m.y)}" width="${num(Math.max(2, m.x2 - m.x1))}" height="${num(m.h)}" rx="2" fill="${c}" opacity="${m.item.approximate ? 0.22 : 0.32}"${sel}/>`);
    if (m.item.approximate) parts.push(`<rect x="${num(m.x1)}" y="${Y(m.y)}" width="${num(Math.max(2, m.x2 - m.x1))}" height="${num(m.h)}" fill="url(#tl-hatch)"/>`);
    if (m.cx1 !== null && m.cx2 !== null) parts.push(`<rect x="${num(m.cx1)}" y="${Y(m.y + 2)}" width="${num(m.cx2 - m.cx1)}" height="${num(m.h - 4)}" fill="${c}"/>`);
    if (m.clipRight) parts.push(`<path d="M${num(m.x2)},${Y(m.y)} l6,${num(m.h / 2)} l-6,${num(m.h / 2)} z" fill="${c}"/>`);
    if (m.clipLeft) parts.push(`<path d="M${num(m.x1)},${Y(m.y)} l-6,${num(m.h / 2)} l6,${num(m.h / 2)} z" fill="${c}"/>`);
  }
  // Items beyond a lane's rows: density bars (height by count, relative to the lane's busiest bar).
  for (const lane of l.lanes) {
    if (!lane.bins.length) continue;
    const max = lane.bins.reduce((a, b) => Math.max(a, b.count), 1);
    for (const b of lane.bins) {
      const h = densityHeight(b.count, max);
      parts.push(`<rect class="tl-density" x="${num(b.x)}" y="${Y(lane.binY + DENSITY_HEIGHT - h)}" width="${num(Math.max(1, l.binPx - 1))}" height="${num(h)}" fill="${DENSITY_COLOUR}"><title>${b.count} more</title></rect>`);
    }
  }
  return parts.join('');
}

/** Colour of the density bars (items beyond a lane's rows). */
export const DENSITY_COLOUR = '#5f6b7c';

/** Bar height for `count` items against the lane's busiest bar (square root: a single item stays visible). */
export function densityHeight(count: number, max: number): number {
  return Math.max(2, Math.round(DENSITY_HEIGHT * Math.sqrt(count / Math.max(1, max))));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s;
}

/** First or last day of a partial date value (YYYY, YYYY-MM, YYYY-MM-DD), in days. */
export function dayOfPartial(v: string, side: 'start' | 'end'): number {
  const [y, m, d] = v.split('-').map(Number) as [number, number | undefined, number | undefined];
  const DAY = 86_400_000;
  if (side === 'start') return Math.floor(Date.UTC(y, (m ?? 1) - 1, d ?? 1) / DAY);
  if (d !== undefined) return Math.floor(Date.UTC(y, m! - 1, d) / DAY) + 1;
  if (m !== undefined) return Math.floor(Date.UTC(y, m, 1) / DAY);
  return Math.floor(Date.UTC(y + 1, 0, 1) / DAY);
}

export const HATCH_DEF = `<pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2" opacity="0.7"/></pattern>`;

function legend(y: number, width: number): string {
  const parts: string[] = [];
  let x = 6;
  for (const k of TIMELINE_KINDS) {
    parts.push(`<rect x="${x}" y="${num(y + 6)}" width="22" height="10" rx="2" fill="${TIMELINE_COLOURS[k]}"/>`);
    parts.push(`<text x="${x + 28}" y="${num(y + 15)}" font-size="11" fill="#1c2127">${xmlText(TIMELINE_KIND_LABELS[k])}</text>`);
    x += 40 + TIMELINE_KIND_LABELS[k].length * 6.2;
  }
  parts.push(`<rect x="${x}" y="${num(y + 6)}" width="22" height="10" fill="#5f6b7c" opacity="0.32"/><rect x="${x + 6}" y="${num(y + 8)}" width="10" height="6" fill="#5f6b7c"/>`);
  parts.push(`<text x="${x + 28}" y="${num(y + 15)}" font-size="11" fill="#1c2127">light: possible dates · solid: certain · hatched: approximate · ▶ open end · grey bars: more items than rows</text>`);
  parts.push(`<text x="${num(width - 6)}" y="${num(y + 30)}" font-size="10" fill="#5f6b7c" text-anchor="end">Sanctum · witnesses appear under their pseudonym only</text>`);
  return parts.join('');
}

/** The whole document (UTF-8 text). */
export function timelineSvg(m: TimelineModel, o: TimelineSvgOptions = {}): string {
  const width = o.width ?? 1200;
  const l = layoutTimeline(m, { ...o, width });
  const height = HEADER_HEIGHT + l.height + LEGEND_HEIGHT;
  const title = o.title ?? `${m.caseName} — timeline`;
  const shown = `${fromDay(l.from)} – ${fromDay(l.to)}`;
  const header = [
    `<text x="6" y="22" font-size="17" font-weight="bold" fill="#1c2127">${xmlText(title)}</text>`,
    `<text x="6" y="42" font-size="12" fill="#404854">Case: ${xmlText(m.caseName)}${o.generated ? ` · exported ${xmlText(o.generated)}` : ''} · ${l.lanes.length} lanes · ${l.marks.length} marks</text>`,
    `<text x="6" y="58" font-size="12" fill="#404854">${xmlText(windowText(o.window))} · shown: ${xmlText(shown)}</text>`,
  ].join('');
  const empty = m.items.length === 0 ? `<text x="${num(width / 2)}" y="${num(HEADER_HEIGHT + 50)}" font-size="14" text-anchor="middle" fill="#5f6b7c">No dated events or links in this case.</text>` : '';
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${num(height)}" width="${width}" height="${Math.ceil(height)}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${xmlText(title)}</title>`,
    `<defs>${HATCH_DEF}</defs>`,
    `<rect x="0" y="0" width="${width}" height="${num(height)}" fill="#ffffff"/>`,
    header,
    `<g class="timeline">${timelineBody(l, { dy: HEADER_HEIGHT, selected: new Set(o.selected ?? []), window: o.window ?? null })}</g>`,
    empty,
    legend(HEADER_HEIGHT + l.height, width),
    `</svg>`,
  ].join('\n');
}
