// Builds better-sqlite3 for Electron into build/native/electron/, from a copy of node_modules/better-sqlite3,
// so the Node build in node_modules (used by the tests and the CLI) is never touched (ARCHITECTURE.md §6).
// First tries the prebuilt binary better-sqlite3 publishes for each Electron ABI (prebuild-install, from
// GitHub); if there is none, compiles it with node-gyp against Electron's headers (needs a C++ toolchain).
// Both download, so this step needs the network the first time; a stamp file skips it afterwards.
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { looksOffline, OFFLINE_HINT, ROOT, run, StepError } from './steps.mjs';

/** Must match DEV_NATIVE_BINDING in main/electron/runtime-paths.ts (a unit test checks). */
export const NATIVE_DIR = path.join('build', 'native', 'electron');
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

export async function electronVersion(root = ROOT) {
  return (await readJson(path.join(root, 'node_modules', 'electron', 'package.json'))).version;
}

export async function buildElectronSqlite({ root = ROOT, version, platform = process.platform, arch = process.arch, force = false } = {}) {
  const target = version ?? (await electronVersion(root));
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = (await readJson(path.join(source, 'package.json'))).version;
  const outDir = path.join(root, NATIVE_DIR);
  const binding = path.join(outDir, NATIVE_BINDING_FILE);
  const stampFile = path.join(outDir, 'stamp.json');
  const want = { electron: target, betterSqlite3: sqliteVersion, platform, arch };

  if (!force && existsSync(binding) && existsSync(stampFile)) {
    const have = await readJson(stampFile).catch(() => ({}));
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return { binding, built: false };
  }

  const work = path.join(outDir, 'better-sqlite3');
  await rm(work, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // Copy the sources, not the Node build.
  await cp(source, work, { recursive: true, filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build' });

  const node = process.execPath;
  const bin = (...p) => path.join(root, 'node_modules', ...p);
  try {
    await run(node, [bin('prebuild-install', 'bin.js'), `--runtime=electron`, `--target=${target}`, `--arch=${arch}`, `--platform=${platform}`], {
      cwd: work,
      what: 'prebuild-install (prebuilt better-sqlite3 for Electron)',
    });
  } catch {
    try {
      await run(node, [bin('node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release', `--target=${target}`, `--arch=${arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${path.join(outDir, '.node-gyp')}`], {
        cwd: work,
        what: 'node-gyp (better-sqlite3 from source against Electron headers)',
      });
    } catch (gypError) {
      // node-gyp is the last resort, so its failure decides the advice.
      const detail = gypError.output ?? gypError.message;
      throw new StepError(
        `could not build better-sqlite3 ${sqliteVersion} for Electron ${target} (${platform}-${arch})`,
        looksOffline(detail)
          ? `Neither the prebuilt binary (github.com) nor Electron's headers (electronjs.org) could be downloaded.\n${OFFLINE_HINT}`
          : `No prebuilt binary, and compiling failed (a C++ toolchain and Python are needed for node-gyp).\nLast output:\n${gypError.hint ?? gypError.message}`,
      );
    }
  }
  const built = path.join(work, 'build', 'Release', NATIVE_BINDING_FILE);
  if (!existsSync(built)) throw new StepError(`the better-sqlite3 build finished but ${path.relative(root, built)} is missing`);
  await copyFile(built, binding);
  await writeFile(stampFile, `${JSON.stringify(want, null, 2)}\n`);
  return { binding, built: true };
}
