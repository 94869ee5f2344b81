/**
 * The path between two entities (fewest hops or strongest evidence), found in the worker under the drawn
 * filters. A path answers for the filters it was found under: when they change, it goes.
 */
import { useEffect, useState, type MutableRefObject } from 'react';
import type { GraphWorkerClient } from '../../../shared/graph/graph-worker-api';
import type { GraphPath } from '../../../shared/graph/paths';
import type { GraphFilters } from '../../../shared/graph/snapshot';
import type { GraphController } from '../graph-controller';
import { cancelled, errorText } from './errors';

export interface PathState {
  from: string | null;
  to: string | null;
  weight: 'hops' | 'evidence';
  result?: GraphPath | null;
  busy: boolean;
  error: string | null;
}

/** Highlights on the canvas, adding to the focus what is not drawn yet (use-graph-explore.ts). */
export type ShowAndHighlight = (nodes: string[], links: string[], label: string) => void;

export function useGraphPaths(
  client: MutableRefObject<GraphWorkerClient | null>,
  ctl: MutableRefObject<GraphController | null>,
  graphFilters: GraphFilters,
  names: Map<string, string>,
  announce: (text: string) => void,
) {
  const [path, setPath] = useState<PathState>({ from: null, to: null, weight: 'hops', busy: false, error: null });

  useEffect(() => {
    ctl.current?.clearHighlight();
    setPath((p) => (p.result === undefined ? p : { ...p, result: undefined }));
  }, [ctl, graphFilters]);

  const findPath = async (show: ShowAndHighlight) => {
    if (!path.from || !path.to || !client.current) return;
    setPath((p) => ({ ...p, busy: true, error: null }));
    try {
      const r = await client.current.run({ kind: 'shortestPath', source: path.from, target: path.to, weight: path.weight }, { filters: graphFilters, supersede: 'path' });
      setPath((p) => ({ ...p, busy: false, result: r }));
      if (r) {
        show(r.nodes, r.links.flat(), 'the path');
        announce(`Path found: ${r.length} links, through ${r.nodes.map((id) => names.get(id)).join(', ')}.`);
      } else ctl.current?.clearHighlight();
    } catch (e) {
      // Superseded by a newer search (asked again): that one answers.
      if (cancelled(e)) return;
      setPath((p) => ({ ...p, busy: false, error: errorText(e) }));
    }
  };
  const clearPath = () => {
    setPath({ from: null, to: null, weight: path.weight, busy: false, error: null });
    ctl.current?.clearHighlight();
  };
  const pathEnd = (end: 'from' | 'to', id: string) => setPath((p) => ({ ...p, [end]: id, result: undefined, error: null }));
  const setWeight = (weight: PathState['weight']) => setPath((p) => ({ ...p, weight, result: undefined }));

  return { path, findPath, clearPath, pathEnd, setWeight };
}
