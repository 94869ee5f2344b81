/**
 * Electron main process entry (bundled to ESM as dist/main/electron-main.js). Thin: it wires Electron's hooks
 * to the pure decisions in this folder and `ipcMain` to the same router the tests call. Order matters: the
 * scheme registration, the sandbox switch and the single-instance lock happen synchronously at load, before
 * `ready` (an ES module entry is fully evaluated before Electron emits it).
 */
import { existsSync } from 'node:fs';
import { app, ipcMain, Menu, powerMonitor, protocol, session as electronSession, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventName, type EventOf } from '../../shared/ipc/contract';
import { createApp } from '../ipc';
import { hardenSession, hardenWebContents } from './harden';
import { createDropHandler, createInvokeHandler, type SenderInfo } from './invoke-handler';
import { applicationMenuTemplate } from './menu';
import { watchPower } from './power';
import { quitGuard } from './quit';
import { registerAppProtocol } from './protocol';
import { runtimePaths } from './runtime-paths';
import { APP_PARTITION, PRIVILEGED_SCHEMES } from './security';
import { createMainWindow } from './window';
import { nativeDialogs } from './dialogs';

/** An idle or menu lock waits at most this long for the renderer's last typed words (its drafts). */
const DRAFT_FLUSH_MS = 1500;

protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Two processes on one vault would fight over the database and the idle lock.
  app.quit();
} else {
  start();
}

function senderInfo(e: IpcMainInvokeEvent): SenderInfo {
  const frame = e.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null, webContentsId: e.sender.id };
}

function start(): void {
  const devTools = !app.isPackaged;
  const paths = runtimePaths({
    env: process.env,
    userDataDir: app.getPath('userData'),
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    isPackaged: app.isPackaged,
    exists: existsSync,
  });
  if (!paths.nativeBinding) {
    console.warn('sanctum: no Electron build of better-sqlite3 found; run `npm start` (development) or repackage. Falling back to the default binary.');
  }

  let win: BrowserWindow | null = null;
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  };
  const { session, router, grants } = createApp(
    { vaultDir: paths.vaultDir, via: 'app', emit, autoText: true, draftFlushMs: DRAFT_FLUSH_MS, prewarmKdf: true, ...(paths.nativeBinding ? { nativeBinding: paths.nativeBinding } : {}) },
    { logError: (channel, error) => console.error(`sanctum: ${channel} failed`, error) },
    nativeDialogs(() => win),
  );

  const senderRules = {
    isOwnWebContents: (id: number) => win !== null && !win.isDestroyed() && win.webContents.id === id,
    onRefused: (sender: { frameUrl: string | undefined }, channel: unknown) => console.warn('sanctum: refused IPC', { channel: String(channel), frame: sender.frameUrl }),
  };
  const invoke = createInvokeHandler({ router, ...senderRules });
  const drop = createDropHandler({ grants, ...senderRules });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // Closing the window quits (also on macOS): a vault must not stay open with no window to show it.
  app.on('window-all-closed', () => app.quit());
  // Quitting (window close, Ctrl+Q, the menu, OS shutdown) first keeps the words still in the renderer's typing
  // pause, as an idle lock does, then locks (signs the audit head, wipes keys) before anything is torn down.
  const quit = quitGuard({
    unlocked: () => session.status().unlocked,
    lockAfterFlush: (reason) => session.lockAfterFlush(reason),
    lock: (reason) => session.lock(reason),
    quit: () => app.quit(),
  });
  app.on('before-quit', (e) => quit.beforeQuit(e));

  app
    .whenReady()
    .then(() => {
      const ses = electronSession.fromPartition(APP_PARTITION);
      hardenSession(electronSession.defaultSession);
      hardenSession(ses);
      registerAppProtocol(ses, paths.rendererRoot);

      ipcMain.handle(IPC_INVOKE_CHANNEL, (e, channel: unknown, payload: unknown) => invoke(senderInfo(e), channel, payload));
      ipcMain.handle(IPC_DROP_CHANNEL, (e, path: unknown, purpose: unknown) => drop(senderInfo(e), path, purpose));

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(applicationMenuTemplate({ platform: process.platform, appName: app.name, devTools, onLock: () => void session.lockAfterFlush('user') })),
      );
      const stopPower = watchPower(session, powerMonitor, { onShutdown: (e) => quit.shutdown(e) });
      app.once('will-quit', stopPower);

      win = createMainWindow({ preloadPath: paths.preloadPath, partition: APP_PARTITION, devTools });
      win.on('close', (e) => quit.windowClose(e));
      // Windows has no powerMonitor 'shutdown': log-off and shut-down reach the window instead.
      win.on('query-session-end', () => quit.querySessionEnd());
      win.on('session-end', () => quit.sessionEnd());
      win.on('closed', () => {
        win = null;
      });
    })
    .catch((e: unknown) => {
      console.error('sanctum: failed to start', e);
      app.exit(1);
    });
}
