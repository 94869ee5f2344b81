/**
 * The analytics worker and what it answers, in the order the screen needs them: the snapshot loaded, the view
 * (what the filters keep), the meta-nodes when grouped, then centrality and communities for sizes, colours
 * and the table (after the view: drawing comes first). Each job is cancelled when its inputs change.
 */
import { Intent } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import type { OverviewResult } from '../../../shared/graph/analytics';
import type { MetaGraph } from '../../../shared/graph/explore';
import { GraphWorkerClient, type JobProgress, type LoadedInfo, type ViewResult, type WorkerLike } from '../../../shared/graph/graph-worker-api';
import type { CaseGraphSnapshot, GraphFilters } from '../../../shared/graph/snapshot';
import type { useToast } from '../../ui/toaster';
import type { Grouping } from '../graph-explore';
import type { DisplayState } from '../graph-filters';
import { cancelled, errorText } from './errors';

export interface AnalyticsInputs {
  snapshot: CaseGraphSnapshot;
  /** The filters with the focus applied (what is drawn). */
  graphFilters: GraphFilters;
  /** The filters without the focus (what groups and neighbourhoods are computed over). */
  baseFilters: GraphFilters;
  grouping: Grouping;
  grouped: boolean;
  sizeBy: DisplayState['sizeBy'];
  toast: ReturnType<typeof useToast>;
}

export function useGraphAnalytics({ snapshot, graphFilters, baseFilters, grouping, grouped, sizeBy, toast }: AnalyticsInputs) {
  const client = useRef<GraphWorkerClient | null>(null);
  const [loaded, setLoaded] = useState<LoadedInfo | null>(null);
  const [view, setView] = useState<ViewResult | null>(null);
  // The filters `view` answers: a view still answering older filters (e.g. the whole network before a focus) is not drawn.
  const [viewFor, setViewFor] = useState<GraphFilters | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [meta, setMeta] = useState<MetaGraph | null>(null);
  // What `meta` answers (a grouping or filters changed since: a new one is coming), for `data-settled`.
  const [metaFor, setMetaFor] = useState<{ grouping: Grouping; filters: GraphFilters } | null>(null);
  const [overview, setOverview] = useState<OverviewResult | null>(null);
  const [analytics, setAnalytics] = useState<JobProgress | 'done' | null>(null);

  // The worker lives as long as the screen.
  useEffect(() => {
    const w = new GraphWorkerClient(() => new Worker(new URL('../analytics.worker.ts', import.meta.url), { type: 'module', name: 'sanctum-analytics' }) as unknown as WorkerLike);
    client.current = w;
    return () => {
      w.dispose();
      client.current = null;
    };
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
        if (!cancelled(e)) setViewError(errorText(e));
      },
    );
    return () => ac.abort();
  }, [loaded, graphFilters]);

  // Grouped into meta-nodes (no focus, a grouping chosen): computed in the worker.
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
      if (!cancelled(e)) setViewError(errorText(e));
    });
    return () => ac.abort();
  }, [loaded, grouped, grouping, baseFilters]);

  // Centrality and communities for sizes, colours and the table.
  useEffect(() => {
    if (!loaded || !client.current) return;
    const ac = new AbortController();
    setAnalytics({ stage: 'projection', done: 0, total: null });
    // The status shows the stage only: progress within a stage would re-render the whole screen ten times a second.
    const onProgress = (p: JobProgress) => setAnalytics((q) => (q && q !== 'done' && q.stage === p.stage ? q : p));
    client.current.run({ kind: 'overview', betweenness: 'auto', sizeBy, brokerLimit: 20 }, { filters: graphFilters, signal: ac.signal, onProgress }).then(
      (o) => {
        setOverview(o);
        setAnalytics('done');
      },
      (e: unknown) => {
        if (cancelled(e)) return;
        setAnalytics(null);
        toast({ message: `Analytics failed: ${errorText(e)}`, intent: Intent.WARNING, icon: 'warning-sign' });
      },
    );
    return () => ac.abort();
  }, [loaded, graphFilters, sizeBy, toast]);

  return { client, loaded, view, viewFor, viewError, meta, metaFor, overview, analytics };
}
