/**
 * The timeline pane in a real browser (Debian Chromium through playwright-core, as graph-ui runs it), at the
 * size of a real case: 5k entities / 15k links (test/helpers/graph-fixtures.ts clusteredNetwork, its dated
 * links become ~10k items in ~4.5k lanes, each link in both ends' lanes).
 *
 * Core (Node, a real vault seeded with the same network): `graph.timeline`'s answer built from scratch (as it
 * was on every open) against the workspace's cache (main/core/graph/timeline.ts TimelineCache), and its size.
 *
 * Steps in the browser, each with the longest main-thread task (PerformanceObserver 'longtask'; target <= 100
 * ms):
 *  - open: parse the model as it arrives over IPC (JSON text, its own task as an IPC answer is), then as the
 *    view does: the lanes down to the viewport placed (LaneFramer: rows counted at the fitted range, capped,
 *    density bars), the lanes near the viewport packed (shared/graph/timeline-layout.ts) and the first
 *    screenful drawn on the canvas (renderer/timeline/draw.ts); then the other lanes a 12 ms slice per task,
 *    laid out and drawn again every 250 ms and at the end. Baseline in the same run: the same open with every lane placed in
 *    the first task (one laneFrames call, as the view did before);
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
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { buildTimeline } from '../../../main/core/graph/timeline';
import { Repository } from '../../../main/core/store/repository';
import { createVault, unlockVault } from '../../../main/core/vault/vault';
import { Workspace } from '../../../main/core/workspace';
import { clusteredNetwork } from '../../helpers/graph-fixtures';
import { chromiumPath, chromiumProblem, REPO_ROOT } from '../../e2e/environment';
import type { BenchRow, BenchSuite } from '../types';
import { median, round, timeMs } from '../util';

const PASS = 'benchmark passphrase, not secret';
const CORE_RUNS = 3;

/**
 * `graph.timeline` in core at 5k/15k: a vault seeded with the network's entities and links (dated as the
 * fixture dates them), then the model built from scratch (what every open of the pane cost before the cache)
 * and answered by the workspace's cache, and the size of the answer.
 */
async function coreTimeline(workDir: string, log: (m: string) => void) {
  const snap = clusteredNetwork(N, 3 * N, 42);
  await initCrypto();
  const dir = join(workDir, 'vault');
  const { vault } = await createVault(dir, { passphrase: PASS, kdf: KDF_FLOOR });
  const repo = new Repository(vault);
  const caseId = repo.transact({ action: 'bench.case' }, (tx) => tx.insert('case', { name: 'Bench network', description: '', status: 'open', countries: [], tags: [] })).id;
  const idMap = new Map<string, string>();
  const base = { aliases: [], identifiers: [], roles: [], nationality: [], countries: [], description: '' };
  for (let s = 0; s < snap.nodes.length; s += 2000) {
    repo.transact({ action: 'bench.entities' }, (tx) => {
      for (const n of snap.nodes.slice(s, s + 2000)) idMap.set(n.id, tx.insert('entity', { ...base, caseId, kind: n.kind, name: n.name, roles: n.roles, nationality: n.nationality }).id);
    });
  }
  for (let s = 0; s < snap.links.length; s += 2000) {
    repo.transact({ action: 'bench.links' }, (tx) => {
      for (const l of snap.links.slice(s, s + 2000))
        tx.insert('link', { caseId, kind: l.kind, source: idMap.get(l.source), target: idMap.get(l.target), description: '', ...(l.money ? { money: l.money } : {}), ...(l.date ? { date: l.date } : {}), ...(l.start ? { start: l.start } : {}), ...(l.end ? { end: l.end } : {}) });
    });
  }
  log(`core: vault seeded with ${repo.size} records`);
  vault.close('bench');
  const v2 = await unlockVault(dir, PASS, { via: 'bench' });
  const ws = new Workspace(v2);
  try {
    const cold: number[] = [];
    let bytes = 0;
    let items = 0;
    for (let r = 0; r < CORE_RUNS; r++) cold.push(await timeMs(() => (items = buildTimeline(ws, caseId).items.length)));
    const first = await timeMs(() => ws.timelines.get(caseId));
    const warm: number[] = [];
    for (let r = 0; r < CORE_RUNS; r++) warm.push(await timeMs(() => (bytes = JSON.stringify(ws.timelines.get(caseId)).length)));
    const hits: number[] = [];
    for (let r = 0; r < CORE_RUNS; r++) hits.push(await timeMs(() => ws.timelines.get(caseId)));
    if (ws.timelines.builds !== 1) throw new Error(`the cache built ${ws.timelines.builds} times`);
    return { coldMs: median(cold), firstMs: first, hitMs: median(hits), withJsonMs: median(warm), bytes, items };
  } finally {
    ws.dispose();
    v2.close('bench');
  }
}

const ORIGIN = 'http://bench.localhost';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const N = 5000;
const WIDTH = 1200;
const HEIGHT = 230;

const PAGE_ENTRY = `
import { timelineFromSnapshot } from './shared/graph/timeline';
import { defaultRange, LaneFramer, LANE_SLICE_MS, laneFrames, layoutTimeline } from './shared/graph/timeline-layout';
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
  async canvas(oneGo) {
    stage().replaceChildren();
    await settle(); longest();
    const t0 = performance.now();
    const model = JSON.parse(text);
    const parseMs = performance.now() - t0;
    // The IPC answer arrives in a task of its own; the view renders in a later one.
    await settle();
    const parseTask = longest();
    const t1 = performance.now();
    const r0 = defaultRange(model);
    const band = (top) => ({ top: Math.max(0, top - 256), bottom: top + H + 512 });
    const c = document.createElement('canvas');
    c.width = W; c.height = H; c.style.width = W + 'px'; c.style.height = H + 'px';
    stage().append(c);
    const ctx = c.getContext('2d');
    const theme = themeOf(c);
    let layout = null;
    const draw = (scrollTop = 0) => drawTimeline(ctx, layout, { scrollTop, viewWidth: W, viewHeight: H, dpr: 1, selected: new Set(), related: null, selectedLane: null, theme });
    let frames;
    let slices = 0;
    let firstMs;
    if (oneGo) {
      // Before: every lane placed in the first task.
      frames = laneFrames(model, { width: W });
      layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, frames, band: band(0) });
      draw();
      await frame();
      firstMs = parseMs + performance.now() - t1;
    } else {
      // As the view does (renderer/timeline/timeline-view.tsx useLaneFrames): the lanes down to the band first.
      const framer = new LaneFramer(model, { width: W });
      const slice = (untilY) => { const s0 = performance.now(); framer.step({ untilY, deadline: () => performance.now() - s0 > LANE_SLICE_MS }); frames = framer.frames(); };
      slice(band(0).bottom);
      layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, frames, band: band(0) });
      draw();
      await frame();
      firstMs = parseMs + performance.now() - t1;
      let shown = performance.now();
      while (!framer.complete) {
        await new Promise((r) => setTimeout(r, 0));
        slice(Infinity);
        slices++;
        // As the view: laid out and drawn again every 250 ms and at the end (the new lanes are below the screen).
        if (framer.complete || performance.now() - shown > 250) {
          shown = performance.now();
          layout = layoutTimeline(model, { width: W, from: r0.from, to: r0.to, frames, band: band(0) });
          draw();
        }
      }
      await frame();
    }
    const openMs = parseMs + performance.now() - t1;
    await settle();
    const openTask = longest();
    if (oneGo) return { parseMs, parseTask, firstMs, openMs, openTask, slices };
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
    return { parseMs, parseTask, firstMs, openMs, openTask, slices, brushMs, brushTask, zoomMedian: median(steps), zoomMax: Math.max(...steps), zoomTask, scrollMedian: median(times), scrollTask, marks, dense, height: layout.height };
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

type OpenResult = {
  parseMs: number;
  /** Longest task while parsing (the IPC answer's own task). */
  parseTask: number;
  /** Parse + the first screen drawn. */
  firstMs: number;
  /** Parse + every lane placed. */
  openMs: number;
  /** Longest task after the parse, until every lane is placed. */
  openTask: number;
  slices: number;
};
type CanvasResult = OpenResult & {
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
type BenchApi = { prepare(n: number): { items: number; lanes: number; bytes: number }; canvas(oneGo?: boolean): Promise<CanvasResult>; svg(): Promise<SvgResult> };
const bench = (page: Page) => ({
  prepare: (n: number) => page.evaluate((k) => (globalThis as unknown as { __bench: BenchApi }).__bench.prepare(k), n),
  canvas: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.canvas()),
  oneGo: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.canvas(true)) as Promise<OpenResult>,
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
  async run({ log, workDir }) {
    const problem = chromiumProblem();
    if (problem) throw new Error(problem);
    const kc = `${N / 1000}k/${(3 * N) / 1000}k`;
    const core = await coreTimeline(workDir, log);
    log(`core ${kc}: graph.timeline built ${round(core.coldMs)} ms (median of ${CORE_RUNS}), from the cache ${round(core.hitMs, 2)} ms; answer ${round(core.bytes / 1e6, 1)} MB (${core.items} items)`);
    const coreRows: BenchRow[] = [
      { metric: `graph.timeline in core ${kc}: from the cache (baseline: built on every open, as before)`, value: round(core.hitMs, 2), unit: 'ms', baseline: round(core.coldMs), ratio: round(core.hitMs / Math.max(0.01, core.coldMs), 4) },
      { metric: `graph.timeline in core ${kc}: first open (build + keep)`, value: round(core.firstMs), unit: 'ms' },
      { metric: `graph.timeline answer ${kc}: size (JSON)`, value: round(core.bytes / 1e6, 2), unit: 'MB' },
    ];
    log('bundling the bench page (timeline layout, canvas drawing, fixtures)');
    const out = await build({ bundle: true, format: 'esm', target: 'chrome120', write: false, logLevel: 'silent', absWorkingDir: REPO_ROOT, stdin: { contents: PAGE_ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'timeline-ui-bench-page.ts' } });
    const { page, close } = await openPage(out.outputFiles[0]!.text);
    const rows: BenchRow[] = [...coreRows];
    try {
      const b = bench(page);
      const k = `${N / 1000}k/${(3 * N) / 1000}k`;
      const p = await b.prepare(N);
      log(`model ${k}: ${p.items} dated items, ${p.lanes} lanes, ${round(p.bytes / 1e6, 1)} MB of JSON`);
      rows.push({ metric: `timeline model ${k}: dated items / lanes`, value: p.items, unit: `items (${p.lanes} lanes)` });
      // The baseline first (a fresh page state), then the canvas view.
      const svg = await b.svg();
      log(`old SVG ${k}: ${svg.marks} marks; open ${round(svg.openMs)} ms (longest task ${round(svg.openTask)} ms); brush ${round(svg.brushMs, 1)} ms/move (longest task ${round(svg.brushTask)} ms)`);
      const before = await b.oneGo();
      log(`canvas ${k}, every lane placed at once (before): first screen ${round(before.firstMs)} ms, longest task after the parse ${round(before.openTask)} ms`);
      const cv = await b.canvas();
      log(
        `canvas ${k}: ${cv.marks} item placements on the axis, ${cv.dense} lanes with density bars, ${cv.height} px of lanes; parse ${round(cv.parseMs)} ms (task ${round(cv.parseTask)} ms); first screen ${round(cv.firstMs)} ms, every lane placed ${round(cv.openMs)} ms in ${cv.slices + 1} slices (longest task ${round(cv.openTask)} ms); brush ${round(cv.brushMs, 1)} ms/move (task ${round(cv.brushTask)} ms); zoom step median ${round(cv.zoomMedian)} ms, worst ${round(cv.zoomMax)} ms (task ${round(cv.zoomTask)} ms); scroll frame ${round(cv.scrollMedian, 1)} ms (task ${round(cv.scrollTask)} ms)`,
      );
      rows.push({ metric: `open ${k}: parse + first screen drawn (lanes placed a slice per task; baseline every lane at once)`, value: round(cv.firstMs), unit: 'ms', baseline: round(before.firstMs), ratio: round(cv.firstMs / Math.max(1, before.firstMs), 2) });
      rows.push({ metric: `open ${k}: parse + every lane placed (baseline old SVG, whole drawing)`, value: round(cv.openMs), unit: 'ms', baseline: round(svg.openMs), ratio: round(cv.openMs / Math.max(1, svg.openMs), 2) });
      rows.push({ metric: `open ${k}: slices after the first screen`, value: cv.slices, unit: 'tasks' });
      rows.push(task(`timeline open ${k}, after the answer is parsed (baseline: every lane at once)`, cv.openTask, before.openTask));
      rows.push(task(`parsing the ${round(p.bytes / 1e6, 1)} MB answer ${k} (JSON.parse here; structured clone over IPC in the app)`, cv.parseTask));
      rows.push(task(`old SVG open ${k} (for reference)`, svg.openTask));
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
