/**
 * `npm run dist` ships each piece of JavaScript once. esbuild bundles what the main process, the preload and the
 * workers import (build/scripts/lib/bundle.mjs) into dist/main/; electron-builder copies package.json's
 * `dependencies` (and what they depend on) into app.asar, minus what electron-builder.yml's `files` excludes.
 * A package in both is shipped twice. This test builds the bundles (esbuild, offline), reads their inputs from
 * the metafiles, works out the shipped set from package.json, the installed packages and electron-builder.yml,
 * and fails on any overlap — and on an external the app imports at run time that would not be shipped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron, MAIN_EXTERNALS } from '../../../build/scripts/lib/bundle.mjs';

const ROOT = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

/**
 * Shipped twice on purpose, with the reason. libsodium: the main process imports it from node_modules (inside
 * app.asar), while the worker bundles (KDF, blob decryption) carry a self-contained copy with the WASM inlined,
 * so that nothing has to be unpacked outside the archive (bundle.mjs). About 2 MB per worker that uses it.
 */
export const SHIPPED_TWICE_ON_PURPOSE: Record<string, string> = {
  'libsodium-wrappers-sumo': 'main process imports it; the worker bundles carry a self-contained copy',
  'libsodium-sumo': 'the WASM build under libsodium-wrappers-sumo (same reason)',
};

/** "node_modules/@scope/name/lib/x.js" → "@scope/name" (the last node_modules segment wins). */
export function packageOf(input: string): string | null {
  const i = input.lastIndexOf('node_modules/');
  if (i < 0) return null;
  const parts = input.slice(i + 'node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Packages excluded whole by a `files` pattern "!node_modules/<name>/**" (or "!**\/node_modules/<name>/**"). */
export function excludedPackages(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const m = /^!(?:\*\*\/)?node_modules\/((?:@[^/]+\/)?[^/*]+)\/\*\*$/.exec(f);
    if (m) out.add(m[1]!);
  }
  return out;
}

/**
 * What electron-builder copies into app.asar: the production dependency closure of `manifest`, resolved the
 * way Node resolves them (`readManifest` gives a package's package.json), minus whole-package exclusions.
 */
export function shippedPackages(manifest: Manifest, readManifest: (name: string) => Manifest | null, excluded: Set<string>): Set<string> {
  const shipped = new Set<string>();
  const queue = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
  while (queue.length) {
    const name = queue.pop()!;
    if (shipped.has(name) || excluded.has(name)) continue;
    const m = readManifest(name);
    if (!m) continue; // an optional dependency not installed on this platform
    shipped.add(name);
    queue.push(...Object.keys({ ...m.dependencies, ...m.optionalDependencies }));
  }
  return shipped;
}

/** Bundled ∩ shipped, minus the documented exceptions. */
export function shippedTwice(bundled: Iterable<string>, shipped: Set<string>, allowed: Record<string, string> = SHIPPED_TWICE_ON_PURPOSE): string[] {
  return [...new Set(bundled)].filter((p) => shipped.has(p) && !(p in allowed)).sort();
}

function installedManifest(name: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const builder = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[] };
const excluded = excludedPackages(builder.files);
const shipped = shippedPackages(manifest, installedManifest, excluded);

const WORK = (() => {
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  return mkdtempSync(path.join(ROOT, '.tmp', 'packaging-test-'));
})();
let bundled: Map<string, string[]>;

beforeAll(async () => {
  const r = await bundleElectron({ root: ROOT, outDir: path.join(WORK, 'dist', 'main'), sourcemap: false });
  bundled = new Map();
  const inputs: [string, string[]][] = [
    ['electron-main.js', r.mainInputs],
    ['preload.cjs', r.preloadInputs],
    ...r.workers.map((w): [string, string[]] => [`${w.name}.js`, w.inputs]),
  ];
  for (const [bundle, list] of inputs) {
    for (const input of list) {
      const p = packageOf(input);
      if (p) bundled.set(p, [...new Set([...(bundled.get(p) ?? []), bundle])]);
    }
  }
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('the rules themselves', () => {
  it('finds a package both bundled and shipped, through a transitive dependency, unless excluded or allowed', () => {
    const manifests: Record<string, Manifest> = { a: { dependencies: { b: '1' } }, b: {}, c: {}, x: {} };
    const read = (n: string) => manifests[n] ?? null;
    const s = shippedPackages({ dependencies: { a: '1', c: '1' }, optionalDependencies: { gone: '1' } }, read, new Set(['c']));
    expect([...s].sort()).toEqual(['a', 'b']);
    expect(shippedTwice(['b', 'x'], s, {})).toEqual(['b']);
    expect(shippedTwice(['b', 'x'], s, { b: 'why' })).toEqual([]);
    expect(packageOf('node_modules/@scope/pkg/lib/x.js')).toBe('@scope/pkg');
    expect(packageOf('node_modules/a/node_modules/b/index.js')).toBe('b');
    expect(packageOf('main/core/x.ts')).toBeNull();
    expect([...excludedPackages(['dist/**', '!node_modules/prebuild-install/**', '!node_modules/better-sqlite3/src/**'])]).toEqual(['prebuild-install']);
  });
});

describe('npm run dist ships each package once', () => {
  it('bundles something from node_modules (or this test checks nothing)', () => {
    expect(bundled.size).toBeGreaterThan(5);
    expect(bundled.has('zod')).toBe(true);
  });

  it('no package is both bundled by esbuild and copied into app.asar', () => {
    const twice = shippedTwice(bundled.keys(), shipped);
    const detail = twice.map((p) => `  ${p} (bundled into ${bundled.get(p)!.join(', ')})`).join('\n');
    expect(twice, `shipped twice — move these to devDependencies (or keep them external in bundle.mjs):\n${detail}`).toEqual([]);
  });

  it('every documented exception is real: still bundled and still shipped', () => {
    for (const p of Object.keys(SHIPPED_TWICE_ON_PURPOSE)) {
      expect(bundled.has(p), `${p} is no longer bundled: drop it from SHIPPED_TWICE_ON_PURPOSE`).toBe(true);
      expect(shipped.has(p), `${p} is no longer shipped: drop it from SHIPPED_TWICE_ON_PURPOSE`).toBe(true);
    }
  });

  it('ships every external the bundles import at run time (electron aside)', () => {
    for (const ext of MAIN_EXTERNALS.filter((e) => e !== 'electron')) expect(shipped.has(ext), `${ext} is external but not shipped`).toBe(true);
    expect(shipped.has('electron')).toBe(false);
  });

  it('leaves room for the OCR engine and its language data, which are loaded by path', () => {
    for (const p of ['tesseract.js', 'tesseract.js-core', '@tesseract.js-data/eng']) expect(excluded.has(p), `${p} must not be excluded`).toBe(false);
  });

  it('ships no build or test tooling', () => {
    for (const p of ['electron-builder', 'esbuild', 'vite', 'vitest', 'typescript', 'react', '@blueprintjs/core', 'prebuild-install']) {
      expect(shipped.has(p), `${p} must not be in app.asar`).toBe(false);
    }
  });

  it('asks for Node ≥ 22.12 (Electron’s tooling), without engine-strict', () => {
    expect(manifest.engines?.node).toBe('>=22.12.0');
    let npmrc = '';
    try {
      npmrc = readFileSync(path.join(ROOT, '.npmrc'), 'utf8');
    } catch {
      // no .npmrc: engine-strict is off (npm's default)
    }
    expect(npmrc).not.toMatch(/^\s*engine-strict\s*=\s*true/m);
  });
});
