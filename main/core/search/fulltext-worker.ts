/**
 * The full-text worker: holds the FullTextIndex (shared/search/fulltext.ts), so that tokenising the vault's text
 * at unlock (hundreds of megabytes) and answering queries never block the main process. Started by
 * FullTextService; bundled for the app as dist/main/fulltext-worker.js (build/scripts/lib/bundle.mjs), run from
 * source under tsx and vitest. It holds plaintext only in memory and dies with the vault's lock.
 */
import { parentPort } from 'node:worker_threads';
import { FullTextIndex } from '../../../shared/search/fulltext';
import { applyDelta, type FromFullTextWorker, type IndexDelta, type ToFullTextWorker } from './fulltext-protocol';

const port = parentPort;
if (!port) throw new Error('fulltext-worker.ts runs as a worker thread');

let index = new FullTextIndex();
let started = performance.now();
const reply = (m: FromFullTextWorker) => port.postMessage(m);

const apply = (d: IndexDelta) => applyDelta(index, d);

port.on('message', (m: ToFullTextWorker) => {
  try {
    switch (m.type) {
      case 'reset':
        index.clear();
        index = new FullTextIndex();
        started = performance.now();
        break;
      case 'batch':
        apply(m);
        reply({ type: 'progress', seq: m.seq, records: m.records });
        break;
      case 'seal':
        index.seal();
        reply({ type: 'sealed', ms: performance.now() - started, stats: index.stats() });
        break;
      case 'apply':
        apply(m);
        break;
      case 'query': {
        const t = performance.now();
        const result = index.query(m.q);
        reply({ type: 'result', id: m.id, result, ms: performance.now() - t });
        break;
      }
    }
  } catch (e) {
    reply({ type: 'error', id: m.type === 'query' ? m.id : null, message: e instanceof Error ? e.message : String(e) });
  }
});
