/**
 * Messages between FullTextService (main thread) and the full-text worker. Ordered: a query sees every change
 * posted before it. At unlock the service sends `reset`, then the records in `batch`es (each acknowledged with
 * `progress`, so at most a couple are in flight and a query never waits behind the whole vault), then `seal`.
 */
import type { FullTextIndex, FullTextQuery, FullTextResult, IndexStats, ItemMeta, TextUnit } from '../../../shared/search/fulltext';

export interface UnitSet {
  key: string;
  units: TextUnit[];
}

/** Changes to the index: item metadata, units replaced per record, records and items gone. */
export interface IndexDelta {
  items: ItemMeta[];
  sets: UnitSet[];
  removals: string[];
  itemRemovals: string[];
}

export type ToFullTextWorker =
  | { type: 'reset' }
  | ({ type: 'batch'; seq: number; records: number } & IndexDelta)
  | { type: 'seal' }
  | ({ type: 'apply' } & IndexDelta)
  | { type: 'query'; id: number; q: FullTextQuery };

export type FromFullTextWorker =
  | { type: 'progress'; seq: number; records: number }
  | { type: 'sealed'; ms: number; stats: IndexStats }
  | { type: 'result'; id: number; result: FullTextResult; ms: number }
  | { type: 'error'; id: number | null; message: string };

/** Apply a delta: removals first, so a record replaced in one delta ends up with its new units. */
export function applyDelta(index: FullTextIndex, d: IndexDelta): void {
  for (const id of d.itemRemovals) index.removeItem(id);
  for (const key of d.removals) index.removeUnits(key);
  for (const m of d.items) index.setItem(m);
  for (const s of d.sets) index.setUnits(s.key, s.units);
}
