/**
 * electron-builder.yml: valid against electron-builder's own schema (the same check `electron-builder` runs
 * before packaging), and the settings that carry security or correctness pinned down.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_NATIVE_BINDING, PACKAGED_NATIVE_BINDING } from '../../../main/electron/runtime-paths';
import { OCR_UNPACKED_PACKAGES } from '../../../main/core/documents/ocr';
import { MAIN_BUNDLE } from '../../../build/scripts/lib/bundle.mjs';

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG = path.join(ROOT, 'electron-builder.yml');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; notarize: boolean; hardenedRuntime: boolean };
  nsis: { deleteAppDataOnUninstall: boolean };
  protocols?: unknown;
}

// js-yaml comes with electron-builder; it has no type declarations here, hence require.
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(CONFIG, 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    const loaded = await getConfig(ROOT, CONFIG, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator is strict: a misspelt fuse must be rejected, or this test proves nothing.
    await expect(
      validateConfiguration({ ...loaded, electronFuses: { ...loaded.electronFuses, runAsNodee: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/i);
  });

  it('identifies the app', () => {
    // Reverse DNS of the project's own domain (sanctum-project.org), never a placeholder or someone else's.
    expect(config.appId).toBe('org.sanctum-project.app');
    expect(config.productName).toBe('Sanctum');
  });

  it('flips every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('has icons, made from the committed SVG, for every platform', () => {
    expect(config.linux.icon).toBe('build/icons');
    expect(config.mac.icon).toBe('build/icons/1024x1024.png');
    expect(config.win.icon).toBe('build/icons/1024x1024.png');
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(path.join(ROOT, 'build', 'icons', `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR width and height (big-endian, bytes 16–23): each file is the size its name says.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('signs and notarises from the environment only: no credentials in the file', () => {
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
    const text = readFileSync(CONFIG, 'utf8');
    for (const key of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword', 'appleId', 'appleIdPassword', 'teamId']) {
      expect(text).not.toMatch(new RegExp(`^\\s*${key}\\s*:`, 'm'));
    }
  });

  it('targets AppImage + deb, nsis and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('packages the bundles and package.json into an asar, with the package main inside dist/', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; type: string };
    expect(pkg.main).toBe(`dist/main/${MAIN_BUNDLE}`);
    expect(pkg.type).toBe('module'); // the main bundle is an ES module
  });

  it('writes packages outside dist/, so one package never ends up inside the next', () => {
    expect(config.directories.output).not.toMatch(/^dist(\/|$)/);
  });

  it('unpacks native modules and the OCR engine only: libsodium stays inside app.asar (the worker bundles carry their own copy)', () => {
    expect(config.asarUnpack).toEqual(['**/*.node', ...OCR_UNPACKED_PACKAGES.map((p) => `node_modules/${p}/**`)]);
    expect(config.asarUnpack.some((g) => /sodium/.test(g))).toBe(false);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**']));
  });

  it('ships the Electron build of better-sqlite3 where the app looks for it, and never rebuilds node_modules in place', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: DEV_NATIVE_BINDING.split(path.sep).join('/'), to: PACKAGED_NATIVE_BINDING.split(path.sep).join('/') });
  });

  it('registers no URL protocol handler with the OS (no deep links into the app)', () => {
    expect(config.protocols).toBeUndefined();
  });

  it('never deletes user data (the vault) on uninstall', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });
});
