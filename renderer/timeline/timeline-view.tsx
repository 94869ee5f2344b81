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
 *   - PNG (1x–4x) and SVG export of what is shown, from the same layout (shared/graph/timeline-svg.ts).
 *
 * Everything drawn comes from the timeline model: pseudonyms only, never a record fetched here.
 */
import { Button, ButtonGroup, Callout, Classes, HTMLSelect, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fromDay, type TimelineItem, type TimelineModel } from '../../shared/graph/timeline';
import { AXIS_HEIGHT, defaultRange, layoutTimeline, TIMELINE_COLOURS, TIMELINE_KIND_LABELS } from '../../shared/graph/timeline-layout';
import { dayOfPartial, HATCH_DEF, timelineSvg, windowText } from '../../shared/graph/timeline-svg';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { formatBytes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';
import { svgToPngBase64, toBase64 } from './raster';
import './timeline.css';

const MIN_SPAN = 7;
const MAX_SPAN = 365.25 * 250;

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

function TimelineChart({ model, selection, window: graphWindow, onSelectItem, onWindow, caseId }: TimelinePaneProps & { model: TimelineModel }) {
  const toast = useToast();
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const initial = useMemo(() => defaultRange(model), [model]);
  const [range, setRange] = useState<{ from: number; to: number } | null>(initial);
  const [picked, setPicked] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const [scale, setScale] = useState('2');
  const [announce, setAnnounce] = useState('');
  // The item chosen here: the graph selections it causes must not rearrange the lanes under the pointer.
  const chosenRef = useRef<{ item: TimelineItem; at: number } | null>(null);

  useEffect(() => setRange(initial), [initial]);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(400, Math.floor(el.clientWidth))));
    ro.observe(el);
    setWidth(Math.max(400, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, []);

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
  const layout = useMemo(() => (range ? layoutTimeline(model, { width, from: range.from, to: range.to, ...(lanes ? { lanes } : {}) }) : null), [model, width, range, lanes]);
  const selectedNode = selection?.kind === 'node' ? selection.id : null;

  const choose = useCallback(
    (it: TimelineItem) => {
      setSelected(it.id);
      chosenRef.current = { item: it, at: Date.now() };
      onSelectItem(it);
      setAnnounce(`${TIMELINE_KIND_LABELS[it.kind]}: ${it.label}, ${it.dateText}.`);
    },
    [onSelectItem],
  );

  const zoom = useCallback(
    (factor: number, centreDay?: number) => {
      setRange((r) => {
        if (!r) return r;
        const c = centreDay ?? (r.from + r.to) / 2;
        const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (r.to - r.from) * factor));
        const t = (c - r.from) / (r.to - r.from);
        return { from: c - span * t, to: c + span * (1 - t) };
      });
    },
    [],
  );
  const pan = (fraction: number) => setRange((r) => (r ? { from: r.from + (r.to - r.from) * fraction, to: r.to + (r.to - r.from) * fraction } : r));
  const fit = () => setRange(initial);

  // The wheel zooms around the pointer (a native listener: React's is passive and cannot prevent scrolling).
  const svgRef = useRef<SVGSVGElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const l = layoutRef.current;
      if (!l || e.ctrlKey) return;
      e.preventDefault();
      const x = e.clientX - el.getBoundingClientRect().left;
      zoom(e.deltaY > 0 ? 1.25 : 0.8, x > l.labelWidth ? l.day(x) : undefined);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom, layout !== null]);

  // Items in date order, for ← / →.
  const order = useMemo(() => {
    const shown = new Set(layout?.marks.map((m) => m.item.id) ?? []);
    return model.items.filter((it) => shown.has(it.id));
  }, [model, layout]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    const done = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (k === '+' || k === '=') {
      done();
      zoom(0.8);
    } else if (k === '-') {
      done();
      zoom(1.25);
    } else if (k === 'f' || k === 'F') {
      done();
      fit();
    } else if ((k === 'ArrowLeft' || k === 'ArrowRight') && e.shiftKey) {
      done();
      pan(k === 'ArrowLeft' ? -0.1 : 0.1);
    } else if (k === 'ArrowLeft' || k === 'ArrowRight') {
      done();
      if (!order.length) return;
      const i = order.findIndex((it) => it.id === selected);
      const next = i < 0 ? (k === 'ArrowRight' ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, i + (k === 'ArrowRight' ? 1 : -1)));
      choose(order[next]!);
    } else if (k === 'Escape') {
      done();
      setSelected(null);
      setBrush(null);
    }
  };

  // The brush: drag across the plot to set the graph's window.
  const dragging = useRef<{ start: number; x0: number; active: boolean } | null>(null);
  const dayAt = (e: React.PointerEvent) => {
    const l = layout!;
    const x = e.clientX - (e.currentTarget as Element).getBoundingClientRect().left;
    return l.day(Math.max(l.labelWidth, Math.min(l.labelWidth + l.plotWidth, x)));
  };
  // A press becomes a brush once it moves a few pixels; until then it may still be a click on an item.
  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    if (!layout || e.button !== 0) return;
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    if (x < layout.labelWidth) return;
    dragging.current = { start: dayAt(e), x0: e.clientX, active: false };
  };
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const drag = dragging.current;
    if (!drag) return;
    if (!drag.active) {
      if (Math.abs(e.clientX - drag.x0) < 4) return;
      drag.active = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setBrush({ a: drag.start, b: dayAt(e) });
  };
  const onPointerUp = (e: React.PointerEvent<SVGSVGElement>) => {
    const drag = dragging.current;
    dragging.current = null;
    if (!drag?.active) return;
    setBrush(null);
    const a = Math.min(drag.start, dayAt(e));
    const b = Math.max(drag.start, dayAt(e));
    const w = { from: fromDay(Math.floor(a)), to: fromDay(Math.floor(b)) };
    onWindow(w);
    setAnnounce(`Graph window set to ${w.from} – ${w.to}.`);
  };

  const exportAs = async (format: 'png' | 'svg') => {
    if (!layout) return;
    const safe = model.caseName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'case';
    try {
      const { file } = await invoke('system.pickSavePath', { purpose: 'graph.exportImage', title: `Export the timeline as ${format.toUpperCase()}`, defaultName: `${safe}-timeline.${format}` });
      if (!file) return;
      const svg = timelineSvg(model, {
        width: Math.max(900, width),
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

  if (model.items.length === 0 || !layout) {
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

  const right = layout.labelWidth + layout.plotWidth;
  const hasWindow = !!graphWindow && !!(graphWindow.from || graphWindow.to);
  const wx1 = hasWindow ? Math.max(layout.labelWidth, graphWindow!.from ? layout.x(dayOfPartial(graphWindow!.from, 'start')) : layout.labelWidth) : 0;
  const wx2 = hasWindow ? Math.min(right, graphWindow!.to ? layout.x(dayOfPartial(graphWindow!.to, 'end')) : right) : 0;
  const selectedItem = selected ? itemsById.get(selected) : undefined;
  const nodeLaneItems = selectedNode ? new Set(model.lanes.find((l) => l.entityId === selectedNode)?.items ?? []) : null;
  const visible = `${fromDay(layout.from)} – ${fromDay(layout.to)}`;

  return (
    <section className="timeline-pane" aria-label="Timeline" data-testid="timeline" data-items={layout.marks.length} data-from={fromDay(layout.from)} data-to={fromDay(layout.to)}>
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline tools">
        <strong>Timeline</strong>
        <span className={Classes.TEXT_MUTED} data-testid="timeline-range">
          {visible}
        </span>
        <ButtonGroup>
          <Button size="small" icon="zoom-in" aria-label="Zoom in (+)" title="Zoom in (+)" onClick={() => zoom(0.8)} />
          <Button size="small" icon="zoom-out" aria-label="Zoom out (−)" title="Zoom out (−)" onClick={() => zoom(1.25)} />
          <Button size="small" icon="zoom-to-fit" aria-label="Fit the timeline (F)" title="Fit (F)" onClick={fit} />
        </ButtonGroup>
        <Button size="small" icon="time" text="Window = shown" title="Set the graph's date window to the dates shown here" onClick={() => onWindow({ from: fromDay(Math.ceil(layout.from)), to: fromDay(Math.floor(layout.to)) })} />
        <Button size="small" icon="cross" text="Clear" aria-label="Clear the graph's date window" disabled={!hasWindow} onClick={() => onWindow(null)} />
        <span className="timeline-spacer" />
        <span className={`${Classes.TEXT_MUTED} timeline-window-text`} data-testid="timeline-window">
          {windowText(graphWindow)}
        </span>
        <HTMLSelect value={scale} onChange={(e) => setScale(e.currentTarget.value)} aria-label="PNG resolution" minimal>
          {['1', '2', '3', '4'].map((s) => (
            <option key={s} value={s}>
              PNG {s}x
            </option>
          ))}
        </HTMLSelect>
        <Button size="small" icon="media" aria-label="Timeline as PNG" title="Save the timeline as PNG" onClick={() => void exportAs('png')} data-testid="timeline-export-png" />
        <Button size="small" icon="code-block" aria-label="Timeline as SVG" title="Save the timeline as SVG" onClick={() => void exportAs('svg')} data-testid="timeline-export-svg" />
      </div>
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
        ref={wrapRef}
        className="timeline-scroll"
        tabIndex={0}
        role="application"
        aria-roledescription="timeline"
        aria-label="Timeline. Left and right arrows step through items; Shift with an arrow pans; + and − zoom; F fits; drag across the dates to set the graph's window."
        onKeyDown={onKeyDown}
        data-testid="timeline-canvas"
      >
        <svg
          ref={svgRef}
          width={layout.width}
          height={layout.height}
          className="timeline-svg"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => {
            dragging.current = null;
            setBrush(null);
          }}
        >
          {/* Our own constant markup (a pattern), no user text. */}
          <defs dangerouslySetInnerHTML={{ __html: HATCH_DEF }} />
          {hasWindow && wx2 > wx1 ? <rect className="timeline-window" x={wx1} y={0} width={wx2 - wx1} height={layout.height} data-testid="timeline-window-shade" /> : null}
          <line x1={layout.labelWidth} y1={AXIS_HEIGHT} x2={right} y2={AXIS_HEIGHT} className="timeline-axis" />
          {layout.ticks.map((t) => (
            <g key={`${t.x}-${t.label}`} className={t.major ? 'timeline-tick major' : 'timeline-tick'}>
              <line x1={t.x} y1={t.major ? 2 : 10} x2={t.x} y2={layout.height} />
              <text x={t.x + 3} y={AXIS_HEIGHT - 8}>
                {t.label}
              </text>
            </g>
          ))}
          {layout.lanes.map((lane, i) => (
            <g key={lane.entityId} className={`timeline-lane${lane.entityId === selectedNode ? ' selected' : ''}`} data-testid="timeline-lane" data-entity={lane.entityId}>
              <rect x={0} y={lane.y} width={right} height={lane.height} className={i % 2 ? 'timeline-lane-bg odd' : 'timeline-lane-bg'} />
              <text x={6} y={lane.y + Math.min(lane.height / 2 + 4, 19)} className={lane.isWitness ? 'timeline-lane-name witness' : 'timeline-lane-name'}>
                {lane.name.length > 24 ? `${lane.name.slice(0, 23)}…` : lane.name}
              </text>
            </g>
          ))}
          {layout.marks.map((m) => {
            const c = TIMELINE_COLOURS[m.item.kind];
            const isSel = m.item.id === selected || (selection?.kind === 'edge' && m.item.links.includes(selection.id));
            const related = nodeLaneItems?.has(m.item.id) ?? false;
            return (
              <g
                key={`${m.laneId}:${m.item.id}`}
                className={`timeline-mark${isSel ? ' selected' : ''}${related ? ' related' : ''}`}
                data-testid="timeline-item"
                data-id={m.item.id}
                data-kind={m.item.kind}
                data-lane={m.laneId}
                onClick={() => choose(m.item)}
              >
                <title>{`${TIMELINE_KIND_LABELS[m.item.kind]}: ${m.item.label}\n${m.item.dateText}${m.item.openEnd ? ' (still running)' : ''}`}</title>
                {m.dot ? (
                  <circle cx={(m.x1 + m.x2) / 2} cy={m.y + m.h / 2} r={m.h / 2} fill={c} />
                ) : (
                  <>
                    <rect x={m.x1} y={m.y} width={Math.max(2, m.x2 - m.x1)} height={m.h} rx={2} fill={c} opacity={m.item.approximate ? 0.22 : 0.32} />
                    {m.item.approximate ? <rect x={m.x1} y={m.y} width={Math.max(2, m.x2 - m.x1)} height={m.h} fill="url(#tl-hatch)" /> : null}
                    {m.cx1 !== null && m.cx2 !== null ? <rect x={m.cx1} y={m.y + 2} width={m.cx2 - m.cx1} height={m.h - 4} fill={c} /> : null}
                    {m.clipRight ? <path d={`M${m.x2},${m.y} l6,${m.h / 2} l-6,${m.h / 2} z`} fill={c} /> : null}
                    {m.clipLeft ? <path d={`M${m.x1},${m.y} l-6,${m.h / 2} l6,${m.h / 2} z`} fill={c} /> : null}
                  </>
                )}
                {isSel ? <rect className="timeline-sel-ring" x={m.x1 - 2} y={m.y - 2} width={Math.max(6, m.x2 - m.x1) + 4} height={m.h + 4} rx={3} /> : null}
              </g>
            );
          })}
          {brush ? (
            <rect
              className="timeline-brush"
              data-testid="timeline-brush"
              x={layout.x(Math.min(brush.a, brush.b))}
              y={0}
              width={Math.abs(layout.x(brush.b) - layout.x(brush.a))}
              height={layout.height}
            />
          ) : null}
        </svg>
      </div>
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
          <span className={Classes.TEXT_MUTED}>light: possible · solid: certain · hatched: approximate · ▶ still running · drag across dates: graph window</span>
        </span>
        {selectedItem ? (
          <span className="timeline-selected" data-testid="timeline-selected" dir="auto">
            {TIMELINE_KIND_LABELS[selectedItem.kind]}: {selectedItem.label} · {selectedItem.dateText}
          </span>
        ) : null}
      </div>
      <p className="graph-sr-only" aria-live="polite">
        {announce}
      </p>
    </section>
  );
}
