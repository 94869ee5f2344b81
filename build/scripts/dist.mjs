#!/usr/bin/env node
// `npm run dist`: the same build as `npm start` without source maps, then electron-builder with
// electron-builder.yml, for the platform this runs on (native modules cannot be cross-compiled: package each
// OS on that OS). Extra arguments after `--` go to electron-builder, e.g. `npm run dist -- --linux deb`.
//
// better-sqlite3 reaches the package through extraResources from build/native/electron/, not through
// electron-builder's npmRebuild, which would rebuild node_modules in place and break the Node build that
// the tests and the CLI use. Last, out/SHA256SUMS lists the SHA-256 of every installer, for publishing with them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleElectron } from './lib/bundle.mjs';
import { CHECKSUM_FILE, writeChecksums } from './lib/checksums.mjs';
import { buildElectronSqlite } from './lib/native.mjs';
import { buildRenderer } from './lib/renderer.mjs';
import { OFFLINE_HINT, parseFlags, ROOT, run, runMain, step, StepError } from './lib/steps.mjs';

const USAGE = `usage: node build/scripts/dist.mjs [--bundle-only] [--skip-renderer] [-- electron-builder args]`;
const FLAGS = ['--bundle-only', '--skip-renderer', '--help'];

async function main() {
  const { flags, rest } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.has('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (!flags.has('--skip-renderer') && !flags.has('--bundle-only')) await step('build renderer (vite)', () => buildRenderer(ROOT));
  await step('bundle main + preload (esbuild)', () => bundleElectron({ root: ROOT, sourcemap: false }));
  if (flags.has('--bundle-only')) return 0;
  await step('better-sqlite3 for Electron', () => buildElectronSqlite({ root: ROOT }));
  await step('electron-builder', async () => {
    try {
      await run(process.execPath, [path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...rest], {
        cwd: ROOT,
        inherit: true,
        what: 'electron-builder',
      });
    } catch (e) {
      throw new StepError(e instanceof Error ? e.message : String(e), `electron-builder downloads Electron and packaging tools on first use. ${OFFLINE_HINT}`);
    }
  });
  // directories.output in electron-builder.yml.
  await step(`checksums (out/${CHECKSUM_FILE})`, () => writeChecksums(path.join(ROOT, 'out'), { version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version }));
  return 0;
}

await runMain(main);
