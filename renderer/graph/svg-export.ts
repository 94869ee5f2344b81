/**
 * SVG of the current graph view, written from node positions and computed styles (no extension needed):
 * nodes as their shapes with fill, ring and sanctions halo; edges as straight or curved paths with width,
 * colour, dash and arrowheads; labels as text. Faded elements keep their opacity, so the image says what the
 * screen said.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF): a label
 * pasted with one would make the whole file unreadable, and main refuses such an SVG. They are dropped.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const esc = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => (Math.round(v * 10) / 10).toString();

function polygon(cx: number, cy: number, w: number, h: number, sides: number, rotate = -Math.PI / 2): string {
  const pts: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = rotate + (2 * Math.PI * i) / sides;
    pts.push(`${num(cx + (w / 2) * Math.cos(a))},${num(cy + (h / 2) * Math.sin(a))}`);
  }
  return pts.join(' ');
}

function star(cx: number, cy: number, w: number, h: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / 5;
    const r = i % 2 ? 0.38 : 1;
    pts.push(`${num(cx + (w / 2) * r * Math.cos(a))},${num(cy + (h / 2) * r * Math.sin(a))}`);
  }
  return pts.join(' ');
}

export function shapeSvg(shape: string, x: number, y: number, w: number, h: number, attrs: string): string {
  switch (shape) {
    case 'ellipse':
      return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${attrs}/>`;
    case 'rectangle':
    case 'round-rectangle':
    case 'barrel':
    case 'round-tag': {
      const rx = shape === 'rectangle' ? 0 : shape === 'barrel' ? w / 4 : Math.min(w, h) / 6;
      return `<rect x="${num(x - w / 2)}" y="${num(y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="${num(rx)}" ${attrs}/>`;
    }
    case 'diamond':
      return `<polygon points="${polygon(x, y, w, h, 4)}" ${attrs}/>`;
    case 'triangle':
    case 'round-triangle':
      return `<polygon points="${polygon(x, y + h / 10, w, h, 3)}" ${attrs}/>`;
    case 'pentagon':
    case 'round-pentagon':
      return `<polygon points="${polygon(x, y, w, h, 5)}" ${attrs}/>`;
    case 'hexagon':
      return `<polygon points="${polygon(x, y, w, h, 6, 0)}" ${attrs}/>`;
    case 'star':
      return `<polygon points="${star(x, y, w, h)}" ${attrs}/>`;
    default:
      return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${attrs}/>`;
  }
}

function px(v: string | undefined, fallback = 0): number {
  const n = parseFloat(v ?? '');
  return Number.isFinite(n) ? n : fallback;
}

function edgeSvg(e: EdgeSingular, markers: Map<string, string>): string {
  const s = e.sourceEndpoint();
  const t = e.targetEndpoint();
  const colour = e.style('line-color') as string;
  const width = px(e.style('width') as string, 1.5);
  const opacity = px(e.style('opacity') as string, 1);
  const style = e.style('line-style') as string;
  const dash = style === 'dashed' ? ' stroke-dasharray="6 4"' : style === 'dotted' ? ' stroke-dasharray="1.5 3" stroke-linecap="round"' : '';
  let d = `M${num(s.x)},${num(s.y)} L${num(t.x)},${num(t.y)}`;
  // Parallel links are drawn as curves: keep the curve through cytoscape's own midpoint.
  const m = e.midpoint();
  const lx = (s.x + t.x) / 2;
  const ly = (s.y + t.y) / 2;
  if (Math.hypot(m.x - lx, m.y - ly) > 1) d = `M${num(s.x)},${num(s.y)} Q${num(2 * m.x - lx)},${num(2 * m.y - ly)} ${num(t.x)},${num(t.y)}`;
  let marker = '';
  if ((e.style('target-arrow-shape') as string) !== 'none') {
    const key = colour.replace(/[^a-z0-9]/gi, '');
    if (!markers.has(key)) markers.set(key, colour);
    marker = ` marker-end="url(#arrow-${key})"`;
  }
  return `<path d="${d}" fill="none" stroke="${esc(colour)}" stroke-width="${num(width)}" opacity="${num(opacity)}"${dash}${marker}/>`;
}

function nodeSvg(n: NodeSingular, withLabels: boolean): string {
  const { x, y } = n.position();
  const w = n.width();
  const h = n.height();
  const opacity = px(n.style('opacity') as string, 1);
  const shape = n.style('shape') as string;
  const parts: string[] = [];
  const underlay = px(n.style('underlay-opacity') as string, 0);
  if (underlay > 0) {
    const pad = px(n.style('underlay-padding') as string, 0);
    parts.push(`<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2 + pad)}" ry="${num(h / 2 + pad)}" fill="${esc(n.style('underlay-color') as string)}" opacity="${num(underlay)}"/>`);
  }
  const bw = px(n.style('border-width') as string, 0);
  parts.push(shapeSvg(shape, x, y, w, h, `fill="${esc(n.style('background-color') as string)}" stroke="${esc(n.style('border-color') as string)}" stroke-width="${num(bw)}"`));
  const label = withLabels ? String(n.data('label') ?? '') : '';
  if (label) {
    const fontSize = px(n.style('font-size') as string, 11);
    const italic = (n.style('font-style') as string) === 'italic' ? ' font-style="italic"' : '';
    parts.push(
      `<text x="${num(x)}" y="${num(y + h / 2 + 4 + fontSize)}" text-anchor="middle" font-size="${num(fontSize)}"${italic} fill="${esc(n.style('color') as string)}" stroke="${esc(n.style('text-outline-color') as string)}" stroke-width="3" paint-order="stroke">${esc(label)}</text>`,
    );
  }
  return `<g opacity="${num(opacity)}">${parts.join('')}</g>`;
}

/** The visible graph as a standalone SVG document (UTF-8 text). */
export function graphToSvg(cy: Core, opts: { background?: string; title?: string } = {}): string {
  const nodes = cy.nodes(':visible');
  const edges = cy.edges(':visible');
  const bb = cy.elements(':visible').boundingBox({ includeLabels: true, includeUnderlays: true } as never);
  const pad = 20;
  const x0 = (Number.isFinite(bb.x1) ? bb.x1 : 0) - pad;
  const y0 = (Number.isFinite(bb.y1) ? bb.y1 : 0) - pad;
  const w = (Number.isFinite(bb.w) ? bb.w : 100) + 2 * pad;
  const h = (Number.isFinite(bb.h) ? bb.h : 100) + 2 * pad;
  const markers = new Map<string, string>();
  const edgeParts = edges.map((e) => edgeSvg(e, markers));
  const withLabels = nodes.length <= 2000;
  const nodeParts = nodes.map((n) => nodeSvg(n, withLabels));
  const defs = [...markers]
    .map(([key, colour]) => `<marker id="arrow-${key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${esc(colour)}"/></marker>`)
    .join('');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(w)} ${num(h)}" width="${Math.ceil(w)}" height="${Math.ceil(h)}" font-family="Helvetica, Arial, sans-serif">`,
    opts.title ? `<title>${esc(opts.title)}</title>` : '',
    defs ? `<defs>${defs}</defs>` : '',
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(w)}" height="${num(h)}" fill="${esc(opts.background ?? '#ffffff')}"/>`,
    `<g class="edges">${edgeParts.join('')}</g>`,
    `<g class="nodes">${nodeParts.join('')}</g>`,
    `</svg>`,
  ].join('\n');
}
