/**
 * The graph as a picture for a report or a briefing: the drawn network (svg-export.ts) framed by a header
 * (title, case, date of the export, the time window and what happens outside it) and the legend, built from
 * the same style tables as the on-screen legend (graph-legend.tsx), so it cannot drift from the canvas.
 *
 * One SVG document serves every output: the SVG export itself, the PNG (rasterised at 1x–4x by
 * renderer/timeline/raster.ts) and the print view. Labels come from the snapshot (already protected in main);
 * every string is escaped here, and main scans the SVG for identities again before writing it.
 */
import type { Core } from 'cytoscape';
import { ENTITY_KINDS, ENTITY_KIND_LABELS } from '../../shared/model/vocabulary';
import { communityColour, EDGE_COLOUR, KIND_COLOURS, KIND_SHAPES, MONEY_EDGE_COLOUR, NO_ROLE_COLOUR, ROLE_GROUPS, SANCTION_COLOURS, SIZE_LABELS, type ColourBy } from './graph-style';
import { esc, graphToSvg, shapeSvg } from './svg-export';

export interface ReportMeta {
  title: string;
  caseName: string;
  /** Date of the export (YYYY-MM-DD). */
  date: string;
  /** The date window, null when none. */
  window: { from?: string; to?: string } | null;
  timeMode: 'fade' | 'hide';
  colourBy: ColourBy;
  sizeBy: string;
  communities: number[];
  kindsPresent: ReadonlySet<string>;
  /** "7 entities · 7 links", what the status line says. */
  counts: string;
  legend?: boolean;
}

/** Largest drawing area for the network at 1x (CSS pixels); smaller graphs keep their size. */
const MAX_W = 1400;
const MAX_H = 1000;
const HEADER = 78;
const LEGEND_W = 230;
const PAD = 16;

export function windowLine(w: ReportMeta['window'], mode: ReportMeta['timeMode']): string {
  if (!w || (!w.from && !w.to)) return 'Time window: all dates';
  return `Time window: ${w.from ?? '…'} – ${w.to ?? '…'} (${mode === 'hide' ? 'links outside it hidden' : 'links outside it faded'}; partial dates count when they could fall inside)`;
}

function legendSvg(m: ReportMeta, x: number, y: number): { svg: string; height: number } {
  const out: string[] = [];
  let yy = y;
  const heading = (t: string) => {
    yy += 18;
    out.push(`<text x="${x}" y="${yy}" font-size="12" font-weight="bold" fill="#1c2127">${esc(t)}</text>`);
    yy += 4;
  };
  const row = (icon: string, label: string) => {
    yy += 17;
    out.push(`<g transform="translate(${x},${yy - 12})">${icon}</g><text x="${x + 34}" y="${yy}" font-size="11" fill="#1c2127">${esc(label)}</text>`);
  };
  const circle = (fill: string, ring?: string, halo?: string) =>
    `${halo ? `<circle cx="8" cy="8" r="8" fill="${halo}" opacity="0.55"/>` : ''}<circle cx="8" cy="8" r="${halo ? 5 : 6}" fill="${fill}" stroke="${ring ?? 'none'}" stroke-width="${ring ? 2.5 : 0}"/>`;
  const line = (colour: string, width: number, dash?: string, arrow?: boolean, faded?: boolean) =>
    `<line x1="1" y1="8" x2="${arrow ? 23 : 29}" y2="8" stroke="${colour}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''} opacity="${faded ? 0.15 : 1}"/>${arrow ? `<path d="M22,3 L29,8 L22,13 z" fill="${colour}"/>` : ''}`;
  out.push(`<text x="${x}" y="${yy + 14}" font-size="14" font-weight="bold" fill="#1c2127">Legend</text>`);
  yy += 14;
  heading(`Kind (shape${m.colourBy === 'kind' ? ', colour' : ''})`);
  const kinds = ENTITY_KINDS.filter((k) => m.kindsPresent.has(k));
  for (const k of kinds.length ? kinds : ENTITY_KINDS.slice(0, 3)) row(shapeSvg(KIND_SHAPES[k], 8, 8, 13, 13, `fill="${m.colourBy === 'kind' ? KIND_COLOURS[k] : '#8f99a8'}"`), ENTITY_KIND_LABELS[k]);
  heading(`Role (${m.colourBy === 'role' ? 'fill and ring' : 'ring'})`);
  for (const g of ROLE_GROUPS) row(circle(m.colourBy === 'role' ? g.colour : 'none', g.colour), g.label);
  row(circle('none', NO_ROLE_COLOUR), 'No role recorded');
  if (m.colourBy === 'community') {
    heading('Community (fill)');
    m.communities.slice(0, 6).forEach((size, i) => row(circle(communityColour(i)), `Community ${i + 1} · ${size}`));
    if (m.communities.length > 6) row('', `+ ${m.communities.length - 6} smaller`);
  }
  heading('Sanctions');
  row(circle('#8f99a8', undefined, SANCTION_COLOURS.listed), '⚑ Listed under a regime');
  row(circle('#8f99a8', undefined, SANCTION_COLOURS.flagged), 'Flagged (affiliation)');
  heading('Links');
  row(line(EDGE_COLOUR, 2), 'Two or more independent sources');
  row(line(EDGE_COLOUR, 2, '5 3'), 'Single source');
  row(line(EDGE_COLOUR, 2, '1 3'), 'No evidence yet');
  row(line(MONEY_EDGE_COLOUR, 5), 'Money (width ∝ amount)');
  row(line(EDGE_COLOUR, 2, undefined, true), 'Direction (e.g. paid, commands)');
  row(line(EDGE_COLOUR, 2, undefined, false, true), 'Outside the time window');
  yy += 20;
  out.push(`<text x="${x}" y="${yy}" font-size="10" fill="#5f6b7c">Size: ${esc(SIZE_LABELS[m.sizeBy] ?? m.sizeBy)}.</text>`);
  yy += 14;
  out.push(`<text x="${x}" y="${yy}" font-size="10" fill="#5f6b7c">Italic name: witness pseudonym.</text>`);
  return { svg: out.join(''), height: yy - y + 8 };
}

/** The report document (UTF-8 SVG text) for the graph as drawn now. */
export function reportSvg(cy: Core, m: ReportMeta, background = '#ffffff'): string {
  const inner = graphToSvg(cy, { background });
  const vb = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(inner);
  const gw = vb ? Number(vb[3]) : 100;
  const gh = vb ? Number(vb[4]) : 100;
  const s = Math.min(MAX_W / gw, MAX_H / gh, 1.5);
  const w = Math.max(200, gw * s);
  const h = Math.max(120, gh * s);
  const withLegend = m.legend !== false;
  const legend = withLegend ? legendSvg(m, PAD + w + PAD + 8, HEADER) : { svg: '', height: 0 };
  const width = Math.ceil(PAD + w + (withLegend ? PAD + LEGEND_W : 0) + PAD);
  const height = Math.ceil(Math.max(HEADER + h, HEADER + legend.height) + PAD + 18);
  // Nest the network's own document (without its XML declaration) as a scaled <svg> element.
  const body = inner
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/^<svg /, `<svg x="${PAD}" y="${HEADER}" `)
    .replace(/ width="\d+" height="\d+"/, ` width="${w.toFixed(1)}" height="${h.toFixed(1)}"`);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${esc(m.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="${esc(background)}"/>`,
    `<text x="${PAD}" y="26" font-size="19" font-weight="bold" fill="#1c2127">${esc(m.title)}</text>`,
    `<text x="${PAD}" y="46" font-size="12" fill="#404854">Case: ${esc(m.caseName)} · exported ${esc(m.date)} · ${esc(m.counts)}</text>`,
    `<text x="${PAD}" y="64" font-size="12" fill="#404854" class="report-window">${esc(windowLine(m.window, m.timeMode))}</text>`,
    `<rect x="${PAD - 1}" y="${HEADER - 1}" width="${(w + 2).toFixed(1)}" height="${(h + 2).toFixed(1)}" fill="none" stroke="#d3d8de"/>`,
    body,
    legend.svg ? `<g class="report-legend">${legend.svg}</g>` : '',
    `<text x="${PAD}" y="${height - 8}" font-size="10" fill="#5f6b7c">Sanctum · witnesses and other protected persons appear under their pseudonym or label only</text>`,
    `</svg>`,
  ].join('\n');
}
