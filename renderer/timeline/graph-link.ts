/**
 * Timeline → graph: select what a timeline item stands for in the drawn network (a link item: its edge; an
 * event or a claim: the entities it touches) and bring it into view. Works on the cytoscape instance the
 * graph screen owns, through its public API only (the graph controller is not touched).
 */
import type { Core } from 'cytoscape';
import type { TimelineItem } from '../../shared/graph/timeline';

/** Returns the ids that were drawn and are now selected (none: hidden by the filters or the focus). */
export function selectInGraph(cy: Core, item: TimelineItem): string[] {
  const ids = item.kind === 'link' ? item.links : item.entities;
  let els = cy.collection();
  for (const id of ids) els = els.union(cy.getElementById(id));
  if (els.empty()) return [];
  cy.batch(() => {
    cy.$(':selected').unselect();
    els.select();
  });
  const view = item.kind === 'link' ? els.connectedNodes().union(els) : els;
  if (view.length > 1 || cy.zoom() < 0.6) cy.animate({ fit: { eles: view, padding: 90 } }, { duration: 250 });
  else cy.animate({ center: { eles: view } }, { duration: 250 });
  return els.map((e) => e.id());
}
