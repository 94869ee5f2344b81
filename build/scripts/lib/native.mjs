// Builds better-sqlite3 for Electron into build/native/electron/, with @electron/rebuild run on a staged app —
// build/native/electron/app/: a package.json that depends on better-sqlite3 only, and a copy of its sources in
// app/node_modules/ — so the Node build in the project's node_modules (used by the tests and the CLI) is never
// touched (ARCHITECTURE.md §6). @electron/rebuild first tries the prebuilt binary better-sqlite3 publishes for
// the Electron ABI (prebuild-install, from GitHub), then compiles it with node-gyp against Electron's headers
// (needs a C++ toolchain). Both download, so this step needs the network the first time; a stamp file skips it
// afterwards. electron-builder's own `npmRebuild` stays off: it runs the same rebuild on node_modules in place.
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { looksOffline, OFFLINE_HINT, ROOT, StepError } from './steps.mjs';

/** Must match DEV_NATIVE_BINDING in main/electron/runtime-paths.ts (a unit test checks). */
export const NATIVE_DIR = path.join('build', 'native', 'electron');
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** The staged app @electron/rebuild works on, under NATIVE_DIR. */
export const STAGE_DIR = 'app';
export const NATIVE_MODULE = 'better-sqlite3';

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

export async function electronVersion(root = ROOT) {
  return (await readJson(path.join(root, 'node_modules', 'electron', 'package.json'))).version;
}

/**
 * Stages the app @electron/rebuild rebuilds: `<stage>/package.json` naming better-sqlite3 as its one dependency,
 * and the module's sources (not its Node build, `build/`) in `<stage>/node_modules/better-sqlite3`.
 * Returns the staged module's folder.
 */
export async function stageNativeModule({ root = ROOT, stage }) {
  const source = path.join(root, 'node_modules', NATIVE_MODULE);
  const version = (await readJson(path.join(source, 'package.json'))).version;
  await rm(stage, { recursive: true, force: true });
  const moduleDir = path.join(stage, 'node_modules', NATIVE_MODULE);
  await mkdir(path.dirname(moduleDir), { recursive: true });
  await cp(source, moduleDir, { recursive: true, filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build' });
  await writeFile(
    path.join(stage, 'package.json'),
    `${JSON.stringify({ name: 'sanctum-native-stage', private: true, version: '0.0.0', dependencies: { [NATIVE_MODULE]: version } }, null, 2)}\n`,
  );
  return moduleDir;
}

/**
 * The options given to @electron/rebuild's `rebuild`: the staged app only (projectRootPath stops its search for
 * node_modules there, so the project's own node_modules is never reached), better-sqlite3 only, for this
 * Electron version, platform and architecture.
 */
export function electronRebuildOptions({ stage, electronVersion: version, platform = process.platform, arch = process.arch }) {
  return {
    buildPath: stage,
    projectRootPath: stage,
    electronVersion: version,
    platform,
    arch,
    onlyModules: [NATIVE_MODULE],
    force: true,
    mode: 'sequential',
    headerURL: ELECTRON_HEADERS_URL,
  };
}

export async function buildElectronSqlite({ root = ROOT, version, platform = process.platform, arch = process.arch, force = false } = {}) {
  const target = version ?? (await electronVersion(root));
  const sqliteVersion = (await readJson(path.join(root, 'node_modules', NATIVE_MODULE, 'package.json'))).version;
  const outDir = path.join(root, NATIVE_DIR);
  const binding = path.join(outDir, NATIVE_BINDING_FILE);
  const stampFile = path.join(outDir, 'stamp.json');
  const want = { electron: target, betterSqlite3: sqliteVersion, platform, arch };

  if (!force && existsSync(binding) && existsSync(stampFile)) {
    const have = await readJson(stampFile).catch(() => ({}));
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return { binding, built: false };
  }

  const stage = path.join(outDir, STAGE_DIR);
  const moduleDir = await stageNativeModule({ root, stage });
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild(electronRebuildOptions({ stage, electronVersion: target, platform, arch }));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new StepError(
      `could not rebuild better-sqlite3 ${sqliteVersion} for Electron ${target} (${platform}-${arch}) with @electron/rebuild`,
      looksOffline(detail)
        ? `Neither the prebuilt binary (github.com) nor Electron's headers (electronjs.org) could be downloaded.\n${OFFLINE_HINT}`
        : `No prebuilt binary, and compiling failed (a C++ toolchain and Python are needed for node-gyp).\nLast output:\n${detail}`,
    );
  }
  const built = path.join(moduleDir, 'build', 'Release', NATIVE_BINDING_FILE);
  if (!existsSync(built)) throw new StepError(`the better-sqlite3 rebuild finished but ${path.relative(root, built)} is missing`);
  await copyFile(built, binding);
  await writeFile(stampFile, `${JSON.stringify(want, null, 2)}\n`);
  return { binding, built: true };
}
