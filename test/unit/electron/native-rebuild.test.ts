/**
 * `npm run dist` rebuilds better-sqlite3 for Electron's ABI with @electron/rebuild on a staged app under
 * build/native/electron/app, never on the project's node_modules (whose Node build the tests and the CLI load),
 * and ships the result through extraResources. The rebuild itself downloads Electron's headers or a prebuilt
 * binary, which this machine cannot: the test checks the configuration, the options handed to @electron/rebuild
 * and the staged app (made for real, into a temporary folder), not a real rebuild.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronRebuildOptions, NATIVE_BINDING_FILE, NATIVE_DIR, NATIVE_MODULE, stageNativeModule, STAGE_DIR } from '../../../build/scripts/lib/native.mjs';

const ROOT = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { npmRebuild: boolean; extraResources: { from: string; to: string }[] };
const source = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

const scratch = mkdtempSync(path.join(tmpdir(), 'sanctum-native-stage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('better-sqlite3 for Electron, rebuilt with @electron/rebuild', () => {
  it('dist runs the rebuild step before electron-builder, whose own in-place rebuild stays off', () => {
    const dist = source('build/scripts/dist.mjs');
    const rebuildAt = dist.indexOf('buildElectronSqlite({');
    const builderAt = dist.indexOf("'electron-builder', 'cli.js'");
    expect(rebuildAt).toBeGreaterThan(-1);
    expect(builderAt).toBeGreaterThan(rebuildAt);
    expect(config.npmRebuild).toBe(false);
    // The rebuilt binary is what the package ships.
    expect(config.extraResources).toContainEqual({ from: `${NATIVE_DIR.split(path.sep).join('/')}/${NATIVE_BINDING_FILE}`, to: `native/${NATIVE_BINDING_FILE}` });
  });

  it('calls @electron/rebuild, the package electron-builder itself uses', () => {
    const native = source('build/scripts/lib/native.mjs');
    expect(native).toMatch(/import\('@electron\/rebuild'\)/);
    expect(native).toMatch(/rebuild\(electronRebuildOptions\(/);
    // Resolvable from the build scripts (it comes with electron-builder).
    expect(existsSync(path.join(ROOT, 'node_modules', '@electron', 'rebuild', 'package.json'))).toBe(true);
  });

  it('aims the rebuild at the staged app only, for the installed Electron and this platform', () => {
    const stage = path.join(ROOT, NATIVE_DIR, STAGE_DIR);
    const electron = JSON.parse(source('node_modules/electron/package.json')).version as string;
    const o = electronRebuildOptions({ stage, electronVersion: electron, platform: 'linux', arch: 'x64' });
    expect(o).toMatchObject({ buildPath: stage, projectRootPath: stage, electronVersion: electron, platform: 'linux', arch: 'x64', onlyModules: [NATIVE_MODULE], force: true });
    // Neither the build path nor the root where @electron/rebuild stops looking for node_modules is the project.
    for (const p of [o.buildPath, o.projectRootPath]) {
      expect(path.relative(ROOT, p).startsWith(NATIVE_DIR)).toBe(true);
      expect(path.resolve(p)).not.toBe(ROOT);
    }
    expect(electronRebuildOptions({ stage, electronVersion: electron }).arch).toBe(process.arch);
  });

  it('stages better-sqlite3’s sources, not its Node build, under a package.json that depends on it alone', async () => {
    const stage = path.join(scratch, STAGE_DIR);
    const moduleDir = await stageNativeModule({ root: ROOT, stage });
    expect(moduleDir).toBe(path.join(stage, 'node_modules', NATIVE_MODULE));
    const installed = JSON.parse(source(`node_modules/${NATIVE_MODULE}/package.json`)).version as string;
    expect(JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')).dependencies).toEqual({ [NATIVE_MODULE]: installed });
    expect(JSON.parse(readFileSync(path.join(moduleDir, 'package.json'), 'utf8')).version).toBe(installed);
    expect(existsSync(path.join(moduleDir, 'binding.gyp'))).toBe(true);
    expect(existsSync(path.join(moduleDir, 'build'))).toBe(false);
    // The project's own Node build is still there, untouched.
    expect(existsSync(path.join(ROOT, 'node_modules', NATIVE_MODULE, 'build', 'Release', NATIVE_BINDING_FILE))).toBe(true);
  });
});
