/**
 * Labels on hover that can be read at any zoom. Cytoscape sizes text in model units, so a link label of 9 units
 * is a pixel high in a zoomed-out overview (a 20k-entity network fitted to the screen is at zoom ~0.1). While the
 * pointer is on a link or a meta-node, its label is drawn at least HOVER_PX screen pixels high (a bypass style,
 * removed when the pointer leaves), and above the rest. The controller's own hover handler adds the
 * `show-label` class; this only sets the size.
 */
import type { Core, SingularElementArgument } from 'cytoscape';

export const HOVER_PX = 13;

/** The font size (model units) for a label at least `px` screen pixels high at this zoom, never below `base`. */
export function hoverFontSize(base: number, zoom: number, px = HOVER_PX): number {
  return Math.max(base, px / Math.max(zoom, 1e-6));
}

export function installHoverLabels(cy: Core): () => void {
  let hovered: SingularElementArgument | null = null;
  const size = (el: SingularElementArgument) => {
    // The stylesheet's size for this element (a meta-node's is data; a link's is the stylesheet's 9).
    const base = Number(el.data('labelSize')) || 9;
    el.style({ 'font-size': hoverFontSize(base, cy.zoom()), 'min-zoomed-font-size': 0, 'z-index': 20 } as never);
  };
  const over = (e: { target: SingularElementArgument }) => {
    if (!e.target.data('label')) return;
    hovered = e.target;
    size(e.target);
  };
  const out = (e: { target: SingularElementArgument }) => {
    e.target.removeStyle('font-size min-zoomed-font-size z-index');
    if (hovered === e.target) hovered = null;
  };
  const zoom = () => {
    if (hovered && hovered.inside()) size(hovered);
  };
  cy.on('mouseover', 'edge, node[meta = 1]', over);
  cy.on('mouseout', 'edge, node[meta = 1]', out);
  cy.on('zoom', zoom);
  return () => {
    cy.off('mouseover', 'edge, node[meta = 1]', over);
    cy.off('mouseout', 'edge, node[meta = 1]', out);
    cy.off('zoom', zoom);
  };
}
