/**
 * One way to start a worker thread. Every worker is a TypeScript module with a typed protocol (no code in
 * strings): in the app and the bundled CLI each is bundled to `<name>.js` beside the main bundle
 * (build/scripts/lib/bundle.mjs and cli.mjs read workers.json); from source it runs through tsx-bootstrap.mjs.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import WORKERS from './workers.json';

export type WorkerName = 'search-worker' | 'kdf-worker' | 'blob-decrypt-worker' | 'hash-worker' | 'fulltext-worker' | 'text-worker';

/** The key under which the bootstrap finds the entry module (from source only). */
const ENTRY_KEY = '__sanctumWorkerEntry';

export function workerSpec(name: WorkerName): { name: string; source: string } {
  const spec = WORKERS.find((w) => w.name === name);
  if (!spec) throw new Error(`no worker named ${name} in workers.json`);
  return spec;
}

/**
 * Where a worker is loaded from: the bundled file beside this module's bundle, or (when this module runs from
 * source) the bootstrap and the entry's file URL. Pure, for tests.
 */
export function workerLocation(name: WorkerName, here: string): { file: URL; entry?: string } {
  const spec = workerSpec(name);
  if (new URL(here).pathname.endsWith('.ts')) {
    return { file: new URL('./tsx-bootstrap.mjs', here), entry: new URL(`../../../${spec.source}`, here).href };
  }
  return { file: new URL(`./${spec.name}.js`, here) };
}

/** `workerData` must be an object (or absent): from source, the entry's URL rides along in it. */
export function spawnWorker(name: WorkerName, options: Omit<WorkerOptions, 'eval'> & { workerData?: Record<string, unknown> } = {}): Worker {
  const where = workerLocation(name, import.meta.url);
  const workerData = where.entry ? { ...options.workerData, [ENTRY_KEY]: where.entry } : options.workerData;
  return new Worker(where.file, { name: `sanctum-${name}`, ...options, workerData });
}
