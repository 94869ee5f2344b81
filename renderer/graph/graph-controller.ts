/**
 * The cytoscape instance behind the graph view, outside React: keeps elements in step with what the filters
 * show (adding and removing by diff, so positions survive), runs layouts (fcose in the layout worker; concentric
 * and breadthfirst in place, they are fast), keeps an undo stack of positions, pins, keyboard moves between
 * linked entities, highlights paths, and draws PNG and SVG.
 *
 * Positions are the source of truth here (`positions`): seeded from the saved layout, updated by every layout
 * and drag, and reported through `onPositions` so the screen can persist them.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { LABELLED_IN_LARGE, stylesheet } from './graph-style';
import { FULL_QUALITY_MAX_NODES, refineIterations } from './layout-protocol';
import { LayoutCancelled, LayoutRunner } from './layout-runner';
import { nodesBox } from './fit-box';
import { graphToSvg } from './svg-export';
import { installHoverLabels } from './hover-labels';
import { installLabelLod, LARGE_VIEW_LABELLED } from './label-lod';
import { createCy } from './renderer-choice';

export type Pos = { x: number; y: number };
export type LayoutName = 'fcose' | 'concentric' | 'breadthfirst';

export interface Busy {
  label: string;
  startedAt: number;
  cancellable: boolean;
}

export interface ControllerOptions {
  webgl: boolean;
  large: boolean;
  dark: boolean;
  positions: Record<string, Pos>;
  pinned?: readonly string[];
  onSelect(sel: { kind: 'node' | 'edge'; id: string } | null): void;
  /** Positions changed (layout or drag): the changed ones. */
  onPositions(changed: Record<string, Pos>): void;
  onBusy(b: Busy | null): void;
  onLayoutDone?(info: { name: LayoutName; quality?: string; ms: number; nodes: number }): void;
  onError?(message: string): void;
  /** Double-click (double-tap) on a node: expand an entity, open a meta-node. */
  onDoubleTap?(id: string, meta: boolean): void;
  /** The renderer changed after creation (WebGL gave up: its context was lost); `reason` says why. */
  onRenderer?(renderer: 'webgl' | 'canvas', reason: string): void;
}

/** Elements added per frame by `syncChunked`: small enough that one chunk (and its frame) stays well under 100 ms. */
export const ADD_CHUNK = 400;

const nextFrame = () => new Promise<void>((r) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => r()) : setTimeout(r, 16)));

const UNDO_LIMIT = 30;

/**
 * The GL renderer's name (WEBGL_debug_renderer_info), '' without one, null without a WebGL2 context (cytoscape's
 * WebGL renderer draws through WebGL2 only; a WebGL1-only browser gets the canvas renderer).
 */
export function webglRendererName(): string | null {
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

/** Software GL: what headless Chromium (SwiftShader) and GPU-less Linux (llvmpipe) give. */
export const isSoftwareGl = (name: string) => /swiftshader|llvmpipe|software|softpipe/i.test(name);

/**
 * WebGL is worth it for large views only on a GPU. Software GL (SwiftShader, llvmpipe — what headless Chromium
 * falls back to even with --disable-gpu) was measured several times slower than the canvas renderer here (see
 * the graph-ui bench: first render, pan/zoom frame and longest task, WebGL against canvas in the same run).
 */
export function webglAvailable(): boolean {
  const name = webglRendererName();
  return name !== null && !isSoftwareGl(name);
}

/**
 * A canvas-renderer instance with no WebGL layer. cytoscape (3.34) switches its canvas renderer to four layers,
 * the fourth a WebGL2 canvas, by writing the count into a module-private prototype the first time a WebGL
 * instance is made (or attempted), and never back: every later canvas instance in the page would make a WebGL2
 * context too, and throw where WebGL2 fails (so the fallback after a failed WebGL attempt would fail as well).
 * While `make` runs, a WebGL2 context asked for gets an inert stand-in, and that layer is removed afterwards
 * (a canvas instance never draws on it; it only resizes it).
 */
export function canvasOnly<T>(container: HTMLElement, make: () => T): T {
  const proto = HTMLCanvasElement.prototype;
  const original = proto.getContext;
  const patched = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
    return type === 'webgl2' ? ({ inert: true } as unknown as WebGL2RenderingContext) : (original as (t: string, ...r: unknown[]) => RenderingContext | null).call(this, type, ...rest);
  };
  proto.getContext = patched as typeof proto.getContext;
  try {
    return make();
  } finally {
    proto.getContext = original;
    container.querySelectorAll('canvas[data-id$="-webgl"]').forEach((c) => c.remove());
  }
}

/**
 * cytoscape adds a <style> element for its container class unless one with its id exists; our CSP forbids
 * inline styles, so a placeholder with that id stands in (graph.css positions the container itself).
 */
function preventInlineStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const placeholder = document.createElement('meta');
  placeholder.id = id;
  placeholder.name = 'sanctum-cytoscape-style';
  document.head.appendChild(placeholder);
}

export class GraphController {
  #cy: Core;
  readonly positions = new Map<string, Pos>();
  readonly pinned = new Set<string>();
  readonly #undo: Record<string, Pos>[] = [];
  readonly #runner = new LayoutRunner();
  readonly #o: ControllerOptions;
  readonly #container: HTMLElement;
  #grabbed: Record<string, Pos> | null = null;
  #destroyed = false;
  #uninstallHover: () => void = () => undefined;
  /**
   * The viewport the last fit left, while nobody has moved it since. The canvas changes size after the first fit
   * (the legend fills in when the analytics arrive, the side panel and bars re-flow): a view still as fitted is
   * fitted again then, so it keeps showing the whole graph, and F / Fit return to the same view.
   */
  #fitted: { zoom: number; pan: Pos } | null = null;
  readonly #resizeObserver: ResizeObserver | null = null;
  layoutName: LayoutName = 'fcose';
  /** Which cytoscape renderer draws this view (WebGL falls back to canvas when it fails or its context is lost). */
  renderer: 'webgl' | 'canvas' = 'canvas';
  /** Why the WebGL renderer was given up (creation threw, or its context was lost); null while it was not. */
  webglError: string | null = null;

  constructor(container: HTMLElement, o: ControllerOptions) {
    this.#o = o;
    this.#container = container;
    for (const [id, p] of Object.entries(o.positions)) this.positions.set(id, p);
    for (const id of o.pinned ?? []) this.pinned.add(id);
    preventInlineStylesheet();
    const made = createCy(container, o.webgl, (webgl) => this.#make(webgl));
    this.#cy = made.cy;
    this.renderer = made.renderer;
    this.webglError = made.webglError;
    this.#wire();
    // cytoscape notices a resize itself only after a 100 ms debounce; this keeps a fitted view fitted at once.
    if (typeof ResizeObserver === 'function') {
      this.#resizeObserver = new ResizeObserver(() => {
        if (this.#destroyed) return;
        const wasFitted = this.#isFitted();
        this.cy.resize();
        if (wasFitted) this.fit();
      });
      this.#resizeObserver.observe(container);
    }
  }

  /** The cytoscape instance: read it anew each time (a lost WebGL context replaces it with a canvas one). */
  get cy(): Core {
    return this.#cy;
  }

  #make(webgl: boolean, elements?: cytoscape.ElementDefinition[]): Core {
    const o = this.#o;
    const make = () => cytoscape({
      container: this.#container,
      style: stylesheet({ dark: o.dark, large: o.large }),
      layout: { name: 'preset' },
      ...(elements ? { elements } : {}),
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      // Large canvas views: draw edges only when still, cache the scene while panning, one pixel per pixel.
      hideEdgesOnViewport: o.large && !webgl,
      textureOnViewport: o.large && !webgl,
      pixelRatio: o.large ? 1 : 'auto',
      ...(webgl ? { renderer: { name: 'canvas', webgl: true, webglBgColor: o.dark ? [28, 33, 39] : [255, 255, 255] } } : {}),
    } as cytoscape.CytoscapeOptions);
    return webgl ? make() : canvasOnly(this.#container, make);
  }

  /** Handlers on the current cytoscape instance (again after a fallback). */
  #wire(): void {
    const o = this.#o;
    const cy = this.#cy;
    cy.on('select', 'node, edge', (e) => o.onSelect({ kind: e.target.isNode() ? 'node' : 'edge', id: e.target.id() }));
    cy.on('unselect', 'node, edge', () => {
      if (this.cy.$(':selected').empty()) o.onSelect(null);
    });
    cy.on('dbltap', 'node', (e) => o.onDoubleTap?.(e.target.id(), Number(e.target.data('meta')) === 1));
    // Link labels on hover (and when selected); in small views also once zoomed in (graph-style.ts). Readable at
    // any zoom while hovered (hover-labels.ts).
    cy.on('mouseover', 'edge', (e) => e.target.addClass('show-label'));
    cy.on('mouseout', 'edge', (e) => e.target.removeClass('show-label'));
    const uninstallHover = installHoverLabels(cy);
    // The WebGL renderer draws labels at any zoom: hide the unreadable ones as the canvas renderer does.
    const uninstallLod = this.renderer === 'webgl' ? installLabelLod(cy, o.large ? LARGE_VIEW_LABELLED : '*') : () => undefined;
    this.#uninstallHover = () => {
      uninstallHover();
      uninstallLod();
    };
    cy.on('grab', 'node', () => {
      this.#grabbed = this.#snapshotPositions();
    });
    cy.on('dragfree', 'node', (e) => {
      if (this.#grabbed) this.#pushUndo(this.#grabbed);
      this.#grabbed = null;
      const changed: Record<string, Pos> = {};
      const n = e.target as NodeSingular;
      const p = n.position();
      changed[n.id()] = { x: p.x, y: p.y };
      this.positions.set(n.id(), changed[n.id()]!);
      o.onPositions(changed);
    });
    if (this.renderer === 'webgl') {
      const gl = this.#container.querySelector('canvas[data-id$="-webgl"]');
      gl?.addEventListener('webglcontextlost', (e) => {
        // Without preventDefault the context is never restored; the canvas renderer takes over at once instead.
        e.preventDefault();
        queueMicrotask(() => this.#fallBackToCanvas('the WebGL context was lost'));
      });
    }
  }

  /**
   * The WebGL renderer cannot draw any more (its context was lost: GPU reset, driver update, too many contexts):
   * the same elements, classes, selection and viewport go to a new canvas-renderer instance, never a blank view.
   */
  #fallBackToCanvas(reason: string): void {
    if (this.#destroyed || this.renderer !== 'webgl') return;
    const old = this.#cy;
    const elements = old.elements().jsons() as unknown as cytoscape.ElementDefinition[];
    const viewport = this.viewport();
    const wasFitted = this.#isFitted();
    this.#uninstallHover();
    old.destroy();
    this.#container.replaceChildren();
    this.renderer = 'canvas';
    this.webglError = reason;
    this.#cy = this.#make(false, elements);
    this.#wire();
    if (wasFitted) this.fit();
    else this.setViewport(viewport);
    this.#o.onRenderer?.(this.renderer, reason);
  }

  /** Stand in for a lost WebGL context (tests and the bench): what a GPU reset does. */
  loseWebglContext(): boolean {
    const c = this.#container.querySelector('canvas[data-id$="-webgl"]') as HTMLCanvasElement | null;
    const ext = (c?.getContext('webgl2') as WebGL2RenderingContext | null)?.getExtension('WEBGL_lose_context');
    if (!ext) return false;
    ext.loseContext();
    return true;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#resizeObserver?.disconnect();
    this.#runner.cancel();
    this.#uninstallHover();
    this.cy.destroy();
  }

  #snapshotPositions(): Record<string, Pos> {
    const out: Record<string, Pos> = {};
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      out[n.id()] = { x: p.x, y: p.y };
    });
    return out;
  }

  #pushUndo(before: Record<string, Pos>): void {
    this.#undo.push(before);
    if (this.#undo.length > UNDO_LIMIT) this.#undo.shift();
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  /**
   * Make the drawn elements these. New nodes without a known position start at the centre of their placed
   * neighbours (so an expansion grows from the node that was expanded). Returns the ids of nodes added.
   */
  sync(elements: ElementDefinition[], fadedNodes: ReadonlySet<string>): { added: string[]; unplaced: string[] } {
    const cy = this.cy;
    const want = new Map(elements.map((e) => [String(e.data.id), e]));
    const added: string[] = [];
    const unplaced: string[] = [];
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!want.has(el.id())) el.remove();
      });
      const newNodes: ElementDefinition[] = [];
      const newEdges: ElementDefinition[] = [];
      for (const e of elements) {
        const id = String(e.data.id);
        const cur = cy.getElementById(id);
        if (cur.nonempty()) {
          cur.data(e.data);
          continue;
        }
        if (e.group === 'nodes') {
          const p = this.positions.get(id);
          if (p) e.position = { ...p };
          else unplaced.push(id);
          newNodes.push(e);
          added.push(id);
        } else newEdges.push(e);
      }
      cy.add(newNodes);
      cy.add(newEdges);
      // Seed unplaced nodes next to their placed neighbours; with none, somewhere around the centre.
      const unplacedSet = new Set(unplaced);
      let x1 = Infinity;
      let y1 = Infinity;
      let x2 = -Infinity;
      let y2 = -Infinity;
      for (const [id, p] of this.positions) {
        if (unplacedSet.has(id) || !want.has(id)) continue;
        x1 = Math.min(x1, p.x);
        y1 = Math.min(y1, p.y);
        x2 = Math.max(x2, p.x);
        y2 = Math.max(y2, p.y);
      }
      const known = x1 <= x2;
      const cx = known ? (x1 + x2) / 2 : 0;
      const cyy = known ? (y1 + y2) / 2 : 0;
      // With nothing placed yet, spread by the node count so a first draw is not one blob.
      const spread = known ? Math.max(200, Math.sqrt((x2 - x1) * (y2 - y1)) / 2) : Math.max(400, 30 * Math.sqrt(unplaced.length));
      for (const id of unplaced) {
        const n = cy.getElementById(id);
        const placed = known ? n.neighborhood('node').filter((m) => !unplacedSet.has(m.id())) : cy.collection();
        let x = cx + (Math.random() - 0.5) * spread;
        let y = cyy + (Math.random() - 0.5) * spread;
        if (placed.nonempty()) {
          x = 0;
          y = 0;
          placed.forEach((m) => {
            x += m.position().x;
            y += m.position().y;
          });
          x = x / placed.length + (Math.random() - 0.5) * 80;
          y = y / placed.length + (Math.random() - 0.5) * 80;
        }
        n.position({ x, y });
      }
      if (this.#o.large) {
        const top = new Set(
          elements
            .filter((e) => e.group === 'nodes')
            .sort((a, b) => Number(b.data.size) - Number(a.data.size))
            .slice(0, LABELLED_IN_LARGE)
            .map((e) => String(e.data.id)),
        );
        cy.nodes().forEach((n) => {
          if (top.has(n.id()) !== n.hasClass('labelled')) n.toggleClass('labelled', top.has(n.id()));
        });
      }
      cy.nodes().forEach((n) => {
        const id = n.id();
        if (fadedNodes.has(id) !== n.hasClass('time-outside')) n.toggleClass('time-outside', fadedNodes.has(id));
        if (this.pinned.has(id) !== n.hasClass('pinned')) n.toggleClass('pinned', this.pinned.has(id));
      });
    });
    return { added, unplaced };
  }

  #generation = 0;

  /**
   * `sync` for large element sets, without freezing the page: removals and updates at once, then new elements
   * added ADD_CHUNK at a time, one chunk per animation frame (nodes first, then links). New nodes get their
   * seed positions before they are added (next to placed neighbours, else spread around the centre), so no
   * chunk moves nodes already drawn. A later call supersedes an earlier one still adding (it diffs again).
   * Resolves with the ids added and those without a known position, or null when superseded.
   */
  async syncChunked(elements: ElementDefinition[], fadedNodes: ReadonlySet<string>, onProgress?: (done: number, total: number) => void): Promise<{ added: string[]; unplaced: string[] } | null> {
    const generation = ++this.#generation;
    const cy = this.cy;
    const want = new Map(elements.map((e) => [String(e.data.id), e]));
    const newNodes: ElementDefinition[] = [];
    const newEdges: ElementDefinition[] = [];
    const updates: ElementDefinition[] = [];
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!want.has(el.id())) el.remove();
      });
    });
    for (const e of elements) {
      const cur = cy.getElementById(String(e.data.id));
      if (cur.nonempty()) updates.push(e);
      else if (e.group === 'nodes') newNodes.push(e);
      else newEdges.push(e);
    }
    // Data of elements already drawn (sizes and colours once the analytics arrive): a few thousand per frame.
    for (let i = 0; i < updates.length; i += 4 * ADD_CHUNK) {
      if (i > 0) {
        await nextFrame();
        if (generation !== this.#generation || this.#destroyed) return null;
      }
      cy.batch(() => {
        for (const e of updates.slice(i, i + 4 * ADD_CHUNK)) {
          const cur = cy.getElementById(String(e.data.id));
          if (cur.nonempty()) cur.data(e.data);
        }
      });
    }
    const unplaced = this.#seedPositions(newNodes, newEdges, want);
    const classesOf = this.#classesFor(elements, fadedNodes);
    for (const e of newNodes) e.classes = classesOf(String(e.data.id));
    const all = [...newNodes, ...newEdges];
    for (let i = 0; i < all.length; i += ADD_CHUNK) {
      if (i > 0) {
        onProgress?.(i, all.length);
        await nextFrame();
        if (generation !== this.#generation || this.#destroyed) return null;
      }
      const slice = all.slice(i, i + ADD_CHUNK);
      // An edge goes in once both ends are drawn: already on the canvas, or nodes of this very chunk (a small
      // graph is one chunk, nodes and edges together).
      const chunkNodes = new Set(slice.filter((e) => e.group === 'nodes').map((e) => String(e.data.id)));
      const drawn = (id: unknown) => chunkNodes.has(String(id)) || cy.getElementById(String(id)).nonempty();
      const chunk = slice.filter((e) => e.group === 'nodes' || (drawn(e.data.source) && drawn(e.data.target)));
      cy.batch(() => cy.add(chunk));
    }
    onProgress?.(all.length, all.length);
    // Classes of the nodes that were already drawn (labels in large views, time fading, pins).
    const added = new Set(newNodes.map((e) => String(e.data.id)));
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        if (added.has(n.id())) return;
        const want = classesOf(n.id());
        for (const c of ['labelled', 'time-outside', 'pinned']) if (want.includes(c) !== n.hasClass(c)) n.toggleClass(c, want.includes(c));
      });
    });
    return { added: [...added], unplaced };
  }

  #classesFor(elements: ElementDefinition[], fadedNodes: ReadonlySet<string>): (id: string) => string[] {
    let top = new Set<string>();
    if (this.#o.large) {
      top = new Set(
        elements
          .filter((e) => e.group === 'nodes')
          .sort((a, b) => Number(b.data.size) - Number(a.data.size))
          .slice(0, LABELLED_IN_LARGE)
          .map((e) => String(e.data.id)),
      );
    }
    return (id) => [...(top.has(id) ? ['labelled'] : []), ...(fadedNodes.has(id) ? ['time-outside'] : []), ...(this.pinned.has(id) ? ['pinned'] : [])];
  }

  /** Give new nodes a position before they are added; returns those that had none saved. */
  #seedPositions(newNodes: ElementDefinition[], newEdges: ElementDefinition[], want: Map<string, ElementDefinition>): string[] {
    const unplaced: string[] = [];
    for (const e of newNodes) {
      const p = this.positions.get(String(e.data.id));
      if (p) e.position = { ...p };
      else unplaced.push(String(e.data.id));
    }
    if (!unplaced.length) return unplaced;
    const unplacedSet = new Set(unplaced);
    const placedPos = (id: string): Pos | undefined => {
      if (unplacedSet.has(id) || !want.has(id)) return undefined;
      const el = this.cy.getElementById(id);
      return el.nonempty() ? el.position() : this.positions.get(id);
    };
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const id of want.keys()) {
      const p = placedPos(id);
      if (!p) continue;
      x1 = Math.min(x1, p.x);
      y1 = Math.min(y1, p.y);
      x2 = Math.max(x2, p.x);
      y2 = Math.max(y2, p.y);
    }
    const known = x1 <= x2;
    const cx = known ? (x1 + x2) / 2 : 0;
    const cyy = known ? (y1 + y2) / 2 : 0;
    const spread = known ? Math.max(200, Math.sqrt((x2 - x1) * (y2 - y1)) / 2) : Math.max(400, 30 * Math.sqrt(unplaced.length));
    const near = new Map<string, Pos[]>();
    const all = [...newEdges, ...this.cy.edges().map((x) => ({ data: { source: x.source().id(), target: x.target().id() } }))];
    for (const e of all) {
      const s = String(e.data.source);
      const t = String(e.data.target);
      for (const [a, b] of [
        [s, t],
        [t, s],
      ] as const) {
        if (!unplacedSet.has(a)) continue;
        const p = placedPos(b);
        if (p) near.set(a, [...(near.get(a) ?? []), p]);
      }
    }
    for (const e of newNodes) {
      const id = String(e.data.id);
      if (!unplacedSet.has(id)) continue;
      const ps = near.get(id);
      if (ps?.length) {
        const x = ps.reduce((a, p) => a + p.x, 0) / ps.length;
        const y = ps.reduce((a, p) => a + p.y, 0) / ps.length;
        e.position = { x: x + (Math.random() - 0.5) * 80, y: y + (Math.random() - 0.5) * 80 };
      } else e.position = { x: cx + (Math.random() - 0.5) * spread, y: cyy + (Math.random() - 0.5) * spread };
    }
    return unplaced;
  }

  /** Move many nodes without a long task: a few thousand per frame. */
  async #applyChunked(positions: Record<string, Pos>, per = 2000): Promise<void> {
    const entries = Object.entries(positions);
    for (let i = 0; i < entries.length; i += per) {
      if (i > 0) await nextFrame();
      if (this.#destroyed) return;
      this.#apply(Object.fromEntries(entries.slice(i, i + per)));
    }
  }

  #apply(positions: Record<string, Pos>): void {
    this.cy.batch(() => {
      for (const [id, p] of Object.entries(positions)) {
        this.cy.getElementById(id).position(p);
        this.positions.set(id, p);
      }
    });
  }

  /**
   * Lay out the drawn nodes. fcose runs in the layout worker: full quality for small views, a draft for large
   * ones (refine: bounded full quality). `incremental` keeps every node that already had a place fixed and only
   * places these. Pinned nodes never move.
   */
  async layout(name: LayoutName, opts: { refine?: boolean; incremental?: string[]; fit?: boolean } = {}): Promise<boolean> {
    const cy = this.cy;
    const n = cy.nodes().length;
    if (n === 0) return false;
    const before = this.#snapshotPositions();
    const started = performance.now();
    const pinnedPositions = () =>
      [...this.pinned].filter((id) => cy.getElementById(id).nonempty()).map((id) => ({ nodeId: id, position: { ...cy.$id(id).nodes().first().position() } }));
    let quality: string | undefined;
    try {
      if (name === 'fcose') {
        const incremental = opts.incremental && opts.incremental.length < n ? new Set(opts.incremental) : null;
        quality = incremental ? 'incremental' : opts.refine || n <= FULL_QUALITY_MAX_NODES ? 'default' : 'draft';
        this.#o.onBusy({
          label: incremental ? `Placing ${incremental.size.toLocaleString('en-US')} new entities…` : `Laying out ${n.toLocaleString('en-US')} entities (${quality === 'draft' ? 'draft' : 'full quality'})…`,
          startedAt: Date.now(),
          cancellable: true,
        });
        const fixed = incremental
          ? cy
              .nodes()
              .filter((x) => !incremental.has(x.id()))
              .map((x) => ({ nodeId: x.id(), position: { ...(x as NodeSingular).position() } }))
          : pinnedPositions();
        const { positions } = await this.#runner.run({
          nodes: cy.nodes().map((x) => ({ id: x.id(), size: Number(x.data('size')) || 26, x: x.position().x, y: x.position().y })),
          edges: cy.edges().map((e) => [e.source().id(), e.target().id()] as [string, string]),
          quality: quality === 'draft' ? 'draft' : 'default',
          randomize: !incremental && !opts.refine,
          fixed,
          numIter: refineIterations(n),
        });
        if (this.#destroyed) return false;
        await this.#applyChunked(positions);
        if (this.#destroyed) return false;
      } else {
        this.#o.onBusy({ label: `Arranging ${n.toLocaleString('en-US')} entities (${name})…`, startedAt: Date.now(), cancellable: false });
        // Let the progress paint before the (synchronous) layout takes the thread.
        await new Promise((r) => setTimeout(r, 30));
        if (this.#destroyed) return false;
        const pins = pinnedPositions();
        const roots = cy.$('node:selected');
        const layout =
          name === 'concentric'
            ? cy.layout({ name: 'concentric', concentric: (x: NodeSingular) => x.degree(false), levelWidth: () => 2, minNodeSpacing: 12, animate: false, fit: false })
            : cy.layout({ name: 'breadthfirst', directed: false, spacingFactor: 1.1, animate: false, fit: false, ...(roots.nonempty() ? { roots } : {}) } as cytoscape.LayoutOptions);
        layout.run();
        for (const p of pins) cy.$id(p.nodeId).position(p.position);
        const after: Record<string, Pos> = {};
        cy.nodes().forEach((x) => {
          after[x.id()] = { ...x.position() };
        });
        this.#apply(after);
      }
    } catch (e) {
      this.#o.onBusy(null);
      if (e instanceof LayoutCancelled) return false;
      this.#o.onError?.(e instanceof Error ? e.message : 'the layout failed');
      return false;
    }
    this.layoutName = name;
    this.#pushUndo(before);
    this.#o.onBusy(null);
    if (opts.fit !== false) this.fit();
    this.#o.onPositions(this.#snapshotPositions());
    this.#o.onLayoutDone?.({ name, ...(quality ? { quality } : {}), ms: performance.now() - started, nodes: n });
    return true;
  }

  cancelLayout(): void {
    this.#runner.cancel();
  }

  /** Undo the last layout or drag. */
  undoLayout(): boolean {
    const prev = this.#undo.pop();
    if (!prev) return false;
    const present: Record<string, Pos> = {};
    for (const [id, p] of Object.entries(prev)) if (this.cy.getElementById(id).nonempty()) present[id] = p;
    this.#apply(present);
    this.#o.onPositions(present);
    return true;
  }

  setPinned(id: string, on: boolean): void {
    if (on) this.pinned.add(id);
    else this.pinned.delete(id);
    this.cy.getElementById(id).toggleClass('pinned', on);
  }

  select(id: string, opts: { centre?: boolean } = {}): void {
    const el = this.cy.getElementById(id);
    if (el.empty()) return;
    this.cy.$(':selected').unselect();
    el.select();
    if (opts.centre) this.cy.animate({ center: { eles: el }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 250 });
  }

  clearSelection(): void {
    this.cy.$(':selected').unselect();
  }

  /** Move the selection to the linked entity lying most in the arrow's direction. */
  moveSelection(dir: 'left' | 'right' | 'up' | 'down'): string | null {
    const cy = this.cy;
    const cur = cy.$('node:selected').nodes().first() as NodeSingular;
    if (cur.empty()) {
      const first = cy.nodes().sort((a, b) => b.degree(false) - a.degree(false)).first();
      if (first.empty()) return null;
      this.select(first.id(), { centre: true });
      return first.id();
    }
    const p = cur.position();
    const want = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[dir];
    let best: NodeSingular | null = null;
    let bestScore = -Infinity;
    const candidates = cur.neighborhood('node').nonempty() ? cur.neighborhood('node') : cy.nodes().not(cur);
    candidates.forEach((m: NodeSingular) => {
      const q = m.position();
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const d = Math.hypot(dx, dy) || 1;
      const cos = (dx * want[0]! + dy * want[1]!) / d;
      if (cos <= 0.3) return;
      const score = cos * 2 - d / 1000;
      if (score > bestScore) {
        bestScore = score;
        best = m;
      }
    });
    const chosen = best as NodeSingular | null;
    if (!chosen) return null;
    this.select(chosen.id(), { centre: true });
    return chosen.id();
  }

  highlight(nodes: readonly string[], links: readonly string[]): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('path').addClass('dim');
      for (const id of [...nodes, ...links]) cy.getElementById(id).removeClass('dim').addClass('path');
    });
    let els = cy.collection();
    for (const id of nodes) els = els.union(cy.$id(id));
    if (els.nonempty()) cy.animate({ fit: { eles: els, padding: 80 } }, { duration: 250 });
  }

  clearHighlight(): void {
    this.cy.elements().removeClass('path dim');
  }

  /**
   * Show every drawn node. The box comes from the positions and sizes already known, not from cytoscape's
   * bounding box of the elements: that one lays out and measures every label first (most of a 1.9 s first fit
   * at 5k in the profile). A label is a few model units below its node; the padding covers it.
   */
  fit(): void {
    const bb = nodesBox(this.cy);
    if (!bb) return;
    this.cy.fit(bb as unknown as cytoscape.CollectionArgument, 30);
    this.#fitted = this.viewport();
  }

  #isFitted(): boolean {
    const f = this.#fitted;
    if (!f) return false;
    const v = this.viewport();
    return v.zoom === f.zoom && v.pan.x === f.pan.x && v.pan.y === f.pan.y;
  }

  zoomBy(f: number): void {
    const c = this.cy;
    c.zoom({ level: c.zoom() * f, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } });
  }

  viewport(): { zoom: number; pan: Pos } {
    return { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } };
  }

  setViewport(v: { zoom: number; pan: Pos }): void {
    this.cy.viewport({ zoom: v.zoom, pan: v.pan });
  }

  /** PNG of the whole visible graph (not only the part on screen), base64 without the data: prefix. */
  pngBase64(background: string): string {
    const n = this.cy.nodes().length;
    const scale = n > 2000 ? 1 : 2;
    return this.cy.png({ output: 'base64', full: true, scale, bg: background, maxWidth: 8000, maxHeight: 8000 }) as unknown as string;
  }

  svg(title: string, background: string): string {
    return graphToSvg(this.cy, { title, background });
  }
}
