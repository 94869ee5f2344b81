/**
 * Every security decision the Electron shell makes, as pure functions. The Electron binary cannot run in CI,
 * so the glue in this folder only forwards Electron's callbacks to these functions, and the unit tests pin
 * down what they allow. Only types come from `electron` (erased at build), so this module loads in plain Node.
 *
 * The app is served from one origin, `app://sanctum`, by our own protocol handler: never `file://` (which
 * grants extra privileges) and never remote content.
 */
import path from 'node:path';
import type { CustomScheme, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sanctum';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * In-memory session partition (no `persist:` prefix): whatever the renderer puts in localStorage, IndexedDB,
 * cookies or the HTTP cache never reaches the disk, so a seized laptop holds no web-storage copy of case data.
 */
export const APP_PARTITION = 'sanctum';

/**
 * Registered before `ready`. `standard` gives the scheme real origins (so CSP 'self' and same-origin checks
 * work), `secure` makes it a secure context, `supportFetchAPI`/`corsEnabled` are needed for `fetch` and for
 * Vite's `<script type="module" crossorigin>`, `stream` lets media evidence play with range requests.
 * Deliberately not granted: `bypassCSP`, `allowServiceWorkers`, `codeCache` (keeps compiled code off disk).
 */
export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      stream: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      codeCache: false,
    },
  },
];

export interface WebPreferencesOptions {
  /** DevTools only in development; the packaged app passes false. */
  devTools?: boolean;
  partition?: string;
}

export function webPreferences(preloadPath: string, opts: WebPreferencesOptions = {}): WebPreferences {
  if (!path.isAbsolute(preloadPath)) throw new Error(`preload path must be absolute: ${preloadPath}`);
  return {
    preload: preloadPath,
    partition: opts.partition ?? APP_PARTITION,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // On Linux, Chromium's spellchecker downloads dictionaries from Google: a network trace of the user.
    spellcheck: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    enableWebSQL: false,
    plugins: false,
    // Middle-click opens new windows through a path that predates the window-open handler.
    disableBlinkFeatures: 'Auxclick',
    autoplayPolicy: 'user-gesture-required',
    // No V8 code cache on disk for our scripts.
    v8CacheOptions: 'none',
    devTools: opts.devTools ?? false,
  };
}

/**
 * The Content-Security-Policy for every response of the app protocol. Styles: Blueprint ships plain CSS files
 * (bundled by Vite) and positions popovers through the CSSOM (`element.style.x = …`), as React's `style` prop
 * does; CSSOM writes are not governed by CSP, so `style-src 'self'` needs no 'unsafe-inline'. `blob:` and
 * `data:` images cover decrypted evidence previews and the inline SVGs in Blueprint's CSS.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'manifest-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function contentSecurityPolicy(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers on every app-protocol response. */
export function responseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=(), display-capture=()',
    'Cache-Control': 'no-store',
  };
}

/**
 * Strict parse: the WHATWG parser silently strips surrounding spaces and inner tabs/newlines
 * (`app://sanc\ttum/` is `app://sanctum/`); Chromium hands us canonical URLs without them, so any raw
 * whitespace or control character means the URL did not come from Chromium and is refused.
 */
function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Exactly `app://sanctum/…`. Node parses `app:` as a non-special scheme whose origin is opaque, so the parts
 * are compared one by one; the host is not case-folded for such schemes, so `APP://SANCTUM` fails closed.
 */
export function isAppOrigin(url: unknown): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === '' &&
    u.port === ''
  );
}

/** `will-navigate` / `will-frame-navigate` / `will-redirect`: only within our own origin. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppOrigin(url);
}

/**
 * Every `window.open` and `target=_blank` is denied, external links included. Opening a link from case material
 * in the OS browser would reveal the investigator's IP address to whoever controls that server — possibly the
 * network under investigation — and links inside evidence are attacker-chosen. The renderer shows such URLs as
 * text to copy deliberately instead.
 */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Camera, microphone, notifications, clipboard API, geolocation, HID …: none is needed, all are denied. */
export function permissionRequestDecision(_permission: string, _requestingUrl?: string): boolean {
  return false;
}

export function permissionCheckDecision(_permission: string, _requestingOrigin?: string): boolean {
  return false;
}

/** WebUSB / WebHID / Web Serial device grants. */
export function devicePermissionDecision(_deviceType?: string, _origin?: string): boolean {
  return false;
}

/**
 * IPC sender check: the frame that called must be a main frame showing our origin. A subframe (even one on our
 * origin, e.g. injected by a malicious document) or a frame that navigated elsewhere gets nothing.
 */
export function isTrustedSender(senderFrameUrl: string | null | undefined, isMainFrame = false): boolean {
  return isMainFrame === true && isAppOrigin(senderFrameUrl);
}

/**
 * webRequest filter: the renderer may load from our origin, `blob:` URLs it created itself, inline `data:`,
 * and DevTools' own pages (development only). Everything else — http(s), ws(s), ftp, file — is cancelled, so
 * no remote content is ever fetched even if a bug lets a URL through the CSP.
 */
export function isAllowedRequest(url: unknown): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (isAppOrigin(url)) return true;
  if (u.protocol === 'blob:') return isAppOrigin(u.pathname);
  if (u.protocol === 'data:') return true;
  return u.protocol === 'devtools:';
}

// ---------------------------------------------------------------------------------------------------------------
// The app protocol: URL -> file under the renderer build, refusing anything that could leave that folder.

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
};

export type AssetResolution =
  | { ok: true; path: string; mimeType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep' | 'extname'>;

const refuse = (status: 400 | 403 | 404, reason: string): AssetResolution => ({ ok: false, status, reason });

/**
 * Maps `app://sanctum/<path>` to a file under `rootDir`. The URL parser already folds `..` and `%2e%2e`
 * segments, but a segment can still decode to `..` (`..%2f..%2f`), to a backslash or to a drive letter, so
 * the decoded path is checked segment by segment and the joined path must still be inside `rootDir`.
 * Unknown file types are refused rather than served as octet-stream. `pathApi` lets tests apply Windows rules.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string, pathApi: PathApi = path): AssetResolution {
  if (!isAppOrigin(requestUrl)) return refuse(403, 'not the app origin');
  if (!pathApi.isAbsolute(rootDir)) return refuse(403, 'renderer root is not absolute');
  const rawPath = new URL(requestUrl).pathname;
  // Encoded separators and NUL have no legitimate use in our asset names.
  if (/%(00|2f|5c)/i.test(rawPath) || rawPath.includes('\\')) return refuse(400, 'encoded separator or NUL');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(400, 'malformed percent-encoding');
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return refuse(400, 'not a rooted path');
  const segments = decoded.slice(1).split('/');
  for (const seg of segments) {
    if (seg === '' || seg === '.' || seg === '..') return refuse(400, 'empty or dot segment');
    // Dotfiles, NUL/control characters, backslashes and `:` (drive letters, NTFS streams) are never assets.
    if (seg.startsWith('.') || /[\u0000-\u001f\u007f\\:]/.test(seg)) return refuse(400, 'forbidden character in path');
  }
  const root = pathApi.resolve(rootDir);
  const target = pathApi.resolve(root, ...segments);
  const rel = pathApi.relative(root, target);
  if (rel === '' || rel.startsWith('..') || pathApi.isAbsolute(rel)) return refuse(403, 'outside the renderer root');
  const mimeType = MIME_TYPES[pathApi.extname(target).toLowerCase()];
  if (!mimeType) return refuse(404, 'unknown file type');
  return { ok: true, path: target, mimeType };
}

/** The app protocol serves files; nothing is ever posted to it. */
export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}
