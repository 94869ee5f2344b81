/**
 * Level-of-detail labels for cytoscape's WebGL renderer. The canvas renderer leaves out a label whose font would
 * be drawn smaller than its `min-zoomed-font-size`; the WebGL renderer (3.34) ignores that property and draws every
 * label it has, at any zoom: in a zoomed-out overview, smudges. Here the labels that could be drawn (the
 * stylesheet gives them text) get the class `lod-hidden` while they would be unreadable at the current zoom, the
 * same rule as the canvas renderer's: font size × zoom < min-zoomed-font-size. Checked when the zoom settles
 * into another step (not per frame), over label-bearing elements only (a few hundred in a large view), in one
 * batch. No DOM: tested in Node with a headless cytoscape.
 */
import type { Core, SingularElementArgument } from 'cytoscape';

export const LOD_HIDDEN = 'lod-hidden';

/** An element's computed style property (cytoscape's `pstyle`, not in its type definitions). */
export function computedStyle(el: SingularElementArgument, name: string): { strValue?: string; pfValue?: number } {
  return (el as unknown as { pstyle(name: string): { strValue?: string; pfValue?: number } }).pstyle(name);
}

/** Whether a label of this font size (model units) is readable at this zoom. */
export function labelReadable(fontSize: number, minZoomedPx: number, zoom: number): boolean {
  return fontSize * zoom >= minZoomedPx;
}

/**
 * Which elements can have a label in a large view (graph-style.ts): the labelled entities, the selected, the
 * highlighted path, keyboard focus, meta-nodes and hovered links. Reading the computed style of every element
 * instead made a 700 ms task at 5k/15k (it computes the style of all of them at once).
 */
export const LARGE_VIEW_LABELLED = 'node.labelled, :selected, .path, .keyboard-focus, node[meta = 1], edge.show-label';

/** The elements (among `selector`) whose label would be drawn: the stylesheet's `label` is not empty. */
function labelled(cy: Core, selector: string): SingularElementArgument[] {
  const out: SingularElementArgument[] = [];
  cy.$(selector).forEach((el) => {
    const text = computedStyle(el, 'label').strValue;
    if (text) out.push(el);
  });
  return out;
}

/** Hide what is unreadable now, show what became readable; returns how many changed. */
export function applyLabelLod(cy: Core, selector = '*'): number {
  const zoom = cy.zoom();
  let changed = 0;
  // The class itself takes the label away, so an element already hidden is judged by its font alone.
  const candidates = new Set([...labelled(cy, selector), ...cy.elements(`.${LOD_HIDDEN}`).toArray()]);
  cy.batch(() => {
    for (const el of candidates) {
      const font = Number(computedStyle(el, 'font-size').pfValue);
      const min = Number(computedStyle(el, 'min-zoomed-font-size').pfValue);
      const hide = !labelReadable(font, min, zoom);
      if (hide !== el.hasClass(LOD_HIDDEN)) {
        el.toggleClass(LOD_HIDDEN, hide);
        changed++;
      }
    }
  });
  return changed;
}

/**
 * Keep labels readable-or-hidden while the view is used: after zooming (once the zoom has rested `delayMs`) and
 * after elements or classes change (a redraw, a selection, a hover). Returns the uninstaller.
 */
export function installLabelLod(cy: Core, selector = '*', delayMs = 120): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastZoom = NaN;
  const run = () => {
    timer = null;
    lastZoom = cy.zoom();
    applyLabelLod(cy, selector);
  };
  const soon = () => {
    if (timer === null) timer = setTimeout(run, delayMs);
  };
  const onZoom = () => {
    if (cy.zoom() !== lastZoom) soon();
  };
  // Selection, hover and redraws change which elements have a label (not 'class' events: LOD's own toggles).
  const onChange = () => soon();
  cy.on('zoom', onZoom);
  cy.on('add select unselect', onChange);
  cy.on('mouseover mouseout', 'edge, node', onChange);
  run();
  return () => {
    if (timer !== null) clearTimeout(timer);
    cy.off('zoom', onZoom);
    cy.off('add select unselect', onChange);
    cy.off('mouseover mouseout', 'edge, node', onChange);
  };
}
