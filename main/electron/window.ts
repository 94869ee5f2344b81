/** The one window. Its webPreferences come from security.ts; it only ever loads the app origin. */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, webPreferences } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  partition: string;
  devTools: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Sanctum',
    show: false,
    backgroundColor: '#1c2127',
    webPreferences: webPreferences(opts.preloadPath, { devTools: opts.devTools, partition: opts.partition }),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
