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
import { Button, Callout, H1, NonIdealState, Spinner } from '@blueprintjs/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CaseGraphSnapshot, GraphFilters } from '../../shared/graph/snapshot';
import type { EntityKind, LinkKind, Role } from '../../shared/model/vocabulary';
import { ENTITY_KINDS, LINK_KINDS, ROLES } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { useToast } from '../ui/toaster';
import { useCurrentCase, useViewState, useWorkspace } from '../workspace/workspace';
import type { LayoutName } from './graph-controller';
import { EXPLORE_FROM, ExploreBar, type Grouping } from './graph-explore';
import { GraphExportDialog } from './graph-export-dialog';
import { activeFilterCount, GraphFiltersPanel, NO_FILTERS, timeWindow, toGraphFilters, type DisplayState, type FilterState } from './graph-filters';
import { GraphLegend } from './graph-legend';
import { FocusBar, GraphCanvasArea, GraphHeader, GraphSidePanel, SavedViewsDialog, statusText } from './graph-workspace-parts';
import { graphKeyDown } from './hooks/graph-keys';
import { useGraphAnalytics } from './hooks/use-graph-analytics';
import { useGraphCanvas, type Selection } from './hooks/use-graph-canvas';
import { drawingKey, useGraphDrawing, useLinkTime, type Pending } from './hooks/use-graph-drawing';
import { useGraphExplore, type Focus } from './hooks/use-graph-explore';
import { useGraphExports } from './hooks/use-graph-exports';
import { useGraphPaths } from './hooks/use-graph-paths';
import { useGraphPositions } from './hooks/use-graph-positions';
import { useGraphViews } from './hooks/use-graph-views';
import { useTimelineWindow } from './hooks/use-timeline-window';
import './graph.css';
// Timeline beside the graph and exports for reports (issue 13, items 5 and 6): kept in their own modules.
import { TimelinePane } from '../timeline/timeline-view';
import { ReportDialog } from './report-dialog';

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

type Sanctions = Awaited<ReturnType<typeof invoke<'graph.sanctionStatus'>>> | undefined;

/**
 * The screen's state and its steps, each in its own hook (./hooks): positions saved, the canvas, the worker's
 * answers (view, meta-nodes, analytics), drawing, exploring, paths, saved views, exports and the timeline pane.
 */
function GraphWorkspace({ snapshot, sanctions, toast }: { snapshot: CaseGraphSnapshot; sanctions: Sanctions; toast: ReturnType<typeof useToast> }) {
  const caseId = snapshot.caseId;
  const [filters, setFilters] = useViewState<FilterState>(`graph:${caseId}:filters`, NO_FILTERS);
  const [display, setDisplay] = useViewState<DisplayState>(`graph:${caseId}:display`, { sizeBy: 'betweenness', colourBy: 'kind' });
  const [focus, setFocus] = useViewState<Focus | null>(`graph:${caseId}:focus`, null);
  // Exploring a large case (graph-explore.tsx): grouped into meta-nodes unless focused or drawn whole.
  const [grouping, setGrouping] = useViewState<Grouping>(`graph:${caseId}:grouping`, { by: snapshot.nodes.length > EXPLORE_FROM ? 'community' : 'none', open: [] });
  const [selection, setSelection] = useState<Selection>(null);
  const [tab, setTab] = useState<'selection' | 'path' | 'table'>('table');
  const [layoutName, setLayoutName] = useState<LayoutName>('fcose');
  const [, setTick] = useState(0); // re-render after controller-side changes (undo stack, pins)
  const bump = useCallback(() => setTick((t) => t + 1), []);
  const [announce, setAnnounce] = useState('');
  // On a narrow window the canvas needs the room: the filter column starts closed.
  const [filtersOpen, setFiltersOpen] = useViewState('graph:filtersOpen', window.innerWidth >= 1500);

  const nodesById = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n])), [snapshot]);
  const linksById = useMemo(() => new Map(snapshot.links.map((l) => [l.id, l])), [snapshot]);
  const names = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n.name])), [snapshot]);
  const present = useMemo(() => presentKinds(snapshot), [snapshot]);
  const baseFilters = useMemo(() => toGraphFilters(filters), [filters]);
  const graphFilters = useMemo<GraphFilters>(() => (focus ? { ...baseFilters, onlyNodes: focus.ids } : baseFilters), [baseFilters, focus]);
  const grouped = !focus && grouping.by !== 'none';

  const queueSave = useGraphPositions(caseId, toast, bump);
  const pending = useRef<Pending>({ select: null, viewport: null, highlight: null });
  const doubleTap = useRef<(id: string, meta: boolean) => void>(() => undefined);
  const containerRef = useRef<HTMLDivElement>(null);
  const onSelect = (sel: Selection) => {
    setSelection(sel);
    if (sel) setTab('selection');
  };
  const { ctl, busy, elapsed, lastLayout, renderer } = useGraphCanvas(containerRef, snapshot, { onSelect, onPositions: queueSave, onDoubleTap: (id, m) => doubleTap.current(id, m), toast });
  const { client, loaded, view, viewFor, viewError, meta, metaFor, overview, analytics } = useGraphAnalytics({ snapshot, graphFilters, baseFilters, grouping, grouped, sizeBy: display.sizeBy, toast });
  const { linkTime, faded, outsideCount } = useLinkTime(view, filters, linksById);
  const drawInputs = { snapshot, view, viewFor, graphFilters, meta, grouped, overview, sanctions, colourBy: display.colourBy, linkTime, faded };
  const { drawing, drawnFor } = useGraphDrawing({ ...drawInputs, ctl, queueSave, pending });
  // Settled: the view answers the filters, the groups answer the grouping, and what they ask for is drawn, placed
  // and fitted, with no layout running. The e2e tests and the bench wait on it (`data-settled`), not on pauses.
  const metaPending = grouped && (metaFor?.grouping !== grouping || metaFor.filters !== baseFilters);
  const drawnNow = drawingKey(drawInputs);
  const settled = !!view && viewFor === graphFilters && !metaPending && !busy && !drawing && !!drawnFor && drawnNow.every((x, i) => x === drawnFor[i]);
  const paths = useGraphPaths(client, ctl, graphFilters, names, setAnnounce);
  const explore = useGraphExplore({ client, ctl, pending, baseFilters, focus, setFocus, setGrouping, grouped, view, names, toast, announce: setAnnounce, changed: bump, pathEnd: paths.pathEnd, showTab: setTab });
  doubleTap.current = explore.doubleTap;
  const views = useGraphViews({ caseId, ctl, pending, graphFilters, display, setDisplay, setFilters, setFocus, setLayoutName, expansions: explore.expansions, toast });
  const nodeCount = view?.nodes.length ?? 0;
  const linkCount = view?.links.length ?? 0;
  const kindsPresent = useMemo(() => new Set(view?.nodes.map((id) => nodesById.get(id)?.kind ?? '') ?? []), [view, nodesById]);
  const exports = useGraphExports({ snapshot, ctl, filters, display, overview, kindsPresent, nodeCount, linkCount, toast });
  const timeline = useTimelineWindow(snapshot.nodes.length, ctl, filters, setFilters, toast);
  const relayout = (refine = false) => void ctl.current?.layout(layoutName, { refine }).then(bump);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) =>
    graphKeyDown(e, { ctl, selection, names, actions: explore.actions, announce: setAnnounce, showSelection: () => setTab('selection'), changed: bump });

  return (
    <div className="graph-screen">
      <GraphHeader
        caseId={caseId}
        caseName={snapshot.caseName}
        filterCount={activeFilterCount(filters)}
        filtersOpen={filtersOpen}
        onFilters={() => setFiltersOpen(!filtersOpen)}
        nodeOf={(id) => nodesById.get(id)}
        onSearch={explore.chooseFromSearch}
        layoutName={layoutName}
        onLayoutName={setLayoutName}
        onRelayout={relayout}
        canRefine={layoutName === 'fcose' && lastLayout?.quality === 'draft'}
        busy={!!busy}
        canUndo={!!ctl.current?.canUndo}
        onUndo={() => {
          ctl.current?.undoLayout();
          bump();
        }}
        onFit={() => ctl.current?.fit()}
        onViews={() => views.setViewsOpen(true)}
        timelineOpen={timeline.timelineOpen}
        onTimeline={() => timeline.setTimelineOpen(!timeline.timelineOpen)}
        onExport={(format) => void exports.exportImage(format)}
        onFileExport={() => exports.setFileExportOpen(true)}
        onReport={() => exports.setReportOpen(true)}
        empty={nodeCount === 0}
      />
      <GraphExportDialog open={exports.fileExportOpen} caseId={caseId} caseName={snapshot.caseName} filters={graphFilters} onClose={() => exports.setFileExportOpen(false)} />
      {focus ? <FocusBar label={focus.label} count={focus.ids.length} onClear={explore.clearFocus} /> : null}
      <ExploreBar grouping={grouping} onGrouping={setGrouping} meta={meta} total={view?.nodes.length ?? snapshot.nodes.length} focused={!!focus} onTop={explore.startFromTop} onDrawAll={() => setGrouping({ by: 'none', open: [] })} />
      <div className="graph-body">
        {filtersOpen ? <GraphFiltersPanel value={filters} onChange={setFilters} display={display} onDisplay={setDisplay} present={present} domain={loaded?.domain ?? null} /> : null}
        <div className="graph-centre">
          <GraphCanvasArea
            containerRef={containerRef}
            onKeyDown={onKeyDown}
            nodeCount={nodeCount}
            linkCount={linkCount}
            drawn={ctl.current?.cy.nodes().length ?? 0}
            renderer={renderer}
            grouped={grouped && meta ? meta.groupBy : ''}
            settled={settled}
            onClearFilters={view && nodeCount === 0 ? () => setFilters({ ...NO_FILTERS, timeMode: filters.timeMode }) : null}
            busy={busy}
            elapsed={elapsed}
            onCancelLayout={() => ctl.current?.cancelLayout()}
            analyticsDone={analytics === 'done'}
            status={statusText({ counted: !!view, nodeCount, linkCount, timeMode: linkTime ? filters.timeMode : null, outsideCount, lastLayout, analytics, drawing })}
            announce={announce}
            error={viewError}
          />
          <GraphLegend colourBy={display.colourBy} sizeBy={display.sizeBy} communities={overview?.summary.communitySizes ?? []} kindsPresent={kindsPresent} />
        </div>
        <GraphSidePanel
          tab={tab}
          onTab={setTab}
          selection={selection}
          snapshot={snapshot}
          nodesById={nodesById}
          linksById={linksById}
          names={names}
          meta={meta}
          sanctions={sanctions}
          actions={explore.actions}
          onOpenGroup={(id) => doubleTap.current(id, true)}
          onExplore={(id) => void explore.focusOn(id)}
          onSelect={(id) => ctl.current?.select(id, { centre: true })}
          path={paths.path}
          onPathWeight={paths.setWeight}
          onFindPath={() => void paths.findPath(explore.showAndHighlight)}
          onClearPath={paths.clearPath}
          overview={overview}
          analyticsRunning={analytics !== null && analytics !== 'done'}
          onOpenRow={explore.openOrExplore}
          onBrokers={overview ? () => explore.showAndHighlight(overview.brokers.slice(0, 10).map((b) => b.id), [], 'the top brokers') : undefined}
        />
      </div>
      {timeline.timelineOpen ? <TimelinePane caseId={caseId} selection={selection} window={timeWindow(filters)} onSelectItem={timeline.onSelectItem} onWindow={timeline.onWindow} /> : null}
      <ReportDialog isOpen={exports.reportOpen} onClose={() => exports.setReportOpen(false)} defaultTitle={exports.defaultTitle} render={exports.renderReport} onExport={(format, scale, o) => exports.exportImage(format, scale, o)} />
      <SavedViewsDialog
        isOpen={views.viewsOpen}
        onClose={() => views.setViewsOpen(false)}
        name={views.viewName}
        onName={views.setViewName}
        onSave={() => void views.saveView()}
        views={views.views}
        onOpen={views.openView}
        onDelete={(v) => void views.deleteView(v)}
      />
    </div>
  );
}

/** The entity kinds, roles and link kinds present in the case (the filter column offers only these). */
function presentKinds(snapshot: CaseGraphSnapshot) {
  const kinds = new Set<EntityKind>(snapshot.nodes.map((n) => n.kind));
  const roles = new Set<Role>(snapshot.nodes.flatMap((n) => n.roles));
  const linkKinds = new Set<LinkKind>(snapshot.links.map((l) => l.kind));
  return { kinds: ENTITY_KINDS.filter((k) => kinds.has(k)), roles: ROLES.filter((r) => roles.has(r)), linkKinds: LINK_KINDS.filter((k) => linkKinds.has(k)) };
}
