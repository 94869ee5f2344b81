/**
 * Vite build of the renderer. The output is loaded by the Electron shell through its custom protocol and by
 * the end-to-end harness (test/e2e/harness.ts) through Playwright routing; both serve it from disk, so every
 * URL is relative (`base: './'`) and nothing is inlined into index.html (the CSP forbids inline scripts and
 * styles).
 *
 * JSX: esbuild's automatic runtime (no @vitejs/plugin-react; there is no dev-server hot reload to support).
 */
// This file is build tooling that runs in Node, not renderer code: the renderer's no-Node-built-ins rule does not apply.
// eslint-disable-next-line no-restricted-imports
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // No public/ folder: everything the page loads is imported from code and fingerprinted.
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // Large chunks are expected: Blueprint's icon paths are loaded as two lazily-imported chunks (16 px, 20 px).
    chunkSizeWarningLimit: 2048,
    // The module-preload polyfill is for old browsers; Chromium has modulepreload natively.
    modulePreload: { polyfill: false },
  },
  // The renderer never talks to the network: no dev server proxying, no CDN.
  server: { strictPort: true },
});
