/**
 * Force-directed layout off the main thread: the page sends node ids, sizes, start positions and edges; the
 * layout worker (layout.worker.ts) runs fcose on a headless cytoscape and answers positions. Measured here:
 * fcose 'draft' (spectral only) ~1.5 s at 1k nodes and ~2 s at 5k; 'default' (spectral + force refinement) is
 * O(n²) per iteration — 13–90 s at 1k — so it only runs on small views or when the person asks to refine, with a
 * bounded iteration count.
 */
export interface LayoutNode {
  id: string;
  size: number;
  x?: number;
  y?: number;
}

export interface LayoutRequest {
  id: number;
  nodes: LayoutNode[];
  edges: [string, string][];
  quality: 'draft' | 'default';
  /** false: start from the given positions (incremental layout after nodes were added). */
  randomize: boolean;
  /** Nodes that must not move (pinned ones; in an incremental layout, every node already placed). */
  fixed: { nodeId: string; position: { x: number; y: number } }[];
  numIter?: number;
}

export type LayoutResponse = { id: number; ok: true; positions: Record<string, { x: number; y: number }>; ms: number } | { id: number; ok: false; message: string };

/** Views this small get the full-quality layout at once; larger ones get a draft, refined on request. */
export const FULL_QUALITY_MAX_NODES = 300;

/** Refinement iterations: fcose's default (2500) for small views, fewer for large ones so refining stays bounded. */
export function refineIterations(n: number): number {
  return Math.max(150, Math.min(2500, Math.round(750_000 / Math.max(1, n))));
}

/** fcose options shared by the worker and the bench page. */
export function fcoseOptions(req: Pick<LayoutRequest, 'quality' | 'randomize' | 'fixed' | 'numIter'>, nodeCount: number): Record<string, unknown> {
  return {
    name: 'fcose',
    quality: req.quality,
    randomize: req.randomize,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    nodeRepulsion: 6500,
    idealEdgeLength: 80,
    // fcose's spectral step samples distances; more samples only for small graphs where it is cheap.
    sampleSize: nodeCount > 2000 ? 25 : 50,
    numIter: req.numIter ?? 2500,
    ...(req.fixed.length ? { fixedNodeConstraint: req.fixed } : {}),
  };
}
