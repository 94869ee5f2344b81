/** Messages between SearchService (main thread) and the search worker. Ordered: a query sees every change posted before it. */
import type { EntityNames, NameHit, NameQueryOptions } from '../../../shared/search/name-index';

export type ToSearchWorker =
  /** Replace the whole index (at start, and after a restart). */
  | { type: 'load'; entities: EntityNames[] }
  | { type: 'apply'; upserts: EntityNames[]; removals: string[] }
  | { type: 'query'; id: number; text: string; opts: NameQueryOptions };

export type FromSearchWorker =
  | { type: 'loaded'; entities: number; names: number; ms: number }
  | { type: 'result'; id: number; hits: NameHit[]; ms: number }
  | { type: 'error'; id: number | null; message: string };
