/**
 * Preload (sandboxed, bundled to CommonJS as dist/main/preload.cjs). Exposes exactly `window.sanctum`, the
 * bridge from bridge.ts; the page never sees ipcRenderer or webUtils, only the path of a file the user dropped.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';
import { PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from './preload-channels';

contextBridge.exposeInMainWorld(
  'sanctum',
  createBridge(ipcRenderer, { invoke: PRELOAD_INVOKE_CHANNEL, event: PRELOAD_EVENT_CHANNEL }, (file) => webUtils.getPathForFile(file as File)),
);
