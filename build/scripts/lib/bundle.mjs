// Bundles the Electron main process and the preload with esbuild (works offline).
//
// main    -> dist/main/electron-main.js, ES module: package.json has "type": "module", Electron >= 28 loads an
//            ESM entry, and main/core/crypto/kdf-off-thread.ts needs a real `import.meta.url` to resolve
//            libsodium for its worker (a CommonJS bundle would leave it empty).
// preload -> dist/main/preload.cjs, CommonJS: sandboxed preloads cannot be ES modules.
// search  -> dist/main/search-worker.js, ES module: the name-search worker thread, which SearchService starts from
//            beside the main bundle (main/core/search/search-service.ts, SEARCH_WORKER_FILE).
// text    -> dist/main/text-worker.js, ES module: the document-text worker thread (pdfjs, mammoth, mailparser), which
//            the DocumentTextService starts beside the main bundle (main/core/documents/text-worker-client.ts).
// sodium  -> dist/main/sodium.cjs, CommonJS: libsodium-wrappers-sumo with its inlined WASM, self-contained, for the
//            worker threads (KDF, blob decryption) to `require` by path from inside app.asar
//            (main/core/crypto/worker-sodium.ts), so libsodium need not be unpacked outside the archive.
//
// Kept external (loaded from node_modules at run time): electron; better-sqlite3 (native, loaded with the
// Electron build through `nativeBinding`); libsodium-wrappers-sumo for the main process (inside app.asar).

import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './steps.mjs';

export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'libsodium-wrappers-sumo'];
export const MAIN_BUNDLE = 'electron-main.js';
export const PRELOAD_BUNDLE = 'preload.cjs';
export const SEARCH_WORKER_BUNDLE = 'search-worker.js';
export const TEXT_WORKER_BUNDLE = 'text-worker.js';
export const SODIUM_WORKER_BUNDLE = 'sodium.cjs';
/** Electron 45 runs Node 22 and Chromium 140; ES2022 output needs no lowering on either. */
const TARGET = 'es2022';

// Bundled CommonJS code that calls `require` needs one in an ES module.
const ESM_REQUIRE_BANNER = "import { createRequire as __sanctumCreateRequire } from 'node:module';\nconst require = __sanctumCreateRequire(import.meta.url);";

/**
 * `target` and `preloadName` exist for the Electronegativity test, whose parser knows neither ES2022 class
 * fields nor the .cjs extension; the app always uses the defaults.
 */
export async function bundleElectron({ root = ROOT, outDir = path.join(root, 'dist', 'main'), sourcemap = true, target = TARGET, preloadName = PRELOAD_BUNDLE } = {}) {
  const esbuild = await import('esbuild');
  await mkdir(outDir, { recursive: true });
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target, sourcemap: sourcemap ? 'linked' : false, logLevel: 'warning', metafile: true, legalComments: 'none' };
  const main = await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'main', 'electron', 'main.ts')],
    outfile: path.join(outDir, MAIN_BUNDLE),
    format: 'esm',
    external: MAIN_EXTERNALS,
    banner: { js: ESM_REQUIRE_BANNER },
  });
  const preload = await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'main', 'electron', 'preload.ts')],
    outfile: path.join(outDir, preloadName),
    format: 'cjs',
    // The sandboxed preload's `require` knows only electron and a few built-ins.
    external: ['electron'],
  });
  const searchWorker = await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'main', 'core', 'search', 'search-worker.ts')],
    outfile: path.join(outDir, SEARCH_WORKER_BUNDLE),
    format: 'esm',
    external: MAIN_EXTERNALS,
    banner: { js: ESM_REQUIRE_BANNER },
  });
  const textWorker = await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'main', 'core', 'documents', 'text-worker.ts')],
    outfile: path.join(outDir, TEXT_WORKER_BUNDLE),
    format: 'esm',
    external: MAIN_EXTERNALS,
    banner: { js: ESM_REQUIRE_BANNER },
  });
  const sodium = await esbuild.build({
    ...common,
    sourcemap: false,
    entryPoints: [createRequire(path.join(root, 'package.json')).resolve('libsodium-wrappers-sumo')],
    outfile: path.join(outDir, SODIUM_WORKER_BUNDLE),
    format: 'cjs',
  });
  return {
    sodiumWorkerFile: path.join(outDir, SODIUM_WORKER_BUNDLE),
    sodiumWorkerInputs: Object.keys(sodium.metafile.inputs),
    mainFile: path.join(outDir, MAIN_BUNDLE),
    preloadFile: path.join(outDir, preloadName),
    mainInputs: Object.keys(main.metafile.inputs),
    preloadInputs: Object.keys(preload.metafile.inputs),
    searchWorkerFile: path.join(outDir, SEARCH_WORKER_BUNDLE),
    searchWorkerInputs: Object.keys(searchWorker.metafile.inputs),
    textWorkerFile: path.join(outDir, TEXT_WORKER_BUNDLE),
    textWorkerInputs: Object.keys(textWorker.metafile.inputs),
  };
}
