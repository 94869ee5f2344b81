// Bundles the Electron main process and the preload with esbuild (works offline).
//
// main    -> dist/main/electron-main.js, ES module: package.json has "type": "module", Electron >= 28 loads an
//            ESM entry, and main/core/crypto/kdf-off-thread.ts needs a real `import.meta.url` to resolve
//            libsodium for its worker (a CommonJS bundle would leave it empty).
// preload -> dist/main/preload.cjs, CommonJS: sandboxed preloads cannot be ES modules.
// workers -> dist/main/<name>.js, ES modules: every worker thread listed in main/core/workers/workers.json (name
//            search, Argon2id, blob decryption, checksums), which main/core/workers/spawn.ts starts from beside the
//            main bundle. Self-contained: libsodium (with its inlined WASM) is bundled into the workers that use it,
//            so they load nothing from node_modules and run from inside app.asar, covered by its integrity check.
//
// Kept external in the main bundle (loaded from node_modules at run time): electron; better-sqlite3 (native,
// loaded with the Electron build through `nativeBinding`); libsodium-wrappers-sumo (inside app.asar).

import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './steps.mjs';

export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'libsodium-wrappers-sumo'];
export const MAIN_BUNDLE = 'electron-main.js';
export const PRELOAD_BUNDLE = 'preload.cjs';
/** Worker threads: `{ name, source }`, bundled to `<name>.js` beside the entry that starts them. */
export const WORKERS = JSON.parse(readFileSync(new URL('../../../main/core/workers/workers.json', import.meta.url), 'utf8'));
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
  const workers = [];
  for (const w of WORKERS) {
    const built = await esbuild.build({
      ...common,
      entryPoints: [path.join(root, w.source)],
      outfile: path.join(outDir, `${w.name}.js`),
      format: 'esm',
      banner: { js: ESM_REQUIRE_BANNER },
    });
    workers.push({ name: w.name, file: path.join(outDir, `${w.name}.js`), inputs: Object.keys(built.metafile.inputs) });
  }
  return {
    mainFile: path.join(outDir, MAIN_BUNDLE),
    preloadFile: path.join(outDir, preloadName),
    mainInputs: Object.keys(main.metafile.inputs),
    preloadInputs: Object.keys(preload.metafile.inputs),
    workers,
  };
}
