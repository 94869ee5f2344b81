import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../main/electron/bridge';
import { PRELOAD_DROP_CHANNEL, PRELOAD_EVENT_CHANNEL, PRELOAD_INVOKE_CHANNEL } from '../../../main/electron/preload-channels';
import { IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../shared/ipc/contract';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** An ipcRenderer stand-in that records calls and lets the test push events from "main". */
function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike & { invoke: ReturnType<typeof vi.fn> } = {
    invoke: vi.fn(async () => ({ ok: true, value: 'pong' })),
    on: (channel, l) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel, l) => {
      listeners.get(channel)?.delete(l);
    },
  };
  const senderSecret = { sender: { send: () => 'ipcRenderer itself' } };
  return {
    ipc,
    emit: (msg: unknown) => listeners.get(IPC_EVENT_CHANNEL)?.forEach((l) => l(senderSecret, msg)),
    count: () => listeners.get(IPC_EVENT_CHANNEL)?.size ?? 0,
  };
}

const channels = { invoke: IPC_INVOKE_CHANNEL, event: IPC_EVENT_CHANNEL, drop: IPC_DROP_CHANNEL };

describe('preload channel names', () => {
  it('match the contract (the preload mirrors them to stay free of zod)', () => {
    expect(PRELOAD_INVOKE_CHANNEL).toBe(IPC_INVOKE_CHANNEL);
    expect(PRELOAD_EVENT_CHANNEL).toBe(IPC_EVENT_CHANNEL);
    expect(PRELOAD_DROP_CHANNEL).toBe(IPC_DROP_CHANNEL);
  });
});

describe('createBridge', () => {
  it('exposes exactly invoke, on and grantForDrop (never a path lookup)', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc, channels)).sort()).toEqual(['grantForDrop', 'invoke', 'on']);
  });

  it('grantForDrop sends the dropped file’s path to main on the drop channel and answers only main’s grant', async () => {
    const dropped = { name: 'package.tar' };
    const { ipc } = fakeIpc();
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: { grant: 'g', name: 'package.tar' } });
    const bridge = createBridge(ipc, channels, (f) => (f === dropped ? '/home/me/package.tar' : ''));
    await expect(bridge.grantForDrop(dropped, 'package.verify')).resolves.toEqual({ ok: true, value: { grant: 'g', name: 'package.tar' } });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_DROP_CHANNEL, '/home/me/package.tar', 'package.verify');
    // A File without a path (made by the page), or a lookup that throws, never reaches main.
    ipc.invoke.mockClear();
    await expect(bridge.grantForDrop({ name: 'made-in-the-page.txt' }, 'package.verify')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const throwing = createBridge(ipc, channels, () => {
      throw new TypeError('not a File');
    });
    await expect(throwing.grantForDrop(42, 'evidence.intake')).resolves.toMatchObject({ ok: false });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('invoke sends (channel, payload) on the one invoke channel and returns main’s result', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, channels);
    await expect(bridge.invoke('app.info', { x: 1 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'app.info', { x: 1 });
  });

  it('invoke rejects a non-string channel without calling main', async () => {
    const { ipc } = fakeIpc();
    await expect(createBridge(ipc, channels).invoke(42 as unknown as string, {})).rejects.toThrow(TypeError);
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('on delivers only the named event, with the payload only (never the IpcRendererEvent)', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, channels);
    const locked = vi.fn();
    const progress = vi.fn();
    bridge.on('vault.locked', locked);
    bridge.on('job.progress', progress);
    f.emit({ event: 'vault.locked', payload: { reason: 'idle' } });
    expect(locked).toHaveBeenCalledTimes(1);
    expect(locked.mock.calls[0]).toEqual([{ reason: 'idle' }]);
    expect(progress).not.toHaveBeenCalled();
  });

  it('ignores malformed messages', () => {
    const f = fakeIpc();
    const listener = vi.fn();
    createBridge(f.ipc, channels).on('vault.locked', listener);
    for (const msg of [undefined, null, 'vault.locked', { payload: 1 }, { event: 7 }]) f.emit(msg);
    expect(listener).not.toHaveBeenCalled();
  });

  it('unsubscribe stops delivery, is idempotent, and detaches from ipcRenderer when nobody listens', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, channels);
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.on('vault.locked', a);
    const offB = bridge.on('vault.locked', b);
    expect(f.count()).toBe(1); // one ipcRenderer listener for all subscriptions
    offA();
    offA();
    f.emit({ event: 'vault.locked', payload: {} });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    offB();
    expect(f.count()).toBe(0);
    bridge.on('vault.locked', a);
    expect(f.count()).toBe(1);
  });

  it('the same function subscribed twice is two subscriptions', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, channels);
    const l = vi.fn();
    const off1 = bridge.on('vault.locked', l);
    bridge.on('vault.locked', l);
    off1();
    f.emit({ event: 'vault.locked', payload: {} });
    expect(l).toHaveBeenCalledTimes(1);
  });

  it('a throwing listener does not starve the others', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, channels);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    bridge.on('vault.locked', () => {
      throw new Error('boom');
    });
    bridge.on('vault.locked', after);
    f.emit({ event: 'vault.locked', payload: {} });
    expect(after).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('on validates its arguments', () => {
    const bridge = createBridge(fakeIpc().ipc, channels);
    expect(() => bridge.on(1 as unknown as string, () => {})).toThrow(TypeError);
    expect(() => bridge.on('vault.locked', 'x' as unknown as () => void)).toThrow(TypeError);
  });
});
