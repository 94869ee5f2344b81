/**
 * The search worker: holds the NameIndex so that building it (100k entities take a few seconds) and querying
 * it never block the main process, which keeps serving IPC. Started by SearchService; bundled for the app as
 * dist/main/search-worker.js (build/scripts/lib/bundle.mjs), run from source under tsx and vitest.
 */
import { parentPort } from 'node:worker_threads';
import { NameIndex } from '../../../shared/search/name-index';
import type { FromSearchWorker, ToSearchWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('search-worker.ts runs as a worker thread');

let index = new NameIndex();
const reply = (m: FromSearchWorker) => port.postMessage(m);

port.on('message', (m: ToSearchWorker) => {
  try {
    switch (m.type) {
      case 'load': {
        const t = performance.now();
        index = new NameIndex();
        for (const e of m.entities) index.upsert(e);
        reply({ type: 'loaded', entities: index.entityCount, names: index.nameCount, ms: performance.now() - t });
        break;
      }
      case 'apply':
        for (const id of m.removals) index.remove(id);
        for (const e of m.upserts) index.upsert(e);
        break;
      case 'query': {
        const t = performance.now();
        const hits = index.query(m.text, m.opts);
        reply({ type: 'result', id: m.id, hits, ms: performance.now() - t });
        break;
      }
    }
  } catch (e) {
    reply({ type: 'error', id: m.type === 'query' ? m.id : null, message: e instanceof Error ? e.message : String(e) });
  }
});
