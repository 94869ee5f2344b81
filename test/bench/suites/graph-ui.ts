/**
 * The graph view in a real browser (Debian Chromium through playwright-core, as the e2e tests run it):
 *  - time to first render and to layout settled for 1k and 5k entities (≈3 links each, the deterministic
 *    clustered network of test/helpers/graph-fixtures.ts), through the view's own GraphController: elements
 *    built by graph-style.ts, fcose 'draft' in the layout worker (the app's path for views above 300 nodes);
 *  - reopening a case with a saved layout (preset positions, no layout) at 5k;
 *  - the concentric alternative at 5k (main thread);
 *  - frame time while panning the 5k view (median, p95), with the canvas renderer in the app's large-view
 *    settings, and with cytoscape's WebGL renderer when this Chromium can create a WebGL context;
 *  - the app's path for a large case: load into the analytics worker, group by community there, pack and draw the
 *    meta-nodes (5k and 20k), open the largest group; pan/zoom frame time on the 20k overview;
 *  - every entity drawn at 5k (at 20k only with GRAPH_UI_ALL_20K=1: see below);
 *  - drawing every entity chunked across frames (the app) against one cy.batch (the old path: the baseline);
 *  - the longest main-thread task of each step (PerformanceObserver 'longtask'), against 100 ms, and for the
 *    overview, opening a group and reopening, the longest task by thread CPU time (Chromium tracing), which the
 *    machine's load inflates much less than wall time;
 *  - WebGL against canvas, same steps in the same run (ratio > 1: WebGL slower): first render, opening a group,
 *    reopening, pan/zoom frames (median, p95) and the longest main-thread task (CPU); and the renderer that
 *    actually drew (a WebGL instance that fails falls back to canvas). The app's choice follows these: software
 *    WebGL costs the main thread less CPU but frames far slower, so large views use WebGL only on a GPU.
 *
 * GRAPH_UI_QUICK=1: canvas only; GRAPH_UI_SIZES=5000: one size; GRAPH_UI_OVERVIEW_ONLY=1: the overview steps only;
 * GRAPH_UI_SKIP_ALL=1: not the "all drawn" step (reopen still runs).
 *
 * The page is bundled here with esbuild (the view's modules plus the layout worker) and served by request
 * routing; nothing touches the network. Headless Chromium runs with --disable-gpu, so canvas drawing is
 * software: frame times are an upper bound for a machine with a GPU.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, chromiumProblem, REPO_ROOT } from '../../e2e/environment';
import { traceMainThread } from '../../e2e/main-thread-cpu';
import type { BenchRow, BenchSuite } from '../types';
import { round } from '../util';

const ORIGIN = 'http://bench.localhost';
/** The e2e harness's flags; WebGL variants add SwiftShader (software GL) explicitly. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Every step runs at both sizes: 5k entities / 15k links and 20k / 60k (issue 13's acceptance). */
const SIZES = process.env.GRAPH_UI_SIZES ? process.env.GRAPH_UI_SIZES.split(',').map(Number) : [5000, 20000];
const PAN_FRAMES = 150;

// The page script: runs in Chromium. Imports resolve from the repository root.
const PAGE_ENTRY = `
import { GraphController, webglAvailable, webglRendererName } from './renderer/graph/graph-controller';
import { buildElements, metaElements, overviewDiscs, overviewPositions } from './renderer/graph/graph-style';
import { GraphWorkerClient } from './shared/graph/graph-worker-api';
import { clusteredNetwork } from './test/helpers/graph-fixtures';
import { reportSvg } from './renderer/graph/report-export';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

// Long tasks (> 50 ms on the main thread), for "longest task per step".
const tasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); }).observe({ type: 'longtask' });
const longest = () => { const m = Math.max(0, ...tasks); tasks.length = 0; return m; };

let ctl = null;
function fresh(opts) {
  if (ctl) ctl.destroy();
  const el = document.getElementById('cy');
  el.replaceChildren();
  ctl = new GraphController(el, { large: opts.n > 1500, webgl: opts.webgl, dark: false, positions: opts.positions ?? {}, onSelect() {}, onPositions() {}, onBusy() {}, onError(m) { throw new Error(m); } });
  return ctl;
}
const snaps = new Map();
const snap = (n) => { if (!snaps.has(n)) snaps.set(n, clusteredNetwork(n, 3 * n, 42)); return snaps.get(n); };

window.__bench = {
  webgl() { try { const c = document.createElement('canvas'); return !!(c.getContext('webgl2') ?? c.getContext('webgl')); } catch { return false; } },
  glName() { return webglRendererName(); },
  appChoosesWebgl() { return webglAvailable(); },
  /** Draw every entity: the app's chunked add (or the old single batch, the baseline), then fcose draft in the worker. */
  async open(n, webgl, chunked) {
    const s = snap(n);
    await frame(); longest();
    const t0 = performance.now();
    const c = fresh({ n, webgl });
    const els = buildElements({ snapshot: s });
    let firstPaint = null;
    if (chunked) {
      const done = c.syncChunked(els, new Set(), () => { if (firstPaint === null) firstPaint = performance.now() - t0; });
      await done;
    } else c.sync(els, new Set());
    await frame(); await frame();
    const firstRender = performance.now() - t0;
    const renderTask = longest();
    await c.layout('fcose');
    await frame(); await frame();
    const settled = performance.now() - t0;
    const layoutTask = longest();
    const pos = {};
    c.cy.nodes().forEach((x) => { pos[x.id()] = { ...x.position() }; });
    window.__positions = pos;
    return { firstPaint: firstPaint ?? firstRender, firstRender, settled, renderTask, layoutTask, nodes: c.cy.nodes().length, edges: c.cy.edges().length };
  },
  /**
   * The app's path for a large case (graph-screen.tsx): load into the analytics worker, group by community there,
   * pack the discs (no force layout: shared/graph/overview-layout.ts), draw the meta-nodes and fit.
   */
  async overview(n, webgl) {
    const s = snap(n);
    await frame(); longest();
    const t0 = performance.now();
    const client = new GraphWorkerClient(() => new Worker('/analytics.worker.js', { type: 'module' }));
    await client.load(s);
    const m = await client.run({ kind: 'meta', groupBy: 'community', open: [] });
    const tMeta = performance.now() - t0;
    const c = fresh({ n, webgl });
    const discs = overviewDiscs(m);
    await c.syncChunked(metaElements(m, { discs }), new Set());
    c.fit();
    await frame(); await frame();
    const firstRender = performance.now() - t0;
    // Packed, not laid out: settled once drawn (kept as its own row for the acceptance's "settled").
    const settled = firstRender;
    const task = longest();
    window.__ov = { s, client, m, discs, c };
    return { tMeta, firstRender, settled, task, groups: m.groups.length, metaLinks: m.metaLinks.length };
  },
  /** Open the largest group of the overview just drawn (double-click in the app): its members go inside its disc, the others stay. */
  async openGroup() {
    const { s, client, m, discs, c } = window.__ov;
    await frame(); longest();
    const big = m.groups[0];
    const t1 = performance.now();
    const m2 = await client.run({ kind: 'meta', groupBy: 'community', open: [big.id] });
    for (const [id, p] of Object.entries(overviewPositions(m2, discs))) c.positions.set(id, p);
    const els = [...buildElements({ snapshot: s, nodes: new Set(m2.nodes), links: new Set(m2.links) }), ...metaElements(m2, { discs })];
    await c.syncChunked(els, new Set());
    await frame(); await frame();
    const openMs = performance.now() - t1;
    const openTask = longest();
    client.dispose();
    return { openMs, openTask, opened: big.count };
  },
  async reopen(n, webgl) {
    const s = snap(n);
    await frame(); longest();
    const t0 = performance.now();
    // Saved positions: the layout's from the step before, else spread on a spiral (any placement will do here).
    const positions = window.__positions ?? Object.fromEntries(s.nodes.map((x, i) => [x.id, { x: 40 * Math.sqrt(i) * Math.cos(i), y: 40 * Math.sqrt(i) * Math.sin(i) }]));
    const c = fresh({ n, webgl, positions });
    await c.syncChunked(buildElements({ snapshot: s, positions }), new Set());
    c.fit();
    await frame(); await frame();
    return { firstRender: performance.now() - t0, task: longest() };
  },
  /** Which renderer the current view uses, and what is drawn (the WebGL test reads it). */
  state() {
    if (!ctl) return null;
    const cy = ctl.cy;
    return {
      renderer: ctl.renderer,
      webglError: ctl.webglError,
      nodes: cy.nodes().length,
      edges: cy.edges().length,
      zoom: cy.zoom(),
      layers: [...document.querySelectorAll('#cy canvas')].map((c) => c.getAttribute('data-id')),
      lodHidden: cy.$('.lod-hidden').length,
      labelled: cy.nodes('.labelled').length,
    };
  },
  /** Stand in for a GPU reset: the WebGL context is lost (the controller falls back to canvas). */
  loseContext() { return ctl ? ctl.loseWebglContext() : false; },
  /** This page's WebGL2 stops working (getContext('webgl2') answers null), as on a browser without it. */
  breakWebgl2() {
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) { return type === 'webgl2' ? null : orig.call(this, type, ...rest); };
  },
  /** Zoom to this level around the most central labelled node; resolves after two frames. */
  async zoomOnLabelled(level) {
    const cy = ctl.cy;
    const n = cy.nodes('.labelled').first();
    cy.zoom({ level, position: n.position() });
    cy.center(n);
    await new Promise((r) => setTimeout(r, 400));
    await frame(); await frame();
    return { id: n.id(), hidden: n.hasClass('lod-hidden') };
  },
  fitView() { ctl.fit(); },
  /** Share of a PNG (base64) that is not white: 0 for a blank view (the WebGL test reads screenshots with it). */
  async ink(b64) {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const x = c.getContext('2d');
    x.drawImage(img, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) inked++;
    return inked / (d.length / 4);
  },
  /** The report export (title, legend) built from the drawn model, as the app's export dialog does. */
  reportSvg(title) {
    return reportSvg(ctl.cy, { title, legend: true, caseName: 'Bench case', date: '2026-01-01', window: null, timeMode: 'fade', colourBy: 'kind', sizeBy: 'degree', communities: [], kindsPresent: new Set(['person', 'company']), counts: 'bench' }, '#ffffff');
  },
  async concentric() {
    longest();
    const t0 = performance.now();
    await ctl.layout('concentric');
    await frame();
    return { ms: performance.now() - t0, task: longest() };
  },
  async pan(frames) {
    const cy = ctl.cy;
    cy.fit(undefined, 20);
    await frame(); await frame();
    longest();
    const times = [];
    let last = await frame();
    // A software WebGL frame can take seconds: stop after 15 s whatever the count.
    const stopAt = performance.now() + 15000;
    for (let i = 0; i < frames && performance.now() < stopAt; i++) {
      if (i % 50 < 40) cy.panBy({ x: i % 60 < 30 ? 6 : -6, y: 2 * Math.sin(i / 10) });
      else cy.zoom({ level: cy.zoom() * (i % 2 ? 1.05 : 0.95), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      const t = await frame();
      times.push(t - last);
      last = t;
    }
    return { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), frames: times.length, task: longest() };
  },
};
`;

export async function bundle(): Promise<{ page: string; worker: string; analytics: string }> {
  const common = { bundle: true, format: 'esm' as const, target: 'chrome120', write: false, logLevel: 'silent' as const, absWorkingDir: REPO_ROOT };
  const page = await build({ ...common, stdin: { contents: PAGE_ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'graph-ui-bench-page.ts' } });
  const worker = await build({ ...common, entryPoints: ['renderer/graph/layout.worker.ts'] });
  const analytics = await build({ ...common, entryPoints: ['renderer/graph/analytics.worker.ts'] });
  return { page: page.outputFiles![0]!.text, worker: worker.outputFiles![0]!.text, analytics: analytics.outputFiles![0]!.text };
}

export async function openPage(browser: Browser, code: { page: string; worker: string; analytics: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    // The controller starts its worker at new URL('./layout.worker.ts', import.meta.url): serve the bundle there.
    if (path === '/bench.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code.page });
    if (path === '/layout.worker.ts') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code.worker });
    if (path === '/analytics.worker.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code.analytics });
    if (path === '/' || path === '/index.html')
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="cy" style="position:absolute;inset:0"></div><script type="module" src="/bench.js"></script></body></html>',
      });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (process.env.GRAPH_UI_DEBUG) page.on('console', (m) => console.error(`[page] ${m.text()}`));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => 'webgl' in ((globalThis as unknown as { __bench?: object }).__bench ?? {}), undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`the bench page did not start: ${errors.join('; ') || 'no error reported'}`);
  });
  return page;
}

type OpenResult = { firstPaint: number; firstRender: number; settled: number; renderTask: number; layoutTask: number; nodes: number; edges: number };
type OverviewResult = { tMeta: number; firstRender: number; settled: number; task: number; groups: number; metaLinks: number };
type OpenGroupResult = { openMs: number; openTask: number; opened: number };
type PanResult = { median: number; p95: number; max: number; frames: number; task: number };
type BenchApi = {
  webgl(): boolean;
  glName(): string | null;
  appChoosesWebgl(): boolean;
  open(n: number, webgl: boolean, chunked: boolean): Promise<OpenResult>;
  overview(n: number, webgl: boolean): Promise<OverviewResult>;
  openGroup(): Promise<OpenGroupResult>;
  reopen(n: number, webgl: boolean): Promise<{ firstRender: number; task: number }>;
  concentric(): Promise<{ ms: number; task: number }>;
  pan(frames: number): Promise<PanResult>;
  state(): { renderer: 'webgl' | 'canvas'; webglError: string | null } | null;
};
const api = (page: Page) => ({
  webgl: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.webgl()),
  glName: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.glName()),
  appChoosesWebgl: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.appChoosesWebgl()),
  open: (n: number, webgl: boolean, chunked: boolean) => page.evaluate(([n, w, c]) => (globalThis as unknown as { __bench: BenchApi }).__bench.open(n, w, c), [n, webgl, chunked] as const),
  overview: (n: number, webgl: boolean) => page.evaluate(([n, w]) => (globalThis as unknown as { __bench: BenchApi }).__bench.overview(n, w), [n, webgl] as const),
  openGroup: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.openGroup()),
  reopen: (n: number, webgl: boolean) => page.evaluate(([n, w]) => (globalThis as unknown as { __bench: BenchApi }).__bench.reopen(n, w), [n, webgl] as const),
  concentric: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.concentric()),
  pan: (frames: number) => page.evaluate((f) => (globalThis as unknown as { __bench: BenchApi }).__bench.pan(f), frames),
  state: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.state()),
});

/** A step with Chromium's tracing on: the longest main-thread task by thread CPU time (see main-thread-cpu.ts). */
async function traced<T>(page: Page, f: () => Promise<T>): Promise<{ r: T; cpu: number }> {
  const t = await traceMainThread(page);
  try {
    const r = await f();
    return { r, cpu: (await t.take()).cpu[0] ?? 0 };
  } finally {
    await t.stop();
  }
}

const LONG = 100;
const cpuRow = (metric: string, ms: number): BenchRow => ({ metric: `longest main-thread task, CPU time: ${metric}`, value: round(ms), unit: 'ms', target: `<= ${LONG} ms`, pass: ms <= LONG });
const taskRow = (metric: string, ms: number): BenchRow => ({ metric: `longest main-thread task: ${metric}`, value: round(ms), unit: 'ms', target: `<= ${LONG} ms`, pass: ms <= LONG });
const sizeLabel = (n: number) => `${n / 1000}k/${(3 * n) / 1000}k`;

type Variant = 'canvas' | 'webgl';
/** What the comparison rows (WebGL against canvas) need from each variant. */
type Measured = {
  overview?: OverviewResult;
  overviewCpu?: number;
  openGroup?: OpenGroupResult;
  openGroupCpu?: number;
  overviewPan?: PanResult;
  all?: OpenResult;
  allPan?: PanResult;
  reopen?: { firstRender: number; task: number };
  reopenCpu?: number;
};

export const suite: BenchSuite = {
  name: 'graph-ui',
  description:
    'graph view in Chromium at 5k/15k and 20k/60k: a large case opened grouped (analytics worker + meta-nodes), every entity drawn (chunked vs one batch), layout settled, pan/zoom frame time, longest main-thread task per step; canvas and WebGL (SwiftShader), WebGL against canvas',
  async run({ log }) {
    const problem = chromiumProblem();
    if (problem) throw new Error(problem);
    log('bundling the bench page (graph view modules + layout and analytics workers)');
    const code = await bundle();
    const rows: BenchRow[] = [];
    const measured: Record<Variant, Record<number, Measured>> = { canvas: {}, webgl: {} };

    // GRAPH_UI_QUICK=1: the canvas variant only (a quick look while tuning). GRAPH_UI_OVERVIEW_ONLY=1: the grouped
    // overview steps only (drawing all 20k with a layout takes many minutes on a loaded machine).
    const overviewOnly = !!process.env.GRAPH_UI_OVERVIEW_ONLY;
    for (const variant of process.env.GRAPH_UI_QUICK ? (['canvas'] as const) : (['canvas', 'webgl'] as const)) {
      const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: variant === 'webgl' ? [...ARGS, '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] : ARGS });
      try {
        let page = await openPage(browser, code);
        let b = api(page);
        const webgl = variant === 'webgl';
        const available = await b.webgl();
        const choice = await b.appChoosesWebgl();
        log(`${variant} browser: WebGL context ${available ? `yes (${(await b.glName()) || 'renderer unnamed'})` : 'no'}; the app would draw large views with ${choice ? 'WebGL' : 'canvas'}`);
        rows.push({ metric: `${variant} browser: the app picks WebGL for large views (1 = yes, 0 = canvas)`, value: choice ? 1 : 0, unit: '' });
        if (webgl) {
          rows.push({ metric: 'WebGL context available (SwiftShader flags; 1 = yes)', value: available ? 1 : 0, unit: '' });
          if (!available) {
            log('WebGL: no context in this Chromium, skipping the WebGL variant');
            continue;
          }
        } else rows.push({ metric: 'WebGL context available with the e2e flags (--disable-gpu; 1 = yes)', value: available ? 1 : 0, unit: '' });

        /** One step; a page that dies (seen at 20k on a loaded machine) is reported as a failed row and replaced. */
        const step = async (name: string, f: () => Promise<void>) => {
          try {
            await f();
          } catch (e) {
            log(`${name}: FAILED (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
            rows.push({ metric: `${name}: the page crashed or the step failed`, value: 1, unit: '', pass: false });
            await page.close().catch(() => undefined);
            page = await openPage(browser, code);
            b = api(page);
          }
        };

        for (const n of SIZES) {
          // A fresh page per size: the 5k graphs and their workers are gone before the 20k ones come.
          await page.close();
          page = await openPage(browser, code);
          b = api(page);
          const k = sizeLabel(n);
          const m: Measured = (measured[variant][n] = {});

          // The app's path for a large case: grouped by community in the worker, meta-nodes drawn; then pan/zoom it.
          await step(`${variant} grouped overview ${k}`, async () => {
            const { r: o, cpu: oCpu } = await traced(page, () => b.overview(n, webgl));
            m.overview = o;
            m.overviewCpu = oCpu;
            const { r: g, cpu: gCpu } = await traced(page, () => b.openGroup());
            m.openGroup = g;
            m.openGroupCpu = gCpu;
            log(`${variant} overview ${k}: ${o.groups} groups, ${o.metaLinks} meta-links; grouped in ${round(o.tMeta)} ms, first render ${round(o.firstRender)} ms, settled ${round(o.settled)} ms, longest task ${round(o.task)} ms (CPU ${round(oCpu)} ms); open a group of ${g.opened} in ${round(g.openMs)} ms (longest task ${round(g.openTask)} ms, CPU ${round(gCpu)} ms)`);
            rows.push({ metric: `${variant}: grouped overview, ${k}: first render (worker load + grouping + draw)`, value: round(o.firstRender), unit: 'ms', target: '<= 1000 ms', pass: o.firstRender <= 1000 });
            rows.push({ metric: `${variant}: grouped overview, ${k}: settled (packed discs, no force layout)`, value: round(o.settled), unit: 'ms', target: '<= 5000 ms', pass: o.settled <= 5000 });
            rows.push(taskRow(`${variant} grouped overview ${k}, open`, o.task));
            rows.push(cpuRow(`${variant} grouped overview ${k}, open`, oCpu));
            rows.push({ metric: `${variant}: grouped overview, ${k}: open the largest group (${g.opened} entities, placed inside its disc)`, value: round(g.openMs), unit: 'ms' });
            rows.push(taskRow(`${variant} ${k} open a group`, g.openTask));
            rows.push(cpuRow(`${variant} ${k} open a group`, gCpu));
            const pan = await b.pan(PAN_FRAMES);
            m.overviewPan = pan;
            log(`${variant} pan/zoom the ${k} overview over ${pan.frames} frames: median ${round(pan.median, 1)} ms, p95 ${round(pan.p95, 1)} ms, longest task ${round(pan.task)} ms`);
            rows.push({ metric: `${variant}: frame time while panning/zooming the ${k} overview (median)`, value: round(pan.median, 1), unit: 'ms', target: '<= 33 ms', pass: pan.median <= 33 });
            rows.push({ metric: `${variant}: frame time while panning/zooming the ${k} overview (p95)`, value: round(pan.p95, 1), unit: 'ms' });
            rows.push(taskRow(`${variant} pan/zoom the ${k} overview`, pan.task));
          });

          // Every entity drawn ("Draw all"): chunked (the app) against one synchronous batch (the old path, baseline;
          // canvas only, the same cytoscape work either way).
          if (overviewOnly) continue;
          // GRAPH_UI_SKIP_ALL=1: not the "all drawn" step (minutes on a loaded machine); reopen then uses spread
          // positions instead of the layout's.
          const skipAll = !!process.env.GRAPH_UI_SKIP_ALL;
          // Every entity of 20k/60k in cytoscape's canvas renderer (software raster here) and fcose over all of them
          // took longer than a bench run can wait on this shared machine; it is not how the app opens such a case
          // (grouped, the step above). GRAPH_UI_ALL_20K=1 runs it.
          if (n > 5000 && !process.env.GRAPH_UI_ALL_20K) {
            log(`${variant} all drawn ${k}: not run (set GRAPH_UI_ALL_20K=1); a ${k} case opens grouped`);
            continue;
          }
          if (!skipAll) await step(`${variant} all drawn ${k}`, async () => {
            const base = variant === 'canvas' ? await b.open(n, webgl, false) : null;
            const r = await b.open(n, webgl, true);
            m.all = r;
            log(`${variant} all ${k}: ${r.nodes} nodes / ${r.edges} edges; first paint ${round(r.firstPaint)} ms, all drawn ${round(r.firstRender)} ms, settled ${round(r.settled)} ms; longest task drawing ${round(r.renderTask)} ms, layout ${round(r.layoutTask)} ms${base ? `; one batch: ${round(base.firstRender)} ms, longest task ${round(base.renderTask)} ms` : ''}`);
            rows.push({ metric: `${variant}: all drawn, ${k}: first chunk painted`, value: round(r.firstPaint), unit: 'ms' });
            rows.push({
              metric: `${variant}: all drawn, ${k}: every element drawn (chunked${base ? '; baseline one cy.batch' : ''})`,
              value: round(r.firstRender),
              unit: 'ms',
              ...(base ? { baseline: round(base.firstRender), ratio: round(r.firstRender / base.firstRender, 2) } : {}),
              ...(n === 5000 ? { target: '<= 1000 ms', pass: r.firstRender <= 1000 } : {}),
            });
            rows.push({ ...taskRow(`${variant} drawing all ${k} (chunked${base ? '; baseline one batch' : ''})`, r.renderTask), ...(base ? { baseline: round(base.renderTask), ratio: round(r.renderTask / Math.max(1, base.renderTask), 2) } : {}) });
            rows.push({ metric: `${variant}: all drawn, ${k}: layout settled (fcose draft, worker)`, value: round(r.settled), unit: 'ms', ...(n === 5000 ? { target: '<= 5000 ms', pass: r.settled <= 5000 } : {}) });
            rows.push(taskRow(`${variant} layout of all ${k}`, r.layoutTask));
            const pan = await b.pan(PAN_FRAMES);
            m.allPan = pan;
            log(`${variant} pan all ${k} over ${pan.frames} frames: median ${round(pan.median, 1)} ms, p95 ${round(pan.p95, 1)} ms, max ${round(pan.max, 1)} ms, longest task ${round(pan.task)} ms`);
            rows.push({ metric: `${variant}: frame time while panning/zooming all ${k} (median)`, value: round(pan.median, 1), unit: 'ms', target: '<= 33 ms', pass: pan.median <= 33 });
            rows.push({ metric: `${variant}: frame time while panning/zooming all ${k} (p95)`, value: round(pan.p95, 1), unit: 'ms' });
            rows.push(taskRow(`${variant} pan/zoom all ${k}`, pan.task));
          });

          if (n === 5000) {
            await step(`${variant} reopen all ${k}`, async () => {
              const { r: re, cpu: reCpu } = await traced(page, () => b.reopen(n, webgl));
              m.reopen = re;
              m.reopenCpu = reCpu;
              const st = await b.state();
              if (st) rows.push({ metric: `${variant}: renderer drawing the reopened ${k} view (1 = WebGL, 0 = canvas${st.webglError ? `; WebGL failed: ${st.webglError}` : ''})`, value: st.renderer === 'webgl' ? 1 : 0, unit: '' });
              log(`${variant} reopen ${k} with saved layout: ${round(re.firstRender)} ms, longest task ${round(re.task)} ms (CPU ${round(reCpu)} ms)`);
              rows.push({ metric: `${variant}: reopen all ${k} with saved layout (no layout run)`, value: round(re.firstRender), unit: 'ms' });
              rows.push(taskRow(`${variant} reopen all ${k}`, re.task));
              rows.push(cpuRow(`${variant} reopen all ${k}`, reCpu));
              if (!webgl) {
                const c = await b.concentric();
                rows.push({ metric: `concentric layout (main thread), ${k}`, value: round(c.ms), unit: 'ms' });
                rows.push(taskRow(`concentric layout ${k} (main thread, for comparison)`, c.task));
              }
            });
          }
        }
      } finally {
        await browser.close();
      }
    }

    // WebGL (software here) against canvas, same steps: ratio > 1 = WebGL slower.
    for (const n of SIZES) {
      const c = measured.canvas[n];
      const w = measured.webgl[n];
      if (!c || !w) continue;
      const k = sizeLabel(n);
      const cmp = (metric: string, webglMs: number | undefined, canvasMs: number | undefined) => {
        if (webglMs === undefined || canvasMs === undefined) return;
        rows.push({ metric: `WebGL vs canvas: ${metric}, ${k}`, value: round(webglMs, 1), unit: 'ms', baseline: round(canvasMs, 1), ratio: round(webglMs / Math.max(0.1, canvasMs), 2) });
      };
      cmp('grouped overview first render', w.overview?.firstRender, c.overview?.firstRender);
      cmp('overview pan/zoom frame (median)', w.overviewPan?.median, c.overviewPan?.median);
      cmp('all drawn', w.all?.firstRender, c.all?.firstRender);
      cmp('all drawn pan/zoom frame (median)', w.allPan?.median, c.allPan?.median);
      cmp('all drawn pan/zoom frame (p95)', w.allPan?.p95, c.allPan?.p95);
      cmp('overview pan/zoom frame (p95)', w.overviewPan?.p95, c.overviewPan?.p95);
      cmp('reopen all with saved layout, first render', w.reopen?.firstRender, c.reopen?.firstRender);
      cmp('open the largest group', w.openGroup?.openMs, c.openGroup?.openMs);
      // Main-thread work: software WebGL rasterises in the GPU process, so these can favour it while frames do not.
      cmp('longest main-thread task, CPU: overview open', w.overviewCpu, c.overviewCpu);
      cmp('longest main-thread task, CPU: open a group', w.openGroupCpu, c.openGroupCpu);
      cmp('longest main-thread task, CPU: reopen all', w.reopenCpu, c.reopenCpu);
      cmp('longest main-thread task (wall): drawing all', w.all?.renderTask, c.all?.renderTask);
      cmp('longest main-thread task (wall): pan/zoom all', w.allPan?.task, c.allPan?.task);
    }
    return rows;
  },
};
