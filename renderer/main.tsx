/** Renderer entry: styles, icons, focus outlines for keyboard users, then the app. */
// First: no eval probes by zod (see zod-config.ts) before any shared schema module is evaluated.
import './zod-config';
import 'normalize.css/normalize.css';
import '@blueprintjs/core/lib/css/blueprint.css';
import '@blueprintjs/icons/lib/css/blueprint-icons.css';
// Noto Sans Ethiopic, Ethiopic subset only (Tigrinya, Amharic): Linux desktops often have no Ethiopic font, and
// names in it then render blank. Regular and bold; the stack in app.css puts it first (unicode-range limits it
// to Ethiopic code points, so Latin and Arabic text keep the system font).
import '@fontsource/noto-sans-ethiopic/ethiopic-400.css';
import '@fontsource/noto-sans-ethiopic/ethiopic-700.css';
import './styles/app.css';
import { Classes, FocusStyleManager } from '@blueprintjs/core';
import { Icons, IconSize } from '@blueprintjs/icons';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

// Focus rings only when navigating by keyboard (they stay visible for Tab users).
FocusStyleManager.onlyShowFocusOnTabs();
// Dark before the first paint (useColorScheme keeps it in step afterwards), so a dark system never flashes white.
document.body.classList.toggle(Classes.DARK, window.matchMedia('(prefers-color-scheme: dark)').matches);

async function start(): Promise<void> {
  // Load the icon paths before the first paint so screens do not jump as icons arrive. Both sizes are
  // local chunks; a failure only means icons appear a moment later.
  await Promise.all([Icons.load('shield', IconSize.STANDARD), Icons.load('shield', IconSize.LARGE)]).catch(() => undefined);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
