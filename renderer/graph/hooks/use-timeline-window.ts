/**
 * The timeline pane below the graph (renderer/timeline/): open or closed (a choice made once is kept), an item
 * chosen there selected in the graph, and the brush there setting the graph's date window (the filters).
 */
import type { MutableRefObject } from 'react';
import type { TimelineItem } from '../../../shared/graph/timeline';
import { selectInGraph } from '../../timeline/graph-link';
import type { useToast } from '../../ui/toaster';
import { useViewState } from '../../workspace/workspace';
import type { GraphController } from '../graph-controller';
import { EXPLORE_FROM } from '../graph-explore';
import type { FilterState } from '../graph-filters';

export function useTimelineWindow(
  entityCount: number,
  ctl: MutableRefObject<GraphController | null>,
  filters: FilterState,
  setFilters: (f: FilterState) => void,
  toast: ReturnType<typeof useToast>,
) {
  // The timeline draws on a canvas, only the lanes in view (timeline-view.tsx): its own work at 5k entities is a
  // fraction of a second. What still holds the main thread when it opens with a large case is receiving its
  // model (5.8 MB of JSON at 5k/15k, one IPC answer): above EXPLORE_FROM it starts closed so that the graph
  // opens first, one click away, until graph.timeline answers in parts. A choice made once is kept.
  const [timelineChoice, setTimelineOpen] = useViewState<boolean | null>('graph:timelineOpen', null);
  const timelineOpen = timelineChoice ?? entityCount <= EXPLORE_FROM;
  const onSelectItem = (it: TimelineItem) => {
    const got = ctl.current ? selectInGraph(ctl.current.cy, it) : [];
    if (!got.length) toast({ message: 'What this item stands for is hidden by the filters or the focus.', icon: 'filter' });
  };
  const onWindow = (w: { from: string; to: string } | null) => setFilters({ ...filters, from: w?.from ?? '', to: w?.to ?? '' });
  return { timelineOpen, setTimelineOpen, onSelectItem, onWindow };
}
