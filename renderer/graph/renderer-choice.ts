/**
 * Which cytoscape renderer draws a view, and the fallback when WebGL fails. No DOM types (tested in Node with a
 * stand-in container and constructor); graph-controller.ts passes the real ones.
 */
import cytoscape, { type Core } from 'cytoscape';

/** What createCy needs of the container: its children, to remove what a failed attempt left. */
export interface ContainerLike {
  readonly childNodes: ArrayLike<{ remove(): void }>;
}

/**
 * cytoscape (3.34) switches its canvas renderer to four layers, the fourth a WebGL2 canvas, by writing the layer
 * count on the renderer's prototype, and never switches it back: every later canvas-renderer instance would
 * make a WebGL2 context too (and throw where WebGL2 fails, so a fallback after a failed WebGL attempt would
 * fail as well). Put it back after every WebGL attempt; a WebGL instance keeps its own count.
 */
export function resetCanvasLayers(): void {
  const proto = canvasRendererPrototype();
  if (proto && proto.CANVAS_LAYERS !== 3) proto.CANVAS_LAYERS = 3;
}

/** The canvas renderer's prototype, as cytoscape registered it (undefined if it ever stops being reachable). */
export function canvasRendererPrototype(): { CANVAS_LAYERS?: number } | undefined {
  return (cytoscape('renderer', 'canvas') as { prototype?: { CANVAS_LAYERS?: number } } | undefined)?.prototype;
}

export interface CyChoice<C = Core> {
  cy: C;
  renderer: 'webgl' | 'canvas';
  /** Why WebGL was asked for and not used (its constructor threw); null otherwise. */
  webglError: string | null;
}

/**
 * Make the view's cytoscape instance: with the WebGL renderer when asked, else (or when that throws: no WebGL2
 * context, a shader that does not compile) with the canvas renderer, after removing whatever the failed attempt
 * left in the container. `make` is cytoscape's constructor with the view's options for either renderer.
 */
export function createCy<C = Core>(container: ContainerLike, webgl: boolean, make: (webgl: boolean) => C): CyChoice<C> {
  if (!webgl) return { cy: make(false), renderer: 'canvas', webglError: null };
  const before = new Set(Array.from(container.childNodes));
  try {
    return { cy: make(true), renderer: 'webgl', webglError: null };
  } catch (e) {
    for (const c of Array.from(container.childNodes)) if (!before.has(c)) c.remove();
    resetCanvasLayers();
    return { cy: make(false), renderer: 'canvas', webglError: e instanceof Error ? e.message : String(e) };
  } finally {
    resetCanvasLayers();
  }
}
