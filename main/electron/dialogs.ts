/** Native file dialogs and printing, the things the core cannot do itself: the renderer asks, the user chooses, main gets paths. */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { SystemBridge } from '../ipc';

export function nativeDialogs(window: () => BrowserWindow | null): SystemBridge {
  return {
    async pickFiles(o) {
      const properties: OpenDialogOptions['properties'] = o.multiple ? ['openFile', 'multiSelections'] : ['openFile'];
      const options: OpenDialogOptions = { properties, ...(o.title ? { title: o.title } : {}), ...(o.filters ? { filters: o.filters } : {}) };
      const w = window();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return r.canceled ? [] : r.filePaths;
    },
    async pickSavePath(o) {
      const options = { ...(o.title ? { title: o.title } : {}), ...(o.defaultName ? { defaultPath: o.defaultName } : {}) };
      const w = window();
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async printToPdf() {
      const w = window();
      if (!w) throw new Error('no window to print');
      // The renderer's print stylesheet leaves only the proposal preview on the page.
      return w.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    },
  };
}
