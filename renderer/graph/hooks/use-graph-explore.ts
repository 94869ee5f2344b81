/**
 * Exploring instead of dumping (graph-explore.tsx): a focus set grown from one entity by expanding
 * neighbours and shrunk by collapsing them, a start from the most linked entities, a search result opened in
 * place or explored, and highlights that first add what is not drawn yet to the focus. The node actions of the
 * side panel and the keyboard are built here.
 */
import { Intent } from '@blueprintjs/core';
import { useCallback, useRef, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import type { GraphWorkerClient, ViewResult } from '../../../shared/graph/graph-worker-api';
import type { GraphFilters } from '../../../shared/graph/snapshot';
import type { useToast } from '../../ui/toaster';
import type { GraphController } from '../graph-controller';
import { EXPLORE_FROM, TOP_START, type Grouping } from '../graph-explore';
import type { NodeActions } from '../graph-panel';
import type { Pending } from './use-graph-drawing';
import { errorText } from './errors';

export interface Focus {
  ids: string[];
  label: string;
}

export interface ExploreInputs {
  client: MutableRefObject<GraphWorkerClient | null>;
  ctl: MutableRefObject<GraphController | null>;
  pending: MutableRefObject<Pending>;
  baseFilters: GraphFilters;
  focus: Focus | null;
  setFocus: Dispatch<SetStateAction<Focus | null>>;
  setGrouping: Dispatch<SetStateAction<Grouping>>;
  grouped: boolean;
  view: ViewResult | null;
  names: Map<string, string>;
  toast: ReturnType<typeof useToast>;
  announce(text: string): void;
  /** After a pin changes (the screen re-renders). */
  changed(): void;
  pathEnd(end: 'from' | 'to', id: string): void;
  showTab(tab: 'path'): void;
}

export function useGraphExplore(x: ExploreInputs) {
  const { client, ctl, pending, baseFilters, focus, setFocus, grouped, view, names, toast, announce } = x;
  const expansions = useRef(new Map<string, string[]>());

  const neighbourhood = useCallback(
    async (ids: string[]) => {
      const w = client.current;
      if (!w) return null;
      return w.run({ kind: 'neighbourhood', nodes: ids, depth: 1 }, { filters: baseFilters });
    },
    [client, baseFilters],
  );

  const focusOn = useCallback(
    async (id: string) => {
      try {
        const nb = await neighbourhood([id]);
        if (!nb) return;
        expansions.current.clear();
        pending.current.select = id;
        setFocus({ ids: nb.nodes, label: names.get(id) ?? 'entity' });
      } catch (e) {
        toast({ message: errorText(e), intent: Intent.WARNING, icon: 'warning-sign' });
      }
    },
    [neighbourhood, names, pending, setFocus, toast],
  );

  const expand = (id: string) => {
    if (!focus && (grouped || (view?.nodes.length ?? 0) > EXPLORE_FROM)) {
      // Not everything is drawn: start exploring from this entity.
      void focusOn(id);
      return;
    }
    if (!focus) {
      toast({ message: `Everything linked to ${names.get(id)} is already shown. Use Focus to look at one neighbourhood, then expand from there.`, icon: 'info-sign' });
      return;
    }
    void neighbourhood([id]).then(
      (nb) => {
        if (!nb) return;
        const have = new Set(focus.ids);
        const added = nb.nodes.filter((n) => !have.has(n));
        if (!added.length) {
          toast({ message: `Nothing more is linked to ${names.get(id)} under the current filters.`, icon: 'info-sign' });
          return;
        }
        expansions.current.set(id, [...(expansions.current.get(id) ?? []), ...added]);
        setFocus({ ...focus, ids: [...focus.ids, ...added] });
        announce(`Expanded ${names.get(id)}: ${added.length} more entities.`);
      },
      (e: unknown) => toast({ message: errorText(e), intent: Intent.WARNING, icon: 'warning-sign' }),
    );
  };

  const collapse = (id: string) => {
    const added = expansions.current.get(id);
    if (!added || !focus) return;
    expansions.current.delete(id);
    // Keep what another expansion also brought in, and what was expanded itself.
    const keep = new Set<string>([...expansions.current.values()].flat());
    for (const k of expansions.current.keys()) keep.add(k);
    const drop = new Set(added.filter((n) => !keep.has(n) && !ctl.current?.pinned.has(n)));
    setFocus({ ...focus, ids: focus.ids.filter((n) => !drop.has(n)) });
    announce(`Collapsed ${names.get(id)}: ${drop.size} entities removed.`);
  };

  const actions: NodeActions = {
    focus: (id) => void focusOn(id),
    expand,
    canCollapse: (id) => expansions.current.has(id),
    collapse,
    togglePin: (id) => {
      ctl.current?.setPinned(id, !ctl.current.pinned.has(id));
      x.changed();
    },
    isPinned: (id) => ctl.current?.pinned.has(id) ?? false,
    pathFrom: (id) => {
      x.pathEnd('from', id);
      x.showTab('path');
    },
    pathTo: (id) => {
      x.pathEnd('to', id);
      x.showTab('path');
    },
  };

  /** A double tap opens a meta-node's group, or expands an entity. */
  const doubleTap = (id: string, isMeta: boolean) => {
    if (isMeta) x.setGrouping((g) => (g.open.includes(id) ? g : { ...g, open: [...g.open, id] }));
    else actions.expand(id);
  };
  const isDrawn = (id: string) => !!ctl.current && ctl.current.cy.getElementById(id).nonempty();
  /** Highlight on the canvas; what is not drawn yet is added to the focus first (then highlighted). */
  const showAndHighlight = (nodes: string[], links: string[], label: string) => {
    if (nodes.every(isDrawn)) {
      ctl.current?.highlight(nodes, links);
      return;
    }
    pending.current.highlight = { nodes, links };
    setFocus({ ids: [...new Set([...(focus?.ids ?? []), ...nodes])], label: focus?.label ?? label });
  };
  const startFromTop = () => {
    void client.current?.run({ kind: 'top', metric: 'degree', n: TOP_START }, { filters: baseFilters }).then(
      (ids) => {
        expansions.current.clear();
        setFocus({ ids, label: `the ${ids.length} most linked entities` });
      },
      (e: unknown) => toast({ message: errorText(e), intent: Intent.WARNING, icon: 'warning-sign' }),
    );
  };
  const openOrExplore = (id: string) => {
    if (isDrawn(id)) ctl.current?.select(id, { centre: true });
    else void focusOn(id);
  };
  const chooseFromSearch = (id: string) => {
    const controller = ctl.current;
    if (!controller) return;
    if (isDrawn(id)) {
      controller.select(id, { centre: true });
      announce(`Selected ${names.get(id)}.`);
    } else if (!focus && view?.nodes.includes(id)) {
      // Grouped or not drawn yet: start exploring from it.
      void focusOn(id);
      announce(`Selected ${names.get(id)}.`);
    } else if (focus) {
      // Outside the focus set: show its neighbourhood alongside.
      void neighbourhood([id]).then(
        (nb) => {
          if (!nb) return;
          pending.current.select = id;
          setFocus({ ...focus, ids: [...new Set([...focus.ids, ...nb.nodes])] });
        },
        () => toast({ message: `${names.get(id)} is hidden by the filters.`, icon: 'filter' }),
      );
    } else {
      toast({ message: `${names.get(id) ?? 'This entity'} is hidden by the filters.`, icon: 'filter' });
    }
  };
  /** Leave the focus: the whole network (grouped or not) again. */
  const clearFocus = () => {
    expansions.current.clear();
    setFocus(null);
  };

  return { expansions, actions, focusOn, doubleTap, showAndHighlight, startFromTop, openOrExplore, chooseFromSearch, clearFocus };
}
