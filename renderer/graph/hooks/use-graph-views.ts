/**
 * Saved views: the filters, focus, layout, pins, sizes, colours and viewport of the graph under a name.
 * Opening one moves what is drawn now and leaves the rest to the next drawing (Pending.viewport).
 */
import { Intent } from '@blueprintjs/core';
import { useState, type MutableRefObject } from 'react';
import type { GraphFilters, GraphView } from '../../../shared/graph/snapshot';
import { invoke } from '../../api/client';
import { useQuery } from '../../api/query';
import type { useToast } from '../../ui/toaster';
import type { GraphController, LayoutName, Pos } from '../graph-controller';
import { isEntityId } from '../graph-explore';
import { fromGraphFilters, type DisplayState, type FilterState } from '../graph-filters';
import type { Pending } from './use-graph-drawing';
import type { Focus } from './use-graph-explore';
import { errorText } from './errors';

export interface ViewsInputs {
  caseId: string;
  ctl: MutableRefObject<GraphController | null>;
  pending: MutableRefObject<Pending>;
  graphFilters: GraphFilters;
  display: DisplayState;
  setDisplay(d: DisplayState): void;
  setFilters(f: FilterState): void;
  setFocus(f: Focus | null): void;
  setLayoutName(l: LayoutName): void;
  /** Expansions are forgotten when a view opens. */
  expansions: MutableRefObject<Map<string, string[]>>;
  toast: ReturnType<typeof useToast>;
}

export function useGraphViews(v: ViewsInputs) {
  const { caseId, ctl, toast } = v;
  const [viewsOpen, setViewsOpen] = useState(false);
  const viewsQ = useQuery(() => invoke('graph.views', { caseId }), [caseId, viewsOpen], viewsOpen);
  const [viewName, setViewName] = useState('');

  const saveView = async () => {
    const controller = ctl.current;
    if (!controller || !viewName.trim()) return;
    const positions: Record<string, Pos> = {};
    controller.cy.nodes().forEach((n) => {
      const p = n.position();
      if (isEntityId(n.id())) positions[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
    });
    try {
      await invoke('graph.saveView', {
        caseId,
        name: viewName.trim(),
        filters: v.graphFilters,
        positions,
        viewport: controller.viewport(),
        layout: controller.layoutName,
        pinned: [...controller.pinned],
        sizeBy: v.display.sizeBy,
        colourBy: v.display.colourBy,
        replace: true,
      });
      toast({ message: `View “${viewName.trim()}” saved.`, intent: Intent.SUCCESS, icon: 'floppy-disk' });
      setViewName('');
      viewsQ.reload();
    } catch (e) {
      toast({ message: errorText(e), intent: Intent.DANGER, icon: 'error' });
    }
  };

  const openView = (gv: GraphView) => {
    const controller = ctl.current;
    if (!controller) return;
    for (const [id, p] of Object.entries(gv.positions)) controller.positions.set(id, p);
    for (const id of [...controller.pinned]) controller.setPinned(id, false);
    for (const id of gv.pinned) controller.setPinned(id, true);
    // Nodes already drawn move to the view's places now; the others get them when drawn.
    controller.cy.batch(() => {
      for (const [id, p] of Object.entries(gv.positions)) controller.cy.getElementById(id).position(p);
    });
    if (gv.viewport) {
      v.pending.current.viewport = gv.viewport;
      controller.setViewport(gv.viewport);
    }
    v.expansions.current.clear();
    v.setFilters(fromGraphFilters(gv.filters));
    v.setFocus(gv.filters.onlyNodes ? { ids: gv.filters.onlyNodes, label: gv.name } : null);
    v.setDisplay({ sizeBy: gv.sizeBy ?? v.display.sizeBy, colourBy: gv.colourBy ?? v.display.colourBy });
    if (gv.layout === 'fcose' || gv.layout === 'concentric' || gv.layout === 'breadthfirst') v.setLayoutName(gv.layout);
    setViewsOpen(false);
    toast({ message: `View “${gv.name}” opened.`, icon: 'eye-open' });
  };

  const deleteView = async (gv: GraphView) => {
    try {
      await invoke('graph.deleteView', { id: gv.id });
      viewsQ.reload();
    } catch (e) {
      toast({ message: errorText(e), intent: Intent.DANGER, icon: 'error' });
    }
  };

  return { viewsOpen, setViewsOpen, views: viewsQ.data, viewName, setViewName, saveView, openView, deleteView };
}
