// Bundles the `sanctum` CLI (main/cli/sanctum.ts) with esbuild into one ES module with a shebang, the file
// package.json's `bin` names (dist/cli/sanctum.mjs). Packages stay external: Node resolves them (better-sqlite3's
// Node build, libsodium) from node_modules exactly as `npm run sanctum` (tsx) does. test/helpers/cli.ts bundles
// the same entry with the same options (CLI_BUNDLE_OPTIONS) into .tmp/ for the tests.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './steps.mjs';

export const CLI_ENTRY = 'main/cli/sanctum.ts';
export const CLI_BIN = 'dist/cli/sanctum.mjs';
// target: the engines floor. An older one strips the `with { type: 'json' }` that a JSON module from
// node_modules needs (i18n-iso-countries' names), and Node then refuses to load it.
export const CLI_BUNDLE_OPTIONS = { bundle: true, platform: 'node', format: 'esm', target: 'node20.19', packages: 'external', logLevel: 'error' };

export async function bundleCli({ root = ROOT, outFile = path.join(root, CLI_BIN), sourcemap = false } = {}) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    ...CLI_BUNDLE_OPTIONS,
    absWorkingDir: root,
    entryPoints: [path.join(root, CLI_ENTRY)],
    outfile: outFile,
    write: false,
    banner: { js: '#!/usr/bin/env node' },
    ...(sourcemap ? { sourcemap: 'inline' } : {}),
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, result.outputFiles[0].contents);
  await chmod(outFile, 0o755);
  return { file: outFile };
}
