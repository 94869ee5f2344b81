/**
 * Messages between FullTextService (main thread) and the full-text worker. Ordered: a query sees every change
 * posted before it. At unlock the service sends `reset`, then the records in `batch`es (each acknowledged with
 * `progress`, so at most a couple are in flight and a query never waits behind the whole vault), then `seal`.
 * With `blobs` (sent first: the vault folder and a copy of the blob key, transferred) the worker opens the sealed
 * text bodies itself: a batch names them (`bodies`, the `evidence_text` records) and the main thread never
 * decrypts, parses or clones their text. The worker handles messages one at a time, in order, so a change
 * posted after a batch is applied after that batch's bodies.
 */
import type { EvidenceTextRecordData } from '../../../shared/model/records';
import type { StoredRecord } from '../store/sealed-store';
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
  | { type: 'blobs'; vaultDir: string; key: Uint8Array }
  | ({ type: 'batch'; seq: number; records: number; bodies?: StoredRecord<EvidenceTextRecordData>[] } & IndexDelta)
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
