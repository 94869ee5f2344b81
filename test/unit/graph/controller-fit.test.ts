/** The controller fits the view to a box made from positions and sizes alone (no label is measured). */
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { nodesBox } from '../../../renderer/graph/fit-box';

describe('nodesBox', () => {
  it('is the positions widened by half of each node size; a node without a size counts as 26', () => {
    const cy = cytoscape({
      headless: true,
      layout: { name: 'preset' },
      elements: [
        { group: 'nodes', data: { id: 'a', size: 40, label: 'a label far longer than the node is wide, and wrapped' }, position: { x: -100, y: 10 } },
        { group: 'nodes', data: { id: 'b', size: 20 }, position: { x: 300, y: -50 } },
        { group: 'nodes', data: { id: 'c' }, position: { x: 0, y: 200 } },
        { group: 'edges', data: { id: 'e', source: 'a', target: 'b' } },
      ],
    });
    expect(nodesBox(cy)).toEqual({ x1: -120, y1: -60, x2: 310, y2: 213 });
    cy.$id('b').position({ x: 500, y: -50 });
    expect(nodesBox(cy)?.x2).toBe(510);
  });

  it('is null with nothing drawn', () => {
    expect(nodesBox(cytoscape({ headless: true }))).toBeNull();
  });
});
