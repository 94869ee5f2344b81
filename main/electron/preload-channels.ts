/**
 * The three IPC channel names, mirrored from shared/ipc/contract for the preload only: the contract builds its zod
 * schemas when it loads, so importing it would put all of zod (~700 KB) into the sandboxed preload bundle.
 * test/unit/electron/bridge.test.ts fails if these drift from the contract.
 */
export const PRELOAD_INVOKE_CHANNEL = 'sanctum:invoke';
export const PRELOAD_EVENT_CHANNEL = 'sanctum:event';
export const PRELOAD_DROP_CHANNEL = 'sanctum:grant-drop';
