/**
 * Preload (sandboxed, bundled to CommonJS as dist/main/preload.cjs). Exposes exactly `window.sanctum`, the
 * bridge from bridge.ts; the page never sees ipcRenderer or webUtils, nor the path of a file the user dropped (only a read grant for it).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';
import { PRELOAD_DROP_CHANNEL, PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from './preload-channels';

contextBridge.exposeInMainWorld(
  'sanctum',
  createBridge(ipcRenderer, { invoke: PRELOAD_INVOKE_CHANNEL, event: PRELOAD_EVENT_CHANNEL, drop: PRELOAD_DROP_CHANNEL }, (file) => webUtils.getPathForFile(file as File)),
);
