/**
 * What the Electron preload does, as an init script for the test page. It runs the preload's own bridge
 * (main/electron/bridge.ts `createBridge`, bundled here with esbuild) over an ipcRenderer stand-in:
 *
 *   ipcRenderer.invoke('sanctum:invoke', channel, payload)  ->  Playwright binding  ->  the real router
 *   webContents.send('sanctum:event', { event, payload })    <-  the harness calls __sanctumDispatch
 *   contextBridge.exposeInMainWorld('sanctum', bridge)       ->  a frozen, non-writable window.sanctum
 *
 * So the page gets exactly the `window.sanctum` the app's preload gives it; only the transport differs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './environment';

export const INVOKE_BINDING = '__sanctumInvoke';
export const DISPATCH_FUNCTION = '__sanctumDispatch';
export const CSP_BINDING = '__sanctumE2eCspViolation';

const ENTRY = `
import { createBridge } from './main/electron/bridge';
import { PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from './main/electron/preload-channels';

const handlers = new Map();
const ipcRenderer = {
  invoke(ipcChannel, channel, payload) {
    if (ipcChannel !== PRELOAD_INVOKE_CHANNEL) return Promise.reject(new Error('unexpected ipc channel ' + ipcChannel));
    return globalThis.${INVOKE_BINDING}(channel, payload);
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

const bridge = Object.freeze(createBridge(ipcRenderer, { invoke: PRELOAD_INVOKE_CHANNEL, event: PRELOAD_EVENT_CHANNEL }));
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
