/**
 * The timeline pane in a real browser (Debian Chromium through playwright-core, as graph-ui runs it), at the
 * size of a real case: 5k entities / 15k links (test/helpers/graph-fixtures.ts clusteredNetwork, its dated
 * links become ~10k items in ~4.5k lanes, each link in both ends' lanes).
 *
 * Steps, each with the longest main-thread task (PerformanceObserver 'longtask'; target <= 100 ms):
 *  - open: parse the model as it arrives over IPC (JSON text), place the lanes (rows counted at the fitted
 *    range, capped, density bars), pack the lanes near the viewport (shared/graph/timeline-layout.ts) and draw
 *    the first screenful on the canvas (renderer/timeline/draw.ts);
 *  - brush: 40 pointer moves of a brush across the plot (the overlay moves; nothing is laid out again), then
 *    the window shade;
 *  - zoom: 12 wheel steps in and out (the lanes near the viewport packed again + draw), median and worst step;
 *  - scroll: jump to 40 positions through the lanes (the lanes there packed, then drawn; median frame).
 *
 * Baseline, in the same run: the old drawing, one SVG element per mark — the layout without a row cap and the
 * same marks as SVG markup (shared/graph/timeline-svg.ts timelineBody) put into the page in one go, then the
 * same brush moved as an SVG rect over it. This is a lower bound for the old React view, which also
 * reconciled every mark on each brush move; the app's old pane did the same work inside React.
 */
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath, chromiumProblem, REPO_ROOT } from '../../e2e/environment';
import type { BenchRow, BenchSuite } from '../types';
import { round } from '../util';

const ORIGIN = 'http://bench.localhost';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const N = 5000;
const WIDTH = 1200;
const HEIGHT = 230;

const PAGE_ENTRY = `
import { timelineFromSnapshot } from './shared/graph/timeline';
import { defaultRange, laneFrames, layoutTimeline } from './shared/graph/timeline-layout';
import { HATCH_DEF, timelineBody } from './shared/graph/timeline-svg';
import { drawTimeline, themeOf } from './renderer/timeline/draw';
import { zoomRange } from './renderer/timeline/scene';
import { clusteredNetwork } from './test/helpers/graph-fixtures';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
const settle = async () => { await frame(); await frame(); await new Promise((r) => setTimeout(r, 60)); };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? 0; };
const tasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); }).observe({ type: 'longtask' });
const longest = () => { const m = Math.max(0, ...tasks); tasks.length = 0; return m; };

const W = ${WIDTH}, H = ${HEIGHT};
let text = null;
const stage = () => document.getElementById('stage');

window.__bench = {
  prepare(n) {
    const model = timelineFromSnapshot(clusteredNetwork(n, 3 * n, 42));
    text = JSON.stringify(model);
    return { items: model.items.length, lanes: model.lanes.length, bytes: text.length };
  },
  /** The canvas view: parse, lay out, draw a screenful; then brush, zoom and scroll it. */
  async canvas() {
    stage().replaceChildren();
    await settle(); longest();
    const t0 = performance.now();
    const model = JSON.parse(text);
    const parseMs = performance.now() - t0;
    const r0 = defaultRange(model);
    // As the view does: lane places once, then only the lanes near the viewport packed.
    const frames = laneFrames(model, { width: W });
    const band = (top) => ({ top: Math.max(0, top - 256), bottom: top + H + 512 });
    let layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, frames, band: band(0) });
    const c = document.createElement('canvas');
    c.width = W; c.height = H; c.style.width = W + 'px'; c.style.height = H + 'px';
    stage().append(c);
    const ctx = c.getContext('2d');
    const theme = themeOf(c);
    const draw = (scrollTop = 0) => drawTimeline(ctx, layout, { scrollTop, viewWidth: W, viewHeight: H, dpr: 1, selected: new Set(), related: null, selectedLane: null, theme });
    draw();
    await frame();
    const openMs = performance.now() - t0;
    await settle();
    const openTask = longest();
    const marks = layout.inView;
    const dense = frames.lanes.filter((f) => f.dense).length;

    // Brush: the overlay moves, as the app's brush does (no layout, no redraw of the canvas).
    const brush = document.createElement('div');
    brush.style.cssText = 'position:absolute;top:0;height:' + H + 'px;background:rgba(45,114,210,.18);pointer-events:none';
    stage().append(brush);
    longest();
    const b0 = performance.now();
    for (let i = 0; i < 40; i++) { brush.style.left = '400px'; brush.style.width = (10 + i * 15) + 'px'; await frame(); }
    const shade = document.createElement('div');
    shade.style.cssText = 'position:absolute;top:0;left:400px;width:600px;height:' + H + 'px;background:rgba(251,179,96,.2)';
    stage().append(shade);
    brush.remove();
    await frame();
    const brushMs = (performance.now() - b0) / 41;
    await settle();
    const brushTask = longest();

    // Zoom: layout + draw per wheel step.
    let range = r0;
    const steps = [];
    for (let i = 0; i < 12; i++) {
      const s0 = performance.now();
      range = zoomRange(range, i < 8 ? 0.6 : 1.8, (range.from + range.to) / 2);
      layout = layoutTimeline(model, { width: W, from: range.from, to: range.to, frames, band: band(0) });
      draw();
      await frame();
      steps.push(performance.now() - s0);
    }
    await settle();
    const zoomTask = longest();

    // Scroll: jump to 40 positions through the lanes (the band moves: the lanes there are packed, then drawn).
    await settle(); longest();
    const times = [];
    for (let i = 0; i < 40; i++) {
      const s0 = performance.now();
      const top = (i / 40) * Math.max(0, frames.height - H);
      layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, frames, band: band(top) });
      draw(top);
      await frame();
      times.push(performance.now() - s0);
    }
    await settle();
    const scrollTask = longest();
    return { parseMs, openMs, openTask, brushMs, brushTask, zoomMedian: median(steps), zoomMax: Math.max(...steps), zoomTask, scrollMedian: median(times), scrollTask, marks, dense, height: layout.height };
  },
  /** The baseline: the old drawing, one SVG element per mark, every mark in the page. */
  async svg() {
    stage().replaceChildren();
    await settle(); longest();
    const t0 = performance.now();
    const model = JSON.parse(text);
    const r0 = defaultRange(model);
    const layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, maxRows: 1e9 });
    const host = document.createElement('div');
    host.style.cssText = 'height:' + H + 'px;overflow-y:auto';
    host.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + layout.height + '"><defs>' + HATCH_DEF + '</defs>' + timelineBody(layout) + '<rect id="brush" x="0" y="0" width="0" height="' + layout.height + '" fill="#2d72d2" opacity="0.18"/></svg>';
    stage().append(host);
    await frame();
    const openMs = performance.now() - t0;
    await settle();
    const openTask = longest();
    const marks = layout.marks.length;
    const rect = host.querySelector('#brush');
    longest();
    const b0 = performance.now();
    for (let i = 0; i < 40; i++) { rect.setAttribute('x', '400'); rect.setAttribute('width', String(10 + i * 15)); await frame(); }
    await frame();
    const brushMs = (performance.now() - b0) / 41;
    await settle();
    const brushTask = longest();
    stage().replaceChildren();
    await settle();
    return { openMs, openTask, brushMs, brushTask, marks };
  },
};
`;

async function openPage(code: string): Promise<{ page: Page; close(): Promise<void> }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/bench.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
    if (path === '/' || path === '/index.html')
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;font-family:Helvetica,Arial,sans-serif"><div id="stage" style="position:relative;width:1200px"></div><script type="module" src="/bench.js"></script></body></html>',
      });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => 'canvas' in ((globalThis as unknown as { __bench?: object }).__bench ?? {}), undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`the bench page did not start: ${errors.join('; ') || 'no error reported'}`);
  });
  return { page, close: () => browser.close() };
}

type CanvasResult = {
  parseMs: number;
  openMs: number;
  openTask: number;
  brushMs: number;
  brushTask: number;
  zoomMedian: number;
  zoomMax: number;
  zoomTask: number;
  scrollMedian: number;
  scrollTask: number;
  marks: number;
  dense: number;
  height: number;
};
type SvgResult = { openMs: number; openTask: number; brushMs: number; brushTask: number; marks: number };
type BenchApi = { prepare(n: number): { items: number; lanes: number; bytes: number }; canvas(): Promise<CanvasResult>; svg(): Promise<SvgResult> };
const bench = (page: Page) => ({
  prepare: (n: number) => page.evaluate((k) => (globalThis as unknown as { __bench: BenchApi }).__bench.prepare(k), n),
  canvas: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.canvas()),
  svg: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.svg()),
});

const LONG = 100;
const task = (metric: string, ms: number, base?: number): BenchRow => ({
  metric: `longest main-thread task: ${metric}`,
  value: round(ms),
  unit: 'ms',
  ...(base !== undefined ? { baseline: round(base), ratio: round(ms / Math.max(1, base), 2) } : {}),
  target: `<= ${LONG} ms`,
  pass: ms <= LONG,
});

export const suite: BenchSuite = {
  name: 'timeline-ui',
  description: 'timeline pane in Chromium at 5k entities / 15k links: canvas drawing of the visible lanes (rows capped, density bars) against the old one-SVG-element-per-mark drawing; longest main-thread task on opening, brushing, zooming, scrolling',
  async run({ log }) {
    const problem = chromiumProblem();
    if (problem) throw new Error(problem);
    log('bundling the bench page (timeline layout, canvas drawing, fixtures)');
    const out = await build({ bundle: true, format: 'esm', target: 'chrome120', write: false, logLevel: 'silent', absWorkingDir: REPO_ROOT, stdin: { contents: PAGE_ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'timeline-ui-bench-page.ts' } });
    const { page, close } = await openPage(out.outputFiles[0]!.text);
    const rows: BenchRow[] = [];
    try {
      const b = bench(page);
      const k = `${N / 1000}k/${(3 * N) / 1000}k`;
      const p = await b.prepare(N);
      log(`model ${k}: ${p.items} dated items, ${p.lanes} lanes, ${round(p.bytes / 1e6, 1)} MB of JSON`);
      rows.push({ metric: `timeline model ${k}: dated items / lanes`, value: p.items, unit: `items (${p.lanes} lanes)` });
      // The baseline first (a fresh page state), then the canvas view.
      const svg = await b.svg();
      log(`old SVG ${k}: ${svg.marks} marks; open ${round(svg.openMs)} ms (longest task ${round(svg.openTask)} ms); brush ${round(svg.brushMs, 1)} ms/move (longest task ${round(svg.brushTask)} ms)`);
      const cv = await b.canvas();
      log(
        `canvas ${k}: ${cv.marks} item placements on the axis, ${cv.dense} lanes with density bars, ${cv.height} px of lanes; open ${round(cv.openMs)} ms (longest task ${round(cv.openTask)} ms); brush ${round(cv.brushMs, 1)} ms/move (task ${round(cv.brushTask)} ms); zoom step median ${round(cv.zoomMedian)} ms, worst ${round(cv.zoomMax)} ms (task ${round(cv.zoomTask)} ms); scroll frame ${round(cv.scrollMedian, 1)} ms (task ${round(cv.scrollTask)} ms)`,
      );
      rows.push({ metric: `open ${k}: parse + layout + first screen drawn (canvas; baseline old SVG)`, value: round(cv.openMs), unit: 'ms', baseline: round(svg.openMs), ratio: round(cv.openMs / Math.max(1, svg.openMs), 2) });
      rows.push({ metric: `open ${k}: of which JSON.parse of the model (the IPC answer; the same for both)`, value: round(cv.parseMs), unit: 'ms' });
      rows.push(task(`timeline open ${k} (canvas; baseline old SVG)`, cv.openTask, svg.openTask));
      rows.push({ metric: `brush ${k}: time per pointer move (canvas; baseline old SVG)`, value: round(cv.brushMs, 1), unit: 'ms', baseline: round(svg.brushMs, 1), ratio: round(cv.brushMs / Math.max(0.1, svg.brushMs), 2) });
      rows.push(task(`timeline brushing ${k} (canvas; baseline old SVG)`, cv.brushTask, svg.brushTask));
      rows.push({ metric: `zoom ${k}: one wheel step, layout + draw (median)`, value: round(cv.zoomMedian), unit: 'ms', target: '<= 100 ms', pass: cv.zoomMedian <= 100 });
      rows.push({ metric: `zoom ${k}: one wheel step, layout + draw (worst)`, value: round(cv.zoomMax), unit: 'ms' });
      rows.push(task(`timeline zoom ${k}`, cv.zoomTask));
      rows.push({ metric: `scroll ${k}: redraw of the visible lanes (median frame)`, value: round(cv.scrollMedian, 1), unit: 'ms', target: '<= 33 ms', pass: cv.scrollMedian <= 33 });
      rows.push(task(`timeline scroll ${k}`, cv.scrollTask));
      rows.push({ metric: `item placements on the axis at fit, ${k} (baseline: old SVG, one element each)`, value: cv.marks, unit: 'items', baseline: svg.marks });
      rows.push({ metric: `lanes with density bars at fit, ${k} (more items than ${6} rows)`, value: cv.dense, unit: 'lanes' });
    } finally {
      await close();
    }
    return rows;
  },
};
