// Bundles the `sanctum` CLI (main/cli/sanctum.ts) with esbuild into one ES module with a shebang, the file
// package.json's `bin` names (dist/cli/sanctum.mjs), and its worker threads (main/core/workers/workers.json) into
// `<name>.js` beside it, where main/core/workers/spawn.ts looks for them. Packages stay external: Node resolves
// them (better-sqlite3's Node build, libsodium) from node_modules exactly as `npm run sanctum` (tsx) does.
// test/helpers/cli.ts builds the same files (cliFiles) into .tmp/ for the tests.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORKERS } from './bundle.mjs';
import { ROOT } from './steps.mjs';

export const CLI_ENTRY = 'main/cli/sanctum.ts';
export const CLI_BIN = 'dist/cli/sanctum.mjs';
// target: the engines floor. An older one strips the `with { type: 'json' }` that a JSON module from
// node_modules needs (i18n-iso-countries' names), and Node then refuses to load it.
export const CLI_BUNDLE_OPTIONS = { bundle: true, platform: 'node', format: 'esm', target: 'node20.19', packages: 'external', logLevel: 'error' };

/**
 * An entry and the worker threads it may start, as `{ name, contents }` (names relative to the entry's folder),
 * bundled with CLI_BUNDLE_OPTIONS and not yet written: the CLI, and the test children that run core code.
 */
export async function bundleWithWorkers({ root = ROOT, entry, binName, banner, sourcemap = false }) {
  const esbuild = await import('esbuild');
  const one = async (entry, name, banner) => {
    const result = await esbuild.build({
      ...CLI_BUNDLE_OPTIONS,
      absWorkingDir: root,
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, '.tmp', 'unused', name),
      write: false,
      ...(banner ? { banner: { js: banner } } : {}),
      ...(sourcemap ? { sourcemap: 'inline' } : {}),
    });
    return { name, contents: result.outputFiles[0].contents };
  };
  return Promise.all([one(entry, binName, banner), ...WORKERS.map((w) => one(w.source, `${w.name}.js`))]);
}

/** The CLI and its workers as `{ name, contents }` (name relative to the CLI's folder), not yet written. */
export async function cliFiles({ root = ROOT, binName = path.basename(CLI_BIN), sourcemap = false } = {}) {
  return bundleWithWorkers({ root, entry: CLI_ENTRY, binName, banner: '#!/usr/bin/env node', sourcemap });
}

export async function bundleCli({ root = ROOT, outFile = path.join(root, CLI_BIN), sourcemap = false } = {}) {
  const files = await cliFiles({ root, binName: path.basename(outFile), sourcemap });
  await mkdir(path.dirname(outFile), { recursive: true });
  for (const f of files) await writeFile(path.join(path.dirname(outFile), f.name), f.contents);
  await chmod(outFile, 0o755);
  return { file: outFile };
}
