/**
 * Positions persist per case (graph.savePositions), debounced: a drag or a layout queues what moved, one save
 * goes after a pause, and whatever is still queued is saved when the screen closes.
 */
import { Intent } from '@blueprintjs/core';
import { useCallback, useEffect, useRef } from 'react';
import { invoke } from '../../api/client';
import type { useToast } from '../../ui/toaster';
import { isEntityId } from '../graph-explore';
import type { Pos } from '../graph-controller';
import { errorText } from './errors';

const SAVE_DELAY_MS = 700;

/** `onQueued` runs after each queued change (the screen re-renders: undo stack, pins). */
export function useGraphPositions(caseId: string, toast: ReturnType<typeof useToast>, onQueued: () => void) {
  const pendingSave = useRef<Record<string, Pos>>({});
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flushSave = useCallback(() => {
    const positions = pendingSave.current;
    pendingSave.current = {};
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (Object.keys(positions).length === 0) return;
    invoke('graph.savePositions', { caseId, positions, replace: false }).catch((e: unknown) => toast({ message: `The layout was not saved: ${errorText(e)}`, intent: Intent.WARNING, icon: 'warning-sign' }));
  }, [caseId, toast]);
  const queueSave = useCallback(
    (changed: Record<string, Pos>) => {
      for (const [id, p] of Object.entries(changed)) if (isEntityId(id)) pendingSave.current[id] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(flushSave, SAVE_DELAY_MS);
      onQueued();
    },
    [flushSave, onQueued],
  );
  useEffect(() => () => flushSave(), [flushSave]);
  return queueSave;
}
