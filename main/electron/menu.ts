/**
 * The application menu as data. Kept small: lock, quit, the standard edit roles (without them copy/paste
 * shortcuts do not work on macOS), zoom, and reload/DevTools in development only.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  devTools: boolean;
  onLock: () => void;
}

export const LOCK_ACCELERATOR = 'CmdOrCtrl+L';

export function applicationMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = opts.platform === 'darwin';
  const lock: MenuItemConstructorOptions = { id: 'lock-vault', label: 'Lock vault', accelerator: LOCK_ACCELERATOR, click: () => opts.onLock() };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: opts.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, lock, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  } else {
    template.push({ label: '&File', submenu: [lock, { type: 'separator' }, { role: 'quit' }] });
  }
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(opts.devTools ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  if (isMac) template.push({ role: 'windowMenu' });
  return template;
}
