/**
 * cytoscape's WebGL renderer as the graph view uses it (GraphController with `webgl: true`), in Debian Chromium
 * with SwiftShader (software WebGL2, what this machine has; the app itself picks WebGL only on a GPU):
 *  - 2,000 entities / 6,000 links drawn with WebGL, not blank (pixels read from a screenshot); 5,000 / 15,000
 *    with the renderer the app picks in this browser (canvas on software GL), for the screenshot;
 *  - level-of-detail labels: the labelled entities' names hidden while unreadable at the fitted zoom, drawn
 *    once zoomed in (the WebGL renderer ignores min-zoomed-font-size; label-lod.ts does it);
 *  - the report export (title, legend) built from the drawn model, whatever the renderer;
 *  - a lost WebGL context (a GPU reset) hands the view to the canvas renderer with every element kept, not a
 *    blank canvas; a browser without WebGL2 gets the canvas renderer from the start.
 * The page is the graph-ui bench page (test/bench/suites/graph-ui.ts): the view's modules bundled with esbuild,
 * no app, no vault. Screenshots go to test-results/e2e/graph-webgl-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, openPage } from '../bench/suites/graph-ui';
import { chromiumPath, chromiumProblem, e2eSkipped, SCREENSHOT_DIR, SKIP_MESSAGE } from './environment';
import { CHROMIUM_ARGS } from './harness';

/** Drawn with WebGL: a large view (above 1,500 entities), small enough for software WebGL on a loaded box. */
const N = 2000;
/** Drawn with the renderer the app picks here. */
const N_CHOSEN = 5000;
const SWIFTSHADER = [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader', '--use-angle=swiftshader'];

type State = { renderer: 'webgl' | 'canvas'; webglError: string | null; nodes: number; edges: number; zoom: number; layers: string[]; lodHidden: number; labelled: number };
type Bench = {
  webgl(): boolean;
  appChoosesWebgl(): boolean;
  reopen(n: number, webgl: boolean): Promise<unknown>;
  state(): State | null;
  loseContext(): boolean;
  breakWebgl2(): void;
  zoomOnLabelled(level: number): Promise<{ id: string; hidden: boolean }>;
  fitView(): void;
  reportSvg(title: string): string;
  ink(b64: string): Promise<number>;
};
const bench = <T>(page: Page, f: (b: Bench, arg: unknown) => T, arg?: unknown) =>
  page.evaluate(([src, a]) => new Function('b', 'a', `return (${src})(b, a)`)((globalThis as unknown as { __bench: Bench }).__bench, a) as T, [f.toString(), arg] as const);

/** Share of the graph's area that is not the white page: 0 for a blank canvas. */
async function ink(page: Page, name: string): Promise<number> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const png = await page.screenshot({ path: join(SCREENSHOT_DIR, `graph-webgl-${name}.png`) });
  return bench(page, (b, b64) => b.ink(b64 as string), png.toString('base64'));
}

const run = e2eSkipped() ? describe.skip : describe;
if (e2eSkipped()) console.warn(`${SKIP_MESSAGE} (graph WebGL renderer)`);

run('graph view with the WebGL renderer', () => {
  let browser: Browser | null = null;
  let code: Awaited<ReturnType<typeof bundle>>;
  beforeAll(async () => {
    const problem = chromiumProblem();
    if (problem) throw new Error(problem);
    code = await bundle();
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: SWIFTSHADER });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it(
    `draws ${N.toLocaleString('en-US')} entities with WebGL, labels by zoom, exports, and falls back to canvas when the context is lost`,
    async () => {
      const page = await openPage(browser!, code);
      if (!(await bench(page, (b) => b.webgl()))) {
        // Not a pass: this Chromium has no WebGL2 even through SwiftShader, so nothing here could be checked.
        throw new Error('no WebGL2 context in this Chromium with SwiftShader flags: the WebGL renderer cannot be tested here');
      }
      await bench(page, (b, n) => b.reopen(n as number, true), N);
      const drawn = (await bench(page, (b) => b.state()))!;
      expect(drawn.renderer).toBe('webgl');
      expect(drawn.webglError).toBeNull();
      expect(drawn.layers).toContain('layer3-webgl');
      expect([drawn.nodes, drawn.edges]).toEqual([N, 3 * N]);
      expect(await ink(page, '2k-webgl')).toBeGreaterThan(0.01);

      // Fitted, 2,000 entities are far too small for their names: the labelled ones are hidden until zoomed in.
      expect(drawn.labelled).toBeGreaterThan(100);
      expect(drawn.zoom).toBeLessThan(9 / 11);
      await expect.poll(async () => (await bench(page, (b) => b.state()))!.lodHidden, { timeout: 10_000 }).toBeGreaterThanOrEqual(drawn.labelled);
      const zoomed = await bench(page, (b) => b.zoomOnLabelled(2));
      expect(zoomed.hidden).toBe(false);
      await ink(page, '2k-webgl-zoomed');
      await bench(page, (b) => b.fitView());

      // The report export is built from the model, not read back from the WebGL canvas: every entity, title, legend.
      const svg = await bench(page, (b) => b.reportSvg('Coastal network (WebGL)'));
      expect(svg).toContain('Coastal network (WebGL)');
      expect(svg).toContain('>Legend</text>');
      const nodesPart = svg.slice(svg.indexOf('<g class="nodes">'));
      expect(nodesPart.split('<g opacity=').length - 1).toBe(N);

      // A GPU reset: the context is lost; the canvas renderer takes over with everything still drawn.
      expect(await bench(page, (b) => b.loseContext())).toBe(true);
      await expect.poll(async () => (await bench(page, (b) => b.state()))!.renderer, { timeout: 30_000 }).toBe('canvas');
      const after = (await bench(page, (b) => b.state()))!;
      expect(after.webglError).toMatch(/lost/);
      expect(after.layers).not.toContain('layer3-webgl');
      expect([after.nodes, after.edges]).toEqual([N, 3 * N]);
      await page.waitForTimeout(500);
      expect(await ink(page, '2k-after-context-lost')).toBeGreaterThan(0.01);
      await page.close();
    },
    300_000,
  );

  it(`draws ${N_CHOSEN.toLocaleString('en-US')} entities with the renderer the app picks in this browser`, async () => {
    const page = await openPage(browser!, code);
    const webgl = await bench(page, (b) => b.appChoosesWebgl());
    await bench(page, (b, a) => b.reopen((a as { n: number }).n, (a as { webgl: boolean }).webgl), { n: N_CHOSEN, webgl });
    const s = (await bench(page, (b) => b.state()))!;
    console.log(`[graph-webgl] ${N_CHOSEN} entities: the app picks ${webgl ? 'WebGL' : 'canvas'} here; drawn with ${s.renderer}`);
    expect(s.renderer).toBe(webgl ? 'webgl' : 'canvas');
    expect([s.nodes, s.edges]).toEqual([N_CHOSEN, 3 * N_CHOSEN]);
    expect(await ink(page, `5k-${s.renderer}`)).toBeGreaterThan(0.01);
    await page.close();
  }, 300_000);

  it('gives a browser without WebGL2 the canvas renderer, not a blank view', async () => {
    const page = await openPage(browser!, code);
    await bench(page, (b) => b.breakWebgl2());
    await bench(page, (b) => b.reopen(2000, true));
    const s = (await bench(page, (b) => b.state()))!;
    expect(s.renderer).toBe('canvas');
    expect(s.webglError).toMatch(/webgl2/i);
    // Three canvas layers, none left over from the failed attempt.
    expect(s.layers).toHaveLength(3);
    expect([s.nodes, s.edges]).toEqual([2000, 6000]);
    expect(await ink(page, '2k-no-webgl2')).toBeGreaterThan(0.01);
    await page.close();
  }, 120_000);
});
