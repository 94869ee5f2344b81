#!/usr/bin/env node
// `npm start`: build the renderer, bundle main + preload, build better-sqlite3 for Electron (once), fetch the
// Electron binary (once), launch the app. Each step can be run alone; see --help.
//
// Needs the network the first time (Electron binary, better-sqlite3 for Electron) and Node >= 22.12 for
// Electron's downloader. Bundling works offline: `node build/scripts/start.mjs --bundle-only`.
import path from 'node:path';
import { bundleElectron } from './lib/bundle.mjs';
import { DOWNLOADER_NODE, electronBinaryPath, ensureElectronBinary } from './lib/electron-binary.mjs';
import { buildElectronSqlite } from './lib/native.mjs';
import { buildRenderer } from './lib/renderer.mjs';
import { nodeAtLeast, parseFlags, ROOT, run, runMain, step, StepError } from './lib/steps.mjs';

const USAGE = `usage: node build/scripts/start.mjs [options] [-- electron args]
  --bundle-only    only bundle main + preload into dist/main/ (offline)
  --renderer-only  only build the renderer into dist/renderer/ (offline)
  --native-only    only build better-sqlite3 for Electron into build/native/electron/ (network, first time)
  --skip-renderer  reuse the existing dist/renderer/
  --no-launch      do every step but start Electron`;
const FLAGS = ['--bundle-only', '--renderer-only', '--native-only', '--skip-renderer', '--no-launch', '--help'];

async function main() {
  const { flags, rest } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.has('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (!nodeAtLeast(process.version, [20, 19])) throw new StepError(`Node ${process.version} is too old`, 'Sanctum needs Node >= 20.19 (>= 22.12 to download Electron).');

  if (flags.has('--bundle-only')) {
    const out = await step('bundle main + preload (esbuild)', () => bundleElectron({ root: ROOT }));
    console.log(`  ${path.relative(ROOT, out.mainFile)}\n  ${path.relative(ROOT, out.preloadFile)}`);
    return 0;
  }
  if (flags.has('--renderer-only')) {
    await step('build renderer (vite)', () => buildRenderer(ROOT));
    return 0;
  }
  if (flags.has('--native-only')) {
    const { binding } = await step('better-sqlite3 for Electron', () => buildElectronSqlite({ root: ROOT }));
    console.log(`  ${path.relative(ROOT, binding)}`);
    return 0;
  }

  const launching = !flags.has('--no-launch');
  // Fail before the slow steps if the Electron binary cannot be fetched with this Node anyway.
  if (launching && !electronBinaryPath(ROOT) && !nodeAtLeast(process.version, DOWNLOADER_NODE)) {
    await ensureElectronBinary(ROOT); // throws the explanatory StepError
  }
  if (!flags.has('--skip-renderer')) await step('build renderer (vite)', () => buildRenderer(ROOT));
  await step('bundle main + preload (esbuild)', () => bundleElectron({ root: ROOT }));
  await step('better-sqlite3 for Electron', () => buildElectronSqlite({ root: ROOT }));
  if (!launching) return 0;
  const electron = await step('Electron binary', () => ensureElectronBinary(ROOT));

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the app into a plain Node process
  console.log('▸ launching Sanctum');
  try {
    await run(electron, ['.', ...rest], { cwd: ROOT, env, inherit: true, what: 'Electron' });
  } catch (e) {
    throw new StepError(
      e instanceof Error ? e.message : String(e),
      process.platform === 'linux'
        ? 'If Electron reported a sandbox error: the renderer sandbox needs unprivileged user namespaces (on Ubuntu >= 24.04 an AppArmor profile for Electron) or a setuid chrome-sandbox. Do not work around it with --no-sandbox.'
        : '',
    );
  }
  return 0;
}

await runMain(main);
