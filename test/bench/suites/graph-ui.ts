/**
 * The graph view in a real browser (Debian Chromium through playwright-core, as the e2e tests run it):
 *  - time to first render and to layout settled for 1k and 5k entities (≈3 links each, the deterministic
 *    clustered network of test/helpers/graph-fixtures.ts), through the view's own GraphController: elements
 *    built by graph-style.ts, fcose 'draft' in the layout worker (the app's path for views above 300 nodes);
 *  - reopening a case with a saved layout (preset positions, no layout) at 5k;
 *  - the concentric alternative at 5k (main thread);
 *  - frame time while panning the 5k view (median, p95), with the canvas renderer in the app's large-view
 *    settings, and with cytoscape's WebGL renderer when this Chromium can create a WebGL context.
 *
 * The page is bundled here with esbuild (the view's modules plus the layout worker) and served by request
 * routing; nothing touches the network. Headless Chromium runs with --disable-gpu, so canvas drawing is
 * software: frame times are an upper bound for a machine with a GPU.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, chromiumProblem, REPO_ROOT } from '../../e2e/environment';
import type { BenchRow, BenchSuite } from '../types';
import { round } from '../util';

const ORIGIN = 'http://bench.localhost';
/** The e2e harness's flags; WebGL variants add SwiftShader (software GL) explicitly. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SIZES = [1000, 5000];
const PAN_FRAMES = 150;

// The page script: runs in Chromium. Imports resolve from the repository root.
const PAGE_ENTRY = `
import { GraphController } from './renderer/graph/graph-controller';
import { buildElements } from './renderer/graph/graph-style';
import { clusteredNetwork } from './test/helpers/graph-fixtures';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

let ctl = null;
function fresh(opts) {
  if (ctl) ctl.destroy();
  const el = document.getElementById('cy');
  el.replaceChildren();
  let busy = null;
  ctl = new GraphController(el, { large: opts.n > 1500, webgl: opts.webgl, dark: false, positions: opts.positions ?? {}, onSelect() {}, onPositions() {}, onBusy(b) { busy = b; }, onError(m) { throw new Error(m); } });
  return ctl;
}

window.__bench = {
  webgl() { try { const c = document.createElement('canvas'); return !!(c.getContext('webgl2') ?? c.getContext('webgl')); } catch { return false; } },
  async open(n, webgl) {
    const snap = clusteredNetwork(n, 3 * n, 42);
    const t0 = performance.now();
    const c = fresh({ n, webgl });
    const els = buildElements({ snapshot: snap });
    const tBuilt = performance.now();
    c.sync(els, new Set());
    const tSynced = performance.now();
    await frame(); await frame();
    const firstRender = performance.now() - t0;
    console.log('breakdown', n, 'build elements', Math.round(tBuilt - t0), 'ms; sync', Math.round(tSynced - tBuilt), 'ms; first frames', Math.round(performance.now() - tSynced), 'ms');
    await c.layout('fcose');
    await frame(); await frame();
    const settled = performance.now() - t0;
    const pos = {};
    c.cy.nodes().forEach((x) => { pos[x.id()] = { ...x.position() }; });
    window.__positions = pos;
    return { firstRender, settled, nodes: c.cy.nodes().length, edges: c.cy.edges().length };
  },
  async reopen(n, webgl) {
    const snap = clusteredNetwork(n, 3 * n, 42);
    const t0 = performance.now();
    const c = fresh({ n, webgl, positions: window.__positions });
    c.sync(buildElements({ snapshot: snap, positions: window.__positions }), new Set());
    c.fit();
    await frame(); await frame();
    return { firstRender: performance.now() - t0 };
  },
  async concentric() {
    const t0 = performance.now();
    await ctl.layout('concentric');
    await frame();
    return performance.now() - t0;
  },
  async pan(frames) {
    const cy = ctl.cy;
    cy.fit(undefined, 20);
    await frame(); await frame();
    const times = [];
    let last = await frame();
    // A software WebGL frame can take seconds: stop after 15 s whatever the count.
    const stopAt = performance.now() + 15000;
    for (let i = 0; i < frames && performance.now() < stopAt; i++) {
      cy.panBy({ x: i % 60 < 30 ? 6 : -6, y: 2 * Math.sin(i / 10) });
      const t = await frame();
      times.push(t - last);
      last = t;
    }
    return { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), frames: times.length };
  },
};
`;

async function bundle(): Promise<{ page: string; worker: string }> {
  const common = { bundle: true, format: 'esm' as const, target: 'chrome120', write: false, logLevel: 'silent' as const, absWorkingDir: REPO_ROOT };
  const page = await build({ ...common, stdin: { contents: PAGE_ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'graph-ui-bench-page.ts' } });
  const worker = await build({ ...common, entryPoints: ['renderer/graph/layout.worker.ts'] });
  return { page: page.outputFiles![0]!.text, worker: worker.outputFiles![0]!.text };
}

async function openPage(browser: Browser, code: { page: string; worker: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    // The controller starts its worker at new URL('./layout.worker.ts', import.meta.url): serve the bundle there.
    if (path === '/bench.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code.page });
    if (path === '/layout.worker.ts') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code.worker });
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

type BenchApi = {
  webgl(): boolean;
  open(n: number, webgl: boolean): Promise<{ firstRender: number; settled: number; nodes: number; edges: number }>;
  reopen(n: number, webgl: boolean): Promise<{ firstRender: number }>;
  concentric(): Promise<number>;
  pan(frames: number): Promise<{ median: number; p95: number; max: number; frames: number }>;
};
const api = (page: Page) => ({
  webgl: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.webgl()),
  open: (n: number, webgl: boolean) => page.evaluate(([n, w]) => (globalThis as unknown as { __bench: BenchApi }).__bench.open(n, w), [n, webgl] as const),
  reopen: (n: number, webgl: boolean) => page.evaluate(([n, w]) => (globalThis as unknown as { __bench: BenchApi }).__bench.reopen(n, w), [n, webgl] as const),
  concentric: () => page.evaluate(() => (globalThis as unknown as { __bench: BenchApi }).__bench.concentric()),
  pan: (frames: number) => page.evaluate((f) => (globalThis as unknown as { __bench: BenchApi }).__bench.pan(f), frames),
});

export const suite: BenchSuite = {
  name: 'graph-ui',
  description: 'graph view in Chromium: first render and layout-settled at 1k/5k entities, reopen with a saved layout, frame time while panning 5k (canvas and WebGL)',
  async run({ log }) {
    const problem = chromiumProblem();
    if (problem) throw new Error(problem);
    log('bundling the bench page (graph view modules + layout worker)');
    const code = await bundle();
    const rows: BenchRow[] = [];

    // GRAPH_UI_QUICK=1: the canvas variant only (a quick look while tuning).
    for (const variant of process.env.GRAPH_UI_QUICK ? (['canvas'] as const) : (['canvas', 'webgl'] as const)) {
      const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: variant === 'webgl' ? [...ARGS, '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] : ARGS });
      try {
        const page = await openPage(browser, code);
        const b = api(page);
        const webgl = variant === 'webgl';
        if (webgl && !(await b.webgl())) {
          log('WebGL: no context in this Chromium, skipping the WebGL variant');
          continue;
        }
        for (const n of variant === 'canvas' ? SIZES : [5000]) {
          const r = await b.open(n, webgl);
          log(`${variant} ${n}: ${r.nodes} nodes / ${r.edges} edges; first render ${round(r.firstRender)} ms, settled ${round(r.settled)} ms`);
          rows.push({ metric: `${variant}: time to first render, ${n / 1000}k nodes`, value: round(r.firstRender), unit: 'ms' });
          rows.push({ metric: `${variant}: time to layout settled (fcose draft, worker), ${n / 1000}k nodes`, value: round(r.settled), unit: 'ms', ...(n === 5000 ? { target: '<= 5000 ms', pass: r.settled <= 5000 } : {}) });
          if (n === 5000) {
            const pan = await b.pan(PAN_FRAMES);
            log(`${variant} pan 5k over ${pan.frames} frames: median ${round(pan.median, 1)} ms, p95 ${round(pan.p95, 1)} ms, max ${round(pan.max, 1)} ms`);
            rows.push({ metric: `${variant}: frame time while panning, 5k nodes (median)`, value: round(pan.median, 1), unit: 'ms', target: '<= 33 ms', pass: pan.median <= 33 });
            rows.push({ metric: `${variant}: frame time while panning, 5k nodes (p95)`, value: round(pan.p95, 1), unit: 'ms' });
            const re = await b.reopen(n, webgl);
            log(`${variant} reopen 5k with saved layout: ${round(re.firstRender)} ms`);
            rows.push({ metric: `${variant}: reopen with saved layout (no layout run), 5k nodes`, value: round(re.firstRender), unit: 'ms' });
            if (!webgl) {
              const ms = await b.concentric();
              rows.push({ metric: 'concentric layout (main thread), 5k nodes', value: round(ms), unit: 'ms' });
            }
          }
        }
      } finally {
        await browser.close();
      }
    }
    return rows;
  },
};
