/**
 * What the Electron preload does, as an init script for the test page. It runs the preload's own bridge
 * (main/electron/bridge.ts `createBridge`, bundled here with esbuild) over an ipcRenderer stand-in:
 *
 *   ipcRenderer.invoke('sanctum:invoke', channel, payload)  ->  Playwright binding  ->  the real router
 *   ipcRenderer.invoke('sanctum:grant-drop', path, purpose) ->  Playwright binding  ->  main's grantDropped
 *   webContents.send('sanctum:event', { event, payload })    <-  the harness calls __sanctumDispatch
 *   contextBridge.exposeInMainWorld('sanctum', bridge)       ->  a frozen, non-writable window.sanctum
 *
 * So the page gets exactly the `window.sanctum` the app's preload gives it; only the transport differs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './environment';

export const INVOKE_BINDING = '__sanctumInvoke';
/** The preload's drop channel: the harness answers it with the same grantDropped the shell uses. */
export const DROP_BINDING = '__sanctumGrantDrop';
export const DISPATCH_FUNCTION = '__sanctumDispatch';
export const CSP_BINDING = '__sanctumE2eCspViolation';
/** Files the harness drops on the page, with the path Electron would know for them (see E2EApp.dropFile). */
export const DROP_FUNCTION = '__sanctumE2eDrop';

const ENTRY = `
import { createBridge } from './main/electron/bridge';
import { PRELOAD_DROP_CHANNEL, PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from './main/electron/preload-channels';

const handlers = new Map();
const ipcRenderer = {
  invoke(ipcChannel, a, b) {
    // The harness sends plain JSON answers as text (see jsonIfPlain in harness.ts).
    if (ipcChannel === PRELOAD_INVOKE_CHANNEL) return globalThis.${INVOKE_BINDING}(a, b).then((r) => (r && typeof r === 'object' && typeof r.json === 'string' && Object.keys(r).length === 1 ? JSON.parse(r.json) : r));
    if (ipcChannel === PRELOAD_DROP_CHANNEL) return globalThis.${DROP_BINDING}(a, b);
    return Promise.reject(new Error('unexpected ipc channel ' + ipcChannel));
  },
  on(ipcChannel, listener) {
    let set = handlers.get(ipcChannel);
    if (!set) handlers.set(ipcChannel, (set = new Set()));
    set.add(listener);
  },
  removeListener(ipcChannel, listener) {
    const set = handlers.get(ipcChannel);
    if (set) set.delete(listener);
  },
};

// Electron knows the path of a file the user dropped (webUtils.getPathForFile); here only files the harness
// dropped have one, and a File made by the page has none, as in the app.
const droppedPaths = new WeakMap();
const bridge = Object.freeze(createBridge(ipcRenderer, { invoke: PRELOAD_INVOKE_CHANNEL, event: PRELOAD_EVENT_CHANNEL, drop: PRELOAD_DROP_CHANNEL }, (file) => droppedPaths.get(file) || ''));
Object.defineProperty(globalThis, '${DROP_FUNCTION}', {
  value: (selector, path) => {
    const target = document.querySelector(selector);
    if (!target) throw new Error('nothing to drop on: ' + selector);
    const file = new File([new Uint8Array(0)], path.split('/').pop());
    droppedPaths.set(file, path);
    const dt = new DataTransfer();
    dt.items.add(file);
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  },
  writable: false,
  configurable: false,
});
Object.defineProperty(globalThis, 'sanctum', { value: bridge, enumerable: true, writable: false, configurable: false });
Object.defineProperty(globalThis, '${DISPATCH_FUNCTION}', {
  value: (event, payload) => {
    for (const l of [...(handlers.get(PRELOAD_EVENT_CHANNEL) || [])]) l({ sender: null }, { event, payload });
  },
  writable: false,
  configurable: false,
});
`;

let cached: Promise<string> | null = null;

/** The preload stand-in as one script (an IIFE), built once per worker. */
export function bridgeScript(): Promise<string> {
  cached ??= (async () => {
    const bridge = join(REPO_ROOT, 'main/electron/bridge.ts');
    if (!existsSync(bridge)) throw new Error(`the e2e harness runs the preload's bridge, but ${bridge} is missing`);
    const { build } = await import('esbuild');
    const out = await build({
      stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'e2e-preload.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  })();
  return cached;
}

/** Reports CSP violations with their details (they also appear as console errors, but terser). */
export const CSP_LISTENER_SCRIPT = `window.addEventListener('securitypolicyviolation', (e) => {
  globalThis.${CSP_BINDING}({
    directive: e.effectiveDirective || e.violatedDirective,
    blockedURI: e.blockedURI,
    sourceFile: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample,
  });
}, true);`;
