/** Level-of-detail labels for the WebGL renderer: a label is hidden exactly while it would be unreadable. */
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { LABEL_MIN_PX } from '../../../shared/graph/overview-layout';
import { applyLabelLod, computedStyle, LARGE_VIEW_LABELLED, LOD_HIDDEN, labelReadable } from '../../../renderer/graph/label-lod';
import { stylesheet } from '../../../renderer/graph/graph-style';

function graph() {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: stylesheet({ large: true }),
    elements: [
      // A meta-node with a 40-unit label (readable from zoom 7/40), a labelled entity (11 units, min 9 px), one
      // without a label, and a link (no label in a large view).
      { group: 'nodes', data: { id: 'g', meta: 1, label: 'Community 1\n450 entities', labelSize: 40, size: 300, ringWidth: 4, shape: 'ellipse', fill: '#000', ring: '#000', roleGroup: 'meta' }, position: { x: 0, y: 0 } },
      { group: 'nodes', data: { id: 'a', label: 'Ana', shape: 'ellipse', fill: '#000', ring: '#000', roleGroup: 'none', size: 20 }, classes: 'labelled', position: { x: 400, y: 0 } },
      { group: 'nodes', data: { id: 'b', label: 'Bo', shape: 'ellipse', fill: '#000', ring: '#000', roleGroup: 'none', size: 20 }, position: { x: 500, y: 0 } },
      { group: 'edges', data: { id: 'e', source: 'a', target: 'b', label: 'knows', width: 1 } },
    ],
  });
}
const hidden = (cy: cytoscape.Core) => cy.$(`.${LOD_HIDDEN}`).map((x) => x.id()).sort();

describe('label level of detail', () => {
  it('judges a label by its drawn size against the minimum', () => {
    expect(labelReadable(11, 9, 1)).toBe(true);
    expect(labelReadable(11, 9, 0.8)).toBe(false);
    expect(labelReadable(40, LABEL_MIN_PX, 0.2)).toBe(true);
  });

  it('hides the labels too small to read at this zoom and shows them again when zoomed in (every element, or a large view\'s labelled ones)', () => {
    const cy = graph();
    cy.zoom(0.1);
    applyLabelLod(cy);
    expect(hidden(cy)).toEqual(['a', 'g']);
    expect(computedStyle(cy.$id('g'), 'label').strValue).toBe('');
    cy.zoom(0.5);
    applyLabelLod(cy, LARGE_VIEW_LABELLED);
    expect(hidden(cy)).toEqual(['a']);
    expect(computedStyle(cy.$id('g'), 'label').strValue).toContain('Community 1');
    cy.zoom(1);
    expect(applyLabelLod(cy)).toBe(1);
    expect(hidden(cy)).toEqual([]);
    expect(computedStyle(cy.$id('a'), 'label').strValue).toBe('Ana');
    // Elements that never have a label are not touched.
    expect(cy.$id('b').hasClass(LOD_HIDDEN) || cy.$id('e').hasClass(LOD_HIDDEN)).toBe(false);
  });

  it('a hovered link label (readable at any zoom) is never hidden', () => {
    const cy = graph();
    cy.zoom(0.05);
    cy.$id('e').addClass('show-label');
    applyLabelLod(cy, LARGE_VIEW_LABELLED);
    expect(hidden(cy)).toEqual(['a', 'g']);
    expect(computedStyle(cy.$id('e'), 'label').strValue).toBe('knows');
  });
});
