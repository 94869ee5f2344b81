/**
 * The cytoscape canvas (GraphController), made once per screen: selection, moved positions, busy state and
 * finished layouts come back through the callbacks given at the first render. Also the elapsed seconds of a
 * long layout.
 */
import { Classes, Intent } from '@blueprintjs/core';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CaseGraphSnapshot } from '../../../shared/graph/snapshot';
import type { useToast } from '../../ui/toaster';
import { GraphController, webglAvailable, type Busy, type LayoutName, type Pos } from '../graph-controller';

/** Above this many entities: labels only when zoomed in, edges hidden while panning (canvas) or WebGL. */
const LARGE = 1500;
/**
 * Cases above this many entities are drawn with cytoscape's WebGL renderer when the browser has WebGL2 on a GPU
 * (graph-controller.ts webglAvailable); smaller ones, and every case on software GL, with the canvas renderer.
 */
const WEBGL_FROM = 2000;

export type Selection = { kind: 'node' | 'edge'; id: string } | null;

export interface CanvasHandlers {
  onSelect(sel: Selection): void;
  onPositions(changed: Record<string, Pos>): void;
  onDoubleTap(id: string, isMeta: boolean): void;
  toast: ReturnType<typeof useToast>;
}

export function useGraphCanvas(containerRef: RefObject<HTMLDivElement | null>, snapshot: CaseGraphSnapshot, h: CanvasHandlers) {
  const ctl = useRef<GraphController | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [lastLayout, setLastLayout] = useState<{ name: LayoutName; quality?: string; ms: number } | null>(null);
  /** The renderer drawing the view ('' before the canvas is made); WebGL falls back to canvas when it fails. */
  const [renderer, setRenderer] = useState<'webgl' | 'canvas' | ''>('');

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const n = snapshot.nodes.length;
    const controller = new GraphController(el, {
      large: n > LARGE,
      webgl: n > WEBGL_FROM && webglAvailable(),
      dark: document.body.classList.contains(Classes.DARK),
      positions: snapshot.positions,
      onSelect: h.onSelect,
      onPositions: h.onPositions,
      onBusy: setBusy,
      onLayoutDone: (info) => setLastLayout(info),
      onError: (m) => h.toast({ message: `Layout failed: ${m}`, intent: Intent.DANGER, icon: 'error' }),
      onDoubleTap: h.onDoubleTap,
      onRenderer: (r, reason) => {
        setRenderer(r);
        h.toast({ message: `WebGL stopped drawing (${reason}); the graph is drawn with the canvas renderer now.`, intent: Intent.WARNING, icon: 'warning-sign' });
      },
    });
    ctl.current = controller;
    setRenderer(controller.renderer);
    // For the e2e tests and the bench: read-only access to the drawn graph (no records beyond what is drawn).
    (window as unknown as { __sanctumGraph?: unknown }).__sanctumGraph = controller;
    return () => {
      controller.destroy();
      ctl.current = null;
      delete (window as unknown as { __sanctumGraph?: unknown }).__sanctumGraph;
    };
    // The canvas is made once per screen; later snapshots (after edits) only change elements, and the handlers
    // are read at creation (the screen passes stable ones).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Elapsed time for long layouts.
  useEffect(() => {
    if (!busy) return;
    setElapsed(0);
    const t = setInterval(() => setElapsed(Math.round((Date.now() - busy.startedAt) / 1000)), 500);
    return () => clearInterval(t);
  }, [busy]);

  return { ctl, busy, elapsed, lastLayout, renderer };
}
