/**
 * Drawing: the time status of every drawn link (faded or hidden outside the date window), then the elements
 * diffed into cytoscape in chunks, the overview's discs packed once per grouping, and what has no place yet
 * laid out. What waited for the drawing (a highlight, a saved viewport, a selection) is applied after it.
 */
import { Classes } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import type { OverviewResult } from '../../../shared/graph/analytics';
import type { MetaGraph } from '../../../shared/graph/explore';
import type { ViewResult } from '../../../shared/graph/graph-worker-api';
import type { Disc } from '../../../shared/graph/overview-layout';
import type { CaseGraphSnapshot, GraphFilters, SnapshotLink } from '../../../shared/graph/snapshot';
import { extentOf, timeStatus } from '../../../shared/graph/time';
import type { invoke } from '../../api/client';
import type { GraphController, Pos } from '../graph-controller';
import { isEntityId } from '../graph-explore';
import { timeWindow, type DisplayState, type FilterState } from '../graph-filters';
import { buildElements, fadedNodes, metaElements, overviewDiscs, overviewPositions, type EdgeTime } from '../graph-style';

/** What waits for the next drawing to finish. */
export interface Pending {
  select: string | null;
  viewport: { zoom: number; pan: Pos } | null;
  highlight: { nodes: string[]; links: string[] } | null;
}

/** Time status of every drawn link: from the worker when hiding, computed here when fading. */
export function useLinkTime(view: ViewResult | null, filters: FilterState, linksById: Map<string, SnapshotLink>) {
  const linkTime = useMemo<Record<string, EdgeTime> | undefined>(() => {
    if (!view) return undefined;
    const w = timeWindow(filters);
    if (!w) return undefined;
    if (filters.timeMode === 'hide') return view.linkTime;
    const out: Record<string, EdgeTime> = {};
    for (const id of view.links) {
      const l = linksById.get(id);
      if (l) out[id] = timeStatus(extentOf(l), { ...w, includeUndated: true }) ?? 'outside';
    }
    return out;
  }, [view, filters, linksById]);
  const visibleLinks = useMemo(() => (view ? view.links.map((id) => linksById.get(id)!).filter(Boolean) : []), [view, linksById]);
  const faded = useMemo(() => (linkTime ? fadedNodes(visibleLinks, linkTime) : new Set<string>()), [visibleLinks, linkTime]);
  const outsideCount = useMemo(() => (linkTime ? Object.values(linkTime).filter((t) => t === 'outside').length : 0), [linkTime]);
  return { linkTime, faded, outsideCount };
}

export interface DrawingInputs {
  ctl: MutableRefObject<GraphController | null>;
  snapshot: CaseGraphSnapshot;
  view: ViewResult | null;
  viewFor: GraphFilters | null;
  graphFilters: GraphFilters;
  meta: MetaGraph | null;
  grouped: boolean;
  overview: OverviewResult | null;
  sanctions: Awaited<ReturnType<typeof invoke<'graph.sanctionStatus'>>> | undefined;
  colourBy: DisplayState['colourBy'];
  linkTime: Record<string, EdgeTime> | undefined;
  faded: Set<string>;
  queueSave(changed: Record<string, Pos>): void;
  pending: MutableRefObject<Pending>;
}

export function useGraphDrawing(d: DrawingInputs) {
  const { ctl, snapshot, view, viewFor, graphFilters, meta, grouped, overview, sanctions, colourBy, linkTime, faded, queueSave, pending } = d;
  const [drawing, setDrawing] = useState<{ done: number; total: number } | null>(null);
  // The draw effect's inputs when it last finished (drawn, placed, fitted): `data-settled` compares them.
  const [drawnFor, setDrawnFor] = useState<readonly unknown[] | null>(null);
  const firstSync = useRef(true);
  /** The overview's packed discs, kept while groups open and close (graph-style.ts overviewDiscs). */
  const overviewLayout = useRef<{ key: string; discs: Map<string, Disc> } | null>(null);

  function placeAndFinish(controller: GraphController, unplaced: string[], n: number, fit: boolean, done: () => void) {
    const first = firstSync.current;
    firstSync.current = false;
    const after = () => {
      const p = pending.current;
      const hl = p.highlight;
      if (hl) {
        p.highlight = null;
        controller.highlight(hl.nodes, hl.links);
      }
      if (p.viewport) {
        controller.setViewport(p.viewport);
        p.viewport = null;
      }
      const sel = p.select;
      if (sel) {
        p.select = null;
        controller.select(sel, { centre: true });
      }
      done();
    };
    if (unplaced.length === n && n > 0) {
      void controller.layout('fcose').then(after);
    } else if (unplaced.length > 0) {
      // New entities (expansion, filters relaxed): place only them, the mental map stays.
      if (n <= 1000) void controller.layout('fcose', { incremental: unplaced }).then(after);
      else {
        const placed: Record<string, Pos> = {};
        for (const id of unplaced) placed[id] = { ...controller.cy.getElementById(id).position() };
        queueSave(placed);
        after();
      }
    } else {
      if (first || fit) controller.fit();
      after();
    }
  }

  // Draw: diff the elements into cytoscape; lay out what has no place yet.
  useEffect(() => {
    const controller = ctl.current;
    if (!view || !controller || viewFor !== graphFilters) return;
    // Grouped: wait for the meta-nodes (never draw a large view whole by accident).
    if (grouped && !meta) return;
    const drawn = grouped && meta ? meta : view;
    const inputs = drawingKey({ view, viewFor, graphFilters, meta, grouped, overview, sanctions, colourBy, linkTime, faded, snapshot });
    const elements = buildElements({
      snapshot,
      nodes: new Set(drawn.nodes),
      links: new Set(drawn.links),
      ...(linkTime ? { linkTime } : {}),
      ...(overview ? { visual: overview.visual } : {}),
      ...(sanctions ? { sanctions } : {}),
      colourBy,
    });
    // The overview: discs packed once per grouping and filters, kept while groups open and close (the mental map
    // stays); meta-nodes go to their disc, members of a group opened now inside it.
    let place: Record<string, Pos> = {};
    let repacked = false;
    if (grouped && meta) {
      // Repacked only when the groups themselves change (another grouping, filters that change who is in them).
      const key = [...meta.groups, ...meta.open]
        .map((g) => `${g.id}:${g.count}`)
        .sort()
        .join('|');
      const known = overviewLayout.current;
      repacked = !known || known.key !== key;
      const discs = !known || repacked ? overviewDiscs(meta) : known.discs;
      overviewLayout.current = { key, discs };
      place = overviewPositions(meta, discs, (id) => overview?.visual[id]?.size ?? 0);
      for (const [id, p] of Object.entries(place)) if (repacked || !isEntityId(id) || controller.cy.getElementById(id).empty()) controller.positions.set(id, p);
      elements.push(...metaElements(meta, { dark: document.body.classList.contains(Classes.DARK), discs }));
    }
    let live = true;
    // Progress in tenths: every state change re-renders the whole screen (a long task on a busy machine).
    const tenths = (p: { done: number; total: number } | null) => (p ? Math.floor((10 * p.done) / p.total) : -1);
    const progress = (done: number, total: number) => setDrawing((p) => (done >= total ? null : tenths(p) === tenths({ done, total }) ? p : { done, total }));
    void controller.syncChunked(elements, faded, (done, total) => live && total > 2000 && progress(done, total)).then((r) => {
      if (!r || !live) return;
      setDrawing(null);
      // Discs already drawn move to the packing (a drag does not outlive a redraw); after a new packing (another
      // grouping, other filters) everything drawn moves, and the view shows all of it.
      if (grouped) {
        controller.cy.batch(() => {
          for (const [id, p] of Object.entries(place)) if (repacked || !isEntityId(id)) controller.cy.getElementById(id).position(p);
        });
      }
      // Settled after the next frame: a canvas resized by this commit (the legend fills in) is fitted again first.
      placeAndFinish(controller, r.unplaced, elements.filter((e) => e.group === 'nodes').length, repacked, () => requestAnimationFrame(() => live && setDrawnFor(inputs)));
    });
    return () => {
      live = false;
    };
    // placeAndFinish reads only refs and queueSave (listed).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ctl, view, viewFor, graphFilters, meta, grouped, overview, sanctions, colourBy, linkTime, faded, snapshot, queueSave]);

  return { drawing, drawnFor };
}

/** The inputs a drawing answers, in a fixed order (compared one by one for `data-settled`). */
export function drawingKey(d: Pick<DrawingInputs, 'view' | 'viewFor' | 'graphFilters' | 'meta' | 'grouped' | 'overview' | 'sanctions' | 'colourBy' | 'linkTime' | 'faded' | 'snapshot'>): readonly unknown[] {
  return [d.view, d.viewFor, d.graphFilters, d.meta, d.grouped, d.overview, d.sanctions, d.colourBy, d.linkTime, d.faded, d.snapshot];
}
