/**
 * The timeline beside the network graph (i2-style theme lines): events, dated links and dated conduct claims
 * (graph.timeline, built and protected in main) on a time axis, one lane per entity.
 *
 *   - partial dates are drawn as what they are: the possible range light (hatched when approximate), the
 *     certain part solid, a day-exact moment as a dot, an open end with an arrow;
 *   - selection is linked both ways: choosing an item selects its entities / link in the graph
 *     (`onSelectItem`); selecting entities in the graph shows their lanes (chips, "All lanes" clears) and a
 *     selected link highlights its item;
 *   - zoom from decades to days: the wheel, + / −, F to fit; Shift+← / → pan; ← / → step through items;
 *   - a brush (drag across the plot) sets the graph's date window (`onWindow`), shaded here as well;
 *   - PNG (1x–4x) and SVG export of what is shown, from the same layout (shared/graph/timeline-svg.ts),
 *     built off-screen only when asked for.
 *
 * At the size of a real case (5k entities, 15k dated links) nothing here is one element per mark: the layout
 * (shared/graph/timeline-layout.ts, dates parsed once per model) is drawn on a canvas, only the lanes the
 * scrolled viewport shows (./draw.ts); a lane with more items than rows shows the rest as density bars.
 * Hit-testing, the keyboard's order and zoom are pure (./scene.ts). So the pane opens with the graph again.
 *
 * Everything drawn comes from the timeline model: pseudonyms only, never a record fetched here.
 */
import { Button, ButtonGroup, Callout, Classes, HTMLSelect, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { fromDay, type TimelineItem, type TimelineModel } from '../../shared/graph/timeline';
import { AXIS_HEIGHT, defaultRange, LaneFramer, LANE_SLICE_MS, layoutTimeline, TIMELINE_COLOURS, TIMELINE_KIND_LABELS, type TimelineLayout } from '../../shared/graph/timeline-layout';
import { dayOfPartial, timelineSvg, windowText } from '../../shared/graph/timeline-svg';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { formatBytes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';
import { drawTimeline, themeOf } from './draw';
import { svgToPngBase64, toBase64 } from './raster';
import { hitTest, laneOfItem, panRange, shownOrder, stepItem, zoomRange, type Hit, type Range } from './scene';
import './timeline.css';

export interface TimelineWindow {
  from?: string;
  to?: string;
}

export interface TimelinePaneProps {
  caseId: string;
  /** What the graph has selected. */
  selection: { kind: 'node' | 'edge'; id: string } | null;
  /** The graph's date window (null: none). */
  window: TimelineWindow | null;
  onSelectItem(item: TimelineItem): void;
  onWindow(w: { from: string; to: string } | null): void;
}

export function TimelinePane(props: TimelinePaneProps) {
  const { version } = useWorkspace();
  const q = useQuery(() => invoke('graph.timeline', { caseId: props.caseId }), [props.caseId, version]);
  if (q.error && !q.data) {
    return (
      <section className="timeline-pane" aria-label="Timeline" data-testid="timeline">
        <Callout intent="danger" title="The timeline could not be loaded">
          {describeError(q.error).message}
        </Callout>
      </section>
    );
  }
  if (!q.data) {
    return (
      <section className="timeline-pane timeline-loading" aria-label="Timeline" data-testid="timeline">
        <Spinner size={20} />
      </section>
    );
  }
  return <TimelineChart model={q.data} {...props} />;
}

type Sel = TimelinePaneProps['selection'];

/** The packed band around the viewport moves in steps of this many pixels. */
const BAND_STEP = 256;

function TimelineChart({ model, selection, window: graphWindow, onSelectItem, onWindow, caseId }: TimelinePaneProps & { model: TimelineModel }) {
  const toast = useToast();
  const initial = useMemo(() => defaultRange(model), [model]);
  const [range, setRange] = useState<Range | null>(initial);
  const [picked, setPicked] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [scale, setScale] = useState('2');
  const [announce, setAnnounce] = useState('');
  // The item chosen here: the graph selections it causes must not rearrange the lanes under the pointer.
  const chosenRef = useRef<{ item: TimelineItem; at: number } | null>(null);
  const view = useViewport();

  useEffect(() => setRange(initial), [initial]);

  const laneIds = useMemo(() => new Set(model.lanes.map((l) => l.entityId)), [model]);
  const itemsById = useMemo(() => new Map(model.items.map((it) => [it.id, it])), [model]);

  // Graph → timeline: a selected entity brings its lane (theme line); a selected link highlights its item.
  useEffect(() => {
    if (!selection) return;
    const chosen = chosenRef.current;
    if (chosen && Date.now() - chosen.at < 1000 && (chosen.item.entities.includes(selection.id) || chosen.item.links.includes(selection.id))) return;
    chosenRef.current = null;
    if (selection.kind === 'node' && laneIds.has(selection.id)) setPicked((p) => (p.includes(selection.id) ? p : [...p, selection.id]));
    if (selection.kind === 'edge' && itemsById.has(selection.id)) setSelected(selection.id);
  }, [selection, laneIds, itemsById]);

  const lanes = picked.length ? picked : undefined;
  // Lane places once per model, width and lanes; then only the lanes near the viewport are packed, at each zoom
  // or when the scroll leaves the band (quantised, so scrolling a few pixels redraws without a new layout).
  const bandTop = Math.max(0, Math.floor(view.scrollTop / BAND_STEP) * BAND_STEP - BAND_STEP);
  const bandBottom = bandTop + view.height + 3 * BAND_STEP;
  const frames = useLaneFrames(model, view.width, lanes, bandBottom);
  const layout = useMemo(
    () => (range ? layoutTimeline(model, { width: view.width, from: range.from, to: range.to, frames, band: { top: bandTop, bottom: bandBottom }, ...(lanes ? { lanes } : {}) }) : null),
    [model, view.width, range, lanes, frames, bandTop, bandBottom],
  );

  const revealItem = view.reveal;
  const choose = useCallback(
    (it: TimelineItem, reveal = false) => {
      setSelected(it.id);
      chosenRef.current = { item: it, at: Date.now() };
      onSelectItem(it);
      setAnnounce(`${TIMELINE_KIND_LABELS[it.kind]}: ${it.label}, ${it.dateText}.`);
      if (reveal) revealItem(it);
    },
    [onSelectItem, revealItem],
  );
  const zoom = useCallback((factor: number, centreDay?: number) => setRange((r) => (r ? zoomRange(r, factor, centreDay) : r)), []);
  const fit = () => setRange(initial);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    const act = (f: () => void) => {
      e.preventDefault();
      e.stopPropagation();
      f();
    };
    if (k === '+' || k === '=') act(() => zoom(0.8));
    else if (k === '-') act(() => zoom(1.25));
    else if (k === 'f' || k === 'F') act(fit);
    else if ((k === 'ArrowLeft' || k === 'ArrowRight') && e.shiftKey) act(() => setRange((r) => (r ? panRange(r, k === 'ArrowLeft' ? -0.1 : 0.1) : r)));
    else if (k === 'ArrowLeft' || k === 'ArrowRight')
      act(() => {
        // Worked out at the key press, not at every zoom or scroll step (it walks every item of the case).
        const next = stepItem(layout ? shownOrder(model, layout) : [], selected, k === 'ArrowRight' ? 1 : -1);
        if (next) choose(next, true);
      });
    else if (k === 'Escape')
      act(() => {
        setSelected(null);
        pointer.cancel();
      });
  };

  const ringed = useMemo(() => ringedItems(model, selected, selection), [model, selected, selection]);
  const selectedNode = selection?.kind === 'node' ? selection.id : null;
  const related = useMemo(() => (selectedNode ? new Set(model.lanes.find((l) => l.entityId === selectedNode)?.items ?? []) : null), [model, selectedNode]);
  useTimelineDrawing(view, layout, { selected: ringed, related, selectedLane: selectedNode });
  useWheelZoom(view.stage, layout, zoom);
  const pointer = usePointer(view, layout, {
    onItem: (it) => choose(it),
    onZoomAt: (day) => zoom(0.25, day),
    onWindow: (w) => {
      onWindow(w);
      setAnnounce(`Graph window set to ${w.from} – ${w.to}.`);
    },
  });
  useTestHook(layout, view, ringed);

  const exportAs = async (format: 'png' | 'svg') => {
    if (!layout) return;
    const safe = model.caseName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'case';
    try {
      const { file } = await invoke('system.pickSavePath', { purpose: 'graph.exportImage', title: `Export the timeline as ${format.toUpperCase()}`, defaultName: `${safe}-timeline.${format}` });
      if (!file) return;
      // Built off-screen, only now: the same layout as on screen, as one SVG document.
      const svg = timelineSvg(model, {
        width: Math.max(900, view.width),
        from: layout.from,
        to: layout.to,
        ...(lanes ? { lanes } : {}),
        window: graphWindow,
        generated: new Date().toISOString().slice(0, 10),
        ...(selected ? { selected: [selected] } : {}),
      });
      const base64 = format === 'svg' ? toBase64(new TextEncoder().encode(svg)) : (await svgToPngBase64(svg, Number(scale))).base64;
      const r = await invoke('graph.exportImage', { caseId, grant: file.grant, format, base64, overwrite: true });
      toast({ message: `Timeline exported as ${format.toUpperCase()} (${formatBytes(r.bytes)}) to ${r.name}.`, intent: Intent.SUCCESS, icon: 'export' });
    } catch (e) {
      toast({ message: `Export failed: ${describeError(e as { code?: unknown; message?: unknown }).message}`, intent: Intent.DANGER, icon: 'error' });
    }
  };

  if (model.items.length === 0 || !layout) return <EmptyTimeline model={model} />;

  const hasWindow = !!graphWindow && !!(graphWindow.from || graphWindow.to);
  const selectedItem = selected ? itemsById.get(selected) : undefined;
  return (
    <section
      className="timeline-pane"
      aria-label="Timeline"
      data-testid="timeline"
      data-items={layout.inView}
      data-lanes={layout.lanes.length}
      data-dense-lanes={frames.lanes.reduce((n, f) => n + (f.dense ? 1 : 0), 0)}
      data-complete={frames.complete ? 'true' : 'false'}
      data-selected={[...ringed].sort().join(' ')}
      data-from={fromDay(layout.from)}
      data-to={fromDay(layout.to)}
    >
      <TimelineToolbar
        shown={`${fromDay(layout.from)} – ${fromDay(layout.to)}`}
        onZoom={zoom}
        onFit={fit}
        onWindowShown={() => onWindow({ from: fromDay(Math.ceil(layout.from)), to: fromDay(Math.floor(layout.to)) })}
        onClearWindow={hasWindow ? () => onWindow(null) : null}
        windowText={windowText(graphWindow)}
        scale={scale}
        onScale={setScale}
        onExport={(f) => void exportAs(f)}
      />
      {picked.length ? (
        <div className="timeline-lanes-bar">
          <span className={Classes.TEXT_MUTED}>Lanes of the entities selected in the graph:</span>
          {picked.map((id) => (
            <Tag key={id} minimal interactive={false} onRemove={() => setPicked((p) => p.filter((x) => x !== id))} data-testid="timeline-lane-chip">
              {model.lanes.find((l) => l.entityId === id)?.name ?? id}
            </Tag>
          ))}
          <Button size="small" variant="minimal" text="All lanes" onClick={() => setPicked([])} />
        </div>
      ) : null}
      <div
        ref={view.setScroller}
        className="timeline-scroll"
        tabIndex={0}
        role="application"
        aria-roledescription="timeline"
        aria-label="Timeline. Left and right arrows step through items; Shift with an arrow pans; + and − zoom; F fits; drag across the dates to set the graph's window."
        onKeyDown={onKeyDown}
        onScroll={view.onScroll}
        data-testid="timeline-canvas"
      >
        <div className="timeline-content" style={{ height: Math.max(layout.height, view.height) }}>
          <div
            ref={view.stage}
            className="timeline-stage"
            style={{ height: view.height }}
            onPointerDown={pointer.down}
            onPointerMove={pointer.move}
            onPointerUp={pointer.up}
            onPointerLeave={pointer.leave}
            onPointerCancel={pointer.cancel}
          >
            <canvas ref={view.canvas} className="timeline-drawing" aria-hidden="true" />
            <WindowShade layout={layout} window={hasWindow ? graphWindow : null} height={view.height} />
            {pointer.brush ? (
              <div
                className="timeline-brush"
                data-testid="timeline-brush"
                style={{ left: layout.x(Math.min(pointer.brush.a, pointer.brush.b)), width: Math.abs(layout.x(pointer.brush.b) - layout.x(pointer.brush.a)), height: view.height }}
              />
            ) : null}
            {pointer.hover ? (
              <div className="timeline-tooltip" data-testid="timeline-tooltip" style={{ left: Math.min(pointer.hover.x + 12, view.width - 260), top: pointer.hover.y + 14 }} dir="auto">
                {pointer.hover.text}
              </div>
            ) : null}
          </div>
        </div>
      </div>
      <TimelineFooter selected={selectedItem} />
      <p className="graph-sr-only" aria-live="polite">
        {announce}
      </p>
    </section>
  );
}

/**
 * Lane places for this model, width and lanes (LaneFramer): the lanes down to `bandBottom` at once, so the
 * first screen is drawn in the first task; the rest a slice per task after it, each slice a re-render with
 * more lanes placed (at 4.5k lanes, one laneFrames call was most of a 250–460 ms first task).
 */
/** While lanes are placed below the screen, the view shows their progress (scroll height) this often. */
const PUBLISH_MS = 250;

function useLaneFrames(model: TimelineModel, width: number, lanes: string[] | undefined, bandBottom: number) {
  const bottomRef = useRef(bandBottom);
  bottomRef.current = bandBottom;
  const framer = useMemo(() => {
    const f = new LaneFramer(model, { width, ...(lanes ? { lanes } : {}) });
    const t0 = performance.now();
    f.step({ untilY: bottomRef.current, deadline: () => performance.now() - t0 > LANE_SLICE_MS });
    return f;
  }, [model, width, lanes]);
  const [placed, setPlaced] = useState(0);
  useEffect(() => {
    if (framer.complete) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let shown = performance.now();
    const slice = () => {
      const t0 = performance.now();
      framer.step({ deadline: () => performance.now() - t0 > LANE_SLICE_MS });
      // The lanes placed lie below the screen: re-render (layout, draw) only now and then, and at the end.
      if (framer.complete || t0 - shown > PUBLISH_MS) {
        shown = t0;
        setPlaced(framer.placed);
      }
      if (!framer.complete) timer = setTimeout(slice, 0);
    };
    timer = setTimeout(slice, 0);
    return () => {
      if (timer !== null) clearTimeout(timer);
    };
  }, [framer]);
  // A scroll below the lanes placed so far (they are placed in order): place down to it now (within a slice).
  if (!framer.complete) {
    const t0 = performance.now();
    framer.step({ untilY: bandBottom, deadline: () => performance.now() - t0 > LANE_SLICE_MS });
  }
  const count = Math.max(placed, framer.placed);
  return useMemo(() => framer.frames(count), [framer, count]);
}

/** Items drawn with a ring: the one chosen here, and the item of a link selected in the graph. */
function ringedItems(model: TimelineModel, selected: string | null, selection: Sel): Set<string> {
  const out = new Set<string>();
  if (selected) out.add(selected);
  if (selection?.kind === 'edge') for (const it of model.items) if (it.links.includes(selection.id)) out.add(it.id);
  return out;
}

function EmptyTimeline({ model }: { model: TimelineModel }) {
  const u = model.undated;
  return (
    <section className="timeline-pane" aria-label="Timeline" data-testid="timeline" data-items={0}>
      <NonIdealState
        icon="timeline-events"
        title="No dated events or links in this case"
        description={`Give events, links or conduct claims a date (a year is enough) and they appear here.${u.events + u.links + u.claims ? ` Undated now: ${u.events} events, ${u.links} links, ${u.claims} claims.` : ''}`}
      />
    </section>
  );
}

function TimelineToolbar(p: {
  shown: string;
  onZoom(f: number): void;
  onFit(): void;
  onWindowShown(): void;
  onClearWindow: (() => void) | null;
  windowText: string;
  scale: string;
  onScale(s: string): void;
  onExport(f: 'png' | 'svg'): void;
}) {
  return (
    <div className="timeline-toolbar" role="toolbar" aria-label="Timeline tools">
      <strong>Timeline</strong>
      <span className={Classes.TEXT_MUTED} data-testid="timeline-range">
        {p.shown}
      </span>
      <ButtonGroup>
        <Button size="small" icon="zoom-in" aria-label="Zoom in (+)" title="Zoom in (+)" onClick={() => p.onZoom(0.8)} />
        <Button size="small" icon="zoom-out" aria-label="Zoom out (−)" title="Zoom out (−)" onClick={() => p.onZoom(1.25)} />
        <Button size="small" icon="zoom-to-fit" aria-label="Fit the timeline (F)" title="Fit (F)" onClick={p.onFit} />
      </ButtonGroup>
      <Button size="small" icon="time" text="Window = shown" title="Set the graph's date window to the dates shown here" onClick={p.onWindowShown} />
      <Button size="small" icon="cross" text="Clear" aria-label="Clear the graph's date window" disabled={!p.onClearWindow} onClick={() => p.onClearWindow?.()} />
      <span className="timeline-spacer" />
      <span className={`${Classes.TEXT_MUTED} timeline-window-text`} data-testid="timeline-window">
        {p.windowText}
      </span>
      <HTMLSelect value={p.scale} onChange={(e) => p.onScale(e.currentTarget.value)} aria-label="PNG resolution" minimal>
        {['1', '2', '3', '4'].map((s) => (
          <option key={s} value={s}>
            PNG {s}x
          </option>
        ))}
      </HTMLSelect>
      <Button size="small" icon="media" aria-label="Timeline as PNG" title="Save the timeline as PNG" onClick={() => p.onExport('png')} data-testid="timeline-export-png" />
      <Button size="small" icon="code-block" aria-label="Timeline as SVG" title="Save the timeline as SVG" onClick={() => p.onExport('svg')} data-testid="timeline-export-svg" />
    </div>
  );
}

function TimelineFooter({ selected }: { selected: TimelineItem | undefined }) {
  return (
    <div className="timeline-footer">
      <span className="timeline-legend" aria-label="Timeline legend">
        {(['event', 'link', 'claim'] as const).map((k) => (
          <span key={k}>
            <svg width="16" height="10" aria-hidden="true">
              <rect width="16" height="10" rx="2" fill={TIMELINE_COLOURS[k]} />
            </svg>{' '}
            {TIMELINE_KIND_LABELS[k]}
          </span>
        ))}
        <span className={Classes.TEXT_MUTED}>light: possible · solid: certain · hatched: approximate · ▶ still running · grey bars: more items than rows (click to zoom) · drag across dates: graph window</span>
      </span>
      {selected ? (
        <span className="timeline-selected" data-testid="timeline-selected" dir="auto">
          {TIMELINE_KIND_LABELS[selected.kind]}: {selected.label} · {selected.dateText}
        </span>
      ) : null}
    </div>
  );
}

/** The graph's date window, shaded over the plot. */
function WindowShade({ layout, window: w, height }: { layout: TimelineLayout; window: TimelineWindow | null; height: number }) {
  if (!w) return null;
  const right = layout.labelWidth + layout.plotWidth;
  const x1 = Math.max(layout.labelWidth, w.from ? layout.x(dayOfPartial(w.from, 'start')) : layout.labelWidth);
  const x2 = Math.min(right, w.to ? layout.x(dayOfPartial(w.to, 'end')) : right);
  if (x2 <= x1) return null;
  return <div className="timeline-window" data-testid="timeline-window-shade" style={{ left: x1, width: x2 - x1, height }} />;
}

// --- the viewport: sizes, scrolling, the canvas -----------------------------------------------------------

interface Viewport {
  scroller: React.RefObject<HTMLDivElement | null>;
  /** The scroll box's ref callback (its size is observed from when it appears). */
  setScroller(el: HTMLDivElement | null): void;
  stage: React.RefObject<HTMLDivElement | null>;
  canvas: React.RefObject<HTMLCanvasElement | null>;
  width: number;
  height: number;
  scrollTop: number;
  onScroll(): void;
  /** Scroll the first lane of an item into view (its marks are packed once the band reaches it). */
  reveal(item: TimelineItem): void;
  layoutRef: React.MutableRefObject<TimelineLayout | null>;
}

function useViewport(): Viewport {
  const scroller = useRef<HTMLDivElement | null>(null);
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const setScroller = useCallback((node: HTMLDivElement | null) => {
    scroller.current = node;
    setEl(node);
  }, []);
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<TimelineLayout | null>(null);
  const [size, setSize] = useState({ width: 900, height: 200 });
  const [scrollTop, setScrollTop] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = () => setSize((s) => {
      const width = Math.max(400, Math.floor(el.clientWidth));
      const height = Math.max(AXIS_HEIGHT + 20, Math.floor(el.clientHeight));
      return s.width === width && s.height === height ? s : { width, height };
    });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [el]);
  const onScroll = useCallback(() => setScrollTop(scroller.current?.scrollTop ?? 0), []);
  const reveal = useCallback((item: TimelineItem) => {
    const l = layoutRef.current;
    const box = scroller.current;
    const lane = l ? laneOfItem(l, item) : undefined;
    if (!lane || !box) return;
    if (lane.y - AXIS_HEIGHT < box.scrollTop || lane.y + lane.height > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, lane.y - AXIS_HEIGHT - 10);
  }, []);
  return { scroller, setScroller, stage, canvas, width: size.width, height: size.height, scrollTop, onScroll, reveal, layoutRef };
}

/** Draw on the canvas whenever the layout, the scroll, the size or the highlights change (once a frame). */
function useTimelineDrawing(view: Viewport, layout: TimelineLayout | null, h: { selected: ReadonlySet<string>; related: ReadonlySet<string> | null; selectedLane: string | null }) {
  view.layoutRef.current = layout;
  const { width, height, scrollTop, canvas } = view;
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c || !layout) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    drawTimeline(ctx, layout, { scrollTop, viewWidth: width, viewHeight: height, dpr, selected: h.selected, related: h.related, selectedLane: h.selectedLane, theme: themeOf(c) });
  }, [canvas, layout, width, height, scrollTop, h.selected, h.related, h.selectedLane]);
}

/** The wheel zooms around the pointer (a native listener: React's is passive and cannot prevent scrolling). */
function useWheelZoom(stage: React.RefObject<HTMLDivElement | null>, layout: TimelineLayout | null, zoom: (f: number, c?: number) => void) {
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const has = layout !== null;
  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const l = layoutRef.current;
      if (!l || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      const x = e.clientX - el.getBoundingClientRect().left;
      zoom(e.deltaY > 0 ? 1.25 : 0.8, x > l.labelWidth ? l.day(x) : undefined);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom, has, stage]);
}

// --- the pointer: click an item, hover for its text, drag a brush ------------------------------------------

interface PointerHandlers {
  onItem(it: TimelineItem): void;
  /** A density bar clicked: zoom in around its day. */
  onZoomAt(day: number): void;
  onWindow(w: { from: string; to: string }): void;
}

function usePointer(view: Viewport, layout: TimelineLayout | null, h: PointerHandlers) {
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; text: string; key: string } | null>(null);
  const dragging = useRef<{ start: number; x0: number; active: boolean } | null>(null);
  const local = (e: React.PointerEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const dayAtX = (x: number) => layout!.day(Math.max(layout!.labelWidth, Math.min(layout!.labelWidth + layout!.plotWidth, x)));
  const hitAt = (p: { x: number; y: number }): Hit => (layout && p.y >= AXIS_HEIGHT ? hitTest(layout, p.x, p.y + view.scrollTop) : null);

  // A press becomes a brush once it moves a few pixels; until then it may still be a click on an item.
  const down = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!layout || e.button !== 0) return;
    const p = local(e);
    if (p.x < layout.labelWidth) return;
    dragging.current = { start: dayAtX(p.x), x0: e.clientX, active: false };
  };
  const move = (e: React.PointerEvent<HTMLDivElement>) => {
    const drag = dragging.current;
    const p = local(e);
    if (!drag) {
      const hit = hitAt(p);
      const text = hoverText(hit);
      const key = text ? `${text}` : '';
      setHover((old) => (!text ? null : old && old.key === key && Math.abs(old.x - p.x) < 40 ? old : { x: p.x, y: p.y, text, key }));
      return;
    }
    if (!drag.active) {
      if (Math.abs(e.clientX - drag.x0) < 4) return;
      drag.active = true;
      setHover(null);
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setBrush({ a: drag.start, b: dayAtX(p.x) });
  };
  const up = (e: React.PointerEvent<HTMLDivElement>) => {
    const drag = dragging.current;
    dragging.current = null;
    if (!drag || !layout) return;
    const p = local(e);
    if (!drag.active) {
      const hit = hitAt(p);
      if (hit?.kind === 'mark') h.onItem(hit.mark.item);
      else if (hit?.kind === 'density') h.onZoomAt(layout.day(hit.bin.x + layout.binPx / 2));
      return;
    }
    setBrush(null);
    const a = Math.min(drag.start, dayAtX(p.x));
    const b = Math.max(drag.start, dayAtX(p.x));
    h.onWindow({ from: fromDay(Math.floor(a)), to: fromDay(Math.floor(b)) });
  };
  const cancel = () => {
    dragging.current = null;
    setBrush(null);
  };
  const leave = () => setHover(null);
  return { brush, hover, down, move, up, cancel, leave };
}

function hoverText(hit: Hit): string {
  if (hit?.kind === 'mark') {
    const it = hit.mark.item;
    return `${TIMELINE_KIND_LABELS[it.kind]}: ${it.label} — ${it.dateText}${it.openEnd ? ' (still running)' : ''}`;
  }
  if (hit?.kind === 'density') return `${hit.bin.count} more item${hit.bin.count === 1 ? '' : 's'} here — click to zoom in`;
  return '';
}

/**
 * For the e2e tests and the bench: read-only access to what is drawn (the layout's marks as plain numbers, the
 * scroll, the ringed items), as the graph exposes its controller. No record beyond what is drawn.
 */
function useTestHook(layout: TimelineLayout | null, view: Viewport, ringed: ReadonlySet<string>) {
  const state = useRef({ layout, scrollTop: 0, ringed });
  state.current = { layout, scrollTop: view.scrollTop, ringed };
  const scroller = view.scroller;
  useEffect(() => {
    const hook = {
      marks: () =>
        (state.current.layout?.marks ?? []).map((m) => ({ id: m.item.id, kind: m.item.kind, lane: m.laneId, x1: m.x1, x2: m.x2, y: m.y, h: m.h, dot: m.dot, approximate: m.item.approximate, certain: m.cx1 !== null })),
      lanes: () => (state.current.layout?.lanes ?? []).map((l) => ({ entityId: l.entityId, y: l.y, height: l.height, rows: l.rows, binned: l.bins.reduce((a, b) => a + b.count, 0) })),
      scrollTop: () => state.current.scrollTop,
      scrollTo: (y: number) => {
        if (scroller.current) scroller.current.scrollTop = y;
      },
      x: (day: number) => state.current.layout?.x(day) ?? 0,
    };
    (window as unknown as { __sanctumTimeline?: unknown }).__sanctumTimeline = hook;
    return () => {
      delete (window as unknown as { __sanctumTimeline?: unknown }).__sanctumTimeline;
    };
  }, [scroller]);
}
