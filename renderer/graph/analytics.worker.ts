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
import { createGraphWorkerHandler, type GraphWorkerResponse } from '../../shared/graph/graph-worker-api';

declare const self: DedicatedWorkerGlobalScope;

const handle = createGraphWorkerHandler((message: GraphWorkerResponse) => self.postMessage(message));
self.addEventListener('message', (event: MessageEvent<unknown>) => handle(event.data));
