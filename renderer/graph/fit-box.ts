/**
 * The box the graph view fits to (GraphController.fit): every node's position widened by half its size, from
 * the model alone. cytoscape's own bounding box lays out and measures every label first, most of a 1.9 s
 * first fit at 5k entities in the profile; a label under a node is inside the fit's padding. No DOM: tested in
 * Node with a headless cytoscape.
 */
import type { Core } from 'cytoscape';

/** The size of a node without one in its data (graph-style.ts draws such a node at MIN_NODE + 8). */
const DEFAULT_SIZE = 26;

export function nodesBox(cy: Core): { x1: number; y1: number; x2: number; y2: number } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  cy.nodes().forEach((n) => {
    const p = n.position();
    const r = (Number(n.data('size')) || DEFAULT_SIZE) / 2;
    x1 = Math.min(x1, p.x - r);
    y1 = Math.min(y1, p.y - r);
    x2 = Math.max(x2, p.x + r);
    y2 = Math.max(y2, p.y + r);
  });
  return x1 <= x2 ? { x1, y1, x2, y2 } : null;
}
