// Runs a TypeScript worker module from source (tsx, vitest, `npm run sanctum`). Node cannot start a .ts worker by
// itself, and on Node 20 `execArgv: ['--import', 'tsx']` does not reach the worker's entry module, so this file
// registers tsx's ES module loader and then imports the entry spawnWorker() names. Never used in the app or the
// bundled CLI, where each worker is its own bundled .js file.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

// tsx's ES module API (require.resolve finds its CommonJS twin, which cannot register the ESM loader).
const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
const { register } = await import(pathToFileURL(api).href);
register();
await import(workerData.__sanctumWorkerEntry);
