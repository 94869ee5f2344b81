/**
 * End-to-end harness: the BUILT renderer in Debian's Chromium (playwright-core), with `window.sanctum`
 * bound to the REAL IPC router over a REAL vault in a temporary folder — the same router `ipcMain.handle`
 * uses in the app. No mocked backend, no server: files are served from dist/renderer by request routing.
 *
 *   test (Node)                                     Chromium page (http://sanctum.localhost/)
 *   createApp({vaultDir, kdf: TEST_KDF, emit})      window.sanctum.invoke(ch, p)
 *     router.invoke(ch, p)  <-- exposeBinding ---   (init script: the preload's own createBridge,
 *     session emit(event)   --- page.evaluate -->    over an ipcRenderer stand-in; see bridge-script.ts)
 *
 * Every test gets a fresh browser context (fresh storage), a fresh vault folder, a scratch folder for files,
 * native dialogs whose answers the test queues (app.dialogs), and a fake clock for the idle lock. Console errors, page errors, CSP violations, failed or unexpected requests all fail the test.
 * Screenshots go to test-results/e2e/<test>-<step>.png.
 */
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, grantDropped, type Router, type SystemBridge } from '../../main/ipc';
import type { Session } from '../../main/core/session';
import type { EventName, EventOf } from '../../shared/ipc/contract';
import { TEST_KDF } from '../helpers/vault';
import { tempDir } from '../helpers/tmp';
import { bridgeScript, CSP_BINDING, CSP_LISTENER_SCRIPT, DISPATCH_FUNCTION, DROP_BINDING, DROP_FUNCTION, INVOKE_BINDING } from './bridge-script';
import { buildRenderer, chromiumPath, chromiumProblem, e2eSkipped, SCREENSHOT_DIR, SKIP_MESSAGE } from './environment';

export const ORIGIN = 'http://sanctum.localhost';
export const APP_URL = `${ORIGIN}/index.html`;

/** Flags required on these machines (no GPU, no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** `{ json: text }` for a value JSON carries unchanged (no undefined, Date, typed array, Map …), else null. */
export function jsonIfPlain(value: unknown): { json: string } | null {
  let plain = true;
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw === undefined || typeof raw === 'bigint' || typeof raw === 'function' || typeof raw === 'symbol') plain = false;
    else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) plain = false;
    else if (typeof raw === 'number' && !Number.isFinite(raw)) plain = false;
    return v;
  });
  return plain && text !== undefined ? { json: text } : null;
}

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** One call across the bridge, without its payload (which may hold passphrases). */
export interface BridgeCall {
  channel: string;
  ok: boolean;
  code?: string;
  ms: number;
}

/**
 * The native file dialogs, as the test decides: queue what the next "Open" or "Save" dialog returns.
 * With nothing queued, a dialog answers as if the person cancelled it.
 */
export interface E2EDialogs {
  /** The next system.pickFiles answers these paths. */
  nextFiles(paths: string[]): void;
  /** The next system.pickSavePath answers this path (null = cancelled). */
  nextSavePath(path: string | null): void;
  /** Every dialog the page asked for, with its options, in order. */
  requests: { kind: 'pickFiles' | 'pickSavePath'; title?: string; defaultName?: string; multiple?: boolean }[];
}

export interface E2EApp {
  page: Page;
  session: Session;
  router: Router;
  vaultDir: string;
  /** A scratch folder outside the vault for fixture files and exports (removed after the test). */
  scratchDir: string;
  dialogs: E2EDialogs;
  /** Every invoke the page made, in order. */
  calls: BridgeCall[];
  /** Events the session pushed to the page. */
  events: { event: string; payload: unknown }[];
  /**
   * What went wrong in the page so far (console errors, page errors, CSP violations, unexpected requests).
   * Must be empty when the test ends; a test that provokes a problem on purpose removes it here.
   */
  problems: string[];
  /** Moves the session's clock (the idle lock reads it); call session.tick() like the shell does. */
  advanceClock(ms: number): void;
  /** Loads the app; resolves when the first screen has rendered. */
  open(): Promise<void>;
  /** Saves test-results/e2e/<test>-<step>.png and returns its path. */
  shot(step: string): Promise<string>;
  /** Waits until every session event has been dispatched into the page. */
  flushEvents(): Promise<void>;
  /** Drops a file on the element matching `selector`, as a user dragging it from the file manager would. */
  dropFile(selector: string, path: string): Promise<void>;
  /** A read grant for seeding through the router (the page itself gets grants only from dialogs and drops). */
  readGrant(purpose: string, path: string): string;
}

export interface E2ETestOptions {
  /** Short name for screenshot files (test-results/e2e/<id>-<step>.png); defaults to the title, shortened. */
  id?: string;
  colorScheme?: 'light' | 'dark';
  timeout?: number;
  /** Extract the text of every new file in the background, as the app does (main/electron/main.ts). */
  autoText?: boolean;
}

function slug(text: string, max = 60): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut;
}

let rendererDirPromise: Promise<string> | null = null;

/** The built renderer: from the e2e project's global setup, or built here once per worker as a fallback. */
function rendererDir(): Promise<string> {
  if (!rendererDirPromise) {
    let provided: string | null | undefined;
    try {
      provided = inject('sanctumRendererDir');
    } catch {
      provided = undefined;
    }
    rendererDirPromise = provided ? Promise.resolve(provided) : buildRenderer();
  }
  return rendererDirPromise;
}

let browser: Browser | null = null;

async function launch(): Promise<Browser> {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
  // playwright-core gives every launch a fresh temporary user-data dir and deletes it on close.
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/**
 * describe() for e2e tests: launches Chromium once per file and builds (or reuses) the renderer.
 * With SANCTUM_SKIP_E2E=1 the block is skipped, loudly.
 */
export function describeE2E(title: string, body: () => void): void {
  if (e2eSkipped()) {
    console.warn(`${SKIP_MESSAGE} (${title})`);
    describe.skip(`${title} [skipped: SANCTUM_SKIP_E2E=1]`, body);
    return;
  }
  describe(title, () => {
    beforeAll(async () => {
      const problem = chromiumProblem();
      if (problem) throw new Error(problem);
      await rendererDir();
      browser = await launch();
    });
    afterAll(async () => {
      await browser?.close();
      browser = null;
    });
    body();
  });
}

async function serveRenderer(page: Page, root: string, problems: string[]): Promise<void> {
  const base = realpathSync(root);
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = resolve(base, `.${rel}`);
    if (file !== base && !file.startsWith(base + sep)) {
      problems.push(`request outside the renderer folder: ${url.pathname}`);
      return route.fulfill({ status: 403, body: 'forbidden' });
    }
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      body = readFileSync(file);
    } catch {
      problems.push(`404 for ${url.pathname}`);
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    }
    return route.fulfill({
      status: 200,
      contentType: mimeType(file),
      body,
      headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    });
  });
}

/** Registers one e2e test with its own context, vault and problem collection. */
export function e2eTest(title: string, fn: (app: E2EApp) => Promise<void>, opts: E2ETestOptions = {}): void {
  it(
    title,
    async ({ task }) => {
      if (!browser) throw new Error('the browser is not running (is this test inside describeE2E?)');
      const root = await rendererDir();
      const name = slug(opts.id ?? task.name, 40);
      const problems: string[] = [];
      const warnings: string[] = [];
      const calls: BridgeCall[] = [];
      const events: { event: string; payload: unknown }[] = [];
      const pending = new Set<Promise<unknown>>();
      let clockOffset = 0;
      let pageRef: Page | null = null;
      // Events before the app is loaded (seeding a vault through the router) have no page to go to.
      let opened = false;
      let closed = false;

      const vaultDir = join(tempDir('sanctum-e2e-'), 'vault');
      const scratchDir = tempDir('sanctum-e2e-files-');
      const fileAnswers: string[][] = [];
      const saveAnswers: (string | null)[] = [];
      const dialogs: E2EDialogs = {
        nextFiles: (paths) => void fileAnswers.push(paths),
        nextSavePath: (path) => void saveAnswers.push(path),
        requests: [],
      };
      const system: SystemBridge = {
        pickFiles: async (o) => {
          dialogs.requests.push({ kind: 'pickFiles', multiple: o.multiple, ...(o.title ? { title: o.title } : {}) });
          return fileAnswers.shift() ?? [];
        },
        pickSavePath: async (o) => {
          dialogs.requests.push({ kind: 'pickSavePath', ...(o.title ? { title: o.title } : {}), ...(o.defaultName ? { defaultName: o.defaultName } : {}) });
          return saveAnswers.length ? saveAnswers.shift()! : null;
        },
        // As the shell's webContents.printToPDF: Chromium prints the page with its print stylesheet.
        printToPdf: async () => {
          if (!pageRef) throw new Error('no page to print');
          return pageRef.pdf({ format: 'A4', printBackground: true });
        },
      };
      const { session, router, grants } = createApp(
        {
          vaultDir,
          kdf: TEST_KDF,
          via: 'e2e',
          // As the app: an idle lock first asks the page for the drafts it still holds back (generous: loaded machine).
          draftFlushMs: 10_000,
          ...(opts.autoText ? { autoText: true } : {}),
          now: () => Date.now() + clockOffset,
          emit: <E extends EventName>(event: E, payload: EventOf<E>) => {
            events.push({ event, payload });
            if (!pageRef || !opened || closed) return;
            const p = pageRef
              .evaluate(`globalThis.${DISPATCH_FUNCTION}(${JSON.stringify(event)}, ${JSON.stringify(payload)})`)
              .catch((e: unknown) => {
                if (!closed) problems.push(`could not deliver ${event} to the page: ${e instanceof Error ? e.message : String(e)}`);
              });
            pending.add(p);
            void p.finally(() => pending.delete(p));
          },
        },
        { validateResponses: true, logError: (channel, e) => problems.push(`router error on ${channel}: ${e instanceof Error ? e.stack : String(e)}`) },
        system,
      );

      const context: BrowserContext = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        colorScheme: opts.colorScheme ?? 'light',
        reducedMotion: 'reduce',
        locale: 'en-GB',
        timezoneId: 'UTC',
        serviceWorkers: 'block',
      });
      // Anything that is not the app's own origin is a bug (the renderer never touches the network).
      await context.route('**/*', (route) => {
        problems.push(`unexpected request: ${route.request().method()} ${route.request().url()}`);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      pageRef = page;
      page.setDefaultTimeout(15_000);
      page.on('console', (msg) => {
        const where = msg.location().url ? ` (${msg.location().url.replace(ORIGIN, '')}:${msg.location().lineNumber})` : '';
        if (msg.type() === 'error' || msg.type() === 'assert') {
          problems.push(`${/Content Security Policy/.test(msg.text()) ? 'CSP violation (console)' : 'console error'}: ${msg.text()}${where}`);
        } else if (msg.type() === 'warning') warnings.push(`${msg.text()}${where}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err.message}`));
      page.on('crash', () => problems.push('the page crashed'));
      page.on('requestfailed', (req) => {
        if (req.url().startsWith(ORIGIN)) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
      });
      await page.exposeBinding(INVOKE_BINDING, async (_source, channel: unknown, payload: unknown) => {
        const started = Date.now();
        const result = await router.invoke(channel, payload);
        calls.push({ channel: String(channel), ok: result.ok, ...(result.ok ? {} : { code: result.error.code }), ms: Date.now() - started });
        // As JSON text when it is plain JSON: Playwright hands an object to the page through its own serialisation,
        // which the page then walks value by value on its main thread (seconds for a 5,000-entity graph snapshot,
        // a long task Electron's IPC does not have: its structured clone is decoded natively). A string crosses
        // whole and the bridge parses it with JSON.parse. Anything JSON cannot carry goes as before.
        return jsonIfPlain(result) ?? result;
      });
      // The preload's drop channel, answered as the shell answers it (main/electron/invoke-handler.ts).
      await page.exposeBinding(DROP_BINDING, (_source, path: unknown, purpose: unknown) => {
        return grantDropped(grants, path, purpose);
      });
      await page.exposeBinding(CSP_BINDING, (_source, v: { directive?: string; blockedURI?: string; sourceFile?: string; line?: number; sample?: string }) => {
        problems.push(`CSP violation: ${v.directive} blocked ${v.blockedURI || '(inline)'} at ${v.sourceFile || '?'}:${v.line ?? '?'}${v.sample ? ` sample=${JSON.stringify(v.sample)}` : ''}`);
      });
      await page.addInitScript({ content: CSP_LISTENER_SCRIPT });
      await page.addInitScript({ content: await bridgeScript() });
      await serveRenderer(page, root, problems);

      const app: E2EApp = {
        page,
        session,
        router,
        vaultDir,
        scratchDir,
        dialogs,
        calls,
        events,
        problems,
        advanceClock: (ms) => {
          clockOffset += ms;
        },
        open: async () => {
          // Events still on their way to the old page (a lock's vault.locked) land before it is navigated away.
          await Promise.all([...pending]);
          await page.goto(APP_URL, { waitUntil: 'load' });
          opened = true;
          // The first screen has rendered once a heading or the loading spinner is replaced by a form or frame.
          await page.locator('main').first().waitFor({ state: 'visible' });
        },
        shot: async (step) => {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          const path = join(SCREENSHOT_DIR, `${name}-${slug(step)}.png`);
          // Let transitions (toasts, dialogs) settle so the picture shows the steady state.
          await page.waitForTimeout(250);
          await page.screenshot({ path, animations: 'disabled', caret: 'initial' });
          return path;
        },
        flushEvents: async () => {
          await Promise.all([...pending]);
        },
        dropFile: async (selector, path) => {
          await page.evaluate(`globalThis.${DROP_FUNCTION}(${JSON.stringify(selector)}, ${JSON.stringify(path)})`);
        },
        readGrant: (purpose, path) => grants.issue(path, 'read', purpose).grant,
      };

      let failed: unknown = null;
      try {
        await fn(app);
        await app.flushEvents();
      } catch (e) {
        failed = e;
        try {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-failure.png`) });
        } catch {
          // the page may be gone
        }
      } finally {
        closed = true;
        await context.close().catch(() => undefined);
        session.lock('test-end');
        rmSync(vaultDir, { recursive: true, force: true });
        rmSync(scratchDir, { recursive: true, force: true });
      }
      if (warnings.length) console.warn(`[e2e] ${task.name}: ${warnings.length} console warning(s):\n  ${warnings.join('\n  ')}`);
      if (failed) {
        if (problems.length && failed instanceof Error) failed.message += `\n\nAlso seen in the page:\n  ${problems.join('\n  ')}`;
        throw failed;
      }
      expect(problems, 'console errors, page errors, CSP violations or unexpected requests').toEqual([]);
    },
    opts.timeout,
  );
}
