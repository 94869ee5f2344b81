/**
 * Which cytoscape renderer draws a view, and the fallback when WebGL fails. No DOM types (tested in Node with a
 * stand-in container and constructor); graph-controller.ts passes the real ones.
 */
import type { Core } from 'cytoscape';

/** What createCy needs of the container: its children, to remove what a failed attempt left. */
export interface ContainerLike {
  readonly childNodes: ArrayLike<{ remove(): void }>;
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
    return { cy: make(false), renderer: 'canvas', webglError: e instanceof Error ? e.message : String(e) };
  }
}
