/**
 * The esbuild step of `npm start` / `npm run dist` (offline), checked on its output: module formats, what is
 * bundled and what stays external, the preload evaluated as Electron's sandbox would, and the main bundle
 * started against a fake `electron` module to check the wiring of main.ts end to end, down to a real vault.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { builtinModules } from 'node:module';
import { bundleElectron, MAIN_EXTERNALS, WORKERS } from '../../../build/scripts/lib/bundle.mjs';
import type { KdfJob, KdfReply } from '../../../main/core/crypto/kdf-worker';
import { contentSecurityPolicy } from '../../../main/electron/security';

const ROOT = path.resolve(__dirname, '../../..');
// Under the project (git-ignored .tmp/) so the bundle resolves its externals from node_modules like the app does.
const WORK = (() => {
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  return mkdtempSync(path.join(ROOT, '.tmp', 'bundle-test-'));
})();
const OUT = path.join(WORK, 'dist', 'main');
let result: Awaited<ReturnType<typeof bundleElectron>>;

beforeAll(async () => {
  result = await bundleElectron({ root: ROOT, outDir: OUT, sourcemap: false });
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('main bundle', () => {
  it('is an ES module that keeps import.meta.url (workers/spawn.ts finds the worker files beside it with it)', () => {
    const code = readFileSync(result.mainFile, 'utf8');
    expect(code).toMatch(/^import /m);
    // Bundled CommonJS dependencies (e.g. `events`) keep `module.exports` inside esbuild's __commonJS wrappers;
    // the bundle itself must not be a CommonJS module.
    expect(code).not.toMatch(/^module\.exports\b/m);
    expect(code).not.toContain('__toCommonJS(');
    expect(code).toContain('import.meta.url');
  });

  it('leaves electron, better-sqlite3 and libsodium external, and bundles our code', () => {
    const code = readFileSync(result.mainFile, 'utf8');
    for (const ext of MAIN_EXTERNALS) expect(code).toMatch(new RegExp(`from "${ext}"`));
    expect(result.mainInputs.filter((i) => /node_modules\/(electron|better-sqlite3|libsodium)/.test(i))).toEqual([]);
    expect(result.mainInputs).toEqual(expect.arrayContaining(['main/electron/main.ts', 'main/ipc/index.ts', 'main/core/session.ts']));
  });
});

describe('worker bundles', () => {
  const builtin = { test: (r: string) => builtinModules.includes(r.replace(/^node:/, '')) };
  const imported = (code: string) => new Set([...code.matchAll(/(?:from |require\()"([^"]+)"/g)].map((m) => m[1]!));

  it('sit beside the main bundle, one per entry of workers.json, loading nothing but Node built-ins (so they run from inside app.asar)', () => {
    expect(result.workers.map((w) => w.name).sort()).toEqual(WORKERS.map((w) => w.name).sort());
    for (const w of result.workers) {
      expect(w.file).toBe(path.join(OUT, `${w.name}.js`));
      const code = readFileSync(w.file, 'utf8');
      expect([...imported(code)].filter((r) => !builtin.test(r)), w.name).toEqual([]);
      expect(code, w.name).not.toMatch(/eval:\s*(!0|true)/);
    }
    // The main bundle finds them by name (spawn.ts reads the same list).
    const main = readFileSync(result.mainFile, 'utf8');
    for (const w of WORKERS) expect(main).toContain(`"${w.name}"`);
  });

  it('decode blobs with the one BlobOpener and search with the same name index as the main process', () => {
    const inputs = (name: string) => result.workers.find((w) => w.name === name)!.inputs;
    expect(inputs('blob-decrypt-worker')).toEqual(expect.arrayContaining(['main/core/crypto/blob-stream.ts', 'main/core/crypto/blob-decrypt-worker.ts']));
    expect(inputs('search-worker')).toEqual(expect.arrayContaining(['main/core/search/search-worker.ts', 'shared/search/name-index.ts', 'shared/search/normalise.ts']));
    expect(inputs('kdf-worker').some((i) => /libsodium-sumo\.m?js$/.test(i))).toBe(true);
    expect(inputs('fulltext-worker')).toEqual(expect.arrayContaining(['main/core/search/fulltext-worker.ts', 'shared/search/fulltext.ts', 'shared/search/normalise.ts']));
    expect(inputs('text-worker')).toEqual(expect.arrayContaining(['main/core/documents/text-worker.ts', 'main/core/documents/extract-pdf.ts', 'main/core/documents/extract-eml.ts']));
    expect(inputs('text-worker').some((i) => /pdfjs-dist\/legacy\/build\/pdf\.worker\.mjs$/.test(i))).toBe(true);
    // The readers of hostile formats live only in the worker, not in the main process.
    expect(result.mainInputs.filter((i) => /mammoth|mailparser|main\/core\/documents\/extract/.test(i))).toEqual([]);
  });

  it('derive an Argon2id key in the bundled KDF worker, as the app starts it', async () => {
    const job: KdfJob = { passphrase: 'pass', salt: new Uint8Array(16), opsLimit: 1, memLimitBytes: 8192, keyBytes: 32 };
    const reply = await new Promise<KdfReply>((resolve, reject) => {
      const w = new Worker(result.workers.find((x) => x.name === 'kdf-worker')!.file, { workerData: job });
      w.once('message', (m: KdfReply) => {
        void w.terminate();
        resolve(m);
      });
      w.once('error', reject);
    });
    expect('key' in reply && reply.key).toHaveLength(32);
  });
});

describe('preload bundle', () => {
  it('is small CommonJS that requires nothing but electron', () => {
    const code = readFileSync(result.preloadFile, 'utf8');
    expect(result.preloadInputs.sort()).toEqual(['main/electron/bridge.ts', 'main/electron/preload-channels.ts', 'main/electron/preload.ts']);
    expect(code.length).toBeLessThan(10_000);
    expect([...code.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"electron"']);
  });

  it('exposes exactly window.sanctum = { invoke, on, grantForDrop } when run the way a sandboxed preload runs', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: null }),
        on: () => {},
        removeListener: () => {},
      },
      webUtils: { getPathForFile: (f: { name?: string }) => (f?.name === 'dropped.tar' ? '/tmp/dropped.tar' : '') },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`module not found in the preload sandbox: ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(result.preloadFile, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
    expect(Object.keys(exposed)).toEqual(['sanctum']);
    const bridge = exposed.sanctum as { invoke: (c: string, p: unknown) => Promise<unknown>; on: unknown; grantForDrop: (f: unknown, purpose: string) => Promise<unknown> };
    expect(Object.keys(bridge).sort()).toEqual(['grantForDrop', 'invoke', 'on']);
    await bridge.invoke('vault.status', {});
    // A drop: the preload looks the path up itself and sends it to main on the drop channel; the page gets main's answer.
    await bridge.grantForDrop({ name: 'dropped.tar' }, 'package.verify');
    expect(invoked).toEqual([
      ['sanctum:invoke', 'vault.status', {}],
      ['sanctum:grant-drop', '/tmp/dropped.tar', 'package.verify'],
    ]);
  });
});

describe('main bundle against a fake electron', () => {
  // Argon2id at the app's default cost runs several times here (create + two unlocks).
  const TIMEOUT = 120_000;
  let out: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    const appPath = path.join(WORK, 'app');
    mkdirSync(path.join(appPath, 'dist', 'renderer', 'assets'), { recursive: true });
    writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Sanctum</title>');
    writeFileSync(path.join(appPath, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'fixtures', 'drive-main.mjs'), result.mainFile], {
      cwd: ROOT,
      timeout: TIMEOUT,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, FAKE_APP_PATH: appPath, FAKE_USER_DATA: path.join(WORK, 'userData'), SANCTUM_VAULT_DIR: path.join(WORK, 'vault') },
    });
    out = JSON.parse(stdout);
  }, TIMEOUT);

  it('registers the scheme, the sandbox and the single-instance lock before ready', () => {
    expect(out.afterLoad.map((c: unknown) => (Array.isArray(c) ? c[0] : c))).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.enableSandbox',
      'app.requestSingleInstanceLock',
    ]);
    expect(out.afterLoad[0][1]).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('opens one sandboxed window on the app origin, with the bundled preload, after IPC is ready', () => {
    expect(out.windowCount).toBe(1);
    expect(out.loadedUrl).toBe('app://sanctum/index.html');
    expect(out.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'sanctum', devTools: true });
    expect(out.webPreferences.preload).toBe(path.join(WORK, 'app', 'dist', 'main', 'preload.cjs'));
    expect(out.calls.indexOf('ipcMain.handle')).toBeLessThan(out.calls.indexOf('loadURL'));
    // Drops get a read grant (base name only), with the same sender rules as invoke; never a write grant.
    expect(out.drop.ok).toMatchObject({ ok: true, value: { grant: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'index.html' } });
    expect(out.drop.stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.drop.write).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.calls.indexOf('session(sanctum).protocol.handle')).toBeLessThan(out.calls.indexOf('loadURL'));
  });

  it('serves the renderer with the CSP, and refuses traversal, unknown files and POST', () => {
    const p = out.protocol;
    expect(p.index).toEqual({ status: 200, csp: contentSecurityPolicy(), type: 'text/html; charset=utf-8', body: '<!doctype html><title>Sanctum</title>' });
    expect(p.root.status).toBe(200);
    expect(p.asset).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect(p.traversal.status).toBe(400);
    expect(p.missing.status).toBe(404);
    expect(p.post.status).toBe(405);
    // The window uses the in-memory partition, so that is where the protocol must be.
    expect(p.defaultSessionHasHandler).toBe(false);
  });

  it('denies permissions and remote requests on both sessions', () => {
    for (const name of ['default', 'sanctum']) {
      expect(out.sessions[name], name).toEqual({
        permissionRequest: false,
        permissionCheck: false,
        devicePermission: false,
        remoteRequestCancelled: true,
        appRequestCancelled: false,
      });
    }
  });

  it('blocks navigation away, webviews and new windows', () => {
    expect(out.navigation).toEqual({
      remotePrevented: true,
      filePrevented: true,
      appPrevented: false,
      framePrevented: true,
      redirectPrevented: true,
      webviewPrevented: true,
      windowOpen: { action: 'deny' },
    });
  });

  it('answers the main frame through the real router and refuses subframes, other webContents and gone frames', () => {
    expect(out.ipc.info).toMatchObject({ ok: true, value: { version: expect.any(String) } });
    for (const k of ['subFrame', 'stranger', 'goneFrame']) expect(out.ipc[k], k).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.ipc.status).toMatchObject({ ok: true, value: { folder: 'vault', exists: false, unlocked: false } });
  });

  it('answers name search from the bundled search worker', () => {
    expect(out.search).toMatchObject({ ok: true, value: { hits: [{ name: 'Abd Al-Rahman Al-Milad', matched: null }] } });
  });

  it('locks from the menu, on suspend and on quit, and tells the renderer each time', () => {
    expect(out.vault).toEqual({ create: true, waitsForDrafts: true, afterMenuLock: false, unlock1: true, afterSuspend: false, unlock2: true, afterQuit: false });
    expect(out.events).toEqual([
      ['sanctum:event', { event: 'drafts.flush', payload: {} }],
      ['sanctum:event', { event: 'vault.locked', payload: { reason: 'user' } }],
      ['sanctum:event', { event: 'vault.locked', payload: { reason: 'suspend' } }],
      ['sanctum:event', { event: 'drafts.flush', payload: {} }],
      ['sanctum:event', { event: 'vault.locked', payload: { reason: 'quit', kept: ['link for case Bundle case'] } }],
    ]);
  });

  it('quits through the drafts flush: the window close and a Ctrl+Q are held until the vault locked with the last words', () => {
    expect(out.quit).toEqual({
      closeHeld: true,
      windowsSessionEnd: [1, 1],
      waitsForDrafts: true,
      quitWhileWaiting: 'app.quit held',
      // Ctrl+Q while waiting (held), then the guard's own quit after the lock, which goes through.
      calls: ['app.quit', 'app.quit held', 'app.quit', 'will-quit'],
    });
  });
});
