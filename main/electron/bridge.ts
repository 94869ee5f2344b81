/**
 * The object the preload exposes as `window.sanctum`, built from an `ipcRenderer`-shaped dependency so it can
 * be tested in Node. It is the whole bridge: `invoke`, `on`, and `grantForDrop` for files dropped on the window
 * (the path is looked up here and sent to main on the drop channel; the page only gets a grant).
 *
 * `on` never hands Electron's IpcRendererEvent to the page (its `sender` is ipcRenderer itself, which would let
 * the page send on any channel); listeners get the event's payload only. One ipcRenderer listener serves all
 * subscriptions, so many components subscribing cannot trip Node's max-listener warning or leak handlers.
 */
import type { InvokeResult, SanctumBridge } from '../../shared/ipc/contract';
import type { GrantedFile, ReadPurpose } from '../../shared/ipc/grants';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface BridgeChannels {
  invoke: string;
  event: string;
  drop: string;
}

const NO_FILE: InvokeResult<never> = { ok: false, error: { code: 'INVALID_INPUT', message: 'that drop carried no file from disk' } };

function isEventMessage(msg: unknown): msg is { event: string; payload: unknown } {
  return typeof msg === 'object' && msg !== null && typeof (msg as { event?: unknown }).event === 'string';
}

/** Where a dropped File lives on disk: Electron's webUtils.getPathForFile in the preload, a stand-in in tests. */
export type PathForFile = (file: unknown) => string;

export function createBridge(ipc: IpcRendererLike, channels: BridgeChannels, pathForFile: PathForFile = () => ''): SanctumBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let attached = false;

  const dispatch = (_event: unknown, msg: unknown): void => {
    if (!isEventMessage(msg)) return;
    const set = listeners.get(msg.event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(msg.payload);
      } catch (e) {
        // One failing listener must not starve the others (e.g. the lock screen).
        console.error(`sanctum: listener for ${msg.event} threw`, e);
      }
    }
  };

  return {
    invoke(channel: string, payload: unknown): Promise<InvokeResult> {
      if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
      return ipc.invoke(channels.invoke, channel, payload) as Promise<InvokeResult>;
    },

    async grantForDrop(file: unknown, purpose: ReadPurpose): Promise<InvokeResult<GrantedFile>> {
      let p: unknown;
      try {
        p = pathForFile(file);
      } catch {
        // Not a File (or one made in the page, which has no path): the caller says the drop cannot be used.
        return NO_FILE;
      }
      if (typeof p !== 'string' || !p) return NO_FILE;
      return (await ipc.invoke(channels.drop, p, purpose)) as InvokeResult<GrantedFile>;
    },

    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string') throw new TypeError('event must be a string');
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice is two subscriptions, each with its own unsubscribe.
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      if (!attached) {
        ipc.on(channels.event, dispatch);
        attached = true;
      }
      return () => {
        const current = listeners.get(event);
        if (!current?.delete(entry)) return;
        if (current.size === 0) listeners.delete(event);
        if (listeners.size === 0 && attached) {
          ipc.removeListener(channels.event, dispatch);
          attached = false;
        }
      };
    },
  };
}
