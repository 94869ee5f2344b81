/**
 * What `ipcMain.handle(IPC_INVOKE_CHANNEL, …)` runs, minus Electron: check who is calling, then hand the call to
 * the same router the tests drive. Pure so the sender rules are unit-tested.
 */
import type { InvokeResult } from '../../shared/ipc/contract';
import type { GrantedFile } from '../../shared/ipc/grants';
import { grantDropped, type GrantStore, type Router } from '../ipc';
import { isTrustedSender } from './security';

export interface SenderInfo {
  /** `event.senderFrame?.url`; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** `event.senderFrame?.parent === null`. */
  isMainFrame: boolean;
  /** `event.sender.id`, checked against the windows this process created. */
  webContentsId: number;
}

export interface InvokeHandlerOptions {
  router: Router;
  /** True for webContents the shell created itself (the main window). */
  isOwnWebContents: (id: number) => boolean;
  /** Where refusals are reported (never to the renderer in detail). */
  onRefused?: (sender: SenderInfo, channel: unknown) => void;
}

export const UNTRUSTED_SENDER: InvokeResult = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'request refused: it did not come from the Sanctum window' },
};

export function createInvokeHandler(opts: InvokeHandlerOptions) {
  return async (sender: SenderInfo, channel: unknown, payload: unknown): Promise<InvokeResult> => {
    if (!opts.isOwnWebContents(sender.webContentsId) || !isTrustedSender(sender.frameUrl, sender.isMainFrame)) {
      opts.onRefused?.(sender, channel);
      return UNTRUSTED_SENDER;
    }
    return opts.router.invoke(channel, payload);
  };
}

/**
 * What `ipcMain.handle(IPC_DROP_CHANNEL, …)` runs: the preload found a dropped file's path and asks for a read
 * grant. Same sender rules as invoke; only read purposes; only existing files or folders (main/ipc/grants.ts).
 */
export function createDropHandler(opts: Omit<InvokeHandlerOptions, 'router'> & { grants: GrantStore }) {
  return (sender: SenderInfo, path: unknown, purpose: unknown): InvokeResult<GrantedFile> => {
    if (!opts.isOwnWebContents(sender.webContentsId) || !isTrustedSender(sender.frameUrl, sender.isMainFrame)) {
      opts.onRefused?.(sender, 'drop');
      return UNTRUSTED_SENDER as InvokeResult<GrantedFile>;
    }
    return grantDropped(opts.grants, path, purpose);
  };
}
