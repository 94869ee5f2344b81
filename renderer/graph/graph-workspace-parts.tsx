/**
 * The parts of the graph screen's layout (graph-screen.tsx GraphWorkspace owns the state): the header and
 * toolbar, the focus bar, the canvas with its status lines, the side panel's tabs and the saved-views dialog.
 * Presentation only: every action comes in as a callback.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, H1, HTMLSelect, InputGroup, Menu, MenuItem, NonIdealState, Popover, ProgressBar, Tab, Tabs, Tag } from '@blueprintjs/core';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { OverviewResult } from '../../shared/graph/analytics';
import type { MetaGraph } from '../../shared/graph/explore';
import type { JobProgress } from '../../shared/graph/graph-worker-api';
import type { CaseGraphSnapshot, GraphView, SnapshotNode } from '../../shared/graph/snapshot';
import type { invoke } from '../api/client';
import type { Busy, LayoutName } from './graph-controller';
import { MetaDetails } from './graph-explore';
import { AnalyticsTable, EntityDetails, LinkDetails, PathPanel, type NodeActions } from './graph-panel';
import { GraphSearch } from './graph-search';
import type { Selection } from './hooks/use-graph-canvas';
import type { PathState } from './hooks/use-graph-paths';

export const LAYOUT_LABELS: Record<LayoutName, string> = { fcose: 'Force-directed', concentric: 'Concentric (by links)', breadthfirst: 'Hierarchical' };

type Sanctions = Awaited<ReturnType<typeof invoke<'graph.sanctionStatus'>>> | undefined;

export interface HeaderProps {
  caseId: string;
  caseName: string;
  filterCount: number;
  filtersOpen: boolean;
  onFilters(): void;
  nodeOf(id: string): SnapshotNode | undefined;
  onSearch(id: string): void;
  layoutName: LayoutName;
  onLayoutName(l: LayoutName): void;
  onRelayout(refine: boolean): void;
  canRefine: boolean;
  busy: boolean;
  canUndo: boolean;
  onUndo(): void;
  onFit(): void;
  onViews(): void;
  timelineOpen: boolean;
  onTimeline(): void;
  onExport(format: 'png' | 'svg'): void;
  onFileExport(): void;
  onReport(): void;
  empty: boolean;
}

export function GraphHeader(p: HeaderProps) {
  return (
    <header className="graph-header">
      <div className="graph-title">
        <H1>Network graph</H1>
        <span className={Classes.TEXT_MUTED} dir="auto">
          {p.caseName}
        </span>
      </div>
      <div className="graph-toolbar" role="toolbar" aria-label="Graph tools">
        <Button
          icon="filter"
          text={p.filterCount ? `Filters (${p.filterCount})` : 'Filters'}
          active={p.filtersOpen}
          aria-pressed={p.filtersOpen}
          onClick={p.onFilters}
          title={p.filtersOpen ? 'Hide the filter column' : 'Show the filter column'}
        />
        <GraphSearch caseId={p.caseId} onChoose={p.onSearch} nodeOf={p.nodeOf} />
        <HTMLSelect value={p.layoutName} onChange={(e) => p.onLayoutName(e.currentTarget.value as LayoutName)} aria-label="Layout">
          {(Object.keys(LAYOUT_LABELS) as LayoutName[]).map((l) => (
            <option key={l} value={l}>
              {LAYOUT_LABELS[l]}
            </option>
          ))}
        </HTMLSelect>
        <Button icon="layout-auto" text="Lay out" onClick={() => p.onRelayout(false)} disabled={p.busy || p.empty} />
        {p.canRefine ? <Button icon="clean" text="Refine" title="Full-quality force layout, starting from the draft (may take a while)" onClick={() => p.onRelayout(true)} disabled={p.busy} /> : null}
        <Button icon="undo" text="Undo layout" title="Undo the last layout or move (Ctrl+Z inside the graph)" disabled={!p.canUndo || p.busy} onClick={p.onUndo} />
        <Button icon="zoom-to-fit" aria-label="Fit the graph to the window (F)" title="Fit (F)" onClick={p.onFit} />
        <Button icon="bookmark" text="Views" onClick={p.onViews} />
        <Button icon="timeline-events" text="Timeline" active={p.timelineOpen} aria-pressed={p.timelineOpen} onClick={p.onTimeline} title={p.timelineOpen ? 'Hide the timeline' : 'Show the timeline below the graph'} />
        <Popover
          placement="bottom-end"
          content={
            <Menu aria-label="Export">
              <MenuItem icon="media" text="Export PNG…" onClick={() => p.onExport('png')} data-testid="export-png" />
              <MenuItem icon="code-block" text="Export SVG…" onClick={() => p.onExport('svg')} data-testid="export-svg" />
              <MenuItem icon="graph" text="Export GraphML or GEXF…" onClick={p.onFileExport} data-testid="export-graph-file" />
              <MenuItem icon="document-share" text="For a report or print…" onClick={p.onReport} data-testid="export-report" />
            </Menu>
          }
        >
          <Button icon="export" text="Export" endIcon="caret-down" disabled={p.empty} />
        </Popover>
      </div>
    </header>
  );
}

export function FocusBar({ label, count, onClear }: { label: string; count: number; onClear(): void }) {
  return (
    <div className="graph-focus-bar" data-testid="graph-focus">
      <Tag icon="locate" intent="primary" minimal large>
        Neighbourhood of <span dir="auto">{label}</span> · {count} entities
      </Tag>
      <Button size="small" variant="minimal" icon="maximize" text="Show the whole network" onClick={onClear} />
    </div>
  );
}

export interface CanvasProps {
  containerRef: RefObject<HTMLDivElement | null>;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  nodeCount: number;
  linkCount: number;
  drawn: number;
  renderer: string;
  grouped: string;
  /** The view shows what its state asks for (see graph-screen.tsx): `data-settled`. */
  settled: boolean;
  /** Nothing matches the filters: offer to clear them. */
  onClearFilters: (() => void) | null;
  busy: Busy | null;
  elapsed: number;
  onCancelLayout(): void;
  analyticsDone: boolean;
  /** The status line (counts, time window, layout, analytics, drawing). */
  status: string;
  announce: string;
  error: string | null;
  children?: ReactNode;
}

export function GraphCanvasArea(p: CanvasProps) {
  return (
    <div className="graph-canvas-wrap">
      <div
        ref={p.containerRef}
        className="graph-canvas"
        tabIndex={0}
        role="application"
        aria-roledescription="network graph"
        aria-label="Network graph. Arrow keys move between linked entities; E expands, C collapses, P pins, F fits, + and − zoom, Escape clears."
        onKeyDown={p.onKeyDown}
        data-testid="graph-canvas"
        data-nodes={p.nodeCount}
        data-links={p.linkCount}
        data-drawn={p.drawn}
        data-renderer={p.renderer}
        data-grouped={p.grouped}
        data-settled={p.settled}
      />
      {p.onClearFilters ? (
        <div className="graph-empty">
          <NonIdealState icon="filter-remove" title="Nothing matches the filters" action={<Button text="Clear filters" onClick={p.onClearFilters} />} />
        </div>
      ) : null}
      {p.busy ? (
        <div className="graph-busy" role="status" data-testid="graph-busy">
          <ProgressBar intent="primary" aria-label={p.busy.label} />
          <span>
            {p.busy.label} {p.elapsed > 0 ? `${p.elapsed} s` : ''}
          </span>
          {p.busy.cancellable ? <Button size="small" text="Cancel" onClick={p.onCancelLayout} /> : null}
        </div>
      ) : null}
      <p className={`graph-status ${Classes.TEXT_MUTED}`} data-testid="graph-status" data-analytics={p.analyticsDone ? 'done' : 'running'} aria-live="polite">
        {p.status}
      </p>
      <p className="graph-sr-only" aria-live="polite">
        {p.announce}
      </p>
      {p.error ? (
        <Callout intent="danger" className="graph-error">
          {p.error}
        </Callout>
      ) : null}
    </div>
  );
}

/** The status line under the canvas. */
export function statusText(s: {
  counted: boolean;
  nodeCount: number;
  linkCount: number;
  timeMode: 'fade' | 'hide' | null;
  outsideCount: number;
  lastLayout: { name: LayoutName; quality?: string; ms: number } | null;
  analytics: JobProgress | 'done' | null;
  drawing: { done: number; total: number } | null;
}): string {
  return [
    s.counted ? `${s.nodeCount.toLocaleString('en-US')} entities · ${s.linkCount.toLocaleString('en-US')} links` : 'Preparing the network…',
    s.timeMode === 'fade' ? ` · ${s.outsideCount} outside the time window (faded)` : '',
    s.timeMode === 'hide' ? ' · links outside the time window hidden' : '',
    s.lastLayout ? ` · ${LAYOUT_LABELS[s.lastLayout.name]}${s.lastLayout.quality === 'draft' ? ' (draft)' : ''} in ${(s.lastLayout.ms / 1000).toFixed(1)} s` : '',
    s.analytics && s.analytics !== 'done' ? ` · analytics: ${s.analytics.stage}…` : '',
    s.drawing ? ` · drawing ${Math.round((100 * s.drawing.done) / s.drawing.total)}%` : '',
  ].join('');
}

export interface SideProps {
  tab: 'selection' | 'path' | 'table';
  onTab(t: 'selection' | 'path' | 'table'): void;
  selection: Selection;
  snapshot: CaseGraphSnapshot;
  nodesById: Map<string, SnapshotNode>;
  linksById: Map<string, CaseGraphSnapshot['links'][number]>;
  names: Map<string, string>;
  meta: MetaGraph | null;
  sanctions: Sanctions;
  actions: NodeActions;
  onOpenGroup(id: string): void;
  onExplore(id: string): void;
  onSelect(id: string): void;
  path: PathState;
  onPathWeight(w: PathState['weight']): void;
  onFindPath(): void;
  onClearPath(): void;
  overview: OverviewResult | null;
  analyticsRunning: boolean;
  onOpenRow(id: string): void;
  onBrokers: (() => void) | undefined;
}

function SelectionPanel(p: SideProps) {
  const { selection, meta } = p;
  const group = selection?.kind === 'node' ? meta?.groups.find((g) => g.id === selection.id) : undefined;
  if (group && meta) return <MetaDetails key={group.id} group={group} by={meta.groupBy} names={p.names} onOpen={() => p.onOpenGroup(group.id)} onExplore={p.onExplore} />;
  const node = selection?.kind === 'node' ? p.nodesById.get(selection.id) : undefined;
  if (node) return <EntityDetails key={node.id} node={node} snapshot={p.snapshot} sanctions={p.sanctions} actions={p.actions} onSelect={p.onSelect} />;
  const link = selection?.kind === 'edge' ? p.linksById.get(selection.id) : undefined;
  if (link) return <LinkDetails key={link.id} link={link} snapshot={p.snapshot} />;
  return <NonIdealState icon="select" title="Nothing selected" description="Click an entity or a link, pick one from the table, or use the arrow keys in the graph." />;
}

export function GraphSidePanel(p: SideProps) {
  const { overview, path } = p;
  return (
    <aside className="graph-side" aria-label="Details">
      {/* No animated indicator: Blueprint re-measures it (a forced layout and a second render of the open panel, the
          5k-row analytics table) after every render whose tab panels are new elements, i.e. every render. The
          selected tab keeps Blueprint's underline without it. */}
      <Tabs id="graph-side-tabs" selectedTabId={p.tab} onChange={(t) => p.onTab(t as SideProps['tab'])} renderActiveTabPanelOnly animate={false}>
        <Tab id="selection" title="Selection" panel={<SelectionPanel {...p} />} />
        <Tab
          id="path"
          title="Path"
          panel={
            <PathPanel
              from={path.from}
              to={path.to}
              names={p.names}
              weight={path.weight}
              onWeight={p.onPathWeight}
              onFind={p.onFindPath}
              onClear={p.onClearPath}
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
              <AnalyticsTable rows={overview?.rows} ranks={overview?.ranks} running={p.analyticsRunning} sanctions={p.sanctions} onOpen={p.onOpenRow} onBrokers={p.onBrokers} />
            </div>
          }
        />
      </Tabs>
    </aside>
  );
}

export interface ViewsDialogProps {
  isOpen: boolean;
  onClose(): void;
  name: string;
  onName(n: string): void;
  onSave(): void;
  views: GraphView[] | undefined;
  onOpen(v: GraphView): void;
  onDelete(v: GraphView): void;
}

export function SavedViewsDialog(p: ViewsDialogProps) {
  return (
    <Dialog isOpen={p.isOpen} onClose={p.onClose} title="Saved views" icon="bookmark">
      <DialogBody>
        <form
          className="graph-view-save"
          onSubmit={(e) => {
            e.preventDefault();
            p.onSave();
          }}
        >
          <InputGroup dir="auto" aria-label="Name of the new view" placeholder="Name this view, e.g. “Financiers 2019”" value={p.name} onValueChange={p.onName} />
          <Button type="submit" intent="primary" icon="floppy-disk" text="Save current view" disabled={!p.name.trim()} />
        </form>
        {p.views && p.views.length === 0 ? <p className={Classes.TEXT_MUTED}>No saved views yet. A view keeps the filters, focus, layout, pins and zoom.</p> : null}
        <ul className="graph-view-list" aria-label="Saved views">
          {p.views?.map((v) => (
            <li key={v.id}>
              <Button variant="minimal" icon="eye-open" text={v.name} onClick={() => p.onOpen(v)} />
              <span className={Classes.TEXT_MUTED}>{Object.keys(v.positions).length} positions</span>
              <Button variant="minimal" icon="trash" aria-label={`Delete view ${v.name}`} onClick={() => p.onDelete(v)} />
            </li>
          ))}
        </ul>
      </DialogBody>
      <DialogFooter actions={<Button text="Close" onClick={p.onClose} />} />
    </Dialog>
  );
}
