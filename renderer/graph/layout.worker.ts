/**
 * The layout Web Worker: fcose on a headless cytoscape (no canvas), so a long layout never freezes the page.
 * A layout cannot be interrupted inside fcose: the page cancels by terminating this worker.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { fcoseOptions, type LayoutRequest, type LayoutResponse } from './layout-protocol';

declare const self: DedicatedWorkerGlobalScope;
cytoscape.use(fcose);

self.addEventListener('message', (event: MessageEvent<LayoutRequest>) => {
  const req = event.data;
  const started = performance.now();
  try {
    const known = new Set(req.nodes.map((n) => n.id));
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
      elements: [
        ...req.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, size: n.size }, ...(n.x !== undefined && n.y !== undefined ? { position: { x: n.x, y: n.y } } : {}) })),
        ...req.edges.filter(([s, t]) => known.has(s) && known.has(t)).map(([s, t], i) => ({ group: 'edges' as const, data: { id: `e${i}`, source: s, target: t } })),
      ],
    });
    cy.layout(fcoseOptions(req, req.nodes.length) as unknown as cytoscape.LayoutOptions).run();
    const positions: Record<string, { x: number; y: number }> = {};
    cy.nodes().forEach((n) => {
      const p = n.position();
      positions[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
    });
    cy.destroy();
    self.postMessage({ id: req.id, ok: true, positions, ms: performance.now() - started } satisfies LayoutResponse);
  } catch (e) {
    self.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : 'layout failed' } satisfies LayoutResponse);
  }
});
