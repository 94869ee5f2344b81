/**
 * The graph analytics Web Worker: the protocol handler from shared/graph/graph-worker-api.ts wired to `self`.
 * Everything it does is in the handler (tested in Node); this file is only the browser glue.
 *
 * Started by the graph view with
 *   new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module' })
 * which Vite emits as a separate same-origin file, so the CSP's `worker-src 'self'` allows it (no blob: or
 * data: URL, no eval).
 */
// First, before any module that builds a zod schema: no `new Function` probe under our CSP (see zod-config.ts).
import '../zod-config';
import type { OverviewResult } from '../../shared/graph/analytics';
import { createGraphWorkerHandler, type GraphWorkerResponse } from '../../shared/graph/graph-worker-api';
import { packOverview } from '../../shared/graph/overview-pack';

declare const self: DedicatedWorkerGlobalScope;

// An overview (a row per entity) goes packed by column, its numbers transferred: cheap for the page to receive.
const isOverview = (r: unknown): r is OverviewResult => typeof r === 'object' && r !== null && Array.isArray((r as OverviewResult).rows) && typeof (r as OverviewResult).visual === 'object';
const handle = createGraphWorkerHandler((message: GraphWorkerResponse) => {
  if (message.type === 'result' && isOverview(message.result)) {
    const { packed, transfer } = packOverview(message.result);
    self.postMessage({ ...message, result: packed }, transfer);
  } else self.postMessage(message);
});
self.addEventListener('message', (event: MessageEvent<unknown>) => handle(event.data));
