/**
 * The network graph of the current case.
 *
 *   graph.snapshot ──▶ analytics worker (filters, neighbourhoods, paths, centrality, communities)
 *        │                    │ view ids, time status, sizes, communities, table rows
 *        ▼                    ▼
 *   GraphController (cytoscape; fcose in the layout worker) ──▶ graph.savePositions (debounced)
 *
 * What is drawn is what the filters keep, optionally narrowed to a focus set (a neighbourhood grown by
 * expanding nodes). Positions persist per case, so a case reopens as it was left; saved views keep filters,
 * focus, layout, pins and viewport. Witness rule: everything here comes from the snapshot (pseudonyms only);
 * the side panel never fetches a witness's entity record.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, H1, HTMLSelect, InputGroup, Intent, Menu, MenuItem, NonIdealState, Popover, ProgressBar, Spinner, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OverviewResult } from '../../shared/graph/analytics';
import { GraphWorkerClient, GraphWorkerError, type JobProgress, type LoadedInfo, type ViewResult, type WorkerLike } from '../../shared/graph/graph-worker-api';
import type { GraphPath } from '../../shared/graph/paths';
import type { CaseGraphSnapshot, GraphFilters, GraphView } from '../../shared/graph/snapshot';
import { extentOf, timeStatus } from '../../shared/graph/time';
import type { EntityKind, LinkKind, Role } from '../../shared/model/vocabulary';
import { ENTITY_KINDS, LINK_KINDS, ROLES } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { formatBytes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useCurrentCase, useViewState, useWorkspace } from '../workspace/workspace';
import { GraphController, webglAvailable, type Busy, type LayoutName, type Pos } from './graph-controller';
import { activeFilterCount, fromGraphFilters, GraphFiltersPanel, NO_FILTERS, timeWindow, toGraphFilters, type DisplayState, type FilterState } from './graph-filters';
import { GraphExportDialog } from './graph-export-dialog';
import { GraphLegend } from './graph-legend';
import { AnalyticsTable, EntityDetails, LinkDetails, PathPanel, type NodeActions } from './graph-panel';
import { GraphSearch } from './graph-search';
import { buildElements, fadedNodes, metaElements, overviewDiscs, overviewPositions, type EdgeTime } from './graph-style';
import { installHoverLabels } from './hover-labels';
import type { Disc } from '../../shared/graph/overview-layout';
import { EXPLORE_FROM, ExploreBar, isEntityId, MetaDetails, TOP_START, type Grouping } from './graph-explore';
import type { MetaGraph } from '../../shared/graph/explore';
import './graph.css';
// Timeline beside the graph and exports for reports (issue 13, items 5 and 6): kept in their own modules.
import { selectInGraph } from '../timeline/graph-link';
import { svgToPngBase64 } from '../timeline/raster';
import { TimelinePane } from '../timeline/timeline-view';
import { ReportDialog, type ReportOptions } from './report-dialog';
import { reportSvg, type ReportMeta } from './report-export';

/** Above this many entities: labels only when zoomed in, edges hidden while panning (canvas) or WebGL. */
const LARGE = 1500;
const WEBGL_FROM = 2000;
const SAVE_DELAY_MS = 700;

interface Focus {
  ids: string[];
  label: string;
}

const LAYOUT_LABELS: Record<LayoutName, string> = { fcose: 'Force-directed', concentric: 'Concentric (by links)', breadthfirst: 'Hierarchical' };

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The PNG scale a quick export uses (the report dialog offers 1x–4x). */
const QUICK_PNG_SCALE = 2;

function nodeCountOf(v: ViewResult | null): number {
  return v?.nodes.length ?? 0;
}

function errorText(e: unknown): string {
  if (e instanceof GraphWorkerError) return e.message;
  return describeError(e as { code?: unknown; message?: unknown }).message;
}

export function GraphScreen() {
  const c = useCurrentCase();
  const { version, navigate } = useWorkspace();
  const toast = useToast();
  const snapQ = useQuery(() => invoke('graph.snapshot', { caseId: c.id }), [c.id, version]);
  const sanctionsQ = useQuery(() => invoke('graph.sanctionStatus', { caseId: c.id }), [c.id, version]);

  if (snapQ.error && !snapQ.data) {
    return (
      <div className="graph-screen">
        <Callout intent="danger" title="The network could not be loaded">
          {describeError(snapQ.error).message}
        </Callout>
      </div>
    );
  }
  if (!snapQ.data) {
    return (
      <div className="graph-screen graph-loading">
        <NonIdealState icon={<Spinner />} title="Loading the network…" />
      </div>
    );
  }
  if (snapQ.data.nodes.length === 0) {
    return (
      <div className="graph-screen">
        <H1>Network graph</H1>
        <NonIdealState
          icon="graph"
          title="No entities in this case yet"
          description="The network shows the people, groups and accounts of the case and the links between them. Add entities and links first."
          action={<Button intent="primary" icon="people" text="Go to Entities" onClick={() => navigate({ area: 'entities' })} />}
        />
      </div>
    );
  }
  return <GraphWorkspace snapshot={snapQ.data} sanctions={sanctionsQ.data} toast={toast} />;
}

export default GraphScreen;

function GraphWorkspace({ snapshot, sanctions, toast }: { snapshot: CaseGraphSnapshot; sanctions: Awaited<ReturnType<typeof invoke<'graph.sanctionStatus'>>> | undefined; toast: ReturnType<typeof useToast> }) {
  const caseId = snapshot.caseId;
  const [filters, setFilters] = useViewState<FilterState>(`graph:${caseId}:filters`, NO_FILTERS);
  const [display, setDisplay] = useViewState<DisplayState>(`graph:${caseId}:display`, { sizeBy: 'betweenness', colourBy: 'kind' });
  const [focus, setFocus] = useViewState<Focus | null>(`graph:${caseId}:focus`, null);
  const expansions = useRef(new Map<string, string[]>());
  // Exploring a large case (graph-explore.tsx): grouped into meta-nodes unless focused or drawn whole.
  const [grouping, setGrouping] = useViewState<Grouping>(`graph:${caseId}:grouping`, { by: snapshot.nodes.length > EXPLORE_FROM ? 'community' : 'none', open: [] });
  const [meta, setMeta] = useState<MetaGraph | null>(null);
  // What `meta` answers (a grouping or filters changed since: a new one is coming), and what was last drawn: both
  // for `data-settled`, which says the view shows what its state asks for (tests and the bench wait on it).
  const [metaFor, setMetaFor] = useState<{ grouping: Grouping; filters: GraphFilters } | null>(null);
  const [drawnFor, setDrawnFor] = useState<readonly unknown[] | null>(null);
  const [loaded, setLoaded] = useState<LoadedInfo | null>(null);
  const [view, setView] = useState<ViewResult | null>(null);
  // The filters `view` answers: a view still answering older filters (e.g. the whole network before a focus) is not drawn.
  const [viewFor, setViewFor] = useState<GraphFilters | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [overview, setOverview] = useState<OverviewResult | null>(null);
  const [analytics, setAnalytics] = useState<JobProgress | 'done' | null>(null);
  const [selection, setSelection] = useState<{ kind: 'node' | 'edge'; id: string } | null>(null);
  const [tab, setTab] = useState<'selection' | 'path' | 'table'>('table');
  const [busy, setBusy] = useState<Busy | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [layoutName, setLayoutName] = useState<LayoutName>('fcose');
  const [lastLayout, setLastLayout] = useState<{ name: LayoutName; quality?: string; ms: number } | null>(null);
  const [tick, setTick] = useState(0); // re-render after controller-side changes (undo stack, pins)
  const [path, setPath] = useState<{ from: string | null; to: string | null; weight: 'hops' | 'evidence'; result?: GraphPath | null; busy: boolean; error: string | null }>({
    from: null,
    to: null,
    weight: 'hops',
    busy: false,
    error: null,
  });
  const [viewsOpen, setViewsOpen] = useState(false);
  const [announce, setAnnounce] = useState('');
  // On a narrow window the canvas needs the room: the filter column starts closed.
  const [filtersOpen, setFiltersOpen] = useViewState('graph:filtersOpen', window.innerWidth >= 1500);
  // The timeline draws every dated link as SVG: for a large case it starts closed (opening the graph must not
  // wait for thousands of marks; issue 13), and is one click away. A choice made once is kept.
  const [timelineChoice, setTimelineOpen] = useViewState<boolean | null>('graph:timelineOpen', null);
  const timelineOpen = timelineChoice ?? snapshot.nodes.length <= EXPLORE_FROM;
  const [reportOpen, setReportOpen] = useState(false);

  const containerRef = useRef<HTMLDivElement>(null);
  const ctl = useRef<GraphController | null>(null);
  const client = useRef<GraphWorkerClient | null>(null);
  const pendingSave = useRef<Record<string, Pos>>({});
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingSelect = useRef<string | null>(null);
  const pendingViewport = useRef<{ zoom: number; pan: Pos } | null>(null);
  const firstSync = useRef(true);
  /** The overview's packed discs, kept while groups open and close (graph-style.ts overviewDiscs). */
  const overviewLayout = useRef<{ key: string; discs: Map<string, Disc> } | null>(null);
  const doubleTap = useRef<(id: string, meta: boolean) => void>(() => undefined);
  const pendingHighlight = useRef<{ nodes: string[]; links: string[] } | null>(null);
  const [drawing, setDrawing] = useState<{ done: number; total: number } | null>(null);

  const nodesById = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n])), [snapshot]);
  const linksById = useMemo(() => new Map(snapshot.links.map((l) => [l.id, l])), [snapshot]);
  const names = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n.name])), [snapshot]);
  const present = useMemo(() => {
    const kinds = new Set<EntityKind>(snapshot.nodes.map((n) => n.kind));
    const roles = new Set<Role>(snapshot.nodes.flatMap((n) => n.roles));
    const linkKinds = new Set<LinkKind>(snapshot.links.map((l) => l.kind));
    return { kinds: ENTITY_KINDS.filter((k) => kinds.has(k)), roles: ROLES.filter((r) => roles.has(r)), linkKinds: LINK_KINDS.filter((k) => linkKinds.has(k)) };
  }, [snapshot]);

  const baseFilters = useMemo(() => toGraphFilters(filters), [filters]);
  const graphFilters = useMemo<GraphFilters>(() => (focus ? { ...baseFilters, onlyNodes: focus.ids } : baseFilters), [baseFilters, focus]);

  // --- persistence of positions ------------------------------------------------------------------------
  const flushSave = useCallback(() => {
    const positions = pendingSave.current;
    pendingSave.current = {};
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (Object.keys(positions).length === 0) return;
    invoke('graph.savePositions', { caseId, positions, replace: false }).catch((e: unknown) => toast({ message: `The layout was not saved: ${errorText(e)}`, intent: Intent.WARNING, icon: 'warning-sign' }));
  }, [caseId, toast]);
  const queueSave = useCallback(
    (changed: Record<string, Pos>) => {
      for (const [id, p] of Object.entries(changed)) if (isEntityId(id)) pendingSave.current[id] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(flushSave, SAVE_DELAY_MS);
      setTick((t) => t + 1);
    },
    [flushSave],
  );
  useEffect(() => () => flushSave(), [flushSave]);

  // --- the analytics worker and the canvas live as long as the screen -------------------------------------
  useEffect(() => {
    const w = new GraphWorkerClient(() => new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module', name: 'sanctum-analytics' }) as unknown as WorkerLike);
    client.current = w;
    return () => {
      w.dispose();
      client.current = null;
    };
  }, []);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const n = snapshot.nodes.length;
    const controller = new GraphController(el, {
      large: n > LARGE,
      webgl: n > WEBGL_FROM && webglAvailable(),
      dark: document.body.classList.contains(Classes.DARK),
      positions: snapshot.positions,
      onSelect: (sel) => {
        setSelection(sel);
        if (sel) setTab('selection');
      },
      onPositions: queueSave,
      onBusy: setBusy,
      onLayoutDone: (info) => setLastLayout(info),
      onError: (m) => toast({ message: `Layout failed: ${m}`, intent: Intent.DANGER, icon: 'error' }),
      onDoubleTap: (id, isMeta) => doubleTap.current(id, isMeta),
    });
    ctl.current = controller;
    const uninstallHover = installHoverLabels(controller.cy);
    // For the e2e tests and the bench: read-only access to the drawn graph (no records beyond what is drawn).
    (window as unknown as { __sanctumGraph?: unknown }).__sanctumGraph = controller;
    return () => {
      uninstallHover();
      controller.destroy();
      ctl.current = null;
      delete (window as unknown as { __sanctumGraph?: unknown }).__sanctumGraph;
    };
    // The canvas is made once per screen; later snapshots (after edits) only change elements.
  }, []);

  // Load (or reload, after an edit) the snapshot into the worker.
  useEffect(() => {
    let live = true;
    client.current?.load(snapshot).then(
      (info) => live && setLoaded(info),
      (e: unknown) => live && setViewError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [snapshot]);

  // What the filters keep.
  useEffect(() => {
    if (!loaded || !client.current) return;
    const ac = new AbortController();
    client.current.run({ kind: 'view' }, { filters: graphFilters, signal: ac.signal }).then(
      (v) => {
        setView(v);
        setViewFor(graphFilters);
        setViewError(null);
      },
      (e: unknown) => {
        if (!(e instanceof GraphWorkerError && e.code === 'CANCELLED')) setViewError(errorText(e));
      },
    );
    return () => ac.abort();
  }, [loaded, graphFilters]);

  // Grouped into meta-nodes (no focus, a grouping chosen): computed in the worker.
  const grouped = !focus && grouping.by !== 'none';
  useEffect(() => {
    if (!loaded || !client.current || !grouped || grouping.by === 'none') {
      setMeta(null);
      return;
    }
    const ac = new AbortController();
    const asked = { grouping, filters: baseFilters };
    client.current.run({ kind: 'meta', groupBy: grouping.by, open: grouping.open }, { filters: baseFilters, signal: ac.signal }).then((m) => {
      setMeta(m);
      setMetaFor(asked);
    }, (e: unknown) => {
      if (!(e instanceof GraphWorkerError && e.code === 'CANCELLED')) setViewError(errorText(e));
    });
    return () => ac.abort();
  }, [loaded, grouped, grouping, baseFilters]);

  // Centrality and communities for sizes, colours and the table (after the view: drawing comes first).
  useEffect(() => {
    if (!loaded || !client.current) return;
    const ac = new AbortController();
    setAnalytics({ stage: 'projection', done: 0, total: null });
    // The status shows the stage only: progress within a stage would re-render this whole screen ten times a second.
    client.current.run({ kind: 'overview', betweenness: 'auto', sizeBy: display.sizeBy, brokerLimit: 20 }, { filters: graphFilters, signal: ac.signal, onProgress: (p) => setAnalytics((q) => (q && q !== 'done' && q.stage === p.stage ? q : p)) }).then(
      (o) => {
        setOverview(o);
        setAnalytics('done');
      },
      (e: unknown) => {
        if (e instanceof GraphWorkerError && e.code === 'CANCELLED') return;
        setAnalytics(null);
        toast({ message: `Analytics failed: ${errorText(e)}`, intent: Intent.WARNING, icon: 'warning-sign' });
      },
    );
    return () => ac.abort();
  }, [loaded, graphFilters, display.sizeBy, toast]);

  // A path answers for the filters it was found under: when they change, it goes.
  useEffect(() => {
    ctl.current?.clearHighlight();
    setPath((p) => (p.result === undefined ? p : { ...p, result: undefined }));
  }, [graphFilters]);

  // Time status of every drawn link: from the worker when hiding, computed here when fading.
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

  // Draw: diff the elements into cytoscape; lay out what has no place yet.
  useEffect(() => {
    const controller = ctl.current;
    if (!view || !controller || viewFor !== graphFilters) return;
    // Grouped: wait for the meta-nodes (never draw a large view whole by accident).
    if (grouped && !meta) return;
    const drawn = grouped && meta ? meta : view;
    const inputs = [view, viewFor, graphFilters, meta, grouped, overview, sanctions, display.colourBy, linkTime, faded, snapshot];
    const elements = buildElements({
      snapshot,
      nodes: new Set(drawn.nodes),
      links: new Set(drawn.links),
      ...(linkTime ? { linkTime } : {}),
      ...(overview ? { visual: overview.visual } : {}),
      ...(sanctions ? { sanctions } : {}),
      colourBy: display.colourBy,
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
    // Progress in tenths: every state change re-renders this whole screen (a long task on a busy machine).
    const tenths = (d: { done: number; total: number } | null) => (d ? Math.floor((10 * d.done) / d.total) : -1);
    const progress = (done: number, total: number) => setDrawing((d) => (done >= total ? null : tenths(d) === tenths({ done, total }) ? d : { done, total }));
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
  }, [view, viewFor, graphFilters, meta, grouped, overview, sanctions, display.colourBy, linkTime, faded, snapshot, queueSave]);

  function placeAndFinish(controller: GraphController, unplaced: string[], n: number, fit: boolean, done: () => void) {
    const first = firstSync.current;
    firstSync.current = false;
    const after = () => {
      const hl = pendingHighlight.current;
      if (hl) {
        pendingHighlight.current = null;
        controller.highlight(hl.nodes, hl.links);
      }
      if (pendingViewport.current) {
        controller.setViewport(pendingViewport.current);
        pendingViewport.current = null;
      }
      const sel = pendingSelect.current;
      if (sel) {
        pendingSelect.current = null;
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

  // Elapsed time for long layouts.
  useEffect(() => {
    if (!busy) return;
    setElapsed(0);
    const t = setInterval(() => setElapsed(Math.round((Date.now() - busy.startedAt) / 1000)), 500);
    return () => clearInterval(t);
  }, [busy]);

  // --- actions ------------------------------------------------------------------------------------------
  const neighbourhood = useCallback(
    async (ids: string[]) => {
      const w = client.current;
      if (!w) return null;
      return w.run({ kind: 'neighbourhood', nodes: ids, depth: 1 }, { filters: baseFilters });
    },
    [baseFilters],
  );

  const focusOn = useCallback(
    async (id: string) => {
      try {
        const nb = await neighbourhood([id]);
        if (!nb) return;
        expansions.current.clear();
        pendingSelect.current = id;
        setFocus({ ids: nb.nodes, label: names.get(id) ?? 'entity' });
      } catch (e) {
        toast({ message: errorText(e), intent: Intent.WARNING, icon: 'warning-sign' });
      }
    },
    [neighbourhood, names, setFocus, toast],
  );

  const actions: NodeActions = {
    focus: (id) => void focusOn(id),
    expand: (id) => {
      if (!focus && (grouped || nodeCountOf(view) > EXPLORE_FROM)) {
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
          const added = nb.nodes.filter((x) => !have.has(x));
          if (!added.length) {
            toast({ message: `Nothing more is linked to ${names.get(id)} under the current filters.`, icon: 'info-sign' });
            return;
          }
          expansions.current.set(id, [...(expansions.current.get(id) ?? []), ...added]);
          setFocus({ ...focus, ids: [...focus.ids, ...added] });
          setAnnounce(`Expanded ${names.get(id)}: ${added.length} more entities.`);
        },
        (e: unknown) => toast({ message: errorText(e), intent: Intent.WARNING, icon: 'warning-sign' }),
      );
    },
    canCollapse: (id) => expansions.current.has(id),
    collapse: (id) => {
      const added = expansions.current.get(id);
      if (!added || !focus) return;
      expansions.current.delete(id);
      // Keep what another expansion also brought in, and what was expanded itself.
      const keep = new Set<string>([...expansions.current.values()].flat());
      for (const k of expansions.current.keys()) keep.add(k);
      const drop = new Set(added.filter((x) => !keep.has(x) && !ctl.current?.pinned.has(x)));
      setFocus({ ...focus, ids: focus.ids.filter((x) => !drop.has(x)) });
      setAnnounce(`Collapsed ${names.get(id)}: ${drop.size} entities removed.`);
    },
    togglePin: (id) => {
      ctl.current?.setPinned(id, !ctl.current.pinned.has(id));
      setTick((t) => t + 1);
    },
    isPinned: (id) => ctl.current?.pinned.has(id) ?? false,
    pathFrom: (id) => {
      setPath((p) => ({ ...p, from: id, result: undefined, error: null }));
      setTab('path');
    },
    pathTo: (id) => {
      setPath((p) => ({ ...p, to: id, result: undefined, error: null }));
      setTab('path');
    },
  };

  // --- exploring a large case (graph-explore.tsx) ---------------------------------------------------------
  doubleTap.current = (id, isMeta) => {
    if (isMeta) setGrouping((g) => (g.open.includes(id) ? g : { ...g, open: [...g.open, id] }));
    else actions.expand(id);
  };
  const isDrawn = (id: string) => !!ctl.current && ctl.current.cy.getElementById(id).nonempty();
  /** Highlight on the canvas; what is not drawn yet is added to the focus first (then highlighted). */
  const showAndHighlight = (nodes: string[], links: string[], label: string) => {
    if (nodes.every(isDrawn)) {
      ctl.current?.highlight(nodes, links);
      return;
    }
    pendingHighlight.current = { nodes, links };
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

  const findPath = async () => {
    if (!path.from || !path.to || !client.current) return;
    setPath((p) => ({ ...p, busy: true, error: null }));
    try {
      const r = await client.current.run({ kind: 'shortestPath', source: path.from, target: path.to, weight: path.weight }, { filters: graphFilters });
      setPath((p) => ({ ...p, busy: false, result: r }));
      if (r) {
        showAndHighlight(r.nodes, r.links.flat(), 'the path');
        setAnnounce(`Path found: ${r.length} links, through ${r.nodes.map((id) => names.get(id)).join(', ')}.`);
      } else ctl.current?.clearHighlight();
    } catch (e) {
      setPath((p) => ({ ...p, busy: false, error: errorText(e) }));
    }
  };

  const chooseFromSearch = (id: string) => {
    const controller = ctl.current;
    if (!controller) return;
    if (isDrawn(id)) {
      controller.select(id, { centre: true });
      setAnnounce(`Selected ${names.get(id)}.`);
    } else if (!focus && view?.nodes.includes(id)) {
      // Grouped or not drawn yet: start exploring from it.
      void focusOn(id);
      setAnnounce(`Selected ${names.get(id)}.`);
    } else if (focus) {
      // Outside the focus set: show its neighbourhood alongside.
      void neighbourhood([id]).then(
        (nb) => {
          if (!nb) return;
          pendingSelect.current = id;
          setFocus({ ...focus, ids: [...new Set([...focus.ids, ...nb.nodes])] });
        },
        () => toast({ message: `${names.get(id)} is hidden by the filters.`, icon: 'filter' }),
      );
    } else {
      toast({ message: `${names.get(id) ?? 'This entity'} is hidden by the filters.`, icon: 'filter' });
    }
  };

  const relayout = (refine = false) => void ctl.current?.layout(layoutName, { refine }).then(() => setTick((t) => t + 1));

  const [fileExportOpen, setFileExportOpen] = useState(false);

  // --- exports for reports: title, case, date, legend, time window (report-export.ts) -----------------------
  const defaultTitle = `${snapshot.caseName} — network`;
  const reportMeta = (o: ReportOptions): ReportMeta => ({
    title: o.title,
    legend: o.legend,
    caseName: snapshot.caseName,
    date: new Date().toISOString().slice(0, 10),
    window: timeWindow(filters),
    timeMode: filters.timeMode,
    colourBy: display.colourBy,
    sizeBy: display.sizeBy,
    communities: overview?.summary.communitySizes ?? [],
    kindsPresent,
    counts: `${nodeCount.toLocaleString('en-US')} entities · ${linkCount.toLocaleString('en-US')} links`,
  });
  const renderReport = (o: ReportOptions) => {
    const controller = ctl.current;
    if (!controller) return '';
    const bg = document.body.classList.contains(Classes.DARK) ? '#1c2127' : '#ffffff';
    return reportSvg(controller.cy, reportMeta(o), bg);
  };

  const exportImage = async (format: 'png' | 'svg', scale = QUICK_PNG_SCALE, o: ReportOptions = { title: defaultTitle, legend: true }) => {
    const controller = ctl.current;
    if (!controller) return;
    const safe = snapshot.caseName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'case';
    try {
      const { file: target } = await invoke('system.pickSavePath', { purpose: 'graph.exportImage', title: `Export the graph as ${format.toUpperCase()}`, defaultName: `${safe}-network.${format}` });
      if (!target) return;
      const svg = renderReport(o);
      const base64 = format === 'png' ? (await svgToPngBase64(svg, scale)).base64 : toBase64(new TextEncoder().encode(svg));
      // The save dialog has already asked about replacing an existing file.
      const r = await invoke('graph.exportImage', { caseId, grant: target.grant, format, base64, overwrite: true });
      toast({ message: `Graph exported as ${format.toUpperCase()} (${formatBytes(r.bytes)}) to ${r.name}.`, intent: Intent.SUCCESS, icon: 'export' });
    } catch (e) {
      toast({ message: `Export failed: ${errorText(e)}`, intent: Intent.DANGER, icon: 'error' });
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const controller = ctl.current;
    if (!controller || e.target !== e.currentTarget) return;
    const sel = selection?.kind === 'node' ? selection.id : null;
    const key = e.key;
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if ((e.ctrlKey || e.metaKey) && key.toLowerCase() === 'z') {
      // Inside the canvas, Ctrl+Z undoes the layout (not the last record edit).
      handled();
      if (controller.undoLayout()) setAnnounce('Layout change undone.');
      setTick((t) => t + 1);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (key.startsWith('Arrow')) {
      handled();
      const id = controller.moveSelection(key.slice(5).toLowerCase() as 'left' | 'right' | 'up' | 'down');
      if (id) setAnnounce(`Selected ${names.get(id)}.`);
    } else if (key === 'Escape') {
      handled();
      controller.clearSelection();
      controller.clearHighlight();
    } else if (key === '+' || key === '=') {
      handled();
      controller.zoomBy(1.25);
    } else if (key === '-') {
      handled();
      controller.zoomBy(0.8);
    } else if (key === 'f') {
      handled();
      controller.fit();
    } else if (sel && key === 'e') {
      handled();
      actions.expand(sel);
    } else if (sel && key === 'c') {
      handled();
      actions.collapse(sel);
    } else if (sel && key === 'p') {
      handled();
      actions.togglePin(sel);
    } else if (sel && key === 'Enter') {
      handled();
      setTab('selection');
    }
  };

  // --- saved views -----------------------------------------------------------------------------------
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
        filters: graphFilters,
        positions,
        viewport: controller.viewport(),
        layout: controller.layoutName,
        pinned: [...controller.pinned],
        sizeBy: display.sizeBy,
        colourBy: display.colourBy,
        replace: true,
      });
      toast({ message: `View “${viewName.trim()}” saved.`, intent: Intent.SUCCESS, icon: 'floppy-disk' });
      setViewName('');
      viewsQ.reload();
    } catch (e) {
      toast({ message: errorText(e), intent: Intent.DANGER, icon: 'error' });
    }
  };
  const openView = (v: GraphView) => {
    const controller = ctl.current;
    if (!controller) return;
    for (const [id, p] of Object.entries(v.positions)) controller.positions.set(id, p);
    for (const id of [...controller.pinned]) controller.setPinned(id, false);
    for (const id of v.pinned) controller.setPinned(id, true);
    // Nodes already drawn move to the view's places now; the others get them when drawn.
    controller.cy.batch(() => {
      for (const [id, p] of Object.entries(v.positions)) controller.cy.getElementById(id).position(p);
    });
    if (v.viewport) {
      pendingViewport.current = v.viewport;
      controller.setViewport(v.viewport);
    }
    expansions.current.clear();
    setFilters(fromGraphFilters(v.filters));
    setFocus(v.filters.onlyNodes ? { ids: v.filters.onlyNodes, label: v.name } : null);
    setDisplay({ sizeBy: v.sizeBy ?? display.sizeBy, colourBy: v.colourBy ?? display.colourBy });
    if (v.layout === 'fcose' || v.layout === 'concentric' || v.layout === 'breadthfirst') setLayoutName(v.layout);
    setViewsOpen(false);
    toast({ message: `View “${v.name}” opened.`, icon: 'eye-open' });
  };
  const deleteView = async (v: GraphView) => {
    try {
      await invoke('graph.deleteView', { id: v.id });
      viewsQ.reload();
    } catch (e) {
      toast({ message: errorText(e), intent: Intent.DANGER, icon: 'error' });
    }
  };

  // --- render --------------------------------------------------------------------------------------
  const selectedNode = selection?.kind === 'node' ? nodesById.get(selection.id) : undefined;
  const selectedLink = selection?.kind === 'edge' ? linksById.get(selection.id) : undefined;
  const nodeCount = view?.nodes.length ?? 0;
  const linkCount = view?.links.length ?? 0;
  const kindsPresent = useMemo(() => new Set(view?.nodes.map((id) => nodesById.get(id)?.kind ?? '') ?? []), [view, nodesById]);
  // Settled: the view answers the filters, the groups answer the grouping, and what they ask for is drawn, placed
  // and fitted (the draw effect's inputs, in its order), with no layout running.
  const drawInputs = [view, viewFor, graphFilters, meta, grouped, overview, sanctions, display.colourBy, linkTime, faded, snapshot];
  const metaPending = grouped && (metaFor?.grouping !== grouping || metaFor.filters !== baseFilters);
  const settled = !!view && viewFor === graphFilters && !metaPending && !busy && !drawing && !!drawnFor && drawInputs.every((x, i) => x === drawnFor[i]);
  void tick;

  return (
    <div className="graph-screen">
      <header className="graph-header">
        <div className="graph-title">
          <H1>Network graph</H1>
          <span className={Classes.TEXT_MUTED} dir="auto">
            {snapshot.caseName}
          </span>
        </div>
        <div className="graph-toolbar" role="toolbar" aria-label="Graph tools">
          <Button
            icon="filter"
            text={activeFilterCount(filters) ? `Filters (${activeFilterCount(filters)})` : 'Filters'}
            active={filtersOpen}
            aria-pressed={filtersOpen}
            onClick={() => setFiltersOpen(!filtersOpen)}
            title={filtersOpen ? 'Hide the filter column' : 'Show the filter column'}
          />
          <GraphSearch caseId={caseId} onChoose={chooseFromSearch} nodeOf={(id) => nodesById.get(id)} />
          <HTMLSelect value={layoutName} onChange={(e) => setLayoutName(e.currentTarget.value as LayoutName)} aria-label="Layout">
            {(Object.keys(LAYOUT_LABELS) as LayoutName[]).map((l) => (
              <option key={l} value={l}>
                {LAYOUT_LABELS[l]}
              </option>
            ))}
          </HTMLSelect>
          <Button icon="layout-auto" text="Lay out" onClick={() => relayout(false)} disabled={!!busy || nodeCount === 0} />
          {layoutName === 'fcose' && lastLayout?.quality === 'draft' ? <Button icon="clean" text="Refine" title="Full-quality force layout, starting from the draft (may take a while)" onClick={() => relayout(true)} disabled={!!busy} /> : null}
          <Button
            icon="undo"
            text="Undo layout"
            title="Undo the last layout or move (Ctrl+Z inside the graph)"
            disabled={!ctl.current?.canUndo || !!busy}
            onClick={() => {
              ctl.current?.undoLayout();
              setTick((t) => t + 1);
            }}
          />
          <Button icon="zoom-to-fit" aria-label="Fit the graph to the window (F)" title="Fit (F)" onClick={() => ctl.current?.fit()} />
          <Button icon="bookmark" text="Views" onClick={() => setViewsOpen(true)} />
          <Button icon="timeline-events" text="Timeline" active={timelineOpen} aria-pressed={timelineOpen} onClick={() => setTimelineOpen(!timelineOpen)} title={timelineOpen ? 'Hide the timeline' : 'Show the timeline below the graph'} />
          <Popover
            placement="bottom-end"
            content={
              <Menu aria-label="Export">
                <MenuItem icon="media" text="Export PNG…" onClick={() => void exportImage('png')} data-testid="export-png" />
                <MenuItem icon="code-block" text="Export SVG…" onClick={() => void exportImage('svg')} data-testid="export-svg" />
                <MenuItem icon="graph" text="Export GraphML or GEXF…" onClick={() => setFileExportOpen(true)} data-testid="export-graph-file" />
                <MenuItem icon="document-share" text="For a report or print…" onClick={() => setReportOpen(true)} data-testid="export-report" />
              </Menu>
            }
          >
            <Button icon="export" text="Export" endIcon="caret-down" disabled={nodeCount === 0} />
          </Popover>
        </div>
      </header>
      <GraphExportDialog open={fileExportOpen} caseId={caseId} caseName={snapshot.caseName} filters={graphFilters} onClose={() => setFileExportOpen(false)} />
      {focus ? (
        <div className="graph-focus-bar" data-testid="graph-focus">
          <Tag icon="locate" intent="primary" minimal large>
            Neighbourhood of <span dir="auto">{focus.label}</span> · {focus.ids.length} entities
          </Tag>
          <Button
            size="small"
            variant="minimal"
            icon="maximize"
            text="Show the whole network"
            onClick={() => {
              expansions.current.clear();
              setFocus(null);
            }}
          />
        </div>
      ) : null}
      <ExploreBar
        grouping={grouping}
        onGrouping={setGrouping}
        meta={meta}
        total={view?.nodes.length ?? snapshot.nodes.length}
        focused={!!focus}
        onTop={startFromTop}
        onDrawAll={() => setGrouping({ by: 'none', open: [] })}
      />
      <div className="graph-body">
        {filtersOpen ? <GraphFiltersPanel value={filters} onChange={setFilters} display={display} onDisplay={setDisplay} present={present} domain={loaded?.domain ?? null} /> : null}
        <div className="graph-centre">
        <div className="graph-canvas-wrap">
          <div
            ref={containerRef}
            className="graph-canvas"
            tabIndex={0}
            role="application"
            aria-roledescription="network graph"
            aria-label="Network graph. Arrow keys move between linked entities; E expands, C collapses, P pins, F fits, + and − zoom, Escape clears."
            onKeyDown={onKeyDown}
            data-testid="graph-canvas"
            data-nodes={nodeCount}
            data-links={linkCount}
            data-drawn={ctl.current?.cy.nodes().length ?? 0}
            data-renderer={ctl.current?.renderer ?? ''}
            data-grouped={grouped && meta ? meta.groupBy : ''}
            data-settled={settled}
          />
          {view && nodeCount === 0 ? (
            <div className="graph-empty">
              <NonIdealState
                icon="filter-remove"
                title="Nothing matches the filters"
                action={<Button text="Clear filters" onClick={() => setFilters({ ...NO_FILTERS, timeMode: filters.timeMode })} />}
              />
            </div>
          ) : null}
          {busy ? (
            <div className="graph-busy" role="status" data-testid="graph-busy">
              <ProgressBar intent="primary" aria-label={busy.label} />
              <span>
                {busy.label} {elapsed > 0 ? `${elapsed} s` : ''}
              </span>
              {busy.cancellable ? <Button size="small" text="Cancel" onClick={() => ctl.current?.cancelLayout()} /> : null}
            </div>
          ) : null}
          <p className={`graph-status ${Classes.TEXT_MUTED}`} data-testid="graph-status" data-analytics={analytics === 'done' ? 'done' : 'running'} aria-live="polite">
            {view ? `${nodeCount.toLocaleString('en-US')} entities · ${linkCount.toLocaleString('en-US')} links` : 'Preparing the network…'}
            {linkTime && filters.timeMode === 'fade' ? ` · ${outsideCount} outside the time window (faded)` : ''}
            {linkTime && filters.timeMode === 'hide' ? ' · links outside the time window hidden' : ''}
            {lastLayout ? ` · ${LAYOUT_LABELS[lastLayout.name]}${lastLayout.quality === 'draft' ? ' (draft)' : ''} in ${(lastLayout.ms / 1000).toFixed(1)} s` : ''}
            {analytics && analytics !== 'done' ? ` · analytics: ${analytics.stage}…` : ''}
            {drawing ? ` · drawing ${Math.round((100 * drawing.done) / drawing.total)}%` : ''}
          </p>
          <p className="graph-sr-only" aria-live="polite">
            {announce}
          </p>
          {viewError ? (
            <Callout intent="danger" className="graph-error">
              {viewError}
            </Callout>
          ) : null}
        </div>
          <GraphLegend colourBy={display.colourBy} sizeBy={display.sizeBy} communities={overview?.summary.communitySizes ?? []} kindsPresent={kindsPresent} />
        </div>
        <aside className="graph-side" aria-label="Details">
          <Tabs id="graph-side-tabs" selectedTabId={tab} onChange={(t) => setTab(t as typeof tab)} renderActiveTabPanelOnly>
            <Tab
              id="selection"
              title="Selection"
              panel={
                selection?.kind === 'node' && meta?.groups.some((g) => g.id === selection.id) ? (
                  <MetaDetails
                    key={selection.id}
                    group={meta.groups.find((g) => g.id === selection.id)!}
                    by={meta.groupBy}
                    names={names}
                    onOpen={() => doubleTap.current(selection.id, true)}
                    onExplore={(id) => void focusOn(id)}
                  />
                ) : selectedNode ? (
                  <EntityDetails key={selectedNode.id} node={selectedNode} snapshot={snapshot} sanctions={sanctions} actions={actions} onSelect={(id) => ctl.current?.select(id, { centre: true })} />
                ) : selectedLink ? (
                  <LinkDetails key={selectedLink.id} link={selectedLink} snapshot={snapshot} />
                ) : (
                  <NonIdealState icon="select" title="Nothing selected" description="Click an entity or a link, pick one from the table, or use the arrow keys in the graph." />
                )
              }
            />
            <Tab
              id="path"
              title="Path"
              panel={
                <PathPanel
                  from={path.from}
                  to={path.to}
                  names={names}
                  weight={path.weight}
                  onWeight={(weight) => setPath((p) => ({ ...p, weight, result: undefined }))}
                  onFind={() => void findPath()}
                  onClear={() => {
                    setPath({ from: null, to: null, weight: path.weight, busy: false, error: null });
                    ctl.current?.clearHighlight();
                  }}
                  result={path.result}
                  busy={path.busy}
                  error={path.error}
                />
              }
            />
            <Tab
              id="table"
              title="Analytics"
              panel={
                <div className="graph-table-panel">
                  {overview ? (
                    <p className={`graph-summary ${Classes.TEXT_MUTED}`}>
                      {overview.summary.communities} communities (modularity {overview.summary.modularity.toFixed(2)}) · {overview.summary.components} components
                      {overview.summary.betweenness.approximate ? ' · betweenness estimated from a sample' : ''}
                    </p>
                  ) : null}
                  <AnalyticsTable rows={overview?.rows} running={analytics !== null && analytics !== 'done'} sanctions={sanctions} onOpen={openOrExplore} onBrokers={overview ? () => showAndHighlight(overview.brokers.slice(0, 10).map((b) => b.id), [], 'the top brokers') : undefined} />
                </div>
              }
            />
          </Tabs>
        </aside>
      </div>
      {timelineOpen ? (
        <TimelinePane
          caseId={caseId}
          selection={selection}
          window={timeWindow(filters)}
          onSelectItem={(it) => {
            const got = ctl.current ? selectInGraph(ctl.current.cy, it) : [];
            if (!got.length) toast({ message: 'What this item stands for is hidden by the filters or the focus.', icon: 'filter' });
          }}
          onWindow={(w) => setFilters({ ...filters, from: w?.from ?? '', to: w?.to ?? '' })}
        />
      ) : null}
      <ReportDialog isOpen={reportOpen} onClose={() => setReportOpen(false)} defaultTitle={defaultTitle} render={renderReport} onExport={(format, scale, o) => exportImage(format, scale, o)} />
      <Dialog isOpen={viewsOpen} onClose={() => setViewsOpen(false)} title="Saved views" icon="bookmark">
        <DialogBody>
          <form
            className="graph-view-save"
            onSubmit={(e) => {
              e.preventDefault();
              void saveView();
            }}
          >
            <InputGroup dir="auto" aria-label="Name of the new view" placeholder="Name this view, e.g. “Financiers 2019”" value={viewName} onValueChange={setViewName} />
            <Button type="submit" intent="primary" icon="floppy-disk" text="Save current view" disabled={!viewName.trim()} />
          </form>
          {viewsQ.data && viewsQ.data.length === 0 ? <p className={Classes.TEXT_MUTED}>No saved views yet. A view keeps the filters, focus, layout, pins and zoom.</p> : null}
          <ul className="graph-view-list" aria-label="Saved views">
            {viewsQ.data?.map((v) => (
              <li key={v.id}>
                <Button variant="minimal" icon="eye-open" text={v.name} onClick={() => openView(v)} />
                <span className={Classes.TEXT_MUTED}>{Object.keys(v.positions).length} positions</span>
                <Button variant="minimal" icon="trash" aria-label={`Delete view ${v.name}`} onClick={() => void deleteView(v)} />
              </li>
            ))}
          </ul>
        </DialogBody>
        <DialogFooter actions={<Button text="Close" onClick={() => setViewsOpen(false)} />} />
      </Dialog>
    </div>
  );
}
