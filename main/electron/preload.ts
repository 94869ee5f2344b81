/**
 * Preload (sandboxed, bundled to CommonJS as dist/main/preload.cjs). Exposes exactly `window.sanctum`, the
 * bridge from bridge.ts; the page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from './preload-channels';

contextBridge.exposeInMainWorld('sanctum', createBridge(ipcRenderer, { invoke: PRELOAD_INVOKE_CHANNEL, event: PRELOAD_EVENT_CHANNEL }));
