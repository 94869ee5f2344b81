/**
 * The text worker: parses documents (PDF, DOCX, e-mail, HTML, plain text) off the main thread, so a large or
 * hostile file never blocks the process that serves IPC, and a runaway parser can be terminated. Started by
 * TextWorkerClient (text-worker-client.ts); bundled for the app as dist/main/text-worker.js
 * (build/scripts/lib/bundle.mjs), run from source under tsx and vitest. It sees decrypted bytes only in memory.
 */
import { parentPort } from 'node:worker_threads';
import { SanctumError } from '../errors';
import { extractBytes } from './extract';
import type { FromTextWorker, ToTextWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('text-worker.ts runs as a worker thread');

const running = new Map<number, AbortController>();
const reply = (m: FromTextWorker) => port.postMessage(m);

port.on('message', (m: ToTextWorker) => {
  if (m.type === 'cancel') {
    running.get(m.id)?.abort();
    return;
  }
  const ctrl = new AbortController();
  running.set(m.id, ctrl);
  extractBytes(m.bytes, m.mediaType, m.name, { signal: ctrl.signal, onProgress: (done, total) => reply({ type: 'progress', id: m.id, done, total }) })
    .then((result) => reply({ type: 'result', id: m.id, result }))
    .catch((e: unknown) =>
      reply({
        type: 'error',
        id: m.id,
        code: e instanceof SanctumError ? e.code : 'UNSUPPORTED_FORMAT',
        message: e instanceof Error ? e.message : String(e),
      }),
    )
    .finally(() => running.delete(m.id));
});
