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
import type { FilterState } from '../graph-filters';

export function useTimelineWindow(
  ctl: MutableRefObject<GraphController | null>,
  filters: FilterState,
  setFilters: (f: FilterState) => void,
  toast: ReturnType<typeof useToast>,
) {
  // Open by default at any size: the timeline draws on a canvas, only the lanes in view (timeline-view.tsx), so
  // a 5k-entity case opens with it (issue 13). A choice made once is kept.
  const [timelineChoice, setTimelineOpen] = useViewState<boolean | null>('graph:timelineOpen', null);
  const timelineOpen = timelineChoice ?? true;
  const onSelectItem = (it: TimelineItem) => {
    const got = ctl.current ? selectInGraph(ctl.current.cy, it) : [];
    if (!got.length) toast({ message: 'What this item stands for is hidden by the filters or the focus.', icon: 'filter' });
  };
  const onWindow = (w: { from: string; to: string } | null) => setFilters({ ...filters, from: w?.from ?? '', to: w?.to ?? '' });
  return { timelineOpen, setTimelineOpen, onSelectItem, onWindow };
}
