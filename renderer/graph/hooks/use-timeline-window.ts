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
  // The timeline draws every dated link as SVG: for a large case it starts closed (opening the graph must not
  // wait for thousands of marks; issue 13), and is one click away. A choice made once is kept.
  const [timelineChoice, setTimelineOpen] = useViewState<boolean | null>('graph:timelineOpen', null);
  const timelineOpen = timelineChoice ?? entityCount <= EXPLORE_FROM;
  const onSelectItem = (it: TimelineItem) => {
    const got = ctl.current ? selectInGraph(ctl.current.cy, it) : [];
    if (!got.length) toast({ message: 'What this item stands for is hidden by the filters or the focus.', icon: 'filter' });
  };
  const onWindow = (w: { from: string; to: string } | null) => setFilters({ ...filters, from: w?.from ?? '', to: w?.to ?? '' });
  return { timelineOpen, setTimelineOpen, onSelectItem, onWindow };
}
