/**
 * Where the end-to-end tests find Chromium and the built renderer, and how they are skipped. Shared by the
 * e2e project's global setup (build once per run) and the harness (used by every e2e test file).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url));
export const RENDERER_OUT = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

export function e2eSkipped(): boolean {
  return process.env.SANCTUM_SKIP_E2E === '1';
}

export const SKIP_MESSAGE =
  '[e2e] SANCTUM_SKIP_E2E=1: the end-to-end tests (built renderer in Chromium over the real IPC router) are SKIPPED. Unset it to run them.';

/** null when Chromium is usable; otherwise the message to fail with. */
export function chromiumProblem(): string | null {
  const path = chromiumPath();
  const how =
    'The end-to-end tests drive Debian\'s Chromium through playwright-core. Install it with `sudo apt-get install chromium` ' +
    '(or set CHROMIUM_PATH to a Chromium or Chrome binary). To skip these tests, set SANCTUM_SKIP_E2E=1.';
  if (!existsSync(path)) return `Chromium was not found at ${path}${process.env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}. ${how}`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `Chromium at ${path} is not executable. ${how}`;
  }
  return null;
}

/**
 * Build the renderer with its own vite config (the same build `npm run build:renderer` makes). Vitest sets
 * NODE_ENV=test, and Vite keeps a NODE_ENV it finds: without forcing it here the e2e tests ran React's
 * development build (several times slower, which made every timing in them, long tasks above all, wrong).
 */
export async function buildRenderer(): Promise<string> {
  const { build } = await import('vite');
  const started = Date.now();
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: RENDERER_CONFIG, logLevel: 'warn', mode: 'production' });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  if (!existsSync(`${RENDERER_OUT}index.html`)) throw new Error(`the renderer build did not produce ${RENDERER_OUT}index.html`);
  console.log(`[e2e] renderer built into ${RENDERER_OUT} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return RENDERER_OUT;
}
